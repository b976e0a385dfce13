package dev.autobind.apply;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.iam.v1.Policy;
import dev.autobind.event.ResourceEvent;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.plan.PolicyMerge;
import dev.autobind.plan.ServiceAccountSpec;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Placeholder;
import java.util.Optional;

/**
 * The baseline of the round-trip benchmark: the applier's call sequence before issue 16, kept as it
 * was, one call after another. Look the resource up; GetServiceAccount; on NOT_FOUND create it and
 * poll GetServiceAccount until it is visible; then each target's read-modify-write in turn. Only the
 * path without faults is kept (no conflict or transient retries, no coalescing), since the benchmark
 * injects none; it is not for production.
 */
public final class SequentialApplier {
  private final Gateways gateways;
  private final RetryLoop retry;

  public SequentialApplier(Gateways gateways, RetryLoop retry) {
    this.gateways = gateways;
    this.retry = retry;
  }

  /** Applies {@code policy} to the resource {@code event} names. */
  public void apply(ResourceEvent event, dev.autobind.policy.Policy policy) {
    ApiCalls calls = new ApiCalls();
    PlanOutcome outcome = Planner.plan(event.ref(), policy,
        new ResourceLookup(gateways.resources(), calls).facts(event.ref(), policy.uses(Placeholder.PROJECT_NUMBER)));
    if (!(outcome instanceof Plan plan)) {
      throw new IllegalStateException("nothing planned for " + event.resource() + ": " + outcome);
    }
    ensureAccount(plan.serviceAccount(), calls);
    for (PolicyHolder target : plan.targets()) {
      HeldPolicy held = gateways.policy(target);
      Policy current = calls.read(held::read);
      PolicyMerge.merge(current, plan.bindingsFor(target)).ifPresent(merged -> calls.write(() -> held.write(merged)));
    }
  }

  private void ensureAccount(ServiceAccountSpec spec, ApiCalls calls) {
    try {
      calls.read(() -> gateways.accounts().get(spec.email()));
      return;
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() != StatusCode.Code.NOT_FOUND) {
        throw e;
      }
    }
    calls.write(() -> gateways.accounts().create(spec.project(), spec.accountId(), spec.displayName(),
        spec.description()));
    retry.run(Backoff.forVisibility(), () -> calls.read(() -> gateways.accounts().get(spec.email())),
        e -> e instanceof ApiException api && Fault.of(api, Optional.of(spec.email())) == Fault.NOT_FOUND,
        calls::retried);
  }
}
