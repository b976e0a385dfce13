package dev.autobind.plan;

import java.util.Objects;

/** What the planner made of one resource: a {@link Plan}, or a reason to leave the resource alone. */
public sealed interface PlanOutcome permits Plan, PlanOutcome.Ignored {

  /** The policy does not govern the resource (its project is out of scope). */
  record Ignored(String reason) implements PlanOutcome {
    public Ignored {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
