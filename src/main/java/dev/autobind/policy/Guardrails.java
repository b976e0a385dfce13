package dev.autobind.policy;

import java.util.Set;

/**
 * What the policy allows beyond the defaults, as every grant is checked against it.
 *
 * @param sensitiveRoles policy.allowSensitiveRoles
 * @param unknownRoles policy.allowUnknownRoles: {@code roles/...} names newer than the role catalog
 * @param memberDomains the rule of policy.memberDomains
 */
record Guardrails(Set<String> sensitiveRoles, Set<String> unknownRoles, MemberDomains memberDomains) {

  Guardrails {
    sensitiveRoles = Set.copyOf(sensitiveRoles);
    unknownRoles = Set.copyOf(unknownRoles);
  }
}
