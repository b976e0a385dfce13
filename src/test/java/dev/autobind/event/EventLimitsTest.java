package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.ShippedKinds;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limits of a delivery on both sides (the id's length, the event's and the data's size), and the Pub/Sub
 * envelope and backfill message with each part missing or of the wrong type.
 */
class EventLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX = EventDecoder.MAX_EVENT_BYTES;
  private static final String TOO_LARGE = "is larger than the 512 KiB (524288-byte) limit";
  private static final String GKE = "//container.googleapis.com/projects/demo-train/locations/us-central1/clusters/c1";
  private static final String BACKFILL_GKE = "resource " + GKE + " by nobody at ";
  private static final String DATA = "data.message.data";

  /** A delivery and the outcome intake must give. */
  record Case(String name, Supplier<Intake> decode, String outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    byte[] create = EventFixtures.read("gke-create-first.eventarc.json");
    String created = "resource //container.googleapis.com/projects/demo-train/locations/us-central1-a/clusters/trainer-1"
        + " by alice@example.com at 2026-11-20T10:00:00Z";
    // A structured delivery says when it was published (its CloudEvent time), and the event's time is that.
    String delivered = created.replace("10:00:00Z", "10:00:01Z");
    return Stream.of(
        structured("an id of 256 characters", withId(create, 256), delivered),
        structured("an id of 257 characters", withId(create, 257), "invalid id: is longer than 256 characters"),
        structured("an event of exactly 512 KiB", padded(create, MAX), delivered),
        structured("an event one byte over 512 KiB", padded(create, MAX + 1), "invalid event: " + TOO_LARGE),
        binary("event data of exactly 512 KiB", padded(data(create), MAX), created),
        binary("event data one byte over 512 KiB", padded(data(create), MAX + 1), "invalid data: " + TOO_LARGE),
        new Case("no event", () -> new EventDecoder(ShippedKinds.registry()).decodeStructured(null), "invalid event: missing"),
        new Case("no binary event", () -> new EventDecoder(ShippedKinds.registry()).decode(null), "invalid event: missing"),
        structured("empty bytes", new byte[0], "invalid event: is empty"),
        structured("a JSON list", "[]".getBytes(StandardCharsets.UTF_8),
            "invalid event: expected a JSON object, got an array"),
        structured("a JSON string", "\"event\"".getBytes(StandardCharsets.UTF_8),
            "invalid event: expected a JSON object, got a string"),
        structured("a type nobody watches", envelope("com.example.other", NODES.objectNode()),
            "ignored event type \"com.example.other\" is not watched"),
        structured("a Pub/Sub event without a message", envelope(EventDecoder.MESSAGE_PUBLISHED, NODES.objectNode()),
            "invalid data.message: missing"),
        structured("a Pub/Sub message without data", pubsub(NODES.objectNode().put("messageId", "1")),
            "invalid " + DATA + ": missing"),
        structured("a Pub/Sub message whose data is a list", pubsub(message("[1]")),
            "invalid " + DATA + ": expected a JSON object, got an array"),
        structured("a backfill message takes the publish time", pubsub(message(backfill(GKE))
            .put("publishTime", "2026-11-20T10:00:00.5Z")), BACKFILL_GKE + "2026-11-20T10:00:00.500Z"),
        structured("a backfill message without a publish time takes the event's", pubsub(message(backfill(GKE))),
            BACKFILL_GKE + "2026-11-20T10:00:01Z"),
        structured("an unknown schema", pubsub(message("{\"schema\": \"autobind.backfill/v2\", \"resource\": \"" + GKE
            + "\"}")), "invalid " + DATA + ".schema: unknown schema \"autobind.backfill/v2\", expected autobind.backfill/v1"),
        structured("a schema that is a boolean", pubsub(message("{\"schema\": true}")),
            "invalid " + DATA + ".schema: expected a string, got a boolean"),
        structured("a backfill message without its resource", pubsub(message("{\"schema\": \"autobind.backfill/v1\"}")),
            "invalid " + DATA + ".resource: missing"),
        structured("a resource that is null", pubsub(message("{\"schema\": \"autobind.backfill/v1\", \"resource\": null}")),
            "invalid " + DATA + ".resource: missing"),
        structured("a resource that is not a full name", pubsub(message(backfill("container.googleapis.com/x"))),
            "invalid " + DATA + ".resource: \"container.googleapis.com/x\" is not a full resource name"
                + " (//service/projects/...)"),
        structured("a resource of a service alone", pubsub(message(backfill("//container.googleapis.com"))),
            "invalid " + DATA + ".resource: \"//container.googleapis.com\" is not a full resource name"
                + " (//service/projects/...)"),
        structured("the scheduled reconcile", pubsub(message("{\"schema\": \"autobind.backfill/v1\","
            + " \"reconcile\": \"scheduled\"}")), "reconcile m-1"),
        structured("a reconcile request of another kind", pubsub(message("{\"schema\": \"autobind.backfill/v1\","
            + " \"reconcile\": \"now\"}")),
            "invalid " + DATA + ".reconcile: unknown reconcile request \"now\", expected scheduled or project"),
        structured("a reconcile that names a resource", pubsub(message("{\"schema\": \"autobind.backfill/v1\","
            + " \"reconcile\": \"scheduled\", \"resource\": \"" + GKE + "\"}")),
            "invalid " + DATA + ".resource: a reconcile message names no resource; send one or the other"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachDeliveryGivesItsOutcome(Case c) {
    Intake intake = c.decode().get();

    assertThat(intake instanceof Intake.Reconcile r ? "reconcile " + r.eventId() : EventWrongTypesTest.outcome(intake))
        .isEqualTo(c.outcome());
  }

  private static Case structured(String name, byte[] event, String outcome) {
    return new Case(name, () -> new EventDecoder(ShippedKinds.registry()).decodeStructured(event), outcome);
  }

  /** The audit entry {@code data} as a binary-mode event, the way the Functions Framework hands one over. */
  private static Case binary(String name, byte[] data, String outcome) {
    CloudEvent event = CloudEventBuilder.v1().withId("b-1").withSource(URI.create("//test"))
        .withType(EventDecoder.AUDIT_LOG_WRITTEN).withData("application/json", data).build();
    return new Case(name, () -> new EventDecoder(ShippedKinds.registry()).decode(event), outcome);
  }

  /** {@code json} with spaces after it up to {@code size} bytes: the same JSON, that many bytes long. */
  private static byte[] padded(byte[] json, int size) {
    byte[] out = new byte[size];
    java.util.Arrays.fill(out, (byte) ' ');
    System.arraycopy(json, 0, out, 0, json.length);
    return out;
  }

  private static byte[] withId(byte[] event, int length) {
    ObjectNode tree = tree(event);
    tree.put("id", "i".repeat(length));
    return tree.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] data(byte[] event) {
    return tree(event).get("data").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String backfill(String resource) {
    return "{\"schema\": \"autobind.backfill/v1\", \"resource\": \"" + resource + "\"}";
  }

  private static ObjectNode message(String data) {
    return NODES.objectNode().put("messageId", "1")
        .put("data", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] pubsub(ObjectNode message) {
    ObjectNode data = NODES.objectNode();
    data.set("message", message);
    return envelope(EventDecoder.MESSAGE_PUBLISHED, data);
  }

  private static byte[] envelope(String type, ObjectNode data) {
    ObjectNode event = NODES.objectNode().put("specversion", "1.0").put("type", type).put("id", "m-1")
        .put("source", "//test").put("time", "2026-11-20T10:00:01Z").put("datacontenttype", "application/json");
    event.set("data", data);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
