package dev.autobind.plan;

import dev.autobind.kind.ClusterObjectKind;
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

  /**
   * The kinds autobind applies, each with its API version; names and collections are the audit table's
   * ({@link ClusterObjectKind}), so one kind has one home.
   */
  public enum Kind {
    NAMESPACE(ClusterObjectKind.NAMESPACE, "v1"),
    SERVICE_ACCOUNT(ClusterObjectKind.SERVICE_ACCOUNT, "v1"),
    ROLE_BINDING(ClusterObjectKind.ROLE_BINDING, "rbac.authorization.k8s.io/v1"),
    CLUSTER_ROLE_BINDING(ClusterObjectKind.CLUSTER_ROLE_BINDING, "rbac.authorization.k8s.io/v1");

    private final ClusterObjectKind audited;
    private final String apiVersion;

    Kind(ClusterObjectKind audited, String apiVersion) {
      this.audited = audited;
      this.apiVersion = apiVersion;
    }

    public String kind() {
      return audited.kind();
    }

    public String apiVersion() {
      return apiVersion;
    }

    /** The collection in API paths and GKE permission names, e.g. {@code rolebindings}. */
    public String plural() {
      return audited.plural();
    }

    /** The same kind as GKE's audit entries name it. */
    public ClusterObjectKind audited() {
      return audited;
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
