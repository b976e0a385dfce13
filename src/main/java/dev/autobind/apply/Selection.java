package dev.autobind.apply;

import dev.autobind.kind.ResourceFacts;
import dev.autobind.plan.BindingChange;
import dev.autobind.plan.ClusterObject;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What {@link Reconciler#reconcile} carries out of a resource's plan. No delivery detail is part of it: who asked,
 * when, and by which path stay with the decision record.
 */
public sealed interface Selection {

  /**
   * Whether a resource that cannot be read is taken as not readable yet (a transient failure, so the caller
   * tries again) rather than as gone.
   */
  boolean recent();

  /**
   * Everything the plan holds.
   *
   * @param creating the resource's creation is still under way: a cluster's Kubernetes objects wait
   * @param recent see {@link Selection#recent()}
   */
  record Everything(boolean creating, boolean recent) implements Selection {}

  /**
   * Only the planned bindings {@code only} accepts (drift repair restores exactly what was removed); never the
   * cluster's Kubernetes objects.
   */
  record Bindings(Predicate<BindingChange> only, boolean recent) implements Selection {
    public Bindings {
      Objects.requireNonNull(only, "only");
    }
  }

  /** Only the planned Kubernetes objects {@code only} accepts: no binding, no service account. */
  record ClusterObjects(Predicate<ClusterObject> only, boolean recent) implements Selection {
    public ClusterObjects {
      Objects.requireNonNull(only, "only");
    }
  }

  /**
   * Everything the plan holds, for a resource a reconcile run listed: {@code facts} are what its listing returned,
   * and a policy the instance read or wrote since {@code runBegan} (a {@link Reconciler#tick()}) counts as read.
   */
  record Listed(ResourceFacts facts, long runBegan, boolean recent) implements Selection {
    public Listed {
      Objects.requireNonNull(facts, "facts");
    }
  }
}
