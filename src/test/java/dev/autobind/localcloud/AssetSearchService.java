package dev.autobind.localcloud;

import com.google.cloud.asset.v1.AssetServiceGrpc;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.asset.v1.SearchAllResourcesResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * google.cloud.asset.v1.AssetService.SearchAllResources over the world's GKE clusters and Vertex AI
 * models. An {@code organizations/N} or {@code folders/N} scope holds every seeded project.
 */
final class AssetSearchService extends AssetServiceGrpc.AssetServiceImplBase {

  static final String CLUSTER_TYPE = "container.googleapis.com/Cluster";
  static final String MODEL_TYPE = "aiplatform.googleapis.com/Model";

  private static final Pattern SCOPE = Pattern.compile("(organizations|folders|projects)/([^/]+)");
  private static final Pattern TERM =
      Pattern.compile("(location|displayName|state|labels\\.[a-z][a-z0-9_-]*)[:=]\"?([^\"]*)\"?");

  private final World world;

  AssetSearchService(World world) {
    this.world = world;
  }

  @Override
  public void searchAllResources(SearchAllResourcesRequest request,
      StreamObserver<SearchAllResourcesResponse> observer) {
    Rpc.unary(world, observer, () -> {
      if (!request.getOrderBy().isEmpty()) {
        throw Rpc.invalid("order_by is not supported by the local cloud.");
      }
      Predicate<String> types = assetTypes(request.getAssetTypesList());
      Predicate<ResourceSearchResult> query = query(request.getQuery());
      List<ResourceSearchResult> found = resources(world, scope(request.getScope())).stream()
          .filter(r -> types.test(r.getAssetType())).filter(query).toList();
      int pageSize = Math.min(Math.max(request.getPageSize(), 0), 500);
      Page<ResourceSearchResult> page = Page.of(found, pageSize, request.getPageToken(), 100);
      return SearchAllResourcesResponse.newBuilder().addAllResults(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  private List<World.Project> scope(String scope) {
    Matcher m = SCOPE.matcher(scope);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid scope '" + scope + "'; expected organizations/N, folders/N or projects/P.");
    }
    return m.group(1).equals("projects") ? List.of(world.project(m.group(2))) : List.copyOf(world.projects());
  }

  private static List<ResourceSearchResult> resources(World world, List<World.Project> projects) {
    List<ResourceSearchResult> results = new ArrayList<>();
    for (World.Project project : projects) {
      project.clusters.forEach(c -> results.add(cluster(project, c)));
      project.models.forEach(m -> results.add(model(m)));
      for (TrainingResources.Collection collection : TrainingResources.Collection.values()) {
        world.training().list(world, collection, project.id, "-").forEach(r -> results.add(training(r)));
      }
    }
    return results;
  }

  private static ResourceSearchResult training(TrainingResources.Resource resource) {
    return inProject(resource.project).setAssetType(resource.collection.assetType())
        .setName("//" + resource.collection.service + "/" + resource.apiName())
        .setDisplayName(resource.displayName).setLocation(resource.location).putAllLabels(resource.labels).build();
  }

  private static ResourceSearchResult cluster(World.Project project, Seed.Cluster cluster) {
    return inProject(project).setAssetType(CLUSTER_TYPE)
        .setName("//container.googleapis.com/projects/" + project.id + "/locations/" + cluster.location()
            + "/clusters/" + cluster.name())
        .setDisplayName(cluster.name()).setLocation(cluster.location()).putAllLabels(cluster.labels())
        .setState("RUNNING").build();
  }

  private static ResourceSearchResult model(World.Model model) {
    return inProject(model.project).setAssetType(MODEL_TYPE)
        .setName("//aiplatform.googleapis.com/" + ModelsService.nameOf(model))
        .setDisplayName(model.displayName).setLocation(model.location).putAllLabels(model.labels).build();
  }

  private static ResourceSearchResult.Builder inProject(World.Project project) {
    return ResourceSearchResult.newBuilder()
        .setProject("projects/" + project.number)
        .setParentFullResourceName("//cloudresourcemanager.googleapis.com/projects/" + project.number)
        .setParentAssetType("cloudresourcemanager.googleapis.com/Project");
  }

  /** Asset types match whole, as regular expressions (so {@code .*} patterns work like Google's). */
  private static Predicate<String> assetTypes(List<String> wanted) {
    if (wanted.isEmpty()) {
      return type -> true;
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String type : wanted) {
      try {
        patterns.add(Pattern.compile(type));
      } catch (PatternSyntaxException e) {
        throw Rpc.invalid("Invalid asset type '" + type + "': " + e.getDescription());
      }
    }
    return type -> patterns.stream().anyMatch(p -> p.matcher(type).matches());
  }

  /** Supports {@code location:}, {@code displayName:}, {@code state:} and {@code labels.KEY:} terms. */
  private static Predicate<ResourceSearchResult> query(String query) {
    Predicate<ResourceSearchResult> result = r -> true;
    for (String term : query.trim().split("\\s+")) {
      if (term.isEmpty() || term.equals("AND")) {
        continue;
      }
      Matcher m = TERM.matcher(term);
      if (!m.matches()) {
        throw Rpc.invalid("Unsupported query term '" + term + "'; the local cloud supports location:, displayName:,"
            + " state: and labels.KEY: terms.");
      }
      String field = m.group(1);
      String value = m.group(2);
      result = result.and(switch (field) {
        case "location" -> r -> r.getLocation().equals(value);
        case "displayName" -> r -> r.getDisplayName().equals(value);
        case "state" -> r -> r.getState().equals(value);
        default -> r -> value.equals(r.getLabelsMap().get(field.substring("labels.".length())));
      });
    }
    return result;
  }
}
