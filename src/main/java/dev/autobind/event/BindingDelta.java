package dev.autobind.event;

import com.google.type.Expr;
import java.util.Objects;
import java.util.Optional;

/**
 * One member added to or removed from one role (and condition) of a policy, as an audit entry's
 * {@code serviceData.policyDelta.bindingDeltas[]} states it: IAM writes one delta per member.
 */
public record BindingDelta(Action action, String role, String member, Optional<Expr> condition) {

  /** What happened to the binding. */
  public enum Action { ADD, REMOVE }

  public BindingDelta {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(condition, "condition");
  }
}
