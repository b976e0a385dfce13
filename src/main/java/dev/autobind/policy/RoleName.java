package dev.autobind.policy;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What autobind knows about IAM role names: their syntax, and which roles it refuses to hand out. */
public final class RoleName {

  /** Basic roles: far broader than any workload needs. Never granted. */
  static final Set<String> BASIC = Set.of("roles/owner", "roles/editor", "roles/viewer");

  /** Roles that let their holder grant themselves more. Granted only when allowSensitiveRoles names them. */
  static final Set<String> ESCALATING = Set.of(
      "roles/resourcemanager.projectIamAdmin",
      "roles/resourcemanager.folderAdmin",
      "roles/resourcemanager.organizationAdmin",
      "roles/iam.securityAdmin",
      "roles/iam.serviceAccountTokenCreator",
      "roles/iam.serviceAccountKeyAdmin",
      "roles/iam.serviceAccountAdmin",
      "roles/iam.roleAdmin",
      "roles/iam.organizationRoleAdmin",
      "roles/iam.workloadIdentityPoolAdmin");

  /**
   * Roles that are fine on one service account but, on a project, let members act as every service
   * account in it. Granted at project level only when allowSensitiveRoles names them.
   */
  static final Set<String> IMPERSONATING = Set.of("roles/iam.serviceAccountUser", "roles/iam.workloadIdentityUser");

  private static final Pattern SYNTAX = Pattern.compile(
      "roles/[A-Za-z][A-Za-z0-9_.]{0,127}"
          + "|projects/[a-z][-a-z0-9]{4,28}[a-z0-9]/roles/[A-Za-z0-9_.]{3,64}"
          + "|organizations/[0-9]{1,19}/roles/[A-Za-z0-9_.]{3,64}");

  private RoleName() {}

  /** Why {@code role} is not a role name, or empty when it is one. */
  public static Optional<String> problem(String role) {
    return wellFormed(role) ? Optional.empty() : Optional.of(notARole(role));
  }

  static boolean wellFormed(String role) {
    return SYNTAX.matcher(role).matches();
  }

  /** The refusal for a malformed role, naming it as the user wrote it. */
  static String notARole(String shown) {
    return Problems.shown(shown)
        + " is not a role; write roles/NAME, projects/PROJECT/roles/NAME or organizations/ORG/roles/NAME";
  }

  /** True for Google's predefined roles ({@code roles/...}), false for custom roles. */
  static boolean predefined(String role) {
    return role.startsWith("roles/");
  }

  /** True for the legacy AI Platform roles ({@code roles/ml.*}), which Vertex AI replaced. */
  static boolean legacy(String role) {
    return role.startsWith("roles/ml.");
  }

  /** True when allowSensitiveRoles may name {@code role}. */
  static boolean sensitive(String role) {
    return ESCALATING.contains(role) || IMPERSONATING.contains(role);
  }
}
