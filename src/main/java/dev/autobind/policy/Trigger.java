package dev.autobind.policy;

import java.util.Arrays;
import java.util.Optional;

/** How audit-log entries reach the deployed function. */
public enum Trigger {
  /** Organization scale: a Log Router sink publishes to a Pub/Sub topic that triggers the function. */
  PUBSUB("pubsub"),
  /** One project: Eventarc audit-log triggers call the function directly. */
  EVENTARC("eventarc");

  private final String id;

  Trigger(String id) {
    this.id = id;
  }

  /** The name used in function.yaml. */
  public String id() {
    return id;
  }

  public static Optional<Trigger> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
