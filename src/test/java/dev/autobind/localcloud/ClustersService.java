package dev.autobind.localcloud;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.ControlPlaneEndpointsConfig;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.WorkloadIdentityConfig;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** google.container.v1.ClusterManager: GetCluster and ListClusters, in the locations and zones forms. */
final class ClustersService extends ClusterManagerGrpc.ClusterManagerImplBase {

  private static final Pattern CLUSTER = Pattern.compile("projects/([^/]+)/(?:locations|zones)/([^/]+)/clusters/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/(?:locations|zones)/([^/]+)");
  private static final Pattern ZONE = Pattern.compile(".*-[a-z]");

  private final World world;

  ClustersService(World world) {
    this.world = world;
  }

  @Override
  public void getCluster(GetClusterRequest request, StreamObserver<Cluster> observer) {
    Rpc.unary(world, observer, () -> {
      String name = request.getName().isEmpty()
          ? "projects/" + request.getProjectId() + "/zones/" + request.getZone() + "/clusters/" + request.getClusterId()
          : request.getName();
      Matcher m = matched(CLUSTER, name, "projects/PROJECT/locations/LOCATION/clusters/CLUSTER");
      World.Project project = world.findProject(m.group(1)).orElseThrow(() -> notFound(name));
      return project.clusters.stream()
          .filter(c -> c.location().equals(m.group(2)) && c.name().equals(m.group(3)))
          .findFirst().map(c -> withEndpoint(project, c)).orElseThrow(() -> notFound(name));
    });
  }

  @Override
  public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> observer) {
    Rpc.unary(world, observer, () -> {
      String parent = request.getParent().isEmpty()
          ? "projects/" + request.getProjectId() + "/zones/" + request.getZone()
          : request.getParent();
      Matcher m = matched(PARENT, parent, "projects/PROJECT/locations/LOCATION (or -)");
      World.Project project = world.project(m.group(1));
      String location = m.group(2);
      List<Cluster> clusters = project.clusters.stream()
          .filter(c -> location.equals("-") || c.location().equals(location))
          .map(c -> toProto(project, c)).toList();
      return ListClustersResponse.newBuilder().addAllClusters(clusters).build();
    });
  }

  private static Matcher matched(Pattern pattern, String name, String expected) {
    Matcher m = pattern.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid resource name '" + name + "'; expected " + expected + ".");
    }
    return m;
  }

  private static RuntimeException notFound(String name) {
    return Rpc.notFound("Cluster " + name + " not found.");
  }

  /**
   * The cluster as GetCluster reports it: with its control-plane endpoint, the loopback address of its
   * own Kubernetes API server (see {@link ClusterApis}), as a DNS-based endpoint, so no CA is needed.
   */
  private Cluster withEndpoint(World.Project project, Seed.Cluster cluster) {
    String endpoint = world.kubernetes.endpoint(path(project, cluster));
    return toProto(project, cluster).toBuilder()
        .setEndpoint(endpoint)
        .setControlPlaneEndpointsConfig(ControlPlaneEndpointsConfig.newBuilder()
            .setDnsEndpointConfig(ControlPlaneEndpointsConfig.DNSEndpointConfig.newBuilder().setEndpoint(endpoint)))
        .build();
  }

  /** {@code projects/P/locations/L/clusters/C}: how the local cloud names a cluster's Kubernetes API. */
  static String path(World.Project project, Seed.Cluster cluster) {
    return "projects/" + project.id + "/locations/" + cluster.location() + "/clusters/" + cluster.name();
  }

  static Cluster toProto(World.Project project, Seed.Cluster cluster) {
    String form = ZONE.matcher(cluster.location()).matches() ? "zones" : "locations";
    String path = "projects/" + project.id + "/" + form + "/" + cluster.location() + "/clusters/" + cluster.name();
    Cluster.Builder proto = Cluster.newBuilder()
        .setName(cluster.name())
        .setLocation(cluster.location())
        .setZone(cluster.location())
        .setSelfLink("https://container.googleapis.com/v1/" + path)
        .setId(UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""))
        .setStatus(Cluster.Status.RUNNING)
        .putAllResourceLabels(cluster.labels());
    if (!cluster.workloadPool().isEmpty()) {
      proto.setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(cluster.workloadPool()));
    }
    return proto.build();
  }
}
