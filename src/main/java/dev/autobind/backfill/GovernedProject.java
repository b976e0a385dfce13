package dev.autobind.backfill;

import dev.autobind.kind.NamingRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A project discovery lists, by id, with its number when the search that found it returned one, so the
 * reconcile fills in {@code ${projectNumber}} without reading the project again.
 */
record GovernedProject(String id, Optional<String> number) {
  GovernedProject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(number, "number");
  }

  /** A project known by id only. */
  static GovernedProject of(String id) {
    return new GovernedProject(id, Optional.empty());
  }

  /** A project as Resource Manager returns it: {@code name} is {@code projects/NUMBER}. */
  static GovernedProject of(com.google.cloud.resourcemanager.v3.Project project) {
    String name = project.getName();
    String number = name.startsWith("projects/") ? name.substring("projects/".length()) : "";
    return new GovernedProject(project.getProjectId(),
        NamingRules.isProjectNumber(number) ? Optional.of(number) : Optional.empty());
  }
}
