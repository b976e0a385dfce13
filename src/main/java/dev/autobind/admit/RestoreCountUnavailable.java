package dev.autobind.admit;

/**
 * A restore count could not be read: the gate cannot tell whether a binding is contested.
 *
 * @see RestoreLedger#restoresSince
 */
public final class RestoreCountUnavailable extends RuntimeException {
  private final boolean passing;

  /**
   * @param passing whether it may pass by itself (UNAVAILABLE, throttling...), so the delivery is redelivered;
   *     otherwise (the function may not read its log, the query was refused) no redelivery would help
   */
  public RestoreCountUnavailable(String message, boolean passing, Throwable cause) {
    super(message, cause);
    this.passing = passing;
  }

  public boolean passing() {
    return passing;
  }
}
