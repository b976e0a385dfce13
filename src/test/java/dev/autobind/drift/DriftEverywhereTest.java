package dev.autobind.drift;

import static dev.autobind.drift.DriftEvents.OWN_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.apply.EventMapping;
import dev.autobind.apply.PolicyApplier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.iam.v1.Binding;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplyResult;
import dev.autobind.event.Outcome;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.Decision;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.RepairOutcome;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.backfill.ProjectResources;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.event.Intake;
import dev.autobind.event.KubernetesChange;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.ClusterObjectKind;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drift repair of the changes people make outside the tests' own shapes, against the local cloud: a service
 * account named by unique id (the console's form), an endpoint's own policy, and the objects inside a cluster.
 */
class DriftEverywhereTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("drift/everywhere-seed.yaml");

  static final Policy POLICY = PolicyFile.load(Path.of("src/test/resources/drift/everywhere-policy.yaml"), ShippedKinds.registry()).policy();
  static final String TRAINER = "ml-trainer@ml-train-a.iam.gserviceaccount.com";
  static final String ACCOUNT = "projects/ml-train-a/serviceAccounts/" + TRAINER;
  static final String WORKLOAD_IDENTITY = "roles/iam.workloadIdentityUser";
  static final String POOL_MEMBER = "serviceAccount:ml-train-a.svc.id.goog[training/trainer]";
  static final String ENDPOINT = "projects/ml-serve-b/locations/europe-west4/endpoints/1234567890123456789";
  static final String CLUSTER = "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1";
  static final String GET_ACCOUNT = com.google.iam.admin.v1.IAMGrpc.getGetServiceAccountMethod().getFullMethodName();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> IAM_WRITES = List.of(
      com.google.cloud.resourcemanager.v3.ProjectsGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.admin.v1.IAMGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.v1.IAMPolicyGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.admin.v1.IAMGrpc.getCreateServiceAccountMethod().getFullMethodName());

  private Reconciler applier;
  private DriftRepair repair;
  private ClusterObjectRepair objects;

  @BeforeEach
  void newRepairs() {
    RetryLoop retry = new RetryLoop(LOCAL.clock()::advance, () -> 0.5, System::nanoTime);
    applier = new Reconciler(Gateways.over(LOCAL.clients(), ShippedKinds.plugins()), ApplySettings.defaults(), retry, new TargetLocks(),
        LOCAL.clock());
    repair = new DriftRepair(POLICY, Optional.of(OWN_ACCOUNT), (ref, selection) -> applier.reconcile(ref, POLICY, selection),
        applier.deliveryAge(),
        new ProjectResources(LOCAL.clients(), ShippedKinds.plugins()),
        number -> LOCAL.clients().projects().getProject("projects/" + number).getProjectId(),
        name -> LOCAL.clients().iam().getServiceAccount(name), LOCAL.clock(), false);
    objects = new ClusterObjectRepair(POLICY, Optional.of(OWN_ACCOUNT),
        (ref, selection) -> applier.reconcile(ref, POLICY, selection), applier.deliveryAge(), false);
  }

  // Accounts named by unique id.

  @ParameterizedTest(name = "{0} form")
  @ValueSource(strings = {"console", "gcloud"})
  void aRemovalFromTheStandardAccountIsRepairedWithOneWriteInEitherForm(String form) {
    LOCAL.cloud().removeBinding(ACCOUNT, WORKLOAD_IDENTITY, POOL_MEMBER, "dana@example.com", form);
    IamChange change = lastChange();
    long writes = iamWrites();
    long lookups = LOCAL.cloud().calls(GET_ACCOUNT);

    RepairOutcome outcome = repair.repair(change);

    assertThat(((PolicyHolder.ServiceAccount) change.target()).namedByUniqueId()).isEqualTo(form.equals("console"));
    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(Outcome.APPLIED);
    assertThat(iamWrites() - writes).isEqualTo(1);
    assertThat(LOCAL.cloud().calls(GET_ACCOUNT) - lookups).isEqualTo(form.equals("console") ? 1 : 0);
    assertThat(members(ACCOUNT, WORKLOAD_IDENTITY)).containsExactly(POOL_MEMBER);
  }

  @Test
  void theStateListsEachAccountsUniqueIdAsTheConsoleEntryNamesIt() throws Exception {
    LOCAL.cloud().removeBinding(ACCOUNT, WORKLOAD_IDENTITY, POOL_MEMBER, "dana@example.com", "console");

    assertThat(((PolicyHolder.ServiceAccount) lastChange().target()).account()).isEqualTo(uniqueId(TRAINER));
  }

  @Test
  void theLabelsEmailIsNeverTrustedTheUniqueIdIsResolved() throws Exception {
    LOCAL.cloud().removeBinding(ACCOUNT, WORKLOAD_IDENTITY, POOL_MEMBER, "dana@example.com", "console");
    String other = uniqueId("legacy-runner@ml-train-a.iam.gserviceaccount.com");
    // The entry names another account by unique id while its label claims the standard account.
    IamChange change = lastChange(entry -> {
      ObjectNode payload = (ObjectNode) entry.get("protoPayload");
      payload.put("resourceName", "projects/-/serviceAccounts/" + other);
      ((ObjectNode) payload.get("request")).put("resource", "projects/ml-train-a/serviceAccounts/" + other);
      ((ObjectNode) entry.get("resource").get("labels")).put("email_id", TRAINER);
    });
    long writes = iamWrites();

    RepairOutcome outcome = repair.repair(change);

    assertThat(outcome.result().status()).isEqualTo(Outcome.IGNORED);
    assertThat(outcome.result().reason()).startsWith("service account legacy-runner@ml-train-a.iam.gserviceaccount.com"
        + " is not the standard account");
    assertThat(iamWrites() - writes).isZero();
  }

  @Test
  void aUniqueIdNoAccountHasIsIgnoredAfterOneReadAndNoWrite() {
    LOCAL.cloud().removeBinding(ACCOUNT, WORKLOAD_IDENTITY, POOL_MEMBER, "dana@example.com", "console");
    IamChange change = lastChange(entry -> {
      ObjectNode payload = (ObjectNode) entry.get("protoPayload");
      payload.put("resourceName", "projects/-/serviceAccounts/109999999999999999999");
      ((ObjectNode) payload.get("request")).put("resource", "projects/ml-train-a/serviceAccounts/109999999999999999999");
    });
    long writes = iamWrites();

    RepairOutcome outcome = repair.repair(change);

    assertThat(outcome.result().reason())
        .isEqualTo("reading service account 109999999999999999999 failed (NOT_FOUND): it is gone or not visible");
    assertThat(outcome.result().calls().reads()).isEqualTo(1);
    assertThat(iamWrites() - writes).isZero();
  }

  // Endpoint policies.

  @Test
  void anEndpointBindingRemovalIsRepairedWithOneWriteKeepingOthersBindings() {
    LOCAL.cloud().removeBinding(ENDPOINT, "roles/aiplatform.viewer", "group:ml-reviewers@example.com",
        "dana@example.com");
    IamChange change = lastChange();
    long writes = iamWrites();

    RepairOutcome outcome = repair.repair(change);

    assertThat(change.target().id()).isEqualTo("vertex-endpoint");
    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(Outcome.APPLIED);
    assertThat(outcome.result().reason()).isEqualTo("restored 1 removed binding that the policy grants for //"
        + "aiplatform.googleapis.com/" + ENDPOINT);
    assertThat(iamWrites() - writes).isEqualTo(1);
    assertThat(members(ENDPOINT, "roles/aiplatform.viewer"))
        .containsExactlyInAnyOrder("group:ml-reviewers@example.com", "group:risk@example.com");
  }

  // Objects inside the cluster.

  @Test
  void aDeclaredRoleBindingDeletedByAPersonExistsAgainAndASecondDeliveryChangesNothing() throws Exception {
    createClusterObjects();
    LOCAL.cloud().removeKubernetesObject(CLUSTER, "RoleBinding", Optional.of("training"), "ml-engineers-edit",
        "alice@example.com");
    byte[] delivery = lastDelivery(entry -> { });
    assertThat(roleBinding()).isNull();

    Decision first = deliver(delivery);
    String version = roleBinding().getMetadata().getResourceVersion();
    Decision second = deliver(delivery);

    JsonNode record = JSON.readTree(DecisionLog.render(first));
    assertThat(record.path("message").asText()).isEqualTo("repaired: restored what policy.kubernetes declares of"
        + " RoleBinding training/ml-engineers-edit (delete by alice@example.com): RoleBinding training/ml-engineers-edit"
        + " created (RoleBinding training/ml-engineers-edit in //container.googleapis.com/" + CLUSTER
        + ", delete by alice@example.com)");
    assertThat(record.path("outcome").asText()).isEqualTo("repaired");
    assertThat(record.path("changedBy").asText()).isEqualTo("alice@example.com");
    assertThat(record.path("message").asText()).contains("RoleBinding training/ml-engineers-edit")
        .contains("delete by alice@example.com");
    assertThat(record.path("kubernetes").toString()).contains("\"status\":\"created\"");
    assertThat(first.applied().orElseThrow().calls().writes()).isEqualTo(1);
    assertThat(second.outcome()).isEqualTo(Outcome.COMPLIANT);
    assertThat(second.applied().orElseThrow().calls().writes()).isZero();
    assertThat(roleBinding().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(roleBinding().getSubjects()).extracting(s -> s.getName()).containsExactly("ml-engineers@example.com");
  }

  @Test
  void aDeclaredSubjectTakenOutOfTheBindingIsPutBackAndOthersAddedStay() {
    createClusterObjects();
    try (KubernetesClient k8s = cluster()) {
      RoleBinding edited = roleBinding();
      edited.setSubjects(List.of(new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder().withKind("User")
          .withName("carol@example.com").withApiGroup("rbac.authorization.k8s.io").build()));
      k8s.rbac().roleBindings().inNamespace("training").resource(edited).update();
    }

    RepairOutcome outcome = objects.repair(change(ClusterObjectKind.ROLE_BINDING, "ml-engineers-edit", "patch",
        "bob@example.com"));

    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(Outcome.APPLIED);
    assertThat(outcome.result().calls().writes()).isEqualTo(1);
    assertThat(roleBinding().getSubjects()).extracting(s -> s.getName())
        .containsExactlyInAnyOrder("carol@example.com", "ml-engineers@example.com");
  }

  @Test
  void aDeletedNamespaceComesBackWithWhatItHeld() {
    createClusterObjects();
    LOCAL.cloud().removeKubernetesObject(CLUSTER, "Namespace", Optional.empty(), "training", "alice@example.com");

    RepairOutcome outcome = objects.repair(lastObjectChange());

    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(Outcome.APPLIED);
    assertThat(outcome.result().clusterObjects()).extracting(o -> o.object())
        .containsExactly("Namespace training", "ServiceAccount training/trainer", "RoleBinding training/ml-engineers-edit");
    try (KubernetesClient k8s = cluster()) {
      assertThat(k8s.namespaces().withName("training").get()).isNotNull();
    }
  }

  /** One in-cluster change left alone, and why: by the repair, or by the admission gate (an exemption). */
  record Left(String name, KubernetesChange change, String reason, Outcome status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Left> leftAlone() {
    KubernetesChange legacy = new KubernetesChange(ResourceRef.of(GkeCluster.KIND, "ml-legacy-e", "us-central1-a",
        "legacy-gke"), ClusterObjectKind.ROLE_BINDING, Optional.of("training"), "ml-engineers-edit", "delete",
        ClusterObjectKind.ROLE_BINDING.method("delete"), Optional.of("alice@example.com"), Optional.empty(),
        DeliveryPath.EVENTARC, "e-legacy");
    return List.of(
        new Left("a deletion by autobind's own in-cluster identity",
            change(ClusterObjectKind.ROLE_BINDING, "ml-engineers-edit", "delete", OWN_ACCOUNT),
            "changed by autobind's own in-cluster identity " + OWN_ACCOUNT + ", whose changes are never acted on",
            Outcome.IGNORED),
        new Left("an object policy.kubernetes does not declare",
            change(ClusterObjectKind.ROLE_BINDING, "someone-elses", "delete", "alice@example.com"),
            "policy.kubernetes declares no RoleBinding training/someone-elses for this cluster", Outcome.IGNORED),
        new Left("a deletion in an exempt project", legacy, "exempt by policy.exemptions[0] (the legacy team"
            + " manages its own IAM until its migration; until 2027-06-30)", Outcome.EXEMPT));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("leftAlone")
  void inClusterChangesLeftAloneSayWhyAndWriteNothing(Left left) {
    createClusterObjects();
    long calls = LOCAL.cloud().calls().values().stream().mapToLong(Long::longValue).sum();

    List<Decision> records = new ArrayList<>();
    Decision decision = dispatcher(records).handle(new Intake.KubernetesObjectChanged(left.change()));

    assertThat(records).containsExactly(decision);
    ApplyResult result = decision.applied().orElseThrow();
    assertThat(result.status()).isEqualTo(left.status());
    assertThat(result.reason()).isEqualTo(left.reason());
    assertThat(result.calls().writes()).isZero();
    if (!left.name().startsWith("an object")) {
      assertThat(LOCAL.cloud().calls().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(calls);
    }
  }

  // Helpers.

  private void createClusterObjects() {
    ResourceEvent created = new ResourceEvent(ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a",
        "train-gke-1"), Phase.LAST, "google.container.v1.ClusterManager.CreateCluster",
        Optional.of("alice@example.com"), Optional.of(LOCAL.clock().instant()), DeliveryPath.EVENTARC, "create-1");
    ApplyResult result = EventMapping.reconcile(applier, created, POLICY);
    assertThat(result.status()).as(result.reason()).isIn(Outcome.APPLIED, Outcome.COMPLIANT);
    assertThat(roleBinding()).isNotNull();
  }

  private static KubernetesChange change(ClusterObjectKind kind, String name, String verb, String principal) {
    return new KubernetesChange(ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-gke-1"), kind,
        kind.namespaced() ? Optional.of("training") : Optional.empty(), name, verb, kind.method(verb),
        Optional.of(principal), Optional.empty(), DeliveryPath.EVENTARC, "e-" + name);
  }

  private Decision deliver(byte[] delivery) {
    List<Decision> records = new ArrayList<>();
    Decision decision = dispatcher(records).handle(new EventDecoder(ShippedKinds.registry()).decodeStructured(delivery));
    assertThat(records).containsExactly(decision);
    return decision;
  }

  /** The dispatcher as an instance builds it: the policy's admission gate in front of both repairs. */
  private Invocation dispatcher(List<Decision> records) {
    PolicyApplier engine = new PolicyApplier(POLICY, applier, () -> { });
    return new Invocation(new EventDecoder(ShippedKinds.registry()), engine::apply, Optional.of(repair::repair),
        records::add).admittedBy(engine::admission).withObjectRepair(objects::repair);
  }

  private static KubernetesClient cluster() {
    return LOCAL.cloud().kubernetes(CLUSTER).orElseThrow(() -> new AssertionError("the cluster's API never started"));
  }

  private static RoleBinding roleBinding() {
    try (KubernetesClient k8s = cluster()) {
      return k8s.rbac().roleBindings().inNamespace("training").withName("ml-engineers-edit").get();
    }
  }

  private static String uniqueId(String email) throws Exception {
    for (JsonNode project : JSON.readTree(LOCAL.cloud().stateJson()).path("projects")) {
      for (JsonNode account : project.path("serviceAccounts")) {
        if (account.path("email").asText().equals(email)) {
          return account.path("uniqueId").asText();
        }
      }
    }
    throw new AssertionError("no account " + email + " in /state");
  }

  private static IamChange lastChange() {
    return lastChange(entry -> { });
  }

  private static IamChange lastChange(Consumer<ObjectNode> edit) {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(lastDelivery(edit));
    assertThat(intake).isInstanceOf(Intake.IamPolicyChanged.class);
    return ((Intake.IamPolicyChanged) intake).change();
  }

  private static KubernetesChange lastObjectChange() {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(lastDelivery(entry -> { }));
    assertThat(intake).isInstanceOf(Intake.KubernetesObjectChanged.class);
    return ((Intake.KubernetesObjectChanged) intake).change();
  }

  /** The local cloud's last audit entry, edited, as Eventarc delivers it in structured mode. */
  private static byte[] lastDelivery(Consumer<ObjectNode> edit) {
    List<ObjectNode> entries = LOCAL.cloud().auditEntries();
    assertThat(entries).isNotEmpty();
    ObjectNode entry = entries.get(entries.size() - 1);
    edit.accept(entry);
    ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("type", "google.cloud.audit.log.v1.written")
        .put("source", "//cloudaudit.googleapis.com/projects/p/logs/activity").put("id", entry.path("insertId").asText());
    event.set("data", entry);
    try {
      return JSON.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long iamWrites() {
    return IAM_WRITES.stream().mapToLong(m -> LOCAL.cloud().calls(m)).sum();
  }

  private static List<String> members(String resource, String role) {
    return LOCAL.cloud().iamPolicy(resource).getBindingsList().stream().filter(b -> b.getRole().equals(role))
        .flatMap(b -> b.getMembersList().stream()).toList();
  }
}
