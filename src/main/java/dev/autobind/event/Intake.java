package dev.autobind.event;

import java.util.Objects;
import java.util.Optional;

/** What intake made of one delivery: a resource to act on, or a reason not to. */
public sealed interface Intake
    permits Intake.Resource, Intake.IamPolicyChanged, Intake.KubernetesObjectChanged, Intake.Reconcile,
    Intake.Ignored, Intake.Invalid {

  /** The outcome when intake is the only stage, as {@code decode} and a record of nothing done say. */
  Outcome outcome();

  /** The id of the delivery this was decoded from; ignored and invalid intake carry none. */
  default Optional<String> deliveryId() {
    return Optional.empty();
  }

  /** A watched resource event. */
  record Resource(ResourceEvent event) implements Intake {
    public Resource {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public Outcome outcome() {
      return Outcome.RESOURCE;
    }

    @Override
    public Optional<String> deliveryId() {
      return Optional.of(event.eventId());
    }
  }

  /** A change to an IAM policy autobind may govern; drift repair decides whether anything is restored. */
  record IamPolicyChanged(IamChange change) implements Intake {
    public IamPolicyChanged {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public Outcome outcome() {
      return Outcome.IAM_CHANGE;
    }

    @Override
    public Optional<String> deliveryId() {
      return Optional.of(change.eventId());
    }
  }

  /** A change to an object inside a cluster; drift repair decides whether {@code policy.kubernetes} declares it. */
  record KubernetesObjectChanged(KubernetesChange change) implements Intake {
    public KubernetesObjectChanged {
      Objects.requireNonNull(change, "change");
    }

    @Override
    public Outcome outcome() {
      return Outcome.KUBERNETES_CHANGE;
    }

    @Override
    public Optional<String> deliveryId() {
      return Optional.of(change.eventId());
    }
  }

  /**
   * The scheduled reconcile job's request to reconcile the governed scope. It names no scope: the function
   * reconciles what its own function.yaml governs, so the message cannot widen or steer what is read or written.
   *
   * @param eventId the id of the delivery that asked
   * @param project the one project to reconcile, for a message the fan-out published; empty for the whole scope
   */
  record Reconcile(String eventId, Optional<String> project) implements Intake {
    public Reconcile {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(project, "project");
    }

    @Override
    public Outcome outcome() {
      return Outcome.RECONCILE;
    }

    @Override
    public Optional<String> deliveryId() {
      return Optional.of(eventId);
    }

    /** The scheduled request for the whole governed scope. */
    public Reconcile(String eventId) {
      this(eventId, Optional.empty());
    }
  }

  /** A well-formed delivery autobind does not act on (failed creation, unwatched method...). */
  record Ignored(String reason) implements Intake {
    public Ignored {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Outcome outcome() {
      return Outcome.IGNORED;
    }
  }

  /**
   * A delivery that cannot be understood. A retry cannot fix it.
   *
   * @param field the field at fault, e.g. {@code data.protoPayload.resourceName}
   * @param error what is wrong with it
   */
  record Invalid(String field, String error) implements Intake {
    public Invalid {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public Outcome outcome() {
      return Outcome.INVALID;
    }

    /** One line naming the field and the problem. */
    public String message() {
      return field + ": " + error;
    }
  }
}
