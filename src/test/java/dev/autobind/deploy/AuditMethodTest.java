package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditMethodTest {

  /**
   * One watched method as the deployment must route it.
   *
   * @param method the audit log's methodName
   * @param service the audit log's serviceName
   * @param slug its short name in trigger ids
   */
  record Watched(String method, String service, String slug) {
    @Override
    public String toString() {
      return method;
    }
  }

  static List<Watched> watched() {
    return List.of(
        new Watched("google.container.v1.ClusterManager.CreateCluster", "container.googleapis.com",
            "container-v1-createcluster"),
        new Watched("google.container.v1beta1.ClusterManager.CreateCluster", "container.googleapis.com",
            "container-v1beta1-createcluster"),
        new Watched("google.cloud.aiplatform.v1.ModelService.UploadModel", "aiplatform.googleapis.com",
            "aiplatform-v1-uploadmodel"),
        new Watched("google.cloud.aiplatform.v1beta1.ModelService.UploadModel", "aiplatform.googleapis.com",
            "aiplatform-v1beta1-uploadmodel"),
        new Watched("google.cloud.aiplatform.ui.ModelService.UploadModel", "aiplatform.googleapis.com",
            "aiplatform-ui-uploadmodel"),
        new Watched("google.cloud.aiplatform.v1.PersistentResourceService.CreatePersistentResource",
            "aiplatform.googleapis.com", "aiplatform-v1-createpersistentresource"),
        new Watched("google.cloud.aiplatform.v1beta1.PersistentResourceService.CreatePersistentResource",
            "aiplatform.googleapis.com", "aiplatform-v1beta1-createpersistentresource"),
        new Watched("google.cloud.aiplatform.ui.PersistentResourceService.CreatePersistentResource",
            "aiplatform.googleapis.com", "aiplatform-ui-createpersistentresource"),
        new Watched("google.cloud.aiplatform.v1.EndpointService.CreateEndpoint", "aiplatform.googleapis.com",
            "aiplatform-v1-createendpoint"),
        new Watched("google.cloud.aiplatform.v1beta1.EndpointService.CreateEndpoint", "aiplatform.googleapis.com",
            "aiplatform-v1beta1-createendpoint"),
        new Watched("google.cloud.aiplatform.ui.EndpointService.CreateEndpoint", "aiplatform.googleapis.com",
            "aiplatform-ui-createendpoint"),
        new Watched("google.cloud.tpu.v2.Tpu.CreateNode", "tpu.googleapis.com", "tpu-v2-createnode"),
        new Watched("google.cloud.tpu.v2alpha1.Tpu.CreateNode", "tpu.googleapis.com", "tpu-v2alpha1-createnode"),
        new Watched("google.cloud.tpu.v2.Tpu.CreateQueuedResource", "tpu.googleapis.com",
            "tpu-v2-createqueuedresource"),
        new Watched("google.cloud.tpu.v2alpha1.Tpu.CreateQueuedResource", "tpu.googleapis.com",
            "tpu-v2alpha1-createqueuedresource"),
        new Watched("SetIamPolicy", "cloudresourcemanager.googleapis.com", "cloudresourcemanager-setiampolicy"),
        new Watched("google.iam.admin.v1.SetIAMPolicy", "iam.googleapis.com", "iam-admin-setiampolicy"),
        new Watched("google.iam.v1.IAMPolicy.SetIamPolicy", "aiplatform.googleapis.com",
            "aiplatform-iam-v1-setiampolicy"),
        k8s("io.k8s.core.v1.namespaces.delete"), k8s("io.k8s.core.v1.namespaces.update"),
        k8s("io.k8s.core.v1.namespaces.patch"), k8s("io.k8s.core.v1.serviceaccounts.delete"),
        k8s("io.k8s.core.v1.serviceaccounts.update"), k8s("io.k8s.core.v1.serviceaccounts.patch"),
        k8s("io.k8s.authorization.rbac.v1.rolebindings.delete"), k8s("io.k8s.authorization.rbac.v1.rolebindings.update"),
        k8s("io.k8s.authorization.rbac.v1.rolebindings.patch"),
        k8s("io.k8s.authorization.rbac.v1.clusterrolebindings.delete"),
        k8s("io.k8s.authorization.rbac.v1.clusterrolebindings.update"),
        k8s("io.k8s.authorization.rbac.v1.clusterrolebindings.patch"));
  }

  /** An in-cluster change GKE logs under service k8s.io; its slug is k8s-PLURAL-VERB. */
  private static Watched k8s(String method) {
    String[] parts = method.split("\\.");
    return new Watched(method, "k8s.io", "k8s-" + parts[parts.length - 2] + "-" + parts[parts.length - 1]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watched")
  void everyApiSurfaceIsWatchedWithItsServiceAndSlug(Watched w) {
    AuditMethod method = ShippedKinds.registry().routedMethods().stream().filter(m -> m.methodName().equals(w.method())).findFirst()
        .orElseThrow(() -> new AssertionError(w.method() + " is not watched"));

    assertThat(method.serviceName()).isEqualTo(w.service());
    assertThat(method.slug()).isEqualTo(w.slug());
    assertThat(DeployPlanner.triggerName("autobind", method)).isEqualTo("autobind-" + w.slug());
  }

  @org.junit.jupiter.api.Test
  void theTableHoldsTheCreationAndPolicyChangeMethodsAndNothingElse() {
    assertThat(ShippedKinds.registry().routedMethods()).extracting(AuditMethod::methodName)
        .containsExactlyElementsOf(watched().stream().map(Watched::method).toList());
  }
}
