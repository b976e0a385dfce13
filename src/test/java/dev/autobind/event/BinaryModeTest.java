package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.kinds.ShippedKinds;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Binary-mode events, as Eventarc sends them: attributes in ce-* headers, the LogEntry as the body. */
class BinaryModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventDecoder decoder = new EventDecoder(ShippedKinds.registry());

  /** Every fixture that is a CloudEvent with a JSON {@code data} member can be sent in binary mode too. */
  static List<EventFixtures.Case> fixturesWithData() {
    return EventFixtures.all().stream().filter(c -> {
      JsonNode event = tree(c.file());
      return event.has("specversion") && event.path("data").isContainerNode();
    }).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturesWithData")
  void binaryModeDecodesLikeStructuredMode(EventFixtures.Case c) {
    Intake structured = decoder.decodeStructured(EventFixtures.read(c.file()));

    Intake binary = decoder.decode(binaryOf(tree(c.file())));

    assertThat(binary).isEqualTo(structured);
  }

  @Test
  void fixturesCoverEveryOutcomeInBinaryMode() {
    assertThat(fixturesWithData()).extracting(EventFixtures.Case::outcome)
        .contains("resource", "ignored", "invalid");
  }

  /** Binary events that no structured fixture can express. */
  record Broken(String name, CloudEvent event, Intake expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Broken> broken() {
    return Stream.of(
        new Broken("audit event without a body", audit(null),
            new Intake.Invalid("data", "missing")),
        new Broken("audit event with an empty body", audit(new byte[0]),
            new Intake.Invalid("data", "is empty")),
        new Broken("audit event with a text body", audit("cluster created".getBytes(StandardCharsets.UTF_8)),
            new Intake.Invalid("data", "malformed JSON at line 1, column 1: Unrecognized token 'cluster'")),
        new Broken("audit event with an oversized body", audit(EventFixtures.oversizedEvent()),
            new Intake.Invalid("data", "is larger than the 512 KiB (524288-byte) limit")),
        new Broken("audit event whose protoPayload is a string",
            audit("{\"protoPayload\":\"CreateCluster\"}".getBytes(StandardCharsets.UTF_8)),
            new Intake.Invalid("data.protoPayload", "expected an object, got a string")),
        new Broken("audit event whose labels hold a number",
            audit("{\"protoPayload\":{},\"resource\":{\"labels\":{\"project_id\":7}}}".getBytes(StandardCharsets.UTF_8)),
            new Intake.Invalid("data.resource.labels.project_id", "expected a string, got a number")),
        new Broken("pubsub event without a body", CloudEventBuilder.v1().withId("1").withSource(URI.create("//pubsub"))
            .withType(EventDecoder.MESSAGE_PUBLISHED).build(), new Intake.Invalid("data", "missing")),
        new Broken("pubsub event whose message data is a number", pubsub("{\"message\":{\"data\":5}}"),
            new Intake.Invalid("data.message.data", "expected a base64 string, got a number")),
        new Broken("pubsub event whose message is empty", pubsub("{\"message\":{}}"),
            new Intake.Invalid("data.message.data", "missing")),
        new Broken("no event at all", null, new Intake.Invalid("event", "missing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenBinaryEventIsInvalidWithTheFieldAtFault(Broken b) {
    assertThat(decoder.decode(b.event())).isEqualTo(b.expected());
  }

  private static CloudEvent audit(byte[] body) {
    CloudEventBuilder builder = CloudEventBuilder.v1().withId("binary-1")
        .withSource(URI.create("//cloudaudit.googleapis.com/projects/demo-train/logs/activity"))
        .withType(EventDecoder.AUDIT_LOG_WRITTEN);
    return body == null ? builder.build() : builder.withData("application/json", body).build();
  }

  private static CloudEvent pubsub(String body) {
    return CloudEventBuilder.v1().withId("binary-2")
        .withSource(URI.create("//pubsub.googleapis.com/projects/demo-ops/topics/autobind-audit"))
        .withType(EventDecoder.MESSAGE_PUBLISHED)
        .withData("application/json", body.getBytes(StandardCharsets.UTF_8)).build();
  }

  /** The fixture's attributes as event attributes and its data as the raw body, as an HTTP binary-mode request carries them. */
  static CloudEvent binaryOf(JsonNode structured) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(structured.path("id").asText())
        .withSource(URI.create(structured.path("source").asText()))
        .withType(structured.path("type").asText())
        .withData("application/json", structured.path("data").toString().getBytes(StandardCharsets.UTF_8));
    if (structured.has("time")) {
      builder.withTime(OffsetDateTime.parse(structured.path("time").asText()));
    }
    if (structured.has("subject")) {
      builder.withSubject(structured.path("subject").asText());
    }
    return builder.build();
  }

  static JsonNode tree(String file) {
    try {
      return JSON.readTree(EventFixtures.read(file));
    } catch (IOException e) {
      // Truncated fixtures are not JSON; they have no binary form.
      return JSON.missingNode();
    }
  }
}
