package dev.autobind.apply;

import com.google.iam.v1.Policy;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import java.util.Objects;
import java.util.function.Function;

/**
 * The gateways the apply stage talks through: one for resources, one for service accounts, the IAM
 * policy gateways, found by the type of the policy holder they serve, and a way to reach the Kubernetes API of a
 * cluster.
 *
 * @param resourcePolicies the gateway for a governed resource's own policy, by the resource's own kind
 * @param clusters opens the Kubernetes API of a cluster at an endpoint
 */
public record Gateways(ResourceGateway resources, ServiceAccountGateway accounts,
    IamPolicyGateway<PolicyHolder.Project> projectPolicies, IamPolicyGateway<PolicyHolder.ServiceAccount> accountPolicies,
    Function<ResourceKind, IamPolicyGateway<PolicyHolder.Resource>> resourcePolicies,
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

  /**
   * {@code holder}'s policy, read and written through the gateway of its type: Resource Manager for a project,
   * IAM for a service account, and for a resource the client of its own kind (a Vertex AI endpoint's policy goes
   * through the endpoint service, not through another kind under the same API host).
   */
  public HeldPolicy policy(PolicyHolder holder) {
    if (holder instanceof PolicyHolder.Resource resource) {
      return held(resourcePolicies.apply(resource.ref().kind()), resource);
    }
    if (holder instanceof PolicyHolder.Project project) {
      return held(projectPolicies, project);
    }
    return held(accountPolicies, (PolicyHolder.ServiceAccount) holder);
  }

  private static <H extends PolicyHolder> HeldPolicy held(IamPolicyGateway<H> gateway, H holder) {
    return new HeldPolicy() {
      @Override
      public Policy read() {
        return gateway.read(holder);
      }

      @Override
      public Policy write(Policy policy) {
        return gateway.write(holder, policy);
      }
    };
  }
}
