package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cloud Asset Inventory names: both GKE forms, Vertex AI names with project numbers, and refusals. */
class AssetNameTest {

  /** A full name, and the resource it names once its project is known by id (or the refusal). */
  record Case(String name, String fullName, String resolvedId, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> names() {
    return Stream.of(
        new Case("regional cluster, locations form",
            "//container.googleapis.com/projects/ml-train-a/locations/us-central1/clusters/gpu-pool", "ml-train-a",
            "//container.googleapis.com/projects/ml-train-a/locations/us-central1/clusters/gpu-pool"),
        new Case("zonal cluster, zones form",
            "//container.googleapis.com/projects/ml-train-a/zones/us-central1-a/clusters/train-1", "ml-train-a",
            "//container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-1"),
        new Case("model named by project number",
            "//aiplatform.googleapis.com/projects/222222222222/locations/europe-west4/models/4567890123456789012",
            "ml-serve-b",
            "//aiplatform.googleapis.com/projects/ml-serve-b/locations/europe-west4/models/4567890123456789012"),
        new Case("model with a chosen id",
            "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/fraud_xgb-v2", "ml-serve-b",
            "//aiplatform.googleapis.com/projects/ml-serve-b/locations/us-central1/models/fraud_xgb-v2"),
        new Case("relative name", "projects/p/locations/l/clusters/c", null,
            "'projects/p/locations/l/clusters/c' is not a full resource name"
                + " (//SERVICE/projects/P/locations/L/COLLECTION/NAME)"),
        new Case("other service", "//compute.googleapis.com/projects/ml-a1b2c3/zones/us-east1-b/instances/vm-1", null,
            "'//compute.googleapis.com/projects/ml-a1b2c3/zones/us-east1-b/instances/vm-1' names service"
                + " 'compute.googleapis.com', which backfill does not cover"),
        new Case("cluster sub-resource", "//container.googleapis.com/projects/ml-train-a/locations/us-central1/"
            + "clusters/c/k8s/namespaces/default", null,
            "'//container.googleapis.com/projects/ml-train-a/locations/us-central1/clusters/c/k8s/namespaces/default'"
                + " is not a full resource name (//SERVICE/projects/P/locations/L/COLLECTION/NAME)"),
        new Case("wrong collection for the service",
            "//aiplatform.googleapis.com/projects/1/locations/us-central1/datasets/9", null,
            "'//aiplatform.googleapis.com/projects/1/locations/us-central1/datasets/9' is not a"
                + " aiplatform.googleapis.com/Model name"
                + " (//aiplatform.googleapis.com/projects/P/locations/L/models/NAME)"),
        new Case("endpoint named by project number",
            "//aiplatform.googleapis.com/projects/222222222222/locations/europe-west4/endpoints/1234567890123456789",
            "ml-serve-b",
            "//aiplatform.googleapis.com/projects/ml-serve-b/locations/europe-west4/endpoints/1234567890123456789"),
        new Case("persistent resource",
            "//aiplatform.googleapis.com/projects/ml-train-a/locations/us-central1/persistentResources/ray-1",
            "ml-train-a",
            "//aiplatform.googleapis.com/projects/ml-train-a/locations/us-central1/persistentResources/ray-1"),
        new Case("TPU node", "//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/nodes/tpu-v4-32",
            "ml-train-a", "//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/nodes/tpu-v4-32"),
        new Case("TPU queued resource with the characters its ids allow",
            "//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/queuedResources/Sweep_01.b", "ml-train-a",
            "//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/queuedResources/Sweep_01.b"),
        new Case("wrong collection for Cloud TPU",
            "//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/acceleratorTypes/v4-32", null,
            "'//tpu.googleapis.com/projects/ml-train-a/locations/us-central2-b/acceleratorTypes/v4-32' is not a"
                + " tpu.googleapis.com/Node name (//tpu.googleapis.com/projects/P/locations/L/nodes/NAME)"),
        new Case("zones form for a model", "//aiplatform.googleapis.com/projects/1/zones/us-central1-a/models/9", null,
            "'//aiplatform.googleapis.com/projects/1/zones/us-central1-a/models/9' is not a"
                + " aiplatform.googleapis.com/Model name"
                + " (//aiplatform.googleapis.com/projects/P/locations/L/models/NAME)"),
        new Case("control characters are escaped", "//x\n/\u0000", null,
            "'//x\\u000a/\\u0000' is not a full resource name (//SERVICE/projects/P/locations/L/COLLECTION/NAME)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void parsesOrRefusesWithAMessageNamingTheName(Case c) {
    if (c.resolvedId() == null) {
      assertThatThrownBy(() -> AssetName.parse(c.fullName(), ShippedKinds.registry())).isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c.expected());
    } else {
      assertThat(AssetName.parse(c.fullName(), ShippedKinds.registry()).withProjectId(c.resolvedId()).fullName()).isEqualTo(c.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void onlyVertexNamesCarryProjectNumbers(Case c) {
    if (c.resolvedId() != null) {
      AssetName name = AssetName.parse(c.fullName(), ShippedKinds.registry());
      assertThat(name.projectIsNumber()).isEqualTo(name.project().equals("222222222222"));
    }
  }

  /** A hostile part that the API might hand back, and why it is refused. */
  record Hostile(String name, String project, String location, String resource, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Hostile> hostileParts() {
    return Stream.of(
        new Hostile("quote in a cluster name", "ml-train-a", "us-central1", "a\"b", "'a\"b' is not a valid clusters name"),
        new Hostile("uppercase project", "ML-train", "us-central1", "c", "'ML-train' is not a valid project id"),
        new Hostile("project number left unresolved", "222222222222", "us-central1", "c",
            "'222222222222' is not a valid project id"),
        new Hostile("path in a location", "ml-train-a", "../x", "c", "'../x' is not a valid location"),
        new Hostile("overlong name", "ml-train-a", "us-central1", "n".repeat(300),
            "'" + "n".repeat(200) + "...' is not a valid clusters name"),
        new Hostile("cluster name with a dot, which only queued resources allow", "ml-train-a", "us-central1", "a.b",
            "'a.b' is not a valid clusters name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileParts")
  void foundResourcesRefuseHostileParts(Hostile h) {
    assertThatThrownBy(() -> new FoundResource(GkeCluster.KIND, h.project(), h.location(), h.resource()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(h.error());
  }
}
