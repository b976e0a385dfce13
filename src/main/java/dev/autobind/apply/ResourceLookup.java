package dev.autobind.apply;

import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.container.v1.Cluster;
import dev.autobind.event.ResourceEvent;
import dev.autobind.plan.ClusterEndpoint;
import dev.autobind.plan.ResourceFacts;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the resource an event names, and so proves it exists, gathering the facts the planner needs:
 * labels, the Workload Identity pool, and the project id and number.
 */
final class ResourceLookup {
  private final ResourceGateway resources;
  private final ApiCalls calls;

  ResourceLookup(ResourceGateway resources, ApiCalls calls) {
    this.resources = resources;
    this.calls = calls;
  }

  /**
   * The facts for {@code event}; throws the API's exception (NOT_FOUND for a resource that does not
   * exist). The project is read only when the event carries a project number or the policy needs one.
   */
  ResourceFacts facts(ResourceEvent event, boolean needProjectNumber) {
    Optional<Project> project = event.projectIsNumber() || needProjectNumber
        ? Optional.of(calls.read(() -> resources.project("projects/" + event.project())))
        : Optional.empty();
    String projectId = project.map(Project::getProjectId).orElse(event.project());
    Optional<String> number = project.map(p -> p.getName().substring("projects/".length()));
    String name = apiName(event.resource(), projectId);
    return switch (event.kind()) {
      case GKE_CLUSTER -> clusterFacts(calls.read(() -> resources.cluster(name)), projectId, number);
      case VERTEX_MODEL -> modelFacts(calls.read(() -> resources.model(name)), projectId, number);
    };
  }

  /**
   * {@code //SERVICE/projects/X/rest} -> {@code projects/ID/rest}: the name the API takes, with the
   * project id in place of a number the event may have carried.
   */
  static String apiName(String fullResourceName, String projectId) {
    String path = fullResourceName.substring(fullResourceName.indexOf('/', 2) + 1);
    String afterProject = path.substring(path.indexOf('/', "projects/".length()));
    return "projects/" + projectId + afterProject;
  }

  private static ResourceFacts clusterFacts(Cluster cluster, String projectId, Optional<String> number) {
    String pool = cluster.getWorkloadIdentityConfig().getWorkloadPool();
    return new ResourceFacts(projectId, number, Optional.of(Map.copyOf(cluster.getResourceLabelsMap())),
        pool.isEmpty() ? Optional.empty() : Optional.of(pool), endpoint(cluster));
  }

  /**
   * Where the cluster's Kubernetes API answers: the DNS-based control-plane endpoint
   * ({@code controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint}) when the cluster has one, else the
   * IP {@code endpoint}, with {@code masterAuth.clusterCaCertificate} (field names from google.container.v1).
   */
  static Optional<ClusterEndpoint> endpoint(Cluster cluster) {
    String dns = cluster.getControlPlaneEndpointsConfig().getDnsEndpointConfig().getEndpoint();
    String host = dns.isEmpty() ? cluster.getEndpoint() : dns;
    return host.isEmpty() ? Optional.empty()
        : Optional.of(new ClusterEndpoint(host, cluster.getMasterAuth().getClusterCaCertificate(), !dns.isEmpty()));
  }

  private static ResourceFacts modelFacts(Model model, String projectId, Optional<String> number) {
    // Vertex AI names models by project number; take it from there when the project was not read.
    Optional<String> fromName = Optional.of(model.getName().split("/"))
        .filter(p -> p.length > 1 && !p[1].isEmpty() && p[1].chars().allMatch(Character::isDigit))
        .map(p -> p[1]);
    return new ResourceFacts(projectId, number.or(() -> fromName), Optional.of(Map.copyOf(model.getLabelsMap())),
        Optional.of(ResourceFacts.workloadPoolOf(projectId)));
  }
}
