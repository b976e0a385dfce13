package dev.autobind.kind;

/**
 * Raised inside intake (and by a kind reading its name) when a delivery cannot be understood; intake
 * turns it into an invalid result naming {@link #field()}.
 */
public final class InvalidField extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // Bounds keep a decision record far below Cloud Logging's entry size, whatever the input echoes.
  private static final int FIELD_CHARS = 200;
  private static final int ERROR_CHARS = 1000;

  private final String field;
  private final String error;

  public InvalidField(String field, String error) {
    this(field, error, null);
  }

  public InvalidField(String field, String error, Throwable cause) {
    super(NamingRules.cut(field, FIELD_CHARS) + ": " + NamingRules.cut(error, ERROR_CHARS), cause);
    this.field = NamingRules.cut(field, FIELD_CHARS);
    this.error = NamingRules.cut(error, ERROR_CHARS);
  }

  /** The field at fault, as a path into the delivery, e.g. {@code data.protoPayload.resourceName}. */
  public String field() {
    return field;
  }

  /** What is wrong with it. */
  public String error() {
    return error;
  }
}
