package dev.autobind.deploy;

import dev.autobind.kind.KindRegistry;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the deployment plan around: the steps that remove what {@code deploy.sh} created, in reverse order,
 * each done only while the thing it removes is there. Each deploy step declares its own {@link Undo}, so the
 * teardown follows the deployment as it changes without reading any command's words; a step that declares
 * none stops the teardown. Pure: it builds commands and runs none.
 */
public final class UndeployPlanner {

  /** What the teardown leaves, and why; shown with the plan. */
  public record Kept(String what, String why) {}

  /** The teardown: its steps, and what it leaves in place. */
  public record UndeployPlan(FunctionConfig function, List<Step> steps, List<Kept> kept) {
    public UndeployPlan {
      steps = List.copyOf(steps);
      kept = List.copyOf(kept);
    }
  }

  private static final String STAGING = "target/deploy-source";

  private final FunctionConfig fn;
  private final List<Step> removals = new ArrayList<>();
  private final List<Kept> kept = new ArrayList<>();

  private UndeployPlanner(FunctionConfig fn) {
    this.fn = fn;
  }

  /** The teardown of what {@link DeployPlanner#plan} deploys for {@code function} and {@code policy}. */
  public static UndeployPlan plan(FunctionConfig function, Policy policy, KindRegistry kinds) {
    return new UndeployPlanner(function).invert(DeployPlanner.plan(function, policy, STAGING, kinds).steps());
  }

  private UndeployPlan invert(List<Step> deploy) {
    List<Step> reads = new ArrayList<>();
    for (Step step : deploy) {
      if (step.run().output().isPresent()) {
        reads.add(step);
      }
      Undo undo = step.undo();
      if (undo instanceof Undo.Remove r) {
        removals.add(r.step());
      } else if (undo instanceof Undo.Keep k) {
        kept.add(new Kept(k.what(), k.why()));
      } else if (undo instanceof Undo.Undeclared) {
        throw new IllegalStateException("the deploy step '" + step.name() + "' declares no inverse; say in"
            + " DeployPlanner how to undo it, or why it stays");
      } // Undo.Nothing: it goes with something removed, or it is a lookup or a removal itself
    }
    List<Step> steps = new ArrayList<>();
    // Lookups first, in their order, when a removal needs what they find; then the removals, last first.
    Set<Variable> needed = EnumSet.noneOf(Variable.class);
    for (Step removal : removals) {
      removal.check().ifPresent(c -> needed.addAll(c.reads()));
      needed.addAll(removal.run().reads());
    }
    reads.stream().filter(r -> needed.contains(r.run().output().get())).forEach(steps::add);
    for (int i = removals.size() - 1; i >= 0; i--) {
      steps.add(removals.get(i));
    }
    kept.add(new Kept("the standard service accounts autobind created in governed projects, and every binding it"
        + " granted there", "they are the policy's effect, in use by the resources they were granted for; remove"
        + " one with gcloud iam service-accounts delete EMAIL --project=PROJECT, or gcloud projects"
        + " remove-iam-policy-binding PROJECT --member=MEMBER --role=ROLE"));
    return new UndeployPlan(fn, steps, kept);
  }
}
