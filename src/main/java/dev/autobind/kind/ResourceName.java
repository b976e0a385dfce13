package dev.autobind.kind;

import java.util.Objects;

/**
 * The name of one located resource, such as a GKE cluster or a Vertex AI model, in the shape every
 * kind autobind governs shares: {@code projects/P/locations/L/COLLECTION/ID} under an API service.
 *
 * @param service the API host, e.g. {@code example.googleapis.com}
 * @param project the project id, or the project number where the source carried only that
 * @param location the region or zone
 * @param collection the resource collection, e.g. {@code clusters}
 * @param id the resource's own id within the collection
 */
public record ResourceName(String service, String project, String location, String collection, String id) {

  public ResourceName {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(id, "id");
  }

  /**
   * The full name, as Cloud Asset Inventory and IAM spell it:
   * {@code //SERVICE/projects/P/locations/L/COLLECTION/ID}.
   */
  public String full() {
    return "//" + service + "/" + relative();
  }

  /** The name the API's methods take: {@code projects/P/locations/L/COLLECTION/ID}. */
  public String relative() {
    return "projects/" + project + "/locations/" + location + "/" + collection + "/" + id;
  }

  /** The same resource named by another project id (or number). */
  public ResourceName withProject(String projectIdOrNumber) {
    return new ResourceName(service, projectIdOrNumber, location, collection, id);
  }

  /** True when {@link #project()} is a project number rather than an id. */
  public boolean projectIsNumber() {
    return !project.isEmpty() && project.chars().allMatch(Character::isDigit);
  }

  @Override
  public String toString() {
    return full();
  }
}
