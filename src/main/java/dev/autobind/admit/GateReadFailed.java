package dev.autobind.admit;

/**
 * What the gate needed to read could not be read: where a project sits ({@link Ancestry#lineage(String)}), or how
 * often a binding was restored ({@link RestoreLedger#restoresSince}). The gate decides what that means for each.
 */
public final class GateReadFailed extends RuntimeException {
  private final boolean passing;

  /**
   * @param passing whether it may pass by itself (UNAVAILABLE, DEADLINE_EXCEEDED, throttling...), so the delivery
   *     is redelivered; otherwise no redelivery would help (the project does not exist or cannot be seen; the
   *     function may not read its log)
   */
  public GateReadFailed(String message, boolean passing, Throwable cause) {
    super(message, cause);
    this.passing = passing;
  }

  public boolean passing() {
    return passing;
  }
}
