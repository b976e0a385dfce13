package dev.autobind.kind;

import com.google.api.gax.rpc.ApiException;
import dev.autobind.plan.ResourceFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the Vertex AI kinds share: their resources are regional, so a project is listed region by
 * region on each region's endpoint, and the API names them by project <em>number</em>.
 */
final class VertexResources {

  /** Resources listed per call when backfill lists a region. */
  static final int PAGE_SIZE = 100;

  private VertexResources() {}

  /**
   * Lists a project region by region, telling {@code listing} of every resource found.
   *
   * @param list the paged list call for a region and its parent {@code projects/P/locations/REGION}
   * @param nameOf a listed resource's name, {@code projects/NUMBER/locations/REGION/COLLECTION/ID}
   */
  static <T> void listByRegion(String title, String project, List<String> regions, KindAccess.Listing listing,
      BiFunction<String, String, Iterable<T>> list, Function<T, String> nameOf) {
    for (String region : regions) {
      try {
        for (T resource : list.apply(region, "projects/" + project + "/locations/" + region)) {
          String name = nameOf.apply(resource);
          listing.found(region, name.substring(name.lastIndexOf('/') + 1));
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
}
