package dev.autobind.backfill;

import dev.autobind.apply.KindPlugins;
import dev.autobind.apply.CloudClients;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The resources of one project, listed through the API as backfill lists them, for drift repair: which
 * governed resources still exist in a project whose policy changed.
 */
public final class ProjectResources {
  private final CloudClients clients;
  private final KindPlugins kinds;

  public ProjectResources(CloudClients clients, KindPlugins kinds) {
    this.clients = clients;
    this.kinds = kinds;
  }

  /**
   * What one listing found.
   *
   * @param found the resources, named by project id
   * @param problems listings that failed, so resources may be missing
   */
  public record Listing(List<FoundResource> found, List<String> problems) {
    public Listing {
      found = List.copyOf(found);
      problems = List.copyOf(problems);
    }
  }

  /** Lists the resources of {@code kinds} in {@code project}, kind by kind in registry order. */
  public Listing list(String project, Set<ResourceKind> kinds) {
    List<FoundResource> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    new ProjectDiscovery(clients, this.kinds.only(kinds), List.of(GovernedProject.of(project)),
        Optional.empty()).run(new DiscoverySink() {
      @Override
      public void found(FoundResource resource) {
        found.add(resource);
      }

      @Override
      public void unusable(String resource, String reason) {
        problems.add(resource + ": " + reason);
      }

      @Override
      public void problem(String message) {
        problems.add(message);
      }

      @Override
      public void apiOff(String offIn, String api) {
        // An API that is off holds none of its resources: nothing is missing.
      }
    });
    return new Listing(found, problems);
  }
}
