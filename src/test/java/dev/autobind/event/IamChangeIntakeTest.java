package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.type.Expr;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.VertexModel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What intake reads from a SetIamPolicy entry: the policy holder, who changed it, when, and each delta. */
class IamChangeIntakeTest {
  private static final String TRAINER = "serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com";

  /** One fixture and the change intake must read from it. */
  record Expected(String file, PolicyHolder target, List<BindingDelta> deltas, Optional<String> principal,
      Optional<Instant> time) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Expected> changes() {
    Optional<String> bob = Optional.of("bob@example.com");
    Optional<Instant> at = Optional.of(Instant.parse("2026-11-20T10:00:00Z"));
    PolicyHolder project = PolicyHolder.project("demo-train");
    BindingDelta removeUser = new BindingDelta(BindingDelta.Action.REMOVE, "roles/aiplatform.user", TRAINER,
        Optional.empty());
    Expr datasets = Expr.newBuilder().setTitle("datasets bucket only")
        .setExpression("resource.name.startsWith(\"projects/_/buckets/demo-train-datasets\")").build();
    return List.of(
        new Expected("iam-project-remove.eventarc.json", project, List.of(removeUser), bob, at),
        new Expected("iam-project-remove.pubsub.json", project, List.of(removeUser), bob, at),
        new Expected("iam-project-conditional-remove.eventarc.json", project, List.of(
            new BindingDelta(BindingDelta.Action.REMOVE, "roles/storage.objectViewer", TRAINER, Optional.of(datasets)),
            new BindingDelta(BindingDelta.Action.ADD, "roles/storage.objectViewer", TRAINER, Optional.empty())),
            bob, at),
        new Expected("iam-account-remove.eventarc.json",
            PolicyHolder.serviceAccount("demo-train", "ml-trainer@demo-train.iam.gserviceaccount.com"),
            List.of(new BindingDelta(BindingDelta.Action.REMOVE, "roles/iam.workloadIdentityUser",
                "serviceAccount:demo-train.svc.id.goog[training/trainer]", Optional.empty())), bob, at),
        new Expected("iam-model-remove.pubsub.json", PolicyHolder.resource(ResourceRef.of(VertexModel.KIND, "demo-models",
            "us-central1", "9988776655443322110")),
            List.of(new BindingDelta(BindingDelta.Action.REMOVE, "roles/aiplatform.viewer",
                "group:ml-reviewers@example.com", Optional.empty())), bob, at));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void readsTheChangedPolicyWhoWhenAndEachDelta(Expected e) {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(EventFixtures.read(e.file()));

    assertThat(intake).isInstanceOf(Intake.IamPolicyChanged.class);
    IamChange change = ((Intake.IamPolicyChanged) intake).change();
    assertThat(change.target()).isEqualTo(e.target());
    assertThat(change.deltas()).isEqualTo(e.deltas());
    assertThat(change.principal()).isEqualTo(e.principal());
    assertThat(change.time()).isEqualTo(e.time());
  }
}
