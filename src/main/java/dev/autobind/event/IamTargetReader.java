package dev.autobind.event;

import static dev.autobind.event.NamingRules.shown;

import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.protobuf.Value;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads which policy a SetIamPolicy entry changed; one constant per kind of policy holder. */
enum IamTargetReader {

  /** Resource Manager writes {@code resourceName: projects/ID} for a project policy. */
  PROJECT {
    @Override
    Read read(LogEntryData entry, String field) {
      String name = resourceName(entry, field);
      Matcher m = PROJECT_NAME.matcher(name);
      if (!m.matches()) {
        return skip("resourceName " + shown(name) + " is not a project (folders and organizations are not governed)");
      }
      String project = NamingRules.project(m.group(1), field + RESOURCE_NAME);
      return found(new IamTarget(IamTarget.Kind.PROJECT, project, Optional.empty(), project,
          "//cloudresourcemanager.googleapis.com/projects/" + project));
    }
  },

  /**
   * IAM writes {@code resourceName: projects/-/serviceAccounts/UNIQUE_ID} and names the account by email in
   * {@code request.resource} (cloud.google.com/iam/docs/audit-logging/examples-service-accounts); the
   * email's domain says its project.
   */
  SERVICE_ACCOUNT {
    @Override
    Read read(LogEntryData entry, String field) {
      String resourceName = resourceName(entry, field);
      if (!ACCOUNT_NAME.matcher(resourceName).matches()) {
        throw new InvalidField(field + RESOURCE_NAME, shown(resourceName)
            + " is not a service account name (projects/P/serviceAccounts/EMAIL_OR_ID)");
      }
      Optional<String> requested = requestResource(entry, field);
      String named = requested.orElse(resourceName);
      String namedField = requested.isPresent() ? field + ".protoPayload.request.resource" : field + RESOURCE_NAME;
      Matcher m = ACCOUNT_NAME.matcher(named);
      if (!m.matches()) {
        throw new InvalidField(namedField, shown(named) + " is not a service account name"
            + " (projects/P/serviceAccounts/EMAIL_OR_ID)");
      }
      Matcher email = USER_MANAGED_EMAIL.matcher(m.group(2));
      // Service agents (service-N@gcp-sa-API.iam.gserviceaccount.com) have the same shape, but no project of that name.
      if (!email.matches() || email.group(2).startsWith("gcp-sa-")) {
        return skip("service account " + shown(m.group(2))
            + " is not named by the email of a user-managed account (ID@PROJECT.iam.gserviceaccount.com)");
      }
      String project = NamingRules.project(email.group(2), namedField);
      String selector = m.group(1);
      boolean number = selector.chars().allMatch(Character::isDigit);
      if (!selector.equals("-") && !number && !selector.equals(project)) {
        throw new InvalidField(namedField, "project " + shown(selector) + " disagrees with the account's email,"
            + " which names project " + shown(project));
      }
      String address = m.group(2);
      return found(new IamTarget(IamTarget.Kind.SERVICE_ACCOUNT, project, Optional.empty(), address,
          "//iam.googleapis.com/projects/" + project + "/serviceAccounts/" + address));
    }
  },

  /** Vertex AI's IAMPolicy mixin writes the model's name; it may carry the project number. */
  VERTEX_MODEL {
    @Override
    Read read(LogEntryData entry, String field) {
      String name = resourceName(entry, field);
      Matcher m = MODEL_NAME.matcher(name);
      if (!m.matches()) {
        return skip("resourceName " + shown(name) + " is not a Vertex AI model (projects/P/locations/L/models/M)");
      }
      String project = NamingRules.project(m.group(1), field + RESOURCE_NAME);
      String label = entry.getResource().getLabelsMap().getOrDefault("project_id", "");
      if (!label.isEmpty()) {
        project = NamingRules.project(label, field + ".resource.labels.project_id");
      }
      String location = NamingRules.location(m.group(2), field + RESOURCE_NAME);
      String model = NamingRules.anyModelId(m.group(3), field + RESOURCE_NAME);
      return found(new IamTarget(IamTarget.Kind.VERTEX_MODEL, project, Optional.of(location), model,
          "//aiplatform.googleapis.com/projects/" + project + "/locations/" + location + "/models/" + model));
    }
  };

  private static final String RESOURCE_NAME = ".protoPayload.resourceName";
  private static final Pattern PROJECT_NAME = Pattern.compile("projects/([^/]*)");
  private static final Pattern ACCOUNT_NAME = Pattern.compile("projects/([^/]+)/serviceAccounts/([^/]+)");
  private static final Pattern USER_MANAGED_EMAIL =
      Pattern.compile("([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\\.iam\\.gserviceaccount\\.com");
  private static final Pattern MODEL_NAME = Pattern.compile("projects/([^/]*)/locations/([^/]*)/models/([^/]*)");

  /** The policy holder, or why the entry is not about one autobind governs. */
  record Read(Optional<IamTarget> target, String skipped) {}

  abstract Read read(LogEntryData entry, String field);

  private static Read found(IamTarget target) {
    return new Read(Optional.of(target), "");
  }

  private static Read skip(String reason) {
    return new Read(Optional.empty(), reason);
  }

  private static String resourceName(LogEntryData entry, String field) {
    String name = entry.getProtoPayload().getResourceName();
    if (name.isEmpty()) {
      throw new InvalidField(field + RESOURCE_NAME, "missing");
    }
    return name;
  }

  private static Optional<String> requestResource(LogEntryData entry, String field) {
    Value value = entry.getProtoPayload().getRequest().getFieldsMap().get("resource");
    if (value == null || value.hasNullValue()) {
      return Optional.empty();
    }
    if (!value.hasStringValue()) {
      throw new InvalidField(field + ".protoPayload.request.resource", "expected a string");
    }
    return Optional.of(value.getStringValue());
  }
}
