package dev.autobind.policy;

import dev.autobind.kind.NamingRules;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What autobind knows about IAM role names: their syntax, and which roles it refuses to hand out. */
public final class RoleName {

  /** Basic roles: far broader than any workload needs. Never granted. */
  static final Set<String> BASIC = Set.of("roles/owner", "roles/editor", "roles/viewer");

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
   * Why {@code role} must not be granted as written, or empty when it may: a {@code roles/...} name that
   * the role catalog does not know (unless {@code allowUnknown} lists it), with the nearest known names.
   */
  static Optional<String> unknown(String role, Set<String> allowUnknown) {
    RoleCatalog catalog = RoleCatalog.shipped();
    if (!predefined(role) || catalog.known(role) || allowUnknown.contains(role)) {
      return Optional.empty();
    }
    Optional<String> recased = catalog.recased(role);
    if (recased.isPresent()) {
      return Optional.of(Problems.shown(role) + " is not a predefined role: role names are case-sensitive; write "
          + recased.get());
    }
    List<String> nearest = catalog.nearest(role);
    return Optional.of(Problems.shown(role) + " is not a predefined role in autobind's catalog ("
        + catalog.source() + ")" + (nearest.isEmpty() ? "." : "; did you mean " + String.join(" or ", nearest) + "?")
        + " If Google added it since, refresh the catalog with scripts/refresh-roles.sh, or list it under"
        + " policy.allowUnknownRoles");
  }

  /** True for a predefined role that Google has deprecated. */
  static boolean deprecated(String role) {
    return RoleCatalog.shipped().find(role).filter(RoleCatalog.Known::deprecated).isPresent();
  }

  /**
   * Why granting {@code role} in {@code scope} is sensitive, or empty when it is not: the one rule
   * behind the guardrail, which refuses a sensitive role unless {@code allowSensitiveRoles} names it.
   * A role is sensitive when it carries a permission from escalation-permissions.txt. Acting as a service
   * account is the point of a grant on one account (grant.serviceAccount), so there those permissions alone do
   * not make a role sensitive. Custom roles are sensitive (whoever may edit one can widen it after validation),
   * and so are predefined roles the catalog does not know, since what they can do is unknown.
   */
  public static Optional<String> sensitivity(String role, GrantScope scope) {
    if (!predefined(role)) {
      return Optional.of(role + " is a custom role, whose permissions can be widened after validation");
    }
    Optional<RoleCatalog.Known> known = RoleCatalog.shipped().find(role);
    if (known.isEmpty()) {
      return Optional.of(role + " is not in autobind's role catalog, so what it can do is unknown");
    }
    List<Escalation> carried = known.get().escalations().stream()
        .filter(e -> scope != GrantScope.SERVICE_ACCOUNT || e.kind() != Escalation.Kind.IMPERSONATE).toList();
    Optional<Escalation> worst = carried.stream().filter(e -> e.kind() != Escalation.Kind.IMPERSONATE)
        .min(Comparator.comparing(Escalation::kind));
    if (worst.isPresent()) {
      return Optional.of(role + " carries " + worst.get().permission() + ", which " + worst.get().kind().meaning());
    }
    if (!carried.isEmpty()) {
      return Optional.of(role + " on the " + (scope == GrantScope.PROJECT ? "project" : "resource")
          + " lets members act as every service account in it (" + carried.get(0).permission()
          + "); grant it under grant.serviceAccount");
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
