package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.TpuNode;
import dev.autobind.kinds.TpuQueuedResource;
import dev.autobind.kinds.VertexModel;
import dev.autobind.kinds.VertexPersistentResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

  /** The warning every policy without policy.memberDomains gets, once, on its policy: line. */
  static final String NO_MEMBER_DOMAINS = "function.yaml:1: policy: warning: memberDomains is not set, so members of any"
      + " domain may be granted roles; list the organization's domains under policy.memberDomains";

  @Test
  void shippedFunctionYamlIsValidAndSaysWhatItMeans() {
    PolicyFile file = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry());

    assertThat(file.source()).isEqualTo("function.yaml");
    assertThat(file.requireFunction()).isEqualTo(new FunctionConfig("autobind", "ml-platform-ops", "us-central1",
        "java21", Trigger.PUBSUB, Optional.of("autobind-audit"), Optional.of("organizations/123456789012"),
        "autobind-fn", OptionalInt.of(10), OptionalInt.of(120), true, new FunctionAccess(
            List.of("folders/234567890123", "folders/345678901234"), Optional.of("autobind-backfill"),
            List.of("group:ml-platform-oncall@example.com")), new InstanceSettings(OptionalInt.of(0),
            Optional.of("1"), Optional.of("512Mi"), Optional.of("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), false,
            Optional.of(Duration.ofHours(23)))));
    assertThat(file.requireFunction().serviceAccountEmail()).isEqualTo("autobind-fn@ml-platform-ops.iam.gserviceaccount.com");
    Policy policy = file.policy();
    assertThat(policy.serviceAccount()).isEqualTo(new StandardAccount("ml-trainer", "ML trainer",
        "Runs training workloads in ${project}; created and bound by autobind"));
    assertThat(policy.rules()).extracting(Rule::name).containsExactly("training-identity", "engineers-on-clusters",
        "trainer-workload-identity", "engineers-launch-as-trainer", "model-reviewers", "tpu-workloads",
        "endpoint-callers");
    assertThat(policy.allowSensitiveRoles()).containsExactly("roles/container.developer");
    assertThat(file.warnings()).isEmpty();
  }

  @Test
  void shippedPolicyListsEveryRoleItCanGrant() {
    Policy policy = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy();

    assertThat(policy.roles()).containsExactly("roles/aiplatform.user", "roles/aiplatform.viewer",
        "roles/artifactregistry.reader", "roles/container.developer", "roles/iam.serviceAccountUser",
        "roles/iam.workloadIdentityUser", "roles/logging.logWriter", "roles/monitoring.metricWriter",
        "roles/storage.objectViewer", "roles/tpu.viewer");
    assertThat(policy.roles(GrantScope.PROJECT)).containsExactly("roles/aiplatform.user",
        "roles/artifactregistry.reader", "roles/container.developer", "roles/logging.logWriter",
        "roles/monitoring.metricWriter", "roles/storage.objectViewer", "roles/tpu.viewer");
    assertThat(policy.roles(GrantScope.SERVICE_ACCOUNT))
        .containsExactly("roles/iam.serviceAccountUser", "roles/iam.workloadIdentityUser");
    assertThat(policy.roles(GrantScope.RESOURCE)).containsExactly("roles/aiplatform.user", "roles/aiplatform.viewer");
  }

  @Test
  void shippedPolicyKeepsTheConditionOnTheDatasetGrant() {
    Rule training = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy().rules().get(0);

    RoleGrant storage = training.grant().project().get(1);
    assertThat(storage.role()).isEqualTo("roles/storage.objectViewer");
    assertThat(storage.condition()).contains(new Condition("datasets bucket only",
        Optional.of("The ${project}-datasets bucket and its objects"),
        "resource.name == \"projects/_/buckets/${project}-datasets\" ||"
            + " resource.name.startsWith(\"projects/_/buckets/${project}-datasets/\")"));
    assertThat(training.resources()).containsExactly(GkeCluster.KIND, VertexModel.KIND, VertexPersistentResource.KIND,
        TpuNode.KIND, TpuQueuedResource.KIND);
  }

  @Test
  void functionSectionIsOptionalButRequiredToDeploy() {
    PolicyFile file = Fixtures.policy("policies/good/minimal.yaml");

    assertThat(file.function()).isEmpty();
    assertThatThrownBy(file::requireFunction).isInstanceOf(PolicyException.class)
        .hasMessage("function.yaml: function: is required to deploy; add a function: section");
  }

  @Test
  void runtimeAndRetryTakeTheirDefaults() {
    FunctionConfig function = Fixtures.policy("policies/good/eventarc.yaml").requireFunction();

    assertThat(function.runtime()).isEqualTo("java21");
    assertThat(function.retry()).isTrue();
    assertThat(function.trigger()).isEqualTo(Trigger.EVENTARC);
    assertThat(function.topic()).isEmpty();
    assertThat(function.sinkScope()).isEmpty();
    assertThat(function.maxInstances()).isEmpty();
    assertThat(function.timeoutSeconds()).isEmpty();
  }

  @Test
  void everyMemberFormCustomRolesAndAllowedSensitiveRolesAreAccepted() {
    PolicyFile file = Fixtures.policy("policies/good/every-form.yaml");

    assertThat(file.requireFunction().retry()).isFalse();
    assertThat(file.requireFunction().runtime()).isEqualTo("java17");
    Policy policy = file.policy();
    assertThat(policy.allowSensitiveRoles()).containsExactly("roles/iam.serviceAccountTokenCreator",
        "roles/iam.serviceAccountUser", "projects/${project}/roles/trainingLauncher",
        "organizations/123456789012/roles/mlAuditor");
    assertThat(policy.workloadIdentityPools()).containsExactly("shared-gke-pool.svc.id.goog");
    Rule rule = policy.rules().get(0);
    assertThat(rule.grant().project().get(0).members()).hasSize(7);
    assertThat(rule.match().labels()).isEqualTo(Map.of("team", "research", "cost-center", ""));
    assertThat(rule.match().locations()).extracting(Glob::pattern).containsExactly("us-*", "europe-west[1-4]*");
    assertThat(rule.match().name().orElseThrow().matcher("train-gpu-1").matches()).isTrue();
    assertThat(policy.roles()).contains("projects/${project}/roles/trainingLauncher",
        "organizations/123456789012/roles/mlAuditor");
    assertThat(policy.serviceAccount().description())
        .isEqualTo("Standard identity for ${project}: 'quoted', #not-a-comment");
  }

  @Test
  void projectScopeAppliesIncludeThenExclude() {
    ProjectScope scope = Fixtures.policy("policies/good/every-form.yaml").policy().projects();

    assertThat(scope.refusal("ml-train")).isEmpty();
    assertThat(scope.refusal("research-b7")).isEmpty();
    assertThat(scope.refusal("research-d7")).contains("project research-d7 is not in policy.projects.include");
    assertThat(scope.refusal("ml-x-sandbox"))
        .contains("project ml-x-sandbox is excluded by policy.projects.exclude ml-[!p]*-sandbox");
    assertThat(scope.refusal("ml-prod-sandbox")).isEmpty();
  }

  @Test
  void problemsRenderAsFileLineFieldMessage() {
    assertThat(new Problem("function.yaml", 27, "policy.rules[1].grant.project[0].role",
        "roles/editor is a basic role; grant a predefined role instead").text())
        .isEqualTo("function.yaml:27: policy.rules[1].grant.project[0].role: "
            + "roles/editor is a basic role; grant a predefined role instead");
    assertThat(new Problem("f.yaml", 0, "", "no such file").text()).isEqualTo("f.yaml: no such file");
  }

  @Test
  void anExceptionWithoutProblemsIsRefused() {
    assertThatThrownBy(() -> new PolicyException(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
