package dev.autobind.localcloud;

/** A seed file that cannot be used; the message names the file, the field and the rule. */
public final class SeedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SeedException(String message) {
    super(message);
  }

  public SeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
