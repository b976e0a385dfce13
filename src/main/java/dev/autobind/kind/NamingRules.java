package dev.autobind.kind;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;

/**
 * The naming rules of the APIs whose names intake passes on. Names end up inside IAM member strings
 * and resource paths, so anything outside these rules is rejected rather than escaped.
 */
public final class NamingRules {
  /** The project id rule as a regular expression, for patterns that embed a project id (such as projects/P). */
  public static final String PROJECT_ID_REGEX = "[a-z][a-z0-9-]{4,28}[a-z0-9]";
  private static final Pattern PROJECT_ID = Pattern.compile(PROJECT_ID_REGEX);
  /** IAM's role name syntax: a predefined role, or a project's or an organization's custom role. */
  private static final Pattern ROLE = Pattern.compile(
      "roles/[A-Za-z][A-Za-z0-9_.]{0,127}"
          + "|projects/" + PROJECT_ID_REGEX + "/roles/[A-Za-z0-9_.]{3,64}"
          + "|organizations/[0-9]{1,19}/roles/[A-Za-z0-9_.]{3,64}");
  /** What GKE appends to a project id to name the project's Workload Identity pool. */
  public static final String WORKLOAD_POOL_SUFFIX = ".svc.id.goog";
  private static final Pattern PROJECT_NUMBER = Pattern.compile("[1-9][0-9]{0,18}");
  private static final Pattern LOCATION = Pattern.compile("[a-z]+-[a-z]+[0-9]{1,2}(-[a-z])?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}");
  private static final Pattern CLUSTER = Pattern.compile("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern NUMERIC_MODEL_ID = Pattern.compile("[0-9]{1,19}");
  private static final Pattern CHOSEN_MODEL_ID = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");
  // IAM members are printable ASCII; the longest form (principal://...) stays far below 512 characters.
  private static final Pattern MEMBER = Pattern.compile("allUsers|allAuthenticatedUsers|[a-zA-Z]+:[\\x21-\\x7e]{1,500}");
  private static final int SHOWN_CHARS = 80;

  private NamingRules() {}

  /** A project id, or a project number (Vertex AI operation names carry only the number). */
  public static String project(String value, String field) {
    if (PROJECT_ID.matcher(value).matches() || PROJECT_NUMBER.matcher(value).matches()) {
      return value;
    }
    throw new InvalidField(field, "project " + shown(value)
        + " is neither a project id (6 to 30 lowercase letters, digits or hyphens, starting with a letter,"
        + " not ending with a hyphen) nor a project number");
  }

  /** Whether {@code value} is a project id (never a number). */
  public static boolean isProjectId(String value) {
    return PROJECT_ID.matcher(value).matches();
  }

  /** Whether {@code value} is a project number. */
  public static boolean isProjectNumber(String value) {
    return PROJECT_NUMBER.matcher(value).matches();
  }

  /** Whether {@code value} is a region or zone name, as {@link #location} accepts it. */
  public static boolean isLocation(String value) {
    return value.length() <= 40 && LOCATION.matcher(value).matches();
  }

  /** A region such as {@code us-central1} or a zone such as {@code us-central1-a}. */
  public static String location(String value, String field) {
    if (isLocation(value)) {
      return value;
    }
    throw new InvalidField(field, "location " + shown(value)
        + " is not a region or zone name (such as us-central1 or us-central1-a)");
  }

  /** A region such as {@code us-central1}: where Vertex AI keeps its resources. */
  public static String region(String value, String field) {
    if (!isRegion(location(value, field))) {
      throw new InvalidField(field, "location " + shown(value) + " is a zone; Vertex AI takes a region (such as"
          + " us-central1)");
    }
    return value;
  }

  /** A zone such as {@code us-central2-b}: where Cloud TPU keeps its nodes and queued resources. */
  public static String zone(String value, String field) {
    if (isRegion(location(value, field))) {
      throw new InvalidField(field, "location " + shown(value) + " is a region; Cloud TPU takes a zone (such as"
          + " us-central2-b)");
    }
    return value;
  }

  /** Whether {@code value} is a region such as {@code us-central1} (not a zone, not {@code global}). */
  public static boolean isRegion(String value) {
    return value != null && REGION.matcher(value).matches();
  }

  /** A GKE cluster name. */
  public static String cluster(String value, String field) {
    if (isCluster(value)) {
      return value;
    }
    throw new InvalidField(field, "cluster name " + shown(value)
        + " breaks the GKE naming rules (lowercase letters, digits and hyphens, starting with a letter,"
        + " ending with a letter or digit, at most 40 characters)");
  }

  /** Whether {@code value} is a GKE cluster name; the rule {@link #cluster} applies. */
  public static boolean isCluster(String value) {
    return CLUSTER.matcher(value).matches();
  }

  /** An assigned model id, or one a user chose at upload time. */
  public static String anyModelId(String value, String field) {
    if (NUMERIC_MODEL_ID.matcher(value).matches() || CHOSEN_MODEL_ID.matcher(value).matches()) {
      return value;
    }
    throw new InvalidField(field, "model id " + shown(value)
        + " breaks the Vertex AI naming rules (1 to 19 digits, or up to 63 lowercase letters, digits,"
        + " hyphens or underscores starting with a letter)");
  }

  /** An IAM role name, checked with the same rule as the policy file's roles. */
  public static String role(String value, String field) {
    if (value.isEmpty()) {
      throw new InvalidField(field, "missing");
    }
    if (!isRoleName(value)) {
      throw new InvalidField(field, shown(value)
          + " is not an IAM role name (roles/NAME, projects/P/roles/NAME or organizations/N/roles/NAME)");
    }
    return value;
  }

  /** An IAM member as a policy delta carries it: {@code TYPE:ID}, allUsers or allAuthenticatedUsers. */
  public static String member(String value, String field) {
    if (value.isEmpty()) {
      throw new InvalidField(field, "missing");
    }
    if (!MEMBER.matcher(value).matches()) {
      throw new InvalidField(field, shown(value)
          + " is not an IAM member (TYPE:ID in printable ASCII, allUsers or allAuthenticatedUsers)");
    }
    return value;
  }

  /** A principal email as audit logs carry it for users and service accounts. */
  public static boolean isEmail(String value) {
    return value.length() <= 254 && EMAIL.matcher(value).matches();
  }

  /** The value, or its first {@code max} characters followed by "...". */
  public static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max) + "...";
  }

  /** A value quoted for an error message: escaped, and cut short so hostile input cannot flood the log. */
  public static String shown(String value) {
    if (value.length() <= SHOWN_CHARS) {
      return quoted(value);
    }
    return quoted(cut(value, SHOWN_CHARS)) + " (" + value.length() + " characters)";
  }

  private static String quoted(String value) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
  }

  /** Whether {@code value} has IAM's role name syntax (whether the role exists is not known here). */
  public static boolean isRoleName(String value) {
    return ROLE.matcher(value).matches();
  }

  /** The Workload Identity pool GKE gives the clusters of {@code projectId}. */
  public static String workloadPool(String projectId) {
    return projectId + WORKLOAD_POOL_SUFFIX;
  }
}
