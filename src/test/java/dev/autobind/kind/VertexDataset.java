package dev.autobind.kind;

import static dev.autobind.kind.NamingRules.shown;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.aiplatform.v1.Dataset;
import com.google.cloud.aiplatform.v1.DatasetServiceClient;
import com.google.cloud.aiplatform.v1.DatasetServiceSettings;
import com.google.cloud.aiplatform.v1.ListDatasetsRequest;
import com.google.events.cloud.audit.v1.LogEntryData;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.IamPolicyGateway;
import dev.autobind.apply.KindAccess;
import dev.autobind.apply.KindPlugins;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kinds.VertexAi;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fifth kind that exists only in test code: Vertex AI datasets, read through the real DatasetService
 * client. It proves that a kind is one class plus one registry row, with no change to main code.
 */
public final class VertexDataset extends DescribedKind {
  /** The one instance. */
  public static final VertexDataset KIND = new VertexDataset();
  /** The one method that creates a dataset. */
  public static final String CREATE = "google.cloud.aiplatform.v1.DatasetService.CreateDataset";
  /** The registry row that adds the kind. */
  public static final KindPlugins.Row ROW = new KindPlugins.Row(KIND, () -> new Access());

  private static final String SERVICE = "aiplatform.googleapis.com";
  private static final Pattern NAME = Pattern.compile("projects/([^/]*)/locations/([^/]*)/datasets/([^/]*)");
  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

  private VertexDataset() {
    super(new KindDescription("vertex-dataset", "Vertex AI datasets", SERVICE, "datasets", SERVICE + "/Dataset",
        List.of(new AuditMethod(SERVICE, CREATE)), Optional.empty(),
        new KindDeployment(List.of(SERVICE), Optional.empty(), List.of("aiplatform.datasets.get"))));
  }

  @Override
  public ResourceRef fromAuditEntry(LogEntryData entry, String field) {
    return parse(entry.getProtoPayload().getResourceName(), field + ".protoPayload.resourceName");
  }

  @Override
  public ResourceRef fromRelativeName(String relativeName, String field) {
    return parse(relativeName, field);
  }

  private ResourceRef parse(String name, String field) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new InvalidField(field, shown(name) + " is not a Vertex AI dataset name (projects/P/locations/L/datasets/D)");
    }
    if (!ID.matcher(m.group(3)).matches()) {
      throw new InvalidField(field, "dataset id " + shown(m.group(3)) + " is not a number");
    }
    return ResourceRef.of(this, NamingRules.project(m.group(1), field), NamingRules.location(m.group(2), field),
        m.group(3));
  }

  /** Reads and lists datasets through the regional DatasetService. */
  static final class Access implements KindAccess {

    static DatasetServiceClient client(CloudClients clients, String location) {
      String endpoint = VertexAi.endpoint(location);
      return clients.client("vertex-datasets/" + location, "Vertex AI datasets (" + location + ")",
          () -> DatasetServiceClient.create(clients.settings(DatasetServiceSettings.newBuilder(), endpoint)));
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      Dataset dataset = client(clients, name.location()).getDataset(name.relative());
      return new ResourceFacts(name.project(), projectNumber, Optional.of(Map.copyOf(dataset.getLabelsMap())),
          Optional.of(ResourceFacts.workloadPoolOf(name.project())));
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      for (String region : regions.get()) {
        try {
          ListDatasetsRequest request = ListDatasetsRequest.newBuilder()
              .setParent("projects/" + project + "/locations/" + region).build();
          for (Dataset dataset : client(clients, region).listDatasets(request).iterateAll()) {
            listing.found(region, dataset.getName().substring(dataset.getName().lastIndexOf('/') + 1));
          }
        } catch (ApiException e) {
          listing.failed("Vertex AI", "listing the Vertex AI datasets of project " + project + " in " + region, e);
        }
      }
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      throw new UnsupportedOperationException("datasets have no resource-level IAM policy here");
    }
  }
}
