package dev.autobind.kind;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of object autobind creates inside a cluster, as GKE names their changes in the cluster's Admin
 * Activity audit log: {@code protoPayload.serviceName: k8s.io}, {@code methodName} such as
 * {@code io.k8s.authorization.rbac.v1.rolebindings.delete}, {@code resourceName} such as
 * {@code rbac.authorization.k8s.io/v1/namespaces/training/rolebindings/NAME}. Drift repair watches their
 * deletions, updates and patches, and the deployment routes exactly those methods ({@link #changes()}).
 */
public enum ClusterObjectKind {
  NAMESPACE("Namespace", "io.k8s.core.v1.", "core/v1/", "namespaces", false),
  SERVICE_ACCOUNT("ServiceAccount", "io.k8s.core.v1.", "core/v1/", "serviceaccounts", true),
  ROLE_BINDING("RoleBinding", "io.k8s.authorization.rbac.v1.", "rbac.authorization.k8s.io/v1/", "rolebindings", true),
  CLUSTER_ROLE_BINDING("ClusterRoleBinding", "io.k8s.authorization.rbac.v1.", "rbac.authorization.k8s.io/v1/",
      "clusterrolebindings", false);

  /** The audit log's {@code protoPayload.serviceName} for every change inside a GKE cluster. */
  public static final String SERVICE = "k8s.io";
  /** The collection of the governed kind whose resources hold these objects: GKE's {@code clusters}. */
  public static final String CLUSTER_COLLECTION = "clusters";
  /** The changes drift repair acts on; creations and reads are not routed. */
  public static final List<String> VERBS = List.of("delete", "update", "patch");

  private final String kind;
  private final String methodPrefix;
  private final String groupVersion;
  private final String plural;
  private final boolean namespaced;

  ClusterObjectKind(String kind, String methodPrefix, String groupVersion, String plural, boolean namespaced) {
    this.kind = kind;
    this.methodPrefix = methodPrefix;
    this.groupVersion = groupVersion;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  /** The Kubernetes kind, e.g. {@code RoleBinding}. */
  public String kind() {
    return kind;
  }

  /** The collection in API paths, e.g. {@code rolebindings}. */
  public String plural() {
    return plural;
  }

  /** Whether objects of this kind live in a namespace. */
  public boolean namespaced() {
    return namespaced;
  }

  /** How {@code resourceName} starts for this kind: {@code rbac.authorization.k8s.io/v1/}. */
  public String groupVersion() {
    return groupVersion;
  }

  /** The audit method of {@code verb} on this kind, e.g. {@code io.k8s.core.v1.namespaces.delete}. */
  public String method(String verb) {
    return methodPrefix + plural + "." + verb;
  }

  /** The kind and verb an audit method name is, when it is one drift repair watches. */
  public static Optional<Change> ofMethod(String methodName) {
    for (ClusterObjectKind k : values()) {
      for (String verb : VERBS) {
        if (k.method(verb).equals(methodName)) {
          return Optional.of(new Change(k, verb));
        }
      }
    }
    return Optional.empty();
  }

  /** A watched method: which kind, and which verb ({@code delete}, {@code update} or {@code patch}). */
  public record Change(ClusterObjectKind kind, String verb) {}

  /** Every watched in-cluster method, kind by kind. */
  public static List<AuditMethod> changes() {
    return Arrays.stream(values()).flatMap(k -> VERBS.stream().map(v -> new AuditMethod(SERVICE, k.method(v))))
        .toList();
  }
}
