package dev.autobind.event;

import java.util.Objects;
import java.util.Optional;

/**
 * The IAM policy an audit entry says was changed: a project's, a service account's, or a resource's own.
 *
 * @param kind which kind of policy
 * @param project the project the policy belongs to: an id, or a number when the entry carried only that
 * @param location the resource's location, for a resource-level policy
 * @param name the project id, the service account's email, or the resource's id
 * @param fullName the policy holder's full resource name, e.g. {@code //cloudresourcemanager.googleapis.com/projects/P}
 */
public record IamTarget(Kind kind, String project, Optional<String> location, String name, String fullName) {

  /** Which kind of policy changed. */
  public enum Kind {
    PROJECT("project"),
    SERVICE_ACCOUNT("service-account"),
    VERTEX_MODEL("vertex-model");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The name used in JSON output. */
    public String id() {
      return id;
    }
  }

  public IamTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fullName, "fullName");
  }

  /** True when {@link #project()} is a project number rather than an id. */
  public boolean projectIsNumber() {
    return !project.isEmpty() && project.chars().allMatch(Character::isDigit);
  }
}
