package dev.autobind.localcloud;

import com.google.cloud.aiplatform.v1.DatasetServiceGrpc;
import com.google.cloud.aiplatform.v1.GetDatasetRequest;
import com.google.cloud.aiplatform.v1.ListDatasetsRequest;
import com.google.cloud.aiplatform.v1.ListDatasetsResponse;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cloud's fake for a kind only tests add (Vertex AI datasets): GetDataset and ListDatasets over
 * a fixed list, in the projects of the seeded world. One registration, {@link LocalCloud.Builder#fake}.
 */
final class DatasetsFake implements KindFake {
  private static final Pattern NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/datasets/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");

  /** One dataset; {@code project} is the project id. */
  record Dataset(String project, String location, String id, Map<String, String> labels) {}

  private final List<DatasetsFake.Dataset> datasets;

  DatasetsFake(List<DatasetsFake.Dataset> datasets) {
    this.datasets = List.copyOf(datasets);
  }

  @Override
  public String title() {
    return "datasets";
  }

  @Override
  public List<BindableService> services(World world) {
    return List.of(new DatasetServiceGrpc.DatasetServiceImplBase() {
      @Override
      public void getDataset(GetDatasetRequest request,
          StreamObserver<com.google.cloud.aiplatform.v1.Dataset> observer) {
        Rpc.unary(world, observer, () -> {
          Matcher m = matched(NAME, request.getName());
          World.Project project = world.project(m.group(1));
          return datasets.stream().filter(d -> d.project().equals(project.id) && d.location().equals(m.group(2))
              && d.id().equals(m.group(3))).findFirst().map(d -> proto(project, d))
              .orElseThrow(() -> Rpc.notFound("Dataset " + request.getName() + " not found."));
        });
      }

      @Override
      public void listDatasets(ListDatasetsRequest request, StreamObserver<ListDatasetsResponse> observer) {
        Rpc.unary(world, observer, () -> {
          Matcher m = matched(PARENT, request.getParent());
          World.Project project = world.project(m.group(1));
          return ListDatasetsResponse.newBuilder().addAllDatasets(datasets.stream()
              .filter(d -> d.project().equals(project.id) && d.location().equals(m.group(2)))
              .map(d -> proto(project, d)).toList()).build();
        });
      }
    });
  }

  private static Matcher matched(Pattern pattern, String name) {
    Matcher m = pattern.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid resource name '" + name + "'.");
    }
    return m;
  }

  // Vertex AI names its resources by project number, as it does models.
  private static com.google.cloud.aiplatform.v1.Dataset proto(World.Project project, DatasetsFake.Dataset d) {
    return com.google.cloud.aiplatform.v1.Dataset.newBuilder()
        .setName("projects/" + project.number + "/locations/" + d.location() + "/datasets/" + d.id())
        .putAllLabels(d.labels()).build();
  }
}
