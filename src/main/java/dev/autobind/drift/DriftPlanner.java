package dev.autobind.drift;

import dev.autobind.event.BindingDelta;
import dev.autobind.event.IamChange;
import dev.autobind.event.KubernetesChange;
import dev.autobind.kind.ClusterObjectKind;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.plan.BindingChange;
import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.PolicyMerge;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Placeholder;
import dev.autobind.policy.Policy;
import dev.autobind.policy.Rule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what a policy change means for autobind before any API call: pure, with the function's own identity
 * passed in. The admission gate has already decided scope, exemptions and the restore cap; whatever passes here
 * is only a candidate: the repair then looks up the governed resources and restores a binding only where a
 * resource's plan grants it.
 */
public final class DriftPlanner {

  private DriftPlanner() {}

  /**
   * Decides on one change.
   *
   * @param ownAccount the email of the function's own service account, when function.yaml names it
   * @throws IllegalArgumentException when the change names its project by number (resolve it first)
   */
  public static DriftDecision decide(IamChange change, Policy policy, Optional<String> ownAccount) {
    PolicyHolder changed = change.target();
    if (changed.projectIsNumber()) {
      throw new IllegalArgumentException("resolve project number " + changed.project() + " to its id first");
    }
    if (ownAccount.isPresent() && change.principal().map(ownAccount.get()::equalsIgnoreCase).orElse(false)) {
      return leave("changed by autobind's own account " + ownAccount.get() + ", whose changes are never acted on");
    }
    List<BindingDelta> removals = change.removals();
    if (removals.isEmpty()) {
      return leave("no binding was removed (ADD only); drift repair acts on removals");
    }
    String project = changed.project();
    Optional<PolicyHolder> target = target(changed, policy);
    if (target.isEmpty()) {
      return leave("service account " + ((PolicyHolder.ServiceAccount) changed).account() + " is not the standard account "
          + policy.serviceAccount().email(project));
    }
    GrantScope scope = scope(changed);
    Set<ResourceKind> kinds = new LinkedHashSet<>();
    List<BindingDelta> grantable = removals.stream().filter(r -> {
      Set<ResourceKind> granting = kindsGranting(policy, scope, changed, r.role());
      kinds.addAll(granting);
      return !granting.isEmpty();
    }).toList();
    if (grantable.isEmpty()) {
      return leave("the policy never grants " + roles(removals) + " on " + scope.key() + " policies");
    }
    return new DriftDecision.Restore(project, target.get(), grantable, List.copyOf(kinds));
  }

  /** Whether {@code binding}, planned for some resource, puts back one of the removals on the target. */
  public static boolean restores(BindingChange binding, DriftDecision.Restore restore) {
    return binding.target().equals(restore.target()) && restore.removals().stream().anyMatch(r ->
        r.role().equals(binding.role()) && PolicyMerge.sameMember(r.member(), binding.member())
            && r.condition().equals(binding.condition().map(PolicyMerge::expr)));
  }

  /**
   * Why a change of an object inside a cluster is left alone before any API call, or empty when the cluster's
   * plan may declare it: a change by autobind's own identity (in the cluster it acts as the function's Google
   * account, which GKE records as the principal), or a policy without a {@code kubernetes:} section.
   */
  public static Optional<String> objectLeft(KubernetesChange change, Policy policy, Optional<String> ownAccount) {
    if (ownAccount.isPresent() && change.principal().map(ownAccount.get()::equalsIgnoreCase).orElse(false)) {
      return Optional.of("changed by autobind's own in-cluster identity " + ownAccount.get()
          + ", whose changes are never acted on");
    }
    if (policy.kubernetes().isEmpty()) {
      return Optional.of("policy.kubernetes declares no object, so no in-cluster change is repaired");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code declared}, planned for the cluster, is what the change touched: the same object, or, when a
   * namespace was deleted, any object that lived in it (Kubernetes deletes a namespace's contents with it).
   */
  public static boolean touches(KubernetesChange change, ClusterObject declared) {
    boolean same = declared.kind().audited() == change.kind() && declared.namespace().equals(change.namespace())
        && declared.name().equals(change.name());
    boolean inDeletedNamespace = change.kind() == ClusterObjectKind.NAMESPACE && change.verb().equals("delete")
        && declared.namespace().equals(Optional.of(change.name()));
    return same || inDeletedNamespace;
  }

  private static Optional<PolicyHolder> target(PolicyHolder changed, Policy policy) {
    if (changed instanceof PolicyHolder.ServiceAccount account) {
      return Optional.of(policy.serviceAccount().email(account.project()))
          .filter(account.account()::equalsIgnoreCase)
          .map(email -> PolicyHolder.serviceAccount(account.project(), email));
    }
    return Optional.of(changed);
  }

  private static GrantScope scope(PolicyHolder changed) {
    if (changed instanceof PolicyHolder.Project) {
      return GrantScope.PROJECT;
    }
    return changed instanceof PolicyHolder.ServiceAccount ? GrantScope.SERVICE_ACCOUNT : GrantScope.RESOURCE;
  }

  /** The kinds whose rules grant {@code role} in {@code scope}; a resource's own policy only for its kind. */
  private static Set<ResourceKind> kindsGranting(Policy policy, GrantScope scope, PolicyHolder changed, String role) {
    Map<Placeholder, String> values = Map.of(Placeholder.PROJECT, changed.project());
    Set<ResourceKind> kinds = new LinkedHashSet<>();
    for (Rule rule : policy.rules()) {
      boolean grants = rule.grant().in(scope).stream()
          .anyMatch(g -> Placeholder.substitute(g.role(), values).equals(role));
      if (grants) {
        rule.resources().stream()
            .filter(k -> !(changed instanceof PolicyHolder.Resource r) || r.ref().kind() == k)
            .forEach(kinds::add);
      }
    }
    return kinds;
  }

  private static String roles(List<BindingDelta> removals) {
    return removals.stream().map(BindingDelta::role).distinct().collect(Collectors.joining(", "));
  }

  private static DriftDecision leave(String reason) {
    return new DriftDecision.Leave(reason, false);
  }
}
