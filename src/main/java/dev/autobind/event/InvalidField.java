package dev.autobind.event;

/** Raised inside intake when a delivery cannot be understood; {@link EventDecoder} turns it into {@link Intake.Invalid}. */
final class InvalidField extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String error;

  InvalidField(String field, String error) {
    super(field + ": " + error);
    this.field = field;
    this.error = error;
  }

  InvalidField(String field, String error, Throwable cause) {
    super(field + ": " + error, cause);
    this.field = field;
    this.error = error;
  }

  Intake.Invalid toIntake() {
    return new Intake.Invalid(field, error);
  }
}
