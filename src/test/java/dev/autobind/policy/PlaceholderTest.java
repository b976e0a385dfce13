package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholderTest {

  private static final Map<Placeholder, String> VALUES = Map.of(
      Placeholder.PROJECT, "demo-train",
      Placeholder.WORKLOAD_POOL, "demo-train.svc.id.goog",
      Placeholder.NAME, "$1\\x");

  @Test
  void substitutesEveryUseLiterally() {
    assertThat(Placeholder.substitute("serviceAccount:${workloadPool}[ns/${name}] in ${project}/${project}", VALUES))
        .isEqualTo("serviceAccount:demo-train.svc.id.goog[ns/$1\\x] in demo-train/demo-train");
  }

  @Test
  void refusesToSubstituteWithoutAValue() {
    assertThatThrownBy(() -> Placeholder.substitute("service-${projectNumber}@x", VALUES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value for ${projectNumber} in service-${projectNumber}@x");
  }

  @Test
  void findsUsedUnknownAndUnclosedPlaceholders() {
    String text = "${project}-${cluster}-${projectNumber}-${project}-${";

    assertThat(Placeholder.used(text)).containsExactly(Placeholder.PROJECT, Placeholder.PROJECT_NUMBER);
    assertThat(Placeholder.unknown(text)).containsExactly("cluster");
    assertThat(Placeholder.unclosed(text)).isTrue();
    assertThat(Placeholder.unclosed("${project}")).isFalse();
  }

  @Test
  void theSixPlaceholdersAreTheOnlyOnes() {
    assertThat(Placeholder.known())
        .isEqualTo("${project}, ${projectNumber}, ${location}, ${name}, ${serviceAccount}, ${workloadPool}");
  }
}
