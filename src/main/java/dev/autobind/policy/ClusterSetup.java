package dev.autobind.policy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The validated {@code policy.kubernetes:} section: what autobind applies inside each new GKE cluster.
 * Texts may hold placeholders where the section allows them (the Google service account annotation,
 * user and group names).
 */
public record ClusterSetup(List<Namespace> namespaces, List<ServiceAccount> serviceAccounts, List<Binding> bindings) {

  public ClusterSetup {
    namespaces = List.copyOf(namespaces);
    serviceAccounts = List.copyOf(serviceAccounts);
    bindings = List.copyOf(bindings);
  }

  /** A namespace with the labels autobind sets on it. */
  public record Namespace(String name, Map<String, String> labels) {
    public Namespace {
      Objects.requireNonNull(name, "name");
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  /**
   * A Kubernetes service account.
   *
   * @param googleServiceAccount the value of the {@code iam.gke.io/gcp-service-account} annotation, when set
   */
  public record ServiceAccount(String namespace, String name, Optional<String> googleServiceAccount) {
    public ServiceAccount {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(googleServiceAccount, "googleServiceAccount");
    }
  }

  /** The two kinds of role a binding can name. */
  public enum RoleKind { ROLE("Role"), CLUSTER_ROLE("ClusterRole");

    private final String kind;

    RoleKind(String kind) {
      this.kind = kind;
    }

    /** The Kubernetes kind, e.g. {@code ClusterRole}. */
    public String kind() {
      return kind;
    }
  }

  /** The kinds of RBAC subject. */
  public enum SubjectKind { USER("User"), GROUP("Group"), SERVICE_ACCOUNT("ServiceAccount");

    private final String kind;

    SubjectKind(String kind) {
      this.kind = kind;
    }

    /** The Kubernetes kind, e.g. {@code Group}. */
    public String kind() {
      return kind;
    }
  }

  /** One subject of a binding; service accounts have a namespace, users and groups none. */
  public record Subject(SubjectKind kind, String name, Optional<String> namespace) {
    public Subject {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(namespace, "namespace");
    }
  }

  /**
   * A RoleBinding (with a namespace) or a ClusterRoleBinding (without).
   *
   * @param roleKind what {@code roleName} names; a ClusterRoleBinding names only ClusterRoles
   */
  public record Binding(Optional<String> namespace, String name, RoleKind roleKind, String roleName,
      List<Subject> subjects) {
    public Binding {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(roleKind, "roleKind");
      Objects.requireNonNull(roleName, "roleName");
      subjects = List.copyOf(subjects);
    }

    /** The Kubernetes kind: {@code RoleBinding} or {@code ClusterRoleBinding}. */
    public String kind() {
      return namespace.isPresent() ? "RoleBinding" : "ClusterRoleBinding";
    }
  }

  /** Whether any text in the section refers to {@code placeholder}. */
  public boolean uses(Placeholder placeholder) {
    String token = placeholder.token();
    return Stream.concat(
            serviceAccounts.stream().flatMap(a -> a.googleServiceAccount().stream()),
            bindings.stream().flatMap(b -> b.subjects().stream()).map(Subject::name))
        .anyMatch(t -> t.contains(token));
  }

  /** The roles the bindings name, as {@code KIND/NAME}, sorted: what the function must be able to bind. */
  public List<String> boundRoles() {
    TreeSet<String> roles = new TreeSet<>();
    bindings.forEach(b -> roles.add(b.roleKind().kind() + "/" + b.roleName()));
    return List.copyOf(roles);
  }
}
