package dev.autobind.admit;

/**
 * Resource Manager could not say where a project sits.
 *
 * @see Ancestry#lineage(String)
 */
public final class AncestryUnavailable extends RuntimeException {
  private final boolean passing;

  /**
   * @param passing whether it may pass by itself (UNAVAILABLE, DEADLINE_EXCEEDED...), so the delivery is
   *     redelivered; otherwise the project does not exist or cannot be seen, and the delivery is ignored
   */
  public AncestryUnavailable(String message, boolean passing, Throwable cause) {
    super(message, cause);
    this.passing = passing;
  }

  public boolean passing() {
    return passing;
  }
}
