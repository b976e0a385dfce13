package dev.autobind.plan;

import dev.autobind.kind.ResourceName;
import java.util.Objects;

/**
 * One IAM policy that bindings are added to, named by its full resource name, e.g.
 * {@code //cloudresourcemanager.googleapis.com/projects/P}.
 */
public record Target(TargetKind kind, String fullName) {

  public Target {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fullName, "fullName");
    if (!fullName.startsWith("//") || fullName.indexOf('/', 2) < 0) {
      throw new IllegalArgumentException("not a full resource name: " + fullName);
    }
  }

  public static Target project(String projectId) {
    return new Target(TargetKind.PROJECT, "//cloudresourcemanager.googleapis.com/projects/" + projectId);
  }

  public static Target serviceAccount(String projectId, String email) {
    return new Target(TargetKind.SERVICE_ACCOUNT, "//iam.googleapis.com/projects/" + projectId + "/serviceAccounts/" + email);
  }

  /** A governed resource's own policy, e.g. a Vertex AI model's. */
  public static Target resource(ResourceName name) {
    return new Target(TargetKind.RESOURCE, name.full());
  }

  /** The API host the full name starts with, e.g. {@code iam.googleapis.com}. */
  public String service() {
    return fullName.substring(2, fullName.indexOf('/', 2));
  }

  /**
   * The name the API's getIamPolicy/setIamPolicy take as {@code resource}: the full name without its
   * service, e.g. {@code projects/P}.
   */
  public String resourceName() {
    return fullName.substring(fullName.indexOf('/', 2) + 1);
  }

  @Override
  public String toString() {
    return fullName;
  }
}
