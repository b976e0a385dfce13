package dev.autobind.bench;

import com.google.pubsub.v1.TopicName;
import dev.autobind.apply.CloudClients;
import dev.autobind.backfill.BackfillPublisher;
import dev.autobind.backfill.BackfillReport;
import dev.autobind.backfill.BackfillWorld;
import dev.autobind.backfill.FoundResource;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.cli.BackfillCli;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexModel;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.policy.Glob;
import dev.autobind.policy.ProjectScope;
import dev.autobind.pubsub.PubsubEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Backfill publishing throughput through the real Pub/Sub emulator, against a sequential loop (one
 * publish at a time, waiting on each result) in the same run. Not part of the test suite.
 *
 * <p>Run after {@code mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.autobind.bench.BackfillBench [RESOURCES]}
 * (default 10,000). It prints one line per measurement and the ratio; it exits non-zero when any
 * message failed to publish.
 */
public final class BackfillBench {

  private static final String OPS = "bf-platform-ops";
  private static final int WARM_UP = 1_000;

  private BackfillBench() {}

  /** One measured run: how many messages were published, and how long it took. */
  record Measure(String name, long published, Duration took) {
    double rate() {
      return published / Math.max(took.toNanos() / 1e9, 1e-9);
    }

    String line() {
      return String.format(Locale.ROOT, "  %-78s %6d in %7.2f s = %8.0f msg/s", name, published,
          took.toNanos() / 1e9, rate());
    }
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    List<FoundResource> resources = resources(count);
    try (PubsubEmulator emulator = PubsubEmulator.start()) {
      System.out.println("backfill bench: " + count + " resources, Pub/Sub emulator at " + emulator.host()
          + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
      TopicName topic = emulator.createTopic(OPS, "bench");
      emulator.createSubscription(topic, "bench-sub");
      batched(emulator, topic, resources.subList(0, WARM_UP));
      sequential(emulator, topic, resources.subList(0, WARM_UP));

      Measure batched = batched(emulator, topic, resources);
      Measure sequential = sequential(emulator, topic, resources);
      Measure command = command(emulator, topic, count);
      List.of(batched, sequential, command).forEach(m -> System.out.println(m.line()));
      System.out.printf(Locale.ROOT, "  ratio batched / sequential: %.1fx%n", batched.rate() / sequential.rate());
      boolean complete = batched.published() == count && sequential.published() == count
          && command.published() == count;
      System.exit(complete ? 0 : 1);
    }
  }

  /** BackfillPublisher with the default batching and flow control, as the backfill command uses it. */
  static Measure batched(PubsubEmulator emulator, TopicName topic, List<FoundResource> resources)
      throws InterruptedException {
    BackfillReport report = new BackfillReport(new ProjectScope(List.of(Glob.of("*")), List.of()));
    long start = System.nanoTime();
    try (BackfillPublisher publisher = BackfillPublisher.open(topic, Optional.of(emulator.host()),
        PublishSettings.defaults(), report)) {
      for (FoundResource r : resources) {
        report.admit(r);
        publisher.accept(r);
      }
      publisher.finish();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    BackfillReport.Snapshot s = report.snapshot();
    if (!s.failures().isEmpty()) {
      System.out.println("  batched publishing failed for " + s.failures().size() + ", first: " + s.failures().get(0));
    }
    return new Measure("batched: BackfillPublisher (batches of 1,000 within 10 ms, 10,000 in flight)",
        s.outcomes().getOrDefault("published", 0L), took);
  }

  /** The baseline: the same messages, one publish at a time, each waited on before the next. */
  static Measure sequential(PubsubEmulator emulator, TopicName topic, List<FoundResource> resources)
      throws InterruptedException {
    long published = 0;
    long start = System.nanoTime();
    try (PubsubTopicSender sender = PubsubTopicSender.open(topic, Optional.of(emulator.host()),
        PublishSettings.defaults().unbatched())) {
      for (FoundResource r : resources) {
        try {
          sender.send(BackfillPublisher.message(r)).get();
          published++;
        } catch (ExecutionException e) {
          System.out.println("  sequential publish failed for " + r.fullName() + ": " + e.getCause());
        }
      }
    }
    return new Measure("sequential: one publish at a time, waiting on each future (batching off)", published,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The whole command: Cloud Asset search on the local cloud, then batched publishing. */
  static Measure command(PubsubEmulator emulator, TopicName topic, int count) throws Exception {
    int projects = 20;
    try (LocalCloud cloud = LocalCloud.start(BackfillWorld.seed(projectIds(projects), count / projects, 0))) {
      long start = System.nanoTime();
      BackfillCli.Result run = BackfillCli.run(Map.of(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host(),
          PubsubTopicSender.EMULATOR_HOST_VARIABLE, emulator.host(), "AUTOBIND_POLICY", BenchEvents.POLICY.toString()),
          PublishSettings.defaults(), Duration.ofSeconds(1), "--topic", topic.toString(), "--scope", "organizations/1");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String summary = run.err().lines().filter(l -> l.startsWith("backfill ")).reduce((a, b) -> b).orElse("");
      long published = run.exitCode() == 0 && summary.contains(" " + count + " published") ? count : 0;
      if (published == 0) {
        System.out.println("  backfill command did not publish everything (exit " + run.exitCode() + "): " + summary);
      }
      return new Measure("command: backfill --scope (Cloud Asset search on the local cloud + publish)",
          published, took);
    }
  }

  private static List<String> projectIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format(Locale.ROOT, "ml-bench-%02d", i));   // governed by the shipped file's ml-*
    }
    return ids;
  }

  private static List<FoundResource> resources(int count) {
    List<FoundResource> resources = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      resources.add(i % 5 < 3
          ? new FoundResource(GkeCluster.KIND, "bf-bench-" + (i % 20 < 10 ? "0" : "") + i % 20,
              "us-central1-a", String.format(Locale.ROOT, "gke-%05d", i))
          : new FoundResource(VertexModel.KIND, "bf-bench-" + (i % 20 < 10 ? "0" : "") + i % 20,
              "us-central1", String.format(Locale.ROOT, "8%018d", i)));
    }
    return resources;
  }
}
