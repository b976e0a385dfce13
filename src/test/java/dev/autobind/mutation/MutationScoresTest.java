package dev.autobind.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-target check over PIT's mutations.xml that makes -Pmutation fail when one target scores low. */
class MutationScoresTest {

  private static final List<String> TARGETS = MutationScores.targets(" dev.x.plan.* , dev.x.drift.Planner*,");

  private static String mutation(String mutatedClass, String status, boolean detected) {
    return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'>"
        + "<sourceFile>A.java</sourceFile><mutatedClass>" + mutatedClass + "</mutatedClass>"
        + "<mutatedMethod>m</mutatedMethod><lineNumber>1</lineNumber></mutation>";
  }

  private static List<MutationScores.Score> scores(String... mutations) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mutations>" + String.join("", mutations) + "</mutations>";
    return MutationScores.scores(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), TARGETS);
  }

  @Test
  void countsEachTargetOnItsOwn() {
    List<MutationScores.Score> scores = scores(
        mutation("dev.x.plan.Planner", "KILLED", true),
        mutation("dev.x.plan.Planner$Inner", "TIMED_OUT", true),
        mutation("dev.x.plan.Plan", "SURVIVED", false),
        mutation("dev.x.plan.Plan", "NO_COVERAGE", false),
        mutation("dev.x.drift.Planner$1", "KILLED", true),
        mutation("dev.x.drift.Repair", "SURVIVED", false));

    assertThat(scores).extracting(MutationScores.Score::row).containsExactly(
        "| `dev.x.plan.*` | 4 | 2 | 1 | 1 | 50% |",
        "| `dev.x.drift.Planner*` | 1 | 1 | 0 | 0 | 100% |");
  }

  @Test
  void aTargetUnderTheThresholdFailsAndOneAtItPasses() {
    List<MutationScores.Score> scores = List.of(new MutationScores.Score("a", 10, 9, 1, 0),
        new MutationScores.Score("b", 10, 8, 1, 1));

    assertThat(MutationScores.failures(scores, 90)).containsExactly("b scores 80%, under 90%");
  }

  @Test
  void aTargetWithoutMutantsFails() {
    assertThat(MutationScores.failures(scores(), 90)).containsExactly(
        "dev.x.plan.* has no mutant; is the glob right?", "dev.x.drift.Planner* has no mutant; is the glob right?");
  }

  @Test
  void theScoreIsRoundedDown() {
    assertThat(new MutationScores.Score("a", 1000, 899, 101, 0).percent()).isEqualTo(89);
  }

  @Test
  void aGlobWithoutStarNamesOneClass() {
    assertThat(MutationScores.covers("dev.x.Planner", "dev.x.Planner")).isTrue();
    assertThat(MutationScores.covers("dev.x.Planner", "dev.x.PlannerTest")).isFalse();
  }

  @Test
  void aDoctypeIsRefused() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><mutations/>";

    assertThatThrownBy(() -> MutationScores.scores(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        TARGETS)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cannot read PIT's mutations.xml");
  }
}
