package dev.autobind.bench;

import com.google.iam.v1.Policy;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.ReconcileResult;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.backfill.ScheduledReconcile;
import dev.autobind.event.EventDecoder;
import dev.autobind.reconcile.Dispatch;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Figure 7: the scheduled reconcile of N projects under the shipped function.yaml, each project holding one
 * GKE cluster and two Vertex AI models, while the local cloud adds a fixed latency to every call. autobind's
 * reconcile in one process (the path {@code backfill --direct} and a project message share: governed kinds
 * only, projects listed in parallel, facts from the listing, one read per target per run) against
 * {@link SequentialReconcile}, the reconcile before organization scale, in the same run on the same world.
 * Both reconcile a world that already complies, as the daily run mostly finds it; at the smallest N the
 * converging first run is measured too. The fan-out itself spreads projects over invocations and is not
 * timed here: this is the work one project message does, N times.
 *
 * <p>Usage: {@code ReconcileBench [--projects 100,1000] [--latency-ms 20] [--converge-at 100]}
 */
public final class ReconcileBench {
  static final Path POLICY = Path.of("function.yaml");

  private final LocalCloud cloud;
  private final CloudClients clients;
  private final dev.autobind.policy.Policy policy = PolicyFile.load(POLICY, ShippedKinds.registry()).policy();
  private final Duration latency;

  /** One timed reconcile: its wall time and the calls it made, split into listing and the rest. */
  record Outcome(double seconds, long listing, long other, Map<String, Long> byMethod) {}

  private ReconcileBench(LocalCloud cloud, CloudClients clients, Duration latency) {
    this.cloud = cloud;
    this.clients = clients;
    this.latency = latency;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--projects", "100,1000", "--latency-ms", "20",
        "--converge-at", "100"));
    List<Integer> sizes = Arrays.stream(options.get("--projects").split(",")).map(Integer::parseInt).toList();
    int convergeAt = Integer.parseInt(options.get("--converge-at"));
    Duration latency = Duration.ofMillis(Long.parseLong(options.get("--latency-ms")));
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("7  reconcile of N projects, shipped function.yaml (1 cluster, 2 models each), +" + latency.toMillis()
        + " ms/call (vs sequential discovery)", "-", "-", "-", "-", "-"));
    for (int n : sizes) {
      try (LocalCloud cloud = LocalCloud.start(seed(n)); CloudClients clients = CloudClients.forEmulator(cloud.host())) {
        ReconcileBench bench = new ReconcileBench(cloud, clients, latency);
        rows.addAll(bench.rows(n, n == convergeAt));
      }
    }
    rows.forEach(Row::print);
  }

  private List<Row> rows(int n, boolean converge) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (PolicyApplier engine = PolicyApplier.over(policy, clients, ApplySettings.defaults(), ShippedKinds.plugins())) {
      if (converge) {
        cloud.reset();
        Outcome naive = timed(() -> new SequentialReconcile(engine, clients, ShippedKinds.plugins()).run());
        cloud.reset();
        Outcome autobind = timed(() -> reconcile(engine));
        rows.addAll(rows("N=" + n + ", first run (converging)", n, naive, autobind));
      }
      cloud.reset();
      reconcile(engine); // converges the world, untimed
      Outcome naive = timed(() -> new SequentialReconcile(engine, clients, ShippedKinds.plugins()).run());
      Outcome autobind = timed(() -> reconcile(engine));
      rows.addAll(rows("N=" + String.format(Locale.ROOT, "%,d", n) + ", compliant", n, naive, autobind));
    }
    return rows;
  }

  private static List<Row> rows(String what, int n, Outcome naive, Outcome autobind) {
    // The calls per method go to the log: docs/performance.md's quota table is read from them.
    System.out.println("calls by method, " + what + ", sequential: " + naive.byMethod());
    System.out.println("calls by method, " + what + ", autobind: " + autobind.byMethod());
    return List.of(
        Row.counted("7    " + what + ": wall time", seconds(naive), seconds(autobind),
            autobind.seconds() / naive.seconds(), 1),
        Row.counted("7    " + what + ": calls per project (listing + other)", perProject(naive, n),
            perProject(autobind, n), (double) (autobind.listing() + autobind.other()) / (naive.listing() + naive.other()),
            1));
  }

  private static String seconds(Outcome o) {
    return String.format(Locale.ROOT, "%.1f s", o.seconds());
  }

  private static String perProject(Outcome o, int n) {
    return String.format(Locale.ROOT, "%.1f + %.1f", (double) o.listing() / n, (double) o.other() / n);
  }

  /** autobind's reconcile of the whole scope in this process; throws unless every resource was handled. */
  private long reconcile(PolicyApplier engine) {
    ReconcileResult result = ScheduledReconcile.over(engine,
        Dispatch.of(new EventDecoder(ShippedKinds.registry()), () -> engine, decision -> { }, ReconcileSetup.IN_PROCESS),
        Optional.empty(), Duration.ofHours(1))
        .run();
    if (!result.complete()) {
      throw new IllegalStateException("the reconcile did not complete: " + result.problems());
    }
    return result.applied() + result.compliant();
  }

  @FunctionalInterface
  private interface Reconcile {
    long run() throws Exception;
  }

  private Outcome timed(Reconcile reconcile) throws Exception {
    for (String method : cloud.methods()) {
      cloud.delay(method, latency);
    }
    Map<String, Long> before = cloud.calls();
    long start = System.nanoTime();
    long handled = reconcile.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (handled == 0) {
      throw new IllegalStateException("the reconcile handled no resource");
    }
    long listing = 0;
    long other = 0;
    Map<String, Long> byMethod = new java.util.TreeMap<>();
    for (Map.Entry<String, Long> e : cloud.calls().entrySet()) {
      long calls = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (calls > 0) {
        byMethod.put(e.getKey(), calls);
      }
      String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      if (name.startsWith("List") || name.startsWith("Search")) {
        listing += calls;
      } else {
        other += calls;
      }
    }
    return new Outcome(seconds, listing, other, byMethod);
  }

  /** {@code n} governed ml- projects, numbered, each with one cluster (Workload Identity on) and two models. */
  static Seed seed(int n) {
    List<Seed.Project> projects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "ml-rc-%05d", i);
      projects.add(new Seed.Project(id, 500_000_000_000L + i, Policy.getDefaultInstance(), List.of(),
          List.of(new Seed.Cluster("us-central1", "train", id + ".svc.id.goog", Map.of("team", "ml"))),
          List.of(new Seed.Model("us-central1", String.format(Locale.ROOT, "7%05d%013d", i, 1), "a", Map.of(),
                  Policy.getDefaultInstance()),
              new Seed.Model("europe-west4", String.format(Locale.ROOT, "7%05d%013d", i, 2), "b", Map.of(),
                  Policy.getDefaultInstance())), List.of()));
    }
    return new Seed(Duration.ZERO, projects);
  }
}
