package dev.autobind.policy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks {@code policy.exemptions}. */
final class ExemptionSection {

  static final List<String> KEYS = List.of("projects", "resources", "reason", "expires", "removedBy");
  /** The principals an audit entry can name as the one who removed a binding. */
  static final List<String> PRINCIPAL_FORMS = List.of("user:", "serviceAccount:");
  static final int MAX_REASON = 256;

  private static final String RESOURCE_GLOB = "//[A-Za-z0-9*?\\[\\]!/._@:-]+";
  private static final String PROJECT_GLOB = "[a-z0-9*?\\[\\]!-]+";

  private final TreeReader in;

  ExemptionSection(TreeReader in) {
    this.in = in;
  }

  /** Every exemption, or empty when any of them has a problem (each is recorded). */
  Optional<List<Exemption>> read(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<Exemption> exemptions = new ArrayList<>();
    boolean ok = true;
    for (Field item : items.get()) {
      Optional<Exemption> exemption = exemption(item);
      exemption.ifPresent(exemptions::add);
      ok &= exemption.isPresent();
    }
    return ok ? Optional.of(exemptions) : Optional.empty();
  }

  private Optional<Exemption> exemption(Field field) {
    Optional<YamlNode.Mapping> m = in.mapping(field, KEYS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<Field> projectsField = in.optional(field, m.get(), "projects");
    Optional<Field> resourcesField = in.optional(field, m.get(), "resources");
    if (projectsField.isEmpty() && resourcesField.isEmpty()) {
      in.problems().add(field, "names no projects and no resources; list at least one glob in either");
    }
    Optional<List<Glob>> projects = projectsField.map(f -> PolicySection.globs(in, f, PROJECT_GLOB,
        "is not a project id glob; use lowercase letters, digits, hyphens and * ? [ ]")).orElse(Optional.of(List.of()));
    Optional<List<Glob>> resources = resourcesField.map(f -> PolicySection.globs(in, f, RESOURCE_GLOB,
        "is not a full resource name glob; write //SERVICE/projects/... with letters, digits, . _ @ : - / and * ? [ ]"))
        .orElse(Optional.of(List.of()));
    Optional<String> reason = in.required(field, m.get(), "reason").flatMap(f -> in.prose(f, MAX_REASON, Set.of()));
    Optional<LocalDate> expires = in.required(field, m.get(), "expires").flatMap(this::date);
    Optional<List<String>> removedBy = in.optional(field, m.get(), "removedBy").map(this::principals)
        .orElse(Optional.of(List.of()));
    if (projectsField.isEmpty() && resourcesField.isEmpty() || projects.isEmpty() || resources.isEmpty()
        || reason.isEmpty() || expires.isEmpty() || removedBy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Exemption(field.path(), projects.get(), resources.get(), reason.get(), expires.get(),
        removedBy.get()));
  }

  /**
   * {@code removedBy}: the principals whose removals drift repair leaves alone. An audit entry names one
   * person or account, never a group, so only {@code user:} and {@code serviceAccount:} can ever match.
   */
  private Optional<List<String>> principals(Field field) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      in.problems().add(field, "lists nobody; name at least one user: or serviceAccount:, or leave removedBy out");
      return Optional.empty();
    }
    return PolicySection.members(in, field, member -> PRINCIPAL_FORMS.stream().anyMatch(member::startsWith)
        ? Optional.empty() : Optional.of(member + " cannot be who removed a binding: an audit entry names one user:"
            + " or serviceAccount:, never a group, domain or principal set"));
  }

  private Optional<LocalDate> date(Field field) {
    Optional<String> text = in.text(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.get()));
    } catch (DateTimeParseException e) {
      in.problems().add(field, Problems.shown(text.get()) + " is not a date; write YYYY-MM-DD, e.g. 2027-03-31");
      return Optional.empty();
    }
  }
}
