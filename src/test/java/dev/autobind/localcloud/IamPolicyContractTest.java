package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.StatusCode;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.VertexModel;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Google's IAM policy semantics, checked through the real Resource Manager, IAM Admin and Vertex AI clients. */
class IamPolicyContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final Expr UNTIL_2031 = Expr.newBuilder().setTitle("until-2031")
      .setExpression("request.time < timestamp('2031-01-01T00:00:00Z')").build();

  /** One kind of policy-carrying resource and the client methods that read and write its policy. */
  record Target(String name, String resource, String role,
      BiFunction<CloudClients, GetIamPolicyRequest, Policy> get,
      BiFunction<CloudClients, SetIamPolicyRequest, Policy> set) {

    Policy read(int version) {
      return get.apply(LOCAL.clients(), GetIamPolicyRequest.newBuilder().setResource(resource)
          .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(version)).build());
    }

    Policy write(Policy policy) {
      return set.apply(LOCAL.clients(), SetIamPolicyRequest.newBuilder().setResource(resource).setPolicy(policy).build());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Target> targets() {
    return Stream.of(
        new Target("project", "projects/ml-train-a", "roles/storage.objectViewer",
            (c, r) -> c.projects().getIamPolicy(r), (c, r) -> c.projects().setIamPolicy(r)),
        new Target("project by number", "projects/222222222222", "roles/storage.objectViewer",
            (c, r) -> c.projects().getIamPolicy(r), (c, r) -> c.projects().setIamPolicy(r)),
        new Target("service account", "projects/-/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com",
            "roles/iam.serviceAccountTokenCreator", (c, r) -> c.iam().getIamPolicy(r), (c, r) -> c.iam().setIamPolicy(r)),
        new Target("service account in project form",
            "projects/ml-train-a/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com",
            "roles/iam.serviceAccountUser", (c, r) -> c.iam().getIamPolicy(r), (c, r) -> c.iam().setIamPolicy(r)),
        new Target("vertex model", "projects/ml-serve-b/locations/us-central1/models/4567890123456789012",
            "roles/aiplatform.user", (c, r) -> VertexModel.Access.client(c, "us-central1").getIamPolicy(r),
            (c, r) -> VertexModel.Access.client(c, "us-central1").setIamPolicy(r)));
  }

  private static Policy plus(Policy policy, String role, String... members) {
    return policy.toBuilder().setVersion(3)
        .addBindings(Binding.newBuilder().setRole(role).addAllMembers(List.of(members))).build();
  }

  private static Policy plusConditional(Policy policy, String role, String member) {
    return policy.toBuilder().setVersion(3)
        .addBindings(Binding.newBuilder().setRole(role).addMembers(member).setCondition(UNTIL_2031)).build();
  }

  /** Each member of each binding as "role | condition title | member". */
  private static List<String> grants(Policy policy) {
    return policy.getBindingsList().stream().flatMap(b -> b.getMembersList().stream()
        .map(m -> b.getRole() + " | " + b.getCondition().getTitle() + " | " + m)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void staleEtagWriteIsAborted(Target target) {
    Policy read = target.read(3);
    target.write(plus(read, target.role(), "user:bo@example.com"));

    ApiFailure failure = ApiFailure.of(() -> target.write(plus(read, target.role(), "user:cy@example.com")));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.ABORTED);
    assertThat(failure.description()).isEqualTo(
        "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");
    assertThat(target.read(3).getBindingsList()).flatExtracting(Binding::getMembersList)
        .contains("user:bo@example.com").doesNotContain("user:cy@example.com");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void everyWriteChangesTheEtag(Target target) {
    Policy read = target.read(3);
    Policy first = target.write(read);
    Policy second = target.write(first);

    assertThat(List.of(read.getEtag(), first.getEtag(), second.getEtag())).doesNotHaveDuplicates();
    assertThat(second.getBindingsList()).isEqualTo(read.getBindingsList());
    assertThat(target.read(3).getEtag()).isEqualTo(second.getEtag());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void writeWithoutEtagOverwrites(Target target) {
    Policy read = target.read(3);
    target.write(plus(read, target.role(), "user:bo@example.com"));

    Policy blind = plus(read, target.role(), "user:cy@example.com").toBuilder().setEtag(ByteString.EMPTY).build();
    Policy written = target.write(blind);

    assertThat(written.getBindingsList()).flatExtracting(Binding::getMembersList)
        .contains("user:cy@example.com").doesNotContain("user:bo@example.com");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void conditionalBindingSurvivesAVersion3RoundTrip(Target target) {
    target.write(plusConditional(target.read(3), target.role(), "user:dee@example.com"));
    Policy before = target.read(3);

    target.write(plus(before, target.role(), "user:bo@example.com"));
    Policy after = target.read(3);

    assertThat(after.getVersion()).isEqualTo(3);
    assertThat(grants(after)).containsAll(grants(before)).contains(target.role() + " |  | user:bo@example.com");
    assertThat(after.getBindingsList()).filteredOn(Binding::hasCondition).extracting(Binding::getCondition)
        .contains(UNTIL_2031);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void version1ReadShowsWithcondRoleNames(Target target) {
    target.write(plusConditional(target.read(3), target.role(), "user:dee@example.com"));

    Policy v1 = target.read(1);

    assertThat(v1.getVersion()).isEqualTo(1);
    assertThat(v1.getBindingsList()).noneMatch(Binding::hasCondition);
    assertThat(v1.getBindingsList()).extracting(Binding::getRole)
        .anyMatch(role -> role.matches(target.role().replace(".", "\\.") + "_withcond_[0-9a-f]{20}"));
    assertThat(target.read(0)).isEqualTo(v1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void version1WriteWithEtagOverAConditionalPolicyIsRefused(Target target) {
    target.write(plusConditional(target.read(3), target.role(), "user:dee@example.com"));
    Policy v3 = target.read(3);
    Policy v1 = target.read(1).toBuilder().clearBindings()
        .addAllBindings(v3.getBindingsList().stream().filter(b -> !b.hasCondition()).toList()).build();

    ApiFailure failure = ApiFailure.of(() -> target.write(v1));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo("A policy with conditional role bindings cannot be overwritten at"
        + " version 1 with an etag; read and write it at version 3.");
    assertThat(target.read(3)).isEqualTo(v3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void versionIs3OnlyWhenConditionsExist(Target target) {
    Policy unconditional = target.read(3).toBuilder()
        .clearBindings().addBindings(Binding.newBuilder().setRole(target.role()).addMembers("user:bo@example.com"))
        .build();
    assertThat(target.write(unconditional).getVersion()).isEqualTo(1);
    assertThat(target.read(3).getVersion()).isEqualTo(1);

    assertThat(target.write(plusConditional(target.read(3), target.role(), "user:dee@example.com")).getVersion())
        .isEqualTo(3);
    assertThat(target.read(3).getVersion()).isEqualTo(3);
  }

  /** One member count against the 1,500-member limit. */
  record MemberCount(Target target, int members, String refusal) {
    @Override
    public String toString() {
      return target + " with " + members + " members";
    }
  }

  static Stream<MemberCount> memberCounts() {
    return targets().flatMap(t -> Stream.of(
        new MemberCount(t, 1500, null),
        new MemberCount(t, 1501,
            "The number of members in the policy (1,501) is larger than the maximum allowed size 1,500.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("memberCounts")
  void policiesHoldAtMost1500Members(MemberCount c) {
    Policy read = c.target().read(3);
    List<String> users = IntStream.range(0, c.members()).mapToObj(i -> "user:u" + i + "@example.com").toList();
    Policy big = read.toBuilder().clearBindings()
        .addBindings(Binding.newBuilder().setRole(c.target().role()).addAllMembers(users.subList(0, 1000)))
        .addBindings(Binding.newBuilder().setRole("roles/browser").addAllMembers(users.subList(1000, users.size())))
        .build();

    if (c.refusal() == null) {
      assertThat(c.target().write(big).getBindingsList()).flatExtracting(Binding::getMembersList).hasSize(c.members());
    } else {
      ApiFailure failure = ApiFailure.of(() -> c.target().write(big));
      assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
      assertThat(failure.description()).isEqualTo(c.refusal());
      assertThat(c.target().read(3)).isEqualTo(read);
    }
  }

  static Stream<String> malformedMembers() {
    return Stream.of("ana@example.com", "user:", "user:ana", "user:ana@example.com\n", " user:ana@example.com",
        "group:data team@example.com", "wizard:ana@example.com", "allusers", "serviceAccount:",
        "serviceAccount:ml-train-a.svc.id.goog[default]", "serviceAccount:ml-train-a.svc.id.goog[ns/KSA]",
        "domain:", "deleted:user:ana@example.com", "user:ana@example.com; drop table", "");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("malformedMembers")
  void malformedMembersAreRefused(String member) {
    Target project = targets().findFirst().orElseThrow();
    Policy read = project.read(3);

    ApiFailure failure = ApiFailure.of(() -> project.write(plus(read, "roles/storage.objectViewer", member)));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo("Invalid member '" + member + "' for role roles/storage.objectViewer.");
    assertThat(project.read(3)).isEqualTo(read);
  }

  static Stream<String> basicRoles() {
    return Stream.of("roles/owner", "roles/editor", "roles/viewer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("basicRoles")
  void basicRolesAreRefusedOnAServiceAccountPolicyOnly(String role) {
    Target account = targets().filter(t -> t.name().equals("service account")).findFirst().orElseThrow();
    Target project = targets().findFirst().orElseThrow();

    ApiFailure failure = ApiFailure.of(() -> account.write(plus(account.read(3), role, "user:bo@example.com")));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo("Role " + role + " is not supported for this resource.");
    assertThat(project.write(plus(project.read(3), role, "user:bo@example.com")).getBindingsList())
        .extracting(Binding::getRole).contains(role);
  }

  /** One {@code serviceAccount:} member and what a write granting it gets. */
  record AccountMember(String name, String member, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<AccountMember> accountMembers() {
    return Stream.of(
        new AccountMember("existing account", "serviceAccount:legacy-runner@ml-train-a.iam.gserviceaccount.com", null),
        new AccountMember("existing account, other case",
            "serviceAccount:Legacy-Runner@ml-train-a.iam.gserviceaccount.com", null),
        new AccountMember("missing account", "serviceAccount:ghost@ml-train-a.iam.gserviceaccount.com",
            "Service account ghost@ml-train-a.iam.gserviceaccount.com does not exist."),
        new AccountMember("account of a project outside the world", "serviceAccount:bot@far-away-1.iam.gserviceaccount.com",
            "Service account bot@far-away-1.iam.gserviceaccount.com does not exist."),
        new AccountMember("workload identity", "serviceAccount:ml-train-a.svc.id.goog[training/trainer]", null),
        new AccountMember("vertex service agent",
            "serviceAccount:service-111111111111@gcp-sa-aiplatform.iam.gserviceaccount.com", null),
        new AccountMember("compute default account",
            "serviceAccount:111111111111-compute@developer.gserviceaccount.com", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accountMembers")
  void serviceAccountMembersMustExist(AccountMember c) {
    Target project = targets().findFirst().orElseThrow();
    Policy read = project.read(3);
    Policy wanted = plus(read, "roles/container.developer", c.member());

    if (c.refusal() == null) {
      assertThat(project.write(wanted).getBindingsList()).flatExtracting(Binding::getMembersList).contains(c.member());
    } else {
      ApiFailure failure = ApiFailure.of(() -> project.write(wanted));
      assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
      assertThat(failure.description()).isEqualTo(c.refusal());
    }
  }

  @Test
  void membersAlreadyInThePolicyAreNotCheckedAgain() {
    Target project = targets().findFirst().orElseThrow();
    Policy read = project.read(3);
    assertThat(read.getBindingsList()).flatExtracting(Binding::getMembersList)
        .contains("serviceAccount:ci-runner@ml-shared-tools.iam.gserviceaccount.com");

    Policy written = project.write(plus(read, "roles/storage.objectViewer", "user:bo@example.com"));

    assertThat(grants(written)).containsAll(grants(read));
  }

  /** One write the policy rules refuse as INVALID_ARGUMENT. */
  record BadWrite(String name, Policy policy, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadWrite> badWrites() {
    Binding conditional = Binding.newBuilder().setRole("roles/browser").addMembers("user:bo@example.com")
        .setCondition(UNTIL_2031).build();
    return Stream.of(
        new BadWrite("withcond role name", Policy.newBuilder().setVersion(1).addBindings(Binding.newBuilder()
            .setRole("roles/bigquery.user_withcond_f402bd5561e122c579bc").addMembers("user:ana@example.com")).build(),
            "Role roles/bigquery.user_withcond_f402bd5561e122c579bc is the version 1 view of a conditional binding"
                + " and cannot be written; read and write the policy at version 3."),
        new BadWrite("condition at version 1", Policy.newBuilder().setVersion(1).addBindings(conditional).build(),
            "Conditional role bindings require policy version 3; the policy has version 1."),
        new BadWrite("condition at version 0", Policy.newBuilder().addBindings(conditional).build(),
            "Conditional role bindings require policy version 3; the policy has version 0."),
        new BadWrite("condition without expression", Policy.newBuilder().setVersion(3).addBindings(conditional
            .toBuilder().setCondition(Expr.newBuilder().setTitle("empty"))).build(),
            "The condition on role roles/browser has no expression."),
        new BadWrite("policy version 2", Policy.newBuilder().setVersion(2).build(), "Invalid policy version 2; use 1 or 3."),
        new BadWrite("role without prefix", Policy.newBuilder().addBindings(Binding.newBuilder().setRole("owner")
            .addMembers("user:bo@example.com")).build(), "Invalid role name 'owner'."),
        new BadWrite("empty role", Policy.newBuilder().addBindings(Binding.newBuilder()
            .addMembers("user:bo@example.com")).build(), "Invalid role name ''."),
        new BadWrite("a role Google does not have", Policy.newBuilder().addBindings(Binding.newBuilder()
            .setRole("roles/container.devloper").addMembers("user:bo@example.com")).build(),
            "Role (roles/container.devloper) does not exist in the resource's hierarchy."),
        new BadWrite("a role with the wrong capitals", Policy.newBuilder().addBindings(Binding.newBuilder()
            .setRole("roles/Container.Developer").addMembers("user:bo@example.com")).build(),
            "Role (roles/Container.Developer) does not exist in the resource's hierarchy."),
        new BadWrite("a condition that does not parse", Policy.newBuilder().setVersion(3).addBindings(conditional
            .toBuilder().setCondition(Expr.newBuilder().setTitle("t")
                .setExpression("resource.name.startsWith("))).build(),
            "The condition expression on role roles/browser is not valid CEL: mismatched input '<EOF>' expecting"
                + " {'[', '{', '(', ')', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING,"
                + " BYTES, IDENTIFIER}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badWrites")
  void invalidWritesAreRefused(BadWrite c) {
    Target project = targets().findFirst().orElseThrow();
    Policy read = project.read(3);

    ApiFailure failure = ApiFailure.of(() -> project.write(c.policy()));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo(c.refusal());
    assertThat(project.read(3)).isEqualTo(read);
  }

  @Test
  void anUnsupportedRequestedVersionIsRefused() {
    Target project = targets().findFirst().orElseThrow();

    ApiFailure failure = ApiFailure.of(() -> project.read(2));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo("Invalid requested policy version 2; use 1 or 3.");
  }

  @Test
  void writesReachTheWorldState() {
    Target model = targets().filter(t -> t.name().equals("vertex model")).findFirst().orElseThrow();

    Policy written = model.write(plus(model.read(3), "roles/aiplatform.user", "group:trainers@example.com"));

    assertThat(LOCAL.cloud().iamPolicy(model.resource())).isEqualTo(written);
  }
}
