package dev.autobind.plan;

import dev.autobind.kind.ResourceKind;
import dev.autobind.plan.ClusterObject.Kind;
import dev.autobind.plan.ClusterObject.RoleRef;
import dev.autobind.policy.ClusterSetup;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.KubernetesNames;
import dev.autobind.policy.Placeholder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plans the {@code policy.kubernetes} objects for one cluster: pure, like the rest of the planner. */
final class ClusterObjects {

  /** The name skips of the in-cluster part are reported under. */
  static final String SECTION = "kubernetes";

  private ClusterObjects() {}

  /**
   * The objects to apply, namespaces first, then service accounts, then bindings. A cluster that is not
   * {@code ready} (its creation is still under way) gets none: its API may not answer yet.
   */
  static List<ClusterObject> plan(ClusterSetup setup, ResourceKind kind, boolean ready, Map<Placeholder, String> values,
      List<SkippedRule> skipped) {
    if (!kind.hostsKubernetes()) {
      return List.of();
    }
    if (!ready) {
      skipped.add(new SkippedRule(SECTION, "the cluster is still being created; its Kubernetes objects are applied"
          + " when the operation's last entry arrives"));
      return List.of();
    }
    List<ClusterObject> objects = new ArrayList<>();
    setup.namespaces().forEach(ns -> objects.add(new ClusterObject(Kind.NAMESPACE, Optional.empty(), ns.name(),
        ns.labels(), Map.of(), Optional.empty(), List.of())));
    setup.serviceAccounts().forEach(sa -> objects.add(new ClusterObject(Kind.SERVICE_ACCOUNT,
        Optional.of(sa.namespace()), sa.name(), Map.of(),
        sa.googleServiceAccount().map(g -> Map.of(KubernetesNames.GCP_SERVICE_ACCOUNT_ANNOTATION,
            Placeholder.substitute(g, values))).orElse(Map.of()),
        Optional.empty(), List.of())));
    setup.bindings().forEach(b -> objects.add(new ClusterObject(
        b.namespace().isPresent() ? Kind.ROLE_BINDING : Kind.CLUSTER_ROLE_BINDING, b.namespace(), b.name(),
        Map.of(), Map.of(), Optional.of(new RoleRef(b.roleKind(), b.roleName())),
        b.subjects().stream().map(s -> filled(s, values)).toList())));
    return objects;
  }

  private static Subject filled(Subject s, Map<Placeholder, String> values) {
    return new Subject(s.kind(), Placeholder.substitute(s.name(), values), s.namespace());
  }
}
