package dev.autobind.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a delivery says about where it came from, apart from what it asks for: the admission gate judges a
 * delivery by it, and nothing past the gate reads it.
 *
 * @param type the CloudEvent type, e.g. {@code google.cloud.pubsub.topic.v1.messagePublished}
 * @param source the CloudEvent source; for a Pub/Sub delivery Eventarc sets it to the topic,
 *     {@code //pubsub.googleapis.com/projects/P/topics/T}, and the publisher cannot change it
 * @param path what the payload turned out to be: an audit entry (by Eventarc or Pub/Sub) or a backfill message
 * @param published when Pub/Sub accepted the message, or the CloudEvent time of an Eventarc delivery
 * @param logName the audit entry's {@code logName}, for an audit entry
 * @param stamped the audit entry's own {@code timestamp}, when it has one
 */
public record Envelope(String type, String source, DeliveryPath path, Optional<Instant> published,
    Optional<String> logName, Optional<Instant> stamped) {

  public Envelope {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(logName, "logName");
    Objects.requireNonNull(stamped, "stamped");
  }

  /** Whether the payload is an audit-log entry (rather than a backfill or reconcile message). */
  public boolean auditEntry() {
    return path != DeliveryPath.BACKFILL;
  }
}
