package dev.autobind.apply;

import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The resource-level IAM policy gateways of a registry's kinds, one per kind, each over its own kind's client. */
final class ResourcePolicies {
  private final KindPlugins kinds;
  private final CloudClients clients;
  private final Map<ResourceKind, IamPolicyGateway<PolicyHolder.Resource>> built = new ConcurrentHashMap<>();

  ResourcePolicies(KindPlugins kinds, CloudClients clients) {
    this.kinds = kinds;
    this.clients = clients;
  }

  /** The gateway for {@code kind}'s own policies; throws when the kind has none or is not registered. */
  IamPolicyGateway<PolicyHolder.Resource> gateway(ResourceKind kind) {
    return built.computeIfAbsent(kind, k -> {
      if (!k.hasResourceIam()) {
        throw new IllegalArgumentException(k.id() + " has no resource-level IAM policy");
      }
      return kinds.access(k).iamPolicy(clients);
    });
  }
}
