package dev.autobind.backfill;

import dev.autobind.apply.KindPlugins;
import com.google.api.gax.rpc.ApiException;
import dev.autobind.apply.CloudClients;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.policy.Policy;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * One backfill run: choose where to look, discover, admit what the policy governs, hand each resource
 * to the outlet as it is found, and wait until every one has an outcome in the report.
 */
public final class Backfill {
  /** The progress line is printed at most this often. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private final CloudClients clients;
  private final KindPlugins kinds;
  private final BackfillReport report;
  private final Destination outlet;
  private final Optional<PrintWriter> progress;
  private final Clock clock;
  private final BiPredicate<ResourceKind, String> listedIn;

  /** {@code progress}, when given, receives a progress line every second while the run lasts. */
  public Backfill(CloudClients clients, KindPlugins kinds, BackfillReport report, Destination outlet,
      Optional<PrintWriter> progress, Clock clock) {
    this(clients, kinds, report, outlet, progress, clock, (kind, region) -> true);
  }

  private Backfill(CloudClients clients, KindPlugins kinds, BackfillReport report, Destination outlet,
      Optional<PrintWriter> progress, Clock clock, BiPredicate<ResourceKind, String> listedIn) {
    this.listedIn = Objects.requireNonNull(listedIn, "listedIn");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.report = Objects.requireNonNull(report, "report");
    this.outlet = Objects.requireNonNull(outlet, "outlet");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * This run, finding only the kinds some rule of {@code policy} names, and a kind listed region by region
   * only in the regions some rule naming it can match ({@code match.locations}; a rule without it matches
   * every region): nothing would be granted on a kind or in a region no rule reaches, so it is never listed.
   */
  public Backfill governing(Policy policy) {
    return new Backfill(clients, kinds.only(governedKinds(policy)), report, outlet, progress, clock,
        (kind, region) -> reaches(policy, kind, region));
  }

  /** Whether some rule of {@code policy} naming {@code kind} can match a resource of it in {@code location}. */
  static boolean reaches(Policy policy, ResourceKind kind, String location) {
    return policy.rules().stream().anyMatch(rule -> rule.resources().contains(kind) && rule.match().locatedIn(location));
  }

  /** The kinds some rule of {@code policy} names. */
  static Set<ResourceKind> governedKinds(Policy policy) {
    return policy.rules().stream().flatMap(rule -> rule.resources().stream()).collect(Collectors.toSet());
  }

  /**
   * Runs to the end and returns the final counts.
   *
   * @throws BadInput when a named project or the scope is refused; nothing has been handed on then
   */
  public BackfillReport.Snapshot run(Source source) throws InterruptedException {
    Instant start = clock.instant();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "backfill-progress");
      thread.setDaemon(true);
      return thread;
    });
    progress.ifPresent(out -> ticker.scheduleAtFixedRate(() -> printProgress(out, start),
        PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS));
    try {
      discover(source);
      outlet.finish();
      return report.snapshot();
    } finally {
      ticker.shutdownNow();
    }
  }

  private void discover(Source source) {
    try {
      discovery(source).run(new ReportingSink());
    } catch (ApiException | UncheckedIOException e) {
      if (ApiErrors.retryable(e)) {
        report.passingProblem("discovery failed: " + ApiErrors.describe(e));
      } else {
        report.problem("discovery failed: " + ApiErrors.describe(e));
      }
    } finally {
      report.discoveryEnded();
    }
  }

  private Discovery discovery(Source source) {
    ProjectSelection selection = new ProjectSelection(clients.projects(), report);
    if (source instanceof Source.Projects named) {
      return new ProjectDiscovery(clients, kinds, selection.named(named.ids()), named.locations(), listedIn);
    }
    if (source instanceof Source.PolicyProjects governed) {
      return sink -> new ProjectDiscovery(clients, kinds, selection.governed(), governed.locations(), listedIn)
          .run(sink);
    }
    Source.Scope scope = (Source.Scope) source;
    return new ScopeDiscovery(clients.assets(), new ProjectIds(clients.projects()), scope.scope(), kinds.registry());
  }

  private void printProgress(PrintWriter out, Instant start) {
    out.println(Summary.progress(report.snapshot(), outlet.mode(), Duration.between(start, clock.instant())));
    out.flush();
  }

  /** Admits each found resource through the report and hands it to the outlet. */
  private final class ReportingSink implements DiscoverySink {
    @Override
    public void found(FoundResource resource) {
      if (report.admit(resource)) {
        outlet.accept(resource);
      }
    }

    @Override
    public void found(FoundResource resource, ResourceFacts facts) {
      if (report.admit(resource)) {
        outlet.accept(resource, facts);
      }
    }

    @Override
    public void unusable(String resource, String reason) {
      report.failed(resource, reason);
    }

    @Override
    public void problem(String message) {
      report.problem(message);
    }

    @Override
    public void passingProblem(String message) {
      report.passingProblem(message);
    }

    @Override
    public void apiOff(String project, String api) {
      report.apiOff(project, api);
    }
  }
}
