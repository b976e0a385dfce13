package dev.autobind.deploy;

import static dev.autobind.deploy.DeployCases.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.deploy.DeployCases.Case;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Fixtures;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.PolicyFile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the function's own identities hold: each deployment's custom roles carry its name and are brought to the
 * plan's permissions on every deploy; grants an earlier plan made are removed; token minting is denied where the
 * policy writes service accounts' own policies; every step says how it is undone.
 */
class FunctionGrantsTest {

  static final PolicyFile TRAINGUARD = Fixtures.policy("deploy/trainguard.yaml");

  /** A function name, a suffix, and the custom role id IAM gets (or why there is none). */
  record RoleId(String name, String function, String suffix, String id) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RoleId> roleIds() {
    return Stream.of(
        new RoleId("a plain name", "trainguard", "reader", "trainguard_reader"),
        new RoleId("hyphens become underscores", "autobind-research", "projectPolicy", "autobind_research_projectPolicy"),
        new RoleId("anything outside IAM's id characters becomes '_'", "a b$c/ä", "reader", "a_b_c___reader"),
        new RoleId("the longest function name is cut to fit 64", "f".repeat(63), "projectPolicy",
            "f".repeat(50) + "_projectPolicy"),
        new RoleId("dots and digits stay", "ml.v2", "kubernetes", "ml.v2_kubernetes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roleIds")
  void aCustomRoleIdCarriesTheFunctionNameWithinIamsRule(RoleId c) {
    String id = LeastPrivilege.roleId(c.function(), c.suffix());

    assertThat(id).isEqualTo(c.id()).matches("[A-Za-z0-9_.]{3,64}");
  }

  @Test
  void anEmptyFunctionNameHasNoRoleId() {
    assertThatThrownBy(() -> LeastPrivilege.roleId("", "reader")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no custom role id fits function  and reader");
  }

  @Test
  void withAnotherNameEveryCustomRoleCarriesItAndIsUpdatedToThePlansPermissions() {
    List<Step> steps = DeployPlanner.plan(TRAINGUARD.requireFunction(), TRAINGUARD.policy(), "src", ShippedKinds.registry()).steps();
    List<Command> creates = DeployCases.starting(steps, "gcloud iam roles create");
    List<Command> updates = DeployCases.starting(steps, "gcloud iam roles update");

    assertThat(creates).hasSize(5).allSatisfy(c -> assertThat(c.words().get(4)).startsWith("trainguard_"));
    assertThat(updates).hasSameSizeAs(creates);
    for (int i = 0; i < creates.size(); i++) {
      assertThat(updates.get(i).words().get(4)).isEqualTo(creates.get(i).words().get(4));
      assertThat(value(updates.get(i), "--permissions")).isEqualTo(value(creates.get(i), "--permissions"));
    }
    assertThat(DeployCases.commands(steps)).flatExtracting(Command::words)
        .noneMatch(w -> w.startsWith("--role=") && w.contains("/roles/autobind_"));
  }

  @Test
  void staleGrantsOfTheFunctionAccountAreProbedForAndRemovedBeforeTheGrants() {
    FunctionConfig fn = TRAINGUARD.requireFunction();
    List<Step> steps = DeployPlanner.plan(fn, TRAINGUARD.policy(), "src", ShippedKinds.registry()).steps();
    List<Step> stale = steps.stream().filter(s -> s.name().startsWith("remove stale grant ")).toList();

    assertThat(stale).extracting(Step::name).contains(
        "remove stale grant roles/resourcemanager.projectIamAdmin on folders/234567890123",
        "remove stale grant organizations/123456789012/roles/autobindAccountPolicy on folders/345678901234");
    assertThat(stale).allSatisfy(s -> {
      assertThat(s.removal()).isTrue();
      assertThat(s.check().orElseThrow().words()).contains("get-iam-policy");
      assertThat(s.run().words()).contains("remove-iam-policy-binding",
          "--member=serviceAccount:" + fn.serviceAccountEmail(), "--all");
    });
    List<String> names = steps.stream().map(Step::name).toList();
    for (String node : List.of("folders/234567890123", "folders/345678901234")) {
      int lastStale = names.lastIndexOf(names.stream().filter(n -> n.startsWith("remove stale grant ")
          && n.endsWith(" on " + node)).reduce((a, b) -> b).orElseThrow());
      int firstGrant = names.indexOf(names.stream().filter(n -> n.startsWith("grant ")
          && n.contains(" on resource-manager folders " + node.substring("folders/".length()) + " "))
          .findFirst().orElseThrow());
      assertThat(lastStale).as(node).isLessThan(firstGrant);
    }
    assertThat(steps).filteredOn(s -> s.name().startsWith("remove other conditions of ")).hasSize(6)
        .allSatisfy(s -> assertThat(String.join(" ", s.check().orElseThrow().words()))
            .contains("AND NOT bindings.condition.expression=\"api.getAttribute("));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#withProjectAccounts")
  void aPolicyThatWritesAccountPoliciesGetsADenyPolicyOnEachGovernedNode(Case c) {
    List<Step> steps = c.plan().steps();
    List<Command> denies = DeployCases.starting(steps, "gcloud iam policies create");
    boolean accountGrants = !c.file().policy().roles(GrantScope.SERVICE_ACCOUNT).isEmpty();

    assertThat(denies).hasSize(accountGrants ? DeployPlannerTest.governed(c).size() : 0).allSatisfy(d -> {
      assertThat(d.words()).contains("--kind=denypolicies");
      assertThat(value(d, "--attachment-point").orElseThrow()).startsWith("cloudresourcemanager.googleapis.com/");
      assertThat(value(d, "--policy-file")).contains(DeployCases.SOURCE + ".deny-policy.json");
    });
    assertThat(steps.stream().filter(s -> s.run().writesFile())).hasSize(accountGrants ? 1 : 0);
    if (accountGrants && c.file().requireFunction().sinkScope().orElseThrow().startsWith("projects/")) {
      assertThat(DeployCases.only(steps, "gcloud projects get-ancestors-iam-policy").words()).containsExactly(
          "gcloud", "projects", "get-ancestors-iam-policy", "ml-train-prod", "--filter=type=organization",
          "--format=value(id)");
      assertThat(value(denies.get(0), "--attachment-point"))
          .contains("cloudresourcemanager.googleapis.com/projects/ml-train-prod");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void everyDeployStepDeclaresHowItIsUndone(Case c) {
    assertThat(c.plan().steps()).allSatisfy(s -> assertThat(s.undo()).as(s.name())
        .isNotInstanceOf(Undo.Undeclared.class));
  }

  @Test
  void aStepWithoutAnInverseStopsTheTeardown() {
    Step bare = Step.always("do something", "for a test", Command.of("gcloud", "version"));

    assertThat(bare.undo()).isEqualTo(Undo.UNDECLARED);
    assertThat(bare.undoneWithout("nothing to undo").undo()).isEqualTo(new Undo.Nothing("nothing to undo"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void theFunctionIsToldItsKubernetesAccountOnlyWhenItHasOne(Case c) {
    Command deploy = DeployCases.only(c.plan().steps(), "gcloud functions deploy");
    String variables = value(deploy, "--set-env-vars").orElseThrow();
    String account = DeployPlanner.Identities.of(c.file().requireFunction()).kubernetes();

    if (c.file().policy().kubernetes().isPresent()) {
      assertThat(variables).contains("AUTOBIND_KUBERNETES_ACCOUNT=" + account);
    } else {
      assertThat(variables).doesNotContain("AUTOBIND_KUBERNETES_ACCOUNT");
    }
  }

  @Test
  void derivedAccountIdsFitIamsThirtyCharacters() {
    assertThat(DeployPlanner.Identities.accountId("autobind-fn", "-invoker")).isEqualTo("autobind-fn-invoker");
    assertThat(DeployPlanner.Identities.accountId("a-twenty-nine-character-name-", "-invoker"))
        .isEqualTo("a-twenty-nine-characte-invoker").hasSize(30);
  }

  @Test
  void aCommandWritesAVariableOrAFileNeverBoth() {
    Command printf = Command.of("printf", "%s", "x").writing("out.json");

    assertThat(printf.shell()).isEqualTo("printf %s x >out.json");
    assertThatThrownBy(() -> new Command(printf.argv(), java.util.Optional.of(Variable.CUSTOMER_ID),
        java.util.Optional.of("f"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> printf.writing("bad\nname")).isInstanceOf(IllegalArgumentException.class);
  }
}
