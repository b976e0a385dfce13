package dev.autobind.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code policy.exemptions}: projects or resources whose removed bindings drift repair leaves
 * alone, with the reason and the last day it applies (UTC). It changes nothing at creation.
 *
 * @param field where it is declared, e.g. {@code policy.exemptions[0]}, for decision records
 * @param projects project id globs
 * @param resources full resource name globs, e.g. {@code //container.googleapis.com/projects/p/locations/*}
 * @param reason why, for the person reading the decision record
 * @param expires the last day the exemption applies
 */
public record Exemption(String field, List<Glob> projects, List<Glob> resources, String reason, LocalDate expires) {

  public Exemption {
    Objects.requireNonNull(field, "field");
    projects = List.copyOf(projects);
    resources = List.copyOf(resources);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expires, "expires");
  }

  /** Whether it still applies at {@code now}: through the end of its expiry day, UTC. */
  public boolean activeAt(Instant now) {
    return now.isBefore(expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Whether it names {@code project} by a project glob. */
  public boolean coversProject(String project) {
    return projects.stream().anyMatch(g -> g.matches(project));
  }

  /** Whether it names the resource with this full name by a resource glob. */
  public boolean coversResource(String fullName) {
    return resources.stream().anyMatch(g -> g.matches(fullName));
  }

  /** How a decision record names it: where, why and until when. */
  public String describe() {
    return field + " (" + reason + "; until " + expires + ")";
  }
}
