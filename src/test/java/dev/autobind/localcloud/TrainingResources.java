package dev.autobind.localcloud;

import com.google.iam.v1.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training kinds' resources in the local cloud: Vertex AI persistent resources and endpoints,
 * Cloud TPU nodes and queued resources. Each lives in one collection of a project and location; only
 * endpoints have an IAM policy of their own, the others keep an empty one nobody serves.
 */
final class TrainingResources {

  /** A collection as it appears in resource names, e.g. {@code projects/P/locations/L/endpoints/E}. */
  enum Collection {
    PERSISTENT_RESOURCES("persistentResources", "PersistentResource", "aiplatform.googleapis.com"),
    ENDPOINTS("endpoints", "Endpoint", "aiplatform.googleapis.com"),
    NODES("nodes", "Node", "tpu.googleapis.com"),
    QUEUED_RESOURCES("queuedResources", "QueuedResource", "tpu.googleapis.com");

    final String segment;
    final String noun;
    final String service;

    Collection(String segment, String noun, String service) {
      this.segment = segment;
      this.noun = noun;
      this.service = service;
    }

    /** The Cloud Asset Inventory type, e.g. {@code tpu.googleapis.com/Node}. */
    String assetType() {
      return service + "/" + noun;
    }

    /** The collection named {@code segment} in resource names. */
    static Collection of(String segment) {
      for (Collection c : values()) {
        if (c.segment.equals(segment)) {
          return c;
        }
      }
      throw new IllegalArgumentException("no training collection " + segment);
    }
  }

  private final List<Resource> resources = new ArrayList<>();

  /** Everything goes; {@code World.load} calls this before seeding. */
  void clear() {
    resources.clear();
  }

  /** The resource in this project (id or number), location and collection, if any. */
  Optional<Resource> find(World world, Collection collection, String projectKey, String location, String id) {
    return world.findProject(projectKey).flatMap(project -> resources.stream()
        .filter(r -> r.project == project && r.collection == collection && r.location.equals(location)
            && r.id.equals(id))
        .findFirst());
  }

  /** The resource, or NOT_FOUND with the name the caller used. */
  Resource get(World world, Collection collection, String projectKey, String location, String id) {
    return find(world, collection, projectKey, location, id).orElseThrow(() -> Rpc.notFound(collection.noun
        + " projects/" + projectKey + "/locations/" + location + "/" + collection.segment + "/" + id + " not found."));
  }

  /** A project's resources of one collection in one location, or in all of them for {@code -}; in creation order. */
  List<Resource> list(World world, Collection collection, String projectKey, String location) {
    World.Project project = world.project(projectKey);
    return resources.stream()
        .filter(r -> r.project == project && r.collection == collection)
        .filter(r -> location.equals("-") || r.location.equals(location))
        .toList();
  }

  /** Adds a resource; ALREADY_EXISTS if its name is taken. */
  Resource create(World.Project project, Collection collection, String location, String id, String displayName,
      Map<String, String> labels, Policy bindingsOnly) {
    boolean taken = resources.stream().anyMatch(r -> r.project == project && r.collection == collection
        && r.location.equals(location) && r.id.equals(id));
    if (taken) {
      throw Rpc.alreadyExists(collection.noun + " projects/" + project.id + "/locations/" + location + "/"
          + collection.segment + "/" + id + " already exists.");
    }
    Resource resource = new Resource(project, collection, location, id, displayName, labels, bindingsOnly);
    resources.add(resource);
    return resource;
  }

  /** Every resource, in creation order. */
  List<Resource> all() {
    return List.copyOf(resources);
  }

  /** One resource of a training kind. */
  static final class Resource extends World.PolicyHolder {
    final World.Project project;
    final Collection collection;
    final String location;
    final String id;
    final String displayName;
    final Map<String, String> labels;

    Resource(World.Project project, Collection collection, String location, String id, String displayName,
        Map<String, String> labels, Policy policy) {
      super(policy);
      this.project = project;
      this.collection = collection;
      this.location = location;
      this.id = id;
      this.displayName = displayName;
      this.labels = new LinkedHashMap<>(labels);
    }

    /** {@code projects/PROJECT/locations/L/COLLECTION/ID}, with the project's id or number. */
    String name(String projectKey) {
      return "projects/" + projectKey + "/locations/" + location + "/" + collection.segment + "/" + id;
    }

    /** The name as its API returns it: Vertex AI with the project number, Cloud TPU with the project id. */
    String apiName() {
      return name(collection.service.equals("tpu.googleapis.com") ? project.id : Long.toString(project.number));
    }

    @Override
    PolicyRules.Target target() {
      return PolicyRules.Target.RESOURCE;
    }
  }
}
