package dev.autobind.apply;

import dev.autobind.admit.Verdict;
import dev.autobind.event.Outcome;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.plan.BindingChange;
import dev.autobind.plan.Plan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the apply stage did for one event, target by target, so partial success is never hidden.
 *
 * @param status how the event ended: one of the outcomes the apply stage reaches, never a decode-only one
 * @param reason why, in one line
 * @param plan the plan carried out, when the event got that far
 * @param account what happened to the standard service account
 * @param targets one result per planned target
 * @param calls the API calls made for this event
 * @param retries how many attempts were redone (conflicts, passing faults, a new account not yet visible)
 * @param dryRun whether writes were suppressed
 * @param clusterObjects one result per Kubernetes object planned inside the cluster
 */
public record ApplyResult(
    Outcome status, String reason, Optional<Plan> plan, AccountStatus account, List<TargetResult> targets,
    ApiCalls.Counts calls, int retries, boolean dryRun, List<ObjectResult> clusterObjects) {

  /** What happened to the standard service account. */
  public enum AccountStatus {
    NOT_REACHED("not-reached"),
    EXISTED("existed"),
    CREATED("created"),
    WOULD_CREATE("would-create"),
    FAILED("failed");

    private final String id;

    AccountStatus(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** What happened to one target's policy. */
  public enum TargetStatus {
    ADDED("added"),
    WOULD_ADD("would-add"),
    COMPLIANT("compliant"),
    FAILED("failed"),
    NOT_REACHED("not-reached");

    private final String id;

    TargetStatus(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** What happened to one Kubernetes object inside the cluster. */
  public enum ObjectStatus {
    CREATED("created"),
    PRESENT("present"),
    ADDED("added"),
    WOULD_CREATE("would-create"),
    WOULD_ADD("would-add"),
    FAILED("failed"),
    NOT_REACHED("not-reached");

    private final String id;

    ObjectStatus(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** Whether the object was (or, in a dry run, would be) written. */
    boolean changed() {
      return this == CREATED || this == ADDED || this == WOULD_CREATE || this == WOULD_ADD;
    }
  }

  /**
   * One Kubernetes object's result.
   *
   * @param object the object, e.g. {@code ServiceAccount training/trainer}
   * @param detail what was added, or what went wrong
   * @param transientError whether a failure can pass by itself (the event is redelivered)
   */
  public record ObjectResult(String object, ObjectStatus status, Optional<String> detail, boolean transientError) {
    public ObjectResult {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * One target's result.
   *
   * @param added the bindings written (or, in a dry run, that would be), only those not already present
   * @param error what went wrong, for FAILED
   * @param transientError whether the failure can pass by itself (the event is redelivered)
   */
  public record TargetResult(PolicyHolder target, TargetStatus status, List<BindingChange> added,
      Optional<String> error, boolean transientError) {
    public TargetResult {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(status, "status");
      added = List.copyOf(added);
      Objects.requireNonNull(error, "error");
    }
  }

  public ApplyResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(account, "account");
    targets = List.copyOf(targets);
    Objects.requireNonNull(calls, "calls");
    clusterObjects = List.copyOf(clusterObjects);
  }

  /** A result for a decision reached without an API call: nothing was read, planned or written. */
  public static ApplyResult untouched(Outcome status, String reason, boolean dryRun) {
    return new ApplyResult(status, reason, Optional.empty(), AccountStatus.NOT_REACHED, List.of(),
        new ApiCalls.Counts(0, 0), 0, dryRun, List.of());
  }

  /** The result of a request the admission gate refused: nothing was read or written. */
  public static ApplyResult refused(Verdict verdict) {
    Outcome status = verdict.refusal().orElseThrow(() -> new IllegalArgumentException(
        "the gate admitted the request (" + verdict.reason() + "); there is no refusal to record"));
    return untouched(status, verdict.reason(), false);
  }

  /** This result with {@code reads} more reads counted (lookups made before it, for the same decision). */
  public ApplyResult withEarlierReads(int reads) {
    return new ApplyResult(status, reason, plan, account, targets, new ApiCalls.Counts(calls.reads() + reads,
        calls.writes()), retries, dryRun, clusterObjects);
  }

  /** This result with another reason. */
  public ApplyResult withReason(String newReason) {
    return new ApplyResult(status, newReason, plan, account, targets, calls, retries, dryRun, clusterObjects);
  }

  /** Every binding written (or that would be, in a dry run) across targets. */
  public List<BindingChange> added() {
    return targets.stream().flatMap(t -> t.added().stream()).toList();
  }
}
