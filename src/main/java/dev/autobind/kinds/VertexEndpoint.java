package dev.autobind.kinds;

import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EndpointServiceSettings;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import dev.autobind.apply.ClientIamPolicyGateway;
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
import dev.autobind.kind.ResourceIam;
import dev.autobind.kind.ResourceName;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Vertex AI endpoints, which serve deployed models. CreateEndpointRequest's {@code endpoint_id} is
 * optional: without it Vertex AI assigns a number, found only in the operation name. Endpoints have an
 * IAM policy of their own (the documented {@code endpoints/*:getIamPolicy} and {@code :setIamPolicy},
 * served by the IAMPolicy mixin of the regional EndpointService), so {@code grant.resource} applies.
 */
public final class VertexEndpoint extends EntryNamedKind {
  /** The one instance. */
  public static final VertexEndpoint KIND = new VertexEndpoint();

  private static final String SERVICE = VertexAi.SERVICE;

  private VertexEndpoint() {
    super(new KindDescription("vertex-endpoint", "Vertex AI endpoints", SERVICE, "endpoints", SERVICE + "/Endpoint",
            List.of(new AuditMethod(SERVICE, "google.cloud.aiplatform.v1.EndpointService.CreateEndpoint"),
                new AuditMethod(SERVICE, "google.cloud.aiplatform.v1beta1.EndpointService.CreateEndpoint"),
                new AuditMethod(SERVICE, "google.cloud.aiplatform.ui.EndpointService.CreateEndpoint")),
            // Policy changes are logged by the IAMPolicy mixin, as for models (see docs/drift.md on what is confirmed).
            Optional.of(new ResourceIam(List.of("roles/aiplatform."),
                Optional.of(new AuditMethod(SERVICE, "google.iam.v1.IAMPolicy.SetIamPolicy")))),
            // The IAM-policy permissions are only in roles/aiplatform.admin (all of Vertex AI).
            new KindDeployment(List.of(SERVICE), Optional.empty(), List.of("aiplatform.endpoints.get",
                "aiplatform.endpoints.getIamPolicy", "aiplatform.endpoints.setIamPolicy"))),
        // CreateEndpointRequest.endpoint_id: letters first, up to 63 of [a-z0-9-] ending in a letter or digit;
        // digits first, up to 9 with no leading zero when chosen. Assigned ids are longer numbers (19 digits).
        new EntryNames.Rules("Vertex AI", "endpoint", "endpointId", NamingRules::region,
            Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?|[1-9][0-9]{0,18}"),
            "up to 63 lowercase letters, digits or hyphens starting with a letter and not ending with a hyphen,"
                + " or a number without a leading zero"));
  }

  /** Reads, lists and sets the policy of endpoints through the regional EndpointService. */
  public static final class Access implements KindAccess {

    /** The EndpointService client on the regional endpoint of {@code location}, one per location. */
    public static EndpointServiceClient client(CloudClients clients, String location) {
      String endpoint = VertexAi.endpoint(location);
      return clients.client("vertex-endpoints/" + location, "Vertex AI (" + location + ")",
          () -> EndpointServiceClient.create(clients.settings(EndpointServiceSettings.newBuilder(), endpoint)));
    }

    @Override
    public ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber) {
      Endpoint endpoint = client(clients, name.location()).getEndpoint(name.relative());
      return VertexAi.facts(name, projectNumber, endpoint.getName(), endpoint.getLabelsMap());
    }

    @Override
    public void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing) {
      VertexAi.listByRegion(KIND.title(), project, regions.get(), listing, (region, parent) ->
          client(clients, region).listEndpoints(ListEndpointsRequest.newBuilder().setParent(parent)
              .setPageSize(VertexAi.PAGE_SIZE).build()).iterateAll(), Endpoint::getName, Endpoint::getLabelsMap);
    }

    /** The IAMPolicy mixin of the regional EndpointService: resource {@code projects/P/locations/L/endpoints/E}. */
    @Override
    public IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients) {
      return new ClientIamPolicyGateway<>(
          (held, r) -> client(clients, held.ref().name().location()).getIamPolicy(r),
          (held, r) -> client(clients, held.ref().name().location()).setIamPolicy(r));
    }
  }
}
