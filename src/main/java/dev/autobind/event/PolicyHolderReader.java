package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.protobuf.Value;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads which policy a SetIamPolicy entry changed: a project's, a service account's, or a governed resource's. */
interface PolicyHolderReader {

  /** The policy holder, or why the entry is not about one autobind governs. */
  record Read(Optional<PolicyHolder> target, String skipped) {
    static Read found(PolicyHolder target) {
      return new Read(Optional.of(target), "");
    }

    static Read skip(String reason) {
      return new Read(Optional.empty(), reason);
    }
  }

  /**
   * Reads the policy holder from the entry.
   *
   * @param field where the LogEntry sits in the delivery, e.g. {@code data}
   * @throws InvalidField naming the field at fault
   */
  Read read(LogEntryData entry, String field);

  String RESOURCE_NAME = ".protoPayload.resourceName";

  /** Resource Manager writes {@code resourceName: projects/ID} for a project policy. */
  static PolicyHolderReader project() {
    Pattern projectName = Pattern.compile("projects/([^/]*)");
    return (entry, field) -> {
      String name = resourceName(entry, field);
      Matcher m = projectName.matcher(name);
      if (!m.matches()) {
        return Read.skip("resourceName " + shown(name) + " is not a project (folders and organizations are not governed)");
      }
      return Read.found(PolicyHolder.project(NamingRules.project(m.group(1), field + RESOURCE_NAME)));
    };
  }

  /**
   * IAM writes {@code resourceName: projects/-/serviceAccounts/UNIQUE_ID} and names the account again in
   * {@code request.resource}: by email when gcloud made the change
   * (cloud.google.com/iam/docs/audit-logging/examples-service-accounts), by unique id
   * ({@code projects/PROJECT/serviceAccounts/UNIQUE_ID}) when the console or most client libraries did. An email's
   * domain says its project; a unique id is only a number, resolved through IAM before anything is decided
   * (docs/drift.md). The email in {@code resource.labels.email_id} is never read: nothing vouches for it.
   */
  static PolicyHolderReader serviceAccount() {
    Pattern accountName = Pattern.compile("projects/([^/]+)/serviceAccounts/([^/]+)");
    Pattern userManaged =
        Pattern.compile("([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\\.iam\\.gserviceaccount\\.com");
    String shape = " is not a service account name (projects/P/serviceAccounts/EMAIL_OR_ID)";
    return (entry, field) -> {
      String resourceName = resourceName(entry, field);
      Matcher byResource = accountName.matcher(resourceName);
      if (!byResource.matches()) {
        throw new InvalidField(field + RESOURCE_NAME, shown(resourceName) + shape);
      }
      AccountKey.of(byResource.group(2), field + RESOURCE_NAME);
      Optional<String> requested = requestResource(entry, field);
      String named = requested.orElse(resourceName);
      String namedField = requested.isPresent() ? field + ".protoPayload.request.resource" : field + RESOURCE_NAME;
      Matcher m = accountName.matcher(named);
      if (!m.matches()) {
        throw new InvalidField(namedField, shown(named) + shape);
      }
      String selector = m.group(1);
      if (AccountKey.of(m.group(2), namedField) == AccountKey.UNIQUE_ID) {
        if (AccountKey.of(byResource.group(2), field + RESOURCE_NAME) == AccountKey.UNIQUE_ID
            && !byResource.group(2).equals(m.group(2))) {
          throw new InvalidField(namedField, "unique id " + shown(m.group(2)) + " disagrees with resourceName's "
              + shown(byResource.group(2)));
        }
        boolean anyOrNumber = selector.equals("-") || selector.chars().allMatch(Character::isDigit);
        String project = anyOrNumber ? selector : NamingRules.project(selector, namedField);
        return Read.found(PolicyHolder.serviceAccountById(project, m.group(2)));
      }
      Matcher email = userManaged.matcher(m.group(2));
      // Service agents (service-N@gcp-sa-API.iam.gserviceaccount.com) have the same shape, but no project of that name.
      if (!email.matches() || email.group(2).startsWith("gcp-sa-")) {
        return Read.skip("service account " + shown(m.group(2))
            + " is not named by the email of a user-managed account (ID@PROJECT.iam.gserviceaccount.com)");
      }
      String project = NamingRules.project(email.group(2), namedField);
      boolean number = selector.chars().allMatch(Character::isDigit);
      if (!selector.equals("-") && !number && !selector.equals(project)) {
        throw new InvalidField(namedField, "project " + shown(selector) + " disagrees with the account's email,"
            + " which names project " + shown(project));
      }
      return Read.found(PolicyHolder.serviceAccount(project, m.group(2)));
    };
  }

  /** How a service account name's last segment names the account. */
  enum AccountKey {
    EMAIL, UNIQUE_ID;

    /** IAM's unique ids are 21 digits; a few more are allowed, never anything but digits. */
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,29}");

    /**
     * Which form {@code key} is.
     *
     * @throws InvalidField when it is neither an email nor a unique id
     */
    static AccountKey of(String key, String field) {
      if (key.contains("@")) {
        return EMAIL;
      }
      if (DIGITS.matcher(key).matches()) {
        return UNIQUE_ID;
      }
      throw new InvalidField(field, "account " + shown(key) + " is neither an email nor a unique id (up to 30 digits,"
          + " no leading zero)");
    }
  }

  /**
   * A governed resource's own policy, named in {@code resourceName} and read with its kind's naming rules;
   * the kind is the one whose collection the name has. Vertex AI may name the project by number, so
   * {@code resource.labels.project_id} is preferred when present.
   */
  static PolicyHolderReader resource(List<ResourceKind> kinds) {
    Pattern located = Pattern.compile("projects/[^/]*/locations/[^/]*/([^/]*)/[^/]*");
    String collections = String.join(", ", kinds.stream().map(ResourceKind::collection).toList());
    return (entry, field) -> {
      String name = resourceName(entry, field);
      Matcher m = located.matcher(name);
      Optional<ResourceKind> kind = m.matches()
          ? kinds.stream().filter(k -> k.collection().equals(m.group(1))).findFirst() : Optional.empty();
      if (kind.isEmpty()) {
        return Read.skip("resourceName " + shown(name) + " is not a governed resource (projects/P/locations/L/"
            + collections + "/ID)");
      }
      ResourceRef ref = kind.get().fromRelativeName(name, field + RESOURCE_NAME);
      String label = entry.getResource().getLabelsMap().getOrDefault("project_id", "");
      if (!label.isEmpty()) {
        ref = new ResourceRef(ref.kind(),
            ref.name().withProject(NamingRules.project(label, field + ".resource.labels.project_id")));
      }
      return Read.found(PolicyHolder.resource(ref));
    };
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
