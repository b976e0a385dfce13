package dev.autobind.apply;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;
import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.admit.Ancestry;
import dev.autobind.admit.GateReadFailed;
import dev.autobind.admit.Lineage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a project sits, read from Resource Manager: GetProject for its parent, then GetFolder up the chain
 * until a node the caller accepts (a governed folder), an organization, or a node without parent. A project
 * directly in a governed folder costs one GetProject; each folder between them, one GetFolder. Each answer is
 * kept for a few minutes per instance, so a burst of events in one project costs one chain of reads; a project
 * moved out of the governed scope is refused once the entry expires. A project a search returned is kept as
 * the search said, so discovery's own finds cost no GetProject.
 */
public final class ResourceManagerAncestry implements Ancestry {
  /** How long an answer is kept. Moving a project between folders is rare, and this bounds how stale it is. */
  public static final Duration KEPT_FOR = Duration.ofMinutes(5);
  /** Resource Manager nests folders at most 10 deep under an organization; a longer chain is a loop or a lie. */
  static final int MAX_DEPTH = 12;

  private final Function<String, Project> projects;
  private final Function<String, Folder> folders;
  private final Clock clock;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  /** One node's parent (and, for a project, its id), and until when it is trusted. */
  private record Kept(String projectId, String parent, Instant until) {}

  /**
   * @param projects GetProject by {@code projects/ID_OR_NUMBER}
   * @param folders GetFolder by {@code folders/N}
   */
  public ResourceManagerAncestry(Function<String, Project> projects, Function<String, Folder> folders, Clock clock) {
    this.projects = Objects.requireNonNull(projects, "projects");
    this.folders = Objects.requireNonNull(folders, "folders");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Over the real Resource Manager clients; the folders client is opened on the first folder read. */
  public static ResourceManagerAncestry over(CloudClients clients, Clock clock) {
    return new ResourceManagerAncestry(name -> clients.projects().getProject(name),
        name -> clients.client("folders", "Resource Manager folders", () -> Folders.create(clients)).getFolder(name),
        clock);
  }

  @Override
  public Lineage lineage(String project, Predicate<String> enough) {
    Kept node = node("projects/" + project);
    List<String> ancestors = new ArrayList<>();
    String parent = node.parent();
    while (!parent.isEmpty() && !enough.test("projects/" + node.projectId())) {
      if (ancestors.size() >= MAX_DEPTH || ancestors.contains(parent)) {
        throw new GateReadFailed("the parent chain of project " + project + " does not end: "
            + String.join(" < ", ancestors), false, null);
      }
      ancestors.add(parent);
      parent = parent.startsWith("folders/") && !enough.test(parent) ? node(parent).parent() : "";
    }
    return new Lineage(node.projectId(), ancestors);
  }

  /** Kept as a GetProject answer would be, under the project's id and its number. */
  @Override
  public void found(String projectId, Optional<String> number, String parent) {
    Kept node = new Kept(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(parent, "parent"),
        clock.instant().plus(KEPT_FOR));
    kept.put("projects/" + projectId, node);
    number.ifPresent(n -> kept.put("projects/" + n, node));
  }

  private Kept node(String name) {
    Instant now = clock.instant();
    Kept cached = kept.get(name);
    if (cached != null && now.isBefore(cached.until())) {
      return cached;
    }
    Kept read = read(name, now.plus(KEPT_FOR));
    kept.put(name, read);
    return read;
  }

  private Kept read(String name, Instant until) {
    try {
      if (name.startsWith("projects/")) {
        Project project = projects.apply(name);
        return new Kept(project.getProjectId(), project.getParent(), until);
      }
      return new Kept("", folders.apply(name).getParent(), until);
    } catch (ApiException e) {
      Fault fault = Fault.of(e, Optional.empty());
      boolean passing = fault.passes();
      throw new GateReadFailed("reading " + name + " failed (" + e.getStatusCode().getCode() + ")"
          + (passing ? "" : ": it does not exist or the function cannot see it"), passing, e);
    }
  }

  // Its own small class for the reason CloudClients gives: the settings builder loads only when used.
  private static final class Folders {
    static FoldersClient create(CloudClients clients) throws java.io.IOException {
      return FoldersClient.create(clients.settings(FoldersSettings.newBuilder(), null));
    }
  }
}
