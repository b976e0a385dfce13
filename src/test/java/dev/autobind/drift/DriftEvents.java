package dev.autobind.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.IamChange;
import dev.autobind.event.Intake;
import dev.autobind.kinds.ShippedKinds;

/** SetIamPolicy entries for the drift tests, made from the real-shaped fixtures by changing who, where and what. */
public final class DriftEvents {
  public static final String TRAINER_ROLE = "roles/aiplatform.user";
  public static final String OWN_ACCOUNT = "autobind-fn@ml-platform-ops.iam.gserviceaccount.com";

  private DriftEvents() {}

  public static String trainer(String project) {
    return "serviceAccount:ml-trainer@" + project + ".iam.gserviceaccount.com";
  }

  /** {@code principal} removed {@code role} for {@code member} from project {@code project}'s policy. */
  public static byte[] projectRemoval(String project, String role, String member, String principal) {
    return EventFixtures.edit("iam-project-remove.eventarc.json", event -> {
      ObjectNode data = (ObjectNode) event.get("data");
      ObjectNode payload = (ObjectNode) data.get("protoPayload");
      payload.put("resourceName", "projects/" + project);
      ((ObjectNode) payload.get("authenticationInfo")).put("principalEmail", principal);
      ((ObjectNode) data.get("resource").get("labels")).put("project_id", project);
      delta(payload, "REMOVE", role, member);
    });
  }

  /** {@code principal} removed {@code role} for {@code member} from the standard account's own policy. */
  public static byte[] accountRemoval(String project, String role, String member, String principal) {
    return accountRemoval(project, "ml-trainer", role, member, principal);
  }

  /** {@code principal} removed {@code role} for {@code member} from account {@code accountId}'s own policy. */
  public static byte[] accountRemoval(String project, String accountId, String role, String member, String principal) {
    return EventFixtures.edit("iam-account-remove.eventarc.json", event -> {
      ObjectNode payload = (ObjectNode) event.get("data").get("protoPayload");
      ((ObjectNode) payload.get("request")).put("resource",
          "projects/-/serviceAccounts/" + accountId + "@" + project + ".iam.gserviceaccount.com");
      ((ObjectNode) payload.get("authenticationInfo")).put("principalEmail", principal);
      delta(payload, "REMOVE", role, member);
    });
  }

  /** {@code principal} removed {@code role} for {@code member} from a model's own policy. */
  public static byte[] modelRemoval(String project, String location, String model, String role, String member,
      String principal) {
    return EventFixtures.edit("iam-project-remove.eventarc.json", event -> {
      ObjectNode data = (ObjectNode) event.get("data");
      ObjectNode payload = (ObjectNode) data.get("protoPayload");
      payload.put("serviceName", "aiplatform.googleapis.com").put("methodName", "google.iam.v1.IAMPolicy.SetIamPolicy")
          .put("resourceName", "projects/" + project + "/locations/" + location + "/models/" + model);
      ((ObjectNode) payload.get("authenticationInfo")).put("principalEmail", principal);
      ((ObjectNode) data.get("resource").get("labels")).put("project_id", project);
      delta(payload, "REMOVE", role, member);
    });
  }

  /** The change intake reads from {@code event}; fails the test when intake reads something else. */
  public static IamChange decoded(byte[] event) {
    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(event);
    if (!(intake instanceof Intake.IamPolicyChanged changed)) {
      throw new AssertionError("not a policy change: " + intake);
    }
    return changed.change();
  }

  private static void delta(ObjectNode payload, String action, String role, String member) {
    ArrayNode deltas = ((ObjectNode) payload.get("serviceData").get("policyDelta")).putArray("bindingDeltas");
    deltas.addObject().put("action", action).put("role", role).put("member", member);
  }
}
