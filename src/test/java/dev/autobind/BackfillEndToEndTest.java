package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.BackfillWorld;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.cli.BackfillCli;
import dev.autobind.event.EventDecoder;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.FunctionAccess;
import dev.autobind.policy.PolicyFile;
import dev.autobind.pubsub.MessagePublished;
import dev.autobind.pubsub.PubsubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill end to end: 200 existing resources over five projects (one already compliant, and an
 * excluded sandbox) are published to the real Pub/Sub emulator, pulled from a subscription and
 * delivered to the function as the platform would. The IAM state must end as the policy says; the
 * compliant resources, and a second delivery of everything (a replay), must cause no write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPS = "bf-platform-ops";
  private static final Duration GUARD = Duration.ofSeconds(120);
  /** How often a delivery the function asked to be redelivered (HTTP 5xx) is sent again, as the platform would. */
  private static final int REDELIVERIES = 5;

  private final Seed seed = BackfillWorld.standard();
  private final List<String> governed = BackfillWorld.governedNames(seed);
  private final AtomicInteger topics = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalCloud cloud;
  private PubsubEmulator pubsub;
  private InvokerProcess invoker;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(seed);
    pubsub = PubsubEmulator.start();
    invoker = InvokerProcess.start(Map.of(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host(),
        "AUTOBIND_POLICY", BackfillWorld.POLICY.toString()));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      invoker.close();
    } finally {
      try {
        pubsub.close();
      } finally {
        cloud.close();
      }
    }
  }

  @BeforeEach
  void resetWorld() {
    cloud.reset(seed);
  }

  @Test
  void perProjectBackfillThroughTheInvokerConvergesAndAReplayWritesNothing(@TempDir Path dir) throws Exception {
    Topic topic = freshTopic();

    Process backfill = backfillProcess(dir, "--topic", topic.name().toString());

    assertThat(backfill.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(backfill.exitValue()).as(Files.readString(dir.resolve("stderr"))).isZero();
    List<PubsubMessage> messages = pull(topic);
    deliverAndCheck(messages, m -> deliverThroughInvoker(m, topic), () -> invokerOutcomes(messages));
  }

  @Test
  void scopeBackfillDeliveredToAFunctionInstanceConvergesAndAReplayWritesNothing() throws Exception {
    Topic topic = freshTopic();

    BackfillCli.Result run = BackfillCli.run(environment(), PublishSettings.defaults(), Duration.ofMillis(10),
        "--topic", topic.name().toString(), "--scope", "organizations/123456789012");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("backfill done: 200 found, 200 published, 0 failed",
        "  skipped 1 project(s) outside the policy, with 6 resource(s):");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(BackfillWorld.POLICY, ShippedKinds.registry()).policy(),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      AutobindFunction function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
          new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8)), Optional.empty());
      List<PubsubMessage> messages = pull(topic);
      deliverAndCheck(messages, m -> function.accept(MessagePublished.event(m, topic.subscription(),
          topic.name().toString())), () -> outcomes(log.toString(StandardCharsets.UTF_8).lines().toList()));
    }
  }

  @Test
  void aScheduledReconcileMessageConvergesTheGovernedProjectsAndASecondWritesNothing() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (PolicyApplier engine = engine()) {
      AutobindFunction function = functionLoggingTo(engine, log);
      Map<String, Long> before = cloud.calls();

      JsonNode first = deliverReconcile(function, log, "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}");

      assertThat(first.path("outcome").asText()).as(first.toString()).isEqualTo("reconciled");
      assertThat(first.path("severity").asText()).isEqualTo("NOTICE");
      assertThat(first.path("message").asText()).startsWith("reconciled: reconciled the governed scope: 200 found, ")
          .endsWith(" 0 failed").doesNotContain(" 0 applied");
      assertThat(outcomes(log.toString(StandardCharsets.UTF_8).lines().toList()))
          .containsEntry("reconciled", 1L).doesNotContainKeys("failed", "retry", "invalid");
      assertWorldFollowsThePolicy();
      Map<String, Long> afterFirst = cloud.calls();
      assertThat(writes(afterFirst) - writes(before)).isPositive();
      log.reset();

      JsonNode second = deliverReconcile(function, log, "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}");

      assertThat(second.path("message").asText()).isEqualTo("reconciled: reconciled the governed scope: 200 found,"
          + " 0 applied, 200 compliant, 0 failed");
      assertThat(writes(cloud.calls()) - writes(afterFirst)).as("writes in the second run").isZero();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReconcileMessageThatNamesAScopeIsInvalidAndReadsNothing() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (PolicyApplier engine = engine()) {
      AutobindFunction function = functionLoggingTo(engine, log);
      Map<String, Long> before = cloud.calls();

      JsonNode record = deliverReconcile(function, log,
          "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"organizations/1\"}");

      assertThat(record.path("outcome").asText()).isEqualTo("invalid");
      assertThat(record.path("error").asText()).isEqualTo("data.message.data.reconcile: unknown reconcile request"
          + " \"organizations/1\", expected scheduled or project");
      assertThat(cloud.calls()).isEqualTo(before);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private PolicyApplier engine() {
    return PolicyApplier.over(PolicyFile.load(BackfillWorld.POLICY, ShippedKinds.registry()).policy(), CloudClients.forEmulator(cloud.host()),
        ApplySettings.defaults(), ShippedKinds.plugins());
  }

  private static AutobindFunction functionLoggingTo(PolicyApplier engine, ByteArrayOutputStream log) {
    return new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
        new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8)), Optional.empty());
  }

  /** Delivers {@code payload} from the backfill topic, as the reconcile job publishes it; the last record logged. */
  private static JsonNode deliverReconcile(AutobindFunction function, ByteArrayOutputStream log, String payload) {
    PubsubMessage message = PubsubMessage.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8(payload))
        .setMessageId("reconcile-" + System.nanoTime())
        .setPublishTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_795_000_000L)).build();
    function.accept(MessagePublished.event(message, SubscriptionName.of(OPS, "autobind-backfill"),
        TopicName.of(OPS, "autobind-backfill").toString()));
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    return json(lines.get(lines.size() - 1));
  }

  @Test
  void directBackfillConvergesAndASecondRunWritesNothing() {
    Map<String, Long> before = cloud.calls();

    BackfillCli.Result first = BackfillCli.run(environment(), PublishSettings.defaults(), Duration.ofMillis(10),
        "--direct", "--parallelism", "4");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(decisions(first.out())).hasSize(governed.size());
    assertThat(first.err()).contains("backfill done: 200 found, ", " 0 failed");
    assertWorldFollowsThePolicy();
    Map<String, Long> afterFirst = cloud.calls();
    assertThat(writes(afterFirst) - writes(before)).isPositive();

    BackfillCli.Result second = BackfillCli.run(environment(), PublishSettings.defaults(), Duration.ofMillis(10),
        "--direct");

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("backfill done: 200 found, 200 compliant, 0 failed");
    assertThat(writes(cloud.calls()) - writes(afterFirst)).isZero();
    assertThat(decisions(second.out())).extracting(d -> d.path("outcome").asText()).containsOnly("compliant");
  }

  /**
   * Delivers the compliant project's messages (no write may follow), then the rest, checks the IAM
   * state, then delivers everything again (no write may follow, and every decision is compliant).
   */
  private void deliverAndCheck(List<PubsubMessage> messages, Consumer<PubsubMessage> deliver,
      Supplier<Map<String, Long>> outcomes) throws Exception {
    assertThat(messages.stream().map(BackfillEndToEndTest::resourceOf).toList())
        .containsExactlyInAnyOrderElementsOf(governed);
    List<PubsubMessage> compliant = messages.stream()
        .filter(m -> resourceOf(m).contains("/projects/" + BackfillWorld.COMPLIANT + "/")).toList();
    List<PubsubMessage> rest = messages.stream().filter(m -> !compliant.contains(m)).toList();
    Map<String, String> etags = compliantEtags();
    long start = writes(cloud.calls());

    deliverAll(compliant, deliver);
    assertThat(writes(cloud.calls()) - start).as("writes for already compliant resources").isZero();
    assertThat(compliantEtags()).isEqualTo(etags);

    deliverAll(rest, deliver);
    assertWorldFollowsThePolicy();
    assertThat(compliantEtags()).isEqualTo(etags);

    long beforeReplay = writes(cloud.calls());
    Map<String, Long> outcomesBeforeReplay = outcomes.get();
    deliverAll(messages, deliver);
    assertThat(writes(cloud.calls()) - beforeReplay).as("writes during the replay").isZero();
    Map<String, Long> replayOutcomes = new TreeMap<>(outcomes.get());
    outcomesBeforeReplay.forEach((k, v) -> replayOutcomes.merge(k, -v, Long::sum));
    replayOutcomes.values().removeIf(v -> v == 0);
    assertThat(replayOutcomes).isEqualTo(Map.of("compliant", (long) messages.size()));
  }

  private static void deliverAll(List<PubsubMessage> messages, Consumer<PubsubMessage> deliver) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      messages.forEach(m -> done.add(pool.submit(() -> deliver.accept(m))));
      for (Future<?> f : done) {
        f.get(GUARD.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One HTTP delivery in binary mode, sent again while the function answers 5xx, as Eventarc does. */
  // Each test's fresh topic stands in for the function's backfill topic: Eventarc names the topic its trigger
  // reads, which the invoker's function.yaml declares (function.backfillTopic), and the gate takes backfill
  // messages from that topic only.
  private void deliverThroughInvoker(PubsubMessage message, Topic topic) {
    String trigger = TopicName.of(OPS, FunctionAccess.DEFAULT_BACKFILL_TOPIC).toString();
    try {
      for (int attempt = 0; attempt <= REDELIVERIES; attempt++) {
        HttpResponse<String> response = http.send(MessagePublished.request(URI.create(invoker.url()), message,
            topic.subscription(), trigger), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return;
        }
      }
      throw new AssertionError("the function kept refusing " + resourceOf(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while delivering", e);
    }
  }

  /**
   * The outcomes the invoker logged for these messages. Its output is read by another thread, so a
   * line can trail the HTTP response: wait until every delivery so far (each round delivers every
   * message once) has its line.
   */
  private Map<String, Long> invokerOutcomes(List<PubsubMessage> messages) {
    Set<String> ids = messages.stream().map(PubsubMessage::getMessageId).collect(Collectors.toSet());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> lines;
    do {
      lines = invoker.lines().stream().filter(l -> l.startsWith("{"))
          .filter(l -> ids.contains(json(l).path("eventId").asText())).toList();
    } while ((lines.isEmpty() || lines.size() % messages.size() != 0) && System.nanoTime() < deadline
        && pause());
    return outcomes(lines);
  }

  private static boolean pause() {
    try {
      Thread.sleep(50);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Map<String, Long> outcomes(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("{")).map(l -> json(l).path("outcome").asText())
        .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
  }

  private void assertWorldFollowsThePolicy() {
    for (Seed.Project p : seed.projects()) {
      boolean isGoverned = !p.id().equals(BackfillWorld.SANDBOX);
      String trainer = "serviceAccount:" + BackfillWorld.trainer(p.id());
      Map<String, Set<String>> expected = new TreeMap<>(Map.of(BackfillWorld.FOREIGN_ROLE,
          Set.of(BackfillWorld.FOREIGN_MEMBER)));
      if (isGoverned) {
        expected.put("roles/aiplatform.user", Set.of(trainer));
        expected.put("roles/logging.logWriter", Set.of(trainer));
        expected.put("roles/container.developer", Set.of(BackfillWorld.ENGINEERS));
      }
      assertThat(bindings(cloud.iamPolicy("projects/" + p.id()))).as(p.id()).isEqualTo(expected);
      assertThat(cloud.serviceAccountExists(BackfillWorld.trainer(p.id()))).as(p.id()).isEqualTo(isGoverned);
      if (isGoverned) {
        assertThat(bindings(cloud.iamPolicy("projects/-/serviceAccounts/" + BackfillWorld.trainer(p.id()))))
            .isEqualTo(Map.of("roles/iam.serviceAccountUser", Set.of(BackfillWorld.ENGINEERS)));
      }
      for (Seed.Model m : p.models()) {
        assertThat(bindings(cloud.iamPolicy(modelName(p, m)))).as(modelName(p, m))
            .isEqualTo(isGoverned ? Map.of("roles/aiplatform.viewer", Set.of(BackfillWorld.REVIEWERS)) : Map.of());
      }
    }
  }

  private Map<String, String> compliantEtags() {
    Map<String, String> etags = new TreeMap<>();
    Seed.Project p = seed.projects().stream().filter(x -> x.id().equals(BackfillWorld.COMPLIANT)).findFirst()
        .orElseThrow();
    List<String> names = new ArrayList<>(List.of("projects/" + p.id(),
        "projects/-/serviceAccounts/" + BackfillWorld.trainer(p.id())));
    p.models().forEach(m -> names.add(modelName(p, m)));
    names.forEach(n -> etags.put(n, cloud.iamPolicy(n).getEtag().toStringUtf8()));
    return etags;
  }

  private static String modelName(Seed.Project p, Seed.Model m) {
    return "projects/" + p.id() + "/locations/" + m.location() + "/models/" + m.id();
  }

  private static Map<String, Set<String>> bindings(Policy policy) {
    Map<String, Set<String>> byRole = new TreeMap<>();
    for (Binding b : policy.getBindingsList()) {
      byRole.computeIfAbsent(b.getRole(), r -> new TreeSet<>()).addAll(b.getMembersList());
    }
    return byRole;
  }

  /** Calls that change IAM state: policy writes on any target, and service account creation. */
  private static long writes(Map<String, Long> calls) {
    return calls.entrySet().stream()
        .filter(e -> e.getKey().endsWith("/SetIamPolicy") || e.getKey().endsWith("/CreateServiceAccount"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host());
    env.put(PubsubTopicSender.EMULATOR_HOST_VARIABLE, pubsub.host());
    env.put("AUTOBIND_POLICY", BackfillWorld.POLICY.toString());
    return env;
  }

  /** {@code java ... autobind backfill ARGS} in a child JVM, configured only through its environment. */
  private Process backfillProcess(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.autobind.cli.Main", "backfill"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    builder.environment().putAll(environment());
    return builder.start();
  }

  /** A topic and its subscription. */
  record Topic(TopicName name, SubscriptionName subscription) {}

  private Topic freshTopic() {
    String id = "e2e-" + topics.incrementAndGet();
    TopicName name = pubsub.createTopic(OPS, id);
    return new Topic(name, pubsub.createSubscription(name, id + "-sub"));
  }

  private List<PubsubMessage> pull(Topic topic) {
    List<ReceivedMessage> received = pubsub.pullAll(topic.subscription(), governed.size(), GUARD);
    return received.stream().map(ReceivedMessage::getMessage).toList();
  }

  private static String resourceOf(PubsubMessage message) {
    return json(message.getData().toStringUtf8()).path("resource").asText();
  }

  private static List<JsonNode> decisions(String out) {
    return out.lines().filter(l -> l.startsWith("{")).map(BackfillEndToEndTest::json).toList();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + text, e);
    }
  }
}
