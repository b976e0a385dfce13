package dev.autobind.kind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexModel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A resource name in its two forms, and with its project swapped. */
class ResourceNameTest {

  /** One name, its two spellings, and whether it carries a project number. */
  record Case(String name, ResourceName value, String full, String relative, boolean number) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> names() {
    return Stream.of(
        new Case("zonal cluster", ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-1").name(),
            "//container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-1",
            "projects/ml-train-a/locations/us-central1-a/clusters/train-1", false),
        new Case("model by project number", ResourceRef.of(VertexModel.KIND, "222222222222", "europe-west4", "42").name(),
            "//aiplatform.googleapis.com/projects/222222222222/locations/europe-west4/models/42",
            "projects/222222222222/locations/europe-west4/models/42", true),
        new Case("model by project id", new ResourceName("aiplatform.googleapis.com", "ml-serve-b", "us-central1",
            "models", "fraud-xgb"), "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/fraud-xgb",
            "projects/ml-serve-b/locations/us-central1/models/fraud-xgb", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void spellsTheFullAndTheRelativeForm(Case c) {
    assertThat(c.value().full()).isEqualTo(c.full());
    assertThat(c.value().relative()).isEqualTo(c.relative());
    assertThat(c.value().toString()).isEqualTo(c.full());
    assertThat(c.value().projectIsNumber()).isEqualTo(c.number());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void swapsOnlyTheProject(Case c) {
    ResourceName moved = c.value().withProject("other-project");
    assertThat(moved.relative()).isEqualTo(c.relative().replaceFirst("^projects/[^/]+/", "projects/other-project/"));
    assertThat(moved.withProject(c.value().project())).isEqualTo(c.value());
  }
}
