package dev.autobind.plan;

import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.policy.CelLiteral;
import dev.autobind.policy.Condition;
import dev.autobind.policy.GrantScope;
import dev.autobind.policy.Match;
import dev.autobind.policy.MemberForm;
import dev.autobind.policy.Placeholder;
import dev.autobind.policy.Policy;
import dev.autobind.policy.RoleGrant;
import dev.autobind.policy.RoleName;
import dev.autobind.policy.Rule;
import dev.autobind.policy.StandardAccount;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one resource reference into a {@link Plan}: pure, with no I/O, no clock and no environment. What
 * to grant comes from the policy and the facts; the reference only names the resource. No delivery detail
 * (who, when, which audit entry) reaches the planner.
 */
public final class Planner {

  /** Why a placeholder may have no value. */
  private static final Map<Placeholder, String> UNKNOWN = Map.of(
      Placeholder.PROJECT_NUMBER, "project number unknown offline",
      Placeholder.WORKLOAD_POOL, "workload pool unknown (Workload Identity is off on the cluster, or it was not looked up)");

  private Planner() {}

  /**
   * Plans one resource, its cluster's Kubernetes objects included.
   *
   * @throws IllegalArgumentException when {@code facts} are about another project than the reference's
   */
  public static PlanOutcome plan(ResourceRef ref, Policy policy, ResourceFacts facts) {
    return plan(ref, policy, facts, true);
  }

  /**
   * Plans one resource whose creation is still under way (its operation's first audit entry): as
   * {@link #plan(ResourceRef, Policy, ResourceFacts)}, but a cluster's Kubernetes objects wait for the
   * operation's last entry, since its API may not answer yet.
   */
  public static PlanOutcome planWhileCreating(ResourceRef ref, Policy policy, ResourceFacts facts) {
    return plan(ref, policy, facts, false);
  }

  private static PlanOutcome plan(ResourceRef ref, Policy policy, ResourceFacts facts, boolean clusterReady) {
    requireSameProject(ref, facts);
    Optional<String> refusal = policy.projects().refusal(facts.projectId());
    if (refusal.isPresent()) {
      return new PlanOutcome.Ignored(refusal.get());
    }
    ServiceAccountSpec account = account(policy.serviceAccount(), facts.projectId());
    Map<Placeholder, String> values = values(ref, facts, account);
    Map<Placeholder, String> unknown = new EnumMap<>(UNKNOWN);
    facts.workloadPool().filter(pool -> !policy.trustsPool(pool, facts.projectId())).ifPresent(pool -> {
      values.remove(Placeholder.WORKLOAD_POOL);
      unknown.put(Placeholder.WORKLOAD_POOL, "workload pool " + pool + " is neither "
          + ResourceFacts.workloadPoolOf(facts.projectId()) + " (the project's own) nor listed in policy.workloadIdentityPools");
    });
    Map<List<Object>, BindingChange> bindings = new LinkedHashMap<>();
    List<SkippedRule> skipped = new ArrayList<>();
    for (Rule rule : policy.rules()) {
      Optional<String> mismatch = mismatch(rule, ref, facts);
      if (mismatch.isPresent()) {
        skipped.add(new SkippedRule(rule.name(), mismatch.get()));
        continue;
      }
      for (GrantScope scope : GrantScope.values()) {
        List<RoleGrant> grants = rule.grant().in(scope);
        if (!grants.isEmpty()) {
          PolicyHolder target = target(scope, ref, facts.projectId(), account);
          grants.forEach(grant -> bind(rule, grant, target, values, unknown, bindings, skipped));
        }
      }
    }
    List<ClusterObject> objects = policy.kubernetes()
        .map(k -> ClusterObjects.plan(k, ref.kind(), clusterReady, values, skipped)).orElse(List.of());
    return new Plan(ref, account, List.copyOf(bindings.values()), skipped, objects);
  }

  private static void requireSameProject(ResourceRef ref, ResourceFacts facts) {
    String project = ref.name().project();
    boolean same = ref.name().projectIsNumber()
        ? facts.projectNumber().map(project::equals).orElse(true)
        : project.equals(facts.projectId());
    if (!same) {
      throw new IllegalArgumentException("the facts are for project " + facts.projectId()
          + facts.projectNumber().map(n -> " (" + n + ")").orElse("") + " but the reference names project " + project);
    }
  }

  /**
   * The standard service account of {@code projectId}, as every plan for that project names it; the
   * applier probes it while the resource is looked up.
   */
  public static ServiceAccountSpec standardAccount(Policy policy, String projectId) {
    return account(policy.serviceAccount(), projectId);
  }

  private static ServiceAccountSpec account(StandardAccount standard, String projectId) {
    Map<Placeholder, String> project = Map.of(Placeholder.PROJECT, projectId);
    return new ServiceAccountSpec(projectId, standard.accountId(), standard.email(projectId),
        Placeholder.substitute(standard.displayName(), project), Placeholder.substitute(standard.description(), project));
  }

  private static Map<Placeholder, String> values(ResourceRef ref, ResourceFacts facts, ServiceAccountSpec account) {
    Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
    values.put(Placeholder.PROJECT, facts.projectId());
    values.put(Placeholder.LOCATION, ref.name().location());
    values.put(Placeholder.NAME, ref.name().id());
    values.put(Placeholder.SERVICE_ACCOUNT, account.email());
    facts.projectNumber().ifPresent(n -> values.put(Placeholder.PROJECT_NUMBER, n));
    facts.workloadPool().ifPresent(p -> values.put(Placeholder.WORKLOAD_POOL, p));
    return values;
  }

  /** Why the rule does not apply to this resource, or cannot be decided; empty when it applies. */
  static Optional<String> mismatch(Rule rule, ResourceRef ref, ResourceFacts facts) {
    if (!rule.covers(ref.kind())) {
      return Optional.of("applies to " + ids(rule.resources()) + ", not " + ref.kind().id());
    }
    Match match = rule.match();
    String location = ref.name().location();
    String name = ref.name().id();
    if (!match.locatedIn(location)) {
      return Optional.of("location " + location + " matches none of " + match.locations());
    }
    if (match.name().isPresent() && !match.name().get().matcher(name).matches()) {
      return Optional.of("name " + name + " does not match " + match.name().get().pattern());
    }
    return labelMismatch(match.labels(), facts);
  }

  private static Optional<String> labelMismatch(Map<String, String> wanted, ResourceFacts facts) {
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    if (facts.labels().isEmpty()) {
      return Optional.of("labels unknown offline");
    }
    Map<String, String> labels = facts.labels().get();
    return wanted.entrySet().stream().filter(w -> !w.getValue().equals(labels.get(w.getKey()))).findFirst()
        .map(w -> labels.containsKey(w.getKey())
            ? "label " + w.getKey() + " is " + labels.get(w.getKey()) + ", not " + w.getValue()
            : "label " + w.getKey() + " is not set (the rule needs " + w.getValue() + ")");
  }

  private static String ids(List<ResourceKind> kinds) {
    return String.join(" and ", kinds.stream().map(ResourceKind::id).toList());
  }

  private static PolicyHolder target(GrantScope scope, ResourceRef ref, String projectId, ServiceAccountSpec account) {
    return switch (scope) {
      case PROJECT -> PolicyHolder.project(projectId);
      case SERVICE_ACCOUNT -> account.target();
      case RESOURCE -> {
        if (!ref.kind().hasResourceIam()) {
          throw new IllegalStateException(ref.kind().id() + " has no resource-level IAM policy");
        }
        yield PolicyHolder.resource(new ResourceRef(ref.kind(), ref.name().withProject(projectId)));
      }
    };
  }

  /** Adds one binding per member, or a skip when a fact it needs is unknown or it fills in to something invalid. */
  private static void bind(Rule rule, RoleGrant grant, PolicyHolder target, Map<Placeholder, String> values,
      Map<Placeholder, String> unknown, Map<List<Object>, BindingChange> bindings, List<SkippedRule> skipped) {
    for (String member : grant.members()) {
      Optional<String> missing = missing(grant, member, values, unknown).or(() -> celUnsafe(grant, values));
      if (missing.isPresent()) {
        skipped.add(new SkippedRule(rule.name(), missing.get() + "; " + grant.role() + " for " + member + " not planned"));
        continue;
      }
      String role = Placeholder.substitute(grant.role(), values);
      String filled = Placeholder.substitute(member, values);
      Optional<Condition> condition = grant.condition().map(c -> c.map(t -> Placeholder.substitute(t, values)));
      Optional<String> invalid = RoleName.problem(role).or(() -> MemberForm.problem(filled));
      if (invalid.isPresent()) {
        skipped.add(new SkippedRule(rule.name(), "filled in, " + invalid.get()));
        continue;
      }
      bindings.putIfAbsent(List.of(target, role, filled, condition),
          new BindingChange(target, role, filled, condition, rule.name()));
    }
  }

  private static Optional<String> missing(RoleGrant grant, String member, Map<Placeholder, String> values,
      Map<Placeholder, String> unknown) {
    Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
    used.addAll(Placeholder.used(grant.role()));
    used.addAll(Placeholder.used(member));
    grant.condition().ifPresent(c -> used.addAll(Placeholder.used(c.allText())));
    return used.stream().filter(p -> !values.containsKey(p)).findFirst()
        .map(p -> unknown.getOrDefault(p, p.token() + " unknown"));
  }

  /**
   * Why a value this grant's condition expression would take cannot go inside a CEL string literal,
   * or empty when every one can: values come from the API and the reference, and only checked text is
   * ever written into a condition.
   */
  private static Optional<String> celUnsafe(RoleGrant grant, Map<Placeholder, String> values) {
    return grant.condition().stream().flatMap(c -> Placeholder.used(c.expression()).stream())
        .flatMap(p -> CelLiteral.problem(values.get(p)).map(why -> p.token() + " value " + why).stream())
        .findFirst();
  }
}
