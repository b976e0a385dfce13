package dev.autobind.event;

import java.util.List;
import java.util.Map;

/** The SetIamPolicy fixtures under src/test/resources/events (iam-*) with the outcome intake must give for each. */
final class IamChangeFixtures {
  private static final String DELTA = "data.protoPayload.serviceData.policyDelta.bindingDeltas[0]";
  private static final String NOT_AN_ACCOUNT = " is neither an email nor a unique id (up to 30 digits, no leading zero)";

  private IamChangeFixtures() {}

  static List<EventFixtures.Case> all() {
    return List.of(
        change("iam-project-remove.eventarc.json", "project", "demo-train",
            "//cloudresourcemanager.googleapis.com/projects/demo-train", "SetIamPolicy", "eventarc"),
        change("iam-project-remove.pubsub.json", "project", "demo-train",
            "//cloudresourcemanager.googleapis.com/projects/demo-train", "SetIamPolicy", "pubsub-log"),
        change("iam-project-add-only.eventarc.json", "project", "demo-train",
            "//cloudresourcemanager.googleapis.com/projects/demo-train", "SetIamPolicy", "eventarc"),
        change("iam-project-conditional-remove.eventarc.json", "project", "demo-train",
            "//cloudresourcemanager.googleapis.com/projects/demo-train", "SetIamPolicy", "eventarc"),
        change("iam-account-remove.eventarc.json", "service-account", "demo-train",
            "//iam.googleapis.com/projects/demo-train/serviceAccounts/ml-trainer@demo-train.iam.gserviceaccount.com",
            "google.iam.admin.v1.SetIAMPolicy", "eventarc"),
        change("iam-model-remove.pubsub.json", "vertex-model", "demo-models",
            "//aiplatform.googleapis.com/projects/demo-models/locations/us-central1/models/9988776655443322110",
            "google.iam.v1.IAMPolicy.SetIamPolicy", "pubsub-log"),

        change("iam-account-console-remove.eventarc.json", "service-account", "demo-train",
            "//iam.googleapis.com/projects/demo-train/serviceAccounts/104512345678901234567",
            "google.iam.admin.v1.SetIAMPolicy", "eventarc"),
        change("iam-account-console-remove.pubsub.json", "service-account", "demo-train",
            "//iam.googleapis.com/projects/demo-train/serviceAccounts/104512345678901234567",
            "google.iam.admin.v1.SetIAMPolicy", "pubsub-log"),
        // The label names another account; intake never reads it, drift repair resolves the unique id through IAM.
        change("iam-account-console-lying-label.eventarc.json", "service-account", "demo-train",
            "//iam.googleapis.com/projects/demo-train/serviceAccounts/104512345678901234567",
            "google.iam.admin.v1.SetIAMPolicy", "eventarc"),
        change("iam-endpoint-remove.eventarc.json", "vertex-endpoint", "demo-models",
            "//aiplatform.googleapis.com/projects/demo-models/locations/europe-west4/endpoints/1234567890123456789",
            "google.iam.v1.IAMPolicy.SetIamPolicy", "eventarc"),
        change("iam-vertex-endpoint.pubsub.json", "vertex-endpoint", "demo-models",
            "//aiplatform.googleapis.com/projects/demo-models/locations/us-central1/endpoints/555",
            "google.iam.v1.IAMPolicy.SetIamPolicy", "pubsub-log"),

        ignored("iam-account-google-managed.eventarc.json", "service account"
            + " \"service-210987654321@gcp-sa-aiplatform.iam.gserviceaccount.com\" is not named by the email of a"
            + " user-managed account (ID@PROJECT.iam.gserviceaccount.com)"),
        ignored("iam-folder.eventarc.json",
            "resourceName \"folders/123456789\" is not a project (folders and organizations are not governed)"),
        ignored("iam-other-service.eventarc.json", "method \"SetIamPolicy\" of service \"pubsub.googleapis.com\""
            + " is not watched (only of cloudresourcemanager.googleapis.com)"),
        ignored("iam-failed.eventarc.json",
            "the policy change failed with status code 9: \"There were concurrent policy changes.\""),
        ignored("iam-no-binding-delta.eventarc.json",
            "the policy change of //cloudresourcemanager.googleapis.com/projects/demo-train changed no binding"),

        invalid("iam-missing-service-data.eventarc.json",
            "data.protoPayload.serviceData: missing; a SetIamPolicy entry states its changes there"),
        invalid("iam-wrong-service-data-type.eventarc.json", "data.protoPayload.serviceData.@type: is"
            + " \"type.googleapis.com/google.iam.admin.v1.AuditData\"; expected"
            + " type.googleapis.com/google.iam.v1.logging.AuditData"),
        invalid("iam-delta-unknown-action.eventarc.json", DELTA + ".action: missing or unknown; expected ADD or REMOVE"),
        invalid("iam-delta-missing-action.eventarc.json", DELTA + ".action: missing or unknown; expected ADD or REMOVE"),
        invalid("iam-delta-not-a-list.eventarc.json",
            "data.protoPayload.serviceData.policyDelta.bindingDeltas: expected an array, got an object"),
        invalid("iam-delta-member-number.eventarc.json", DELTA + ".member: expected a string, got a number"),
        invalid("iam-delta-missing-role.eventarc.json", DELTA + ".role: missing"),
        invalid("iam-delta-hostile-member.eventarc.json", DELTA + ".member:"
            + " \"serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com\\nuser:eve@example.co...\" (81 characters)"
            + " is not an IAM member (TYPE:ID in printable ASCII, allUsers or allAuthenticatedUsers)"),
        invalid("iam-delta-hostile-role.eventarc.json", DELTA + ".role: \"roles/owner $(curl evil)\" is not an IAM"
            + " role name (roles/NAME, projects/P/roles/NAME or organizations/N/roles/NAME)"),
        invalid("iam-delta-condition-no-expression.eventarc.json", DELTA + ".condition.expression: missing"),
        invalid("iam-hostile-project.eventarc.json", "data.protoPayload.resourceName: project \"Demo_Train\" is neither"
            + " a project id (6 to 30 lowercase letters, digits or hyphens, starting with a letter, not ending with a"
            + " hyphen) nor a project number"),
        invalid("iam-account-hostile-name.eventarc.json", "data.protoPayload.request.resource:"
            + " \"projects/-/serviceAccounts/ml-trainer@demo-train.iam.gserviceaccount.com/../../k...\" (83 characters)"
            + " is not a service account name (projects/P/serviceAccounts/EMAIL_OR_ID)"),
        invalid("iam-account-id-not-digits.eventarc.json", "data.protoPayload.request.resource: account"
            + " \"10451234567890123456x\"" + NOT_AN_ACCOUNT),
        invalid("iam-account-id-oversized.eventarc.json", "data.protoPayload.request.resource: account"
            + " \"9999999999999999999999999999999999999999\"" + NOT_AN_ACCOUNT),
        invalid("iam-account-id-traversal.eventarc.json", "data.protoPayload.resourceName: account \"..\""
            + NOT_AN_ACCOUNT),
        invalid("iam-account-id-disagrees.eventarc.json", "data.protoPayload.request.resource: unique id"
            + " \"104512345678901234999\" disagrees with resourceName's \"104512345678901234567\""),
        invalid("iam-account-id-wrong-type.eventarc.json", "data.protoPayload.request.resource: expected a string"));
  }

  static EventFixtures.Case change(String file, String kind, String project, String resource, String method,
      String path) {
    return new EventFixtures.Case(file, "iam-change", Map.of("kind", kind, "project", project, "resource", resource,
        "method", method, "path", path));
  }

  static EventFixtures.Case ignored(String file, String reason) {
    return new EventFixtures.Case(file, "ignored", Map.of("reason", reason));
  }

  static EventFixtures.Case invalid(String file, String error) {
    return new EventFixtures.Case(file, "invalid", Map.of("error", error));
  }
}
