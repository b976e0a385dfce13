package dev.autobind.apply;

import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.container.v1.Cluster;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link ResourceGateway} over the GKE, Vertex AI and Resource Manager clients. */
public final class ClientResourceGateway implements ResourceGateway {
  private final Supplier<ClusterManagerClient> clusters;
  private final Function<String, ModelServiceClient> modelsByLocation;
  private final Supplier<ProjectsClient> projects;

  public ClientResourceGateway(
      Supplier<ClusterManagerClient> clusters,
      Function<String, ModelServiceClient> modelsByLocation,
      Supplier<ProjectsClient> projects) {
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.modelsByLocation = Objects.requireNonNull(modelsByLocation, "modelsByLocation");
    this.projects = Objects.requireNonNull(projects, "projects");
  }

  @Override
  public Cluster cluster(String name) {
    return clusters.get().getCluster(name);
  }

  @Override
  public Model model(String name) {
    return modelsByLocation.apply(ClientIamPolicyGateway.locationOf(name)).getModel(name);
  }

  @Override
  public Project project(String name) {
    return projects.get().getProject(name);
  }
}
