package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.deploy.DeployCases.Case;
import dev.autobind.deploy.UndeployPlanner.Kept;
import dev.autobind.deploy.UndeployPlanner.UndeployPlan;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Trigger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The teardown: the deploy plan inverted, last step first, each removal done only while its thing is there. */
class UndeployPlannerTest {

  private static UndeployPlan undeploy(Case c) {
    return UndeployPlanner.plan(c.file().requireFunction(), c.file().policy(), ShippedKinds.registry());
  }

  private static List<String> names(UndeployPlan plan) {
    return plan.steps().stream().map(Step::name).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void everyCreationAndEveryGrantToTheFunctionAccountIsUndoneInReverseOrder(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    List<Step> deploy = c.plan().steps();
    UndeployPlan plan = undeploy(c);
    List<String> names = names(plan);
    DeployPlanner.Identities ids = DeployPlanner.Identities.of(fn);
    List<String> members = List.of(ids.runtime(), ids.kubernetes(), ids.invoker(), ids.build()).stream()
        .map(e -> "--member=serviceAccount:" + e).toList();
    // a grant on a topic goes with the topic, which undeploy deletes
    long grants = DeployCases.commands(deploy).stream().filter(cmd -> cmd.words().contains("add-iam-policy-binding")
        && !cmd.words().subList(0, 3).equals(List.of("gcloud", "pubsub", "topics"))
        && cmd.words().stream().anyMatch(members::contains)).count();
    long creations = deploy.stream().map(s -> s.run().words()).filter(w -> w.size() > 3)
        .filter(w -> w.get(3).equals("create") || w.subList(0, 3).equals(List.of("gcloud", "functions", "deploy"))
            || w.size() > 4 && w.get(1).equals("alpha") && w.get(4).equals("create"))
        .count();

    assertThat(plan.steps().stream().filter(Step::removal)).hasSize((int) (grants + creations));
    assertThat(names.get(names.size() - 1)).isEqualTo("delete service account " + fn.serviceAccountEmail());
    int function = names.indexOf("delete function " + fn.name());
    assertThat(names.stream().filter(n -> n.startsWith("delete Eventarc trigger")).map(names::indexOf))
        .allSatisfy(i -> assertThat(i).isLessThan(function));
    int role = names.indexOf(names.stream().filter(n -> n.startsWith("delete custom role")).findFirst().orElseThrow());
    assertThat(names.stream().filter(n -> n.startsWith("remove ")).map(names::indexOf))
        .hasSize((int) grants).allSatisfy(i -> assertThat(i).isGreaterThan(function).isLessThan(role));
    if (fn.trigger() == Trigger.PUBSUB) {
      assertThat(names.indexOf("delete Cloud Scheduler job " + fn.name() + "-reconcile")).isNotNegative()
          .isLessThan(function);
      assertThat(List.of(function, names.indexOf("delete log sink " + fn.name()),
          names.indexOf("delete topic " + fn.topic().orElseThrow()), role)).isSorted();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void aGrantIsProbedForExactlyAndRemovedWhateverItsCondition(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    Step admin = undeploy(c).steps().stream()
        .filter(s -> s.name().startsWith("remove roles/iam.serviceAccountCreator")).findFirst().orElseThrow();
    String account = "serviceAccount:" + fn.serviceAccountEmail();

    assertThat(admin.removal()).isTrue();
    assertThat(admin.check().orElseThrow().words()).contains("get-iam-policy", "--flatten=bindings[].members",
        "--filter=bindings.role=\"roles/iam.serviceAccountCreator\" AND bindings.members=\"" + account + "\"",
        "--format=value(bindings.role)");
    assertThat(admin.run().words()).contains("remove-iam-policy-binding", "--member=" + account,
        "--role=roles/iam.serviceAccountCreator", "--all").noneMatch(w -> w.startsWith("--condition"));
    assertThat(admin.shell()).startsWith("[[ -z \"$(gcloud ").contains(" 2>/dev/null)\" ]] || gcloud ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#pubsub")
  void theFunctionsPublisherGrantOnItsBackfillTopicGoesWithTheTopic(Case c) {
    FunctionConfig fn = c.file().requireFunction();
    String backfill = fn.access().backfillTopic().orElseThrow();
    Step grant = c.plan().steps().stream()
        .filter(s -> s.name().equals("grant roles/pubsub.publisher on topic " + backfill + " to the function"))
        .findFirst().orElseThrow();
    List<String> names = names(undeploy(c));

    assertThat(grant.undo()).isInstanceOf(Undo.Nothing.class);
    assertThat(names).contains("delete topic " + backfill)
        .noneMatch(n -> n.startsWith("remove roles/pubsub.publisher on " + backfill));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void whatStaysIsSaidWithHowToRemoveIt(Case c) {
    List<String> kept = undeploy(c).kept().stream().map(Kept::what).toList();

    assertThat(kept).containsExactly("the APIs enabled in " + c.file().requireFunction().project(),
        "the standard service accounts autobind created in governed projects, and every binding it granted there");
    assertThat(undeploy(c).kept()).allSatisfy(k -> assertThat(k.why()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.autobind.deploy.DeployCases#all")
  void onlyTheLookupsARemovalNeedsComeFirst(Case c) {
    List<Step> steps = undeploy(c).steps();
    List<Optional<Variable>> reads = steps.stream().filter(s -> !s.removal()).map(s -> s.run().output()).toList();

    assertThat(reads).containsExactlyElementsOf(c == DeployCases.FOLDER
        ? List.of(Optional.of(Variable.ROLE_ORGANIZATION)) : List.of());
    assertThat(steps.subList(0, reads.size())).noneMatch(Step::removal);
  }
}
