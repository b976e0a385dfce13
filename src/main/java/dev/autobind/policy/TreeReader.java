package dev.autobind.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Typed access to {@link Field}s. Each accessor records a problem (with the field's path and line)
 * when the value has the wrong shape, and returns empty, so reading goes on and every problem is found.
 */
final class TreeReader {

  private final Problems problems;

  TreeReader(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  /**
   * The entries of a mapping field, after refusing any key not in {@code allowed}. A blank value
   * ({@code key:} with nothing after it) reads as an empty mapping.
   */
  Optional<YamlNode.Mapping> mapping(Field field, List<String> allowed) {
    Optional<YamlNode.Mapping> mapping = anyMapping(field);
    mapping.ifPresent(m -> m.entries().forEach((key, entry) -> {
      if (!allowed.contains(key)) {
        problems.add(entry.line(), field.childPath(key), "unknown key; expected one of " + String.join(", ", allowed));
      }
    }));
    return mapping;
  }

  /** The entries of a mapping field whose keys are data (e.g. labels), not field names. */
  Optional<YamlNode.Mapping> anyMapping(Field field) {
    if (field.node() instanceof YamlNode.Scalar s && s.isBlank()) {
      return Optional.of(new YamlNode.Mapping(field.line(), Map.of()));
    }
    if (!(field.node() instanceof YamlNode.Mapping mapping)) {
      problems.add(field, "expected a mapping, found " + field.node().describe());
      return Optional.empty();
    }
    return Optional.of(mapping);
  }

  /** The value of {@code key}, or empty when it is absent. */
  Optional<Field> optional(Field parent, YamlNode.Mapping mapping, String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    return entry == null ? Optional.empty() : Optional.of(parent.child(key, entry));
  }

  /** The value of {@code key}; when it is absent, records "is required" against the parent's line. */
  Optional<Field> required(Field parent, YamlNode.Mapping mapping, String key) {
    Optional<Field> child = optional(parent, mapping, key);
    if (child.isEmpty()) {
      problems.add(parent.line(), parent.childPath(key), "is required");
    }
    return child;
  }

  /** The items of a list field. A blank value reads as an empty list. */
  Optional<List<Field>> list(Field field) {
    if (field.node() instanceof YamlNode.Scalar s && s.isBlank()) {
      return Optional.of(List.of());
    }
    if (!(field.node() instanceof YamlNode.Sequence sequence)) {
      problems.add(field, "expected a list, found " + field.node().describe());
      return Optional.empty();
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      items.add(field.item(i, sequence.items().get(i)));
    }
    return Optional.of(items);
  }

  /** A non-empty scalar as text (numbers and booleans read as written); it may not use placeholders. */
  Optional<String> text(Field field) {
    return text(field, Set.of());
  }

  /** A non-empty scalar as text that may use the {@code allowed} placeholders and no others. */
  Optional<String> text(Field field, Set<Placeholder> allowed) {
    if (!(field.node() instanceof YamlNode.Scalar scalar)) {
      problems.add(field, "expected a string, found " + field.node().describe());
      return Optional.empty();
    }
    if (scalar.isBlank()) {
      problems.add(field, "must not be empty");
      return Optional.empty();
    }
    return placeholdersAllowed(field, scalar.text(), allowed) ? Optional.of(scalar.text()) : Optional.empty();
  }

  /** A non-empty scalar that must also satisfy {@code rule}; otherwise {@code complaint} follows the value. */
  Optional<String> text(Field field, Predicate<String> rule, String complaint) {
    Optional<String> value = text(field);
    if (value.isPresent() && !rule.test(value.get())) {
      problems.add(field, Problems.shown(value.get()) + " " + complaint);
      return Optional.empty();
    }
    return value;
  }

  /** Text of at most {@code max} characters with no control characters but newlines and tabs. */
  Optional<String> prose(Field field, int max, Set<Placeholder> allowed) {
    Optional<String> value = text(field, allowed);
    if (value.isEmpty()) {
      return value;
    }
    if (value.get().length() > max) {
      problems.add(field, "is " + value.get().length() + " characters long; the limit is " + max);
      return Optional.empty();
    }
    if (value.get().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      problems.add(field, "contains a control character");
      return Optional.empty();
    }
    return value;
  }

  /** Refuses unknown placeholders, unclosed ones, and known ones this field does not fill in. */
  private boolean placeholdersAllowed(Field field, String text, Set<Placeholder> allowed) {
    if (!text.contains("${")) {
      return true;
    }
    boolean ok = true;
    for (String name : Placeholder.unknown(text)) {
      problems.add(field, "unknown placeholder ${" + Problems.shown(name) + "}; the placeholders are " + Placeholder.known());
      ok = false;
    }
    if (Placeholder.unclosed(text)) {
      problems.add(field, "unclosed placeholder: ${ without }");
      ok = false;
    }
    for (Placeholder used : Placeholder.used(text)) {
      if (!allowed.contains(used)) {
        problems.add(field, used.token() + " is not filled in here" + fillable(allowed));
        ok = false;
      }
    }
    return ok;
  }

  private static String fillable(Set<Placeholder> allowed) {
    if (allowed.isEmpty()) {
      return "; write the value out";
    }
    return "; only " + allowed.stream().map(Placeholder::token).sorted().collect(Collectors.joining(", "))
        + (allowed.size() == 1 ? " is" : " are");
  }

  /** A whole number within [min, max]. */
  OptionalInt integer(Field field, int min, int max) {
    if (!(field.node() instanceof YamlNode.Scalar scalar) || scalar.type() != YamlNode.Scalar.Type.NUMBER
        || !scalar.text().matches("[0-9]{1,9}")) {
      problems.add(field, "expected a whole number from " + min + " to " + max + ", found " + found(field));
      return OptionalInt.empty();
    }
    int value = Integer.parseInt(scalar.text());
    if (value < min || value > max) {
      problems.add(field, value + " is out of range; use " + min + " to " + max);
      return OptionalInt.empty();
    }
    return OptionalInt.of(value);
  }

  /** {@code true} or {@code false}. */
  Optional<Boolean> bool(Field field) {
    if (field.node() instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Scalar.Type.BOOLEAN
        && Set.of("true", "false").contains(scalar.text())) {
      return Optional.of(Boolean.parseBoolean(scalar.text()));
    }
    problems.add(field, "expected true or false, found " + found(field));
    return Optional.empty();
  }

  private static String found(Field field) {
    return field.node() instanceof YamlNode.Scalar s && !s.isBlank()
        ? Problems.shown(s.text())
        : field.node().describe();
  }
}
