package dev.autobind.policy;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a rule's {@code grant:} and applies the guardrails to each role and member. */
final class GrantSection {

  static final int MAX_LOGICAL_OPERATORS = 12;
  static final int MAX_TITLE = 100;
  static final int MAX_EXPRESSION = 4096;

  /** Stand-ins for placeholders, so templated roles and members can be checked for form at load. */
  static final Map<Placeholder, String> SAMPLES = new EnumMap<>(Map.of(
      Placeholder.PROJECT, "sample-project",
      Placeholder.PROJECT_NUMBER, "123456789012",
      Placeholder.LOCATION, "us-central1",
      Placeholder.NAME, "sample-1",
      Placeholder.SERVICE_ACCOUNT, "sample-sa@sample-project.iam.gserviceaccount.com",
      Placeholder.WORKLOAD_POOL, "sample-project.svc.id.goog"));

  private static final Set<Placeholder> ALL = EnumSet.allOf(Placeholder.class);

  private final TreeReader in;
  private final Guardrails guardrails;
  private final List<ResourceKind> kinds;

  GrantSection(TreeReader in, Guardrails guardrails, List<ResourceKind> kinds) {
    this.in = in;
    this.guardrails = guardrails;
    this.kinds = kinds;
  }

  Optional<Grant> read(Field field) {
    List<String> keys = List.of(GrantScope.values()).stream().map(GrantScope::key).toList();
    Optional<YamlNode.Mapping> m = in.mapping(field, keys);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Map<GrantScope, List<RoleGrant>> entries = new EnumMap<>(GrantScope.class);
    boolean ok = true;
    for (GrantScope scope : GrantScope.values()) {
      Optional<List<RoleGrant>> read = in.optional(field, m.get(), scope.key()).map(f -> entries(f, scope))
          .orElse(Optional.of(List.of()));
      read.ifPresent(list -> entries.put(scope, list));
      ok &= read.isPresent();
    }
    if (!ok) {
      return Optional.empty();
    }
    if (entries.values().stream().allMatch(List::isEmpty)) {
      in.problems().add(field, "grants nothing; add project, serviceAccount or resource entries");
      return Optional.empty();
    }
    return Optional.of(new Grant(entries.get(GrantScope.PROJECT), entries.get(GrantScope.SERVICE_ACCOUNT),
        entries.get(GrantScope.RESOURCE)));
  }

  private Optional<List<RoleGrant>> entries(Field field, GrantScope scope) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (scope == GrantScope.RESOURCE && !items.get().isEmpty() && !resourceIamOnEveryKind(field)) {
      return Optional.empty();
    }
    List<RoleGrant> grants = new ArrayList<>();
    items.get().forEach(item -> entry(item, scope).ifPresent(grants::add));
    return grants.size() == items.get().size() ? Optional.of(grants) : Optional.empty();
  }

  private boolean resourceIamOnEveryKind(Field field) {
    List<String> without = kinds.stream().filter(k -> !k.hasResourceIam()).map(ResourceKind::id).toList();
    if (without.isEmpty()) {
      return true;
    }
    in.problems().add(field, KindRegistry.listed(without, "and") + (without.size() == 1 ? " has" : " have")
        + " no resource-level IAM policy; grant access on the project with grant.project");
    return false;
  }

  private Optional<RoleGrant> entry(Field field, GrantScope scope) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("role", "members", "condition"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> role = in.required(field, m.get(), "role").flatMap(f -> role(f, scope));
    Optional<List<String>> members = in.required(field, m.get(), "members").flatMap(this::members);
    Optional<Optional<Condition>> condition = in.optional(field, m.get(), "condition")
        .map(f -> conditionIn(f, scope).map(Optional::of)).orElse(Optional.of(Optional.empty()));
    if (role.isEmpty() || members.isEmpty() || condition.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RoleGrant(role.get(), members.get(), condition.get()));
  }

  private Optional<String> role(Field field, GrantScope scope) {
    Optional<String> role = in.text(field, Set.of(Placeholder.PROJECT));
    if (role.isEmpty()) {
      return role;
    }
    Optional<String> problem = RoleName.wellFormed(Placeholder.substitute(role.get(), SAMPLES))
        ? guardrail(role.get(), scope)
        : Optional.of(RoleName.notARole(role.get()));
    problem.ifPresent(p -> in.problems().add(field, p));
    if (problem.isEmpty() && RoleName.deprecated(role.get())) {
      in.problems().warn(field, role.get() + " is deprecated by Google; grant the role that replaces it");
    }
    return problem.isPresent() ? Optional.empty() : role;
  }

  /** Why a well-formed role must not be granted in {@code scope}, or empty when it may. */
  private Optional<String> guardrail(String role, GrantScope scope) {
    if (RoleName.BASIC.contains(role)) {
      return Optional.of(role + " is a basic role; grant a predefined role instead");
    }
    if (RoleName.legacy(role)) {
      return Optional.of(role + " is a legacy AI Platform role; grant a roles/aiplatform.* role instead");
    }
    Optional<String> unknown = RoleName.unknown(Placeholder.substitute(role, SAMPLES), guardrails.unknownRoles());
    if (unknown.isPresent()) {
      return unknown;
    }
    Optional<String> sensitive = RoleName.sensitivity(role, scope)
        .filter(r -> !guardrails.sensitiveRoles().contains(role));
    if (sensitive.isPresent()) {
      return Optional.of(sensitive.get() + "; name it in policy.allowSensitiveRoles to grant it");
    }
    if (scope == GrantScope.SERVICE_ACCOUNT && RoleName.predefined(role) && !role.startsWith("roles/iam.")) {
      return Optional.of(role + " cannot be granted on a service account; only roles/iam.* roles apply to one");
    }
    if (scope == GrantScope.RESOURCE && RoleName.predefined(role)) {
      return kinds.stream().filter(k -> k.resourceIam().filter(iam -> !iam.accepts(role)).isPresent()).findFirst()
          .map(k -> role + " cannot be granted on a " + k.id() + "; only "
              + k.resourceIam().orElseThrow().shown() + " roles apply to one");
    }
    return Optional.empty();
  }

  private Optional<List<String>> members(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      in.problems().add(field, "must name at least one member");
      return Optional.empty();
    }
    List<String> members = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Field item : items.get()) {
      Optional<String> member = item.node() instanceof YamlNode.Mapping
          ? new TypedMember(in, kinds).read(item).filter(m -> wellFormed(item, m))
          : in.text(item, ALL).filter(m -> wellFormed(item, m));
      member.flatMap(WorkloadPrincipal::namespaceOfSet).ifPresent(ns -> in.problems().warn(item, "covers namespace "
          + ns + " in every cluster of the project that uses the pool, today's and future ones; name one cluster"
          + " with ksaSet: {cluster: ...} to narrow it"));
      if (member.isPresent() && !seen.add(member.get())) {
        in.problems().add(item, member.get() + " is listed twice");
      }
      member.ifPresent(members::add);
    }
    return members.size() == items.get().size() ? Optional.of(members) : Optional.empty();
  }

  private boolean wellFormed(Field item, String member) {
    Optional<String> problem = MemberForm.problem(member, Placeholder.substitute(member, SAMPLES))
        .or(() -> guardrails.memberDomains().problem(member));
    problem.ifPresent(p -> in.problems().add(item, p));
    return problem.isEmpty();
  }

  /**
   * A condition, where the target's policy accepts one. Google lists which resource types accept
   * conditional role bindings (IAM docs, "Resource types that accept conditional role bindings"):
   * projects do; service accounts and Vertex AI resources are not among them.
   */
  private Optional<Condition> conditionIn(Field field, GrantScope scope) {
    if (scope != GrantScope.PROJECT) {
      in.problems().add(field, (scope == GrantScope.SERVICE_ACCOUNT ? "a service account's" : "a resource's")
          + " IAM policy does not accept conditional role bindings; put the condition on a grant.project entry");
      return Optional.empty();
    }
    return condition(field);
  }

  private Optional<Condition> condition(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("title", "description", "expression"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> title = in.required(field, m.get(), "title").flatMap(f -> in.prose(f, MAX_TITLE, ALL));
    Optional<Optional<String>> description = in.optional(field, m.get(), "description")
        .map(f -> in.prose(f, PolicySection.MAX_DESCRIPTION, ALL).map(Optional::of))
        .orElse(Optional.of(Optional.empty()));
    Optional<String> expression = in.required(field, m.get(), "expression")
        .flatMap(f -> in.prose(f, MAX_EXPRESSION, ALL).filter(e -> fewOperators(f, e)).filter(e -> parses(f, e)));
    if (title.isEmpty() || description.isEmpty() || expression.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Condition(title.get(), description.get(), expression.get()));
  }

  private boolean parses(Field field, String expression) {
    Optional<String> problem = ConditionExpression.problem(expression, SAMPLES);
    problem.ifPresent(p -> in.problems().add(field, p));
    return problem.isEmpty();
  }

  private boolean fewOperators(Field field, String expression) {
    int count = logicalOperators(expression);
    if (count > MAX_LOGICAL_OPERATORS) {
      in.problems().add(field, "has " + count + " logical operators; IAM allows at most " + MAX_LOGICAL_OPERATORS);
      return false;
    }
    return true;
  }

  /** Counts {@code &&}, {@code ||} and {@code !} (but not {@code !=}) outside string literals. */
  static int logicalOperators(String cel) {
    int count = 0;
    char quote = 0;
    for (int i = 0; i < cel.length(); i++) {
      char c = cel.charAt(i);
      char next = i + 1 < cel.length() ? cel.charAt(i + 1) : 0;
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if ((c == '&' || c == '|') && next == c) {
        count++;
        i++;
      } else if (c == '!' && next != '=') {
        count++;
      }
    }
    return count;
  }
}
