package dev.autobind.deploy;

import dev.autobind.kind.KindDeployment;
import dev.autobind.kind.KindRegistry;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the function's own service account is granted, and the IAM condition that bounds it. */
public final class LeastPrivilege {

  /** Reads and writes project IAM policies; granted only under {@link #condition}. */
  public static final String PROJECT_IAM_ADMIN = "roles/resourcemanager.projectIamAdmin";
  /** Creates service accounts (and reads them); nothing else. */
  public static final String SERVICE_ACCOUNT_CREATOR = "roles/iam.serviceAccountCreator";
  /** The narrow predefined roles that read the governed kinds, e.g. roles/container.clusterViewer. */
  public static final List<KindDeployment.ViewerRole> VIEWER_ROLES = KindRegistry.SHIPPED.kinds().stream()
      .flatMap(k -> k.deployment().viewerRole().stream()).distinct().toList();
  /** Lets the trigger identity receive audit-log events from Eventarc (eventarc mode only). */
  public static final String EVENT_RECEIVER = "roles/eventarc.eventReceiver";
  /** Lets the sink's writer identity publish to the topic (pubsub mode only). */
  public static final String PUBLISHER = "roles/pubsub.publisher";

  /** The id of autobind's custom role, defined on the organization or project that holds the grants. */
  public static final String CUSTOM_ROLE_ID = "autobindFunction";
  public static final String CUSTOM_ROLE_TITLE = "autobind function";
  public static final String CUSTOM_ROLE_DESCRIPTION =
      "Read Vertex AI models and set the IAM policies of service accounts and models;"
          + " granted to autobind only under a condition that limits the roles it may grant";
  /**
   * The permissions no narrow predefined role holds, sorted: the only predefined roles with the service
   * account ones are roles/iam.serviceAccountAdmin (which can also delete and disable accounts), and each
   * kind adds its own (a Vertex AI model's are only in roles/aiplatform.admin, all of Vertex AI).
   */
  public static final List<String> CUSTOM_ROLE_PERMISSIONS = Stream.concat(
      Stream.of("iam.serviceAccounts.get", "iam.serviceAccounts.getIamPolicy", "iam.serviceAccounts.setIamPolicy"),
      KindRegistry.SHIPPED.kinds().stream().flatMap(k -> k.deployment().permissions().stream()))
      .distinct().sorted().toList();

  public static final String CONDITION_TITLE = "autobind grants only the roles in function.yaml";
  public static final String CONDITION_DESCRIPTION =
      "Requests may add or remove bindings only for these roles, reads and other requests are unaffected";

  private LeastPrivilege() {}

  /**
   * The IAM condition that lets a request change bindings only for {@code roles}:
   * {@code api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...])}.
   */
  public static String condition(List<String> roles) {
    String list = roles.stream().sorted().distinct().map(r -> "'" + celString(r) + "'")
        .collect(Collectors.joining(", "));
    return "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([" + list + "])";
  }

  /**
   * The {@code --condition} flag for gcloud. The expression holds commas, so it uses gcloud's
   * alternate delimiter syntax ({@code ^;^}, see {@code gcloud topic escaping}).
   */
  public static String conditionFlag(List<String> roles) {
    String flag = "--condition=^;^expression=" + condition(roles) + ";title=" + CONDITION_TITLE
        + ";description=" + CONDITION_DESCRIPTION;
    if (flag.chars().filter(c -> c == ';').count() != 3) {
      throw new IllegalArgumentException("a role holds ';', which the --condition delimiter cannot carry: " + roles);
    }
    return flag;
  }

  private static String celString(String role) {
    if (role.contains("'") || role.contains("\\")) {
      throw new IllegalArgumentException(role + " cannot be written in a CEL string literal");
    }
    return role;
  }
}
