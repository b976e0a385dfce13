package dev.autobind.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Fixtures;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {

  private static final Policy SHIPPED = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy();
  private static final Policy PLANNER = Fixtures.policy("policies/good/planner.yaml").policy();
  private static final Policy TRUSTS_SHARED_POOL = new Policy(PLANNER.projects(), PLANNER.serviceAccount(),
      PLANNER.allowSensitiveRoles(), PLANNER.rules(), List.of("shared-gke.svc.id.goog"));

  private static final String DEMO_TRAIN = "//cloudresourcemanager.googleapis.com/projects/demo-train";
  private static final String DEMO_TRAIN_SA =
      "//iam.googleapis.com/projects/demo-train/serviceAccounts/ml-trainer@demo-train.iam.gserviceaccount.com";
  private static final String DEMO_MODELS = "//cloudresourcemanager.googleapis.com/projects/demo-models";
  private static final String DEMO_MODELS_SA =
      "//iam.googleapis.com/projects/demo-models/serviceAccounts/ml-trainer@demo-models.iam.gserviceaccount.com";
  private static final String ML_TRAIN = "//cloudresourcemanager.googleapis.com/projects/ml-train";
  private static final String ML_TRAIN_SA =
      "//iam.googleapis.com/projects/ml-train/serviceAccounts/ml-trainer@ml-train.iam.gserviceaccount.com";
  private static final String TRAINER = "serviceAccount:ml-trainer@ml-train.iam.gserviceaccount.com";

  /** One planning case: bindings as "TARGET ROLE MEMBER [if TITLE] <- RULE", skips as "RULE: REASON". */
  record Case(String name, Policy policy, ResourceEvent event, ResourceFacts facts, List<String> bindings,
      List<String> skipped) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The shipped trainer member is typed: it needs the project number, which only the API knows. */
  static final String TRAINER_PRINCIPAL = "principal://iam.googleapis.com/projects/${projectNumber}/locations/global"
      + "/workloadIdentityPools/${workloadPool}/subject/ns/training/sa/trainer";

  /** The trainer's three project grants, skipped offline, then {@code rest}. */
  static List<String> trainerOffline(String... rest) {
    List<String> out = new java.util.ArrayList<>();
    for (String role : List.of("roles/aiplatform.user", "roles/storage.objectViewer", "roles/logging.logWriter")) {
      out.add("trainer-workloads: project number unknown offline; " + role + " for " + TRAINER_PRINCIPAL + " not planned");
    }
    out.addAll(List.of(rest));
    return out;
  }

  /** The shipped GKE bindings with the trainer's principal granted on the project, once the number is known. */
  static List<String> withTrainerPrincipal(List<String> bindings) {
    List<String> out = new java.util.ArrayList<>(bindings);
    String principal = "principal://iam.googleapis.com/projects/109876543210/locations/global/workloadIdentityPools"
        + "/demo-train.svc.id.goog/subject/ns/training/sa/trainer";
    String project = "//cloudresourcemanager.googleapis.com/projects/demo-train ";
    out.addAll(out.size() - 1, List.of(project + "roles/aiplatform.user " + principal + " <- trainer-workloads",
        project + "roles/storage.objectViewer " + principal + " if datasets bucket only <- trainer-workloads",
        project + "roles/logging.logWriter " + principal + " <- trainer-workloads"));
    return out;
  }

  static Stream<Case> plans() {
    return Stream.of(
        new Case("shipped policy, GKE first entry, offline", SHIPPED, ReferenceEvents.gkeCreateFirst(),
            ResourceFacts.offline("demo-train"), shippedGkeBindings(), trainerOffline(
                "model-reviewers: applies to vertex-model, not gke-cluster",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
                "endpoint-callers: applies to vertex-endpoint, not gke-cluster",
                "kubernetes: the cluster is still being created; its Kubernetes objects are applied when the"
                    + " operation's last entry arrives")),
        new Case("shipped policy, GKE last entry, offline", SHIPPED, ReferenceEvents.gkeCreateLast(),
            ResourceFacts.offline("demo-train"), shippedGkeBindings(), trainerOffline(
                "model-reviewers: applies to vertex-model, not gke-cluster",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
                "endpoint-callers: applies to vertex-endpoint, not gke-cluster")),
        new Case("shipped policy, GKE last entry, with the project number", SHIPPED, ReferenceEvents.gkeCreateLast(),
            new ResourceFacts("demo-train", Optional.of("109876543210"), Optional.of(Map.of()),
                Optional.of("demo-train.svc.id.goog")), withTrainerPrincipal(shippedGkeBindings()), List.of(
                "model-reviewers: applies to vertex-model, not gke-cluster",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
                "endpoint-callers: applies to vertex-endpoint, not gke-cluster")),
        new Case("shipped policy, Vertex model, offline", SHIPPED, ReferenceEvents.vertexUpload(),
            ResourceFacts.offline("demo-models"), List.of(
                DEMO_MODELS + " roles/aiplatform.user serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com <- training-identity",
                DEMO_MODELS + " roles/storage.objectViewer serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com"
                    + " if datasets bucket only <- training-identity",
                DEMO_MODELS + " roles/artifactregistry.reader serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com"
                    + " <- training-identity",
                DEMO_MODELS + " roles/logging.logWriter serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com"
                    + " <- training-identity",
                DEMO_MODELS + " roles/monitoring.metricWriter serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com"
                    + " <- training-identity",
                DEMO_MODELS_SA + " roles/iam.serviceAccountUser group:ml-engineers@example.com <- engineers-launch-as-trainer",
                "//aiplatform.googleapis.com/projects/demo-models/locations/us-central1/models/9988776655443322110"
                    + " roles/aiplatform.viewer group:ml-reviewers@example.com <- model-reviewers"), List.of(
                "engineers-on-clusters: applies to gke-cluster, not vertex-model",
                "trainer-workloads: applies to gke-cluster, not vertex-model",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not vertex-model",
                "endpoint-callers: applies to vertex-endpoint, not vertex-model")),
        new Case("matches, duplicates and unknown labels offline", PLANNER,
            ReferenceEvents.gke("ml-train", "us-central1-a", "train-a", Phase.FIRST), ResourceFacts.offline("ml-train"), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/container.developer group:us-engineers@example.com <- us-only",
                ML_TRAIN_SA + " roles/iam.workloadIdentityUser serviceAccount:ml-train.svc.id.goog[training/trainer] <- train-clusters",
                ML_TRAIN + " roles/monitoring.viewer user:train-a@example.com if train-a in us-central1-a <- per-resource"), List.of(
                "research-labelled: labels unknown offline",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("known labels that match, location and name that do not", PLANNER,
            ReferenceEvents.gke("ml-serve", "europe-west4-b", "infer-1", Phase.NONE),
            new ResourceFacts("ml-serve", Optional.of("123456789012"), Optional.of(Map.of("team", "research")),
                Optional.of("ml-serve.svc.id.goog")), List.of(
                "//cloudresourcemanager.googleapis.com/projects/ml-serve roles/logging.logWriter"
                    + " serviceAccount:ml-trainer@ml-serve.iam.gserviceaccount.com <- base",
                "//cloudresourcemanager.googleapis.com/projects/ml-serve roles/logging.logWriter group:ml-ops@example.com <- base-again",
                "//cloudresourcemanager.googleapis.com/projects/ml-serve roles/container.viewer group:research@example.com"
                    + " <- research-labelled",
                "//cloudresourcemanager.googleapis.com/projects/ml-serve roles/monitoring.viewer user:infer-1@example.com"
                    + " if infer-1 in europe-west4-b <- per-resource"), List.of(
                "us-only: location europe-west4-b matches none of [us-*]",
                "train-clusters: name infer-1 does not match train-.*",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a label with another value", PLANNER, ReferenceEvents.gke("ml-train", "asia-east1", "x1", Phase.FIRST),
            new ResourceFacts("ml-train", Optional.empty(), Optional.of(Map.of("team", "platform")), Optional.empty()), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/monitoring.viewer user:x1@example.com if x1 in asia-east1 <- per-resource"), List.of(
                "us-only: location asia-east1 matches none of [us-*]",
                "research-labelled: label team is platform, not research",
                "train-clusters: name x1 does not match train-.*",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a label that is not set", PLANNER, ReferenceEvents.gke("ml-train", "asia-east1", "x1", Phase.FIRST),
            new ResourceFacts("ml-train", Optional.empty(), Optional.of(Map.of()), Optional.empty()), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/monitoring.viewer user:x1@example.com if x1 in asia-east1 <- per-resource"), List.of(
                "us-only: location asia-east1 matches none of [us-*]",
                "research-labelled: label team is not set (the rule needs research)",
                "train-clusters: name x1 does not match train-.*",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a cluster without Workload Identity", PLANNER, ReferenceEvents.gke("ml-train", "us-east1", "train-b", Phase.LAST),
            new ResourceFacts("ml-train", Optional.of("42"), Optional.of(Map.of()), Optional.empty()), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/container.developer group:us-engineers@example.com <- us-only",
                ML_TRAIN + " roles/monitoring.viewer user:train-b@example.com if train-b in us-east1 <- per-resource"), List.of(
                "research-labelled: label team is not set (the rule needs research)",
                "train-clusters: workload pool unknown (Workload Identity is off on the cluster, or it was not looked up);"
                    + " roles/iam.workloadIdentityUser for serviceAccount:${workloadPool}[training/trainer] not planned",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a model offline: no project number", PLANNER, ReferenceEvents.vertex("ml-train", "us-central1", "42"),
            ResourceFacts.offline("ml-train"), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/monitoring.viewer user:42@example.com if 42 in us-central1 <- per-resource",
                "//aiplatform.googleapis.com/projects/ml-train/locations/us-central1/models/42 roles/aiplatform.viewer"
                    + " group:ml-reviewers@example.com <- reviewers"), List.of(
                "base-again: applies to gke-cluster, not vertex-model",
                "us-only: applies to gke-cluster, not vertex-model",
                "research-labelled: labels unknown offline",
                "train-clusters: applies to gke-cluster, not vertex-model",
                "vertex-agent: project number unknown offline; roles/artifactregistry.reader for"
                    + " serviceAccount:service-${projectNumber}@gcp-sa-aiplatform.iam.gserviceaccount.com not planned")),
        new Case("a model named by project number, with the facts looked up", PLANNER,
            ReferenceEvents.vertex("123456789012", "us-central1", "42"),
            new ResourceFacts("ml-train", Optional.of("123456789012"), Optional.of(Map.of("team", "research")), Optional.empty()),
            List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/container.viewer group:research@example.com <- research-labelled",
                ML_TRAIN + " roles/artifactregistry.reader"
                    + " serviceAccount:service-123456789012@gcp-sa-aiplatform.iam.gserviceaccount.com <- vertex-agent",
                ML_TRAIN + " roles/monitoring.viewer user:42@example.com if 42 in us-central1 <- per-resource",
                "//aiplatform.googleapis.com/projects/ml-train/locations/us-central1/models/42 roles/aiplatform.viewer"
                    + " group:ml-reviewers@example.com <- reviewers"), List.of(
                "base-again: applies to gke-cluster, not vertex-model",
                "us-only: applies to gke-cluster, not vertex-model",
                "train-clusters: applies to gke-cluster, not vertex-model")),
        new Case("a cluster reporting another project's Workload Identity pool", PLANNER,
            ReferenceEvents.gke("ml-train", "asia-east1", "train-c", Phase.LAST),
            new ResourceFacts("ml-train", Optional.of("42"), Optional.of(Map.of()), Optional.of("attacker-proj.svc.id.goog")),
            List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/monitoring.viewer user:train-c@example.com if train-c in asia-east1 <- per-resource"), List.of(
                "us-only: location asia-east1 matches none of [us-*]",
                "research-labelled: label team is not set (the rule needs research)",
                "train-clusters: workload pool attacker-proj.svc.id.goog is neither ml-train.svc.id.goog (the project's own)"
                    + " nor listed in policy.workloadIdentityPools; roles/iam.workloadIdentityUser for"
                    + " serviceAccount:${workloadPool}[training/trainer] not planned",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a cluster in a pool that function.yaml lists", TRUSTS_SHARED_POOL,
            ReferenceEvents.gke("ml-train", "asia-east1", "train-c", Phase.LAST),
            new ResourceFacts("ml-train", Optional.of("42"), Optional.of(Map.of()), Optional.of("shared-gke.svc.id.goog")),
            List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN_SA + " roles/iam.workloadIdentityUser serviceAccount:shared-gke.svc.id.goog[training/trainer]"
                    + " <- train-clusters",
                ML_TRAIN + " roles/monitoring.viewer user:train-c@example.com if train-c in asia-east1 <- per-resource"), List.of(
                "us-only: location asia-east1 matches none of [us-*]",
                "research-labelled: label team is not set (the rule needs research)",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a value that would end a CEL string is never written into a condition", PLANNER,
            ReferenceEvents.gke("ml-train", "us-central1\") || true || (\"", "train-d", Phase.FIRST),
            ResourceFacts.offline("ml-train"), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/container.developer group:us-engineers@example.com <- us-only",
                ML_TRAIN_SA + " roles/iam.workloadIdentityUser serviceAccount:ml-train.svc.id.goog[training/trainer] <- train-clusters"),
            List.of(
                "research-labelled: labels unknown offline",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "per-resource: ${location} value us-central1\") || true || (\" holds a quote, which could end a CEL string"
                    + " literal; roles/monitoring.viewer for user:${name}@example.com not planned",
                "reviewers: applies to vertex-model, not gke-cluster")),
        new Case("a hostile name is not passed into a member", PLANNER,
            ReferenceEvents.gke("ml-train", "us-central1-a", "evil name", Phase.FIRST), ResourceFacts.offline("ml-train"), List.of(
                ML_TRAIN + " roles/logging.logWriter " + TRAINER + " <- base",
                ML_TRAIN + " roles/logging.logWriter group:ml-ops@example.com <- base-again",
                ML_TRAIN + " roles/container.developer group:us-engineers@example.com <- us-only"), List.of(
                "research-labelled: labels unknown offline",
                "train-clusters: name evil name does not match train-.*",
                "vertex-agent: applies to vertex-model, not gke-cluster",
                "per-resource: filled in, user:evil name@example.com contains whitespace or control characters",
                "reviewers: applies to vertex-model, not gke-cluster")));
  }

  private static List<String> shippedGkeBindings() {
    String sa = "serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com";
    return List.of(
        DEMO_TRAIN + " roles/aiplatform.user " + sa + " <- training-identity",
        DEMO_TRAIN + " roles/storage.objectViewer " + sa + " if datasets bucket only <- training-identity",
        DEMO_TRAIN + " roles/artifactregistry.reader " + sa + " <- training-identity",
        DEMO_TRAIN + " roles/logging.logWriter " + sa + " <- training-identity",
        DEMO_TRAIN + " roles/monitoring.metricWriter " + sa + " <- training-identity",
        DEMO_TRAIN + " roles/container.developer group:ml-engineers@example.com <- engineers-on-clusters",
        DEMO_TRAIN_SA + " roles/iam.serviceAccountUser group:ml-engineers@example.com <- engineers-launch-as-trainer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansExactlyTheBindingsThePolicyImplies(Case c) {
    PlanOutcome outcome = plan(c);

    assertThat(outcome).isInstanceOf(Plan.class);
    Plan plan = (Plan) outcome;
    assertThat(plan.bindings()).extracting(PlannerTest::render).containsExactlyElementsOf(c.bindings());
    assertThat(plan.skipped()).extracting(s -> s.rule() + ": " + s.reason()).containsExactlyElementsOf(c.skipped());
  }

  /** The plan for the case's reference; an operation's first entry plans its resource as still being created. */
  private static PlanOutcome plan(Case c) {
    return c.event().phase() == Phase.FIRST ? Planner.planWhileCreating(c.event().ref(), c.policy(), c.facts())
        : Planner.plan(c.event().ref(), c.policy(), c.facts());
  }

  /** An event whose project the policy does not govern, and why. */
  record OutOfScope(String project, String reason) {
    @Override
    public String toString() {
      return project;
    }
  }

  static Stream<OutOfScope> outOfScope() {
    return Stream.of(
        new OutOfScope("other-team", "project other-team is not in policy.projects.include"),
        new OutOfScope("ml-x-sandbox", "project ml-x-sandbox is excluded by policy.projects.exclude *-sandbox"),
        new OutOfScope("xml-train", "project xml-train is not in policy.projects.include"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfScope")
  void ignoresProjectsOutsideThePolicy(OutOfScope c) {
    PlanOutcome outcome = Planner.plan(ReferenceEvents.gke(c.project(), "us-central1", "train-a", Phase.FIRST).ref(), PLANNER,
        ResourceFacts.offline(c.project()));

    assertThat(outcome).isEqualTo(new PlanOutcome.Ignored(c.reason()));
  }

  @Test
  void ensuresTheStandardAccountWithItsNamesFilledIn() {
    Plan plan = (Plan) Planner.plan(ReferenceEvents.gke("ml-train", "us-central1", "a", Phase.FIRST).ref(), PLANNER,
        ResourceFacts.offline("ml-train"));

    assertThat(plan.serviceAccount()).isEqualTo(new ServiceAccountSpec("ml-train", "ml-trainer",
        "ml-trainer@ml-train.iam.gserviceaccount.com", "Trainer in ml-train", ""));
    assertThat(plan.serviceAccount().resourceName())
        .isEqualTo("projects/ml-train/serviceAccounts/ml-trainer@ml-train.iam.gserviceaccount.com");
  }

  @Test
  void groupsBindingsByTargetForOneWriteEach() {
    Plan plan = (Plan) Planner.plan(ReferenceEvents.vertexUpload().ref(), SHIPPED, ResourceFacts.offline("demo-models"));

    assertThat(plan.targets()).extracting(PolicyHolder::resource).containsExactly(
        "projects/demo-models",
        "projects/demo-models/serviceAccounts/ml-trainer@demo-models.iam.gserviceaccount.com",
        "projects/demo-models/locations/us-central1/models/9988776655443322110");
    assertThat(plan.targets()).extracting(PolicyHolder::getClass).containsExactly(
        PolicyHolder.Project.class, PolicyHolder.ServiceAccount.class, PolicyHolder.Resource.class);
    assertThat(plan.bindingsFor(PolicyHolder.project("demo-models"))).hasSize(5);
    assertThat(plan.bindingsFor(PolicyHolder.project("elsewhere"))).isEmpty();
  }

  @Test
  void refusesFactsAboutAnotherProject() {
    assertThatThrownBy(() -> Planner.plan(ReferenceEvents.gkeCreateFirst().ref(), SHIPPED, ResourceFacts.offline("demo-models")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the facts are for project demo-models but the reference names project demo-train");
    assertThatThrownBy(() -> Planner.plan(ReferenceEvents.vertex("111", "us-central1", "1").ref(), SHIPPED,
        new ResourceFacts("demo-models", Optional.of("222"), Optional.empty(), Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the facts are for project demo-models (222) but the reference names project 111");
  }

  static String render(BindingChange b) {
    return b.target().fullName() + " " + b.role() + " " + b.member()
        + b.condition().map(c -> " if " + c.title()).orElse("") + " <- " + b.rule();
  }

  @Test
  void onlyAClusterNoLongerBeingCreatedGetsItsKubernetesObjectsInOrderWithPlaceholdersFilled() {
    Plan last = (Plan) Planner.plan(ReferenceEvents.gkeCreateLast().ref(), SHIPPED, ResourceFacts.offline("demo-train"));
    Plan first = (Plan) Planner.planWhileCreating(ReferenceEvents.gkeCreateFirst().ref(), SHIPPED,
        ResourceFacts.offline("demo-train"));
    Plan model = (Plan) Planner.plan(ReferenceEvents.vertexUpload().ref(), SHIPPED, ResourceFacts.offline("demo-models"));

    assertThat(last.clusterObjects()).extracting(ClusterObject::describe).containsExactly(
        "Namespace training  label team=ml-platform",
        "ServiceAccount training/trainer",
        "RoleBinding training/ml-engineers-edit  -> ClusterRole/edit: Group:ml-engineers@example.com",
        "ClusterRoleBinding ml-engineers-view  -> ClusterRole/view: Group:ml-engineers@example.com");
    assertThat(first.clusterObjects()).isEmpty();
    assertThat(model.clusterObjects()).isEmpty();
    assertThat(first.skipped()).extracting(s -> s.rule() + ": " + s.reason()).endsWith("kubernetes: the cluster"
        + " is still being created; its Kubernetes objects are applied when the operation's last entry arrives");
    assertThat(first.bindings()).isEqualTo(last.bindings());
    assertThat(last.skipped()).extracting(s -> s.rule()).doesNotContain("kubernetes");
  }

  /** A resource that hosts no Kubernetes API plans the same while it is being created as after. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void creationOnlyDefersClusterObjects(Case c) {
    PlanOutcome creating = Planner.planWhileCreating(c.event().ref(), c.policy(), c.facts());
    PlanOutcome ready = Planner.plan(c.event().ref(), c.policy(), c.facts());

    assertThat(((Plan) creating).bindings()).isEqualTo(((Plan) ready).bindings());
    assertThat(((Plan) creating).clusterObjects()).isEmpty();
    assertThat(((Plan) creating).ref()).isEqualTo(c.event().ref());
  }
}
