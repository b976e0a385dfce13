package dev.autobind.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.plan.ClusterObject.Kind;
import dev.autobind.plan.ClusterObject.RoleRef;
import dev.autobind.policy.ClusterSetup.RoleKind;
import dev.autobind.policy.ClusterSetup.Subject;
import dev.autobind.policy.ClusterSetup.SubjectKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure decision behind every in-cluster write: create, leave, add exactly the missing, or refuse. */
class ObjectMergeTest {

  static final Subject ENGINEERS = new Subject(SubjectKind.GROUP, "ml-engineers@example.com", Optional.empty());
  static final Subject TRAINER = new Subject(SubjectKind.SERVICE_ACCOUNT, "trainer", Optional.of("training"));
  static final Subject ALICE = new Subject(SubjectKind.USER, "alice@example.com", Optional.empty());
  static final RoleRef EDIT = new RoleRef(RoleKind.CLUSTER_ROLE, "edit");

  static final ClusterObject NAMESPACE = new ClusterObject(Kind.NAMESPACE, Optional.empty(), "training",
      Map.of("team", "ml"), Map.of(), Optional.empty(), List.of());
  static final ClusterObject ACCOUNT = new ClusterObject(Kind.SERVICE_ACCOUNT, Optional.of("training"), "trainer",
      Map.of(), Map.of("iam.gke.io/gcp-service-account", "ml-trainer@p.iam.gserviceaccount.com"), Optional.empty(),
      List.of());
  static final ClusterObject BINDING = new ClusterObject(Kind.ROLE_BINDING, Optional.of("training"), "edit",
      Map.of(), Map.of(), Optional.of(EDIT), List.of(ENGINEERS, TRAINER));

  /** An object wanted, what the cluster holds, and the step expected. */
  record Case(String name, ClusterObject wanted, Optional<ObservedObject> found, ObjectMerge.Step step) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ObservedObject observed(Map<String, String> labels, Map<String, String> annotations, Optional<RoleRef> role,
      List<Subject> subjects) {
    return new ObservedObject(labels, annotations, role, subjects);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("absent: create", NAMESPACE, Optional.empty(), new ObjectMerge.Create()),
        new Case("holds the label, and one of its own: nothing to do", NAMESPACE,
            Optional.of(observed(Map.of("team", "ml", "cost", "42"), Map.of("note", "x"), Optional.empty(), List.of())),
            new ObjectMerge.Present()),
        new Case("lacks the label: add just it", NAMESPACE,
            Optional.of(observed(Map.of("cost", "42"), Map.of(), Optional.empty(), List.of())),
            new ObjectMerge.Add(Map.of("team", "ml"), Map.of(), List.of())),
        new Case("the label holds another value: conflict", NAMESPACE,
            Optional.of(observed(Map.of("team", "research"), Map.of(), Optional.empty(), List.of())),
            new ObjectMerge.Conflict("Namespace training: label team is research, not ml; someone else set it, and"
                + " autobind never overwrites it")),
        new Case("lacks the annotation: add just it", ACCOUNT,
            Optional.of(observed(Map.of(), Map.of("owner", "ml"), Optional.empty(), List.of())),
            new ObjectMerge.Add(Map.of(), Map.of("iam.gke.io/gcp-service-account", "ml-trainer@p.iam.gserviceaccount.com"),
                List.of())),
        new Case("the annotation names another account: conflict", ACCOUNT,
            Optional.of(observed(Map.of(), Map.of("iam.gke.io/gcp-service-account", "other@p.iam.gserviceaccount.com"),
                Optional.empty(), List.of())),
            new ObjectMerge.Conflict("ServiceAccount training/trainer: annotation iam.gke.io/gcp-service-account is"
                + " other@p.iam.gserviceaccount.com, not ml-trainer@p.iam.gserviceaccount.com; someone else set it, and"
                + " autobind never overwrites it")),
        new Case("holds every subject and one more: nothing to do", BINDING,
            Optional.of(observed(Map.of(), Map.of(), Optional.of(EDIT), List.of(ALICE, TRAINER, ENGINEERS))),
            new ObjectMerge.Present()),
        new Case("lacks a subject: add just it", BINDING,
            Optional.of(observed(Map.of(), Map.of(), Optional.of(EDIT), List.of(ALICE, ENGINEERS))),
            new ObjectMerge.Add(Map.of(), Map.of(), List.of(TRAINER))),
        new Case("names another role: conflict, roleRef is immutable", BINDING,
            Optional.of(observed(Map.of(), Map.of(), Optional.of(new RoleRef(RoleKind.CLUSTER_ROLE, "admin")),
                List.of(ENGINEERS, TRAINER))),
            new ObjectMerge.Conflict("RoleBinding training/edit exists with roleRef ClusterRole/admin, not"
                + " ClusterRole/edit; a roleRef cannot change, so autobind leaves the binding as it is")),
        new Case("a Role of the same name is not the ClusterRole", BINDING,
            Optional.of(observed(Map.of(), Map.of(), Optional.of(new RoleRef(RoleKind.ROLE, "edit")), List.of())),
            new ObjectMerge.Conflict("RoleBinding training/edit exists with roleRef Role/edit, not ClusterRole/edit;"
                + " a roleRef cannot change, so autobind leaves the binding as it is")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesTheStep(Case c) {
    assertThat(ObjectMerge.merge(c.wanted(), c.found())).isEqualTo(c.step());
  }
}
