package dev.autobind.backfill;

import dev.autobind.event.ResourceKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How Cloud Asset Inventory types and names each resource kind autobind governs; a new kind is one
 * new entry here (and its lister in {@link ProjectDiscovery}).
 */
public enum AssetType {
  GKE_CLUSTER(ResourceKind.GKE_CLUSTER, "container.googleapis.com/Cluster", "container.googleapis.com", "clusters"),
  VERTEX_MODEL(ResourceKind.VERTEX_MODEL, "aiplatform.googleapis.com/Model", "aiplatform.googleapis.com", "models");

  private final ResourceKind kind;
  private final String assetType;
  private final String service;
  private final String collection;

  AssetType(ResourceKind kind, String assetType, String service, String collection) {
    this.kind = kind;
    this.assetType = assetType;
    this.service = service;
    this.collection = collection;
  }

  public ResourceKind kind() {
    return kind;
  }

  /** The Cloud Asset Inventory type, e.g. {@code container.googleapis.com/Cluster}. */
  public String assetType() {
    return assetType;
  }

  /** The API service that owns the resource, the first part of its full name. */
  public String service() {
    return service;
  }

  /** The collection in the resource's name, e.g. {@code clusters}. */
  public String collection() {
    return collection;
  }

  /** Every Cloud Asset Inventory type backfill searches for. */
  public static List<String> assetTypes() {
    return Arrays.stream(values()).map(AssetType::assetType).toList();
  }

  public static AssetType of(ResourceKind kind) {
    return Arrays.stream(values()).filter(t -> t.kind == kind).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no asset type for resource kind " + kind.id()));
  }

  static Optional<AssetType> byService(String service) {
    return Arrays.stream(values()).filter(t -> t.service.equals(service)).findFirst();
  }
}
