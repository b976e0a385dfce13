package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.plan.ClusterObject;
import dev.autobind.plan.ClusterObject.Kind;
import dev.autobind.plan.ClusterObject.RoleRef;
import dev.autobind.plan.ObjectMerge;
import dev.autobind.plan.ObservedObject;
import dev.autobind.policy.ClusterSetup.RoleKind;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.ClusterSetup.SubjectKind;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real cluster receives: the mock's CRUD mode cannot answer server-side apply, so here it runs in
 * expectation mode and records the requests, to show that each write is an apply PATCH
 * ({@code application/apply-patch+yaml}) under field manager {@code autobind}, never forced, carrying
 * only the fields autobind declares.
 */
class ServerSideApplyTest {

  private KubernetesMockServer server;

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  private KubernetesClusterGateway gateway() {
    return new KubernetesClusterGateway(server.createClient(), KubernetesClusterGateway.WriteMode.SERVER_SIDE_APPLY);
  }

  @Test
  void aCreateIsAnUnforcedApplyOfTheDeclaredFieldsOnly() throws Exception {
    server.expect().patch().withPath("/api/v1/namespaces/training?fieldManager=autobind")
        .andReturn(200, new NamespaceBuilder().withNewMetadata().withName("training").endMetadata().build()).once();
    ClusterObject namespace = new ClusterObject(Kind.NAMESPACE, Optional.empty(), "training", Map.of("team", "ml"),
        Map.of(), Optional.empty(), List.of());

    try (KubernetesClusterGateway gateway = gateway()) {
      gateway.create(namespace);
    }

    RecordedRequest request = server.getLastRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getPath()).isEqualTo("/api/v1/namespaces/training?fieldManager=autobind").doesNotContain("force");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getUtf8Body()).contains("team").contains("training").doesNotContain("finalizers")
        .doesNotContain("resourceVersion");
  }

  @Test
  void anAdditionToABindingAppliesTheSubjectsFoundPlusTheMissingOne() throws Exception {
    String path = "/apis/rbac.authorization.k8s.io/v1/namespaces/training/rolebindings/edit?fieldManager=autobind";
    server.expect().patch().withPath(path).andReturn(200, new RoleBindingBuilder().withNewMetadata().withName("edit")
        .withNamespace("training").endMetadata().build()).once();
    Subject engineers = new Subject(SubjectKind.GROUP, "ml-engineers@example.com", Optional.empty());
    Subject alice = new Subject(SubjectKind.USER, "alice@example.com", Optional.empty());
    RoleRef edit = new RoleRef(RoleKind.CLUSTER_ROLE, "edit");
    ClusterObject binding = new ClusterObject(Kind.ROLE_BINDING, Optional.of("training"), "edit", Map.of(), Map.of(),
        Optional.of(edit), List.of(engineers));

    try (KubernetesClusterGateway gateway = gateway()) {
      gateway.add(binding, new ObservedObject(Map.of(), Map.of(), Optional.of(edit), List.of(alice)),
          new ObjectMerge.Add(Map.of(), Map.of(), List.of(engineers)));
    }

    RecordedRequest request = server.getLastRequest();
    assertThat(request.getPath()).isEqualTo(path);
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getUtf8Body()).contains("alice@example.com", "ml-engineers@example.com", "ClusterRole");
  }
}
