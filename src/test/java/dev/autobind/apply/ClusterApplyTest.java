package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.apply.ApplyResult.ObjectResult;
import dev.autobind.apply.ApplyResult.ObjectStatus;
import dev.autobind.event.Outcome;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code kubernetes:} section applied inside a new cluster: through the real GKE client to the local
 * cloud, then through fabric8's client to the cluster's own (mock, CRUD-mode) Kubernetes API server.
 */
class ClusterApplyTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  static final Policy POLICY = PolicyFile.load(Path.of("src/test/resources/apply/kubernetes-policy.yaml"), ShippedKinds.registry()).policy();
  static final String CLUSTER = "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1";
  static final String TRAINER = "ml-trainer@ml-train-a.iam.gserviceaccount.com";
  static final List<String> OBJECTS = List.of("Namespace training", "ServiceAccount training/trainer",
      "RoleBinding training/ml-engineers-edit", "ClusterRoleBinding ml-engineers-view");

  private ApplyResult apply(Phase phase) {
    return EventMapping.reconcile(ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(), ApplySettings.defaults()), event(phase), POLICY);
  }

  private ResourceEvent event(Phase phase) {
    return new ResourceEvent(ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-gke-1"), phase,
        "google.container.v1.ClusterManager.CreateCluster", Optional.of("alice@example.com"),
        Optional.of(LOCAL.clock().instant()), DeliveryPath.EVENTARC, "event-1");
  }

  private static KubernetesClient cluster() {
    return LOCAL.cloud().kubernetes(CLUSTER).orElseThrow(() -> new AssertionError("the cluster's API never started"));
  }

  private static List<String> statuses(ApplyResult result) {
    return result.clusterObjects().stream().map(o -> o.object() + " " + o.status().id()).toList();
  }

  @Test
  void lastPhaseEventCreatesEveryDeclaredObjectInTheCluster() {
    ApplyResult result = apply(Phase.LAST);

    assertThat(result.status()).isEqualTo(Outcome.APPLIED);
    assertThat(statuses(result)).containsExactly(OBJECTS.stream().map(o -> o + " created").toArray(String[]::new));
    try (KubernetesClient k8s = cluster()) {
      Namespace ns = k8s.namespaces().withName("training").get();
      assertThat(ns.getMetadata().getLabels()).containsEntry("team", "ml").containsEntry("managed-by", "autobind");
      ServiceAccount sa = k8s.serviceAccounts().inNamespace("training").withName("trainer").get();
      assertThat(sa.getMetadata().getAnnotations()).containsEntry("iam.gke.io/gcp-service-account", TRAINER);
      RoleBinding rb = k8s.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get();
      assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(rb.getRoleRef().getName()).isEqualTo("edit");
      assertThat(rb.getSubjects()).extracting(Subject::getKind, Subject::getName)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Group", "ml-engineers@example.com"),
              org.assertj.core.groups.Tuple.tuple("ServiceAccount", "trainer"));
      assertThat(k8s.rbac().clusterRoleBindings().withName("ml-engineers-view").get().getRoleRef().getName())
          .isEqualTo("view");
    }
  }

  @Test
  void theTypedMemberExpandsToThePrincipalOfTheClustersPoolWithTheProjectNumber() {
    apply(Phase.LAST);

    assertThat(ApplyFixture.bindings(LOCAL.cloud().iamPolicy("projects/ml-train-a/serviceAccounts/" + TRAINER),
        "roles/iam.workloadIdentityUser")).singleElement().satisfies(b -> assertThat(b.getMembersList())
            .containsExactly("principal://iam.googleapis.com/projects/" + LOCAL.cloud().seed().projects().stream()
                .filter(p -> p.id().equals("ml-train-a")).findFirst().orElseThrow().number()
                + "/locations/global/workloadIdentityPools/ml-train-a.svc.id.goog/subject/ns/training/sa/trainer"));
  }

  @Test
  void aSecondDeliveryChangesNothing() {
    apply(Phase.LAST);
    String before = LOCAL.cloud().kubernetesJson();
    String versions = versions();

    ApplyResult second = apply(Phase.LAST);

    assertThat(second.status()).isEqualTo(Outcome.COMPLIANT);
    assertThat(statuses(second)).containsExactly(OBJECTS.stream().map(o -> o + " present").toArray(String[]::new));
    assertThat(LOCAL.cloud().kubernetesJson()).isEqualTo(before);
    assertThat(versions()).isEqualTo(versions);
  }

  /** The resourceVersion of every managed object: it changes on any write, even one that changes nothing. */
  private static String versions() {
    try (KubernetesClient k8s = cluster()) {
      return String.join(",", k8s.namespaces().withName("training").get().getMetadata().getResourceVersion(),
          k8s.serviceAccounts().inNamespace("training").withName("trainer").get().getMetadata().getResourceVersion(),
          k8s.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get().getMetadata()
              .getResourceVersion(),
          k8s.rbac().clusterRoleBindings().withName("ml-engineers-view").get().getMetadata().getResourceVersion());
    }
  }

  @Test
  void aFirstPhaseEventDoesNothingInTheCluster() {
    ApplyResult result = apply(Phase.FIRST);

    assertThat(result.clusterObjects()).isEmpty();
    assertThat(result.plan().orElseThrow().skipped()).anySatisfy(s -> assertThat(s.reason())
        .contains("applied when the operation's last entry arrives"));
    try (KubernetesClient k8s = cluster()) {
      assertThat(k8s.namespaces().list().getItems()).isEmpty();
      assertThat(k8s.serviceAccounts().inAnyNamespace().list().getItems()).isEmpty();
    }
  }

  @Test
  void aDryRunWritesNothingInTheCluster() {
    ApplyResult result = EventMapping.reconcile(ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(),
        ApplySettings.defaults().withDryRun(true)), event(Phase.LAST), POLICY);

    assertThat(statuses(result)).containsExactly(OBJECTS.stream().map(o -> o + " would-create").toArray(String[]::new));
    try (KubernetesClient k8s = cluster()) {
      assertThat(k8s.namespaces().list().getItems()).isEmpty();
    }
  }

  /** A person's change to an object autobind made, and what must hold after the next delivery. */
  record PersonChange(String name, Consumer<KubernetesClient> change, Consumer<KubernetesClient> kept,
      Map<String, ObjectStatus> statuses) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PersonChange> personChanges() {
    Subject alice = new SubjectBuilder().withKind("User").withName("alice@example.com")
        .withApiGroup("rbac.authorization.k8s.io").build();
    return Stream.of(
        new PersonChange("a label autobind does not manage stays on the namespace",
            k -> k.namespaces().withName("training").edit(n -> {
              n.getMetadata().getLabels().put("cost-center", "42");
              return n;
            }),
            k -> assertThat(k.namespaces().withName("training").get().getMetadata().getLabels())
                .containsEntry("cost-center", "42").containsEntry("team", "ml"),
            Map.of("Namespace training", ObjectStatus.PRESENT)),
        new PersonChange("a subject a person added stays on the binding",
            k -> k.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").edit(rb -> {
              rb.getSubjects().add(alice);
              return rb;
            }),
            k -> assertThat(k.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get()
                .getSubjects()).extracting(Subject::getName).contains("alice@example.com", "ml-engineers@example.com"),
            Map.of("RoleBinding training/ml-engineers-edit", ObjectStatus.PRESENT)),
        new PersonChange("an annotation a person added stays on the service account",
            k -> k.serviceAccounts().inNamespace("training").withName("trainer").edit(sa -> {
              sa.getMetadata().getAnnotations().put("owner", "ml-platform");
              return sa;
            }),
            k -> assertThat(k.serviceAccounts().inNamespace("training").withName("trainer").get().getMetadata()
                .getAnnotations()).containsEntry("owner", "ml-platform")
                .containsEntry("iam.gke.io/gcp-service-account", TRAINER),
            Map.of("ServiceAccount training/trainer", ObjectStatus.PRESENT)),
        new PersonChange("a removed subject autobind declares comes back, and the person's subject stays",
            k -> k.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").edit(rb -> {
              rb.setSubjects(new java.util.ArrayList<>(List.of(alice)));
              return rb;
            }),
            k -> assertThat(k.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get()
                .getSubjects()).extracting(Subject::getName)
                .containsExactly("alice@example.com", "ml-engineers@example.com", "trainer"),
            Map.of("RoleBinding training/ml-engineers-edit", ObjectStatus.ADDED)),
        new PersonChange("a label autobind declares, changed by a person, is not overwritten and the object fails",
            k -> k.namespaces().withName("training").edit(n -> {
              n.getMetadata().getLabels().put("team", "research");
              return n;
            }),
            k -> assertThat(k.namespaces().withName("training").get().getMetadata().getLabels())
                .containsEntry("team", "research"),
            Map.of("Namespace training", ObjectStatus.FAILED)));
  }

  @ParameterizedTest
  @MethodSource("personChanges")
  void aPersonsChangeSurvivesTheNextDelivery(PersonChange c) {
    apply(Phase.LAST);
    try (KubernetesClient k8s = cluster()) {
      c.change().accept(k8s);
    }

    ApplyResult again = apply(Phase.LAST);

    try (KubernetesClient k8s = cluster()) {
      c.kept().accept(k8s);
    }
    c.statuses().forEach((object, status) -> assertThat(again.clusterObjects()).filteredOn(o -> o.object().equals(object))
        .extracting(ObjectResult::status).containsExactly(status));
  }

  @Test
  void aBindingAPersonMadeWithAnotherRoleIsLeftAloneAndFailsPermanently() {
    apply(Phase.FIRST);
    LOCAL.cloud().kubernetes(CLUSTER).ifPresent(KubernetesClient::close);
    ResourceEvent last = event(Phase.LAST);
    // Start the cluster's API (GetCluster), then let a person create the binding first, naming view.
    EventMapping.reconcile(ApplyFixture.applier(LOCAL.clients(), LOCAL.clock(), ApplySettings.defaults().withDryRun(true)), last, POLICY);
    try (KubernetesClient k8s = cluster()) {
      k8s.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
          .withName("training").endMetadata().build()).create();
      k8s.rbac().roleBindings().inNamespace("training").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
          .withNewMetadata().withName("ml-engineers-edit").withNamespace("training").endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view").build()).create();
    }

    ApplyResult result = apply(Phase.LAST);

    assertThat(result.status()).isEqualTo(Outcome.FAILED);
    assertThat(result.clusterObjects()).filteredOn(o -> o.object().equals("RoleBinding training/ml-engineers-edit"))
        .singleElement().satisfies(o -> {
          assertThat(o.status()).isEqualTo(ObjectStatus.FAILED);
          assertThat(o.detail().orElseThrow()).contains("exists with roleRef ClusterRole/view, not ClusterRole/edit");
          assertThat(o.transientError()).isFalse();
        });
    assertThat(statuses(result)).contains("Namespace training added", "ServiceAccount training/trainer created",
        "ClusterRoleBinding ml-engineers-view created");
    try (KubernetesClient k8s = cluster()) {
      assertThat(k8s.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get().getRoleRef()
          .getName()).isEqualTo("view");
    }
  }

  @Test
  void anApiServerThatDoesNotAnswerYetEndsInRetryAndTheRedeliveryCreatesEverything() {
    Gateways real = Gateways.over(LOCAL.clients(), ShippedKinds.plugins());
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    Gateways flaky = new Gateways(real.resources(), real.accounts(), real.projectPolicies(), real.accountPolicies(),
        real.resourcePolicies(), endpoint -> {
          ClusterObjectGateway cluster = real.clusters().apply(endpoint);
          return !down.get() ? cluster : new ClusterObjectGateway() {
            @Override
            public Optional<dev.autobind.plan.ObservedObject> read(dev.autobind.plan.ClusterObject object) {
              throw new io.fabric8.kubernetes.client.KubernetesClientException("the API server is starting", 503, null);
            }

            @Override
            public void create(dev.autobind.plan.ClusterObject object) {
              throw new AssertionError("never reached");
            }

            @Override
            public void add(dev.autobind.plan.ClusterObject object, dev.autobind.plan.ObservedObject current,
                dev.autobind.plan.ObjectMerge.Add addition) {
              throw new AssertionError("never reached");
            }

            @Override
            public void close() {
              cluster.close();
            }
          };
        });
    Reconciler applier = ApplyFixture.applier(flaky, LOCAL.clock(), ApplySettings.defaults());

    ApplyResult first = EventMapping.reconcile(applier, event(Phase.LAST), POLICY);
    down.set(false);
    ApplyResult redelivered = EventMapping.reconcile(applier, event(Phase.LAST), POLICY);

    assertThat(first.status()).isEqualTo(Outcome.RETRY);
    assertThat(statuses(first)).containsExactly("Namespace training failed", "ServiceAccount training/trainer not-reached",
        "RoleBinding training/ml-engineers-edit not-reached", "ClusterRoleBinding ml-engineers-view not-reached");
    assertThat(first.clusterObjects().get(0).transientError()).isTrue();
    assertThat(redelivered.status()).isEqualTo(Outcome.APPLIED);
    assertThat(statuses(redelivered)).containsExactly(OBJECTS.stream().map(o -> o + " created").toArray(String[]::new));
  }
}
