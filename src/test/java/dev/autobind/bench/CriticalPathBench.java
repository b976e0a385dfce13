package dev.autobind.bench;

import dev.autobind.event.Outcome;
import dev.autobind.apply.EventMapping;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CallTrace;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.SequentialApplier;
import dev.autobind.apply.TargetLocks;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Figure 3e-3j: the round trips on the critical path and the time to compliance of one event, with the
 * local cloud adding a fixed latency (100 ms) to every call, for a new GKE cluster, an already
 * compliant one and a new Vertex AI model: autobind's applier against {@link SequentialApplier}, the
 * applier as it was before its calls overlapped, alternating within each run. The round trips are the
 * longest chain of calls in which each began after the one before it ended ({@link CallTrace}); the
 * time runs from the call to {@code apply} until it returns, when every binding is in place.
 *
 * <p>Usage: {@code CriticalPathBench [--runs 5] [--latency-ms 100]}
 */
public final class CriticalPathBench {
  private final LocalCloud cloud;
  private final CloudClients clients;
  private final Policy policy = PolicyFile.load(BenchEvents.POLICY, ShippedKinds.registry()).policy();
  private final Duration latency;

  /** One event to bring under the policy; {@code compliantFirst} applies it once, unmeasured, beforehand. */
  private record Scenario(String name, Path fixture, boolean compliantFirst) {}

  /** What one measured apply took. */
  private record Measured(int roundTrips, double millis) {}

  private CriticalPathBench(LocalCloud cloud, CloudClients clients, Duration latency) {
    this.cloud = cloud;
    this.clients = clients;
    this.latency = latency;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--runs", "5", "--latency-ms", "100"));
    int runs = Integer.parseInt(options.get("--runs"));
    Duration latency = Duration.ofMillis(Long.parseLong(options.get("--latency-ms")));
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource(BenchEvents.SEED));
        CloudClients clients = CloudClients.forEmulator(cloud.host())) {
      new CriticalPathBench(cloud, clients, latency).run(runs).forEach(Row::print);
    }
  }

  private List<Row> run(int runs) throws Exception {
    List<Scenario> scenarios = List.of(
        new Scenario("new GKE cluster", BenchEvents.GKE, false),
        new Scenario("compliant GKE cluster", BenchEvents.GKE, true),
        new Scenario("new Vertex model", BenchEvents.VERTEX_PUBSUB, false));
    Map<String, List<Measured>> results = new LinkedHashMap<>();
    measure(scenarios.get(0), false); // warms the clients, the channels and the JIT; not counted
    measure(scenarios.get(0), true);
    for (int i = 0; i < runs; i++) {
      for (Scenario scenario : scenarios) {
        for (boolean sequential : List.of(true, false)) {
          results.computeIfAbsent(scenario.name() + sequential, k -> new ArrayList<>())
              .add(measure(scenario, sequential));
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    char label = 'e';
    String versus = " (vs the sequential applier)";
    for (Scenario scenario : scenarios) {
      rows.add(Row.measured("3" + label + " round trips on the critical path, " + scenario.name()
              + (label == 'e' ? versus : ""), roundTrips(results.get(scenario.name() + true)),
          roundTrips(results.get(scenario.name() + false)), ""));
      label++;
    }
    for (Scenario scenario : scenarios) {
      rows.add(Row.measured("3" + label + " time to compliance at +" + latency.toMillis() + " ms per call, "
              + scenario.name() + (label == 'h' ? versus : ""), millis(results.get(scenario.name() + true)),
          millis(results.get(scenario.name() + false)), "ms"));
      label++;
    }
    return rows;
  }

  private Measured measure(Scenario scenario, boolean sequential) throws Exception {
    cloud.reset();
    CallTrace trace = new CallTrace();
    Gateways gateways = trace.wrap(Gateways.over(clients, ShippedKinds.plugins()));
    Reconciler applier = new Reconciler(gateways, ApplySettings.defaults(), RetryLoop.system(), new TargetLocks(),
        Clock.systemUTC());
    if (scenario.compliantFirst()) {
      require(EventMapping.reconcile(applier, event(scenario.fixture()), policy), Set.of(Outcome.APPLIED));
    }
    for (String method : cloud.methods()) {
      cloud.delay(method, latency);
    }
    ResourceEvent event = event(scenario.fixture());
    trace.clear();
    long start = System.nanoTime();
    if (sequential) {
      new SequentialApplier(gateways, RetryLoop.system()).apply(event, policy);
    } else {
      require(EventMapping.reconcile(applier, event, policy), Set.of(Outcome.APPLIED, Outcome.COMPLIANT));
    }
    double millis = (System.nanoTime() - start) / 1e6;
    return new Measured(trace.criticalPath(), millis);
  }

  private static void require(ApplyResult result, Set<Outcome> expected) {
    if (!expected.contains(result.status())) {
      throw new IllegalStateException("expected " + expected + ", got " + result.status() + ": " + result.reason());
    }
  }

  private static ResourceEvent event(Path fixture) throws Exception {
    byte[] json = BenchEvents.JSON.writeValueAsBytes(BenchEvents.fresh(fixture, Instant.now()));
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(json);
    if (!(intake instanceof Intake.Resource resource)) {
      throw new IllegalStateException("the benchmark event " + fixture + " did not decode: " + intake);
    }
    return resource.event();
  }

  private static Samples roundTrips(List<Measured> measured) {
    return Samples.of(measured.stream().map(Measured::roundTrips).toList());
  }

  private static Samples millis(List<Measured> measured) {
    return Samples.of(measured.stream().map(Measured::millis).toList());
  }
}
