package dev.autobind.kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An audit-log method that creates a resource of some kind. Intake acts on it, and the deployment routes
 * its entries to the function (the Log Router sink's filter and the Eventarc triggers come from
 * {@link KindRegistry#methods()}).
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
