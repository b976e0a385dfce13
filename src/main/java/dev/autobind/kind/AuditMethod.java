package dev.autobind.kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An audit-log method that creates a resource of some kind, or changes a policy autobind governs. Intake
 * acts on it, and the deployment routes its entries to the function (the Log Router sink's filter and the
 * Eventarc triggers come from {@link KindRegistry#routedMethods()}).
 *
 * @param serviceName the audit log's {@code protoPayload.serviceName}
 * @param methodName the audit log's {@code protoPayload.methodName}
 */
public record AuditMethod(String serviceName, String methodName) {

  public AuditMethod {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(methodName, "methodName");
  }

  /**
   * A short lowercase name for the method, e.g. {@code container-v1beta1-createcluster}: the method
   * name without {@code google}, {@code cloud} and the interface name, led by the service's name.
   */
  public String slug() {
    List<String> parts = Arrays.asList(methodName.split("\\."));
    if (serviceName.equals(ClusterObjectKind.SERVICE)) {
      // io.k8s.GROUP.VERSION.PLURAL.VERB: the plural and verb say it all, e.g. k8s-rolebindings-delete.
      return "k8s-" + String.join("-", parts.subList(Math.max(0, parts.size() - 2), parts.size()))
          .toLowerCase(Locale.ROOT);
    }
    List<String> kept = new ArrayList<>(parts.subList(0, Math.max(0, parts.size() - 2)));
    kept.add(parts.get(parts.size() - 1));
    String slug = kept.stream().filter(p -> !p.equals("google") && !p.equals("cloud"))
        .map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.joining("-"));
    // A bare name (Resource Manager's SetIamPolicy) or a mixin's (google.iam.v1.IAMPolicy) says nothing of
    // its service, so the service's name goes first.
    String service = serviceName.substring(0, serviceName.indexOf('.') < 0 ? serviceName.length() : serviceName.indexOf('.'));
    return slug.startsWith(service + "-") ? slug : service + "-" + slug;
  }
}
