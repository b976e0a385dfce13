package dev.autobind.bench;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.iam.v1.Policy;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.HeldPolicy;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.plan.BindingChange;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.plan.PolicyMerge;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.plan.ServiceAccountSpec;
import java.util.List;
import java.util.Optional;

/**
 * The baseline of figure 3: the loop a script would run, one read-modify-write per binding, over the
 * same gateways, lookup and plan as autobind. GKE events only; no retries, no coalescing.
 */
final class NaiveApplier {
  private final Gateways gateways;

  NaiveApplier(Gateways gateways) {
    this.gateways = gateways;
  }

  void apply(ResourceEvent event, dev.autobind.policy.Policy policy) {
    if (event.kind() != GkeCluster.KIND) {
      throw new IllegalArgumentException("the naive loop handles GKE events only, got " + event.kind());
    }
    ResourceFacts facts = gateways.resources().facts(event.kind(), event.ref().name(), Optional.empty());
    PlanOutcome outcome = Planner.plan(event.ref(), policy, facts);
    if (!(outcome instanceof Plan plan)) {
      throw new IllegalStateException("nothing planned for " + event.resource() + ": " + outcome);
    }
    ensureAccount(plan.serviceAccount());
    for (BindingChange binding : plan.bindings()) {
      HeldPolicy held = gateways.policy(binding.target());
      Policy current = held.read();
      PolicyMerge.merge(current, List.of(binding)).ifPresent(held::write);
    }
  }

  private void ensureAccount(ServiceAccountSpec spec) {
    try {
      gateways.accounts().get(spec.email());
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() != StatusCode.Code.NOT_FOUND) {
        throw e;
      }
      gateways.accounts().create(spec.project(), spec.accountId(), spec.displayName(), spec.description());
    }
  }
}
