package dev.autobind.admit;

import java.util.Objects;
import java.util.Optional;

/**
 * The gate's answer: admitted, or refused with the reason. A refused request makes no write.
 *
 * @param projectId the project's id when the gate learned it (a request that named the project by number)
 */
public record Verdict(Outcome outcome, String reason, Optional<String> projectId) {

  /** How a request leaves the gate; every refusal but {@code RETRY} is final. */
  public enum Outcome {
    ADMITTED,
    /** Not for autobind: outside the scope, not an audit log, wrong topic. */
    IGNORED,
    /** A delivery that contradicts itself, such as an entry stamped after it was published. */
    INVALID,
    /** A declared exemption covers it. */
    EXEMPT,
    /** A binding restored too often in a day: someone keeps removing it. */
    CONTESTED,
    /** The scope could not be read now; a redelivery may succeed. */
    RETRY
  }

  public Verdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(projectId, "projectId");
  }

  static Verdict admitted(Optional<String> projectId) {
    return new Verdict(Outcome.ADMITTED, "admitted", projectId);
  }

  static Verdict refused(Outcome outcome, String reason) {
    return new Verdict(outcome, reason, Optional.empty());
  }

  public boolean admitted() {
    return outcome == Outcome.ADMITTED;
  }
}
