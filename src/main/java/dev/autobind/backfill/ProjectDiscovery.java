package dev.autobind.backfill;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.Model;
import com.google.container.v1.Cluster;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import dev.autobind.apply.CloudClients;
import dev.autobind.event.ResourceKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lists each project's resources: its GKE clusters in one call over every location
 * ({@code locations/-}), and its Vertex AI models with one paged call per region.
 */
final class ProjectDiscovery implements Discovery {
  static final int MODEL_PAGE_SIZE = 100;

  private final CloudClients clients;
  private final List<String> projects;
  private final Optional<List<String>> locations;
  private final Set<ResourceKind> kinds;

  /** Without {@code locations}, the Locations mixin is asked once, and only when there is a project to list. */
  ProjectDiscovery(CloudClients clients, List<String> projects, Optional<List<String>> locations) {
    this(clients, projects, locations, EnumSet.allOf(ResourceKind.class));
  }

  /** Lists only resources of {@code kinds}; the Locations mixin is asked only when models are listed. */
  ProjectDiscovery(CloudClients clients, List<String> projects, Optional<List<String>> locations,
      Set<ResourceKind> kinds) {
    this.clients = clients;
    this.projects = List.copyOf(projects);
    this.locations = locations;
    this.kinds = Set.copyOf(kinds);
  }

  @Override
  public void run(DiscoverySink sink) {
    boolean models = kinds.contains(ResourceKind.VERTEX_MODEL);
    List<String> regions = projects.isEmpty() || !models ? List.of() : regions(sink);
    for (String project : projects) {
      if (kinds.contains(ResourceKind.GKE_CLUSTER)) {
        clusters(project, sink);
      }
      for (String region : regions) {
        models(project, region, sink);
      }
    }
  }

  private List<String> regions(DiscoverySink sink) {
    try {
      return locations.orElseGet(() -> VertexLocations.list(clients, projects.get(0)));
    } catch (ApiException e) {
      sink.problem("listing the Vertex AI locations failed, so no models were listed: " + Failures.describe(e));
      return List.of();
    }
  }

  private void clusters(String project, DiscoverySink sink) {
    ListClustersResponse response;
    try {
      response = clients.clusters().listClusters(
          ListClustersRequest.newBuilder().setParent("projects/" + project + "/locations/-").build());
    } catch (ApiException e) {
      failed(sink, e, project, "GKE", "listing the GKE clusters of project " + project);
      return;
    }
    if (response.getMissingZonesCount() > 0) {
      sink.problem("GKE could not list the clusters of project " + project + " in "
          + String.join(", ", response.getMissingZonesList()));
    }
    for (Cluster cluster : response.getClustersList()) {
      String location = cluster.getLocation().isEmpty() ? cluster.getZone() : cluster.getLocation();
      found(sink, ResourceKind.GKE_CLUSTER, project, location, cluster.getName());
    }
  }

  private void models(String project, String region, DiscoverySink sink) {
    ListModelsRequest request = ListModelsRequest.newBuilder()
        .setParent("projects/" + project + "/locations/" + region).setPageSize(MODEL_PAGE_SIZE).build();
    try {
      for (Model model : clients.models(region).listModels(request).iterateAll()) {
        String name = model.getName();
        found(sink, ResourceKind.VERTEX_MODEL, project, region, name.substring(name.lastIndexOf('/') + 1));
      }
    } catch (ApiException e) {
      failed(sink, e, project, "Vertex AI", "listing the Vertex AI models of project " + project + " in " + region);
    }
  }

  private static void found(DiscoverySink sink, ResourceKind kind, String project, String location, String name) {
    AssetType type = AssetType.of(kind);
    try {
      sink.found(new FoundResource(kind, project, location, name));
    } catch (IllegalArgumentException e) {
      sink.unusable("//" + type.service() + "/projects/" + project + "/locations/" + location + "/"
          + type.collection() + "/" + name, e.getMessage());
    }
  }

  private static void failed(DiscoverySink sink, ApiException e, String project, String api, String what) {
    if (Failures.serviceDisabled(e)) {
      sink.apiOff(project, api);
    } else {
      sink.problem(what + " failed: " + Failures.describe(e));
    }
  }
}
