package dev.autobind.cli;

import dev.autobind.backfill.BackfillArguments;
import dev.autobind.backfill.BadInput;
import dev.autobind.backfill.Source;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where {@code backfill} and {@code report} look: {@code --projects}, {@code --locations} or {@code --scope}. */
final class DiscoveryOptions {

  @Option(names = "--projects", paramLabel = "P1,P2",
      description = "Project ids to list, comma-separated, instead of searching for the governed projects.")
  String projects;

  @Option(names = "--locations", paramLabel = "L1,L2",
      description = "Vertex AI regions to list models in (default: every region the Locations API lists).")
  String locations;

  @Option(names = "--scope", paramLabel = "organizations/N|folders/N",
      description = "Search this organization or folder with Cloud Asset Inventory instead of listing projects.")
  String scope;

  /**
   * Where to look.
   *
   * @throws BadInput when the options contradict each other or one is malformed
   */
  Source source() {
    if (scope != null && (projects != null || locations != null)) {
      throw new BadInput((projects != null ? "--projects" : "--locations")
          + " cannot be combined with --scope, which searches Cloud Asset Inventory instead of listing projects");
    }
    if (scope != null) {
      return new Source.Scope(BackfillArguments.scope(scope));
    }
    Optional<List<String>> regions = Optional.ofNullable(locations).map(BackfillArguments::locations);
    return projects != null ? new Source.Projects(BackfillArguments.projects(projects), regions)
        : new Source.PolicyProjects(regions);
  }
}
