package dev.autobind.localcloud;

import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.EndpointServiceGrpc;
import com.google.cloud.aiplatform.v1.GetEndpointRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsResponse;
import com.google.iam.v1.Policy;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.cloud.aiplatform.v1.EndpointService: Get, List (with {@code labels.KEY="V"} filters), and
 * Create (for seeding through the real client). Names come back with the project number. The endpoints'
 * IAM policies are served by the IAMPolicy mixin that Vertex AI's clients share.
 */
final class EndpointsService extends EndpointServiceGrpc.EndpointServiceImplBase {

  static final Pattern NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/endpoints/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
  // CreateEndpointRequest.endpoint_id: letters first, up to 63 of [a-z0-9-] not ending in a hyphen;
  // digits first, up to 9 digits with no leading zero.
  private static final Pattern CHOSEN_ID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?|[1-9][0-9]{0,8}");
  private static final Pattern LABEL_TERM = Pattern.compile("labels\\.([a-z][a-z0-9_-]*)\\s*=\\s*\"([^\"]*)\"");
  private static final TrainingResources.Collection COLLECTION = TrainingResources.Collection.ENDPOINTS;

  private final World world;
  private final TrainingResources store;
  private final AtomicLong assignedIds = new AtomicLong(1_234_567_890_123_456_000L);

  EndpointsService(World world, TrainingResources store) {
    this.world = world;
    this.store = store;
  }

  @Override
  public void getEndpoint(GetEndpointRequest request, StreamObserver<Endpoint> observer) {
    Rpc.unary(world, observer, () -> toProto(endpoint(world, store, request.getName())));
  }

  @Override
  public void listEndpoints(ListEndpointsRequest request, StreamObserver<ListEndpointsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(PARENT, request.getParent(), "projects/PROJECT/locations/LOCATION");
      Predicate<TrainingResources.Resource> matches = filter(request.getFilter());
      List<Endpoint> all = store.list(world, COLLECTION, m.group(1), m.group(2)).stream()
          .filter(matches).map(EndpointsService::toProto).toList();
      Page<Endpoint> page = Page.of(all, request.getPageSize(), request.getPageToken(), 100);
      return ListEndpointsResponse.newBuilder().addAllEndpoints(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  /** Creates at once; without endpoint_id the endpoint gets a 19-digit id, as Vertex AI assigns them. */
  @Override
  public void createEndpoint(CreateEndpointRequest request, StreamObserver<Operation> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(PARENT, request.getParent(), "projects/PROJECT/locations/LOCATION");
      String id = request.getEndpointId().isEmpty() ? Long.toString(assignedIds.incrementAndGet())
          : request.getEndpointId();
      if (!request.getEndpointId().isEmpty() && !CHOSEN_ID.matcher(id).matches()) {
        throw Rpc.invalid("endpoint_id '" + id + "' must be up to 63 of [a-z0-9-] starting with a letter and not"
            + " ending with a hyphen, or up to 9 digits without a leading zero.");
      }
      Endpoint wanted = request.getEndpoint();
      TrainingResources.Resource created = store.create(world.project(m.group(1)), COLLECTION, m.group(2), id,
          wanted.getDisplayName(), wanted.getLabelsMap(), Policy.getDefaultInstance());
      Endpoint proto = toProto(created);
      return TrainingNames.doneOperation(proto.getName(), Any.pack(proto));
    });
  }

  /** The endpoint a resource name points at (project id or number), or NOT_FOUND. */
  static TrainingResources.Resource endpoint(World world, TrainingResources store, String name) {
    Matcher m = TrainingNames.matched(NAME, name, "projects/PROJECT/locations/LOCATION/endpoints/ID");
    return store.get(world, COLLECTION, m.group(1), m.group(2), m.group(3));
  }

  /** Supports {@code labels.KEY="V"} terms joined by AND. */
  private static Predicate<TrainingResources.Resource> filter(String filter) {
    Predicate<TrainingResources.Resource> result = e -> true;
    if (filter.isBlank()) {
      return result;
    }
    for (String term : filter.trim().split("\\s+AND\\s+")) {
      Matcher m = LABEL_TERM.matcher(term.trim());
      if (!m.matches()) {
        throw Rpc.invalid("Unsupported filter term '" + term + "'; the local cloud supports labels.KEY=\"V\""
            + " joined by AND.");
      }
      result = result.and(e -> m.group(2).equals(e.labels.get(m.group(1))));
    }
    return result;
  }

  static Endpoint toProto(TrainingResources.Resource resource) {
    return Endpoint.newBuilder()
        .setName(resource.apiName())
        .setDisplayName(resource.displayName)
        .putAllLabels(resource.labels)
        .build();
  }
}
