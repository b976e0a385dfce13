package dev.autobind.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.event.BindingDelta;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.IamChange;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.VertexModel;
import dev.autobind.plan.BindingChange;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which kinds a removal is checked against (a resource's own policy: its kind only; a project's: every kind of
 * the rules), exemptions by resource glob, the standard account's policy, and who made the change.
 */
class DriftPlannerScopeTest {
  private static final Policy POLICY = PolicyFile.parse("function.yaml", """
      policy:
        projects: {include: ["ml-*"]}
        serviceAccount: {accountId: ml-trainer}
        rules:
          - name: reviewers
            resources: [vertex-model, vertex-endpoint]
            grant:
              project: [{role: roles/aiplatform.user, members: ["group:ml-reviewers@example.com"]}]
              resource: [{role: roles/aiplatform.viewer, members: ["group:ml-reviewers@example.com"]}]
              serviceAccount: [{role: roles/iam.workloadIdentityUser, members: ["group:ml-reviewers@example.com"]}]
        exemptions:
          - resources: ["//aiplatform.googleapis.com/projects/ml-serve-b/locations/*/models/42"]
            reason: hand-managed model
            expires: 2027-06-30
      """, ShippedKinds.registry()).policy();
  private static final Instant NOW = Instant.parse("2026-11-20T10:01:00Z");
  private static final String OWN = "autobind-fn@ml-platform-ops.iam.gserviceaccount.com";
  private static final String REVIEWERS = "group:ml-reviewers@example.com";
  private static final String ACCOUNT = "ml-trainer@ml-serve-b.iam.gserviceaccount.com";
  private static final BindingDelta REMOVE_VIEWER = remove("roles/aiplatform.viewer");
  private static final BindingDelta REMOVE_USER = remove("roles/aiplatform.user");

  /** A change, whose account is the function's own, and the decision as one line. */
  record Case(String name, IamChange change, Optional<String> own, String decision) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    Optional<String> own = Optional.of(OWN);
    String model43 = "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/43";
    return List.of(
        new Case("a model's policy is checked against the model kind only", model("43", "bob@example.com"), own,
            "restore on " + model43 + ": roles/aiplatform.viewer if a vertex-model grants it"),
        new Case("a project's policy is checked against every kind of the rule",
            change(PolicyHolder.project("ml-serve-b"), "bob@example.com", REMOVE_USER), own,
            "restore on //cloudresourcemanager.googleapis.com/projects/ml-serve-b: roles/aiplatform.user if a"
                + " vertex-model or vertex-endpoint grants it"),
        new Case("a resource glob does not exempt the project", change(PolicyHolder.project("ml-serve-b"), "bob@example.com",
            REMOVE_USER), own, "restore on //cloudresourcemanager.googleapis.com/projects/ml-serve-b:"
                + " roles/aiplatform.user if a vertex-model or vertex-endpoint grants it"),
        new Case("the standard account's policy, its email in another case",
            change(PolicyHolder.serviceAccount("ml-serve-b", ACCOUNT.toUpperCase(java.util.Locale.ROOT)), "bob@example.com",
                remove("roles/iam.workloadIdentityUser")), own,
            "restore on //iam.googleapis.com/projects/ml-serve-b/serviceAccounts/" + ACCOUNT
                + ": roles/iam.workloadIdentityUser if a vertex-model or vertex-endpoint grants it"),
        new Case("another account's policy", change(PolicyHolder.serviceAccount("ml-serve-b",
            "other@ml-serve-b.iam.gserviceaccount.com"), "bob@example.com", remove("roles/iam.workloadIdentityUser")), own,
            "leave: service account other@ml-serve-b.iam.gserviceaccount.com is not the standard account " + ACCOUNT),
        new Case("a role granted on projects, removed from a model", model("43", "bob@example.com", REMOVE_USER), own,
            "leave: the policy never grants roles/aiplatform.user on resource policies"),
        new Case("a change by the function's account when it names none", model("43", OWN), Optional.empty(),
            "restore on " + model43 + ": roles/aiplatform.viewer if a vertex-model grants it"),
        new Case("a change by nobody named", change(PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-serve-b",
            "us-central1", "43")), null, REMOVE_VIEWER), own,
            "restore on " + model43 + ": roles/aiplatform.viewer if a vertex-model grants it"),
        new Case("a change by the function's account", model("43", OWN), own,
            "leave: changed by autobind's own account " + OWN + ", whose changes are never acted on"),
        new Case("two roles never granted are named once each", change(PolicyHolder.project("ml-serve-b"),
            "bob@example.com", remove("roles/storage.admin"), remove("roles/owner"), remove("roles/storage.admin")), own,
            "leave: the policy never grants roles/storage.admin, roles/owner on project policies"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    assertThat(line(DriftPlanner.decide(c.change(), POLICY, c.own()))).isEqualTo(c.decision());
  }

  @Test
  void aProjectNamedByNumberMustBeResolvedFirst() {
    IamChange change = change(PolicyHolder.project("123456789012"), "bob@example.com", REMOVE_USER);

    assertThatThrownBy(() -> DriftPlanner.decide(change, POLICY, Optional.of(OWN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolve project number 123456789012 to its id first");
  }

  /** The restore of a model's viewer binding, to match planned bindings against. */
  private static DriftDecision.Restore restoreOfModel43() {
    return (DriftDecision.Restore) DriftPlanner.decide(model("43", "bob@example.com"), POLICY, Optional.of(OWN));
  }

  record Binding(String name, BindingChange binding, boolean restores) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Binding> bindings() {
    PolicyHolder model43 = restoreOfModel43().target();
    PolicyHolder model44 = PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-serve-b", "us-central1", "44"));
    return List.of(
        new Binding("the same role and member", binding(model43, "roles/aiplatform.viewer", REVIEWERS), true),
        new Binding("the member's email in another case", binding(model43, "roles/aiplatform.viewer",
            "group:ML-Reviewers@example.com"), true),
        new Binding("another role", binding(model43, "roles/aiplatform.user", REVIEWERS), false),
        new Binding("another member", binding(model43, "roles/aiplatform.viewer", "group:other@example.com"), false),
        new Binding("another model", binding(model44, "roles/aiplatform.viewer", REVIEWERS), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindings")
  void aPlannedBindingRestoresOnlyTheRemovedOne(Binding b) {
    assertThat(DriftPlanner.restores(b.binding(), restoreOfModel43())).isEqualTo(b.restores());
  }

  private static BindingChange binding(PolicyHolder target, String role, String member) {
    return new BindingChange(target, role, member, Optional.empty(), "reviewers");
  }

  private static String line(DriftDecision decision) {
    if (decision instanceof DriftDecision.Leave leave) {
      return (leave.exempt() ? "exempt: " : "leave: ") + leave.reason();
    }
    DriftDecision.Restore restore = (DriftDecision.Restore) decision;
    return "restore on " + restore.target().fullName() + ": " + String.join(", ", restore.removals().stream()
        .map(BindingDelta::role).toList()) + " if a " + String.join(" or ",
        restore.kinds().stream().map(ResourceKind::id).toList()) + " grants it";
  }

  private static BindingDelta remove(String role) {
    return new BindingDelta(BindingDelta.Action.REMOVE, role, REVIEWERS, Optional.empty());
  }

  private static IamChange model(String id, String principal) {
    return model(id, principal, REMOVE_VIEWER);
  }

  private static IamChange model(String id, String principal, BindingDelta delta) {
    return change(PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "ml-serve-b", "us-central1", id)), principal,
        delta);
  }

  private static IamChange change(PolicyHolder target, String principal, BindingDelta... deltas) {
    return new IamChange(target, List.of(deltas), "SetIamPolicy", Optional.ofNullable(principal), Optional.empty(),
        DeliveryPath.EVENTARC, "e");
  }
}
