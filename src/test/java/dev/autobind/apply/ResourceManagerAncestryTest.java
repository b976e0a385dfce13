package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.admit.Lineage;
import dev.autobind.localcloud.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a project a search returned costs the gate: where the search said it sits is kept as a GetProject
 * answer would be, so proving it is in the governed scope reads nothing, and a project under a folder outside
 * the scope is still climbed, folder by folder, to the top.
 */
class ResourceManagerAncestryTest {
  private static final String GOVERNED = "folders/234567890123";
  private static final String OUTSIDE = "folders/999000111";
  private static final String ORGANIZATION = "organizations/123456789012";
  private static final Map<String, String> FOLDER_PARENTS = Map.of(GOVERNED, ORGANIZATION, OUTSIDE, ORGANIZATION);
  /** What GetProject answers, by name: the project's id and parent. */
  private static final Map<String, Project> PROJECTS = Map.of(
      "projects/ml-inside-a", project("ml-inside-a", "700000000001", GOVERNED),
      "projects/700000000001", project("ml-inside-a", "700000000001", GOVERNED),
      "projects/ml-outside-b", project("ml-outside-b", "700000000002", OUTSIDE));

  /**
   * One lookup after a search found a project.
   *
   * @param found what the search returned: id, number, parent; empty when the search did not return it
   * @param asked the id or number the gate asks about
   * @param after how long after the search it asks
   * @param within whether the lineage is inside the governed folder
   * @param reads the Resource Manager reads the lookup made
   */
  record Case(String name, Optional<List<String>> found, String asked, Duration after, boolean within,
      List<String> reads) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Optional<List<String>> inside = Optional.of(List.of("ml-inside-a", "700000000001", GOVERNED));
    return Stream.of(
        new Case("a found project in the governed folder costs no read", inside, "ml-inside-a", Duration.ZERO,
            true, List.of()),
        new Case("asked by number, the same", inside, "700000000001", Duration.ZERO, true, List.of()),
        new Case("a found project under a folder outside the scope costs that folder's read, not its own",
            Optional.of(List.of("ml-outside-b", "700000000002", OUTSIDE)), "ml-outside-b", Duration.ZERO, false,
            List.of(OUTSIDE)),
        new Case("a project no search returned is read", Optional.empty(), "ml-inside-a", Duration.ZERO, true,
            List.of("projects/ml-inside-a")),
        new Case("what the search said is read again once it expires", inside, "ml-inside-a",
            ResourceManagerAncestry.KEPT_FOR, true, List.of("projects/ml-inside-a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aFoundProjectIsKeptAsTheSearchSaid(Case c) {
    ManualClock clock = ManualClock.atEpochOf2025();
    List<String> reads = new ArrayList<>();
    ResourceManagerAncestry ancestry = new ResourceManagerAncestry(name -> {
      reads.add(name);
      return PROJECTS.get(name);
    }, name -> {
      reads.add(name);
      return Folder.newBuilder().setName(name).setParent(FOLDER_PARENTS.get(name)).build();
    }, clock);
    c.found().ifPresent(f -> ancestry.found(f.get(0), Optional.of(f.get(1)), f.get(2)));
    clock.advance(c.after());

    Lineage lineage = ancestry.lineage(c.asked(), GOVERNED::equals);

    assertThat(lineage.within(GOVERNED)).as(lineage.describe()).isEqualTo(c.within());
    assertThat(lineage.projectId()).isEqualTo(c.found().map(f -> f.get(0)).orElse(c.asked()));
    assertThat(reads).isEqualTo(c.reads());
  }

  private static Project project(String id, String number, String parent) {
    return Project.newBuilder().setName("projects/" + number).setProjectId(id).setParent(parent).build();
  }
}
