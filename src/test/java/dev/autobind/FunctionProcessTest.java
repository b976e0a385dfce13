package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.EventFixtures;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The deployed shape end to end: the real invoker in its own JVM, configured only through the
 * environment, applying events against the local cloud over gRPC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalCloud cloud;
  private InvokerProcess invoker;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(Seed.fromResource("localcloud/demo-seed.yaml"));
    invoker = InvokerProcess.start(Map.of(
        "AUTOBIND_EMULATOR_HOST", cloud.host(),
        "AUTOBIND_POLICY", "src/test/resources/apply/policy.yaml"));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      invoker.close();
    } finally {
      cloud.close();
    }
  }

  @Test
  void binaryModeEventIsAppliedAndAcknowledged() throws Exception {
    JsonNode event = fresh("../apply/events/train-gke-1.eventarc.json");

    HttpResponse<String> response = http.send(binary(event, "proc-gke-1", event.path("data").toString()),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(decisionFor("proc-gke-1").path("outcome").asText()).isEqualTo("applied");
    assertThat(cloud.serviceAccountExists("ml-trainer@ml-train-a.iam.gserviceaccount.com")).isTrue();
    assertThat(cloud.iamPolicy("projects/ml-train-a").getBindingsList())
        .anySatisfy(b -> assertThat(b.getRole()).isEqualTo("roles/container.developer"));
  }

  @Test
  void structuredModePubsubEventIsApplied() throws Exception {
    JsonNode event = fresh("../apply/events/model-upload.pubsub.json");

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(invoker.url()))
        .header("Content-Type", "application/cloudevents+json")
        .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(decisionFor(event.path("id").asText()).path("outcome").asText()).isIn("applied", "compliant");
    assertThat(cloud.iamPolicy("projects/ml-serve-b/locations/us-central1/models/4567890123456789012")
        .getBindingsList()).anySatisfy(b -> assertThat(b.getMembersList()).contains("group:ml-reviewers@example.com"));
  }

  @Test
  void malformedEventIsAcknowledgedNotRedelivered() throws Exception {
    JsonNode event = fresh("../apply/events/train-gke-1.eventarc.json");
    String truncated = event.path("data").toString().substring(0, 120);

    HttpResponse<String> response = http.send(binary(event, "proc-broken-1", truncated),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isBetween(200, 299);
    JsonNode decision = decisionFor("proc-broken-1");
    assertThat(decision.path("outcome").asText()).isEqualTo("invalid");
    assertThat(decision.path("severity").asText()).isEqualTo("ERROR");
  }

  @Test
  void aResourceNotReadableYetGetsAnErrorStatusSoThePlatformRedelivers() throws Exception {
    JsonNode event = JSON.readTree(fresh("../apply/events/train-gke-1.eventarc.json").toString()
        .replace("train-gke-1", "still-provisioning"));

    HttpResponse<String> response = http.send(binary(event, "proc-later-1", event.path("data").toString()),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
    assertThat(decisionFor("proc-later-1").path("outcome").asText()).isEqualTo("retry");
  }

  /**
   * A fixture with its entry's timestamp and its delivery's publish time set to now, so it is fresh for the real
   * clock in the child JVM.
   */
  private static JsonNode fresh(String fixture) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(EventFixtures.read(fixture));
    String now = Instant.now().toString();
    event.put("time", now);
    if (event.path("data").has("timestamp")) {
      ((ObjectNode) event.path("data")).put("timestamp", now);
    } else {
      ObjectNode message = (ObjectNode) event.path("data").path("message");
      JsonNode entry = JSON.readTree(java.util.Base64.getDecoder().decode(message.path("data").asText()));
      ((ObjectNode) entry).put("timestamp", now);
      message.put("data", java.util.Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(entry)));
      message.put("publishTime", now);
      message.remove("publish_time");
    }
    return event;
  }

  private HttpRequest binary(JsonNode event, String id, String body) {
    return HttpRequest.newBuilder(URI.create(invoker.url()))
        .header("Content-Type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", event.path("source").asText())
        .header("ce-type", event.path("type").asText())
        .header("ce-time", event.path("time").asText())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The one decision line logged for the event, found by its id among everything the child printed. */
  private JsonNode decisionFor(String eventId) throws Exception {
    List<JsonNode> decisions = new ArrayList<>();
    for (String line : invoker.awaitLines(l -> l.startsWith("{") && l.contains(eventId), Duration.ofSeconds(10))) {
      JsonNode json = JSON.readTree(line);
      if (json.path("eventId").asText().equals(eventId)) {
        decisions.add(json);
      }
    }
    assertThat(decisions).as("decision lines for %s in:%n%s", eventId, String.join("\n", invoker.lines())).hasSize(1);
    return decisions.get(0);
  }
}
