package dev.autobind.apply;

import dev.autobind.plan.ClusterEndpoint;
import dev.autobind.plan.TargetKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The gateways the apply stage talks through: one for resources, one for service accounts, one IAM
 * policy gateway per target kind, and a way to reach the Kubernetes API of a cluster.
 */
public record Gateways(ResourceGateway resources, ServiceAccountGateway accounts,
    Map<TargetKind, IamPolicyGateway> policies, Function<ClusterEndpoint, ClusterObjectGateway> clusters) {

  public Gateways {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(clusters, "clusters");
    EnumMap<TargetKind, IamPolicyGateway> copy = new EnumMap<>(TargetKind.class);
    copy.putAll(policies);
    for (TargetKind kind : TargetKind.values()) {
      Objects.requireNonNull(copy.get(kind), () -> "no IAM policy gateway for " + kind);
    }
    policies = Map.copyOf(copy);
  }

  /** Gateways over the real clients; each client is built on first use. */
  public static Gateways over(CloudClients clients) {
    return new Gateways(
        new ClientResourceGateway(clients::clusters, clients::models, clients::projects),
        new ClientServiceAccountGateway(clients::iam),
        Map.of(
            TargetKind.PROJECT, ClientIamPolicyGateway.projects(clients::projects),
            TargetKind.SERVICE_ACCOUNT, ClientIamPolicyGateway.serviceAccounts(clients::iam),
            TargetKind.VERTEX_MODEL, ClientIamPolicyGateway.models(clients::models)),
        endpoint -> KubernetesClusterGateway.connect(endpoint, clients.emulatorHost()));
  }

  IamPolicyGateway policy(TargetKind kind) {
    return policies.get(kind);
  }
}
