package dev.autobind.kind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The declarative part of a kind, as Cloud Custodian describes a resource type: what it is called, where
 * its names live, which audit methods create it, and what its own policy and deployment need.
 *
 * @param id the name used in function.yaml and in JSON output, e.g. {@code gke-cluster}
 * @param title what its resources are called in messages, plural, e.g. {@code GKE clusters}
 * @param service the API host that starts its full names, e.g. {@code example.googleapis.com}
 * @param collection the collection in its names, e.g. {@code clusters}
 * @param assetType the Cloud Asset Inventory type, e.g. {@code example.googleapis.com/Thing}
 * @param methods the audit-log methods that create it, every API version and surface its own entry
 * @param resourceIam its own IAM policy, when it has one
 * @param deployment the APIs and read access the function's deployment needs for it
 */
public record KindDescription(String id, String title, String service, String collection, String assetType,
    List<AuditMethod> methods, Optional<ResourceIam> resourceIam, KindDeployment deployment) {

  public KindDescription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(assetType, "assetType");
    methods = List.copyOf(methods);
    Objects.requireNonNull(resourceIam, "resourceIam");
    Objects.requireNonNull(deployment, "deployment");
  }
}
