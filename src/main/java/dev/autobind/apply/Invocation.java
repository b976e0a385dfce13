package dev.autobind.apply;

import dev.autobind.admit.Admission;
import dev.autobind.admit.RestoredBinding;
import dev.autobind.admit.Subject;
import dev.autobind.admit.Verdict;
import dev.autobind.event.BindingDelta;
import dev.autobind.event.Delivered;
import dev.autobind.event.Envelope;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.event.Intake;
import dev.autobind.event.KubernetesChange;
import dev.autobind.event.Outcome;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.ResourceRef;
import dev.autobind.plan.PolicyMerge;
import java.util.List;
import java.util.function.Supplier;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decode, apply, record: the one path the function, the {@code apply} command and direct backfill share; a
 * policy change goes to drift repair where one is given.
 * Every call records exactly one decision; what intake could not make a resource of is recorded as intake
 * saw it, and nothing is applied. An unforeseen failure is recorded before it is rethrown, so it is never
 * silent; the caller decides what a transient failure means (the function throws, so the platform redelivers).
 */
public final class Invocation {
  private final EventDecoder decoder;
  private final Function<ResourceEvent, ApplyResult> apply;
  private final Optional<Function<IamChange, RepairOutcome>> repair;
  private final Optional<Function<Intake.Reconcile, ReconcileResult>> reconcile;
  private final Consumer<Decision> record;
  private final Optional<Supplier<Admission>> gate;
  private final Optional<Function<KubernetesChange, RepairOutcome>> objectRepair;
  private final Optional<BiFunction<ResourceRef, Selection, ApplyResult>> found;

  /**
   * @param apply applies the policy to one resource; called only once intake found one, so a bad event
   *     costs no connection
   * @param record receives each decision record
   */
  public Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply, Consumer<Decision> record) {
    this(decoder, apply, Optional.empty(), record);
  }

  /**
   * As {@link #Invocation(EventDecoder, Function, Consumer)}, with drift repair for policy changes.
   *
   * @param repair decides on one policy change and restores what autobind owns; without it a policy change
   *     is recorded as intake saw it
   */
  public Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply,
      Optional<Function<IamChange, RepairOutcome>> repair, Consumer<Decision> record) {
    this(decoder, apply, repair, Optional.empty(), record);
  }

  /**
   * As above, with the scheduled reconcile of the governed scope.
   *
   * @param reconcile reconciles the scope the function's own configuration governs, or the one project a
   *     request names; without it a reconcile request is recorded as intake saw it
   */
  public Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply,
      Optional<Function<IamChange, RepairOutcome>> repair,
      Optional<Function<Intake.Reconcile, ReconcileResult>> reconcile,
      Consumer<Decision> record) {
    this(decoder, apply, repair, reconcile, record, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply,
      Optional<Function<IamChange, RepairOutcome>> repair, Optional<Function<Intake.Reconcile, ReconcileResult>> reconcile,
      Consumer<Decision> record, Optional<Supplier<Admission>> gate,
      Optional<Function<KubernetesChange, RepairOutcome>> objectRepair,
      Optional<BiFunction<ResourceRef, Selection, ApplyResult>> found) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.apply = Objects.requireNonNull(apply, "apply");
    this.repair = Objects.requireNonNull(repair, "repair");
    this.reconcile = Objects.requireNonNull(reconcile, "reconcile");
    this.record = Objects.requireNonNull(record, "record");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.objectRepair = Objects.requireNonNull(objectRepair, "objectRepair");
    this.found = Objects.requireNonNull(found, "found");
  }

  /**
   * This invocation with the admission gate in front of every write: whatever it refuses is recorded with the
   * gate's reason, and nothing is read or written for it. The gate is asked for only when a request reaches it.
   */
  public Invocation admittedBy(Supplier<Admission> admission) {
    return new Invocation(decoder, apply, repair, reconcile, record, Optional.of(admission), objectRepair, found);
  }

  /**
   * This invocation with drift repair of objects inside clusters; without it such a change is recorded as intake
   * saw it.
   */
  public Invocation withObjectRepair(Function<KubernetesChange, RepairOutcome> repairObject) {
    return new Invocation(decoder, apply, repair, reconcile, record, gate, Optional.of(repairObject), found);
  }

  /**
   * This invocation with an entry for resources found by discovery rather than delivered (direct backfill, the
   * reconcile): {@code reconcile} converges what the caller's {@link Selection} picks of one resource's plan.
   */
  public Invocation reconciling(BiFunction<ResourceRef, Selection, ApplyResult> reconcile) {
    return new Invocation(decoder, apply, repair, this.reconcile, record, gate, objectRepair,
        Optional.of(Objects.requireNonNull(reconcile, "reconcile")));
  }

  /** A CloudEvent as the Functions Framework hands it over; the record carries its id and {@code trace}. */
  public Decision handle(CloudEvent event, Optional<String> trace) {
    long start = System.nanoTime();
    Delivered delivered = decoder.deliver(event);
    return handle(delivered.intake(), delivered.envelope(), event.getId(), trace, start, apply);
  }

  /**
   * What intake made of one delivery the caller decoded, as the CLI does. What intake decoded (a resource, a policy
   * or in-cluster change, a reconcile request) carries its delivery's id; the record of anything else has none.
   */
  public Decision handle(Delivered delivered) {
    Intake intake = delivered.intake();
    return handle(intake, delivered.envelope(), intake.deliveryId().orElse(""), Optional.empty(), System.nanoTime(),
        apply);
  }

  /** What intake made of one delivery, without its envelope, so without the delivery checks of the gate. */
  public Decision handle(Intake intake) {
    return handle(new Delivered(intake, Optional.empty()));
  }

  /** A resource named without any delivery to decode, mapped as a delivered one. */
  public Decision handle(ResourceEvent event) {
    return handle(new Intake.Resource(event), Optional.empty(), event.eventId(), Optional.empty(), System.nanoTime(),
        apply);
  }

  /**
   * A resource found by discovery (direct backfill, the reconcile), reconciled with {@code selection} through the
   * entry {@link #reconciling} gave: it passes the same gate as a delivered resource and gets exactly one record,
   * which reads {@code found} (the backfill message it stands for); {@code found} never reaches the reconciler.
   *
   * @throws IllegalStateException when this invocation was built without that entry
   */
  public Decision handle(ResourceEvent found, Selection selection) {
    Objects.requireNonNull(selection, "selection");
    BiFunction<ResourceRef, Selection, ApplyResult> reconcile = this.found.orElseThrow(() ->
        new IllegalStateException("this dispatcher has no entry for found resources; build it with reconciling(...)"));
    return handle(new Intake.Resource(found), Optional.empty(), found.eventId(), Optional.empty(), System.nanoTime(),
        event -> reconcile.apply(event.ref(), selection));
  }

  private Decision handle(Intake intake, Optional<Envelope> envelope, String eventId, Optional<String> trace,
      long start, Function<ResourceEvent, ApplyResult> apply) {
    Optional<Subject> subject = subject(intake);
    Optional<Verdict> verdict;
    try {
      verdict = gate.flatMap(g -> subject.map(s -> g.get().admit(envelope, s)));
    } catch (RuntimeException e) {
      unexpected(intake, eventId, e, start, trace);
      throw e;
    }
    if (verdict.isPresent() && !verdict.get().admitted()) {
      return recorded(Decision.fromRefusal(intake, eventId, ApplyResult.refused(verdict.get()), since(start), trace));
    }
    if (intake instanceof Intake.IamPolicyChanged changed && repair.isPresent()) {
      return repaired(changed, eventId, trace, start, verdict.flatMap(Verdict::projectId));
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed && objectRepair.isPresent()) {
      return objectRepaired(changed, eventId, trace, start);
    }
    if (intake instanceof Intake.Reconcile request && reconcile.isPresent()) {
      return recorded(Decision.fromReconcile(request, reconcile.get().apply(request), since(start), trace));
    }
    if (!(intake instanceof Intake.Resource resource)) {
      return recorded(Decision.fromIntake(intake, eventId).withTrace(trace));
    }
    ApplyResult result;
    try {
      result = apply.apply(resource.event());
    } catch (RuntimeException e) {
      unexpected(resource, eventId, e, start, trace);
      throw e;
    }
    return recorded(Decision.fromApply(resource, eventId, result, since(start), trace));
  }

  private Decision repaired(Intake.IamPolicyChanged changed, String eventId, Optional<String> trace, long start,
      Optional<String> projectId) {
    RepairOutcome outcome;
    try {
      outcome = repair.orElseThrow().apply(changed.change());
    } catch (RuntimeException e) {
      unexpected(changed, eventId, e, start, trace);
      throw e;
    }
    Decision decision = Decision.fromRepair(changed, eventId, outcome.result(), outcome.exempt(), since(start), trace);
    if (decision.outcome() == Outcome.REPAIRED && !outcome.result().dryRun()) {
      IamChange change = changed.change();
      IamChange named = projectId.map(id -> change.withTarget(change.target().withProjectId(id))).orElse(change);
      gate.ifPresent(g -> g.get().restored(restored(named, outcome.result()), eventId));
    }
    return recorded(decision);
  }

  /** What the gate judges: each intake that may lead to a write names its subject; the rest write nothing. */
  private static Optional<Subject> subject(Intake intake) {
    if (intake instanceof Intake.Resource resource) {
      return Optional.of(new Subject.Resource(resource.event().ref()));
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return Optional.of(new Subject.PolicyChange(changed.change()));
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed) {
      return Optional.of(new Subject.ClusterChange(changed.change().cluster(), changed.change().principal()));
    }
    return intake instanceof Intake.Reconcile ? Optional.of(new Subject.Reconcile()) : Optional.empty();
  }

  /** The removals of {@code change} that the repair put back, as the restore cap counts them. */
  private static List<RestoredBinding> restored(IamChange change, ApplyResult result) {
    return change.removals().stream()
        .filter(r -> result.added().stream().anyMatch(b -> b.role().equals(r.role())
            && PolicyMerge.sameMember(r.member(), b.member())))
        .map(r -> RestoredBinding.of(change.target(), r))
        .toList();
  }

  /** Records a failure autobind did not foresee before the caller rethrows it, so it is never silent. */
  private void unexpected(Intake intake, String eventId, RuntimeException e, long start, Optional<String> trace) {
    Decision decision = intake instanceof Intake.IamPolicyChanged changed
        ? Decision.unexpected(changed, eventId, e, since(start))
        : intake instanceof Intake.Resource resource ? Decision.unexpected(resource, eventId, e, since(start))
        : Decision.fromIntake(intake, eventId);
    record.accept(decision.withTrace(trace));
  }

  private Decision objectRepaired(Intake.KubernetesObjectChanged changed, String eventId, Optional<String> trace,
      long start) {
    RepairOutcome outcome;
    try {
      outcome = objectRepair.orElseThrow().apply(changed.change());
    } catch (RuntimeException e) {
      record.accept(Decision.unexpected(changed, eventId, e, since(start)).withTrace(trace));
      throw e;
    }
    return recorded(Decision.fromObjectRepair(changed, eventId, outcome.result(), outcome.exempt(), since(start),
        trace));
  }

  private Decision recorded(Decision decision) {
    record.accept(decision);
    return decision;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
