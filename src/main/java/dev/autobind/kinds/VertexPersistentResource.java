package dev.autobind.kinds;

import com.google.cloud.aiplatform.v1.ListPersistentResourcesRequest;
import com.google.cloud.aiplatform.v1.PersistentResource;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceClient;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceSettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.IamPolicyGateway;
import dev.autobind.apply.KindAccess;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.EntryNamedKind;
import dev.autobind.kind.EntryNames;
import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindDescription;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Vertex AI persistent resources: the long-lived training clusters (and Ray on Vertex clusters) that
 * custom jobs run on. CreatePersistentResourceRequest requires {@code persistent_resource_id}, and the
 * operation is named under the resource, so a first entry names it twice; both are checked. They have
 * no IAM policy of their own: what a training team needs is granted on the project and on the account.
 */
public final class VertexPersistentResource extends EntryNamedKind {
  /** The one instance. */
  public static final VertexPersistentResource KIND = new VertexPersistentResource();

  private static final String SERVICE = VertexAi.SERVICE;

  private VertexPersistentResource() {
    super(new KindDescription("vertex-persistent-resource", "Vertex AI persistent resources", SERVICE,
            "persistentResources", SERVICE + "/PersistentResource",
            List.of(new AuditMethod(SERVICE,
                    "google.cloud.aiplatform.v1.PersistentResourceService.CreatePersistentResource"),
                new AuditMethod(SERVICE,
                    "google.cloud.aiplatform.v1beta1.PersistentResourceService.CreatePersistentResource"),
                new AuditMethod(SERVICE,
                    "google.cloud.aiplatform.ui.PersistentResourceService.CreatePersistentResource")),
            Optional.empty(),
            // No predefined role narrower than roles/aiplatform.viewer holds aiplatform.persistentResources.get.
            new KindDeployment(List.of(SERVICE), Optional.empty(), List.of("aiplatform.persistentResources.get"))),
        // CreatePersistentResourceRequest.persistent_resource_id: /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.
        new EntryNames.Rules("Vertex AI", "persistent resource", "persistentResourceId", NamingRules::region,
            Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?"),
            "1 to 63 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen"));
  }

  /** Reads and lists persistent resources through the regional PersistentResourceService. */
  public static final class Access implements KindAccess {

    /** The PersistentResourceService client on the regional endpoint of {@code location}, one per location. */
    public static PersistentResourceServiceClient client(CloudClients clients, String location) {
      String endpoint = VertexAi.endpoint(location);
      return clients.client("vertex-persistent-resources/" + location, "Vertex AI (" + location + ")",
          () -> PersistentResourceServiceClient.create(
              clients.settings(PersistentResourceServiceSettings.newBuilder(), endpoint)));
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      PersistentResource resource = client(clients, name.location()).getPersistentResource(name.relative());
      return VertexAi.facts(name, projectNumber, resource.getName(), resource.getLabelsMap());
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      VertexAi.listByRegion(KIND.title(), project, regions.get(), listing, (region, parent) ->
          client(clients, region).listPersistentResources(ListPersistentResourcesRequest.newBuilder()
              .setParent(parent).setPageSize(VertexAi.PAGE_SIZE).build())
              .iterateAll(), PersistentResource::getName, PersistentResource::getLabelsMap);
    }

    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      throw new UnsupportedOperationException("Vertex AI persistent resources have no resource-level IAM policy");
    }
  }
}
