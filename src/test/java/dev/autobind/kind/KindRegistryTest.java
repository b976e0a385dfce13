package dev.autobind.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.apply.KindAccess;
import dev.autobind.apply.KindPlugins;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.TpuNode;
import dev.autobind.kinds.TpuQueuedResource;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexModel;
import dev.autobind.kinds.VertexPersistentResource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one kind table: what the shipped registry derives, lookups, and the rows it refuses. */
class KindRegistryTest {

  private static final KindPlugins.Row GKE = new KindPlugins.Row(GkeCluster.KIND, () -> new GkeCluster.Access());
  private static final KindPlugins.Row MODEL = new KindPlugins.Row(VertexModel.KIND, () -> new VertexModel.Access());

  @Test
  void theShippedRegistryListsEveryWatchedMethodInDeclarationOrder() {
    assertThat(ShippedKinds.registry().methods()).containsExactly(
        new AuditMethod("container.googleapis.com", "google.container.v1.ClusterManager.CreateCluster"),
        new AuditMethod("container.googleapis.com", "google.container.v1beta1.ClusterManager.CreateCluster"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1.ModelService.UploadModel"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1beta1.ModelService.UploadModel"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.ui.ModelService.UploadModel"),
        new AuditMethod("aiplatform.googleapis.com",
            "google.cloud.aiplatform.v1.PersistentResourceService.CreatePersistentResource"),
        new AuditMethod("aiplatform.googleapis.com",
            "google.cloud.aiplatform.v1beta1.PersistentResourceService.CreatePersistentResource"),
        new AuditMethod("aiplatform.googleapis.com",
            "google.cloud.aiplatform.ui.PersistentResourceService.CreatePersistentResource"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1.EndpointService.CreateEndpoint"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.v1beta1.EndpointService.CreateEndpoint"),
        new AuditMethod("aiplatform.googleapis.com", "google.cloud.aiplatform.ui.EndpointService.CreateEndpoint"),
        new AuditMethod("tpu.googleapis.com", "google.cloud.tpu.v2.Tpu.CreateNode"),
        new AuditMethod("tpu.googleapis.com", "google.cloud.tpu.v2alpha1.Tpu.CreateNode"),
        new AuditMethod("tpu.googleapis.com", "google.cloud.tpu.v2.Tpu.CreateQueuedResource"),
        new AuditMethod("tpu.googleapis.com", "google.cloud.tpu.v2alpha1.Tpu.CreateQueuedResource"));
  }

  @Test
  void theShippedRegistryDerivesAssetTypesServicesAndIds() {
    assertThat(ShippedKinds.registry().assetTypes()).containsExactly("container.googleapis.com/Cluster",
        "aiplatform.googleapis.com/Model", "aiplatform.googleapis.com/PersistentResource",
        "aiplatform.googleapis.com/Endpoint", "tpu.googleapis.com/Node", "tpu.googleapis.com/QueuedResource");
    assertThat(ShippedKinds.registry().services())
        .containsExactly("aiplatform.googleapis.com", "container.googleapis.com", "tpu.googleapis.com");
    assertThat(ShippedKinds.registry().ids("or")).isEqualTo("gke-cluster, vertex-model, vertex-persistent-resource,"
        + " vertex-endpoint, tpu-node or tpu-queued-resource");
    assertThat(KindPlugins.of(List.of(GKE, MODEL)).registry().ids("and")).isEqualTo("gke-cluster and vertex-model");
    assertThat(KindPlugins.of(List.of(GKE)).registry().ids("or")).isEqualTo("gke-cluster");
    assertThat(ShippedKinds.registry().kinds()).filteredOn(ResourceKind::hasResourceIam)
        .containsExactly(VertexModel.KIND, VertexEndpoint.KIND);
  }

  /** One lookup and the kind it should find (empty for none). */
  record Lookup(String name, Optional<ResourceKind> found, Optional<ResourceKind> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Lookup> lookups() {
    KindRegistry r = ShippedKinds.registry();
    return Stream.of(
        new Lookup("id gke-cluster", r.byId("gke-cluster"), Optional.of(GkeCluster.KIND)),
        new Lookup("id vertex-model", r.byId("vertex-model"), Optional.of(VertexModel.KIND)),
        new Lookup("unknown id", r.byId("gke-clusters"), Optional.empty()),
        new Lookup("v1beta1 CreateCluster", r.byMethod("google.container.v1beta1.ClusterManager.CreateCluster"),
            Optional.of(GkeCluster.KIND)),
        new Lookup("console UploadModel", r.byMethod("google.cloud.aiplatform.ui.ModelService.UploadModel"),
            Optional.of(VertexModel.KIND)),
        new Lookup("unwatched method", r.byMethod("google.container.v1.ClusterManager.DeleteCluster"), Optional.empty()),
        new Lookup("service and collection", r.closest("aiplatform.googleapis.com", "models"),
            Optional.of(VertexModel.KIND)),
        new Lookup("persistent resources", r.closest("aiplatform.googleapis.com", "persistentResources"),
            Optional.of(VertexPersistentResource.KIND)),
        new Lookup("endpoints", r.closest("aiplatform.googleapis.com", "endpoints"), Optional.of(VertexEndpoint.KIND)),
        new Lookup("TPU nodes", r.closest("tpu.googleapis.com", "nodes"), Optional.of(TpuNode.KIND)),
        new Lookup("TPU queued resources", r.closest("tpu.googleapis.com", "queuedResources"),
            Optional.of(TpuQueuedResource.KIND)),
        new Lookup("v2alpha1 CreateQueuedResource", r.byMethod("google.cloud.tpu.v2alpha1.Tpu.CreateQueuedResource"),
            Optional.of(TpuQueuedResource.KIND)),
        new Lookup("id vertex-endpoint", r.byId("vertex-endpoint"), Optional.of(VertexEndpoint.KIND)),
        new Lookup("service with another collection falls back to its first kind",
            r.closest("aiplatform.googleapis.com", "datasets"), Optional.of(VertexModel.KIND)),
        new Lookup("unwatched service", r.closest("compute.googleapis.com", "instances"), Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookups")
  void findsKindsByIdMethodAndName(Lookup l) {
    assertThat(l.found()).isEqualTo(l.expected());
  }

  /** Rows a registry must refuse, and the message that names why. */
  record Refusal(String name, List<KindPlugins.Row> rows, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    KindPlugins.Row sameId = new KindPlugins.Row(new TestKind("gke-cluster", "example.googleapis.com", "things",
        "google.example.v1.Things.CreateThing"), TestKind::noAccess);
    KindPlugins.Row sameMethod = new KindPlugins.Row(new TestKind("thing", "example.googleapis.com", "things",
        "google.container.v1.ClusterManager.CreateCluster"), TestKind::noAccess);
    KindPlugins.Row sameCollection = new KindPlugins.Row(new TestKind("thing", "container.googleapis.com",
        "clusters", "google.example.v1.Things.CreateThing"), TestKind::noAccess);
    return Stream.of(
        new Refusal("the same row twice", List.of(GKE, GKE), "kind gke-cluster is in the registry twice"),
        new Refusal("another kind with a shipped id", List.of(GKE, sameId), "kind gke-cluster is in the registry twice"),
        new Refusal("a method two kinds claim", List.of(GKE, sameMethod),
            "method google.container.v1.ClusterManager.CreateCluster is in the registry twice"),
        new Refusal("a collection two kinds claim", List.of(GKE, sameCollection),
            "two kinds name container.googleapis.com clusters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesRowsThatWouldMakeALookupAmbiguous(Refusal r) {
    assertThatThrownBy(() -> KindPlugins.of(r.rows())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(r.message());
  }

  @Test
  void extraRowsFollowTheShippedOnes() {
    TestKind thing = new TestKind("thing", "example.googleapis.com", "things", "google.example.v1.Things.CreateThing");
    KindPlugins registry = ShippedKinds.plugins().with(List.of(new KindPlugins.Row(thing, TestKind::noAccess)));
    assertThat(registry.kinds()).containsExactly(GkeCluster.KIND, VertexModel.KIND, VertexPersistentResource.KIND,
        VertexEndpoint.KIND, TpuNode.KIND, TpuQueuedResource.KIND, thing);
    assertThat(registry.registry().byMethod("google.example.v1.Things.CreateThing")).contains(thing);
    assertThat(ShippedKinds.registry().byMethod("google.example.v1.Things.CreateThing")).isEmpty();
  }

  @Test
  void buildsEachAccessOnceAndOnlyWhenAsked() {
    AtomicInteger built = new AtomicInteger();
    KindPlugins registry = KindPlugins.of(List.of(GKE,
        new KindPlugins.Row(VertexModel.KIND, () -> {
          built.incrementAndGet();
          return new VertexModel.Access();
        })));
    registry.access(GkeCluster.KIND);
    assertThat(built).hasValue(0);
    KindAccess first = registry.access(VertexModel.KIND);
    assertThat(registry.access(VertexModel.KIND)).isSameAs(first);
    assertThat(built).hasValue(1);
  }

  @Test
  void refusesTheAccessOfAKindItDoesNotHold() {
    KindPlugins onlyGke = KindPlugins.of(List.of(GKE));
    assertThatThrownBy(() -> onlyGke.access(VertexModel.KIND)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind vertex-model is not in the registry");
    assertThat(KindPlugins.of(List.of(MODEL)).kinds()).containsExactly(VertexModel.KIND);
  }
}
