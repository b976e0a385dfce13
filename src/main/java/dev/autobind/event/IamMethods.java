package dev.autobind.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of audit-log methods that change an IAM policy autobind may govern, each with the
 * service whose audit log carries it and the reader of the policy it names. Method names are as the
 * services write them: Resource Manager's v1 {@code SetIamPolicy}
 * (cloud.google.com/resource-manager/docs/audit-logging), IAM's {@code google.iam.admin.v1.SetIAMPolicy}
 * (cloud.google.com/iam/docs/audit-logging), and Vertex AI's IAMPolicy mixin for models.
 */
final class IamMethods {

  /** One watched IAM-change method. */
  record Method(String service, String method, IamTargetReader reader) {}

  private static final Map<String, Method> BY_METHOD = table(
      new Method("cloudresourcemanager.googleapis.com", "SetIamPolicy", IamTargetReader.PROJECT),
      new Method("iam.googleapis.com", "google.iam.admin.v1.SetIAMPolicy", IamTargetReader.SERVICE_ACCOUNT),
      new Method("aiplatform.googleapis.com", "google.iam.v1.IAMPolicy.SetIamPolicy", IamTargetReader.VERTEX_MODEL));

  private IamMethods() {}

  private static Map<String, Method> table(Method... methods) {
    Map<String, Method> map = new LinkedHashMap<>();
    for (Method m : methods) {
      if (map.put(m.method(), m) != null) {
        throw new IllegalStateException("method " + m.method() + " is in the table twice");
      }
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  static Optional<Method> forMethod(String methodName) {
    return Optional.ofNullable(BY_METHOD.get(methodName));
  }

  static List<String> methods() {
    return List.copyOf(BY_METHOD.keySet());
  }

  /** Every IAM-change method mapped to its service, in table order, for the deployment's routing. */
  static Map<String, String> servicesByMethod() {
    Map<String, String> services = new LinkedHashMap<>();
    BY_METHOD.values().forEach(m -> services.put(m.method(), m.service()));
    return services;
  }
}
