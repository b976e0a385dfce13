package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindRegistry;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Decodes every delivery path (Eventarc audit log, Pub/Sub-wrapped LogEntry, backfill) into one {@link Intake}.
 * It never throws for bad input: whatever cannot be understood becomes {@link Intake.Invalid}.
 */
public final class EventDecoder {
  /** Eventarc's type for an audit-log entry; the data is the LogEntry. */
  public static final String AUDIT_LOG_WRITTEN = "google.cloud.audit.log.v1.written";
  /** Pub/Sub's type for a published message; the message data is a LogEntry or a backfill message. */
  public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  /**
   * The largest event or event data accepted. A LogEntry is at most 256 KB; base64 inside a Pub/Sub
   * envelope makes that about 342 KB, so 512 KiB leaves room for the envelope and nothing more.
   */
  public static final int MAX_EVENT_BYTES = 512 * 1024;

  /** The longest CloudEvent id accepted; Eventarc's and Pub/Sub's ids are far shorter. */
  static final int MAX_ID_CHARS = 256;

  private static final String TOO_LARGE = "is larger than the 512 KiB (" + MAX_EVENT_BYTES + "-byte) limit";
  private static final ObjectMapper CLOUD_EVENTS =
      JsonMapper.builder().addModule(JsonFormat.getCloudEventJacksonModule()).build();

  private final KindRegistry kinds;

  /** A decoder for the kinds of {@code kinds}. */
  public EventDecoder(KindRegistry kinds) {
    this.kinds = java.util.Objects.requireNonNull(kinds, "kinds");
  }

  /** Decodes a CloudEvent as the Functions Framework hands it over (binary or structured mode). */
  public Intake decode(CloudEvent event) {
    try {
      return route(event);
    } catch (InvalidField e) {
      return new Intake.Invalid(e.field(), e.error());
    } catch (RuntimeException e) {
      return unexpected(e);
    }
  }

  /** Decodes one CloudEvent in JSON structured format, as the CLI reads it from a file. */
  public Intake decodeStructured(byte[] json) {
    try {
      return route(structured(json));
    } catch (InvalidField e) {
      return new Intake.Invalid(e.field(), e.error());
    } catch (RuntimeException e) {
      return unexpected(e);
    }
  }

  private static CloudEvent structured(byte[] json) {
    if (json == null) {
      throw new InvalidField("event", "missing");
    }
    if (json.length > MAX_EVENT_BYTES) {
      throw new InvalidField("event", TOO_LARGE);
    }
    ObjectNode tree = JsonInput.object(json, "event");
    try {
      return CLOUD_EVENTS.treeToValue(tree, CloudEvent.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidField("event", "is not a CloudEvent: " + firstLine(e), e);
    }
  }

  private Intake route(CloudEvent event) {
    if (event == null) {
      throw new InvalidField("event", "missing");
    }
    if (event.getId().length() > MAX_ID_CHARS) {
      throw new InvalidField("id", "is longer than " + MAX_ID_CHARS + " characters");
    }
    String type = event.getType();
    if (AUDIT_LOG_WRITTEN.equals(type)) {
      LogEntryData entry = ProtoJson.merge(JsonInput.object(data(event), "data"), LogEntryData.newBuilder(), "data")
          .build();
      return AuditEntries.interpret(kinds, entry, "data",
          new Delivery(event.getId(), time(event), DeliveryPath.EVENTARC));
    }
    if (MESSAGE_PUBLISHED.equals(type)) {
      return PubsubDelivery.interpret(kinds, data(event), event.getId(), time(event));
    }
    return new Intake.Ignored("event type " + shown(String.valueOf(type)) + " is not watched");
  }

  private static byte[] data(CloudEvent event) {
    CloudEventData data = event.getData();
    if (data == null) {
      throw new InvalidField("data", "missing");
    }
    byte[] bytes = data.toBytes();
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new InvalidField("data", TOO_LARGE);
    }
    return bytes;
  }

  private static Optional<Instant> time(CloudEvent event) {
    return Optional.ofNullable(event.getTime()).map(OffsetDateTime::toInstant);
  }

  // Reaching this is a bug in intake, but a retry would fail the same way, so it is reported, not thrown.
  private static Intake unexpected(RuntimeException e) {
    return new Intake.Invalid("event", "could not be decoded (" + e.getClass().getSimpleName() + ": "
        + firstLine(e) + ")");
  }

  private static String firstLine(Exception e) {
    String message = e instanceof JsonProcessingException j
        ? j.getOriginalMessage() : e.getMessage();
    return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
  }
}
