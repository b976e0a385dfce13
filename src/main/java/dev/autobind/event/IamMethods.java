package dev.autobind.event;

import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * Which IAM-change method an audit entry is, read from the registry's table
 * ({@link KindRegistry#policyChangeMethods()}): the service whose audit log carries it, and the reader of
 * the policy it names.
 */
final class IamMethods {

  /** One watched IAM-change method. */
  record Method(String service, String method, PolicyHolderReader reader) {}

  private IamMethods() {}

  static Optional<Method> forMethod(KindRegistry kinds, String methodName) {
    if (methodName.equals(KindRegistry.PROJECT_POLICY_CHANGE.methodName())) {
      return Optional.of(method(KindRegistry.PROJECT_POLICY_CHANGE, PolicyHolderReader.project()));
    }
    if (methodName.equals(KindRegistry.ACCOUNT_POLICY_CHANGE.methodName())) {
      return Optional.of(method(KindRegistry.ACCOUNT_POLICY_CHANGE, PolicyHolderReader.serviceAccount()));
    }
    List<ResourceKind> changed = kinds.changedBy(methodName);
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Method(changed.get(0).service(), methodName, PolicyHolderReader.resource(changed)));
  }

  private static Method method(AuditMethod method, PolicyHolderReader reader) {
    return new Method(method.serviceName(), method.methodName(), reader);
  }
}
