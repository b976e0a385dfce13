package dev.autobind.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An audit-log method whose entries the deployment routes to the function: the Log Router sink's
 * filter and the Eventarc triggers both come from {@link #WATCHED}.
 *
 * @param serviceName the audit log's {@code protoPayload.serviceName}
 * @param methodName the audit log's {@code protoPayload.methodName}
 */
public record AuditMethod(String serviceName, String methodName) {

  // The intake's method table is not on this branch; this list must stay equal to it, and
  // AuditMethodTest pins the five names until both read one table.
  /** Every method autobind acts on. Eventarc filters match exactly, so each API surface is its own entry. */
  public static final List<AuditMethod> WATCHED = List.of(
      new AuditMethod("container.googleapis.com", "google.container.v1.ClusterManager.CreateCluster"),
      new AuditMethod("container.googleapis.com", "google.container.v1beta1.ClusterManager.CreateCluster"),
      new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1.ModelService.UploadModel"),
      new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1beta1.ModelService.UploadModel"),
      new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.ui.ModelService.UploadModel"));

  public AuditMethod {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(methodName, "methodName");
  }

  /**
   * A short lowercase name for the method, e.g. {@code container-v1beta1-createcluster}: the method
   * name without {@code google}, {@code cloud} and the interface name.
   */
  public String slug() {
    List<String> parts = Arrays.asList(methodName.split("\\."));
    List<String> kept = new ArrayList<>(parts.subList(0, parts.size() - 2));
    kept.add(parts.get(parts.size() - 1));
    return kept.stream().filter(p -> !p.equals("google") && !p.equals("cloud"))
        .map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.joining("-"));
  }
}
