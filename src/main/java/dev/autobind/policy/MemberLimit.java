package dev.autobind.policy;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses rules that could put more than 1,500 members on one policy, IAM's limit. It counts as IAM
 * does: each member of each binding, with the same (role, condition, member) counted once.
 */
final class MemberLimit {

  static final int MAX_MEMBERS = 1500;

  private static final Map<GrantScope, String> TARGET = Map.of(
      GrantScope.PROJECT, "project policy",
      GrantScope.SERVICE_ACCOUNT, "service account policy",
      GrantScope.RESOURCE, "resource policy");

  private final Problems problems;

  MemberLimit(Problems problems) {
    this.problems = problems;
  }

  /** Every rule may apply to the same resource, so the worst case for a target is all rules together. */
  void check(Field rules, List<Rule> all) {
    Map<GrantScope, Set<List<Object>>> bindings = new EnumMap<>(GrantScope.class);
    for (Rule rule : all) {
      for (GrantScope scope : GrantScope.values()) {
        for (RoleGrant grant : rule.grant().in(scope)) {
          grant.members().forEach(member -> bindings.computeIfAbsent(scope, s -> new HashSet<>())
              .add(List.of(grant.role(), grant.condition(), member)));
        }
      }
    }
    bindings.forEach((scope, set) -> {
      if (set.size() > MAX_MEMBERS) {
        problems.add(rules, String.format(Locale.ROOT, "the rules can add %,d members to one %s; IAM allows at most %,d",
            set.size(), TARGET.get(scope), MAX_MEMBERS));
      }
    });
  }
}
