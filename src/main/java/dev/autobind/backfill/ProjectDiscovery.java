package dev.autobind.backfill;

import dev.autobind.apply.KindPlugins;
import com.google.api.gax.rpc.ApiException;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexAi;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lists each project's resources, kind by kind as the registry orders them, each through its own
 * listing: GKE clusters in one call over every location, Vertex AI models with one paged call per region.
 */
final class ProjectDiscovery implements Discovery {
  private final CloudClients clients;
  private final KindPlugins kinds;
  private final List<String> projects;
  private final Optional<List<String>> locations;

  /** Without {@code locations}, the Locations mixin is asked once, and only when a kind lists by region. */
  ProjectDiscovery(CloudClients clients, KindPlugins kinds, List<String> projects, Optional<List<String>> locations) {
    this.clients = clients;
    this.kinds = kinds;
    this.projects = List.copyOf(projects);
    this.locations = locations;
  }

  @Override
  public void run(DiscoverySink sink) {
    Supplier<List<String>> regions = new Regions(sink);
    for (String project : projects) {
      for (ResourceKind kind : kinds.kinds()) {
        kinds.access(kind).list(clients, project, regions, new Listed(kind, project, sink));
      }
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
    public List<String> get() {
      if (regions == null) {
        regions = ask();
      }
      return regions;
    }

    private List<String> ask() {
      try {
        return locations.orElseGet(() -> VertexAi.regions(clients, projects.get(0)));
      } catch (ApiException e) {
        sink.problem("listing the Vertex AI locations failed, so no models were listed: " + ApiErrors.describe(e));
        return List.of();
      }
    }
  }

  /** One kind's listing in one project, reported to the sink. */
  private record Listed(ResourceKind kind, String project, DiscoverySink sink) implements KindAccess.Listing {

    @Override
    public void found(String location, String id) {
      try {
        sink.found(new FoundResource(kind, project, location, id));
      } catch (IllegalArgumentException e) {
        sink.unusable(ResourceRef.of(kind, project, location, id).name().full(), e.getMessage());
      }
    }

    @Override
    public void problem(String message) {
      sink.problem(message);
    }

    @Override
    public void failed(String api, String what, ApiException e) {
      if (ApiErrors.serviceDisabled(e)) {
        sink.apiOff(project, api);
      } else {
        sink.problem(what + " failed: " + ApiErrors.describe(e));
      }
    }
  }
}
