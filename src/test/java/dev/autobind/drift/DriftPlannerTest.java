package dev.autobind.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.BindingDelta;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.IamChange;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexModel;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure half of drift repair: what a policy change could mean, decided without an API call. Scope, exemptions
 * and the restore cap are the admission gate's (AdmissionTest).
 */
class DriftPlannerTest {
  private static final Policy POLICY = DriftRepairTest.POLICY;
  private static final Optional<String> OWN = Optional.of(DriftEvents.OWN_ACCOUNT);
  private static final String TRAINER = "serviceAccount:ml-trainer@ml-train-a.iam.gserviceaccount.com";

  /** A change, the moment it is decided at, and the decision as one line. */
  record Case(String name, IamChange change, Instant now, String decision) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    Instant now = Instant.parse("2026-11-20T10:01:00Z");
    BindingDelta removeUser = remove("roles/aiplatform.user", TRAINER);
    return List.of(
        new Case("a removal of a granted project role", project("ml-train-a", "bob@example.com", removeUser), now,
            "restore on //cloudresourcemanager.googleapis.com/projects/ml-train-a: roles/aiplatform.user for " + TRAINER
                + " if a gke-cluster or vertex-model grants it"),
        new Case("a removal of a cluster-only role looks at clusters only", project("ml-train-a", "bob@example.com",
            remove("roles/container.developer", "group:ml-engineers@example.com")), now,
            "restore on //cloudresourcemanager.googleapis.com/projects/ml-train-a: roles/container.developer for"
                + " group:ml-engineers@example.com if a gke-cluster grants it"),
        new Case("an ADD-only change", project("ml-train-a", "bob@example.com",
            new BindingDelta(BindingDelta.Action.ADD, "roles/aiplatform.user", TRAINER, Optional.empty())), now,
            "leave: no binding was removed (ADD only); drift repair acts on removals"),
        new Case("a change by the function's own account, in another case", project("ml-train-a",
            "AUTOBIND-FN@ml-platform-ops.iam.gserviceaccount.com", removeUser), now,
            "leave: changed by autobind's own account " + DriftEvents.OWN_ACCOUNT + ", whose changes are never acted on"),
        new Case("a role never granted on project policies (it is granted on models only)", project("ml-train-a",
            "bob@example.com", remove("roles/aiplatform.viewer", "group:ml-reviewers@example.com")), now,
            "leave: the policy never grants roles/aiplatform.viewer on project policies"),
        new Case("only the removals of granted roles are candidates", project("ml-train-a", "bob@example.com",
            remove("roles/storage.admin", "group:data@example.com"), removeUser), now,
            "restore on //cloudresourcemanager.googleapis.com/projects/ml-train-a: roles/aiplatform.user for " + TRAINER
                + " if a gke-cluster or vertex-model grants it"),
        new Case("a model's policy looks at that model only", new IamChange(PolicyHolder.resource(
            ResourceRef.of(VertexModel.KIND, "ml-serve-b", "us-central1", "42")),
            List.of(remove("roles/aiplatform.viewer", "group:ml-reviewers@example.com")), "m",
            Optional.of("bob@example.com"), Optional.empty(), DeliveryPath.EVENTARC, "e"), now,
            "restore on //aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/42:"
                + " roles/aiplatform.viewer for group:ml-reviewers@example.com if a vertex-model grants it"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesBeforeAnyApiCall(Case c) {
    assertThat(line(DriftPlanner.decide(c.change(), POLICY, OWN))).isEqualTo(c.decision());
  }

  private static String line(DriftDecision decision) {
    if (decision instanceof DriftDecision.Leave leave) {
      return (leave.exempt() ? "exempt: " : "leave: ") + leave.reason();
    }
    DriftDecision.Restore restore = (DriftDecision.Restore) decision;
    PolicyHolder target = restore.target();
    return "restore on " + target.fullName() + ": " + String.join(", ", restore.removals().stream()
        .map(r -> r.role() + " for " + r.member()).toList()) + " if a " + String.join(" or a ",
        restore.kinds().stream().map(ResourceKind::id).toList()).replace(" or a ", " or ") + " grants it";
  }

  private static BindingDelta remove(String role, String member) {
    return new BindingDelta(BindingDelta.Action.REMOVE, role, member, Optional.empty());
  }

  private static IamChange project(String project, String principal, BindingDelta... deltas) {
    return new IamChange(PolicyHolder.project(project), List.of(deltas), "SetIamPolicy",
        Optional.of(principal), Optional.empty(), DeliveryPath.EVENTARC, "e");
  }
}
