package dev.autobind.kinds;

import static dev.autobind.kind.NamingRules.shown;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.IamPolicyGateway;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.DescribedKind;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.ClusterEndpoint;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindDescription;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GKE clusters: named by {@code protoPayload.resourceName}, cross-checked with the entry's resource labels. */
public final class GkeCluster extends DescribedKind {
  /** The one instance. */
  public static final GkeCluster KIND = new GkeCluster();

  private static final String SERVICE = "container.googleapis.com";
  // The v1 API still writes the zonal form, and uses it for regional clusters too.
  private static final Pattern NAME =
      Pattern.compile("projects/([^/]*)/(?:zones|locations)/([^/]*)/clusters/([^/]*)");

  private GkeCluster() {
    super(new KindDescription("gke-cluster", "GKE clusters", SERVICE, "clusters", SERVICE + "/Cluster",
        List.of(new AuditMethod(SERVICE, "google.container.v1.ClusterManager.CreateCluster"),
            new AuditMethod(SERVICE, "google.container.v1beta1.ClusterManager.CreateCluster")),
        Optional.empty(),
        new KindDeployment(List.of(SERVICE), Optional.of(new KindDeployment.ViewerRole("roles/container.clusterViewer",
            "Read each new GKE cluster before granting on it (the event is never trusted); no Kubernetes API access.")),
            List.of())));
  }

  @Override
  public boolean zonesForm() {
    return true;
  }

  @Override
  public boolean hostsKubernetes() {
    return true;
  }

  @Override
  public ResourceRef fromAuditEntry(LogEntryData entry, String field) {
    ResourceRef ref = parse(entry.getProtoPayload().getResourceName(), field + ".protoPayload.resourceName");
    Map<String, String> labels = entry.getResource().getLabelsMap();
    String labelField = field + ".resource.labels.";
    agree(labels, "project_id", ref.name().project(), labelField);
    agree(labels, "location", ref.name().location(), labelField);
    agree(labels, "cluster_name", ref.name().id(), labelField);
    return ref;
  }

  @Override
  public ResourceRef fromRelativeName(String relativeName, String field) {
    return parse(relativeName, field);
  }

  private ResourceRef parse(String name, String field) {
    if (name.isEmpty()) {
      throw new InvalidField(field, "missing");
    }
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new InvalidField(field, shown(name) + " is not a GKE cluster name"
          + " (projects/P/locations/L/clusters/C or projects/P/zones/Z/clusters/C)");
    }
    String project = NamingRules.project(m.group(1), field);
    String location = NamingRules.location(m.group(2), field);
    String cluster = NamingRules.cluster(m.group(3), field);
    return ResourceRef.of(this, project, location, cluster);
  }

  private static void agree(Map<String, String> labels, String key, String expected, String labelField) {
    String label = labels.getOrDefault(key, "");
    if (!label.isEmpty() && !label.equals(expected)) {
      throw new InvalidField(labelField + key, shown(label)
          + " disagrees with protoPayload.resourceName, which names " + shown(expected));
    }
  }

  /** Reads and lists clusters through the GKE cluster manager v1. */
  public static final class Access implements KindAccess {

    /** The cluster manager v1 client, built on first use. */
    public static ClusterManagerClient client(CloudClients clients) {
      return clients.client("gke", "GKE",
          () -> ClusterManagerClient.create(clients.settings(ClusterManagerSettings.newBuilder(), null)));
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      return facts(name.project(), projectNumber, client(clients).getCluster(name.relative()));
    }

    /** The facts a cluster, read or listed, carries: labels, Workload Identity pool and endpoint. */
    static ResourceFacts facts(String project, Optional<String> projectNumber, Cluster cluster) {
      String pool = cluster.getWorkloadIdentityConfig().getWorkloadPool();
      return new ResourceFacts(project, projectNumber, Optional.of(Map.copyOf(cluster.getResourceLabelsMap())),
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

    /** One call over every location ({@code locations/-}). */
    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      ListClustersResponse response;
      try {
        response = client(clients).listClusters(
            ListClustersRequest.newBuilder().setParent("projects/" + project + "/locations/-").build());
      } catch (ApiException e) {
        listing.failed("GKE", "listing the GKE clusters of project " + project, e);
        return;
      }
      if (response.getMissingZonesCount() > 0) {
        listing.problem("GKE could not list the clusters of project " + project + " in "
            + String.join(", ", response.getMissingZonesList()));
      }
      for (Cluster cluster : response.getClustersList()) {
        listing.found(cluster.getLocation().isEmpty() ? cluster.getZone() : cluster.getLocation(), cluster.getName(),
            facts(project, Optional.empty(), cluster));
      }
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      throw new UnsupportedOperationException("GKE clusters have no resource-level IAM policy");
    }
  }
}
