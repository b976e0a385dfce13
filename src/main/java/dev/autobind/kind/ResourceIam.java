package dev.autobind.kind;

import java.util.List;

/**
 * A kind's own IAM policy: the resource has one, and only roles that start with one of
 * {@code rolePrefixes} (such as {@code roles/aiplatform.}) can be granted on it.
 */
public record ResourceIam(List<String> rolePrefixes) {

  public ResourceIam {
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
