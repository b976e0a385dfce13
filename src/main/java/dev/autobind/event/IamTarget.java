package dev.autobind.event;

import dev.autobind.kind.ResourceRef;
import java.util.Objects;
import java.util.Optional;

/**
 * The IAM policy an audit entry says was changed: a project's, a service account's, or a resource's own.
 *
 * @param kind which kind of policy
 * @param project the project the policy belongs to: an id, or a number when the entry carried only that
 * @param name the project id, the service account's email, or the resource's id
 * @param fullName the policy holder's full resource name, e.g. {@code //cloudresourcemanager.googleapis.com/projects/P}
 * @param resource for a resource's own policy, the resource
 */
public record IamTarget(Kind kind, String project, String name, String fullName, Optional<ResourceRef> resource) {

  /** Which kind of policy changed. */
  public enum Kind { PROJECT, SERVICE_ACCOUNT, RESOURCE }

  public IamTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fullName, "fullName");
    Objects.requireNonNull(resource, "resource");
    if ((kind == Kind.RESOURCE) != resource.isPresent()) {
      throw new IllegalArgumentException("a resource's own policy, and only that, names its resource: " + fullName);
    }
  }

  /** A project's policy. */
  public static IamTarget project(String project) {
    return new IamTarget(Kind.PROJECT, project, project, "//cloudresourcemanager.googleapis.com/projects/" + project,
        Optional.empty());
  }

  /** A service account's own policy. */
  public static IamTarget serviceAccount(String project, String email) {
    return new IamTarget(Kind.SERVICE_ACCOUNT, project, email,
        "//iam.googleapis.com/projects/" + project + "/serviceAccounts/" + email, Optional.empty());
  }

  /**
   * A service account's own policy as the console names it: by unique id, in {@code project} ({@code -} when the
   * entry names none). Drift repair resolves it through IAM before anything else is decided.
   */
  public static IamTarget serviceAccountById(String project, String uniqueId) {
    return new IamTarget(Kind.SERVICE_ACCOUNT, project, uniqueId,
        "//iam.googleapis.com/projects/" + project + "/serviceAccounts/" + uniqueId, Optional.empty());
  }

  /** True for a service account named by unique id, not yet resolved to its email. */
  public boolean namedByUniqueId() {
    return kind == Kind.SERVICE_ACCOUNT && !name.contains("@");
  }

  /** A resource's own policy. */
  public static IamTarget resource(ResourceRef ref) {
    return new IamTarget(Kind.RESOURCE, ref.name().project(), ref.name().id(), ref.name().full(), Optional.of(ref));
  }

  /** The same policy, its project named by id. */
  public IamTarget withProjectId(String projectId) {
    return switch (kind) {
      case PROJECT -> project(projectId);
      case SERVICE_ACCOUNT -> serviceAccount(projectId, name);
      case RESOURCE -> resource(new ResourceRef(resource.get().kind(), resource.get().name().withProject(projectId)));
    };
  }

  /** How JSON output names the kind of policy: {@code project}, {@code service-account} or the resource's kind. */
  public String id() {
    return switch (kind) {
      case PROJECT -> "project";
      case SERVICE_ACCOUNT -> "service-account";
      case RESOURCE -> resource.orElseThrow().kind().id();
    };
  }

  /** True when {@link #project()} is a project number rather than an id. */
  public boolean projectIsNumber() {
    return !project.isEmpty() && project.chars().allMatch(Character::isDigit);
  }
}
