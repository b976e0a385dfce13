package dev.autobind.apply;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.plan.Target;
import java.util.Objects;
import java.util.function.Function;

/**
 * The gateways the apply stage talks through: one for resources, one for service accounts, the IAM
 * policy gateways, found by the target they serve, and a way to reach the Kubernetes API of a cluster.
 *
 * @param resourcePolicies the gateway for a governed resource's own policy, by the service its full name
 *     starts with
 * @param clusters opens the Kubernetes API of a cluster at an endpoint
 */
public record Gateways(ResourceGateway resources, ServiceAccountGateway accounts, IamPolicyGateway projectPolicies,
    IamPolicyGateway accountPolicies, Function<String, IamPolicyGateway> resourcePolicies,
    Function<ClusterEndpoint, ClusterObjectGateway> clusters) {

  public Gateways {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(projectPolicies, "projectPolicies");
    Objects.requireNonNull(accountPolicies, "accountPolicies");
    Objects.requireNonNull(resourcePolicies, "resourcePolicies");
    Objects.requireNonNull(clusters, "clusters");
  }

  /** Gateways over the real clients for the kinds of {@code kinds}. */
  public static Gateways over(CloudClients clients, KindPlugins kinds) {
    return new Gateways(
        new ClientResourceGateway(kinds, clients),
        new ClientServiceAccountGateway(clients::iam),
        ClientIamPolicyGateway.projects(clients::projects),
        ClientIamPolicyGateway.serviceAccounts(clients::iam),
        new ResourcePolicies(kinds, clients)::gateway,
        endpoint -> KubernetesClusterGateway.connect(endpoint, clients.emulatorHost()));
  }

  /** The gateway that reads and writes {@code target}'s policy. */
  public IamPolicyGateway policy(Target target) {
    return switch (target.kind()) {
      case PROJECT -> projectPolicies;
      case SERVICE_ACCOUNT -> accountPolicies;
      case RESOURCE -> resourcePolicies.apply(target.service());
    };
  }
}
