package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.PolicyFile;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The function entry point: one decision line per event, and an exception only for transient failures. */
class AutobindFunctionTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The fixtures were written at 2026-11-20T10:00Z; the function sees them a minute later. */
  private static final Instant FIXTURE_NOW = Instant.parse("2026-11-20T10:01:00Z");

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private AutobindFunction function;

  @BeforeEach
  void newFunction() {
    if (LOCAL.clock().instant().isBefore(FIXTURE_NOW)) {
      LOCAL.clock().advance(java.time.Duration.between(LOCAL.clock().instant(), FIXTURE_NOW));
    }
    RetryLoop retry = new RetryLoop(LOCAL.clock()::advance, () -> 0.5, System::nanoTime);
    Reconciler applier = new Reconciler(Gateways.over(LOCAL.clients(), ShippedKinds.plugins()), ApplySettings.defaults(), retry, new TargetLocks(),
        LOCAL.clock());
    PolicyApplier engine = new PolicyApplier(PolicyFile.load(Path.of("src/test/resources/apply/policy.yaml"), ShippedKinds.registry()).policy(), applier,
        () -> { });
    function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
        new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)), Optional.of("ml-platform-ops"));
  }

  /** An event handed straight to the function, and the decision record it must log. */
  record Delivery(String name, String file, String severity, String outcome, String messageStart,
      Map<String, String> labels, long writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Delivery> deliveries() {
    return Stream.of(
        new Delivery("new GKE cluster", "../apply/events/train-gke-1.eventarc.json", "NOTICE", "applied",
            "applied: added 4 grants on 2 targets for //container.googleapis.com/projects/ml-train-a/locations/"
                + "us-central1-a/clusters/train-gke-1",
            Map.of("autobind.outcome", "applied", "autobind.kind", "gke-cluster", "autobind.project", "ml-train-a"),
            3),
        new Delivery("new Vertex model via Pub/Sub", "../apply/events/model-upload.pubsub.json", "NOTICE", "applied",
            "applied: added 3 grants on 2 targets for //aiplatform.googleapis.com/projects/ml-serve-b/",
            Map.of("autobind.outcome", "applied", "autobind.kind", "vertex-model", "autobind.project", "ml-serve-b"),
            3),
        new Delivery("project outside the policy", "gke-create-first.eventarc.json", "INFO", "ignored",
            "ignored: project demo-train is not in policy.projects.include",
            Map.of("autobind.outcome", "ignored", "autobind.kind", "gke-cluster", "autobind.project", "demo-train"), 0),
        new Delivery("failed creation", "gke-create-failed.eventarc.json", "INFO", "ignored",
            "ignored: creation failed with status code 3", Map.of("autobind.outcome", "ignored"), 0),
        new Delivery("hostile name", "hostile-cluster-quote.eventarc.json", "ERROR", "invalid",
            "invalid event: data.protoPayload.resourceName: cluster name \"a\\\"b\"",
            Map.of("autobind.outcome", "invalid"), 0),
        new Delivery("non-JSON Pub/Sub data", "pubsub-non-json-data.json", "ERROR", "invalid",
            "invalid event: data.message.data: malformed JSON", Map.of("autobind.outcome", "invalid"), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void logsExactlyOneDecisionLine(Delivery d) throws Exception {
    JsonNode structured = JSON.readTree(EventFixtures.read(d.file()));

    function.accept(binaryEvent(structured));

    List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.path("severity").asText()).isEqualTo(d.severity());
    assertThat(line.path("outcome").asText()).isEqualTo(d.outcome());
    assertThat(line.path("message").asText()).startsWith(d.messageStart());
    assertThat(JSON.convertValue(line.path("logging.googleapis.com/labels"), Map.class)).isEqualTo(d.labels());
    assertThat(line.path("eventId").asText()).isEqualTo(structured.path("id").asText());
    assertThat(line.path("apiCalls").path("writes").asLong(0)).isEqualTo(d.writes());
  }

  @Test
  void decisionRecordListsEveryBindingAddedPerTarget() throws Exception {
    function.accept(binaryEvent(JSON.readTree(EventFixtures.read("../apply/events/train-gke-1.eventarc.json"))));

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("principal").asText()).isEqualTo("alice@example.com");
    assertThat(line.path("serviceAccount").path("status").asText()).isEqualTo("created");
    JsonNode project = line.path("targets").get(0);
    assertThat(project.path("target").asText()).isEqualTo("//cloudresourcemanager.googleapis.com/projects/ml-train-a");
    assertThat(project.path("status").asText()).isEqualTo("added");
    assertThat(project.path("added")).extracting(b -> b.path("role").asText() + " " + b.path("rule").asText())
        .containsExactly("roles/aiplatform.user training-identity", "roles/storage.objectViewer training-identity",
            "roles/container.developer engineers-on-clusters");
    assertThat(project.path("added").get(1).path("condition").path("title").asText()).isEqualTo("datasets bucket only");
    assertThat(line.path("durationMs").isNumber()).isTrue();
    assertThat(line.path("apiCalls").path("reads").asInt()).isPositive();
  }

  @Test
  void theRecordOfAnAppliedClusterIsWrittenAsKept() throws Exception {
    function.accept(binaryEvent(JSON.readTree(EventFixtures.read("../apply/events/train-gke-1.eventarc.json"))));

    assertThat(withoutDuration(stdout.toString(StandardCharsets.UTF_8)))
        .isEqualTo(dev.autobind.apply.DecisionRecordTest.kept("applied-gke-cluster"));
  }

  /** A record with its duration, the one field that changes from run to run, set to 0. */
  static String withoutDuration(String record) {
    return record.strip().replaceFirst("\"durationMs\":\\d+", "\"durationMs\":0");
  }

  @Test
  void aTransientFailureIsLoggedAsRetryAndThrownForRedelivery() throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(EventFixtures.read("../apply/events/train-gke-1.eventarc.json"));
    String ghost = event.toString().replace("train-gke-1", "not-yet-readable");

    assertThatThrownBy(() -> function.accept(binaryEvent(JSON.readTree(ghost))))
        .hasMessageStartingWith("retry: //container.googleapis.com/projects/ml-train-a/locations/us-central1-a/"
            + "clusters/not-yet-readable is not readable yet")
        .satisfies(thrown -> assertThat(thrown.getStackTrace()).as("frames the invoker would log").isEmpty());

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("severity").asText()).isEqualTo("WARNING");
    assertThat(line.path("outcome").asText()).isEqualTo("retry");
    assertThat(line.path("error").asText()).isEqualTo("//container.googleapis.com/projects/ml-train-a/locations/"
        + "us-central1-a/clusters/not-yet-readable is not readable yet; retrying by redelivery");
  }

  @Test
  void anUnforeseenFailureIsLoggedBeforeItIsThrown() throws Exception {
    AutobindFunction broken = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> {
      throw new IllegalStateException("the clients could not be built");
    }, new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)), Optional.empty());

    assertThatThrownBy(() -> broken.accept(binaryEvent(JSON.readTree(
        EventFixtures.read("../apply/events/train-gke-1.eventarc.json"))))).hasMessage("the clients could not be built");

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("severity").asText()).isEqualTo("WARNING");
    assertThat(line.path("message").asText()).isEqualTo("retry: unexpected IllegalStateException while applying"
        + " //container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1:"
        + " the clients could not be built");
    assertThat(line.path("error").asText()).isEqualTo("unexpected IllegalStateException: the clients could not be built");
  }

  @Test
  void theRequestTraceReachesCloudLogging() throws Exception {
    JsonNode structured = JSON.readTree(EventFixtures.read("gke-create-failed.eventarc.json"));
    CloudEvent traced = CloudEventBuilder.v1(binaryEvent(structured))
        .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();

    function.accept(traced);

    assertThat(JSON.readTree(stdout.toString(StandardCharsets.UTF_8)).path("logging.googleapis.com/trace").asText())
        .isEqualTo("projects/ml-platform-ops/traces/4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void eventWithAHugeIdIsInvalidAndItsRecordStaysSmall() throws Exception {
    JsonNode structured = JSON.readTree(EventFixtures.read("gke-create-first.eventarc.json"));
    ((ObjectNode) structured).put("id", "i".repeat(100_000));

    function.accept(binaryEvent(structured));

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("error").asText()).isEqualTo("id: is longer than 256 characters");
    assertThat(line.path("eventId").asText()).isEqualTo("i".repeat(256) + "...");
    assertThat(stdout.size()).isLessThan(1_000);
  }

  @Test
  void aBadPolicyStopsTheInstanceWithEveryProblemNamed(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path bad = dir.resolve("function.yaml");
    Files.writeString(bad, "policy:\n  projects: {include: [\"ml-*\"]}\n  rules: []\n  extra: 1\n");

    assertThatThrownBy(() -> new AutobindFunction(Map.of("AUTOBIND_POLICY", bad.toString())))
        .hasMessageContaining(bad + ":4: policy.extra: unknown key");
  }

  static CloudEvent binaryEvent(JsonNode structured) {
    return CloudEventBuilder.v1()
        .withId(structured.path("id").asText())
        .withSource(URI.create(structured.path("source").asText()))
        .withType(structured.path("type").asText())
        .withData("application/json", structured.path("data").toString().getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
