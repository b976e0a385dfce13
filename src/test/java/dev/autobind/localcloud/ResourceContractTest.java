package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.container.v1.Cluster;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.protobuf.FieldMask;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexModel;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Resource lookups through the real clients: projects, GKE clusters, Vertex AI models and Cloud Asset search. */
class ResourceContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final String CLUSTER =
      "//container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1";
  private static final String MODEL =
      "//aiplatform.googleapis.com/projects/222222222222/locations/us-central1/models/4567890123456789012";

  private static CloudClients clients() {
    return LOCAL.clients();
  }

  @Test
  void projectsByIdAndByNumber() {
    Project byId = clients().projects().getProject("projects/ml-train-a");
    Project byNumber = clients().projects().getProject("projects/111111111111");

    assertThat(byId).isEqualTo(byNumber);
    assertThat(byId.getName()).isEqualTo("projects/111111111111");
    assertThat(byId.getProjectId()).isEqualTo("ml-train-a");
    assertThat(byId.getState()).isEqualTo(Project.State.ACTIVE);
  }

  /** One SearchProjects query and the project ids it finds. */
  record ProjectQuery(String query, List<String> ids) {
    @Override
    public String toString() {
      return "'" + query + "'";
    }
  }

  static Stream<ProjectQuery> projectQueries() {
    return Stream.of(
        new ProjectQuery("", List.of("ml-train-a", "ml-serve-b")),
        new ProjectQuery("id:ml-serve-b", List.of("ml-serve-b")),
        new ProjectQuery("parent:organizations/123 state:ACTIVE", List.of("ml-train-a", "ml-serve-b")),
        new ProjectQuery("id:nothing-here", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("projectQueries")
  void searchProjects(ProjectQuery c) {
    assertThat(clients().projects().searchProjects(c.query()).iterateAll())
        .extracting(Project::getProjectId).containsExactlyElementsOf(c.ids());
  }

  static Stream<String> clusterNames() {
    return Stream.of(
        "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1",
        "projects/ml-train-a/zones/us-central1-a/clusters/train-gke-1",
        "projects/111111111111/locations/us-central1-a/clusters/train-gke-1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterNames")
  void getClusterInEveryNameForm(String name) {
    Cluster cluster = GkeCluster.Access.client(clients()).getCluster(name);

    assertThat(cluster.getName()).isEqualTo("train-gke-1");
    assertThat(cluster.getLocation()).isEqualTo("us-central1-a");
    assertThat(cluster.getWorkloadIdentityConfig().getWorkloadPool()).isEqualTo("ml-train-a.svc.id.goog");
    assertThat(cluster.getResourceLabelsMap()).containsExactlyEntriesOf(java.util.Map.of("purpose", "training"));
    assertThat(cluster.getStatus()).isEqualTo(Cluster.Status.RUNNING);
  }

  @Test
  @SuppressWarnings("deprecation")
  void getClusterWithTheLegacyZoneFields() {
    assertThat(GkeCluster.Access.client(clients()).getCluster("ml-train-a", "us-central1-a", "train-gke-1").getName())
        .isEqualTo("train-gke-1");
  }

  /** One ListClusters parent and the cluster names it lists. */
  record ClusterParent(String parent, List<String> names) {
    @Override
    public String toString() {
      return parent;
    }
  }

  static Stream<ClusterParent> clusterParents() {
    return Stream.of(
        new ClusterParent("projects/ml-train-a/locations/-", List.of("train-gke-1")),
        new ClusterParent("projects/ml-train-a/zones/-", List.of("train-gke-1")),
        new ClusterParent("projects/ml-train-a/locations/us-central1-a", List.of("train-gke-1")),
        new ClusterParent("projects/ml-train-a/locations/europe-west4", List.of()),
        new ClusterParent("projects/ml-serve-b/locations/-", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterParents")
  void listClusters(ClusterParent c) {
    assertThat(GkeCluster.Access.client(clients()).listClusters(c.parent()).getClustersList())
        .extracting(Cluster::getName).containsExactlyElementsOf(c.names());
  }

  @Test
  void modelsByProjectIdOrNumber() {
    Model byId = VertexModel.Access.client(clients(), "us-central1")
        .getModel("projects/ml-serve-b/locations/us-central1/models/4567890123456789012");
    Model byNumber = VertexModel.Access.client(clients(), "us-central1")
        .getModel("projects/222222222222/locations/us-central1/models/4567890123456789012");

    assertThat(byId).isEqualTo(byNumber);
    assertThat(byId.getName()).isEqualTo("projects/222222222222/locations/us-central1/models/4567890123456789012");
    assertThat(byId.getDisplayName()).isEqualTo("fraud-xgb");
    assertThat(byId.getLabelsMap()).containsEntry("team", "risk");
  }

  /** One ListModels filter and the display names it finds. */
  record ModelFilter(String filter, List<String> names) {
    @Override
    public String toString() {
      return "'" + filter + "'";
    }
  }

  static Stream<ModelFilter> modelFilters() {
    return Stream.of(
        new ModelFilter("", List.of("fraud-xgb")),
        new ModelFilter("display_name=\"fraud-xgb\"", List.of("fraud-xgb")),
        new ModelFilter("labels.team=\"risk\" AND display_name=\"fraud-xgb\"", List.of("fraud-xgb")),
        new ModelFilter("labels.team=\"growth\"", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelFilters")
  void listModels(ModelFilter c) {
    ListModelsRequest request = ListModelsRequest.newBuilder().setParent("projects/ml-serve-b/locations/us-central1")
        .setFilter(c.filter()).build();

    assertThat(VertexModel.Access.client(clients(), "us-central1").listModels(request).iterateAll())
        .extracting(Model::getDisplayName).containsExactlyElementsOf(c.names());
  }

  @Test
  void modelPermissionsAreTestedAgainstAnExistingModel() {
    TestIamPermissionsRequest request = TestIamPermissionsRequest.newBuilder()
        .setResource("projects/ml-serve-b/locations/us-central1/models/4567890123456789012")
        .addPermissions("aiplatform.models.setIamPolicy").build();

    assertThat(VertexModel.Access.client(clients(), "us-central1").testIamPermissions(request).getPermissionsList())
        .containsExactly("aiplatform.models.setIamPolicy");
  }

  /** One call naming something the world does not hold. */
  record Missing(String name, Consumer<CloudClients> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Missing> missing() {
    return Stream.of(
        new Missing("project", c -> c.projects().getProject("projects/no-such-project")),
        new Missing("project policy", c -> c.projects().getIamPolicy(
            GetIamPolicyRequest.newBuilder().setResource("projects/no-such-project").build())),
        new Missing("cluster in another zone", c -> GkeCluster.Access.client(c).getCluster(
            "projects/ml-train-a/locations/us-central1-b/clusters/train-gke-1")),
        new Missing("cluster by another name", c -> GkeCluster.Access.client(c).getCluster(
            "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-2")),
        new Missing("clusters of a missing project", c -> GkeCluster.Access.client(c).listClusters("projects/no-such-project/locations/-")),
        new Missing("model in another region", c -> VertexModel.Access.client(c, "europe-west4").getModel(
            "projects/ml-serve-b/locations/europe-west4/models/4567890123456789012")),
        new Missing("model in another project", c -> VertexModel.Access.client(c, "us-central1").getModel(
            "projects/ml-train-a/locations/us-central1/models/4567890123456789012")),
        new Missing("model policy", c -> VertexModel.Access.client(c, "us-central1").getIamPolicy(GetIamPolicyRequest.newBuilder()
            .setResource("projects/ml-serve-b/locations/us-central1/models/1").build())),
        new Missing("endpoint policy", c -> VertexModel.Access.client(c, "us-central1").getIamPolicy(GetIamPolicyRequest.newBuilder()
            .setResource("projects/ml-serve-b/locations/us-central1/endpoints/1").build())),
        new Missing("service account policy", c -> c.iam().getIamPolicy(GetIamPolicyRequest.newBuilder()
            .setResource("projects/-/serviceAccounts/nobody@ml-train-a.iam.gserviceaccount.com").build())),
        new Missing("asset search in a missing project", c -> c.assets().searchAllResources(
            "projects/no-such-project", "", List.of()).iterateAll().forEach(r -> { })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  void unknownResourcesAreNotFound(Missing c) {
    assertThat(ApiFailure.of(() -> c.call().accept(clients())).code()).isEqualTo(StatusCode.Code.NOT_FOUND);
  }

  static Stream<Missing> unimplemented() {
    return Stream.of(
        new Missing("ListProjects", c -> c.projects().listProjects("organizations/1").iterateAll().forEach(p -> { })),
        new Missing("DeleteServiceAccount", c -> c.iam().deleteServiceAccount(
            "projects/-/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com")),
        new Missing("DeleteCluster", c -> GkeCluster.Access.client(c).deleteCluster(
            "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1")),
        new Missing("UpdateModel", c -> VertexModel.Access.client(c, "us-central1").updateModel(Model.newBuilder()
            .setName("projects/ml-serve-b/locations/us-central1/models/4567890123456789012").build(),
            FieldMask.newBuilder().addPaths("display_name").build())),
        new Missing("SearchAllIamPolicies", c -> c.assets().searchAllIamPolicies("organizations/1", "")
            .iterateAll().forEach(p -> { })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unimplemented")
  void unimplementedMethodsNeverSucceedSilently(Missing c) {
    String before = LOCAL.cloud().stateJson();

    assertThat(ApiFailure.of(() -> c.call().accept(clients())).code()).isEqualTo(StatusCode.Code.UNIMPLEMENTED);
    assertThat(LOCAL.cloud().stateJson()).isEqualTo(before);
  }

  /** One asset search and the full resource names it finds. */
  record AssetSearch(String name, SearchAllResourcesRequest request, List<String> found) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static SearchAllResourcesRequest.Builder search(String scope) {
    return SearchAllResourcesRequest.newBuilder().setScope(scope);
  }

  static Stream<AssetSearch> assetSearches() {
    return Stream.of(
        new AssetSearch("organization, all types", search("organizations/123").build(), List.of(CLUSTER, MODEL)),
        new AssetSearch("folder, both types", search("folders/456").addAssetTypes("container.googleapis.com/Cluster")
            .addAssetTypes("aiplatform.googleapis.com/Model").build(), List.of(CLUSTER, MODEL)),
        new AssetSearch("clusters only", search("organizations/123").addAssetTypes("container.googleapis.com/Cluster")
            .build(), List.of(CLUSTER)),
        new AssetSearch("models by pattern", search("organizations/123").addAssetTypes("aiplatform.googleapis.com.*")
            .build(), List.of(MODEL)),
        new AssetSearch("other types", search("organizations/123").addAssetTypes("compute.googleapis.com/Instance")
            .build(), List.of()),
        new AssetSearch("one project", search("projects/ml-serve-b").build(), List.of(MODEL)),
        new AssetSearch("by label", search("organizations/123").setQuery("labels.purpose:training").build(),
            List.of(CLUSTER)),
        new AssetSearch("by location", search("organizations/123").setQuery("location:us-central1").build(),
            List.of(MODEL)),
        new AssetSearch("one per page", search("organizations/123").setPageSize(1).build(), List.of(CLUSTER, MODEL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("assetSearches")
  void searchAllResources(AssetSearch c) {
    assertThat(clients().assets().searchAllResources(c.request()).iterateAll())
        .extracting(ResourceSearchResult::getName).containsExactlyElementsOf(c.found());
  }

  @Test
  void assetSearchPagesCarryAToken() {
    var first = clients().assets().searchAllResources(search("organizations/123").setPageSize(1).build()).getPage();

    assertThat(first.getValues()).extracting(ResourceSearchResult::getName).containsExactly(CLUSTER);
    assertThat(first.getNextPageToken()).isNotEmpty();
    var second = first.getNextPage();
    assertThat(second.getValues()).extracting(ResourceSearchResult::getName).containsExactly(MODEL);
    assertThat(second.hasNextPage()).isFalse();
    assertThat(LOCAL.cloud().calls("google.cloud.asset.v1.AssetService/SearchAllResources")).isEqualTo(2);
  }

  static Stream<SearchAllResourcesRequest> badAssetSearches() {
    return Stream.of(
        search("billingAccounts/1").build(),
        search("organizations/123").setPageToken("not-a-token").build(),
        search("organizations/123").setQuery("kmsKey:abc").build(),
        search("organizations/123").addAssetTypes("container.googleapis.com/(").build(),
        search("organizations/123").setOrderBy("name").build());
  }

  @ParameterizedTest
  @MethodSource("badAssetSearches")
  void badAssetSearchesAreInvalidArgument(SearchAllResourcesRequest request) {
    assertThat(ApiFailure.of(() -> clients().assets().searchAllResources(request).iterateAll().forEach(r -> { }))
        .code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
  }
}
