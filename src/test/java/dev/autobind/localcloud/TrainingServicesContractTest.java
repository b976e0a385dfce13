package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.CreatePersistentResourceRequest;
import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.PersistentResource;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceClient;
import com.google.cloud.tpu.v2.CreateNodeRequest;
import com.google.cloud.tpu.v2.CreateQueuedResourceRequest;
import com.google.cloud.tpu.v2.Node;
import com.google.cloud.tpu.v2.QueuedResource;
import com.google.cloud.tpu.v2.TpuClient;
import com.google.longrunning.Operation;
import dev.autobind.kinds.TpuNode;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexPersistentResource;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The training kinds' services through the real Vertex AI and Cloud TPU clients, over real gRPC. */
class TrainingServicesContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/training-seed.yaml");

  private static final String PROJECT = "demo-train";
  private static final long NUMBER = 310987654321L;
  private static final String REGION = "projects/" + PROJECT + "/locations/us-central1";
  private static final String ZONE = "projects/" + PROJECT + "/locations/us-central2-b";

  private static PersistentResourceServiceClient persistent() {
    return VertexPersistentResource.Access.client(LOCAL.clients(), "us-central1");
  }

  private static EndpointServiceClient endpoints() {
    return VertexEndpoint.Access.client(LOCAL.clients(), "us-central1");
  }

  private static TpuClient tpu() {
    return TpuNode.Access.client(LOCAL.clients());
  }

  @Test
  void seededResourcesAreReadByIdOrNumberAndShownInTheState() {
    String endpoint = "projects/demo-models/locations/europe-west4/endpoints/1234567890123456789";
    assertThat(persistent().getPersistentResource(REGION + "/persistentResources/ray-train-1").getName())
        .isEqualTo("projects/" + NUMBER + "/locations/us-central1/persistentResources/ray-train-1");
    assertThat(VertexEndpoint.Access.client(LOCAL.clients(), "europe-west4").getEndpoint(endpoint).getLabelsMap())
        .isEqualTo(Map.of("team", "risk"));
    assertThat(LOCAL.cloud().iamPolicy(endpoint).getBindings(0).getMembersList()).containsExactly("group:risk@example.com");
    assertThat(tpu().getNode(ZONE + "/nodes/tpu-v4-32").getLabelsMap())
        .isEqualTo(Map.of("team", "research", "purpose", "training"));
    assertThat(tpu().getQueuedResource("projects/" + NUMBER + "/locations/us-central2-b/queuedResources/llm-pretrain")
        .getName()).isEqualTo(ZONE + "/queuedResources/llm-pretrain");
    assertThat(LOCAL.cloud().state().get("projects").get(0).get("nodes").get(0).get("id").asText())
        .isEqualTo("tpu-v4-32");
    assertThat(LOCAL.cloud().state().get("projects").get(1).get("endpoints").get(0).get("iamPolicy").get("bindings"))
        .hasSize(1);
  }

  @Test
  void persistentResourceCreatedThenReadByIdOrNumber() throws Exception {
    Operation created = persistent().createPersistentResourceCallable().call(CreatePersistentResourceRequest.newBuilder()
        .setParent(REGION).setPersistentResourceId("ray-train-2")
        .setPersistentResource(PersistentResource.newBuilder().setDisplayName("Ray").putLabels("team", "research"))
        .build());

    String byNumber = "projects/" + NUMBER + "/locations/us-central1/persistentResources/ray-train-2";
    assertThat(created.getDone()).isTrue();
    assertThat(created.getName()).startsWith(byNumber + "/operations/");
    assertThat(created.getResponse().unpack(PersistentResource.class).getName()).isEqualTo(byNumber);
    assertThat(persistent().getPersistentResource(REGION + "/persistentResources/ray-train-2").getLabelsMap())
        .isEqualTo(Map.of("team", "research"));
    assertThat(persistent().getPersistentResource(byNumber).getDisplayName()).isEqualTo("Ray");
    assertThat(persistent().listPersistentResources(REGION).iterateAll()).extracting(PersistentResource::getName)
        .containsExactly("projects/" + NUMBER + "/locations/us-central1/persistentResources/ray-train-1", byNumber);
    assertThat(persistent().listPersistentResources("projects/" + PROJECT + "/locations/europe-west4").iterateAll())
        .isEmpty();
  }

  @Test
  void endpointGetsAnAssignedIdOrKeepsAChosenOne() throws Exception {
    Endpoint assigned = endpoints().createEndpointCallable().call(CreateEndpointRequest.newBuilder().setParent(REGION)
        .setEndpoint(Endpoint.newBuilder().setDisplayName("a").putLabels("team", "risk")).build())
        .getResponse().unpack(Endpoint.class);
    Endpoint chosen = endpoints().createEndpointCallable().call(CreateEndpointRequest.newBuilder().setParent(REGION)
        .setEndpointId("fraud-serving").setEndpoint(Endpoint.newBuilder().setDisplayName("b")).build())
        .getResponse().unpack(Endpoint.class);

    assertThat(assigned.getName()).matches("projects/" + NUMBER + "/locations/us-central1/endpoints/[1-9][0-9]{18}");
    assertThat(chosen.getName()).isEqualTo("projects/" + NUMBER + "/locations/us-central1/endpoints/fraud-serving");
    assertThat(endpoints().getEndpoint(REGION + "/endpoints/fraud-serving").getDisplayName()).isEqualTo("b");
    assertThat(endpoints().listEndpoints(ListEndpointsRequest.newBuilder().setParent(REGION)
        .setFilter("labels.team=\"risk\"").build()).iterateAll()).containsExactly(assigned);
  }

  @Test
  void tpuNodesAndQueuedResourcesListedPerZoneAndAcrossZones() {
    tpu().createNodeCallable().call(CreateNodeRequest.newBuilder().setParent(ZONE).setNodeId("tpu-v5-8")
        .setNode(Node.newBuilder().putLabels("team", "serving")).build());
    tpu().createNodeCallable().call(CreateNodeRequest.newBuilder().setParent("projects/" + PROJECT
        + "/locations/europe-west4-a").setNodeId("tpu-eu").setNode(Node.getDefaultInstance()).build());
    tpu().createQueuedResourceCallable().call(CreateQueuedResourceRequest.newBuilder().setParent(ZONE)
        .setQueuedResourceId("Sweep_01.b").setQueuedResource(QueuedResource.newBuilder().setTpu(
            QueuedResource.Tpu.newBuilder().addNodeSpec(QueuedResource.Tpu.NodeSpec.newBuilder()
                .setParent(ZONE).setNode(Node.newBuilder().putLabels("team", "research"))))).build());

    assertThat(tpu().getNode(ZONE + "/nodes/tpu-v5-8").getLabelsMap()).isEqualTo(Map.of("team", "serving"));
    assertThat(tpu().listNodes(ZONE).iterateAll()).extracting(Node::getName)
        .containsExactly(ZONE + "/nodes/tpu-v4-32", ZONE + "/nodes/tpu-v5-8");
    assertThat(tpu().listNodes("projects/" + PROJECT + "/locations/-").iterateAll()).extracting(Node::getName)
        .containsExactly(ZONE + "/nodes/tpu-v4-32", ZONE + "/nodes/tpu-v5-8",
            "projects/" + PROJECT + "/locations/europe-west4-a/nodes/tpu-eu");
    assertThat(tpu().getQueuedResource(ZONE + "/queuedResources/Sweep_01.b").getTpu().getNodeSpec(0).getNode()
        .getLabelsMap()).isEqualTo(Map.of("team", "research"));
    assertThat(tpu().listQueuedResources("projects/" + NUMBER + "/locations/-").iterateAll())
        .extracting(QueuedResource::getName)
        .containsExactly(ZONE + "/queuedResources/llm-pretrain", ZONE + "/queuedResources/Sweep_01.b");
  }

  /** One call the services refuse, and the status the real client sees. */
  record Refusal(String name, Consumer<TrainingServicesContractTest> call, StatusCode.Code code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("missing persistent resource", t -> persistent().getPersistentResource(
            REGION + "/persistentResources/nope"), StatusCode.Code.NOT_FOUND, "PersistentResource projects/demo-train"
            + "/locations/us-central1/persistentResources/nope not found."),
        new Refusal("persistent resource id with an underscore", t -> persistent().createPersistentResourceCallable()
            .call(CreatePersistentResourceRequest.newBuilder().setParent(REGION).setPersistentResourceId("ray_1")
                .build()), StatusCode.Code.INVALID_ARGUMENT, "persistent_resource_id 'ray_1' must match"),
        new Refusal("endpoint id with a leading zero", t -> endpoints().createEndpointCallable().call(
            CreateEndpointRequest.newBuilder().setParent(REGION).setEndpointId("0123").build()),
            StatusCode.Code.INVALID_ARGUMENT, "endpoint_id '0123' must be"),
        new Refusal("endpoint in an unknown project", t -> endpoints().getEndpoint(
            "projects/nobody-here/locations/us-central1/endpoints/1"), StatusCode.Code.NOT_FOUND, "Endpoint projects/"),
        new Refusal("unsupported endpoint filter", t -> endpoints().listEndpoints(ListEndpointsRequest.newBuilder()
            .setParent(REGION).setFilter("display_name!=\"x\"").build()).iterateAll().forEach(e -> { }),
            StatusCode.Code.INVALID_ARGUMENT, "Unsupported filter term"),
        new Refusal("malformed node name", t -> tpu().getNode("projects/demo-train/nodes/x"),
            StatusCode.Code.INVALID_ARGUMENT, "Invalid resource name 'projects/demo-train/nodes/x'"),
        new Refusal("node id with uppercase", t -> tpu().createNodeCallable().call(CreateNodeRequest.newBuilder()
            .setParent(ZONE).setNodeId("Tpu").build()), StatusCode.Code.INVALID_ARGUMENT, "Invalid Node id 'Tpu'"),
        new Refusal("queued resource id with a slash", t -> tpu().createQueuedResourceCallable().call(
            CreateQueuedResourceRequest.newBuilder().setParent(ZONE).setQueuedResourceId("a/b").build()),
            StatusCode.Code.INVALID_ARGUMENT, "Invalid QueuedResource id 'a/b'"),
        new Refusal("node created twice", t -> {
          CreateNodeRequest twice = CreateNodeRequest.newBuilder().setParent(ZONE).setNodeId("dup").build();
          tpu().createNodeCallable().call(twice);
          tpu().createNodeCallable().call(twice);
        }, StatusCode.Code.ALREADY_EXISTS, "Node projects/demo-train/locations/us-central2-b/nodes/dup already exists."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refused(Refusal c) {
    assertThatThrownBy(() -> c.call().accept(this))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().getCode()).isEqualTo(c.code());
          assertThat(e.getMessage()).contains(c.message());
        });
  }
}
