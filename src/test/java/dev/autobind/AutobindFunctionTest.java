package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.invoker.runner.Invoker;
import dev.autobind.apply.DecisionLog;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The function entry point: one decision line per event, and never an exception for bad input. */
class AutobindFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An event handed straight to the function, and the decision record it must log. */
  record Delivery(String name, String file, String severity, String outcome, String messageStart,
      Map<String, String> labels) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Delivery> deliveries() {
    return Stream.of(
        new Delivery("GKE cluster", "gke-create-first.eventarc.json", "INFO", "resource",
            "decoded gke-cluster //container.googleapis.com/projects/demo-train/locations/us-central1-a/clusters/"
                + "trainer-1 (first)",
            Map.of("autobind.outcome", "resource", "autobind.kind", "gke-cluster", "autobind.project", "demo-train")),
        new Delivery("Vertex model via Pub/Sub", "vertex-upload.pubsub.json", "INFO", "resource",
            "decoded vertex-model //aiplatform.googleapis.com/projects/demo-models/",
            Map.of("autobind.outcome", "resource", "autobind.kind", "vertex-model", "autobind.project", "demo-models")),
        new Delivery("failed creation", "gke-create-failed.eventarc.json", "INFO", "ignored",
            "ignored: creation failed with status code 3", Map.of("autobind.outcome", "ignored")),
        new Delivery("hostile name", "hostile-cluster-quote.eventarc.json", "ERROR", "invalid",
            "invalid event: data.protoPayload.resourceName: cluster name \"a\\\"b\"",
            Map.of("autobind.outcome", "invalid")),
        new Delivery("non-JSON Pub/Sub data", "pubsub-non-json-data.json", "ERROR", "invalid",
            "invalid event: data.message.data: malformed JSON", Map.of("autobind.outcome", "invalid")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void logsExactlyOneDecisionLine(Delivery d) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    AutobindFunction function =
        new AutobindFunction(new EventDecoder(), new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
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
  }

  @Test
  void decisionLineCarriesTheDecodedFields() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    AutobindFunction function =
        new AutobindFunction(new EventDecoder(), new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)));

    function.accept(binaryEvent(JSON.readTree(EventFixtures.read("gke-create-last.eventarc.json"))));

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("resource").asText())
        .isEqualTo("//container.googleapis.com/projects/demo-train/locations/us-central1-a/clusters/trainer-1");
    assertThat(List.of(line.path("kind").asText(), line.path("project").asText(), line.path("location").asText(),
        line.path("name").asText(), line.path("phase").asText()))
        .containsExactly("gke-cluster", "demo-train", "us-central1-a", "trainer-1", "last");
  }

  @Test
  void eventWithAHugeIdIsInvalidAndItsRecordStaysSmall() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    AutobindFunction function =
        new AutobindFunction(new EventDecoder(), new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    JsonNode structured = JSON.readTree(EventFixtures.read("gke-create-first.eventarc.json"));
    ((ObjectNode) structured).put("id", "i".repeat(100_000));

    function.accept(binaryEvent(structured));

    JsonNode line = JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    assertThat(line.path("error").asText()).isEqualTo("id: is longer than 256 characters");
    assertThat(line.path("eventId").asText()).isEqualTo("i".repeat(256) + "...");
    assertThat(stdout.size()).isLessThan(1_000);
  }

  static CloudEvent binaryEvent(JsonNode structured) {
    return CloudEventBuilder.v1()
        .withId(structured.path("id").asText())
        .withSource(URI.create(structured.path("source").asText()))
        .withType(structured.path("type").asText())
        .withData("application/json", structured.path("data").toString().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** The real Functions Framework invoker, serving the function on a loopback port. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ThroughTheInvoker {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private Invoker invoker;
    private int port;

    @BeforeAll
    void startInvoker() throws Exception {
      port = freeLoopbackPort();
      originalOut = System.out;
      // The invoker creates the function when it starts, and the function binds System.out then.
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      invoker = new Invoker(port, AutobindFunction.class.getName(), "cloudevent",
          AutobindFunction.class.getClassLoader());
      invoker.startTestServer();
    }

    @AfterAll
    void stopInvoker() throws Exception {
      try {
        invoker.stopServer();
      } finally {
        System.setOut(originalOut);
      }
    }

    @Test
    void binaryModeEventIsDecided() throws Exception {
      JsonNode event = JSON.readTree(EventFixtures.read("gke-create-first.eventarc.json"));
      HttpRequest request = binaryRequest(event, "binary-gke-1", event.path("data").toString());

      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isBetween(200, 299);
      JsonNode decision = decisionFor("binary-gke-1");
      assertThat(decision.path("severity").asText()).isEqualTo("INFO");
      assertThat(decision.path("outcome").asText()).isEqualTo("resource");
      assertThat(decision.path("name").asText()).isEqualTo("trainer-1");
      assertThat(decision.path("path").asText()).isEqualTo("eventarc");
    }

    @Test
    void structuredModeEventIsDecided() throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .header("Content-Type", "application/cloudevents+json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(EventFixtures.read("vertex-upload.pubsub.json")))
          .build();

      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isBetween(200, 299);
      JsonNode decision = decisionFor("9876543210");
      assertThat(decision.path("outcome").asText()).isEqualTo("resource");
      assertThat(decision.path("kind").asText()).isEqualTo("vertex-model");
      assertThat(decision.path("project").asText()).isEqualTo("demo-models");
      assertThat(decision.path("name").asText()).isEqualTo("9988776655443322110");
    }

    @Test
    void malformedEventIsAcknowledgedAndLoggedAsInvalid() throws Exception {
      JsonNode event = JSON.readTree(EventFixtures.read("gke-create-first.eventarc.json"));
      String truncated = event.path("data").toString().substring(0, 120);

      HttpResponse<String> response =
          http.send(binaryRequest(event, "binary-broken-1", truncated), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isBetween(200, 299);
      JsonNode decision = decisionFor("binary-broken-1");
      assertThat(decision.path("severity").asText()).isEqualTo("ERROR");
      assertThat(decision.path("outcome").asText()).isEqualTo("invalid");
      assertThat(decision.path("error").asText()).startsWith("data: malformed JSON at line 1, column 121");
    }

    private HttpRequest binaryRequest(JsonNode event, String id, String body) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .header("Content-Type", "application/json")
          .header("ce-specversion", "1.0")
          .header("ce-id", id)
          .header("ce-source", event.path("source").asText())
          .header("ce-type", event.path("type").asText())
          .header("ce-time", event.path("time").asText())
          .header("ce-subject", event.path("subject").asText())
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }

    /** The one decision line logged for the event, found by its id among everything the invoker printed. */
    private JsonNode decisionFor(String eventId) throws IOException {
      List<JsonNode> decisions = new ArrayList<>();
      for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
        if (line.startsWith("{")) {
          JsonNode json = JSON.readTree(line);
          if (json.path("eventId").asText().equals(eventId)) {
            decisions.add(json);
          }
        }
      }
      assertThat(decisions).hasSize(1);
      return decisions.get(0);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
