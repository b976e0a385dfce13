package dev.autobind.localcloud;

import com.google.cloud.tpu.v2.CreateNodeRequest;
import com.google.cloud.tpu.v2.CreateQueuedResourceRequest;
import com.google.cloud.tpu.v2.GetNodeRequest;
import com.google.cloud.tpu.v2.GetQueuedResourceRequest;
import com.google.cloud.tpu.v2.ListNodesRequest;
import com.google.cloud.tpu.v2.ListNodesResponse;
import com.google.cloud.tpu.v2.ListQueuedResourcesRequest;
import com.google.cloud.tpu.v2.ListQueuedResourcesResponse;
import com.google.cloud.tpu.v2.Node;
import com.google.cloud.tpu.v2.QueuedResource;
import com.google.cloud.tpu.v2.QueuedResourceState;
import com.google.cloud.tpu.v2.TpuGrpc;
import com.google.iam.v1.Policy;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.cloud.tpu.v2.Tpu: Get and List for nodes and queued resources, and Create for both (for seeding
 * through the real client). TPU resources live in zones; a list under {@code locations/-} covers every
 * zone, as the responses' {@code unreachable} field implies. Names come back with the project id.
 */
final class TpuService extends TpuGrpc.TpuImplBase {

  private static final Pattern NODE = Pattern.compile("projects/([^/]+)/locations/([^/]+)/nodes/([^/]+)");
  private static final Pattern QUEUED = Pattern.compile("projects/([^/]+)/locations/([^/]+)/queuedResources/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
  // A TPU VM node's name is a Compute Engine name; CreateQueuedResourceRequest.queued_resource_id
  // "should follow the ^[A-Za-z0-9_.~+%-]+$ regex format".
  private static final Pattern NODE_ID = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern QUEUED_ID = Pattern.compile("[A-Za-z0-9_.~+%-]+");
  private static final String ZONE_FORM = "projects/PROJECT/locations/ZONE";

  private final World world;
  private final TrainingResources store;

  TpuService(World world, TrainingResources store) {
    this.world = world;
    this.store = store;
  }

  @Override
  public void getNode(GetNodeRequest request, StreamObserver<Node> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(NODE, request.getName(), ZONE_FORM + "/nodes/NODE");
      return node(store.get(world, TrainingResources.Collection.NODES, m.group(1), m.group(2), m.group(3)));
    });
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Page<Node> page = Page.of(listed(TrainingResources.Collection.NODES, request.getParent()).stream()
          .map(TpuService::node).toList(), request.getPageSize(), request.getPageToken(), 100);
      return ListNodesResponse.newBuilder().addAllNodes(page.items()).setNextPageToken(page.nextPageToken()).build();
    });
  }

  @Override
  public void createNode(CreateNodeRequest request, StreamObserver<Operation> observer) {
    Rpc.unary(world, observer, () -> {
      TrainingResources.Resource created = create(TrainingResources.Collection.NODES, request.getParent(),
          request.getNodeId(), NODE_ID, request.getNode().getLabelsMap());
      return TrainingNames.doneOperation(zoneOf(created), Any.pack(node(created)));
    });
  }

  @Override
  public void getQueuedResource(GetQueuedResourceRequest request, StreamObserver<QueuedResource> observer) {
    Rpc.unary(world, observer, () -> {
      Matcher m = TrainingNames.matched(QUEUED, request.getName(), ZONE_FORM + "/queuedResources/ID");
      return queued(store.get(world, TrainingResources.Collection.QUEUED_RESOURCES, m.group(1), m.group(2),
          m.group(3)));
    });
  }

  @Override
  public void listQueuedResources(ListQueuedResourcesRequest request,
      StreamObserver<ListQueuedResourcesResponse> observer) {
    Rpc.unary(world, observer, () -> {
      Page<QueuedResource> page = Page.of(listed(TrainingResources.Collection.QUEUED_RESOURCES,
          request.getParent()).stream().map(TpuService::queued).toList(), request.getPageSize(),
          request.getPageToken(), 100);
      return ListQueuedResourcesResponse.newBuilder().addAllQueuedResources(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  /** A queued resource has no labels of its own; the local cloud keeps those of its node spec. */
  @Override
  public void createQueuedResource(CreateQueuedResourceRequest request, StreamObserver<Operation> observer) {
    Rpc.unary(world, observer, () -> {
      QueuedResource wanted = request.getQueuedResource();
      Map<String, String> labels = wanted.getTpu().getNodeSpecCount() == 0 ? Map.of()
          : wanted.getTpu().getNodeSpec(0).getNode().getLabelsMap();
      TrainingResources.Resource created = create(TrainingResources.Collection.QUEUED_RESOURCES,
          request.getParent(), request.getQueuedResourceId(), QUEUED_ID, labels);
      return TrainingNames.doneOperation(zoneOf(created), Any.pack(queued(created)));
    });
  }

  private List<TrainingResources.Resource> listed(TrainingResources.Collection collection, String parent) {
    Matcher m = TrainingNames.matched(PARENT, parent, ZONE_FORM + " (or locations/-)");
    return store.list(world, collection, m.group(1), m.group(2));
  }

  private TrainingResources.Resource create(TrainingResources.Collection collection, String parent, String id,
      Pattern rule, Map<String, String> labels) {
    Matcher m = TrainingNames.matched(PARENT, parent, ZONE_FORM);
    if (!rule.matcher(id).matches() || id.length() > 63) {
      throw Rpc.invalid("Invalid " + collection.noun + " id '" + id + "'.");
    }
    return store.create(world.project(m.group(1)), collection, m.group(2), id, "", labels,
        Policy.getDefaultInstance());
  }

  private static String zoneOf(TrainingResources.Resource resource) {
    return "projects/" + resource.project.id + "/locations/" + resource.location;
  }

  static Node node(TrainingResources.Resource resource) {
    return Node.newBuilder()
        .setName(resource.apiName())
        .setState(Node.State.READY)
        .putAllLabels(resource.labels)
        .build();
  }

  /** The node spec carries the labels, since a queued resource has none of its own. */
  static QueuedResource queued(TrainingResources.Resource resource) {
    return QueuedResource.newBuilder()
        .setName(resource.apiName())
        .setState(QueuedResourceState.newBuilder().setState(QueuedResourceState.State.ACTIVE))
        .setTpu(QueuedResource.Tpu.newBuilder().addNodeSpec(QueuedResource.Tpu.NodeSpec.newBuilder()
            .setParent(zoneOf(resource))
            .setNodeId(resource.id)
            .setNode(Node.newBuilder().putAllLabels(resource.labels))))
        .build();
  }
}
