package dev.autobind.reconcile;

import dev.autobind.apply.Decision;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.backfill.ScheduledReconcile;
import dev.autobind.drift.ClusterObjectRepair;
import dev.autobind.drift.DriftRepair;
import dev.autobind.event.EventDecoder;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place the dispatcher of an instance is put together, with every part: the admission gate, the mapping of
 * a delivered resource to the reconciler, drift repair of policies and of objects inside clusters, and the
 * scheduled reconcile. The function and {@code apply --event} both build theirs here, once, so every kind of
 * intake is handled the same way by both.
 */
public final class Dispatch {

  private Dispatch() {}

  /**
   * The dispatcher over {@code engine}, which is asked for only when a request needs it (so a bad delivery costs no
   * client), recording each decision with {@code record}.
   */
  public static Invocation of(EventDecoder decoder, Supplier<PolicyApplier> engine, Consumer<Decision> record,
      ReconcileSetup reconcile) {
    return new Invocation(decoder, resource -> engine.get().apply(resource),
        Optional.of(change -> DriftRepair.over(engine.get()).repair(change)),
        Optional.of(request -> ScheduledReconcile.over(engine.get(), record, reconcile.fanOut(), reconcile.timeout())
            .run(request)), record)
        .admittedBy(() -> engine.get().admission())
        .withObjectRepair(change -> ClusterObjectRepair.over(engine.get()).repair(change));
  }
}
