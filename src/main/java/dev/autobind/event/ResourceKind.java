package dev.autobind.event;

import java.util.Arrays;
import java.util.Optional;

/** A kind of resource autobind governs, named as in function.yaml and in decision records. */
public enum ResourceKind {
  GKE_CLUSTER("gke-cluster", false),
  VERTEX_MODEL("vertex-model", true);

  private final String id;
  private final boolean resourceIam;

  ResourceKind(String id, boolean resourceIam) {
    this.id = id;
    this.resourceIam = resourceIam;
  }

  /** The name used in function.yaml and in JSON output, e.g. {@code gke-cluster}. */
  public String id() {
    return id;
  }

  /** Whether the resource has its own IAM policy, so {@code grant.resource} applies to it. */
  public boolean hasResourceIam() {
    return resourceIam;
  }

  public static Optional<ResourceKind> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }
}
