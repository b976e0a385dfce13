package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.iam.v1.Binding;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-process test API of the local cloud, as other tests call it. */
class LocalCloudTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  /** One resource name and the first role of its seeded policy, or null when it is unknown. */
  record Resource(String name, String firstRole) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Resource> resources() {
    String model = "/locations/us-central1/models/4567890123456789012";
    return Stream.of(
        new Resource("projects/ml-train-a", "roles/storage.admin"),
        new Resource("projects/222222222222", "roles/viewer"),
        new Resource("projects/-/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com",
            "roles/iam.serviceAccountUser"),
        new Resource("projects/ml-train-a/serviceAccounts/legacy-runner@ml-train-a.iam.gserviceaccount.com",
            "roles/iam.serviceAccountUser"),
        new Resource("projects/ml-serve-b" + model, "roles/aiplatform.viewer"),
        new Resource("projects/222222222222" + model, "roles/aiplatform.viewer"),
        new Resource("projects/ml-train-a" + model, null),
        new Resource("projects/nope-project", null),
        new Resource("organizations/1", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void iamPolicyReadsTheStoredPolicy(Resource c) {
    if (c.firstRole() == null) {
      assertThatThrownBy(() -> LOCAL.cloud().iamPolicy(c.name())).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no such resource in the local cloud: " + c.name());
    } else {
      assertThat(LOCAL.cloud().iamPolicy(c.name()).getBindingsList()).first().extracting(Binding::getRole)
          .isEqualTo(c.firstRole());
      assertThat(LOCAL.cloud().iamPolicy(c.name()).getEtag().isEmpty()).isFalse();
    }
  }

  @Test
  void hostIsALoopbackAddressForTheEmulatorVariable() {
    assertThat(LOCAL.cloud().host()).isEqualTo("127.0.0.1:" + LOCAL.cloud().port());
    assertThat(LOCAL.cloud().adminUri()).isEmpty();
  }

  @Test
  void methodsListEveryServedMethodByFullName() {
    assertThat(LOCAL.cloud().methods()).contains(
        "google.cloud.resourcemanager.v3.Projects/SetIamPolicy",
        "google.iam.admin.v1.IAM/CreateServiceAccount",
        "google.container.v1.ClusterManager/ListClusters",
        "google.cloud.aiplatform.v1.ModelService/GetModel",
        "google.iam.v1.IAMPolicy/SetIamPolicy",
        "google.cloud.asset.v1.AssetService/SearchAllResources");
  }

  @Test
  void resetWithAnotherSeedReplacesTheWorld() {
    LOCAL.cloud().reset(Seed.parse("projects: [{id: solo-project, number: 7}]", "inline"));

    assertThat(LOCAL.cloud().state().get("projects")).hasSize(1);
    assertThat(LOCAL.cloud().seed().projects()).extracting(Seed.Project::id).containsExactly("solo-project");
    assertThat(LOCAL.clients().projects().getProject("projects/7").getProjectId()).isEqualTo("solo-project");
  }
}
