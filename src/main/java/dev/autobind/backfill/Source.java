package dev.autobind.backfill;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where backfill looks for existing resources. */
public sealed interface Source permits Source.Projects, Source.PolicyProjects, Source.Scope {

  /**
   * The named projects, each listed through the GKE and Vertex AI APIs.
   *
   * @param locations the Vertex AI regions to list models in; empty means ask the Locations mixin
   */
  record Projects(List<String> ids, Optional<List<String>> locations) implements Source {
    public Projects {
      ids = List.copyOf(ids);
      locations = locations.map(List::copyOf);
    }
  }

  /** Every project the policy's include globs match, found through SearchProjects, then listed as above. */
  record PolicyProjects(Optional<List<String>> locations) implements Source {
    public PolicyProjects {
      locations = locations.map(List::copyOf);
    }
  }

  /** One paged Cloud Asset Inventory search over {@code organizations/N} or {@code folders/N}. */
  record Scope(String scope) implements Source {
    public Scope {
      Objects.requireNonNull(scope, "scope");
    }
  }
}
