package dev.autobind.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What intake made of one delivery, and the delivery's envelope when it could be read (a delivery that is
 * not even a CloudEvent of a watched type has none; it is refused before the gate anyway).
 */
public record Delivered(Intake intake, Optional<Envelope> envelope) {

  public Delivered {
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** An intake with no envelope to judge. */
  static Delivered bare(Intake intake) {
    return new Delivered(intake, Optional.empty());
  }
}
