package dev.autobind.admit;

import dev.autobind.event.Outcome;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's answer: admitted, or refused with the outcome the decision record gives it and the reason. A refused
 * request makes no write. The refusals the gate gives: {@code ignored} (outside the scope, not an audit log),
 * {@code invalid} (a delivery that contradicts itself or came the wrong way), {@code exempt}, {@code contested},
 * and {@code retry} when the scope cannot be read now, the only one a redelivery may change.
 *
 * @param refusal the outcome of a refused request; empty when the request is admitted
 * @param projectId the project's id when the gate learned it (a request that named the project by number)
 */
public record Verdict(Optional<Outcome> refusal, String reason, Optional<String> projectId) {

  public Verdict {
    Objects.requireNonNull(refusal, "refusal");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(projectId, "projectId");
  }

  static Verdict admitted(Optional<String> projectId) {
    return new Verdict(Optional.empty(), "admitted", projectId);
  }

  static Verdict refused(Outcome outcome, String reason) {
    return new Verdict(Optional.of(outcome), reason, Optional.empty());
  }

  public boolean admitted() {
    return refusal.isEmpty();
  }
}
