package dev.autobind.backfill;

import dev.autobind.apply.KindPlugins;
import com.google.api.gax.rpc.ApiException;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexAi;
import dev.autobind.kind.ResourceFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Lists each project's resources of the registry's kinds (the ones the policy governs, when the caller
 * narrowed it), kind by kind in registry order, each through its own listing: GKE clusters in one call over
 * every location, Vertex AI resources with one paged call per region. Projects are listed a few at a time,
 * since round trips, not CPU, bound a listing; what each finds reaches the sink one at a time.
 */
final class ProjectDiscovery implements Discovery {
  /** Projects listed at once: enough to hide round trips, few enough to stay far under per-minute quotas. */
  static final int PARALLEL_PROJECTS = 8;

  private final CloudClients clients;
  private final KindPlugins kinds;
  private final List<GovernedProject> projects;
  private final Optional<List<String>> locations;
  private final BiPredicate<ResourceKind, String> listedIn;

  /** Without {@code locations}, the Locations mixin is asked once, and only when a kind lists by region. */
  ProjectDiscovery(CloudClients clients, KindPlugins kinds, List<GovernedProject> projects,
      Optional<List<String>> locations) {
    this(clients, kinds, projects, locations, (kind, region) -> true);
  }

  /** As above, listing a kind that lists region by region only in the regions {@code listedIn} accepts for it. */
  ProjectDiscovery(CloudClients clients, KindPlugins kinds, List<GovernedProject> projects,
      Optional<List<String>> locations, BiPredicate<ResourceKind, String> listedIn) {
    this.clients = clients;
    this.kinds = kinds;
    this.projects = List.copyOf(projects);
    this.locations = locations;
    this.listedIn = listedIn;
  }

  @Override
  public void run(DiscoverySink sink) {
    DiscoverySink serial = new Serialized(sink);
    Supplier<List<String>> regions = new Regions(serial);
    if (projects.size() < 2) {
      projects.forEach(project -> list(project, regions, serial));
      return;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_PROJECTS, projects.size()), r -> {
      Thread thread = new Thread(r, "backfill-list-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> listings = new ArrayList<>();
      projects.forEach(project -> listings.add(pool.submit(() -> list(project, regions, serial))));
      for (Future<?> listing : listings) {
        await(listing);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void list(GovernedProject project, Supplier<List<String>> regions, DiscoverySink sink) {
    for (ResourceKind kind : kinds.kinds()) {
      Supplier<List<String>> kindRegions = () -> regions.get().stream().filter(r -> listedIn.test(kind, r)).toList();
      kinds.access(kind).list(clients, project.id(), kindRegions, new Listed(kind, project, sink));
    }
  }

  /** Waits for one project's listing; what it threw is rethrown as it was. */
  private static void await(Future<?> listing) {
    try {
      listing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing projects", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("listing a project failed", e.getCause());
    }
  }

  /** The regions, asked once, on behalf of the first project. */
  private final class Regions implements Supplier<List<String>> {
    private final DiscoverySink sink;
    private List<String> regions;

    Regions(DiscoverySink sink) {
      this.sink = sink;
    }

    @Override
    public synchronized List<String> get() {
      if (regions == null) {
        regions = ask();
      }
      return regions;
    }

    private List<String> ask() {
      try {
        return locations.orElseGet(() -> VertexAi.regions(clients, projects.get(0).id()));
      } catch (ApiException e) {
        sink.problem("listing the Vertex AI locations failed, so no models were listed: " + ApiErrors.describe(e));
        return List.of();
      }
    }
  }

  /** One kind's listing in one project, reported to the sink. */
  private record Listed(ResourceKind kind, GovernedProject project, DiscoverySink sink) implements KindAccess.Listing {

    @Override
    public void found(String location, String id) {
      FoundResource resource = usable(location, id);
      if (resource != null) {
        sink.found(resource);
      }
    }

    /** The listing's facts, with the number the project search returned when the listing carried none. */
    @Override
    public void found(String location, String id, ResourceFacts facts) {
      FoundResource resource = usable(location, id);
      if (resource != null) {
        sink.found(resource, new ResourceFacts(project.id(), facts.projectNumber().or(project::number),
            facts.labels(), facts.workloadPool(), facts.clusterEndpoint()));
      }
    }

    /** The resource, or null when its name breaks a rule, which the sink is told. */
    private FoundResource usable(String location, String id) {
      try {
        return new FoundResource(kind, project.id(), location, id);
      } catch (IllegalArgumentException e) {
        sink.unusable(ResourceRef.of(kind, project.id(), location, id).name().full(), e.getMessage());
        return null;
      }
    }

    @Override
    public void problem(String message) {
      sink.problem(message);
    }

    @Override
    public void failed(String api, String what, ApiException e) {
      if (ApiErrors.serviceDisabled(e)) {
        sink.apiOff(project.id(), api);
      } else if (ApiErrors.retryable(e)) {
        sink.passingProblem(what + " failed: " + ApiErrors.describe(e));
      } else {
        sink.problem(what + " failed: " + ApiErrors.describe(e));
      }
    }
  }

  /** A sink told one thing at a time, whichever listing thread tells it. */
  private record Serialized(DiscoverySink sink) implements DiscoverySink {
    @Override
    public synchronized void found(FoundResource resource) {
      sink.found(resource);
    }

    @Override
    public synchronized void found(FoundResource resource, ResourceFacts facts) {
      sink.found(resource, facts);
    }

    @Override
    public synchronized void unusable(String resource, String reason) {
      sink.unusable(resource, reason);
    }

    @Override
    public synchronized void problem(String message) {
      sink.problem(message);
    }

    @Override
    public synchronized void passingProblem(String message) {
      sink.passingProblem(message);
    }

    @Override
    public synchronized void apiOff(String project, String api) {
      sink.apiOff(project, api);
    }
  }
}
