package dev.autobind.admit;

import java.util.List;
import java.util.Objects;

/**
 * A project and the nodes above it.
 *
 * @param projectId the project's id (also when it was asked for by number)
 * @param ancestors the folders and the organization above it, nearest first, e.g.
 *     {@code [folders/234567890123, organizations/123456789012]}, as far up as was read
 */
public record Lineage(String projectId, List<String> ancestors) {

  public Lineage {
    Objects.requireNonNull(projectId, "projectId");
    ancestors = List.copyOf(ancestors);
  }

  /** Whether the project is {@code node} or sits under it. */
  public boolean within(String node) {
    return node.equals("projects/" + projectId) || ancestors.contains(node);
  }

  /** How a refusal names where the project sits. */
  public String describe() {
    return ancestors.isEmpty() ? "no parent" : String.join(" < ", ancestors);
  }
}
