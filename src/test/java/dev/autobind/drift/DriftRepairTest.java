package dev.autobind.drift;

import static dev.autobind.drift.DriftEvents.OWN_ACCOUNT;
import static dev.autobind.drift.DriftEvents.TRAINER_ROLE;
import static dev.autobind.drift.DriftEvents.trainer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Binding;
import dev.autobind.event.Outcome;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.RepairOutcome;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.backfill.ProjectResources;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Drift repair against the local cloud: exactly the removed binding comes back, and only where autobind owns it. */
class DriftRepairTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("drift/seed.yaml");

  static final Policy POLICY = PolicyFile.load(Path.of("src/test/resources/drift/policy.yaml"), ShippedKinds.registry()).policy();
  /** The entries are stamped 2026-11-20T10:00Z; the function sees them a minute later. */
  private static final Instant NOW = Instant.parse("2026-11-20T10:01:00Z");
  private static final List<String> WRITES = List.of(
      com.google.cloud.resourcemanager.v3.ProjectsGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.admin.v1.IAMGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.v1.IAMPolicyGrpc.getSetIamPolicyMethod().getFullMethodName(),
      com.google.iam.admin.v1.IAMGrpc.getCreateServiceAccountMethod().getFullMethodName());

  private DriftRepair repair;

  @BeforeEach
  void newRepair() {
    if (LOCAL.clock().instant().isBefore(NOW)) {
      LOCAL.clock().advance(Duration.between(LOCAL.clock().instant(), NOW));
    }
    repair = repair(LOCAL);
  }

  /** A repair over the local cloud with the test policy, whose backoff advances the manual clock. */
  static DriftRepair repair(LocalCloudExtension local) {
    RetryLoop retry = new RetryLoop(local.clock()::advance, () -> 0.5, System::nanoTime);
    Reconciler applier = new Reconciler(Gateways.over(local.clients(), ShippedKinds.plugins()), ApplySettings.defaults(), retry, new TargetLocks(),
        local.clock());
    return new DriftRepair(POLICY, Optional.of(OWN_ACCOUNT), (ref, selection) -> applier.reconcile(ref, POLICY, selection),
        applier.deliveryAge(),
        new ProjectResources(local.clients(), ShippedKinds.plugins()),
        number -> local.clients().projects().getProject("projects/" + number).getProjectId(),
        name -> local.clients().iam().getServiceAccount(name), local.clock(), false);
  }

  /**
   * One removal and how it must end.
   *
   * @param policy the policy that must hold the binding afterwards, when it is restored
   */
  record Removal(String name, Supplier<byte[]> event, Outcome status, String reason, boolean exempt, long writes,
      Optional<String> policy, String role, String member) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Removal> removals() {
    String other = "bob@example.com";
    return List.of(
        restored("a standard project binding removed by another principal, governed cluster in the project",
            () -> DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, trainer("ml-train-a"), other),
            "projects/ml-train-a", TRAINER_ROLE, trainer("ml-train-a")),
        restored("the Workload Identity binding removed from the standard account's own policy",
            () -> DriftEvents.accountRemoval("ml-train-a", "roles/iam.workloadIdentityUser",
                "serviceAccount:ml-train-a.svc.id.goog[training/trainer]", other),
            "projects/ml-train-a/serviceAccounts/ml-trainer@ml-train-a.iam.gserviceaccount.com",
            "roles/iam.workloadIdentityUser", "serviceAccount:ml-train-a.svc.id.goog[training/trainer]"),
        restored("the reviewers' binding removed from a governed model's own policy",
            () -> DriftEvents.modelRemoval("ml-serve-b", "us-central1", "4567890123456789012",
                "roles/aiplatform.viewer", "group:ml-reviewers@example.com", other),
            "projects/ml-serve-b/locations/us-central1/models/4567890123456789012", "roles/aiplatform.viewer",
            "group:ml-reviewers@example.com"),
        restored("a removal in a project whose exemption expired",
            () -> DriftEvents.projectRemoval("ml-old-f", TRAINER_ROLE, trainer("ml-old-f"), other),
            "projects/ml-old-f", TRAINER_ROLE, trainer("ml-old-f")),
        left("a binding the policy never grants",
            () -> DriftEvents.projectRemoval("ml-train-a", "roles/storage.admin", "group:data@example.com", other),
            "the policy never grants roles/storage.admin on project policies"),
        left("a granted role for a member the policy never names",
            () -> DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, "user:eve@example.com", other),
            "no governed resource's plan grants roles/aiplatform.user for user:eve@example.com"),
        left("the same removal made by the function's own account",
            () -> DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, trainer("ml-train-a"), OWN_ACCOUNT),
            "changed by autobind's own account " + OWN_ACCOUNT),
        left("a governed project with no governed resource",
            () -> DriftEvents.projectRemoval("ml-empty-c", TRAINER_ROLE, trainer("ml-empty-c"), other),
            "project ml-empty-c has no governed resource (gke-cluster, vertex-model)"),
        left("a project outside the policy, past the gate: the applier still writes nothing there",
            () -> DriftEvents.projectRemoval("other-proj-d", TRAINER_ROLE, trainer("other-proj-d"), other),
            "no governed resource's plan grants roles/aiplatform.user for serviceAccount:ml-trainer@other-proj-d"),
        left("another account's policy in a governed project",
            () -> DriftEvents.accountRemoval("ml-train-a", "legacy-runner", "roles/iam.workloadIdentityUser",
                "serviceAccount:ml-train-a.svc.id.goog[training/trainer]", other),
            "service account legacy-runner@ml-train-a.iam.gserviceaccount.com is not the standard account"),
        new Removal("a removal in an exempt project", () -> DriftEvents.projectRemoval("ml-legacy-e", TRAINER_ROLE,
            trainer("ml-legacy-e"), other), Outcome.IGNORED, "exempt by policy.exemptions[0] (the legacy team manages its own"
            + " IAM until its migration; until 2027-06-30)", true, 0, Optional.empty(), "", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void restoresExactlyWhatAutobindOwns(Removal r) {
    long before = writes();

    RepairOutcome outcome = repair.repair(DriftEvents.decoded(r.event().get()));

    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(r.status());
    assertThat(outcome.result().reason()).startsWith(r.reason());
    assertThat(outcome.exempt()).isEqualTo(r.exempt());
    assertThat(writes() - before).isEqualTo(r.writes());
    r.policy().ifPresent(p -> assertThat(members(p, r.role())).contains(r.member()));
  }

  @Test
  void restoresOnlyTheRemovedBindingNotOthersTheProjectAlsoLacks() {
    repair.repair(DriftEvents.decoded(
        DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, trainer("ml-train-a"), "bob@example.com")));

    assertThat(members("projects/ml-train-a", TRAINER_ROLE)).containsExactly(trainer("ml-train-a"));
    assertThat(members("projects/ml-train-a", "roles/container.developer")).isEmpty();
    assertThat(members("projects/ml-train-a", "roles/storage.admin")).containsExactly("group:data@example.com");
  }

  @Test
  void theSameDeliveryAgainCostsReadsAndNoWrite() {
    byte[] event = DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, trainer("ml-train-a"), "bob@example.com");
    RepairOutcome first = repair.repair(DriftEvents.decoded(event));
    long before = writes();

    RepairOutcome again = repair.repair(DriftEvents.decoded(event));

    assertThat(first.result().status()).isEqualTo(Outcome.APPLIED);
    assertThat(again.result().status()).isEqualTo(Outcome.COMPLIANT);
    assertThat(writes() - before).isZero();
    assertThat(again.result().calls().reads()).isPositive();
  }

  @Test
  void aBindingThePolicyNeverGrantsIsRefusedWithoutAnyApiCall() {
    long before = calls();

    RepairOutcome outcome = repair.repair(DriftEvents.decoded(
        DriftEvents.projectRemoval("ml-train-a", "roles/storage.admin", "group:data@example.com", "bob@example.com")));

    assertThat(outcome.result().reason()).isEqualTo("the policy never grants roles/storage.admin on project policies");
    assertThat(calls() - before).isZero();
  }

  @Test
  void theRepairedRecordSaysWhatWasRestoredAndForWhichResource() {
    RepairOutcome outcome = repair.repair(DriftEvents.decoded(
        DriftEvents.projectRemoval("ml-train-a", TRAINER_ROLE, trainer("ml-train-a"), "bob@example.com")));

    assertThat(outcome.result().reason()).isEqualTo("restored 1 removed binding that the policy grants for"
        + " //container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1");
    assertThat(outcome.result().added()).singleElement().satisfies(b -> {
      assertThat(b.role()).isEqualTo(TRAINER_ROLE);
      assertThat(b.member()).isEqualTo(trainer("ml-train-a"));
      assertThat(b.rule()).isEqualTo("training-identity");
    });
  }

  @Test
  void theLocalCloudsOwnAuditEntryOfAManualRemovalIsRepaired() throws Exception {
    LOCAL.cloud().removeBinding("projects/ml-train-a", "roles/storage.objectViewer", trainer("ml-train-a"),
        "dana@example.com");
    List<com.fasterxml.jackson.databind.node.ObjectNode> entries = LOCAL.cloud().auditEntries();
    assertThat(entries).hasSize(1);
    com.fasterxml.jackson.databind.node.ObjectNode entry = entries.get(0);
    com.fasterxml.jackson.databind.node.ObjectNode event = new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode().put("specversion", "1.0").put("type", "google.cloud.audit.log.v1.written")
        .put("source", "//cloudaudit.googleapis.com/projects/ml-train-a/logs/activity").put("id", "local-1");
    event.set("data", entry.put("timestamp", NOW.toString()));
    long before = writes();

    RepairOutcome outcome = repair.repair(DriftEvents.decoded(
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(event)));

    assertThat(entry.path("protoPayload").path("authenticationInfo").path("principalEmail").asText())
        .isEqualTo("dana@example.com");
    assertThat(outcome.result().status()).as(outcome.result().reason()).isEqualTo(Outcome.APPLIED);
    assertThat(writes() - before).isEqualTo(1);
    assertThat(LOCAL.cloud().iamPolicy("projects/ml-train-a").getBindingsList())
        .anySatisfy(b -> {
          assertThat(b.getRole()).isEqualTo("roles/storage.objectViewer");
          assertThat(b.getMembersList()).containsExactly(trainer("ml-train-a"));
          assertThat(b.getCondition().getTitle()).isEqualTo("datasets bucket only");
        });
  }

  private static Removal restored(String name, Supplier<byte[]> event, String policy, String role, String member) {
    return new Removal(name, event, Outcome.APPLIED, "restored 1 removed binding that the policy grants for //", false,
        1, Optional.of(policy), role, member);
  }

  private static Removal left(String name, Supplier<byte[]> event, String reason) {
    return new Removal(name, event, Outcome.IGNORED, reason, false, 0, Optional.empty(), "", "");
  }

  private static List<String> members(String resource, String role) {
    return LOCAL.cloud().iamPolicy(resource).getBindingsList().stream().filter(b -> b.getRole().equals(role))
        .map(Binding::getMembersList).flatMap(List::stream).toList();
  }

  private static long writes() {
    return WRITES.stream().mapToLong(LOCAL.cloud()::calls).sum();
  }

  private static long calls() {
    return LOCAL.cloud().calls().values().stream().mapToLong(Long::longValue).sum();
  }
}
