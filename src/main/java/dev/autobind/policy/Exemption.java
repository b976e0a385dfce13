package dev.autobind.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code policy.exemptions}: projects or resources autobind writes nothing to, with the reason and
 * the last day it applies (UTC). Without {@code removedBy} it covers every write to what its globs match
 * (creation, backfill, reconcile, drift repair); with it, only drift repair of removals by those principals.
 *
 * @param field where it is declared, e.g. {@code policy.exemptions[0]}, for decision records
 * @param projects project id globs
 * @param resources full resource name globs, e.g. {@code //container.googleapis.com/projects/p/locations/*}
 * @param reason why, for the person reading the decision record
 * @param expires the last day the exemption applies
 * @param removedBy the principals ({@code user:EMAIL}, {@code serviceAccount:EMAIL}) whose removals are left
 *     alone; empty when the exemption covers every write
 */
public record Exemption(String field, List<Glob> projects, List<Glob> resources, String reason, LocalDate expires,
    List<String> removedBy) {

  public Exemption {
    Objects.requireNonNull(field, "field");
    projects = List.copyOf(projects);
    resources = List.copyOf(resources);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expires, "expires");
    removedBy = List.copyOf(removedBy);
  }

  /** An exemption that covers every write to what its globs match. */
  public Exemption(String field, List<Glob> projects, List<Glob> resources, String reason, LocalDate expires) {
    this(field, projects, resources, reason, expires, List.of());
  }

  /** Whether it covers every write, not only some principals' removals. */
  public boolean coversEveryWrite() {
    return removedBy.isEmpty();
  }

  /** Whether {@code principal} (an email, as an audit entry names it) is one whose removals it leaves alone. */
  public boolean removedBy(String principal) {
    return removedBy.stream().anyMatch(m -> m.substring(m.indexOf(':') + 1).equalsIgnoreCase(principal));
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

  /**
   * The first exemption in {@code exemptions} in force at {@code now} that covers every write to the project or
   * to the resource with this full name: the one rule for what no path may write to.
   */
  public static Optional<Exemption> covering(List<Exemption> exemptions, String project, String fullName,
      Instant now) {
    return exemptions.stream().filter(e -> e.activeAt(now)).filter(Exemption::coversEveryWrite)
        .filter(e -> e.coversProject(project) || e.coversResource(fullName)).findFirst();
  }

  /** How a decision record names it: where, why and until when. */
  public String describe() {
    return field + " (" + reason + "; until " + expires + ")";
  }
}
