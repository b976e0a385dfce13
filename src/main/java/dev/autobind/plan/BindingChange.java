package dev.autobind.plan;

import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Condition;
import java.util.Objects;
import java.util.Optional;

/** One binding to add: role, member and condition on a target, and the rule that asked for it. */
public record BindingChange(PolicyHolder target, String role, String member, Optional<Condition> condition, String rule) {

  public BindingChange {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(rule, "rule");
  }
}
