package dev.autobind.event;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one table of audit-log methods autobind acts on, each mapped to the kind of resource it creates. */
public final class WatchedMethods {
  private static final KindExtractor GKE_CLUSTER = new GkeClusterExtractor();
  private static final KindExtractor VERTEX_MODEL = new VertexModelExtractor();

  // Eventarc filters match method names exactly, so every API version and the console's "ui"
  // surface is its own entry. A new kind is one KindExtractor class plus its entries here.
  private static final Map<String, KindExtractor> BY_METHOD = inOrder(
      entry("google.container.v1.ClusterManager.CreateCluster", GKE_CLUSTER),
      entry("google.container.v1beta1.ClusterManager.CreateCluster", GKE_CLUSTER),
      entry("google.cloud.aiplatform.v1.ModelService.UploadModel", VERTEX_MODEL),
      entry("google.cloud.aiplatform.v1beta1.ModelService.UploadModel", VERTEX_MODEL),
      entry("google.cloud.aiplatform.ui.ModelService.UploadModel", VERTEX_MODEL));

  private WatchedMethods() {}

  // Declaration order is kept: the deployment gives the first method the function's own trigger.
  @SafeVarargs
  private static Map<String, KindExtractor> inOrder(Map.Entry<String, KindExtractor>... entries) {
    java.util.LinkedHashMap<String, KindExtractor> map = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, KindExtractor> e : entries) {
      if (map.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalStateException("method " + e.getKey() + " is in the table twice");
      }
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  static Optional<KindExtractor> forMethod(String methodName) {
    return Optional.ofNullable(BY_METHOD.get(methodName));
  }

  /** The extractor whose full resource names start with {@code //service/}. */
  static Optional<KindExtractor> forService(String service) {
    return BY_METHOD.values().stream().filter(k -> k.service().equals(service)).findFirst();
  }

  static List<String> services() {
    return BY_METHOD.values().stream().map(KindExtractor::service).distinct().sorted().toList();
  }

  static List<String> methods() {
    return BY_METHOD.keySet().stream().sorted().toList();
  }

  /**
   * Every watched method name mapped to the service whose audit log carries it, in table order, then the
   * IAM-change methods: what the deployment routes to the function (sink filter, Eventarc triggers).
   */
  public static Map<String, String> servicesByMethod() {
    java.util.LinkedHashMap<String, String> services = new java.util.LinkedHashMap<>();
    BY_METHOD.forEach((method, kind) -> services.put(method, kind.service()));
    services.putAll(IamMethods.servicesByMethod());
    return java.util.Collections.unmodifiableMap(services);
  }
}
