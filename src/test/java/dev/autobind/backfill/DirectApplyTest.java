package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.Backoff;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Outcome;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;
import dev.autobind.apply.Selection;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.policy.Glob;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.ProjectScope;
import dev.autobind.reconcile.Dispatch;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --direct}: the function's intake and applier in-process, a bounded retry of transient failures, and the bound on parallelism. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectApplyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATE_ACCOUNT = "google.iam.admin.v1.IAM/CreateServiceAccount";
  private static final FoundResource CLUSTER =
      new FoundResource(GkeCluster.KIND, "bf-train-1", "us-central1-a", "gke-0000");

  private LocalCloud cloud;
  private PolicyApplier engine;

  @BeforeAll
  void start() throws IOException {
    cloud = LocalCloud.start(BackfillWorld.seed(List.of("bf-train-1"), 30, 0));
    // The applier's own retries are immediate here, so a transient failure reaches DirectApply at once.
    ApplySettings settings = new ApplySettings(false, ApplySettings.DEFAULT_FRESH_FOR, ApplySettings.NO_AGE_LIMIT,
        Backoff.immediate(3), Backoff.immediate(3), Backoff.immediate(2));
    engine = PolicyApplier.over(PolicyFile.load(BackfillWorld.POLICY, ShippedKinds.registry()).policy(), CloudClients.forEmulator(cloud.host()),
        settings, ShippedKinds.plugins());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      engine.close();
    } finally {
      cloud.close();
    }
  }

  @BeforeEach
  void reset() {
    cloud.reset();
  }

  /** How the cloud behaves around each apply, and what DirectApply must make of it. */
  record Case(String name, int faultyAttempts, Status.Code code, List<String> decisions, Map<String, Long> outcomes,
      String failure) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String account = "ensuring service account ml-trainer@bf-train-1.iam.gserviceaccount.com failed: ";
    return Stream.of(
        new Case("applied at once", 0, Status.Code.INTERNAL, List.of("applied"), Map.of("applied", 1L), null),
        new Case("transient once, then applied", 1, Status.Code.INTERNAL, List.of("retry", "applied"),
            Map.of("applied", 1L), null),
        new Case("transient every time", 99, Status.Code.INTERNAL, List.of("retry", "retry", "retry"), Map.of(),
            "still failing after 3 attempts: " + account + "INTERNAL: "),
        new Case("permission denied is not retried", 99, Status.Code.PERMISSION_DENIED, List.of("failed"), Map.of(),
            "failed: " + account + "PERMISSION_DENIED: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachAttemptIsOneDecisionAndTheLastOneIsReported(Case c) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Function<ResourceRef, ApplyResult> faulty = ref -> {
      boolean fault = attempts.incrementAndGet() <= c.faultyAttempts();
      if (fault) {
        cloud.failRandomly(CREATE_ACCOUNT, c.code(), 1.0, 7L, "injected " + c.code());
      }
      try {
        return engine.reconcile(ref, new Selection.Everything(false, true));
      } finally {
        cloud.clearFaults();
      }
    };
    BackfillReport report = new BackfillReport(new ProjectScope(List.of(Glob.of("bf-*")), List.of()));
    StringWriter decisions = new StringWriter();
    report.admit(CLUSTER);

    try (DirectApply direct = new DirectApply(new EventDecoder(ShippedKinds.registry()), faulty, () -> { }, report, 1, new PrintWriter(decisions), 2,
        Duration.ofMillis(1), Clock.systemUTC())) {
      direct.accept(CLUSTER);
      direct.finish();
    }

    assertThat(decisions.toString().lines().map(DirectApplyTest::outcome).toList()).isEqualTo(c.decisions());
    BackfillReport.Snapshot s = report.snapshot();
    assertThat(s.outcomes()).isEqualTo(c.outcomes());
    if (c.failure() == null) {
      assertThat(s.failures()).isEmpty();
    } else {
      assertThat(s.failures()).singleElement().satisfies(f -> {
        assertThat(f.resource()).isEqualTo(CLUSTER.fullName());
        assertThat(f.reason()).startsWith(c.failure());
      });
    }
  }

  @Test
  void neverAppliesMoreThanParallelismResourcesAtOnce() throws Exception {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Function<ResourceRef, ApplyResult> counting = ref -> {
      most.accumulateAndGet(active.incrementAndGet(), Math::max);
      try {
        return engine.reconcile(ref, new Selection.Everything(false, true));
      } finally {
        active.decrementAndGet();
      }
    };
    BackfillReport report = new BackfillReport(new ProjectScope(List.of(Glob.of("bf-*")), List.of()));
    StringWriter decisions = new StringWriter();

    try (DirectApply direct = new DirectApply(new EventDecoder(ShippedKinds.registry()), counting, () -> { }, report, 3, new PrintWriter(decisions), 0,
        Duration.ofMillis(1), Clock.systemUTC())) {
      for (String name : BackfillWorld.governedNames(cloud.seed())) {
        FoundResource r = AssetName.parse(name, ShippedKinds.registry()).withProjectId("bf-train-1");
        report.admit(r);
        direct.accept(r);
      }
      direct.finish();
    }

    BackfillReport.Snapshot s = report.snapshot();
    assertThat(s.failures()).isEmpty();
    assertThat(s.handled()).isEqualTo(30);
    assertThat(decisions.toString().lines()).hasSize(30);
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void theDispatcherItIsGivenAdmitsAndHandlesEachResourceWithItsListingsFacts() throws Exception {
    List<Decision> records = Collections.synchronizedList(new ArrayList<>());
    Map<String, Selection> seen = new ConcurrentHashMap<>();
    // The instance's dispatcher, its entry for found resources watched: the gate is the one Dispatch builds.
    Invocation dispatcher = Dispatch.of(new EventDecoder(ShippedKinds.registry()), () -> engine, records::add,
        ReconcileSetup.IN_PROCESS).reconciling((ref, selection) -> {
          seen.put(ref.name().full(), selection);
          return engine.reconcile(ref, selection);
        });
    List<FoundResource> governed = BackfillWorld.governedNames(cloud.seed()).stream().limit(2)
        .map(name -> AssetName.parse(name, ShippedKinds.registry()).withProjectId("bf-train-1")).toList();
    FoundResource outside = new FoundResource(GkeCluster.KIND, "web-shop", "us-central1-a", "gke-0000");
    ResourceFacts facts = new ResourceFacts("bf-train-1", Optional.empty(), Optional.of(Map.of()), Optional.empty());
    long runBegan = engine.tick();
    BackfillReport report = new BackfillReport(new ProjectScope(List.of(Glob.of("*")), List.of()));

    try (DirectApply direct = new DirectApply(dispatcher, DirectApply.selecting(runBegan), () -> { }, report, 2, 0,
        Duration.ofMillis(1), Clock.systemUTC(), Optional.empty())) {
      direct.accept(governed.get(0));
      direct.accept(governed.get(1), facts);
      direct.accept(outside);
      direct.finish();
    }

    assertThat(records).as("one record per resource, all in the dispatcher's own log").hasSize(3)
        .allSatisfy(d -> assertThat(d.eventId()).startsWith("backfill-direct-"));
    assertThat(seen).as("the gate refused the project outside policy.projects before any read").containsOnlyKeys(
        governed.get(0).ref().name().full(), governed.get(1).ref().name().full());
    assertThat(seen.get(governed.get(0).ref().name().full())).isEqualTo(new Selection.Everything(false, true));
    assertThat(seen.get(governed.get(1).ref().name().full())).isEqualTo(new Selection.Listed(facts, runBegan, true));
    assertThat(records).filteredOn(d -> d.outcome() == Outcome.IGNORED).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("web-shop"));
  }

  private static String outcome(String line) {
    try {
      return JSON.readTree(line).path("outcome").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("not a decision record: " + line, e);
    }
  }
}
