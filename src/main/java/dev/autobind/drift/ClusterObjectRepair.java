package dev.autobind.drift;

import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.DeliveryAge;
import dev.autobind.event.Outcome;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.RepairOutcome;
import dev.autobind.apply.Selection;
import dev.autobind.event.KubernetesChange;
import dev.autobind.kind.ResourceRef;
import dev.autobind.policy.Policy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Carries out drift repair for one change of an object inside a cluster: the cluster is looked up and planned
 * as at creation, and only the objects of {@code policy.kubernetes} that the change touched are put back, through
 * the same cluster applier: additive, never forced, never removing what others added. Exemptions are the
 * admission gate's to decide: a change in an exempt cluster or project never reaches this repair.
 */
public final class ClusterObjectRepair {

  private final Policy policy;
  private final Optional<String> ownAccount;
  private final BiFunction<ResourceRef, Selection, ApplyResult> restorer;
  private final DeliveryAge age;
  private final boolean dryRun;

  /**
   * @param restorer reconciles the cluster, carrying out only the objects its {@link Selection.ClusterObjects}
   *     accepts
   * @param age judges the change's age: an expired change restores nothing
   */
  public ClusterObjectRepair(Policy policy, Optional<String> ownAccount,
      BiFunction<ResourceRef, Selection, ApplyResult> restorer, DeliveryAge age, boolean dryRun) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ownAccount = Objects.requireNonNull(ownAccount, "ownAccount");
    this.restorer = Objects.requireNonNull(restorer, "restorer");
    this.age = Objects.requireNonNull(age, "age");
    this.dryRun = dryRun;
  }

  /**
   * The repair an engine over real clients carries out.
   *
   * @throws IllegalStateException when the engine was built without clients (a test engine)
   */
  public static ClusterObjectRepair over(PolicyApplier engine) {
    PolicyApplier.Drift drift = engine.drift().orElseThrow(() -> new IllegalStateException(
        "this engine was built without the clients drift repair reads clusters with"));
    return new ClusterObjectRepair(engine.policy(), drift.ownAccount(), engine::reconcile, engine.deliveryAge(),
        drift.dryRun());
  }

  /** Decides on one change and puts back what {@code policy.kubernetes} declares of it; never throws for API failures. */
  public RepairOutcome repair(KubernetesChange change) {
    Optional<String> left = DriftPlanner.objectLeft(change, policy, ownAccount);
    if (left.isPresent()) {
      return new RepairOutcome(ApplyResult.untouched(Outcome.IGNORED, left.get(), dryRun), false);
    }
    Optional<ApplyResult> expired = age.expired(change.time());
    if (expired.isPresent()) {
      return new RepairOutcome(expired.get(), false);
    }
    ApplyResult result = restorer.apply(change.cluster(),
        new Selection.ClusterObjects(declared -> DriftPlanner.touches(change, declared), age.recent(change.time())));
    return new RepairOutcome(result.withReason(reason(change, result)), false);
  }

  private static String reason(KubernetesChange change, ApplyResult result) {
    String who = change.principal().map(p -> " by " + p).orElse("");
    String what = change.object() + " (" + change.verb() + who + ")";
    return switch (result.status()) {
      case APPLIED -> (result.dryRun() ? "would restore " : "restored ") + "what policy.kubernetes declares of "
          + what + ": " + String.join(", ", result.clusterObjects().stream()
              .map(o -> o.object() + " " + o.status().id()).toList());
      case COMPLIANT -> "what policy.kubernetes declares of " + what + " is in place";
      case IGNORED -> result.reason().equals(Reconciler.NOTHING_SELECTED)
          ? "policy.kubernetes declares no " + change.object() + " for this cluster" : result.reason();
      default -> result.reason();
    };
  }
}
