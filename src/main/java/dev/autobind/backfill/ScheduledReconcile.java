package dev.autobind.backfill;

import com.google.api.core.ApiFuture;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.autobind.apply.KindPlugins;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.ReconcileResult;
import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The scheduled safety net, run in the function. The scheduled request fans out: it finds every project the
 * policy governs (SearchProjects, as {@code backfill} without {@code --projects} does) and publishes one
 * project message per project to the backfill topic, then returns; each project message is then reconciled in
 * its own invocation, listed and applied in-process as {@code backfill --direct} does, with Pub/Sub's retries
 * per project. Without a backfill topic to fan out to, the whole scope is reconciled in this invocation.
 * The scope comes from the function's own policy only: a request names at most one project, which is
 * reconciled only if the policy governs it. Each invocation stops handing on resources at its deadline, which
 * leaves time to record what was not done.
 */
public final class ScheduledReconcile {
  /** Resources applied to at once: bounded, so one run does not crowd out event deliveries. */
  public static final int PARALLELISM = 4;
  /** The request timeout Cloud Run functions apply when function.yaml sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final PolicyApplier engine;
  private final CloudClients clients;
  private final KindPlugins kinds;
  private final Invocation dispatcher;
  private final Duration backoff;
  private final Clock clock;
  private final Optional<Supplier<PubsubTopicSender>> fanOut;
  private final Duration timeout;

  /**
   * @param engine the function's policy applier; it stays open
   * @param dispatcher the instance's dispatcher, over {@code engine}: it admits each resource found and records one
   *     decision for it
   */
  public ScheduledReconcile(PolicyApplier engine, CloudClients clients, KindPlugins kinds,
      Invocation dispatcher, Duration backoff, Clock clock) {
    this(engine, clients, kinds, dispatcher, backoff, clock, Optional.empty(), DEFAULT_TIMEOUT);
  }

  /**
   * @param fanOut opens a sender to the backfill topic; without one the whole scope is reconciled here
   * @param timeout the invocation's timeout ({@code function.timeoutSeconds}), from which its deadline is set
   */
  public ScheduledReconcile(PolicyApplier engine, CloudClients clients, KindPlugins kinds,
      Invocation dispatcher, Duration backoff, Clock clock, Optional<Supplier<PubsubTopicSender>> fanOut,
      Duration timeout) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Over the clients and clock the function's applier was built with. */
  public static ScheduledReconcile over(PolicyApplier engine, Invocation dispatcher) {
    return over(engine, dispatcher, Optional.empty(), DEFAULT_TIMEOUT);
  }

  /** As above, fanning out through {@code fanOut} with the invocation's {@code timeout}. */
  public static ScheduledReconcile over(PolicyApplier engine, Invocation dispatcher,
      Optional<Supplier<PubsubTopicSender>> fanOut, Duration timeout) {
    PolicyApplier.Drift drift = engine.drift().orElseThrow(() -> new IllegalStateException(
        "a scheduled reconcile needs the applier's clients; this applier was built without them"));
    return new ScheduledReconcile(engine, drift.clients(), drift.kinds(), dispatcher, DirectApply.DEFAULT_BACKOFF,
        drift.clock(), fanOut, timeout);
  }

  /** Carries out {@code request}: one project, a fan-out, or (with nowhere to fan out to) the whole scope. */
  public ReconcileResult run(Intake.Reconcile request) {
    Instant deadline = deadline();
    if (request.project().isPresent()) {
      return reconcile(new Source.Projects(request.project().stream().toList(), Optional.empty()), deadline, true);
    }
    return fanOut.isPresent() ? fanOut(deadline)
        : reconcile(new Source.PolicyProjects(Optional.empty()), deadline, false);
  }

  /** Reconciles the whole scope here, to the end or the deadline. */
  public ReconcileResult run() {
    return run(new Intake.Reconcile(""));
  }

  /** The moment to stop starting work: a quarter of the timeout (at least 10 s) is left to record the rest. */
  private Instant deadline() {
    Duration margin = timeout.dividedBy(4).compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10)
        : timeout.dividedBy(4);
    return clock.instant().plus(timeout.minus(margin).isNegative() ? Duration.ZERO : timeout.minus(margin));
  }

  /**
   * Never throws for what the cloud answers, which the counts and problems say instead. A project message
   * ({@code redeliverable}) some of whose failures may pass by themselves asks to be delivered again; a
   * permanent failure does not, nor does the whole scope, which the next scheduled run covers.
   */
  private ReconcileResult reconcile(Source source, Instant deadline, boolean redeliverable) {
    BackfillReport report = new BackfillReport(engine.admission());
    try (DirectApply outlet = new DirectApply(dispatcher, DirectApply.selecting(engine.tick()), () -> { }, report,
        PARALLELISM, DirectApply.DEFAULT_RETRIES, backoff, clock, Optional.of(deadline))) {
      BackfillReport.Snapshot done = new Backfill(clients, kinds, report, outlet, Optional.empty(), clock)
          .governing(engine.policy()).run(source);
      ReconcileResult result = counted(done);
      return redeliverable && done.mayPass() ? result.redelivered() : result;
    } catch (BadInput e) {
      return counted(report.snapshot(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ReconcileResult result = counted(report.snapshot(), "interrupted before every resource was handled");
      return redeliverable ? result.redelivered() : result;
    }
  }

  /** Publishes one project message per governed project and waits, until the deadline, for each to be sent. */
  private ReconcileResult fanOut(Instant deadline) {
    BackfillReport report = new BackfillReport(engine.admission());
    List<GovernedProject> projects;
    try {
      projects = new ProjectSelection(clients.projects(), report).governed();
    } catch (com.google.api.gax.rpc.ApiException e) {
      return ReconcileResult.fannedOut(0, 0, List.of("searching the governed projects failed: "
          + ApiErrors.describe(e)));
    }
    List<String> problems = new ArrayList<>();
    long published = 0;
    try (PubsubTopicSender sender = fanOut.orElseThrow().get()) {
      List<ApiFuture<String>> sent = projects.stream().map(p -> sender.send(message(p.id()))).toList();
      for (int i = 0; i < sent.size(); i++) {
        Optional<String> failure = await(sent.get(i), deadline);
        if (failure.isEmpty()) {
          published++;
        } else {
          problems.add("project " + projects.get(i).id() + ": " + failure.get());
        }
      }
    }
    return ReconcileResult.fannedOut(published, projects.size() - published, problems);
  }

  /** Why {@code sent} was not published by {@code deadline}, if it was not. */
  private Optional<String> await(ApiFuture<String> sent, Instant deadline) {
    try {
      sent.get(Math.max(0, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of("publish failed: " + ApiErrors.describe(e.getCause()));
    } catch (TimeoutException e) {
      return Optional.of("not published before the deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted before it was published");
    }
  }

  /** The project message, {@code {"schema":"autobind.backfill/v1","reconcile":"project","project":ID}}. */
  static PubsubMessage message(String project) {
    String json = JSON.createObjectNode().put("schema", FoundResource.SCHEMA).put("reconcile", "project")
        .put("project", project).toString();
    return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(json))
        .putAttributes(BackfillPublisher.SCHEMA_ATTRIBUTE, FoundResource.SCHEMA).build();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static ReconcileResult counted(BackfillReport.Snapshot snapshot, String... more) {
    List<String> problems = new ArrayList<>(snapshot.problems());
    snapshot.failures().forEach(f -> problems.add(f.resource() + ": " + f.reason()));
    problems.addAll(List.of(more));
    long unhandled = Math.max(0, snapshot.found() - snapshot.handled() - snapshot.failures().size());
    return new ReconcileResult(snapshot.found(), count(snapshot, Outcome.APPLIED),
        count(snapshot, Outcome.COMPLIANT), snapshot.failures().size() + unhandled, problems);
  }

  private static long count(BackfillReport.Snapshot snapshot, Outcome status) {
    return snapshot.outcomes().getOrDefault(status.id(), 0L);
  }
}
