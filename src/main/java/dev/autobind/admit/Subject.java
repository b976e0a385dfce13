package dev.autobind.admit;

import dev.autobind.event.IamChange;
import dev.autobind.kind.ResourceRef;
import java.util.Objects;

/** What a request would have autobind write to. */
public sealed interface Subject permits Subject.Resource, Subject.PolicyChange, Subject.ClusterChange, Subject.Project,
    Subject.Reconcile {

  /** A resource to bring under the policy: a creation, a backfill message, {@code apply}, a reconciled resource. */
  record Resource(ResourceRef ref) implements Subject {
    public Resource {
      Objects.requireNonNull(ref, "ref");
    }
  }

  /** A change to an IAM policy that drift repair may answer with a restore. */
  record PolicyChange(IamChange change) implements Subject {
    public PolicyChange {
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * A change to an object inside a cluster, by {@code principal} when the entry says: drift repair may put back
   * what policy.kubernetes declares there. Exemptions judge it as they judge a policy change: one without
   * removedBy covers every write to the cluster, one with it covers that principal's changes.
   */
  record ClusterChange(ResourceRef cluster, java.util.Optional<String> principal) implements Subject {
    public ClusterChange {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** A whole project, before its resources are listed (backfill and the reconcile). */
  record Project(String project) implements Subject {
    public Project {
      Objects.requireNonNull(project, "project");
    }
  }

  /** The scheduled reconcile request: it names nothing, and each project it finds passes the gate itself. */
  record Reconcile() implements Subject {}
}
