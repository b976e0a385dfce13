package dev.autobind.apply;

import static dev.autobind.apply.ApplyFixture.POLICY;
import static dev.autobind.apply.ApplyFixture.cluster;
import static dev.autobind.apply.ApplyFixture.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.Outcome;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.localcloud.Seed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calls the applier makes for one event, by name, and which of them overlap: the account's own
 * policy read doubles as its existence check (no GetServiceAccount), a new account is not polled for,
 * the account is probed while the resource is looked up, and the targets converge at the same time.
 */
class ApplierCallsTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  /** ml-train-a as in the demo world, but ml-trainer exists already with nothing bound. */
  static final String ACCOUNT_EXISTS = """
      projects:
        - id: ml-train-a
          number: 111111111111
          serviceAccounts:
            - {accountId: ml-trainer, displayName: ML trainer}
          clusters:
            - {location: us-central1-a, name: train-gke-1, workloadPool: ml-train-a.svc.id.goog}
      """;

  /**
   * One event and the calls it must make, by {@link CallTrace} name; {@code applyFirst} events are
   * applied once, untraced, before the traced one.
   */
  record Case(String name, Function<Instant, ResourceEvent> event, String seed, int applyFirst, Outcome status,
      Map<String, Long> calls) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Function<Instant, ResourceEvent> gke() {
    return t -> cluster("ml-train-a", "us-central1-a", "train-gke-1", t);
  }

  static Function<Instant, ResourceEvent> vertex(String project) {
    return t -> model(project, "us-central1", "4567890123456789012", t);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("new GKE cluster: probe, create, then each target read and written", gke(), "", 0, Outcome.APPLIED,
            Map.of("resource.get", 1L, "service_account.read", 2L, "account.create", 1L, "project.read", 1L,
                "project.write", 1L, "service_account.write", 1L)),
        new Case("compliant GKE cluster: the probe is the account policy's read, no write", gke(), "", 1,
            Outcome.COMPLIANT, Map.of("resource.get", 1L, "service_account.read", 1L, "project.read", 1L)),
        new Case("GKE cluster, account exists unbound: its probe stands in for the read before the write", gke(),
            ACCOUNT_EXISTS, 0, Outcome.APPLIED, Map.of("resource.get", 1L, "service_account.read", 1L,
                "project.read", 1L, "project.write", 1L, "service_account.write", 1L)),
        new Case("new Vertex model: the project and the model are targets, the account only a member",
            vertex("ml-serve-b"), "", 0, Outcome.APPLIED, Map.of("resource.get", 1L, "service_account.read", 1L,
                "account.create", 1L, "project.read", 1L, "project.write", 1L, "resource_policy.read", 1L,
                "resource_policy.write", 1L)),
        new Case("compliant Vertex model", vertex("ml-serve-b"), "", 1, Outcome.COMPLIANT,
            Map.of("resource.get", 1L, "service_account.read", 1L, "project.read", 1L, "resource_policy.read", 1L)),
        new Case("Vertex model by project number: the project is read first, the account probed after the plan",
            vertex("222222222222"), "", 0, Outcome.APPLIED,
            Map.of("resource.project", 1L, "resource.get", 1L, "service_account.read", 1L, "account.create", 1L,
                "project.read", 1L, "project.write", 1L, "resource_policy.read", 1L, "resource_policy.write", 1L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void makesExactlyTheseCalls(Case c) {
    if (!c.seed().isEmpty()) {
      LOCAL.cloud().reset(Seed.parse(c.seed(), c.name()));
    }
    CallTrace trace = new CallTrace();
    Reconciler applier = ApplyFixture.applier(trace.wrap(Gateways.over(LOCAL.clients(), ShippedKinds.plugins())), LOCAL.clock(),
        ApplySettings.defaults());
    for (int i = 0; i < c.applyFirst(); i++) {
      EventMapping.reconcile(applier, c.event().apply(LOCAL.clock().instant()), POLICY);
    }
    trace.clear();

    ApplyResult result = EventMapping.reconcile(applier, c.event().apply(LOCAL.clock().instant()), POLICY);

    assertThat(result.status()).as(result.reason()).isEqualTo(c.status());
    assertThat(byName(trace)).isEqualTo(new TreeMap<>(c.calls()));
    long writes = c.calls().entrySet().stream().filter(e -> e.getKey().endsWith(".write")
        || e.getKey().equals("account.create")).mapToLong(Map.Entry::getValue).sum();
    long all = c.calls().values().stream().mapToLong(Long::longValue).sum();
    assertThat(result.calls()).isEqualTo(new ApiCalls.Counts((int) (all - writes), (int) writes));
  }

  private static Map<String, Long> byName(CallTrace trace) {
    Map<String, Long> counts = new TreeMap<>();
    trace.calls().forEach(call -> counts.merge(call.name(), 1L, Long::sum));
    return counts;
  }

  /** Calls that must be in flight together: each waits until all have begun, so run in turn they fail. */
  record Overlap(String name, Function<Instant, ResourceEvent> event, Set<String> together,
      dev.autobind.policy.Policy policy) {
    Overlap(String name, Function<Instant, ResourceEvent> event, Set<String> together) {
      this(name, event, together, POLICY);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Overlap> overlaps() {
    return Stream.of(
        new Overlap("GKE: the account probe overlaps the cluster lookup", gke(),
            Set.of("resource.get", "service_account.read")),
        new Overlap("GKE: project and account policies are written at once", gke(),
            Set.of("project.write", "service_account.write")),
        new Overlap("Vertex: project and model policies are read at once", vertex("ml-serve-b"),
            Set.of("project.read", "resource_policy.read")),
        new Overlap("Vertex: the account probe overlaps the model lookup", vertex("ml-serve-b"),
            Set.of("resource.get", "service_account.read")),
        new Overlap("GKE under the shipped function.yaml, whose ksa members need the project number: the project"
            + " read, the cluster read and the account probe overlap", gke(),
            Set.of("resource.project", "resource.get", "service_account.read"),
            dev.autobind.policy.PolicyFile.load(java.nio.file.Path.of("function.yaml"), ShippedKinds.registry())
                .policy()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlaps")
  void independentCallsOverlap(Overlap c) {
    CallTrace trace = new CallTrace().meet(c.together());
    Reconciler applier = ApplyFixture.applier(trace.wrap(Gateways.over(LOCAL.clients(), ShippedKinds.plugins())), LOCAL.clock(),
        ApplySettings.defaults());

    ApplyResult result = EventMapping.reconcile(applier, c.event().apply(LOCAL.clock().instant()), c.policy());

    assertThat(result.status()).as(result.reason()).isEqualTo(Outcome.APPLIED);
    assertThat(trace.calls()).extracting(CallTrace.Call::name).containsAll(List.copyOf(c.together()));
    assertThat(trace.mostConcurrentWritersOnOneTarget()).isEqualTo(1);
  }
}
