package dev.autobind.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
/**
 * The validated {@code policy:} section: scope, standard identity, rules, the exemptions that drift
 * repair honours and, when declared, what to apply inside each new GKE cluster.
 *
 * @param workloadIdentityPools Workload Identity pools other than a resource's own project's
 *     ({@code PROJECT.svc.id.goog}) that {@code ${workloadPool}} may be filled in with
 * @param exemptions what drift repair leaves alone
 * @param kubernetes the objects to apply inside each new GKE cluster, when the file declares any
 * @param maxRestoresPerDay how often drift repair restores one binding in 24 hours before it calls the binding
 *     contested and stops ({@code policy.drift.maxRestoresPerDay})
 */
public record Policy(
    ProjectScope projects, StandardAccount serviceAccount, List<String> allowSensitiveRoles, List<Rule> rules,
    List<String> workloadIdentityPools, List<Exemption> exemptions, Optional<ClusterSetup> kubernetes,
    int maxRestoresPerDay) {

  /** How often one binding is restored in 24 hours when function.yaml does not say. */
  public static final int DEFAULT_MAX_RESTORES_PER_DAY = 3;

  public Policy {
    Objects.requireNonNull(projects, "projects");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    allowSensitiveRoles = List.copyOf(allowSensitiveRoles);
    rules = List.copyOf(rules);
    workloadIdentityPools = List.copyOf(workloadIdentityPools);
    exemptions = List.copyOf(exemptions);
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (maxRestoresPerDay < 1) {
      throw new IllegalArgumentException("maxRestoresPerDay must be at least 1, got " + maxRestoresPerDay);
    }
  }

  /** A policy with the default restore cap. */
  public Policy(ProjectScope projects, StandardAccount serviceAccount, List<String> allowSensitiveRoles, List<Rule> rules,
      List<String> workloadIdentityPools, List<Exemption> exemptions, Optional<ClusterSetup> kubernetes) {
    this(projects, serviceAccount, allowSensitiveRoles, rules, workloadIdentityPools, exemptions, kubernetes,
        DEFAULT_MAX_RESTORES_PER_DAY);
  }

  /** A policy that trusts no Workload Identity pool but each resource's own project's, without exemptions. */
  public Policy(ProjectScope projects, StandardAccount serviceAccount, List<String> allowSensitiveRoles, List<Rule> rules) {
    this(projects, serviceAccount, allowSensitiveRoles, rules, List.of(), List.of());
  }

  /** A policy without exemptions. */
  public Policy(ProjectScope projects, StandardAccount serviceAccount, List<String> allowSensitiveRoles, List<Rule> rules,
      List<String> workloadIdentityPools) {
    this(projects, serviceAccount, allowSensitiveRoles, rules, workloadIdentityPools, List.of());
  }

  /** A policy that declares no Kubernetes objects. */
  public Policy(ProjectScope projects, StandardAccount serviceAccount, List<String> allowSensitiveRoles, List<Rule> rules,
      List<String> workloadIdentityPools, List<Exemption> exemptions) {
    this(projects, serviceAccount, allowSensitiveRoles, rules, workloadIdentityPools, exemptions, Optional.empty());
  }

  /**
   * Whether {@code pool}, as the API reports it for a resource in {@code projectId}, may fill in
   * {@code ${workloadPool}}: it is that project's own pool, or one function.yaml lists.
   */
  public boolean trustsPool(String pool, String projectId) {
    return pool.equals(WorkloadPool.of(projectId)) || workloadIdentityPools.contains(pool);
  }

  /**
   * Every role any rule can grant, in any scope, sorted and without repeats. The deploy script puts
   * these in the IAM condition that limits what the function itself may grant. Roles are as written,
   * so a custom role spelled {@code projects/${project}/roles/X} keeps its placeholder.
   */
  public List<String> roles() {
    return roles(GrantScope.values());
  }

  /** Whether any grant's role, member or condition refers to {@code placeholder}. */
  public boolean uses(Placeholder placeholder) {
    String token = placeholder.token();
    return rules.stream()
        .flatMap(rule -> Arrays.stream(GrantScope.values()).flatMap(s -> rule.grant().in(s).stream()))
        .anyMatch(g -> g.role().contains(token)
            || g.members().stream().anyMatch(m -> m.contains(token))
            || g.condition().map(c -> c.allText().contains(token)).orElse(false))
        || kubernetes.map(k -> k.uses(placeholder)).orElse(false);
  }

  /** The roles granted in the given scopes, sorted and without repeats. */
  public List<String> roles(GrantScope... scopes) {
    TreeSet<String> roles = new TreeSet<>();
    for (Rule rule : rules) {
      Arrays.stream(scopes).flatMap(s -> rule.grant().in(s).stream()).forEach(g -> roles.add(g.role()));
    }
    return List.copyOf(roles);
  }
}
