package dev.autobind.apply;

import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.event.Intake;
import dev.autobind.event.KubernetesChange;
import dev.autobind.event.ResourceEvent;
import java.util.function.Supplier;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
  private final Optional<Supplier<ReconcileResult>> reconcile;
  private final Consumer<Decision> record;
  private final Optional<Function<KubernetesChange, RepairOutcome>> objectRepair;

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
   * @param reconcile reconciles the scope the function's own configuration governs; without it a reconcile
   *     request is recorded as intake saw it
   */
  public Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply,
      Optional<Function<IamChange, RepairOutcome>> repair, Optional<Supplier<ReconcileResult>> reconcile,
      Consumer<Decision> record) {
    this(decoder, apply, repair, reconcile, record, Optional.empty());
  }

  private Invocation(EventDecoder decoder, Function<ResourceEvent, ApplyResult> apply,
      Optional<Function<IamChange, RepairOutcome>> repair, Optional<Supplier<ReconcileResult>> reconcile,
      Consumer<Decision> record, Optional<Function<KubernetesChange, RepairOutcome>> objectRepair) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.apply = Objects.requireNonNull(apply, "apply");
    this.repair = Objects.requireNonNull(repair, "repair");
    this.reconcile = Objects.requireNonNull(reconcile, "reconcile");
    this.record = Objects.requireNonNull(record, "record");
    this.objectRepair = Objects.requireNonNull(objectRepair, "objectRepair");
  }

  /**
   * This invocation with drift repair of objects inside clusters; without it such a change is recorded as intake
   * saw it.
   */
  public Invocation withObjectRepair(Function<KubernetesChange, RepairOutcome> repairObject) {
    return new Invocation(decoder, apply, repair, reconcile, record, Optional.of(repairObject));
  }

  /** A CloudEvent as the Functions Framework hands it over; the record carries its id and {@code trace}. */
  public Decision handle(CloudEvent event, Optional<String> trace) {
    long start = System.nanoTime();
    return handle(decoder.decode(event), event.getId(), trace, start);
  }

  /**
   * What intake made of one delivery the caller decoded, as the CLI does. Only a decoded resource carries a
   * trustworthy event id; the record of anything else has none.
   */
  public Decision handle(Intake intake) {
    String id = intake instanceof Intake.Resource resource ? resource.event().eventId() : "";
    return handle(intake, id, Optional.empty(), System.nanoTime());
  }

  /** A resource found without any delivery to decode, as direct backfill finds it. */
  public Decision handle(ResourceEvent event) {
    return handle(new Intake.Resource(event), event.eventId(), Optional.empty(), System.nanoTime());
  }

  private Decision handle(Intake intake, String eventId, Optional<String> trace, long start) {
    if (intake instanceof Intake.IamPolicyChanged changed && repair.isPresent()) {
      return repaired(changed, eventId, trace, start);
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed && objectRepair.isPresent()) {
      return objectRepaired(changed, eventId, trace, start);
    }
    if (intake instanceof Intake.Reconcile request && reconcile.isPresent()) {
      return recorded(Decision.fromReconcile(request, reconcile.get().get(), since(start), trace));
    }
    if (!(intake instanceof Intake.Resource resource)) {
      return recorded(Decision.fromIntake(intake, eventId).withTrace(trace));
    }
    ApplyResult result;
    try {
      result = apply.apply(resource.event());
    } catch (RuntimeException e) {
      record.accept(Decision.unexpected(resource, eventId, e, since(start)).withTrace(trace));
      throw e;
    }
    return recorded(Decision.fromApply(resource, eventId, result, since(start), trace));
  }

  private Decision repaired(Intake.IamPolicyChanged changed, String eventId, Optional<String> trace, long start) {
    RepairOutcome outcome;
    try {
      outcome = repair.orElseThrow().apply(changed.change());
    } catch (RuntimeException e) {
      record.accept(Decision.unexpected(changed, eventId, e, since(start)).withTrace(trace));
      throw e;
    }
    return recorded(Decision.fromRepair(changed, eventId, outcome.result(), outcome.exempt(), since(start), trace));
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
