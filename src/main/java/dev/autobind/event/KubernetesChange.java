package dev.autobind.event;

import dev.autobind.kind.ClusterObjectKind;
import dev.autobind.kind.ResourceRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to an object inside a GKE cluster, as the cluster's {@code k8s.io} audit entry reports it: which
 * object, how it changed and who changed it. Whether anything is put back is decided from {@code policy.kubernetes}
 * and from what the cluster shows.
 *
 * @param cluster the cluster the object lives in
 * @param kind the object's kind
 * @param namespace its namespace, for namespaced kinds
 * @param name its name
 * @param verb {@code delete}, {@code update} or {@code patch}
 * @param method the audit-log method name
 * @param principal who changed it: an email, or a Kubernetes user such as {@code system:serviceaccount:NS:NAME}
 * @param time when the entry was written (or the message published), when known
 * @param path how the entry was delivered
 * @param eventId the CloudEvent id, for correlation
 */
public record KubernetesChange(ResourceRef cluster, ClusterObjectKind kind, Optional<String> namespace, String name,
    String verb, String method, Optional<String> principal, Optional<Instant> time, DeliveryPath path,
    String eventId) {

  public KubernetesChange {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(eventId, "eventId");
    if (kind.namespaced() != namespace.isPresent()) {
      throw new IllegalArgumentException(kind.kind() + (kind.namespaced() ? " needs" : " takes no") + " namespace");
    }
  }

  /** The object as records name it, e.g. {@code RoleBinding training/ml-engineers-edit}. */
  public String object() {
    return kind.kind() + " " + namespace.map(ns -> ns + "/").orElse("") + name;
  }
}
