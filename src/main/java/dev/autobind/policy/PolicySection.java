package dev.autobind.policy;

import dev.autobind.kind.KindRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/** Reads and checks the {@code policy:} section. */
final class PolicySection {

  static final List<String> KEYS = List.of("projects", "serviceAccount", "allowSensitiveRoles",
      "workloadIdentityPools", "rules", "exemptions", "kubernetes", "allowUnknownRoles", "memberDomains", "drift");
  /** How many domains policy.memberDomains may list: an organization has a handful. */
  static final int MAX_MEMBER_DOMAINS = 50;
  private static final java.util.regex.Pattern DOMAIN =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+");
  /** The most {@code policy.drift.maxRestoresPerDay} may say: beyond it, a flap is not worth a restore. */
  static final int MAX_RESTORES_PER_DAY = 100;
  static final int MAX_DISPLAY_NAME = 100;
  static final int MAX_DESCRIPTION = 256;

  private static final String PROJECT_GLOB = "[a-z0-9*?\\[\\]!-]+";

  private final TreeReader in;
  private final KindRegistry kinds;
  private MemberDomains memberDomains = new MemberDomains(Optional.empty(), Optional.empty());

  PolicySection(TreeReader in, KindRegistry kinds) {
    this.in = in;
    this.kinds = kinds;
  }

  Optional<Policy> read(Field field) {
    Optional<YamlNode.Mapping> section = in.mapping(field, KEYS);
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = section.get();
    Optional<ProjectScope> projects = in.required(field, m, "projects").flatMap(this::projects);
    Optional<StandardAccount> account = in.required(field, m, "serviceAccount").flatMap(this::account);
    List<String> unknown = in.optional(field, m, "allowUnknownRoles").map(this::allowedUnknown).orElse(List.of());
    List<String> allowed = in.optional(field, m, "allowSensitiveRoles").map(f -> allowed(f, Set.copyOf(unknown)))
        .orElse(List.of());
    memberDomains = new MemberDomains(domains(field, m), projects);
    Optional<List<String>> pools = in.optional(field, m, "workloadIdentityPools").map(this::pools)
        .orElse(Optional.of(List.of()));
    Optional<List<Rule>> rules = in.required(field, m, "rules")
        .flatMap(f -> new RuleSection(in, new Guardrails(Set.copyOf(allowed), Set.copyOf(unknown), memberDomains), kinds)
            .read(f));
    Optional<List<Exemption>> exemptions = in.optional(field, m, "exemptions")
        .map(f -> new ExemptionSection(in).read(f)).orElse(Optional.of(List.of()));
    Optional<Optional<ClusterSetup>> kubernetes = in.optional(field, m, "kubernetes")
        .map(f -> new KubernetesSection(in, memberDomains).read(f).map(Optional::of)).orElse(Optional.of(Optional.empty()));
    OptionalInt restores = in.optional(field, m, "drift").map(this::maxRestoresPerDay)
        .orElse(OptionalInt.of(Policy.DEFAULT_MAX_RESTORES_PER_DAY));
    if (projects.isEmpty() || account.isEmpty() || rules.isEmpty() || pools.isEmpty() || exemptions.isEmpty()
        || kubernetes.isEmpty() || restores.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Policy(projects.get(), account.get(), allowed, rules.get(), pools.get(), exemptions.get(),
        kubernetes.get(), restores.getAsInt()));
  }

  /** {@code policy.drift}: how drift repair behaves; today only {@code maxRestoresPerDay}. */
  private OptionalInt maxRestoresPerDay(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("maxRestoresPerDay"));
    if (m.isEmpty()) {
      return OptionalInt.empty();
    }
    return in.optional(field, m.get(), "maxRestoresPerDay").map(f -> in.integer(f, 1, MAX_RESTORES_PER_DAY))
        .orElse(OptionalInt.of(Policy.DEFAULT_MAX_RESTORES_PER_DAY));
  }

  private Optional<ProjectScope> projects(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("include", "exclude"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<List<Glob>> include = in.required(field, m.get(), "include").flatMap(this::include);
    Optional<List<Glob>> exclude = in.optional(field, m.get(), "exclude").map(this::projectGlobs)
        .orElse(Optional.of(List.of()));
    if (include.isEmpty() || exclude.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ProjectScope(include.get(), exclude.get()));
  }

  private Optional<List<Glob>> include(Field field) {
    Optional<List<Glob>> include = projectGlobs(field);
    if (include.isPresent() && include.get().isEmpty()) {
      in.problems().add(field, "must list at least one project glob; use \"*\" to govern every project the function can see");
      return Optional.empty();
    }
    return include;
  }

  private Optional<List<Glob>> projectGlobs(Field field) {
    return globs(in, field, PROJECT_GLOB, "is not a project id glob; use lowercase letters, digits, hyphens and * ? [ ]");
  }

  /**
   * A list of members, each a valid member form ({@link MemberForm}) that {@code also} does not refuse, none
   * listed twice; empty when any is wrong (each problem is recorded at its item).
   */
  static Optional<List<String>> members(TreeReader in, Field field, Function<String, Optional<String>> also) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> members = new ArrayList<>();
    for (Field item : items.get()) {
      Optional<String> member = in.text(item, Set.of()).filter(m -> {
        Optional<String> problem = MemberForm.problem(m).or(() -> also.apply(m))
            .or(() -> members.contains(m) ? Optional.of(m + " is listed twice") : Optional.empty());
        problem.ifPresent(p -> in.problems().add(item, p));
        return problem.isEmpty();
      });
      member.ifPresent(members::add);
    }
    return members.size() == items.get().size() ? Optional.of(members) : Optional.empty();
  }

  /** A list of globs, each checked against {@code chars} and compiled. */
  static Optional<List<Glob>> globs(TreeReader in, Field field, String chars, String complaint) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<Glob> globs = new ArrayList<>();
    boolean ok = true;
    for (Field item : items.get()) {
      Optional<Glob> glob = in.text(item, v -> v.matches(chars), complaint).flatMap(v -> compile(in, item, v));
      glob.ifPresent(globs::add);
      ok &= glob.isPresent();
    }
    return ok ? Optional.of(globs) : Optional.empty();
  }

  private static Optional<Glob> compile(TreeReader in, Field field, String pattern) {
    try {
      return Optional.of(Glob.of(pattern));
    } catch (IllegalArgumentException e) {
      in.problems().add(field, "glob " + Problems.shown(pattern) + " does not compile: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<StandardAccount> account(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("accountId", "displayName", "description"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> id = in.required(field, m.get(), "accountId")
        .flatMap(f -> in.text(f, Identifiers::accountId, Identifiers.ACCOUNT_ID_RULE));
    Set<Placeholder> fillable = Set.of(Placeholder.PROJECT);
    Optional<String> displayName = in.optional(field, m.get(), "displayName")
        .map(f -> in.prose(f, MAX_DISPLAY_NAME, fillable)).orElse(Optional.of(""));
    Optional<String> description = in.optional(field, m.get(), "description")
        .map(f -> in.prose(f, MAX_DESCRIPTION, fillable)).orElse(Optional.of(""));
    if (id.isEmpty() || displayName.isEmpty() || description.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StandardAccount(id.get(), displayName.get(), description.get()));
  }

  /** Workload Identity pools trusted beyond each resource's own project's, each {@code PROJECT_ID.svc.id.goog}. */
  private Optional<List<String>> pools(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> pools = new ArrayList<>();
    for (Field item : items.get()) {
      Optional<String> pool = in.text(item, WorkloadPool::wellFormed, WorkloadPool.RULE);
      if (pool.isPresent() && pools.contains(pool.get())) {
        in.problems().add(item, pool.get() + " is listed twice");
      }
      pool.ifPresent(pools::add);
    }
    return pools.size() == items.get().size() ? Optional.of(pools) : Optional.empty();
  }

  /** The rule of policy.memberDomains, once {@link #read} has read it; the function's operators follow it too. */
  MemberDomains memberDomains() {
    return memberDomains;
  }

  /** policy.memberDomains, lowercase; empty (after one warning) when the key is absent. */
  private Optional<List<String>> domains(Field parent, YamlNode.Mapping m) {
    Optional<Field> field = in.optional(parent, m, "memberDomains");
    if (field.isEmpty()) {
      in.problems().warn(parent, "memberDomains is not set, so members of any domain may be granted roles;"
          + " list the organization's domains under policy.memberDomains");
      return Optional.empty();
    }
    Optional<List<Field>> items = in.list(field.get());
    if (items.isPresent() && (items.get().isEmpty() || items.get().size() > MAX_MEMBER_DOMAINS)) {
      in.problems().add(field.get(), "lists " + items.get().size() + " domains; list 1 to " + MAX_MEMBER_DOMAINS);
    }
    List<String> domains = new ArrayList<>();
    for (Field item : items.orElse(List.of())) {
      in.text(item, d -> DOMAIN.matcher(d).matches() && d.length() <= 253, "is not a domain; write it in lowercase,"
          + " e.g. example.com").ifPresent(domains::add);
    }
    return domains.isEmpty() ? Optional.empty() : Optional.of(domains);
  }

  /** policy.allowUnknownRoles: {@code roles/...} names Google added after the role catalog was made. */
  private List<String> allowedUnknown(Field field) {
    List<String> allowed = new ArrayList<>();
    for (Field item : in.list(field).orElse(List.of())) {
      in.text(item, r -> RoleName.predefined(r) && RoleName.wellFormed(r), "is not a predefined role name;"
          + " allowUnknownRoles lists roles/... names newer than autobind's role catalog").ifPresent(role -> {
            if (RoleCatalog.shipped().known(role)) {
              in.problems().warn(item, role + " is in the role catalog now; remove it from allowUnknownRoles");
            }
            allowed.add(role);
          });
    }
    return allowed;
  }

  private List<String> allowed(Field field, Set<String> unknown) {
    List<String> allowed = new ArrayList<>();
    for (Field item : in.list(field).orElse(List.of())) {
      in.text(item, Set.of(Placeholder.PROJECT)).filter(role -> allowable(item, role, unknown)).ifPresent(allowed::add);
    }
    return allowed;
  }

  private boolean allowable(Field item, String role, Set<String> unknown) {
    if (!RoleName.wellFormed(Placeholder.substitute(role, GrantSection.SAMPLES))) {
      in.problems().add(item, RoleName.notARole(role));
      return false;
    }
    Optional<String> notKnown = RoleName.unknown(role, unknown);
    if (notKnown.isPresent()) {
      in.problems().add(item, notKnown.get());
      return false;
    }
    if (RoleName.BASIC.contains(role)) {
      in.problems().add(item, role + " is a basic role; basic roles cannot be allowed");
      return false;
    }
    if (!RoleName.sensitive(role)) {
      in.problems().add(item, role + " is not a sensitive role; list only roles the guardrails refuse");
      return false;
    }
    return true;
  }
}
