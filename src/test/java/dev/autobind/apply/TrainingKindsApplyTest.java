package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.event.Outcome;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four training kinds end to end: a reference audit entry decoded, then applied with the shipped
 * function.yaml through the real clients against the local cloud, whose final IAM state is checked.
 */
class TrainingKindsApplyTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/training-seed.yaml");

  private static final dev.autobind.policy.Policy SHIPPED = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy();
  private static final String TRAIN = "projects/demo-train";
  private static final String TRAINER = "ml-trainer@demo-train.iam.gserviceaccount.com";
  private static final String TRAINER_POLICY = TRAIN + "/serviceAccounts/" + TRAINER;
  private static final String ENDPOINT = "projects/demo-models/locations/europe-west4/endpoints/1234567890123456789";
  private static final List<String> TRAINING_IDENTITY = List.of(
      TRAIN + " roles/aiplatform.user serviceAccount:" + TRAINER,
      TRAIN + " roles/storage.objectViewer serviceAccount:" + TRAINER + " if datasets bucket only",
      TRAIN + " roles/artifactregistry.reader serviceAccount:" + TRAINER,
      TRAIN + " roles/logging.logWriter serviceAccount:" + TRAINER,
      TRAIN + " roles/monitoring.metricWriter serviceAccount:" + TRAINER,
      TRAINER_POLICY + " roles/iam.serviceAccountUser group:ml-engineers@example.com");
  private static final List<String> TPU_VIEWERS = List.of(
      TRAIN + " roles/tpu.viewer serviceAccount:" + TRAINER,
      TRAIN + " roles/tpu.viewer group:ml-engineers@example.com");

  /**
   * One fixture applied on the seeded world.
   *
   * @param targets the policies to read afterwards
   * @param bindings every binding on them afterwards that the seed did not have, as {@code TARGET ROLE MEMBER [if TITLE]}
   */
  record Case(String fixture, String kind, List<String> targets, List<String> bindings) {
    @Override
    public String toString() {
      return fixture;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("vertex-persistent-create-first.eventarc.json", "vertex-persistent-resource",
            List.of(TRAIN, TRAINER_POLICY), TRAINING_IDENTITY),
        new Case("backfill-vertex-persistent.pubsub.json", "vertex-persistent-resource",
            List.of(TRAIN, TRAINER_POLICY), TRAINING_IDENTITY),
        new Case("tpu-node-create-first.eventarc.json", "tpu-node", List.of(TRAIN, TRAINER_POLICY),
            concat(TRAINING_IDENTITY, TPU_VIEWERS)),
        new Case("tpu-queued-create-last.eventarc.json", "tpu-queued-resource", List.of(TRAIN, TRAINER_POLICY),
            concat(TRAINING_IDENTITY, TPU_VIEWERS)),
        new Case("vertex-endpoint-create-first.eventarc.json", "vertex-endpoint", List.of(ENDPOINT),
            List.of(ENDPOINT + " roles/aiplatform.user group:ml-serving@example.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aReferenceEntryIsLookedUpAndGetsExactlyTheShippedGrants(Case c) {
    List<String> before = bindings(c.targets());

    ResourceEvent event = decoded(c.fixture());
    ApplyResult first = EventMapping.reconcile(applier(), event, SHIPPED);
    ApplyResult again = EventMapping.reconcile(applier(), event, SHIPPED);

    assertThat(event.ref().kind().id()).isEqualTo(c.kind());
    assertThat(first.status()).as(first.reason()).isEqualTo(Outcome.APPLIED);
    List<String> after = bindings(c.targets());
    assertThat(after).containsAll(before);
    assertThat(after.stream().filter(b -> !before.contains(b)).toList()).containsExactlyInAnyOrderElementsOf(c.bindings());
    assertThat(again.status()).isEqualTo(Outcome.COMPLIANT);
    assertThat(again.calls().writes()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOfflinePlanListsTheSameBindingsWithoutCallingAnyApi(Case c) {
    ResourceEvent event = decoded(c.fixture());

    PlanOutcome outcome = Planner.plan(event.ref(), SHIPPED, ResourceFacts.offline(event.project()));

    assertThat(outcome).isInstanceOf(Plan.class);
    assertThat(((Plan) outcome).bindings().stream().map(b -> b.target().resource() + " " + b.role() + " "
        + b.member() + b.condition().map(condition -> " if " + condition.title()).orElse("")).toList())
        .containsExactlyInAnyOrderElementsOf(c.bindings());
    assertThat(ApplyFixture.calls(LOCAL.cloud())).isZero();
  }

  @Test
  void theEndpointKeepsItsOwnBindingAndItsProjectPolicyIsNotTouched() {
    ApplyResult result = EventMapping.reconcile(applier(), decoded("vertex-endpoint-create-first.eventarc.json"), SHIPPED);

    assertThat(bindings(List.of(ENDPOINT))).contains(ENDPOINT + " roles/aiplatform.viewer group:risk@example.com");
    assertThat(result.targets()).extracting(t -> t.target().resource()).containsExactly(ENDPOINT);
    assertThat(LOCAL.cloud().calls(ApplyFixture.SET_PROJECT_POLICY)).isZero();
  }

  /** The fixtures name resources the seed does not hold: the lookup fails, nothing is written. */
  static Stream<String> unseen() {
    return Stream.of("tpu-node-v2alpha1.pubsub.json", "vertex-endpoint-chosen-id.pubsub.json",
        "vertex-persistent-v1beta1.eventarc.json", "tpu-queued-v2alpha1.pubsub.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unseen")
  void aResourceTheApiDoesNotKnowIsRetriedAndNothingIsWritten(String fixture) {
    ApplyResult result = EventMapping.reconcile(applier(), decoded(fixture), SHIPPED);

    assertThat(result.status()).isEqualTo(Outcome.RETRY);
    assertThat(result.calls().writes()).isZero();
    assertThat(LOCAL.cloud().serviceAccountExists(TRAINER)).isFalse();
  }

  private static Reconciler applier() {
    return ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(), ApplySettings.defaults());
  }

  private static ResourceEvent decoded(String fixture) {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(EventFixtures.read(fixture));
    assertThat(intake).as(fixture).isInstanceOf(Intake.Resource.class);
    return ((Intake.Resource) intake).event();
  }

  /** Every binding on these policies, one line per member. */
  private static List<String> bindings(List<String> targets) {
    List<String> lines = new ArrayList<>();
    for (String target : targets) {
      Policy policy = LOCAL.cloud().serviceAccountExists(TRAINER) || !target.equals(TRAINER_POLICY)
          ? LOCAL.cloud().iamPolicy(target) : Policy.getDefaultInstance();
      for (Binding b : policy.getBindingsList()) {
        String condition = b.hasCondition() ? " if " + b.getCondition().getTitle() : "";
        b.getMembersList().forEach(m -> lines.add(target + " " + b.getRole() + " " + m + condition));
      }
    }
    return lines;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
