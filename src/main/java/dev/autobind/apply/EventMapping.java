package dev.autobind.apply;

import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.policy.Policy;
import java.util.Optional;

/**
 * The mapping step for a delivered resource: its age is judged (an expired delivery reads nothing), then the
 * resource's reference and everything its plan holds go to the {@link Reconciler}. An operation's first audit
 * entry asks for the resource as still being created.
 */
public final class EventMapping {

  private EventMapping() {}

  /** Reconciles the resource {@code event} names with {@code policy}; never throws for API failures. */
  public static ApplyResult reconcile(Reconciler reconciler, ResourceEvent event, Policy policy) {
    DeliveryAge age = reconciler.deliveryAge();
    Optional<ApplyResult> expired = age.expired(event.time());
    if (expired.isPresent()) {
      return expired.get();
    }
    return reconciler.reconcile(event.ref(), policy,
        new Selection.Everything(event.phase() == Phase.FIRST, age.recent(event.time())));
  }
}
