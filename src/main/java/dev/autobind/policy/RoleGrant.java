package dev.autobind.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One grant entry: a role for some members, optionally under a condition. Texts may hold placeholders. */
public record RoleGrant(String role, List<String> members, Optional<Condition> condition) {

  public RoleGrant {
    Objects.requireNonNull(role, "role");
    members = List.copyOf(members);
    Objects.requireNonNull(condition, "condition");
  }
}
