package dev.autobind.plan;

import dev.autobind.policy.ClusterSetup.RoleKind;
import dev.autobind.policy.ClusterSetup.Subject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One Kubernetes object to apply inside a cluster, with placeholders filled in: only the fields autobind
 * manages. Anything else on the object in the cluster belongs to someone else and is left alone.
 *
 * @param kind what it is
 * @param namespace its namespace, for namespaced kinds
 * @param name its name
 * @param labels labels autobind sets (namespaces)
 * @param annotations annotations autobind sets (the Workload Identity annotation of a service account)
 * @param role the role a binding names, as {@code KIND/NAME}, for bindings
 * @param subjects the subjects a binding holds, for bindings
 */
public record ClusterObject(Kind kind, Optional<String> namespace, String name, Map<String, String> labels,
    Map<String, String> annotations, Optional<RoleRef> role, List<Subject> subjects) {

  /** The kinds autobind applies, each with its API group/version and collection. */
  public enum Kind {
    NAMESPACE("Namespace", "v1", "namespaces"),
    SERVICE_ACCOUNT("ServiceAccount", "v1", "serviceaccounts"),
    ROLE_BINDING("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings"),
    CLUSTER_ROLE_BINDING("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings");

    private final String kind;
    private final String apiVersion;
    private final String plural;

    Kind(String kind, String apiVersion, String plural) {
      this.kind = kind;
      this.apiVersion = apiVersion;
      this.plural = plural;
    }

    public String kind() {
      return kind;
    }

    public String apiVersion() {
      return apiVersion;
    }

    /** The collection in API paths and GKE permission names, e.g. {@code rolebindings}. */
    public String plural() {
      return plural;
    }
  }

  /** The role a binding names. */
  public record RoleRef(RoleKind kind, String name) {
    public RoleRef {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return kind.kind() + "/" + name;
    }
  }

  public ClusterObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    Objects.requireNonNull(role, "role");
    subjects = List.copyOf(subjects);
  }

  /** {@code Kind NAMESPACE/NAME} or {@code Kind NAME}, as the decision record and {@code plan} show it. */
  public String id() {
    return kind.kind() + " " + namespace.map(ns -> ns + "/").orElse("") + name;
  }

  /** A one-line account of the managed fields, for {@code plan}. */
  public String describe() {
    StringBuilder out = new StringBuilder(id());
    labels.forEach((k, v) -> out.append("  label ").append(k).append('=').append(v));
    annotations.forEach((k, v) -> out.append("  annotation ").append(k).append('=').append(v));
    role.ifPresent(r -> out.append("  -> ").append(r).append(": ").append(subjects.stream()
        .map(ClusterObject::subject).collect(Collectors.joining(", "))));
    return out.toString();
  }

  /** A subject as {@code Group:NAME}, {@code User:NAME} or {@code ServiceAccount:NAMESPACE/NAME}. */
  public static String subject(Subject s) {
    return s.kind().kind() + ":" + s.namespace().map(ns -> ns + "/").orElse("") + s.name();
  }
}
