package dev.autobind.policy;

import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads and checks {@code policy.rules}. */
final class RuleSection {

  static final List<String> KEYS = List.of("name", "resources", "match", "grant");
  static final int MAX_REGEX = 256;

  private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?");
  private static final String LOCATION_GLOB = "[a-z0-9*?\\[\\]!-]+";
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][-_a-z0-9]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[-_a-z0-9]{0,63}");

  private final TreeReader in;
  private final Guardrails guardrails;
  private final KindRegistry registry;
  private final Map<String, Integer> nameLines = new HashMap<>();

  RuleSection(TreeReader in, Guardrails guardrails, KindRegistry registry) {
    this.in = in;
    this.guardrails = guardrails;
    this.registry = registry;
  }

  Optional<List<Rule>> read(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      in.problems().add(field, "must list at least one rule");
      return Optional.empty();
    }
    List<Rule> rules = new ArrayList<>();
    items.get().forEach(item -> rule(item).ifPresent(rules::add));
    if (rules.size() != items.get().size()) {
      return Optional.empty();
    }
    new MemberLimit(in.problems()).check(field, rules);
    new RoleLimit(in.problems()).check(field, rules);
    return Optional.of(rules);
  }

  private Optional<Rule> rule(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, KEYS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name = in.required(field, m.get(), "name").flatMap(this::name);
    Optional<List<ResourceKind>> kinds = in.required(field, m.get(), "resources").flatMap(this::kinds);
    Optional<Match> match = in.optional(field, m.get(), "match").map(this::match).orElse(Optional.of(Match.ANY));
    Optional<Grant> grant = in.required(field, m.get(), "grant")
        .flatMap(f -> new GrantSection(in, guardrails, kinds.orElse(List.of())).read(f));
    if (name.isEmpty() || kinds.isEmpty() || match.isEmpty() || grant.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Rule(name.get(), kinds.get(), match.get(), grant.get()));
  }

  private Optional<String> name(Field field) {
    Optional<String> name = in.text(field, RULE_NAME.asMatchPredicate(),
        "is not a rule name; use up to 63 lowercase letters, digits, '-', '_' and '.'");
    if (name.isPresent() && nameLines.containsKey(name.get())) {
      in.problems().add(field, "duplicate rule name " + name.get() + "; it is already used on line "
          + nameLines.get(name.get()));
      return Optional.empty();
    }
    name.ifPresent(n -> nameLines.put(n, field.line()));
    return name;
  }

  private Optional<List<ResourceKind>> kinds(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      in.problems().add(field, "must name at least one resource kind; use " + kindNames());
      return Optional.empty();
    }
    List<ResourceKind> kinds = new ArrayList<>();
    for (Field item : items.get()) {
      Optional<ResourceKind> kind = in.text(item, id -> registry.byId(id).isPresent(),
          "is not a resource kind; use " + kindNames()).flatMap(registry::byId);
      if (kind.isPresent() && kinds.contains(kind.get())) {
        in.problems().add(item, kind.get().id() + " is listed twice");
      }
      kind.filter(k -> !kinds.contains(k)).ifPresent(kinds::add);
    }
    return kinds.isEmpty() ? Optional.empty() : Optional.of(kinds);
  }

  private String kindNames() {
    return registry.ids("or");
  }

  private Optional<Match> match(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, List.of("locations", "labels", "name"));
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<List<Glob>> locations = in.optional(field, m.get(), "locations")
        .map(f -> PolicySection.globs(in, f, LOCATION_GLOB,
            "is not a location glob; use lowercase letters, digits, hyphens and * ? [ ]"))
        .orElse(Optional.of(List.of()));
    Optional<Map<String, String>> labels = in.optional(field, m.get(), "labels").map(this::labels)
        .orElse(Optional.of(Map.of()));
    Optional<Optional<Pattern>> name = in.optional(field, m.get(), "name").map(f -> regex(f).map(Optional::of))
        .orElse(Optional.of(Optional.empty()));
    if (locations.isEmpty() || labels.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Match(locations.get(), labels.get(), name.get()));
  }

  private Optional<Map<String, String>> labels(Field field) {
    Optional<YamlNode.Mapping> m = in.anyMapping(field);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = new HashMap<>();
    boolean ok = true;
    for (Map.Entry<String, YamlNode.Entry> e : m.get().entries().entrySet()) {
      Field value = field.child(e.getKey(), e.getValue());
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        in.problems().add(value, Problems.shown(e.getKey())
            + " is not a label key; use 1-63 lowercase letters, digits, '-' and '_', starting with a letter");
        ok = false;
        continue;
      }
      Optional<String> text = labelValue(value);
      text.ifPresent(v -> labels.put(e.getKey(), v));
      ok &= text.isPresent();
    }
    return ok ? Optional.of(labels) : Optional.empty();
  }

  private Optional<String> labelValue(Field field) {
    if (field.node() instanceof YamlNode.Scalar s && s.isBlank()) {
      return Optional.of("");
    }
    return in.text(field, LABEL_VALUE.asMatchPredicate(),
        "is not a label value; use up to 63 lowercase letters, digits, '-' and '_'");
  }

  private Optional<Pattern> regex(Field field) {
    Optional<String> text = in.text(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.get().length() > MAX_REGEX) {
      in.problems().add(field, "is " + text.get().length() + " characters long; the limit is " + MAX_REGEX);
      return Optional.empty();
    }
    try {
      return Optional.of(Pattern.compile(text.get()));
    } catch (PatternSyntaxException e) {
      in.problems().add(field, "regex " + Problems.shown(text.get()) + " does not compile: " + e.getDescription());
      return Optional.empty();
    }
  }
}
