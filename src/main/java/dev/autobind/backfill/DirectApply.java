package dev.autobind.backfill;

import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.Decision;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.Selection;
import dev.autobind.apply.Invocation;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;

/**
 * {@code --direct}: applies the policy in-process, at most {@code parallelism} resources at a time. Each
 * resource is handed to the instance's own dispatcher (the {@link Invocation} its wiring built, the one that also
 * serves deliveries) as a reference with the facts its listing returned (its parts already passed intake's naming
 * rules in {@link FoundResource}); the dispatcher's gate admits it and it gets one decision record per attempt. No
 * platform redelivers here, so a transient failure is retried a bounded number of times before it is reported.
 */
public final class DirectApply implements Destination {
  public static final int DEFAULT_RETRIES = 3;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);

  private final Invocation dispatcher;
  private final Function<Optional<ResourceFacts>, Selection> selection;
  private final Optional<Instant> deadline;
  private final AutoCloseable owned;
  private final BackfillReport report;
  private final int retries;
  private final Duration backoff;
  private final Clock clock;
  private final Semaphore slots;
  private final ExecutorService workers;
  private final InFlight inFlight = new InFlight();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Applies through {@code dispatcher}, which records each decision and whose gate admits each resource; it must be
   * built over {@code engine}, which marks where the run begins and which this closes when done.
   */
  public static DirectApply over(PolicyApplier engine, Invocation dispatcher, BackfillReport report, int parallelism,
      int retries, Duration backoff, Clock clock) {
    return new DirectApply(dispatcher, selecting(engine.tick()), engine, report, parallelism, retries, backoff, clock,
        Optional.empty());
  }

  /** Over a dispatcher of its own, that records to {@code decisions} and reconciles with {@code applier}. */
  DirectApply(EventDecoder decoder, Function<ResourceRef, ApplyResult> applier, AutoCloseable owned,
      BackfillReport report, int parallelism, PrintWriter decisions, int retries, Duration backoff, Clock clock) {
    this(new Invocation(decoder, event -> applier.apply(event.ref()), decision -> print(decisions, decision))
            .reconciling((ref, chosen) -> applier.apply(ref)),
        facts -> new Selection.Everything(false, true), owned, report, parallelism, retries, backoff, clock,
        Optional.empty());
  }

  /**
   * As above, handing each resource to {@code dispatcher} with the selection {@code selection} makes of its
   * listing's facts, and handing on no resource once {@code deadline} has passed: each is reported as not done, so
   * the caller can say so before its time is up.
   */
  DirectApply(Invocation dispatcher, Function<Optional<ResourceFacts>, Selection> selection, AutoCloseable owned,
      BackfillReport report, int parallelism, int retries, Duration backoff, Clock clock,
      Optional<Instant> deadline) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.deadline = deadline;
    this.owned = owned;
    this.report = report;
    this.retries = retries;
    this.backoff = backoff;
    this.clock = clock;
    this.slots = new Semaphore(BackfillArguments.parallelism(parallelism));
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(parallelism, r -> {
      Thread thread = new Thread(r, "backfill-direct-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public Mode mode() {
    return Mode.DIRECT;
  }

  /**
   * What one reconcile run that began at {@code runBegan} (a {@link PolicyApplier#tick()}) reconciles of each
   * resource: one listed with its facts is reconciled from them, and a policy read for one resource serves the others
   * of the run (see {@link Selection.Listed}); one without facts is looked up. Found just now, a resource that
   * cannot be read yet is retried.
   */
  static Function<Optional<ResourceFacts>, Selection> selecting(long runBegan) {
    return facts -> facts.<Selection>map(f -> new Selection.Listed(f, runBegan, true))
        .orElseGet(() -> new Selection.Everything(false, true));
  }

  @Override
  public void accept(FoundResource resource) {
    accept(resource, Optional.empty());
  }

  @Override
  public void accept(FoundResource resource, ResourceFacts facts) {
    accept(resource, Optional.of(facts));
  }

  /** Waits for a free slot, so discovery never runs more than {@code parallelism} applies ahead. */
  private void accept(FoundResource resource, Optional<ResourceFacts> facts) {
    if (deadline.filter(d -> !clock.instant().isBefore(d)).isPresent()) {
      report.failedForNow(resource, "not applied: the run's deadline passed first; the next run or a redelivery applies it");
      return;
    }
    slots.acquireUninterruptibly();
    inFlight.started();
    workers.execute(() -> {
      try {
        apply(resource, facts);
      } catch (RuntimeException e) {
        report.failed(resource, "apply failed: " + ApiErrors.describe(e));
      } finally {
        slots.release();
        inFlight.ended();
      }
    });
  }

  @Override
  public void finish() throws InterruptedException {
    inFlight.awaitNone();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      owned.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the apply engine failed", e);
    }
  }

  /**
   * The event a backfill message for {@code resource} decodes to, as of {@code at}: what the decision record of each
   * attempt reads, as it would read the message's in {@code --pubsub} mode. It never reaches the reconciler.
   */
  static ResourceEvent event(FoundResource resource, String id, Instant at) {
    return new ResourceEvent(resource.ref(), Phase.NONE, FoundResource.SCHEMA, Optional.empty(), Optional.of(at),
        DeliveryPath.BACKFILL, id);
  }

  private void apply(FoundResource resource, Optional<ResourceFacts> facts) {
    ResourceEvent event = event(resource, "backfill-direct-" + ids.incrementAndGet(), clock.instant());
    Selection chosen = selection.apply(facts);
    for (int attempt = 0; ; attempt++) {
      ApplyResult result = dispatcher.handle(event, chosen).applied().orElseThrow();
      if (!result.status().redelivered() || attempt >= retries || pastDeadline(attempt)
          || !pause(attempt)) {
        record(resource, result, attempt + 1);
        return;
      }
    }
  }

  private void record(FoundResource resource, ApplyResult result, int attempts) {
    switch (result.status()) {
      case APPLIED, COMPLIANT, IGNORED, EXEMPT -> report.handled(result.status().id());
      case RETRY -> report.failedForNow(resource, "still failing after " + attempts + " attempts: "
          + result.reason());
      default -> report.failed(resource, result.status().id() + ": " + result.reason());
    }
  }

  /** Whether the pause before the next attempt would end past the deadline, which ends the retries. */
  private boolean pastDeadline(int attempt) {
    return deadline.filter(d -> clock.instant().plusMillis(backoff.toMillis() << attempt).isAfter(d)).isPresent();
  }

  /** Waits before the next attempt; false when interrupted, which ends the retries. */
  private boolean pause(int attempt) {
    try {
      Thread.sleep(backoff.toMillis() << attempt);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Prints each decision record as one JSON line on {@code decisions}, as the function logs it, flushed at once. */
  public static Consumer<Decision> printing(PrintWriter decisions) {
    return decision -> print(decisions, decision);
  }

  private static void print(PrintWriter decisions, Decision decision) {
    decisions.println(DecisionLog.render(decision));
    decisions.flush();
  }
}
