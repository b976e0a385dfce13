package dev.autobind.backfill;

import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.ReconcileResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The scheduled safety net, run in the function: discovers every project the policy governs (as
 * {@code backfill} without {@code --projects} does) and applies to each resource in-process, as
 * {@code backfill --direct} does, a few at a time. The scope comes from the function's own policy only; the
 * request that starts it names none. Transient failures are retried within the run; what still fails is
 * counted and left to the next scheduled run, so a reconcile is never redelivered.
 */
public final class ScheduledReconcile {
  /** Resources applied to at once: bounded, so one run does not crowd out event deliveries. */
  public static final int PARALLELISM = 4;

  private final PolicyApplier engine;
  private final CloudClients clients;
  private final Consumer<Decision> decisions;
  private final Duration backoff;
  private final Clock clock;

  /**
   * @param engine the function's policy applier; it stays open
   * @param decisions receives one decision record per resource
   */
  public ScheduledReconcile(PolicyApplier engine, CloudClients clients, Consumer<Decision> decisions,
      Duration backoff, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Over the clients and clock the function's applier was built with. */
  public static ScheduledReconcile over(PolicyApplier engine, Consumer<Decision> decisions) {
    PolicyApplier.Drift drift = engine.drift().orElseThrow(() -> new IllegalStateException(
        "a scheduled reconcile needs the applier's clients; this applier was built without them"));
    return new ScheduledReconcile(engine, drift.clients(), decisions, DirectApply.DEFAULT_BACKOFF, drift.clock());
  }

  /** Runs to the end; never throws for what the cloud answers, which the counts and problems say instead. */
  public ReconcileResult run() {
    BackfillReport report = new BackfillReport(engine.policy().projects());
    try (DirectApply outlet = new DirectApply(DirectApply.reconciling(engine), () -> { }, report, PARALLELISM,
        decisions, DirectApply.DEFAULT_RETRIES, backoff, clock, Optional.empty())) {
      return counted(new Backfill(clients, report, outlet, Optional.empty(), clock).governing(engine.policy())
          .run(new Source.PolicyProjects(Optional.empty())));
    } catch (BadInput e) {
      return counted(report.snapshot(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return counted(report.snapshot(), "interrupted before every resource was handled");
    }
  }

  private static ReconcileResult counted(BackfillReport.Snapshot snapshot, String... more) {
    List<String> problems = new ArrayList<>(snapshot.problems());
    snapshot.failures().forEach(f -> problems.add(f.resource() + ": " + f.reason()));
    problems.addAll(List.of(more));
    long unhandled = Math.max(0, snapshot.found() - snapshot.handled() - snapshot.failures().size());
    return new ReconcileResult(snapshot.found(), count(snapshot, ApplyResult.Status.APPLIED),
        count(snapshot, ApplyResult.Status.COMPLIANT), snapshot.failures().size() + unhandled, problems);
  }

  private static long count(BackfillReport.Snapshot snapshot, ApplyResult.Status status) {
    return snapshot.outcomes().getOrDefault(status.id(), 0L);
  }
}
