package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fields intake does not read never make an entry invalid: typed {@code status.details} as real audit entries
 * carry them (shapes from google/rpc/error_details.proto), {@code serviceData}, and fields no type models.
 */
class UnusedFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GKE_FAILED =
      "creation failed with status code 3: \"No valid versions with the prefix \\\"1.29.6\\\" found.\"";
  private final EventDecoder decoder = new EventDecoder(ShippedKinds.registry());

  private static final String DETAILS = """
      [{"@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        "violations": [{"type": "VERSION", "subject": "1.29.6", "description": "no valid version"}]},
       {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "INVALID_VERSION",
        "domain": "container.googleapis.com", "metadata": {"version": "1.29.6"}},
       {"@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [{"field": "cluster.initialClusterVersion", "description": "unknown"}]},
       {"@type": "type.googleapis.com/google.container.v1.SomeDetailNoRegistryKnows", "anything": [1, 2]},
       {"value": "bm8gdHlwZQ=="}]""";

  /** One change to a fixture's audit entry (the LogEntry), and the outcome it must still get. */
  record Case(String name, String file, Consumer<ObjectNode> change, String outcome, String field, String value) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("failed GKE creation with typed status.details", "gke-create-failed.eventarc.json",
            entry -> status(entry).set("details", tree(DETAILS)), "ignored", "reason", GKE_FAILED),
        new Case("failed Vertex upload through Pub/Sub with typed status.details", "vertex-upload-failed.pubsub.json",
            entry -> status(entry).set("details", tree(DETAILS)), "ignored", "reason",
            "creation failed with status code 7: \"Permission denied on resource project demo-models.\""),
        new Case("created cluster with an empty status carrying details", "gke-create-first.eventarc.json",
            entry -> status(entry).put("code", 0).set("details", tree(DETAILS)), "resource", "name", "trainer-1"),
        new Case("details that are not even objects", "gke-create-failed.eventarc.json",
            entry -> status(entry).set("details", tree("[\"text\", 3]")), "ignored", "reason", GKE_FAILED),
        new Case("serviceData of an unknown type", "gke-create-first.eventarc.json",
            entry -> payload(entry).set("serviceData",
                tree("{\"@type\": \"type.googleapis.com/google.cloud.Unknown\", \"x\": 1}")), "resource", "name",
            "trainer-1"),
        new Case("fields no type models, at every level", "gke-create-first.eventarc.json",
            entry -> {
              entry.put("errorGroups", "new-field");
              payload(entry).put("policyViolationInfo", 1);
              status(entry).put("code", 0).put("unmodelled", true);
            }, "resource", "name", "trainer-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesAsWithoutTheField(Case c) {
    ObjectNode json = IntakeJson.toJson(decoder.decodeStructured(edited(c.file(), c.change())));

    assertThat(json.path("outcome").asText()).as(json.toString()).isEqualTo(c.outcome());
    assertThat(json.path(c.field()).asText()).isEqualTo(c.value());
  }

  /** The fixture with {@code change} applied to its LogEntry, in Eventarc's data or inside the Pub/Sub message. */
  private static byte[] edited(String file, Consumer<ObjectNode> change) {
    return EventFixtures.edit(file, event -> {
      ObjectNode data = (ObjectNode) event.get("data");
      if (!data.has("message")) {
        change.accept(data);
        return;
      }
      ObjectNode message = (ObjectNode) data.get("message");
      ObjectNode entry = (ObjectNode) tree(new String(Base64.getDecoder().decode(message.get("data").asText())));
      change.accept(entry);
      message.put("data", Base64.getEncoder().encodeToString(entry.toString().getBytes()));
    });
  }

  private static ObjectNode payload(ObjectNode entry) {
    return (ObjectNode) entry.get("protoPayload");
  }

  private static ObjectNode status(ObjectNode entry) {
    JsonNode status = payload(entry).get("status");
    return status instanceof ObjectNode object ? object : payload(entry).putObject("status");
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("bad test JSON", e);
    }
  }
}
