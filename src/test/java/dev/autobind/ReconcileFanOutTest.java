package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.iam.v1.Policy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.event.EventDecoder;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import dev.autobind.pubsub.MessagePublished;
import dev.autobind.pubsub.PubsubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scheduled reconcile fans out on the real Pub/Sub emulator: the request becomes one project message per
 * governed project on the backfill topic, and each project message, delivered back to the function, is
 * reconciled in its own invocation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileFanOutTest {
  private static final Path POLICY = Path.of("src/test/resources/backfill/gke-only.yaml");
  private static final String OPS = "gk-platform-ops";
  private static final int GOVERNED = 12;
  private static final Duration GUARD = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalCloud cloud;
  private PubsubEmulator pubsub;

  @BeforeAll
  void start() throws IOException, InterruptedException {
    cloud = LocalCloud.start(seed());
    pubsub = PubsubEmulator.start();
  }

  @AfterAll
  void stop() {
    try {
      pubsub.close();
    } finally {
      cloud.close();
    }
  }

  /** Twelve governed projects with one cluster each, and the function's own project, which is not governed. */
  private static Seed seed() {
    List<Seed.Project> projects = new ArrayList<>();
    for (int i = 0; i < GOVERNED; i++) {
      String id = project(i);
      projects.add(new Seed.Project(id, 800_000_000_001L + i, Policy.getDefaultInstance(), List.of(),
          List.of(new Seed.Cluster("us-central1", "train", id + ".svc.id.goog", Map.of())), List.of(), List.of()));
    }
    projects.add(new Seed.Project(OPS, 800_000_000_000L, Policy.getDefaultInstance(), List.of(),
        List.of(new Seed.Cluster("us-central1", "ops", "", Map.of())), List.of(), List.of()));
    return new Seed(Duration.ZERO, projects);
  }

  private static String project(int i) {
    return String.format(Locale.ROOT, "gk-fan-%02d", i);
  }

  @Test
  void aReconcileRequestBecomesOneMessagePerGovernedProjectEachReconciledOnItsOwn() throws Exception {
    TopicName topic = pubsub.createTopic(OPS, "autobind-backfill");
    SubscriptionName subscription = pubsub.createSubscription(topic, "autobind-backfill-sub");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReconcileSetup setup = new ReconcileSetup(Optional.of(() -> PubsubTopicSender.open(topic,
        Optional.of(pubsub.host()), PublishSettings.defaults())), Duration.ofSeconds(120));
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()).policy(),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      AutobindFunction function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
          new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8)), Optional.empty(), setup);
      Map<String, Long> before = cloud.calls();

      JsonNode fanOut = deliver(function, log, topic, subscription,
          "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"scheduled\"}");

      assertThat(fanOut.path("message").asText()).as(fanOut.toString())
          .isEqualTo("reconciled: fanned out the governed scope: 12 project messages published, 0 failed");
      assertThat(minus(cloud.calls(), before)).as("the fan-out only searches")
          .containsOnlyKeys("google.cloud.resourcemanager.v3.Projects/SearchProjects");
      List<PubsubMessage> messages = pubsub.pullAll(subscription, GOVERNED, GUARD).stream()
          .map(ReceivedMessage::getMessage).toList();
      assertThat(messages.stream().map(m -> json(m.getData().toStringUtf8()).path("project").asText()))
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, GOVERNED).mapToObj(ReconcileFanOutTest::project)
              .toList());
      assertThat(messages).allSatisfy(m -> assertThat(json(m.getData().toStringUtf8()).path("reconcile").asText())
          .isEqualTo("project"));

      for (PubsubMessage message : messages) {
        String project = json(message.getData().toStringUtf8()).path("project").asText();
        JsonNode record = deliver(function, log, topic, subscription, message.getData().toStringUtf8());
        assertThat(record.path("message").asText()).as(record.toString())
            .isEqualTo("reconciled: reconciled project " + project + ": 1 found, 1 applied, 0 compliant, 0 failed");
        assertThat(cloud.iamPolicy("projects/" + project).getBindingsList()).isNotEmpty();
      }
      assertThat(cloud.iamPolicy("projects/" + OPS).getBindingsList()).as("the function's own project").isEmpty();
    }
  }

  @Test
  void aProjectMessageForAProjectThePolicyDoesNotGovernWritesNothing() throws Exception {
    TopicName topic = pubsub.createTopic(OPS, "autobind-backfill-2");
    SubscriptionName subscription = pubsub.createSubscription(topic, "autobind-backfill-2-sub");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()).policy(),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      AutobindFunction function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
          new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8)), Optional.empty(),
          ReconcileSetup.IN_PROCESS);
      Map<String, Long> before = cloud.calls();

      JsonNode record = deliver(function, log, topic, subscription,
          "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"project\",\"project\":\"" + OPS + "\"}");

      assertThat(record.path("message").asText())
          .isEqualTo("reconciled: reconciled project " + OPS + ": 0 found, 0 applied, 0 compliant, 0 failed");
      assertThat(minus(cloud.calls(), before)).as("nothing is read or written").isEmpty();
      assertThat(cloud.iamPolicy("projects/" + OPS).getBindingsList()).isEmpty();
    }
  }

  /** A fault on the project's listing, and whether the function throws so that Pub/Sub delivers the message again. */
  record ListingFault(String name, Status.Code code, boolean thrown, String outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ListingFault> listingFaults() {
    return Stream.of(
        new ListingFault("over quota: the function throws, the project is delivered again",
            Status.Code.RESOURCE_EXHAUSTED, true, "retry"),
        new ListingFault("refused: recorded as failed, not delivered again", Status.Code.PERMISSION_DENIED, false,
            "failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listingFaults")
  void aProjectMessageThatFailedForNowIsDeliveredAgainAndAPermanentFailureIsNot(ListingFault f) throws Exception {
    TopicName topic = TopicName.of(OPS, "autobind-backfill-3");
    SubscriptionName subscription = SubscriptionName.of(OPS, "autobind-backfill-3-sub");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    cloud.failNext("google.container.v1.ClusterManager/ListClusters", f.code(), 1_000);
    try (PolicyApplier engine = PolicyApplier.over(PolicyFile.load(POLICY, ShippedKinds.registry()).policy(),
        CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(), ShippedKinds.plugins())) {
      AutobindFunction function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
          new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8)), Optional.empty(),
          ReconcileSetup.IN_PROCESS);
      String payload = "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"project\",\"project\":\""
          + project(0) + "\"}";

      Throwable thrown = catchThrowable(() -> deliver(function, log, topic, subscription, payload));

      assertThat(thrown != null).as(String.valueOf(thrown)).isEqualTo(f.thrown());
      if (f.thrown()) {
        assertThat(thrown).isInstanceOf(AutobindFunction.RedeliveryRequested.class);
      }
      JsonNode record = json(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
          .reduce((a, b) -> b).orElseThrow());
      assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo(f.outcome());
      assertThat(record.path("error").asText()).contains(f.code().name());
    } finally {
      cloud.clearFaults();
    }
  }

  private static JsonNode deliver(AutobindFunction function, ByteArrayOutputStream log, TopicName topic,
      SubscriptionName subscription, String payload) {
    PubsubMessage message = PubsubMessage.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8(payload))
        .setMessageId("reconcile-" + System.nanoTime())
        .setPublishTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
        .build();
    function.accept(MessagePublished.event(message, subscription, topic.toString()));
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    return json(lines.get(lines.size() - 1));
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> diff = new java.util.TreeMap<>();
    after.forEach((method, count) -> {
      long more = count - before.getOrDefault(method, 0L);
      if (more > 0) {
        diff.put(method, more);
      }
    });
    return diff;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
