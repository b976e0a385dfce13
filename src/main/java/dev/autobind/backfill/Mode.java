package dev.autobind.backfill;

/** What backfill does with each resource it finds. */
public enum Mode {
  /** Print the resource's full name on stdout; publish nothing. */
  DRY_RUN("listed"),
  /** Publish one backfill message per resource to the Pub/Sub topic. */
  PUBLISH("published"),
  /** Apply the policy in-process, without Pub/Sub. */
  DIRECT("handled");

  private final String done;

  Mode(String done) {
    this.done = done;
  }

  /** The word for a resource this mode has handled, e.g. {@code published}. */
  public String done() {
    return done;
  }
}
