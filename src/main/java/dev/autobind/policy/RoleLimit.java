package dev.autobind.policy;

import java.util.List;
import java.util.TreeSet;

/**
 * Refuses a policy that grants more distinct roles in one scope than one IAM condition can list. The
 * function may change a scope's bindings only under
 * {@code api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...])}, and Google
 * allows at most {@value #MAX_ROLES} roles in that list (IAM docs, "Set limits on granting roles").
 */
final class RoleLimit {

  static final int MAX_ROLES = 10;

  private final Problems problems;

  RoleLimit(Problems problems) {
    this.problems = problems;
  }

  void check(Field rules, List<Rule> all) {
    for (GrantScope scope : GrantScope.values()) {
      TreeSet<String> roles = new TreeSet<>();
      all.forEach(rule -> rule.grant().in(scope).forEach(g -> roles.add(g.role())));
      if (roles.size() > MAX_ROLES) {
        problems.add(rules, "the rules grant " + roles.size() + " distinct roles at grant." + scope.key()
            + " scope; Google allows at most " + MAX_ROLES + " roles in one modifiedGrantsByRole hasOnly list,"
            + " the condition that bounds what the function may grant there: split the policy or drop roles");
      }
    }
  }
}
