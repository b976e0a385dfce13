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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place the dispatcher of an instance is put together, with every part: the admission gate, the mapping of
 * a delivered resource to the reconciler, the entry for a resource discovery found, drift repair of policies and of
 * objects inside clusters, and the scheduled reconcile. The function, {@code apply --event} and
 * {@code backfill --direct} each build theirs here, once, so every kind of intake is handled the same way by all,
 * and the resources a reconcile or a direct backfill finds go through the same dispatcher as a delivered one.
 */
public final class Dispatch {

  private Dispatch() {}

  /**
   * The dispatcher over {@code engine}, which is asked for only when a request needs it (so a bad delivery costs no
   * client), recording each decision with {@code record}.
   */
  public static Invocation of(EventDecoder decoder, Supplier<PolicyApplier> engine, Consumer<Decision> record,
      ReconcileSetup reconcile) {
    // The reconcile hands each resource it finds back to this very dispatcher, which exists only once built.
    AtomicReference<Invocation> self = new AtomicReference<>();
    Invocation dispatcher = new Invocation(decoder, resource -> engine.get().apply(resource),
        Optional.of(change -> DriftRepair.over(engine.get()).repair(change)),
        Optional.of(request -> ScheduledReconcile.over(engine.get(), self.get(), reconcile.fanOut(),
            reconcile.timeout()).run(request)), record)
        .admittedBy(() -> engine.get().admission())
        .withObjectRepair(change -> ClusterObjectRepair.over(engine.get()).repair(change))
        .reconciling((ref, selection) -> engine.get().reconcile(ref, selection));
    self.set(dispatcher);
    return dispatcher;
  }

  /**
   * The dispatcher of the read-only {@code report}: a resource found is planned with {@code engine} (a dry run)
   * without the gate, so a resource an exemption covers is still read and shown as it stands.
   */
  public static Invocation reading(EventDecoder decoder, Supplier<PolicyApplier> engine, Consumer<Decision> record) {
    return new Invocation(decoder, resource -> engine.get().apply(resource), record)
        .reconciling((ref, selection) -> engine.get().reconcile(ref, selection));
  }
}
