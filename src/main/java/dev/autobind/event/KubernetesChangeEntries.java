package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.google.events.cloud.audit.v1.AuditLog;
import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.kind.ClusterObjectKind;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kind.ResourceKind;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a GKE cluster's {@code k8s.io} audit entry into a {@link KubernetesChange}. GKE writes every change to the
 * Kubernetes API to the cluster's Admin Activity log with {@code resource.type: k8s_cluster} and the labels
 * {@code project_id}, {@code location}, {@code cluster_name}; {@code resourceName} is the object's API path without
 * {@code /api} or {@code /apis} ({@code core/v1/namespaces/NS}, {@code rbac.authorization.k8s.io/v1/namespaces/NS/
 * rolebindings/NAME}). Only deletions, updates and patches of the kinds autobind creates are read; any other
 * in-cluster method is ignored.
 */
final class KubernetesChangeEntries {
  static final String CLUSTER_RESOURCE_TYPE = "k8s_cluster";
  /** A principal is shown in records; one longer than this, or with spaces or control characters, is refused. */
  private static final int MAX_PRINCIPAL = 256;
  private static final Pattern PRINCIPAL = Pattern.compile("[\\x21-\\x7e]{1," + MAX_PRINCIPAL + "}");
  /**
   * A namespace as intake accepts it: a DNS-1123 label. Object names: lowercase letters, digits, '-', '.' and ':'
   * (RBAC names use ':'), up to 253. Intake only needs a name that cannot step out of its path segment or smuggle
   * anything into a record; whether it is one policy.kubernetes declares is decided against the policy, whose
   * names are checked by Kubernetes' own rules when function.yaml is loaded.
   */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?");

  private KubernetesChangeEntries() {}

  /** Whether the entry is a Kubernetes API entry of a GKE cluster, by its service or its method's prefix. */
  static boolean isKubernetes(AuditLog log) {
    return log.getServiceName().equals(ClusterObjectKind.SERVICE) || log.getMethodName().startsWith("io.k8s.");
  }

  static Intake interpret(KindRegistry kinds, LogEntryData entry, String field, Delivery delivery) {
    AuditLog log = entry.getProtoPayload();
    Optional<ClusterObjectKind.Change> change = ClusterObjectKind.ofMethod(log.getMethodName());
    if (change.isEmpty()) {
      return new Intake.Ignored("in-cluster method " + shown(log.getMethodName()) + " is not watched (only the"
          + " deletion, update or patch of namespaces, service accounts and role bindings)");
    }
    if (!log.getServiceName().equals(ClusterObjectKind.SERVICE)) {
      return new Intake.Ignored("method " + shown(log.getMethodName()) + " of service " + shown(log.getServiceName())
          + " is not watched (only of " + ClusterObjectKind.SERVICE + ")");
    }
    if (log.getStatus().getCode() != 0) {
      return new Intake.Ignored("the in-cluster change failed with status code " + log.getStatus().getCode()
          + ": " + shown(log.getStatus().getMessage()));
    }
    Optional<ResourceKind> clusters = kinds.kinds().stream()
        .filter(k -> k.collection().equals(ClusterObjectKind.CLUSTER_COLLECTION)).findFirst();
    if (clusters.isEmpty()) {
      return new Intake.Ignored("no governed kind holds clusters, so in-cluster changes are not watched");
    }
    ResourceRef cluster = cluster(clusters.get(), entry, field + ".resource");
    ClusterObjectKind kind = change.get().kind();
    Named named = named(kind, log.getResourceName(), field + ".protoPayload.resourceName");
    return new Intake.KubernetesObjectChanged(new KubernetesChange(cluster, kind, named.namespace(), named.name(),
        change.get().verb(), log.getMethodName(), principal(entry, field), AuditEntries.time(entry).or(delivery::time),
        delivery.path(), delivery.eventId()));
  }

  /** The cluster, from {@code resource.labels}; an entry of any other resource type is not a cluster's. */
  private static ResourceRef cluster(ResourceKind clusters, LogEntryData entry, String field) {
    if (!entry.getResource().getType().equals(CLUSTER_RESOURCE_TYPE)) {
      throw new InvalidField(field + ".type", (entry.getResource().getType().isEmpty() ? "missing"
          : "is " + shown(entry.getResource().getType())) + "; a cluster's in-cluster entries have "
          + CLUSTER_RESOURCE_TYPE);
    }
    Map<String, String> labels = entry.getResource().getLabelsMap();
    String project = label(labels, "project_id", field);
    String location = label(labels, "location", field);
    String name = label(labels, "cluster_name", field);
    return clusters.fromRelativeName("projects/" + project + "/locations/" + location + "/clusters/" + name,
        field + ".labels");
  }

  private static String label(Map<String, String> labels, String key, String field) {
    String value = labels.getOrDefault(key, "");
    if (value.isEmpty()) {
      throw new InvalidField(field + ".labels." + key, "missing");
    }
    if (value.indexOf('/') >= 0) {
      throw new InvalidField(field + ".labels." + key, shown(value) + " must not contain '/'");
    }
    return value;
  }

  /** The object a {@code resourceName} names. */
  private record Named(Optional<String> namespace, String name) {}

  private static Named named(ClusterObjectKind kind, String resourceName, String field) {
    if (resourceName.isEmpty()) {
      throw new InvalidField(field, "missing");
    }
    String expected = kind.groupVersion() + (kind.namespaced() ? "namespaces/NAMESPACE/" : "") + kind.plural()
        + "/NAME";
    Matcher m = Pattern.compile(Pattern.quote(kind.groupVersion())
        + (kind.namespaced() ? "namespaces/([^/]+)/" : "()") + Pattern.quote(kind.plural()) + "/([^/]+)")
        .matcher(resourceName);
    if (!m.matches()) {
      throw new InvalidField(field, shown(resourceName) + " does not name one " + kind.kind() + " (" + expected
          + ")");
    }
    Optional<String> namespace = kind.namespaced() ? Optional.of(m.group(1)) : Optional.empty();
    namespace.ifPresent(ns -> checked(NAMESPACE, ns, "namespace", field));
    String name = m.group(2);
    if (kind == ClusterObjectKind.NAMESPACE) {
      checked(NAMESPACE, name, "namespace", field);
    } else {
      checked(NAME, name, "object", field);
    }
    return new Named(namespace, name);
  }

  private static void checked(Pattern rule, String value, String what, String field) {
    if (!rule.matcher(value).matches()) {
      throw new InvalidField(field, shown(value) + " is not a Kubernetes " + what + " name (" + (rule == NAMESPACE
          ? "up to 63 lowercase letters, digits and '-'" : "up to 253 lowercase letters, digits, '-', '.' and ':'")
          + ", starting and ending with a letter or digit)");
    }
  }

  /** Who made the change: GKE writes a Google email or a Kubernetes user name ({@code system:...}) there. */
  private static Optional<String> principal(LogEntryData entry, String field) {
    String principal = entry.getProtoPayload().getAuthenticationInfo().getPrincipalEmail();
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    if (!PRINCIPAL.matcher(principal).matches()) {
      throw new InvalidField(field + ".protoPayload.authenticationInfo.principalEmail", shown(principal)
          + " is not a principal (up to " + MAX_PRINCIPAL + " printable ASCII characters, no spaces)");
    }
    return Optional.of(principal);
  }
}
