package dev.autobind.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.DeliveryPath;
import dev.autobind.event.KubernetesChange;
import dev.autobind.kind.ClusterObjectKind;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.plan.ClusterObject;
import dev.autobind.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure half of in-cluster drift repair: which changes are left alone, and which declared objects a change touched. */
class ObjectDriftPlannerTest {
  private static final Policy WITH_OBJECTS = DriftEverywhereTest.POLICY;
  private static final Policy WITHOUT_OBJECTS = DriftRepairTest.POLICY;
  private static final Optional<String> OWN = Optional.of(DriftEvents.OWN_ACCOUNT);

  /** A change, the policy it is judged by, and why it is left alone (empty: the cluster's plan decides). */
  record Left(String name, KubernetesChange change, Policy policy, Optional<String> reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Left> left() {
    return List.of(
        new Left("a person's deletion, objects declared", change(ClusterObjectKind.ROLE_BINDING, "rb", "delete",
            "alice@example.com"), WITH_OBJECTS, Optional.empty()),
        new Left("autobind's own patch, in another case", change(ClusterObjectKind.ROLE_BINDING, "rb", "patch",
            "AUTOBIND-FN@ml-platform-ops.iam.gserviceaccount.com"), WITH_OBJECTS,
            Optional.of("changed by autobind's own in-cluster identity " + DriftEvents.OWN_ACCOUNT
                + ", whose changes are never acted on")),
        new Left("an in-cluster service account named like autobind is someone else",
            change(ClusterObjectKind.ROLE_BINDING, "rb", "delete", "system:serviceaccount:autobind:autobind-fn"),
            WITH_OBJECTS, Optional.empty()),
        new Left("a policy without a kubernetes section", change(ClusterObjectKind.NAMESPACE, "training", "delete",
            "alice@example.com"), WITHOUT_OBJECTS,
            Optional.of("policy.kubernetes declares no object, so no in-cluster change is repaired")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("left")
  void leftAloneBeforeAnyCall(Left c) {
    assertThat(DriftPlanner.objectLeft(c.change(), c.policy(), OWN)).isEqualTo(c.reason());
  }

  /** A change, a declared object, and whether the change touched it. */
  record Touch(String name, KubernetesChange change, ClusterObject declared, boolean touched) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Touch> touches() {
    ClusterObject binding = object(ClusterObject.Kind.ROLE_BINDING, Optional.of("training"), "ml-engineers-edit");
    ClusterObject namespace = object(ClusterObject.Kind.NAMESPACE, Optional.empty(), "training");
    ClusterObject clusterBinding = object(ClusterObject.Kind.CLUSTER_ROLE_BINDING, Optional.empty(), "ml-engineers-edit");
    return List.of(
        new Touch("the same binding", change(ClusterObjectKind.ROLE_BINDING, "ml-engineers-edit", "delete", "a@b.c"),
            binding, true),
        new Touch("a binding of the same name in another namespace", new KubernetesChange(cluster(),
            ClusterObjectKind.ROLE_BINDING, Optional.of("serving"), "ml-engineers-edit", "delete",
            ClusterObjectKind.ROLE_BINDING.method("delete"), Optional.empty(), Optional.empty(), DeliveryPath.EVENTARC,
            "e"), binding, false),
        new Touch("a cluster role binding of the same name", change(ClusterObjectKind.ROLE_BINDING, "ml-engineers-edit",
            "delete", "a@b.c"), clusterBinding, false),
        new Touch("the deleted namespace itself", change(ClusterObjectKind.NAMESPACE, "training", "delete", "a@b.c"),
            namespace, true),
        new Touch("a binding inside the deleted namespace", change(ClusterObjectKind.NAMESPACE, "training", "delete",
            "a@b.c"), binding, true),
        new Touch("a binding inside a patched namespace", change(ClusterObjectKind.NAMESPACE, "training", "patch",
            "a@b.c"), binding, false),
        new Touch("a cluster-wide binding when a namespace is deleted", change(ClusterObjectKind.NAMESPACE, "training",
            "delete", "a@b.c"), clusterBinding, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("touches")
  void aChangeTouchesTheSameObjectOrWhatLivedInADeletedNamespace(Touch t) {
    assertThat(DriftPlanner.touches(t.change(), t.declared())).isEqualTo(t.touched());
  }

  private static ResourceRef cluster() {
    return ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-gke-1");
  }

  private static KubernetesChange change(ClusterObjectKind kind, String name, String verb, String principal) {
    return new KubernetesChange(cluster(), kind, kind.namespaced() ? Optional.of("training") : Optional.empty(), name,
        verb, kind.method(verb), Optional.of(principal), Optional.empty(), DeliveryPath.EVENTARC, "e");
  }

  private static ClusterObject object(ClusterObject.Kind kind, Optional<String> namespace, String name) {
    return new ClusterObject(kind, namespace, name, Map.of(), Map.of(), Optional.empty(), List.of());
  }
}
