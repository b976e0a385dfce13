package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.autobind.event.BindingDelta;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.event.Intake;
import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit entries the local cloud writes for IAM policy changes read, through intake, as the platform's would. */
class AuditTrailTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("drift/seed.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aWriteThroughTheApiIsRecordedAsAnAddByTheCaller() throws Exception {
    LOCAL.cloud().deliverAuditEntries(Optional.empty(), "autobind-fn@ml-platform-ops.iam.gserviceaccount.com");
    Policy current = LOCAL.clients().projects().getIamPolicy(GetIamPolicyRequest.newBuilder()
        .setResource("projects/ml-empty-c")
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
    LOCAL.clients().projects().setIamPolicy(SetIamPolicyRequest.newBuilder().setResource("projects/ml-empty-c")
        .setPolicy(current.toBuilder().addBindings(Binding.newBuilder().setRole("roles/aiplatform.user")
            .addMembers("serviceAccount:ml-trainer@ml-empty-c.iam.gserviceaccount.com"))).build());

    IamChange change = decoded(LOCAL.cloud().auditEntries());

    assertThat(change.target().fullName()).isEqualTo("//cloudresourcemanager.googleapis.com/projects/ml-empty-c");
    assertThat(change.principal()).contains("autobind-fn@ml-platform-ops.iam.gserviceaccount.com");
    assertThat(change.deltas()).containsExactly(new BindingDelta(BindingDelta.Action.ADD, "roles/aiplatform.user",
        "serviceAccount:ml-trainer@ml-empty-c.iam.gserviceaccount.com", Optional.empty()));
  }

  @Test
  void aRemovalByHandFromAModelIsRecordedAsARemoveByThatPerson() throws Exception {
    LOCAL.cloud().removeBinding("projects/ml-serve-b/locations/us-central1/models/4567890123456789012",
        "roles/aiplatform.viewer", "group:risk@example.com", "dana@example.com");

    IamChange change = decoded(LOCAL.cloud().auditEntries());

    assertThat(change.target().fullName())
        .isEqualTo("//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/4567890123456789012");
    assertThat(change.principal()).contains("dana@example.com");
    assertThat(change.removals()).extracting(BindingDelta::member).containsExactly("group:risk@example.com");
  }

  private static IamChange decoded(List<ObjectNode> entries) throws Exception {
    assertThat(entries).hasSize(1);
    ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("type", "google.cloud.audit.log.v1.written")
        .put("source", "//cloudaudit.googleapis.com/projects/p/logs/activity").put("id", "1");
    event.set("data", entries.get(0));
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(JSON.writeValueAsBytes(event));
    assertThat(intake).isInstanceOf(Intake.IamPolicyChanged.class);
    return ((Intake.IamPolicyChanged) intake).change();
  }
}
