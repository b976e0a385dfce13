package dev.autobind.plan;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.type.Expr;
import dev.autobind.policy.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds bindings to an IAM policy without taking anything away. Pure: the caller reads the policy
 * (at version 3) and writes the result back with the same etag.
 */
public final class PolicyMerge {

  /** The version a policy with conditional bindings must be written at. */
  public static final int CONDITIONAL_VERSION = 3;

  /** Prefixes whose identifier is an email or domain, which IAM compares without regard to case. */
  private static final Set<String> CASE_INSENSITIVE = Set.of("user:", "group:", "serviceAccount:", "domain:");

  private PolicyMerge() {}

  /**
   * The policy with every addition present, or empty when {@code current} already has them all.
   *
   * <p>Bindings are keyed by role and condition. A member already in any binding with the same key is
   * left alone; otherwise it is added to the first binding with that key, or a new binding is appended. Existing bindings, their members (including {@code deleted:}
   * ones) and their order are kept as they are, as are the etag and audit configs. The version becomes
   * 3 when any binding has a condition, and is kept otherwise.
   *
   * @throws IllegalArgumentException when the additions are for more than one target
   */
  public static Optional<Policy> merge(Policy current, List<BindingChange> additions) {
    if (additions.stream().map(BindingChange::target).distinct().count() > 1) {
      throw new IllegalArgumentException("additions for more than one target: "
          + additions.stream().map(BindingChange::target).distinct().toList());
    }
    List<Binding.Builder> bindings = new ArrayList<>();
    current.getBindingsList().forEach(b -> bindings.add(b.toBuilder()));
    boolean changed = false;
    for (BindingChange addition : additions) {
      changed |= add(bindings, addition);
    }
    if (!changed) {
      return Optional.empty();
    }
    Policy.Builder merged = current.toBuilder().clearBindings();
    bindings.forEach(b -> merged.addBindings(b.build()));
    if (merged.getBindingsList().stream().anyMatch(Binding::hasCondition)) {
      merged.setVersion(CONDITIONAL_VERSION);
    }
    return Optional.of(merged.build());
  }

  /** IAM's condition for a policy condition. */
  public static Expr expr(Condition condition) {
    return Expr.newBuilder()
        .setTitle(condition.title())
        .setDescription(condition.description().orElse(""))
        .setExpression(condition.expression())
        .build();
  }

  /** How many members the policy holds, counted as IAM counts toward its 1,500 limit. */
  public static int memberCount(Policy policy) {
    return policy.getBindingsList().stream().mapToInt(Binding::getMembersCount).sum();
  }

  /** True when the two member strings name the same principal. */
  public static boolean sameMember(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    int colon = a.indexOf(':');
    return colon > 0 && CASE_INSENSITIVE.contains(a.substring(0, colon + 1))
        && b.startsWith(a.substring(0, colon + 1)) && a.equalsIgnoreCase(b);
  }

  /** Adds the member unless a binding with the same role and condition already holds it (IAM may return several). */
  private static boolean add(List<Binding.Builder> bindings, BindingChange addition) {
    Optional<Expr> condition = addition.condition().map(PolicyMerge::expr);
    List<Binding.Builder> sameKey = bindings.stream().filter(b -> sameKey(b, addition.role(), condition)).toList();
    if (sameKey.stream().anyMatch(b -> b.getMembersList().stream().anyMatch(m -> sameMember(m, addition.member())))) {
      return false;
    }
    if (!sameKey.isEmpty()) {
      sameKey.get(0).addMembers(addition.member());
      return true;
    }
    Binding.Builder added = Binding.newBuilder().setRole(addition.role()).addMembers(addition.member());
    condition.ifPresent(added::setCondition);
    bindings.add(added);
    return true;
  }

  private static boolean sameKey(Binding.Builder binding, String role, Optional<Expr> condition) {
    if (!binding.getRole().equals(role) || binding.hasCondition() != condition.isPresent()) {
      return false;
    }
    return condition.map(c -> c.equals(binding.getCondition())).orElse(true);
  }
}
