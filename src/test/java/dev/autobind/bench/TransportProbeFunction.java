package dev.autobind.bench;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.GkeCluster;
import io.cloudevents.CloudEvent;
import java.io.IOException;

/**
 * The REST lever of figure 1, as two probes that make the same four reads a GKE event starts with
 * (cluster, project policy, service account, its policy) and differ only in transport. IAM Admin v1
 * ({@code IAMSettings}) offers no {@code newHttpJsonBuilder()}, so its calls stay on gRPC in both; GKE
 * and Resource Manager go over gRPC to the local cloud in one, over HTTP/JSON to {@link JsonStubServer}
 * (which answers {} to everything) in the other. The class count and the start time then show what the
 * HTTP/JSON transport would add or save.
 */
public abstract class TransportProbeFunction implements CloudEventsFunction {
  /** Where the HTTP/JSON probe sends its calls: {@code host:port} of the bench's {@link JsonStubServer}. */
  static final String REST_HOST_VARIABLE = "AUTOBIND_BENCH_REST_HOST";

  static final String CLUSTER = "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1";
  static final String PROJECT = "projects/ml-train-a";
  static final String ACCOUNT = "projects/ml-train-a/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com";

  private final CloudClients grpc = CloudClients.fromEnvironment();

  abstract ClusterManagerClient clusters() throws IOException;

  abstract ProjectsClient projects() throws IOException;

  @Override
  public void accept(CloudEvent event) throws IOException {
    clusters().getCluster(CLUSTER);
    projects().getIamPolicy(policyOf(PROJECT));
    IAMClient iam = grpc.iam();
    iam.getServiceAccount(ACCOUNT);
    iam.getIamPolicy(policyOf(ACCOUNT));
    System.out.println("{\"severity\":\"INFO\",\"message\":\"probe " + event.getId() + "\"}");
  }

  private static GetIamPolicyRequest policyOf(String resource) {
    return GetIamPolicyRequest.newBuilder().setResource(resource)
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build();
  }

  /** Every call over gRPC, as autobind makes them. */
  public static final class Grpc extends TransportProbeFunction {
    @Override
    ClusterManagerClient clusters() {
      return GkeCluster.Access.client(super.grpc);
    }

    @Override
    ProjectsClient projects() {
      return super.grpc.projects();
    }
  }

  /** GKE and Resource Manager over HTTP/JSON ({@code newHttpJsonBuilder()}), IAM Admin over gRPC. */
  public static final class Rest extends TransportProbeFunction {
    private final String endpoint = "http://" + System.getenv(REST_HOST_VARIABLE);

    @Override
    ClusterManagerClient clusters() throws IOException {
      return ClusterManagerClient.create(ClusterManagerSettings.newHttpJsonBuilder().setEndpoint(endpoint)
          .setCredentialsProvider(NoCredentialsProvider.create()).build());
    }

    @Override
    ProjectsClient projects() throws IOException {
      return ProjectsClient.create(ProjectsSettings.newHttpJsonBuilder().setEndpoint(endpoint)
          .setCredentialsProvider(NoCredentialsProvider.create()).build());
    }
  }
}
