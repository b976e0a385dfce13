package dev.autobind.apply;

import static dev.autobind.apply.ApplyFixture.POLICY;
import static dev.autobind.apply.ApplyFixture.SET_ACCOUNT_POLICY;
import static dev.autobind.apply.ApplyFixture.SET_MODEL_POLICY;
import static dev.autobind.apply.ApplyFixture.SET_PROJECT_POLICY;
import static dev.autobind.apply.ApplyFixture.bindings;
import static dev.autobind.apply.ApplyFixture.calls;
import static dev.autobind.apply.ApplyFixture.cluster;
import static dev.autobind.apply.ApplyFixture.model;
import static dev.autobind.apply.ApplyFixture.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.apply.ApplyResult.AccountStatus;
import dev.autobind.event.Outcome;
import dev.autobind.apply.ApplyResult.TargetStatus;
import dev.autobind.event.ResourceEvent;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.LocalCloudExtension;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The apply engine through the real client libraries against the local cloud's demo world. */
class ApplierTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  static final String PROJECT_A = "projects/ml-train-a";
  static final String TRAINER_A = "ml-trainer@ml-train-a.iam.gserviceaccount.com";
  static final String TRAINER_B = "ml-trainer@ml-serve-b.iam.gserviceaccount.com";
  static final String MODEL = "projects/ml-serve-b/locations/us-central1/models/4567890123456789012";

  private Reconciler applier() {
    return ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(), ApplySettings.defaults());
  }

  private ResourceEvent gkeEvent() {
    return cluster("ml-train-a", "us-central1-a", "train-gke-1", LOCAL.clock().instant());
  }

  private ResourceEvent vertexEvent() {
    return model("ml-serve-b", "us-central1", "4567890123456789012", LOCAL.clock().instant());
  }

  @Test
  void gkeEventCreatesTheAccountAndAddsProjectAndWorkloadIdentityBindings() {
    ApplyResult result = EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    assertThat(result.account()).isEqualTo(AccountStatus.CREATED);
    assertThat(LOCAL.cloud().serviceAccountExists(TRAINER_A)).isTrue();
    Policy project = LOCAL.cloud().iamPolicy(PROJECT_A);
    assertThat(bindings(project, "roles/aiplatform.user")).singleElement()
        .satisfies(b -> assertThat(b.getMembersList()).containsExactly("serviceAccount:" + TRAINER_A));
    assertThat(bindings(project, "roles/container.developer")).singleElement()
        .satisfies(b -> assertThat(b.getMembersList()).containsExactly("group:ml-engineers@example.com"));
    assertThat(bindings(project, "roles/storage.objectViewer")).singleElement()
        .satisfies(b -> assertThat(b.getCondition().getExpression())
            .isEqualTo("resource.name.startsWith(\"projects/_/buckets/ml-train-a-datasets\")"));
    Policy account = LOCAL.cloud().iamPolicy("projects/ml-train-a/serviceAccounts/" + TRAINER_A);
    assertThat(bindings(account, "roles/iam.workloadIdentityUser")).singleElement()
        .satisfies(b -> assertThat(b.getMembersList())
            .containsExactly("serviceAccount:ml-train-a.svc.id.goog[training/trainer]"));
    assertThat(result.calls().writes()).isEqualTo(3);
    assertThat(writes(LOCAL.cloud())).isEqualTo(3);
  }

  @Test
  void foreignAndConditionalBindingsSurviveByteForByte() {
    List<Binding> before = LOCAL.cloud().iamPolicy(PROJECT_A).getBindingsList();

    EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    Policy after = LOCAL.cloud().iamPolicy(PROJECT_A);
    assertKeepsEveryMember(before, after);
    assertThat(before).allSatisfy(b -> assertThat(after.getBindingsList()).contains(b));
    assertThat(after.getVersion()).isEqualTo(3);
  }

  @Test
  void vertexEventAddsModelBindingsAndKeepsTheModelsOwn() {
    List<Binding> before = LOCAL.cloud().iamPolicy(MODEL).getBindingsList();

    ApplyResult result = EventMapping.reconcile(applier(), vertexEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    Policy modelPolicy = LOCAL.cloud().iamPolicy(MODEL);
    assertKeepsEveryMember(before, modelPolicy);
    assertThat(bindings(modelPolicy, "roles/aiplatform.viewer").stream().flatMap(b -> b.getMembersList().stream()))
        .contains("group:ml-reviewers@example.com", "group:risk@example.com");
    assertThat(LOCAL.cloud().calls(SET_MODEL_POLICY)).isEqualTo(1);
    assertThat(LOCAL.cloud().calls(SET_ACCOUNT_POLICY)).isZero();
  }

  /** Every member of every binding before is still bound to the same role under the same condition. */
  static void assertKeepsEveryMember(List<Binding> before, Policy after) {
    for (Binding old : before) {
      assertThat(after.getBindingsList())
          .as("a binding for %s with condition '%s'", old.getRole(), old.getCondition().getTitle())
          .anySatisfy(now -> {
            assertThat(now.getRole()).isEqualTo(old.getRole());
            assertThat(now.getCondition()).isEqualTo(old.getCondition());
            assertThat(now.getMembersList()).containsAll(old.getMembersList());
          });
    }
  }

  /** A second delivery of an event, and what it may cost once the target complies. */
  record Repeat(String name, boolean gke, int readsWhenCompliant) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Repeat> repeats() {
    // GKE: GetCluster, SA GetIamPolicy (which also proves the account exists), project GetIamPolicy.
    // Vertex: GetModel, SA GetIamPolicy, project GetIamPolicy, model GetIamPolicy.
    return Stream.of(new Repeat("GKE cluster", true, 3), new Repeat("Vertex model", false, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repeats")
  void theSameEventAHundredTimesWritesOnlyOnce(Repeat repeat) {
    Reconciler applier = applier();
    ResourceEvent event = repeat.gke() ? gkeEvent() : vertexEvent();
    EventMapping.reconcile(applier, event, POLICY);
    long writesAfterFirst = writes(LOCAL.cloud());

    for (int i = 0; i < 99; i++) {
      ApplyResult again = EventMapping.reconcile(applier, event, POLICY);
      assertThat(again.status()).isEqualTo(Outcome.COMPLIANT);
      assertThat(again.calls()).isEqualTo(new ApiCalls.Counts(repeat.readsWhenCompliant(), 0));
    }

    assertThat(writes(LOCAL.cloud())).isEqualTo(writesAfterFirst);
  }

  @Test
  void anEventThatNamesOnlyTheProjectNumberIsResolvedToTheProjectFirst() {
    ResourceEvent byNumber = model("222222222222", "us-central1", "4567890123456789012", LOCAL.clock().instant());

    ApplyResult result = EventMapping.reconcile(applier(), byNumber, POLICY);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    assertThat(result.plan()).get().extracting(p -> p.serviceAccount().email()).isEqualTo(TRAINER_B);
    assertThat(bindings(LOCAL.cloud().iamPolicy(MODEL), "roles/aiplatform.viewer").stream()
        .flatMap(b -> b.getMembersList().stream())).contains("group:ml-reviewers@example.com");
  }

  @Test
  void aNewAccountThatStaysInvisibleForSecondsStillConverges() {
    LOCAL.cloud().visibilityDelay(Duration.ofSeconds(8));

    ApplyResult result = EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    assertThat(result.retries()).isPositive();
    assertThat(bindings(LOCAL.cloud().iamPolicy(PROJECT_A), "roles/aiplatform.user")).hasSize(1);
  }

  @Test
  void permissionDeniedOnTheProjectIsPermanentAndWritesNothingThere() {
    String etagBefore = LOCAL.cloud().iamPolicy(PROJECT_A).getEtag().toStringUtf8();
    LOCAL.cloud().failNext(SET_PROJECT_POLICY, Code.PERMISSION_DENIED, 100,
        "Policy update access denied.");

    ApplyResult result = EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.FAILED);
    assertThat(result.targets()).filteredOn(t -> t.target().fullName().endsWith("/projects/ml-train-a"))
        .singleElement().satisfies(t -> {
          assertThat(t.status()).isEqualTo(TargetStatus.FAILED);
          assertThat(t.error()).get().asString().startsWith("PERMISSION_DENIED");
        });
    assertThat(result.targets()).filteredOn(t -> t.status() == TargetStatus.ADDED).hasSize(1);
    assertThat(result.reason()).isEqualTo("1 of 2 targets failed; added 1 grant elsewhere");
    assertThat(LOCAL.cloud().iamPolicy(PROJECT_A).getEtag().toStringUtf8()).isEqualTo(etagBefore);
    assertThat(LOCAL.cloud().calls(SET_PROJECT_POLICY)).isEqualTo(1);
  }

  record Count(long count, String noun, String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  static Stream<Count> counts() {
    return Stream.of(new Count(0, "grant", "0 grants"), new Count(1, "grant", "1 grant"),
        new Count(2, "target", "2 targets"), new Count(1, "target", "1 target"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("counts")
  void countsSayTheirNounInTheRightNumber(Count c) {
    assertThat(Reconciler.counted(c.count(), c.noun())).isEqualTo(c.text());
  }

  @Test
  void aTwentyPercentFaultRateConvergesThroughRetriesOrRedelivery() {
    for (String method : LOCAL.cloud().methods()) {
      LOCAL.cloud().failRandomly(method, Code.UNAVAILABLE, 0.1, method.hashCode());
      LOCAL.cloud().failRandomly(method, Code.ABORTED, 0.1, method.hashCode() + 1L);
    }
    Reconciler applier = applier();
    ApplyResult result = EventMapping.reconcile(applier, gkeEvent(), POLICY);
    int deliveries = 1;
    while (result.status() == Outcome.RETRY && deliveries < 10) {
      result = EventMapping.reconcile(applier, gkeEvent(), POLICY);
      deliveries++;
    }

    assertThat(result.status()).as("after %d deliveries", deliveries).isIn(Outcome.APPLIED, Outcome.COMPLIANT);
    LOCAL.cloud().clearFaults();
    assertThat(EventMapping.reconcile(applier, gkeEvent(), POLICY).status()).isEqualTo(Outcome.COMPLIANT);
  }

  /** An event the engine must not write for, and how it ends. */
  record NoWrite(String name, java.util.function.Function<java.time.Instant, ResourceEvent> event, Duration age,
      Outcome status, String reasonStart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NoWrite> noWrites() {
    return Stream.of(
        new NoWrite("forged event for a cluster that never existed, fresh", t -> cluster("ml-train-a", "us-central1-a",
            "ghost", t), Duration.ZERO, Outcome.RETRY,
            "//container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/ghost is not readable yet"),
        new NoWrite("forged event for a cluster that never existed, 11 min old", t -> cluster("ml-train-a",
            "us-central1-a", "ghost", t), Duration.ofMinutes(11), Outcome.IGNORED,
            "resource no longer exists: //container.googleapis.com/projects/ml-train-a/"),
        new NoWrite("project outside the policy", t -> cluster("ml-sandbox", "us-central1-a", "train-gke-1", t),
            Duration.ZERO, Outcome.IGNORED, "project ml-sandbox is excluded by policy.projects.exclude ml-sandbox"),
        new NoWrite("event older than 23 h", t -> cluster("ml-train-a", "us-central1-a", "train-gke-1", t),
            Duration.ofHours(24), Outcome.EXPIRED, "event is 1440 min old, over the maximum age of 23 h"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noWrites")
  void eventsThatMustNotWrite(NoWrite c) {
    ResourceEvent event = c.event().apply(LOCAL.clock().instant());
    LOCAL.clock().advance(c.age());

    ApplyResult result = EventMapping.reconcile(applier(), event, POLICY);

    assertThat(result.status()).isEqualTo(c.status());
    assertThat(result.reason()).startsWith(c.reasonStart());
    assertThat(writes(LOCAL.cloud())).isZero();
  }

  @Test
  void outOfScopeAndExpiredEventsMakeNoCallAtAll() {
    EventMapping.reconcile(applier(), cluster("other-project", "us-central1-a", "x", LOCAL.clock().instant()), POLICY);

    assertThat(calls(LOCAL.cloud())).isZero();
  }

  @Test
  void aProjectPolicyThatWouldPassFifteenHundredMembersIsAPermanentFailureWithNothingWritten() {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < 1_499; i++) {
      members.append(i == 0 ? "" : ", ").append("\"user:u").append(i).append("@example.com\"");
    }
    LOCAL.cloud().reset(dev.autobind.localcloud.Seed.parse("""
        projects:
          - id: ml-train-a
            number: 111111111111
            iamPolicy:
              bindings:
                - {role: roles/storage.objectViewer, members: [%s]}
            clusters:
              - {location: us-central1-a, name: train-gke-1, workloadPool: ml-train-a.svc.id.goog}
        """.formatted(members), "crowded"));

    ApplyResult result = EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.FAILED);
    assertThat(result.targets()).filteredOn(t -> t.status() == TargetStatus.FAILED).singleElement()
        .satisfies(t -> assertThat(t.error()).contains("policy of //cloudresourcemanager.googleapis.com/projects/"
            + "ml-train-a would hold 1502 members, over Google's limit of 1500; nothing was written to it"));
    assertThat(LOCAL.cloud().calls(SET_PROJECT_POLICY)).isZero();
  }

  @Test
  void aClusterReportingAnotherProjectsWorkloadPoolGetsNoBindingForThatPool() {
    LOCAL.cloud().reset(dev.autobind.localcloud.Seed.parse("""
        projects:
          - id: ml-train-a
            number: 111111111111
            clusters:
              - {location: us-central1-a, name: train-gke-1, workloadPool: attacker-proj.svc.id.goog}
        """, "foreign-pool"));

    ApplyResult result = EventMapping.reconcile(applier(), gkeEvent(), POLICY);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    Policy account = LOCAL.cloud().iamPolicy("projects/ml-train-a/serviceAccounts/" + TRAINER_A);
    assertThat(account.getBindingsList()).flatExtracting(Binding::getMembersList)
        .noneMatch(m -> m.contains("svc.id.goog"));
    assertThat(LOCAL.cloud().iamPolicy(PROJECT_A).getBindingsList()).flatExtracting(Binding::getMembersList)
        .noneMatch(m -> m.contains("attacker-proj"));
    assertThat(result.plan().orElseThrow().skipped()).extracting(s -> s.rule() + ": " + s.reason())
        .contains("engineers-on-clusters: workload pool attacker-proj.svc.id.goog is neither ml-train-a.svc.id.goog"
            + " (the project's own) nor listed in policy.workloadIdentityPools; roles/iam.workloadIdentityUser for"
            + " serviceAccount:${workloadPool}[training/trainer] not planned");
  }

  @Test
  void dryRunWritesNothingAndListsWhatItWouldWrite() {
    Reconciler dry = ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(), ApplySettings.defaults().withDryRun(true));

    ApplyResult result = EventMapping.reconcile(dry, gkeEvent(), POLICY);

    assertThat(writes(LOCAL.cloud())).isZero();
    assertThat(result.dryRun()).isTrue();
    assertThat(result.account()).isEqualTo(AccountStatus.WOULD_CREATE);
    assertThat(result.added()).extracting(b -> b.role() + " " + b.member()).containsExactlyInAnyOrder(
        "roles/aiplatform.user serviceAccount:" + TRAINER_A,
        "roles/storage.objectViewer serviceAccount:" + TRAINER_A,
        "roles/container.developer group:ml-engineers@example.com",
        "roles/iam.workloadIdentityUser serviceAccount:ml-train-a.svc.id.goog[training/trainer]");
    assertThat(result.targets()).extracting(ApplyResult.TargetResult::status).containsOnly(TargetStatus.WOULD_ADD);
  }
}
