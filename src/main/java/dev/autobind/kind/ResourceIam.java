package dev.autobind.kind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind's own IAM policy: the resource has one, and only roles that start with one of
 * {@code rolePrefixes} (such as {@code roles/aiplatform.}) can be granted on it.
 *
 * @param policyChange the audit-log method that records a change to that policy, which drift repair watches
 */
public record ResourceIam(List<String> rolePrefixes, Optional<AuditMethod> policyChange) {

  /** A policy whose changes drift repair does not watch. */
  public ResourceIam(List<String> rolePrefixes) {
    this(rolePrefixes, Optional.empty());
  }

  public ResourceIam {
    Objects.requireNonNull(policyChange, "policyChange");
    rolePrefixes = List.copyOf(rolePrefixes);
    if (rolePrefixes.isEmpty()) {
      throw new IllegalArgumentException("a resource-level IAM policy accepts at least one role prefix");
    }
  }

  /** Whether {@code role} may be granted on the resource. */
  public boolean accepts(String role) {
    return rolePrefixes.stream().anyMatch(role::startsWith);
  }

  /** The prefixes as a policy problem names them, e.g. {@code roles/aiplatform.*}. */
  public String shown() {
    return String.join(" or ", rolePrefixes.stream().map(p -> p + "*").toList());
  }
}
