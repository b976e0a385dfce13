package dev.autobind.event;

import java.util.List;
import java.util.Map;

/** The in-cluster fixtures under src/test/resources/events (k8s-*) with the outcome intake must give for each. */
final class KubernetesChangeFixtures {
  private static final String CLUSTER =
      "//container.googleapis.com/projects/demo-train/locations/us-central1-a/clusters/train-gke-1";
  private static final String RESOURCE_NAME = "data.protoPayload.resourceName: ";

  private KubernetesChangeFixtures() {}

  static List<EventFixtures.Case> all() {
    return List.of(
        change("k8s-rolebinding-delete.eventarc.json", "RoleBinding training/ml-engineers-edit", "delete",
            "io.k8s.authorization.rbac.v1.rolebindings.delete", "alice@example.com", "eventarc"),
        change("k8s-rolebinding-delete.pubsub.json", "RoleBinding training/ml-engineers-edit", "delete",
            "io.k8s.authorization.rbac.v1.rolebindings.delete", "alice@example.com", "pubsub-log"),
        change("k8s-namespace-delete.eventarc.json", "Namespace training", "delete",
            "io.k8s.core.v1.namespaces.delete", "alice@example.com", "eventarc"),
        change("k8s-serviceaccount-patch.eventarc.json", "ServiceAccount training/trainer", "patch",
            "io.k8s.core.v1.serviceaccounts.patch", "bob@example.com", "eventarc"),
        change("k8s-clusterrolebinding-update.eventarc.json", "ClusterRoleBinding ml-engineers-view", "update",
            "io.k8s.authorization.rbac.v1.clusterrolebindings.update", "system:serviceaccount:ops:cleanup-bot",
            "eventarc"),

        IamChangeFixtures.ignored("k8s-pod-delete.eventarc.json", "in-cluster method"
            + " \"io.k8s.core.v1.pods.delete\" is not watched (only the deletion, update or patch of namespaces,"
            + " service accounts and role bindings)"),
        IamChangeFixtures.ignored("k8s-forbidden.eventarc.json", "the in-cluster change failed with status code 7:"
            + " \"rolebindings.rbac.authorization.k8s.io \\\"ml-engineers-edit\\\" is forbidden\""),

        IamChangeFixtures.invalid("k8s-hostile-traversal.eventarc.json", RESOURCE_NAME
            + "\"rbac.authorization.k8s.io/v1/namespaces/training/rolebindings/../../../clusterro...\" (104 characters)"
            + " does not name one RoleBinding (rbac.authorization.k8s.io/v1/namespaces/NAMESPACE/rolebindings/NAME)"),
        IamChangeFixtures.invalid("k8s-oversized-name.eventarc.json", RESOURCE_NAME + "\"" + "a".repeat(80)
            + "...\" (300 characters) is not a Kubernetes object name (up to 253 lowercase letters, digits, '-', '.'"
            + " and ':', starting and ending with a letter or digit)"),
        IamChangeFixtures.invalid("k8s-uppercase-namespace.eventarc.json", RESOURCE_NAME + "\"Training\" is not a"
            + " Kubernetes namespace name (up to 63 lowercase letters, digits and '-', starting and ending with a letter"
            + " or digit)"),
        IamChangeFixtures.invalid("k8s-kind-disagrees.eventarc.json", RESOURCE_NAME
            + "\"rbac.authorization.k8s.io/v1/namespaces/training/rolebindings/ml-engineers-edit\" does not name one"
            + " Namespace (core/v1/namespaces/NAME)"),
        IamChangeFixtures.invalid("k8s-wrong-resource-type.eventarc.json",
            "data.resource.type: is \"gce_instance\"; a cluster's in-cluster entries have k8s_cluster"),
        IamChangeFixtures.invalid("k8s-missing-cluster-label.eventarc.json", "data.resource.labels.cluster_name: missing"),
        IamChangeFixtures.invalid("k8s-hostile-cluster-label.eventarc.json",
            "data.resource.labels.cluster_name: \"train-gke-1/../../other\" must not contain '/'"),
        IamChangeFixtures.invalid("k8s-principal-number.eventarc.json",
            "data.protoPayload.authenticationInfo.principalEmail: expected a string, got a number"),
        IamChangeFixtures.invalid("k8s-hostile-principal.eventarc.json",
            "data.protoPayload.authenticationInfo.principalEmail: \"alice@example.com\\nuser:admin\" is not a principal"
                + " (up to 256 printable ASCII characters, no spaces)"));
  }

  private static EventFixtures.Case change(String file, String object, String verb, String method, String principal,
      String path) {
    return new EventFixtures.Case(file, "kubernetes-change", Map.of("kind", "gke-cluster", "project", "demo-train",
        "resource", CLUSTER, "object", object, "verb", verb, "method", method, "principal", principal, "path", path));
  }
}
