package dev.autobind.kind;

import java.util.Objects;

/**
 * What holds one IAM policy: a project, a service account, or a governed resource by reference. Its full name
 * and the {@code resource} the API's getIamPolicy/setIamPolicy take are derived here and nowhere else, and the
 * apply stage picks the client by the holder's type (a resource's by its own kind), never by parsing a name.
 */
public sealed interface PolicyHolder permits PolicyHolder.Project, PolicyHolder.ServiceAccount, PolicyHolder.Resource {

  /** The project the policy belongs to: an id, or a number where an audit entry carried only that. */
  String project();

  /** The API host that serves the policy, e.g. {@code cloudresourcemanager.googleapis.com}. */
  String service();

  /** What getIamPolicy/setIamPolicy take as {@code resource}, e.g. {@code projects/P}. */
  String resource();

  /** How JSON output names the kind of holder: {@code project}, {@code service-account} or the resource's kind. */
  String id();

  /** The same policy, its project named by {@code projectId}. */
  PolicyHolder withProjectId(String projectId);

  /** The full resource name, e.g. {@code //cloudresourcemanager.googleapis.com/projects/P}. */
  default String fullName() {
    return "//" + service() + "/" + resource();
  }

  /** True when {@link #project()} is a project number rather than an id. */
  default boolean projectIsNumber() {
    return !project().isEmpty() && project().chars().allMatch(Character::isDigit);
  }

  /** A project's policy. */
  static Project project(String project) {
    return new Project(project);
  }

  /** A service account's own policy, the account named by email. */
  static ServiceAccount serviceAccount(String project, String email) {
    return new ServiceAccount(project, email);
  }

  /**
   * A service account's own policy as the console names it: by unique id, in {@code project} ({@code -} when the
   * entry names none). Drift repair resolves it through IAM before anything else is decided.
   */
  static ServiceAccount serviceAccountById(String project, String uniqueId) {
    return new ServiceAccount(project, uniqueId);
  }

  /** A governed resource's own policy, e.g. a Vertex AI endpoint's. */
  static Resource resource(ResourceRef ref) {
    return new Resource(ref);
  }

  /** A project's policy, through Resource Manager: {@code projects/P}. */
  record Project(String project) implements PolicyHolder {
    public Project {
      Objects.requireNonNull(project, "project");
    }

    @Override
    public String service() {
      return "cloudresourcemanager.googleapis.com";
    }

    @Override
    public String resource() {
      return "projects/" + project;
    }

    @Override
    public String id() {
      return "project";
    }

    @Override
    public Project withProjectId(String projectId) {
      return new Project(projectId);
    }

    @Override
    public String toString() {
      return fullName();
    }
  }

  /**
   * A service account's own policy, through IAM: {@code projects/P/serviceAccounts/ACCOUNT}.
   *
   * @param account the account's email, or its unique id where the entry named it so
   */
  record ServiceAccount(String project, String account) implements PolicyHolder {
    public ServiceAccount {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(account, "account");
    }

    /** True for an account named by unique id, not yet resolved to its email. */
    public boolean namedByUniqueId() {
      return !account.contains("@");
    }

    @Override
    public String service() {
      return "iam.googleapis.com";
    }

    @Override
    public String resource() {
      return "projects/" + project + "/serviceAccounts/" + account;
    }

    @Override
    public String id() {
      return "service-account";
    }

    @Override
    public ServiceAccount withProjectId(String projectId) {
      return new ServiceAccount(projectId, account);
    }

    @Override
    public String toString() {
      return fullName();
    }
  }

  /** A governed resource's own policy, through its own kind's client: {@code projects/P/locations/L/C/ID}. */
  record Resource(ResourceRef ref) implements PolicyHolder {
    public Resource {
      Objects.requireNonNull(ref, "ref");
    }

    @Override
    public String project() {
      return ref.name().project();
    }

    @Override
    public String service() {
      return ref.name().service();
    }

    @Override
    public String resource() {
      return ref.name().relative();
    }

    @Override
    public String id() {
      return ref.kind().id();
    }

    @Override
    public Resource withProjectId(String projectId) {
      return new Resource(new ResourceRef(ref.kind(), ref.name().withProject(projectId)));
    }

    @Override
    public String toString() {
      return fullName();
    }
  }
}
