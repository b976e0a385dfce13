package dev.autobind.backfill;

/** Input backfill cannot use (a bad option value, an unknown project, a refused scope); nothing was published. */
public final class BadInput extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInput(String message) {
    super(message);
  }

  public BadInput(String message, Throwable cause) {
    super(message, cause);
  }
}
