package dev.autobind.apply;

import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one invocation decided, as its decision record says: the outcome (which also says how loudly to log it,
 * the CLI's exit code and whether the event is delivered again), a one-line summary, the intake it was decided
 * from and, once applied, what was done.
 *
 * @param eventId the id of the CloudEvent decided on, for correlation
 * @param applied what the apply stage did, when the event got that far
 * @param duration how long the invocation took, when measured
 * @param trace the Cloud Logging trace name ({@code projects/P/traces/T}), when the request carried one
 * @param error for {@code failed} and {@code retry}: what went wrong, in one line (each failed target's error,
 *     else the reason)
 */
public record Decision(Outcome outcome, String message, Intake intake, String eventId,
    Optional<ApplyResult> applied, Optional<Duration> duration, Optional<String> trace, Optional<String> error) {

  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(error, "error");
  }

  /** A decision whose error, if any, is the one its apply result names. */
  public Decision(Outcome outcome, String message, Intake intake, String eventId,
      Optional<ApplyResult> applied, Optional<Duration> duration, Optional<String> trace) {
    this(outcome, message, intake, eventId, applied, duration, trace, errorOf(outcome, applied));
  }

  private static Optional<String> errorOf(Outcome outcome, Optional<ApplyResult> applied) {
    if (outcome != Outcome.FAILED && outcome != Outcome.RETRY || applied.isEmpty()) {
      return Optional.empty();
    }
    List<String> targetErrors = applied.get().targets().stream().flatMap(t -> t.error().stream()).distinct().toList();
    return Optional.of(targetErrors.isEmpty() ? applied.get().reason() : String.join("; ", targetErrors));
  }

  /** The decision when intake is the only stage: INFO for a resource or an ignored event, ERROR for invalid. */
  public static Decision fromIntake(Intake intake, String eventId) {
    return intakeOnly(intake.outcome(), intakeMessage(intake), intake, eventId);
  }

  private static String intakeMessage(Intake intake) {
    if (intake instanceof Intake.Resource resource) {
      return "decoded " + resource.event().kind().id() + " " + resource.event().resource() + " ("
          + resource.event().phase().id() + ")";
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return "decoded a policy change of " + changed.change().target().fullName();
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed) {
      return "decoded a change of " + changed.change().object() + " in " + changed.change().cluster().name().full();
    }
    if (intake instanceof Intake.Reconcile) {
      return "decoded a scheduled reconcile request";
    }
    if (intake instanceof Intake.Ignored ignored) {
      return "ignored: " + ignored.reason();
    }
    return "invalid event: " + ((Intake.Invalid) intake).message();
  }

  /** The decision for an event that was applied (or failed, or was ignored by the apply stage). */
  public static Decision fromApply(Intake.Resource intake, String eventId, ApplyResult result, Duration duration,
      Optional<String> trace) {
    Outcome outcome = result.status();
    String message = outcome.id() + (result.dryRun() ? " (dry run)" : "") + ": " + result.reason() + " for "
        + intake.event().resource();
    return new Decision(outcome, message, intake, eventId, Optional.of(result),
        Optional.of(duration), trace);
  }

  /** The decision on a request the admission gate refused, with the gate's reason; nothing was written. */
  public static Decision fromRefusal(Intake intake, String eventId, ApplyResult result, Duration duration,
      Optional<String> trace) {
    Outcome outcome = result.status();
    String message = outcome.id() + ": " + result.reason() + subjectOf(intake);
    return new Decision(outcome, message, intake, eventId, Optional.of(result),
        Optional.of(duration), trace);
  }

  private static String subjectOf(Intake intake) {
    if (intake instanceof Intake.Resource resource) {
      return " for " + resource.event().resource();
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return " (policy of " + changed.change().target().fullName()
          + changed.change().principal().map(p -> ", changed by " + p).orElse("") + ")";
    }
    return " (scheduled reconcile request)";
  }

  /**
   * The decision on a policy change: {@code repaired} when a removed binding was put back, {@code exempt}
   * when a declared exemption covers it, otherwise as for a resource event.
   */
  public static Decision fromRepair(Intake.IamPolicyChanged intake, String eventId, ApplyResult result,
      boolean exempt, Duration duration, Optional<String> trace) {
    Outcome outcome = repairOutcome(result, exempt);
    String message = outcome.id() + (result.dryRun() ? " (dry run)" : "") + ": " + result.reason() + " (policy of "
        + intake.change().target().fullName() + intake.change().principal().map(p -> ", changed by " + p).orElse("")
        + ")";
    return new Decision(outcome, message, intake, eventId, Optional.of(result),
        Optional.of(duration), trace);
  }

  /** On a repair path a write puts back what was removed, so {@code applied} is told as {@code repaired}. */
  private static Outcome repairOutcome(ApplyResult result, boolean exempt) {
    return exempt ? Outcome.EXEMPT : result.status() == Outcome.APPLIED ? Outcome.REPAIRED : result.status();
  }

  /**
   * The decision on a change of an object inside a cluster: {@code repaired} when what {@code policy.kubernetes}
   * declares was put back, {@code exempt} when a declared exemption covers the cluster, otherwise as for a
   * resource event.
   */
  public static Decision fromObjectRepair(Intake.KubernetesObjectChanged intake, String eventId, ApplyResult result,
      boolean exempt, Duration duration, Optional<String> trace) {
    Outcome outcome = repairOutcome(result, exempt);
    String message = outcome.id() + (result.dryRun() ? " (dry run)" : "") + ": " + result.reason() + " ("
        + intake.change().object() + " in " + intake.change().cluster().name().full()
        + intake.change().principal().map(p -> ", " + intake.change().verb() + " by " + p).orElse("") + ")";
    return new Decision(outcome, message, intake, eventId, Optional.of(result),
        Optional.of(duration), trace);
  }

  /**
   * The one summary record of a scheduled reconcile: {@code reconciled} with its counts, or {@code failed} naming
   * the first problems when a resource or a listing failed. A reconcile is never redelivered (see docs/drift.md).
   */
  public static Decision fromReconcile(Intake.Reconcile intake, ReconcileResult result, Duration duration,
      Optional<String> trace) {
    Outcome outcome = result.outcome();
    String message = result.fannedOut()
        ? outcome.id() + ": fanned out the governed scope: " + result.found() + " project messages published, "
            + result.failed() + " failed"
        : outcome.id() + ": reconciled " + intake.project().map(p -> "project " + p).orElse("the governed scope")
            + ": " + result.found() + " found, " + result.applied() + " applied, " + result.compliant()
            + " compliant, " + result.failed() + " failed";
    Optional<String> error = result.problems().isEmpty() ? Optional.empty()
        : Optional.of(String.join("; ", result.problems().subList(0, Math.min(result.problems().size(), 5)))
            + (result.problems().size() > 5 ? "; and " + (result.problems().size() - 5) + " more" : ""));
    return new Decision(outcome, message, intake, intake.eventId(), Optional.empty(),
        Optional.of(duration), trace, error);
  }

  /** The decision when a policy change could not be decided, for reasons autobind did not foresee: retried. */
  public static Decision unexpected(Intake.IamPolicyChanged intake, String eventId, RuntimeException e,
      Duration duration) {
    String message = "retry: unexpected " + e.getClass().getSimpleName() + " while repairing "
        + intake.change().target().fullName() + ": " + e.getMessage();
    return new Decision(Outcome.RETRY, message, intake, eventId, Optional.empty(),
        Optional.of(duration), Optional.empty());
  }

  /** The decision when an in-cluster change could not be decided, for reasons autobind did not foresee: retried. */
  public static Decision unexpected(Intake.KubernetesObjectChanged intake, String eventId, RuntimeException e,
      Duration duration) {
    String message = "retry: unexpected " + e.getClass().getSimpleName() + " while repairing "
        + intake.change().object() + " in " + intake.change().cluster().name().full() + ": " + e.getMessage();
    return new Decision(Outcome.RETRY, message, intake, eventId, Optional.empty(),
        Optional.of(duration), Optional.empty());
  }

  /**
   * The decision when applying broke in a way autobind did not foresee: logged as {@code retry}, since
   * the platform redelivers the event when the function throws.
   */
  public static Decision unexpected(Intake.Resource intake, String eventId, RuntimeException e, Duration duration) {
    String error = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    String message = "retry: unexpected " + e.getClass().getSimpleName() + " while applying "
        + intake.event().resource() + ": " + e.getMessage();
    return new Decision(Outcome.RETRY, message, intake, eventId, Optional.empty(),
        Optional.of(duration), Optional.empty(), Optional.of(error));
  }

  /** This decision, tied to the request's trace. */
  public Decision withTrace(Optional<String> traceName) {
    return new Decision(outcome, message, intake, eventId, applied, duration, traceName, error);
  }

  private static Decision intakeOnly(Outcome outcome, String message, Intake intake, String eventId) {
    return new Decision(outcome, message, intake, eventId, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The {@code logging.googleapis.com/labels} of the record: few values, for filtering in Cloud Logging. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("autobind.outcome", outcome.id());
    if (intake instanceof Intake.Resource resource) {
      labels.put("autobind.kind", resource.event().kind().id());
      labels.put("autobind.project", resource.event().project());
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      labels.put("autobind.kind", changed.change().target().id());
      labels.put("autobind.project", changed.change().target().project());
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed) {
      labels.put("autobind.kind", changed.change().cluster().kind().id());
      labels.put("autobind.project", changed.change().cluster().name().project());
    }
    return Map.copyOf(labels);
  }
}
