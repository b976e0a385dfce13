package dev.autobind.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.events.cloud.pubsub.v1.MessagePublishedData;
import com.google.events.cloud.pubsub.v1.PubsubMessage;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindRegistry;
import java.time.Instant;
import java.util.Optional;

/** A Pub/Sub messagePublished event: a LogEntry from a Log Router sink, or a backfill message. */
final class PubsubDelivery {
  private static final String MESSAGE_DATA = "data.message.data";

  private PubsubDelivery() {}

  static Intake interpret(KindRegistry kinds, byte[] data, String eventId, Optional<Instant> eventTime) {
    MessagePublishedData published =
        ProtoJson.merge(JsonInput.object(data, "data"), MessagePublishedData.newBuilder(), "data").build();
    if (!published.hasMessage()) {
      throw new InvalidField("data.message", "missing");
    }
    PubsubMessage message = published.getMessage();
    if (message.getData().isEmpty()) {
      throw new InvalidField(MESSAGE_DATA, "missing");
    }
    ObjectNode payload = JsonInput.object(message.getData().toByteArray(), MESSAGE_DATA);
    if (BackfillMessage.isBackfill(payload)) {
      Optional<Instant> sent = publishTime(message).or(() -> eventTime);
      return BackfillMessage.read(kinds, payload, MESSAGE_DATA, new Delivery(eventId, sent, DeliveryPath.BACKFILL));
    }
    LogEntryData entry = ProtoJson.merge(payload, LogEntryData.newBuilder(), MESSAGE_DATA).build();
    return AuditEntries.interpret(kinds, entry, MESSAGE_DATA,
        new Delivery(eventId, eventTime, DeliveryPath.PUBSUB_LOG));
  }

  private static Optional<Instant> publishTime(PubsubMessage message) {
    if (!message.hasPublishTime()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(message.getPublishTime().getSeconds(), message.getPublishTime().getNanos()));
  }
}
