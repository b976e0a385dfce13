package dev.autobind.policy;

import dev.autobind.kind.NamingRules;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What autobind knows about IAM role names: their syntax, and which roles it refuses to hand out. */
public final class RoleName {

  /** Basic roles: far broader than any workload needs. Never granted. */
  static final Set<String> BASIC = Set.of("roles/owner", "roles/editor", "roles/viewer");

  /**
   * Roles that let members act as a service account: impersonate it, mint its tokens, or run
   * workloads as it. On one account (grant.serviceAccount) that is the point; anywhere else they
   * cover every account below the grant.
   */
  static final Set<String> ACT_AS = Set.of(
      "roles/iam.serviceAccountUser",
      "roles/iam.serviceAccountTokenCreator",
      "roles/iam.serviceAccountOpenIdTokenCreator",
      "roles/iam.workloadIdentityUser");

  /**
   * Roles whose names do not say "admin" but that change IAM policies, deny policies, tags or org
   * policies, or move projects under other policies. Tags matter because conditions can test them.
   */
  static final Set<String> POLICY_CHANGING = Set.of(
      "roles/resourcemanager.tagUser",
      "roles/resourcemanager.projectMover",
      "roles/resourcemanager.folderMover",
      "roles/resourcemanager.folderIamAdmin",
      "roles/resourcemanager.organizationIamAdmin",
      "roles/storage.legacyBucketOwner",
      "roles/bigquery.dataOwner",
      "roles/iam.denyAdmin",
      "roles/orgpolicy.policyAdmin");

  /** The last word of a predefined role id that marks an administrator or owner, e.g. {@code storage.admin}, {@code iam.securityAdmin}. */
  private static final Pattern ADMIN = Pattern.compile("roles/[A-Za-z0-9_]+\\.([A-Za-z0-9_]*(Admin|Owner)|admin|owner)(\\.v[0-9]+)?");

  private RoleName() {}

  /** Why {@code role} is not a role name, or empty when it is one. */
  public static Optional<String> problem(String role) {
    return wellFormed(role) ? Optional.empty() : Optional.of(notARole(role));
  }

  static boolean wellFormed(String role) {
    return NamingRules.isRoleName(role);
  }

  /** The refusal for a malformed role, naming it as the user wrote it. */
  static String notARole(String shown) {
    return Problems.shown(shown)
        + " is not a role; write roles/NAME, or projects/PROJECT/roles/ID or organizations/ORG/roles/ID with an ID of"
        + " 3 to 64 letters, digits, '_' or '.' (custom roles are refused unless allowSensitiveRoles lists them)";
  }

  /** True for Google's predefined roles ({@code roles/...}), false for custom roles. */
  static boolean predefined(String role) {
    return role.startsWith("roles/");
  }

  /** True for the legacy AI Platform roles ({@code roles/ml.*}), which Vertex AI replaced. */
  static boolean legacy(String role) {
    return role.startsWith("roles/ml.");
  }

  /**
   * Why granting {@code role} in {@code scope} is sensitive, or empty when it is not: the one rule
   * behind the guardrail, which refuses a sensitive role unless {@code allowSensitiveRoles} names it.
   * The rule, in order: custom roles (whoever may edit one can widen it after validation); the
   * act-as roles anywhere but on the standard account; roles that change IAM policies, deny
   * policies, tags or org policies; and administrator or owner roles of any service.
   */
  public static Optional<String> sensitivity(String role, GrantScope scope) {
    if (!predefined(role)) {
      return Optional.of(role + " is a custom role, whose permissions can be widened after validation");
    }
    if (ACT_AS.contains(role) && scope != GrantScope.SERVICE_ACCOUNT) {
      return Optional.of(role + " on the " + (scope == GrantScope.PROJECT ? "project" : "resource")
          + " lets members act as every service account in it; grant it under grant.serviceAccount");
    }
    if (POLICY_CHANGING.contains(role)) {
      return Optional.of(role + " can change IAM policies, deny policies, tags or org policies");
    }
    if (ADMIN.matcher(role).matches()) {
      return Optional.of(role + " is an administrator role, which can change IAM policies or escalate privilege");
    }
    return Optional.empty();
  }

  /** True when {@code role} is sensitive in some scope, so that allowSensitiveRoles may name it. */
  static boolean sensitive(String role) {
    for (GrantScope scope : GrantScope.values()) {
      if (sensitivity(role, scope).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
