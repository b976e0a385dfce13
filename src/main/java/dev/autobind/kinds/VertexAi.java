package dev.autobind.kinds;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.Location;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the Vertex AI kinds share: the regional endpoint every call goes to, the regions the API serves,
 * listing a project region by region, and the project number the API names resources by.
 */
public final class VertexAi {
  /** The service every Vertex AI kind's audit entries and full resource names carry. */
  static final String SERVICE = "aiplatform.googleapis.com";

  /** Any regional endpoint answers ListLocations for every region; this one always exists. */
  static final String ASKED_REGION = "us-central1";

  private VertexAi() {}

  /** Resources listed per call when backfill lists a region. */
  static final int PAGE_SIZE = 100;

  /**
   * Lists a project region by region, telling {@code listing} of every resource found.
   *
   * @param list the paged list call for a region and its parent {@code projects/P/locations/REGION}
   * @param nameOf a listed resource's name, {@code projects/NUMBER/locations/REGION/COLLECTION/ID}
   * @param labelsOf a listed resource's labels, which the listing passes on with its facts
   */
  static <T> void listByRegion(String title, String project, List<String> regions, KindAccess.Listing listing,
      BiFunction<String, String, Iterable<T>> list, Function<T, String> nameOf,
      Function<T, Map<String, String>> labelsOf) {
    for (String region : regions) {
      try {
        for (T resource : list.apply(region, "projects/" + project + "/locations/" + region)) {
          String name = nameOf.apply(resource);
          listing.found(region, name.substring(name.lastIndexOf('/') + 1), new ResourceFacts(project,
              projectNumberIn(name), Optional.of(labelsOf.apply(resource)),
              Optional.of(ResourceFacts.workloadPoolOf(project))));
        }
      } catch (ApiException e) {
        listing.failed("Vertex AI", "listing the " + title + " of project " + project + " in " + region, e);
      }
    }
  }

  /**
   * The facts of a resource Vertex AI returned as {@code apiName}: its labels, and the project number
   * its name carries when the caller did not know it.
   */
  static ResourceFacts facts(ResourceName name, Optional<String> projectNumber, String apiName,
      Map<String, String> labels) {
    return new ResourceFacts(name.project(), projectNumber.or(() -> projectNumberIn(apiName)),
        Optional.of(Map.copyOf(labels)), Optional.of(ResourceFacts.workloadPoolOf(name.project())));
  }

  /** The project number in a name Vertex AI returned ({@code projects/NUMBER/...}), if it is one. */
  static Optional<String> projectNumberIn(String name) {
    String[] parts = name.split("/");
    return parts.length > 1 && !parts[1].isEmpty() && parts[1].chars().allMatch(Character::isDigit)
        ? Optional.of(parts[1]) : Optional.empty();
  }

  /** {@code {location}-aiplatform.googleapis.com:443}; a location that is not a region name is refused. */
  public static String endpoint(String location) {
    if (!NamingRules.isRegion(location)) {
      throw new IllegalArgumentException("Vertex AI location must be a region such as us-central1, got '"
          + location + "'");
    }
    return location + "-" + SERVICE + ":443";
  }

  /**
   * Every region, from the Locations mixin of the model service, asked on behalf of {@code project}; names
   * that are not regions (such as global) are left out.
   *
   * @throws com.google.api.gax.rpc.ApiException the API's error
   */
  public static List<String> regions(CloudClients clients, String project) {
    ListLocationsRequest request = ListLocationsRequest.newBuilder().setName("projects/" + project).build();
    List<String> regions = new ArrayList<>();
    for (Location location : VertexModel.Access.client(clients, ASKED_REGION).listLocations(request).iterateAll()) {
      if (NamingRules.isRegion(location.getLocationId()) && !regions.contains(location.getLocationId())) {
        regions.add(location.getLocationId());
      }
    }
    return regions;
  }
}
