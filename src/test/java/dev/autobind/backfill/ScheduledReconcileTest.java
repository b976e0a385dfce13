package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Policy;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.Backoff;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.ReconcileResult;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import dev.autobind.reconcile.Dispatch;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One project's reconcile under the invocation's deadline: what is not done by then is recorded, not started. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledReconcileTest {
  private static final Path POLICY = Path.of("src/test/resources/backfill/gke-only.yaml");
  private static final String PROJECT = "gk-deadline";
  private static final Seed SEED = new Seed(Duration.ZERO, List.of(new Seed.Project(PROJECT, 600_000_000_001L,
      Policy.getDefaultInstance(), List.of(), List.of(new Seed.Cluster("us-central1", "a", PROJECT + ".svc.id.goog",
          Map.of()), new Seed.Cluster("us-central1-b", "b", PROJECT + ".svc.id.goog", Map.of())), List.of(),
      List.of())));

  private LocalCloud cloud;

  @BeforeAll
  void start() throws IOException {
    cloud = LocalCloud.start(SEED);
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  @BeforeEach
  void reset() {
    cloud.reset(SEED);
  }

  /** An invocation timeout, and what the project's reconcile must make of it. */
  record Case(String name, Duration timeout, long handled, long failed, boolean written) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a timeout with room for the work: every cluster handled", Duration.ofSeconds(120), 2, 0, true),
        new Case("a timeout already spent on its margin: nothing started, both recorded", Duration.ofSeconds(8), 0,
            2, false),
        new Case("no time at all: nothing started, both recorded", Duration.ZERO, 0, 2, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void whatTheDeadlineLeavesUndoneIsRecordedNotStarted(Case c) throws Exception {
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()).policy(),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      // Stopped where the run begins: the applier judges an event's age by its own clock, so it stays the real one.
      ScheduledReconcile reconcile = new ScheduledReconcile(engine, engine.drift().orElseThrow().clients(), ShippedKinds.plugins(),
          dispatcher(engine), Duration.ZERO, Clock.fixed(Instant.now(), ZoneOffset.UTC), Optional.empty(), c.timeout());

      ReconcileResult result = reconcile.run(new Intake.Reconcile("m-1", Optional.of(PROJECT)));

      assertThat(result.found()).isEqualTo(2);
      // The two clusters ask for the same project bindings: whichever is applied first leaves the other compliant.
      assertThat(result.applied() + result.compliant()).isEqualTo(c.handled());
      assertThat(result.failed()).isEqualTo(c.failed());
      assertThat(result.problems()).hasSize((int) c.failed()).allSatisfy(p -> assertThat(p)
          .endsWith(": not applied: the run's deadline passed first; the next run or a redelivery applies it"));
      assertThat(cloud.iamPolicy("projects/" + PROJECT).getBindingsCount() > 0).isEqualTo(c.written());
      assertThat(result.redeliver()).as("what the deadline left undone is delivered again").isEqualTo(c.failed() > 0);
    }
  }

  /** A fault on one method for the whole run, and whether the project message asks to be delivered again. */
  record Fault(String name, String method, Status.Code code, boolean redeliver, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fault> faults() {
    String setPolicy = "google.cloud.resourcemanager.v3.Projects/SetIamPolicy";
    String list = "google.container.v1.ClusterManager/ListClusters";
    String getProject = "google.cloud.resourcemanager.v3.Projects/GetProject";
    return Stream.of(
        new Fault("a write still over quota after the run's retries: delivered again", setPolicy,
            Status.Code.RESOURCE_EXHAUSTED, true, "still failing after 4 attempts"),
        new Fault("a write refused: not delivered again", setPolicy, Status.Code.PERMISSION_DENIED, false,
            "failed"),
        new Fault("a listing over quota: delivered again", list, Status.Code.RESOURCE_EXHAUSTED, true,
            "RESOURCE_EXHAUSTED"),
        new Fault("a listing refused: not delivered again", list, Status.Code.PERMISSION_DENIED, false,
            "PERMISSION_DENIED"),
        new Fault("the project's ancestry unreadable now: delivered again", getProject, Status.Code.ABORTED, true,
            "reading where project " + PROJECT + " sits failed"),
        new Fault("the project's ancestry past reading (gone): not delivered again, and nothing done", getProject,
            Status.Code.NOT_FOUND, false, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aProjectMessageThatFailedForNowIsDeliveredAgainAndAPermanentFailureIsNot(Fault f) throws Exception {
    cloud.failNext(f.method(), f.code(), 1_000);
    ApplySettings defaults = ApplySettings.defaults();
    // Each call tried twice, a millisecond apart: the run's own retries are what this counts, not their pace.
    ApplySettings quick = new ApplySettings(false, defaults.freshFor(), defaults.maxEventAge(), defaults.conflicts(),
        defaults.visibility(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 2, Duration.ofSeconds(1)));
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()),
        CloudClients.forEmulator(cloud.host()), quick, ShippedKinds.plugins())) {
      ScheduledReconcile reconcile = new ScheduledReconcile(engine, engine.drift().orElseThrow().clients(),
          ShippedKinds.plugins(), dispatcher(engine), Duration.ZERO, Clock.systemUTC(), Optional.empty(),
          Duration.ofSeconds(120));

      ReconcileResult result = reconcile.run(new Intake.Reconcile("m-1", Optional.of(PROJECT)));

      assertThat(result.redeliver()).as(result.toString()).isEqualTo(f.redeliver());
      assertThat(String.join("; ", result.problems())).contains(f.problem());
      assertThat(Decision.fromReconcile(new Intake.Reconcile("m-1", Optional.of(PROJECT)), result, Duration.ZERO,
          Optional.empty()).outcome()).isEqualTo(f.redeliver() ? dev.autobind.event.Outcome.RETRY
              : f.problem().isEmpty() ? dev.autobind.event.Outcome.RECONCILED : dev.autobind.event.Outcome.FAILED);
    } finally {
      cloud.clearFaults();
    }
  }

  @org.junit.jupiter.api.Test
  void theWholeScopeIsNeverDeliveredAgainWhateverFailed() throws Exception {
    cloud.failNext("google.container.v1.ClusterManager/ListClusters", Status.Code.RESOURCE_EXHAUSTED, 1_000);
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      ReconcileResult result = new ScheduledReconcile(engine, engine.drift().orElseThrow().clients(),
          ShippedKinds.plugins(), dispatcher(engine), Duration.ZERO, Clock.systemUTC()).run();

      assertThat(result.complete()).isFalse();
      assertThat(result.redeliver()).as("the next scheduled run covers the scope").isFalse();
    } finally {
      cloud.clearFaults();
    }
  }

  /** The instance's dispatcher over {@code engine}, as the function builds it, recording nothing. */
  private static Invocation dispatcher(PolicyApplier engine) {
    return Dispatch.of(new EventDecoder(ShippedKinds.registry()), () -> engine, decision -> { },
        ReconcileSetup.IN_PROCESS);
  }
}
