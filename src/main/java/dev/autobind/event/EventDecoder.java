package dev.autobind.event;

import io.cloudevents.CloudEvent;

/** Decodes every delivery path (Eventarc audit log, Pub/Sub-wrapped LogEntry, backfill) into one {@link Intake}. */
public final class EventDecoder {

  /** Decodes a CloudEvent as the Functions Framework hands it over (binary or structured mode). */
  public Intake decode(CloudEvent event) {
    throw new IllegalStateException("intake is not built yet");
  }

  /** Decodes one CloudEvent in JSON structured format, as the CLI reads it from a file. */
  public Intake decodeStructured(byte[] json) {
    throw new IllegalStateException("intake is not built yet");
  }
}
