package dev.autobind.plan;

import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceRef;
import java.util.List;
import java.util.Objects;

/**
 * What to do for one resource: ensure the standard service account, then add bindings per target.
 *
 * @param ref the resource planned for
 * @param serviceAccount the standard service account to ensure, in the resource's project
 * @param bindings the bindings to add, in rule order, without repeats
 * @param skipped rules (or parts of rules) that planned nothing, with the reason
 * @param clusterObjects the Kubernetes objects to apply inside the cluster, in order (namespaces first)
 */
public record Plan(ResourceRef ref, ServiceAccountSpec serviceAccount, List<BindingChange> bindings,
    List<SkippedRule> skipped, List<ClusterObject> clusterObjects) implements PlanOutcome {

  public Plan {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    bindings = List.copyOf(bindings);
    skipped = List.copyOf(skipped);
    clusterObjects = List.copyOf(clusterObjects);
  }

  /** The targets that get bindings, in first-mention order. */
  public List<PolicyHolder> targets() {
    return bindings.stream().map(BindingChange::target).distinct().toList();
  }

  /** The bindings for one target: what {@link PolicyMerge#merge} adds to its policy, in one write. */
  public List<BindingChange> bindingsFor(PolicyHolder target) {
    return bindings.stream().filter(b -> b.target().equals(target)).toList();
  }
}
