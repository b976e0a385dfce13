package dev.autobind.admit;

import dev.autobind.event.BindingDelta;
import dev.autobind.kind.PolicyHolder;
import java.util.Objects;
import java.util.Optional;

/**
 * One binding on one policy, as drift repair restores it: the key the restore count is kept by.
 *
 * @param target the policy holder's full resource name
 * @param condition the condition's expression, when the binding has one
 */
public record RestoredBinding(String target, String role, String member, Optional<String> condition) {

  public RestoredBinding {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(condition, "condition");
  }

  /** The binding a removal took off {@code target}. */
  public static RestoredBinding of(PolicyHolder target, BindingDelta removal) {
    return new RestoredBinding(target.fullName(), removal.role(), removal.member(),
        removal.condition().map(c -> c.getExpression()));
  }

  /** How a decision record names it. */
  public String describe() {
    return role + " for " + member + condition.map(c -> " if " + c).orElse("") + " on " + target;
  }
}
