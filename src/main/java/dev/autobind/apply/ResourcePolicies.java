package dev.autobind.apply;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The resource-level IAM policy gateways of a registry's kinds, one per service, built on first use. */
final class ResourcePolicies {
  private final KindPlugins kinds;
  private final CloudClients clients;
  private final Map<String, IamPolicyGateway> built = new ConcurrentHashMap<>();

  ResourcePolicies(KindPlugins kinds, CloudClients clients) {
    this.kinds = kinds;
    this.clients = clients;
  }

  /** The gateway for full names under {@code service}; throws when no kind there has its own policy. */
  IamPolicyGateway gateway(String service) {
    return built.computeIfAbsent(service, s -> {
      ResourceKind kind = kinds.registry().byService(s).stream().filter(ResourceKind::hasResourceIam).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no governed kind under " + s + " has its own IAM policy"));
      return kinds.access(kind).iamPolicy(clients);
    });
  }
}
