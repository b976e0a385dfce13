package dev.autobind.bench;

import dev.autobind.apply.EventMapping;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Figure 4: a burst of cluster creations in one project. 50 clusters, each with its two LRO entries
 * (first and last phase) and one duplicate delivery of each, so 200 deliveries, applied by one
 * instance at concurrency 16 while the local cloud adds 30 ms to every call. autobind's applier
 * (one writer per target inside the instance) against the same applier with no in-process coalescing
 * ({@link TargetLocks#none()}), where only the etag orders the writes. A delivery that ends in a
 * transient failure is delivered again, as the platform would.
 *
 * <p>Usage: {@code BurstBench [--runs 3] [--clusters 50] [--concurrency 16] [--latency-ms 30]}
 */
public final class BurstBench {
  static final String PROJECT = "ml-burst";
  static final String LOCATION = "europe-west4-b";
  static final String SET_PROJECT_POLICY = "google.cloud.resourcemanager.v3.Projects/SetIamPolicy";
  static final String SET_ACCOUNT_POLICY = "google.iam.admin.v1.IAM/SetIamPolicy";
  static final String EMAIL = "ml-trainer@" + PROJECT + ".iam.gserviceaccount.com";

  private final LocalCloud cloud;
  private final CloudClients clients;
  private final dev.autobind.policy.Policy policy = PolicyFile.load(BenchEvents.POLICY, ShippedKinds.registry()).policy();
  private final int clusters;
  private final int concurrency;
  private final Duration latency;

  /** What one burst measured. */
  record Outcome(long projectWrites, long accountWrites, long conflicts, long retries, long redeliveries,
      double millisToCompliance, double millisToDrain, long calls) {}

  private BurstBench(LocalCloud cloud, CloudClients clients, int clusters, int concurrency, Duration latency) {
    this.cloud = cloud;
    this.clients = clients;
    this.clusters = clusters;
    this.concurrency = concurrency;
    this.latency = latency;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--runs", "3", "--clusters", "50",
        "--concurrency", "16", "--latency-ms", "30"));
    int runs = Integer.parseInt(options.get("--runs"));
    int clusters = Integer.parseInt(options.get("--clusters"));
    try (LocalCloud cloud = LocalCloud.start(Seed.parse(seed(clusters), "burst seed"));
        CloudClients clients = CloudClients.forEmulator(cloud.host())) {
      BurstBench bench = new BurstBench(cloud, clients, clusters, Integer.parseInt(options.get("--concurrency")),
          Duration.ofMillis(Long.parseLong(options.get("--latency-ms"))));
      List<Outcome> naive = new ArrayList<>();
      List<Outcome> autobind = new ArrayList<>();
      bench.burst(TargetLocks::new, 0); // warms the clients and the JIT; not counted
      for (int i = 0; i < runs; i++) {
        naive.add(bench.burst(TargetLocks::none, i + 1));
        autobind.add(bench.burst(TargetLocks::new, i + 1));
      }
      bench.rows(naive, autobind).forEach(Row::print);
    }
  }

  private List<Row> rows(List<Outcome> naive, List<Outcome> autobind) {
    String what = "4  burst: " + clusters * 4 + " deliveries, " + clusters + " clusters, " + concurrency + " at once, +"
        + latency.toMillis() + " ms/call (vs no coalescing)";
    return List.of(
        new Row(what, "-", "-", "-", "-", "-"),
        Row.measured("4a   writes to the project policy", of(naive, Outcome::projectWrites),
            of(autobind, Outcome::projectWrites), ""),
        Row.measured("4b   writes to the service account's policy", of(naive, Outcome::accountWrites),
            of(autobind, Outcome::accountWrites), ""),
        Row.measured("4c   etag conflicts (ABORTED writes)", of(naive, Outcome::conflicts),
            of(autobind, Outcome::conflicts), ""),
        Row.measured("4d   attempts redone by the applier", of(naive, Outcome::retries), of(autobind, Outcome::retries),
            ""),
        Row.measured("4e   deliveries failed, redelivered", of(naive, Outcome::redeliveries),
            of(autobind, Outcome::redeliveries), ""),
        Row.measured("4f   time until every binding is present", ofDouble(naive, Outcome::millisToCompliance),
            ofDouble(autobind, Outcome::millisToCompliance), "ms"),
        Row.measured("4g   time until every delivery is answered", ofDouble(naive, Outcome::millisToDrain),
            ofDouble(autobind, Outcome::millisToDrain), "ms"),
        Row.measured("4h   API calls in all", of(naive, Outcome::calls), of(autobind, Outcome::calls), ""));
  }

  private Outcome burst(Supplier<TargetLocks> locks, long shuffleSeed) throws Exception {
    cloud.reset();
    for (String method : cloud.methods()) {
      cloud.delay(method, latency);
    }
    Reconciler applier = new Reconciler(Gateways.over(clients, ShippedKinds.plugins()), ApplySettings.defaults(), RetryLoop.system(), locks.get(),
        Clock.systemUTC());
    List<ResourceEvent> deliveries = deliveries(Instant.now(), shuffleSeed);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    ComplianceWatch watch = new ComplianceWatch(cloud);
    AtomicLong retries = new AtomicLong();
    long redeliveries = 0;
    long added = 0;
    long start = System.nanoTime();
    watch.start(start);
    try {
      ExecutorCompletionService<ApplyResult> done = new ExecutorCompletionService<>(pool);
      Map<Future<ApplyResult>, ResourceEvent> pending = new java.util.HashMap<>();
      for (ResourceEvent event : deliveries) {
        pending.put(done.submit(() -> EventMapping.reconcile(applier, event, policy)), event);
      }
      while (!pending.isEmpty()) {
        Future<ApplyResult> next = done.take();
        ResourceEvent event = pending.remove(next);
        ApplyResult result = next.get();
        retries.addAndGet(result.retries());
        added += result.targets().stream().filter(t -> t.status() == ApplyResult.TargetStatus.ADDED).count();
        if (result.status() == dev.autobind.event.Outcome.RETRY) {
          redeliveries++;
          pending.put(done.submit(() -> EventMapping.reconcile(applier, event, policy)), event);
        } else if (result.status() != dev.autobind.event.Outcome.APPLIED && result.status() != dev.autobind.event.Outcome.COMPLIANT) {
          throw new IllegalStateException("a burst delivery ended " + result.status() + ": " + result.reason());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double drain = (System.nanoTime() - start) / 1e6;
    double compliance = watch.stop();
    if (!watch.compliant()) {
      throw new IllegalStateException("after the burst the bindings are not all present");
    }
    long projectWrites = cloud.calls(SET_PROJECT_POLICY);
    long accountWrites = cloud.calls(SET_ACCOUNT_POLICY);
    long calls = cloud.calls().values().stream().mapToLong(Long::longValue).sum();
    return new Outcome(projectWrites, accountWrites, projectWrites + accountWrites - added, retries.get(),
        redeliveries, compliance, drain, calls);
  }

  /** Per cluster: the first and the last LRO entry, each delivered twice (same event id), in a shuffled order. */
  private List<ResourceEvent> deliveries(Instant now, long shuffleSeed) {
    List<ResourceEvent> events = new ArrayList<>();
    for (int c = 0; c < clusters; c++) {
      for (Phase phase : List.of(Phase.FIRST, Phase.LAST)) {
        ResourceEvent event = new ResourceEvent(ResourceRef.of(GkeCluster.KIND, PROJECT, LOCATION, "burst-" + c), phase,
            "google.container.v1.ClusterManager.CreateCluster", Optional.of("alice@example.com"), Optional.of(now),
            DeliveryPath.EVENTARC, "burst-" + c + "-" + phase);
        events.add(event);
        events.add(event);
      }
    }
    Collections.shuffle(events, new Random(shuffleSeed));
    return events;
  }

  static String seed(int clusters) {
    StringBuilder yaml = new StringBuilder("visibilityDelayMs: 0\nprojects:\n")
        .append("  - id: ").append(PROJECT).append("\n    number: 333333333333\n")
        .append("    iamPolicy:\n      bindings:\n")
        .append("        - {role: roles/storage.admin, members: [\"group:data@example.com\"]}\n")
        .append("    clusters:\n");
    for (int c = 0; c < clusters; c++) {
      yaml.append("      - {location: ").append(LOCATION).append(", name: burst-").append(c)
          .append(", workloadPool: ").append(PROJECT).append(".svc.id.goog}\n");
    }
    return yaml.toString();
  }

  private static Samples of(List<Outcome> outcomes, java.util.function.ToLongFunction<Outcome> value) {
    return Samples.of(outcomes.stream().map(value::applyAsLong).toList());
  }

  private static Samples ofDouble(List<Outcome> outcomes, java.util.function.ToDoubleFunction<Outcome> value) {
    return Samples.of(outcomes.stream().map(value::applyAsDouble).toList());
  }

  /**
   * Polls the local cloud's state (in process, not through the API, so it adds no calls) until every
   * binding the policy asks for is present, and remembers when that first happened.
   */
  static final class ComplianceWatch {
    private final LocalCloud cloud;
    private final Thread thread;
    private volatile long start;
    private volatile long compliantAt = -1;
    private volatile boolean stopped;

    ComplianceWatch(LocalCloud cloud) {
      this.cloud = cloud;
      this.thread = new Thread(this::watch, "compliance-watch");
      thread.setDaemon(true);
    }

    void start(long startNanos) {
      start = startNanos;
      thread.start();
    }

    /** Stops watching; the milliseconds from the start to full compliance. */
    double stop() throws InterruptedException {
      stopped = true;
      thread.join();
      if (compliantAt < 0 && compliant()) {
        compliantAt = System.nanoTime();
      }
      return (compliantAt - start) / 1e6;
    }

    private void watch() {
      while (!stopped && compliantAt < 0) {
        if (compliant()) {
          compliantAt = System.nanoTime();
          return;
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    boolean compliant() {
      if (!cloud.serviceAccountExists(EMAIL)) {
        return false;
      }
      Policy project = cloud.iamPolicy("projects/" + PROJECT);
      Policy account = cloud.iamPolicy("projects/" + PROJECT + "/serviceAccounts/" + EMAIL);
      // What the shipped function.yaml grants for a GKE cluster, and the binding the seed already held.
      String trainer = "serviceAccount:" + EMAIL;
      String pods = "principal://iam.googleapis.com/projects/333333333333/locations/global/workloadIdentityPools/"
          + PROJECT + ".svc.id.goog/subject/ns/training/sa/trainer";
      return Stream.of("roles/aiplatform.user", "roles/storage.objectViewer", "roles/artifactregistry.reader",
              "roles/logging.logWriter", "roles/monitoring.metricWriter").allMatch(role -> has(project, role, trainer))
          && Stream.of("roles/aiplatform.user", "roles/storage.objectViewer", "roles/logging.logWriter")
              .allMatch(role -> has(project, role, pods))
          && has(project, "roles/container.developer", "group:ml-engineers@example.com")
          && has(project, "roles/storage.admin", "group:data@example.com")
          && has(account, "roles/iam.serviceAccountUser", "group:ml-engineers@example.com");
    }

    private static boolean has(Policy policy, String role, String member) {
      for (Binding binding : policy.getBindingsList()) {
        if (binding.getRole().equals(role) && binding.getMembersList().contains(member)) {
          return true;
        }
      }
      return false;
    }
  }
}
