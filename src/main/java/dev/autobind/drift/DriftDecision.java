package dev.autobind.drift;

import dev.autobind.event.BindingDelta;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import java.util.List;
import java.util.Objects;

/** What the drift planner made of one policy change: leave it alone (with the reason), or look for what to restore. */
public sealed interface DriftDecision permits DriftDecision.Leave, DriftDecision.Restore {

  /**
   * Nothing is restored.
   *
   * @param exempt whether a declared exemption is the reason (the decision record says {@code exempt})
   */
  record Leave(String reason, boolean exempt) implements DriftDecision {
    public Leave {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Removals the policy can grant on {@code target}: each is put back only if a governed resource that still
   * exists has a plan that grants it.
   *
   * @param project the project id of the changed policy
   * @param target the changed policy, as plans name it
   * @param removals the removed bindings whose role the policy grants on such a target
   * @param kinds the kinds of resource whose rules grant those roles there, in the order rules name them
   */
  record Restore(String project, PolicyHolder target, List<BindingDelta> removals, List<ResourceKind> kinds)
      implements DriftDecision {
    public Restore {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(target, "target");
      removals = List.copyOf(removals);
      kinds = List.copyOf(kinds);
    }
  }
}
