package dev.autobind.event;

/** How an event reached autobind. */
public enum DeliveryPath {
  /** Eventarc audit-log trigger: data is a LogEntry. */
  EVENTARC("eventarc"),
  /** Log Router sink to Pub/Sub: message data is a LogEntry. */
  PUBSUB_LOG("pubsub-log"),
  /** autobind's own backfill message on Pub/Sub. */
  BACKFILL("backfill");

  private final String id;

  DeliveryPath(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
