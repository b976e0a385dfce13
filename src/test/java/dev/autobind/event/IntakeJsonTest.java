package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexModel;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON line that both the decode command and the decision log print. */
class IntakeJsonTest {

  /** One intake and its exact line. */
  record Rendering(String name, Intake intake, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Rendering> renderings() {
    ResourceEvent cluster = new ResourceEvent(ResourceRef.of(GkeCluster.KIND, "demo-train", "us-central1-a", "trainer-1"),
        Phase.FIRST, "google.container.v1.ClusterManager.CreateCluster", Optional.of("alice@example.com"),
        Optional.of(Instant.parse("2026-11-20T10:00:00Z")), DeliveryPath.EVENTARC, "e-1");
    ResourceEvent model = new ResourceEvent(ResourceRef.of(VertexModel.KIND, "210987654321", "us-central1", "42"),
        Phase.NONE, "autobind.backfill/v1", Optional.empty(), Optional.empty(), DeliveryPath.BACKFILL, "e-2");
    return Stream.of(
        new Rendering("resource with principal and time", new Intake.Resource(cluster),
            "{\"outcome\":\"resource\",\"kind\":\"gke-cluster\",\"project\":\"demo-train\",\"location\":\"us-central1-a\","
                + "\"name\":\"trainer-1\",\"phase\":\"first\",\"resource\":\"//container.googleapis.com/projects/"
                + "demo-train/locations/us-central1-a/clusters/trainer-1\",\"method\":\"google.container.v1."
                + "ClusterManager.CreateCluster\",\"principal\":\"alice@example.com\",\"path\":\"eventarc\","
                + "\"time\":\"2026-11-20T10:00:00Z\",\"eventId\":\"e-1\"}"),
        new Rendering("resource without principal or time", new Intake.Resource(model),
            "{\"outcome\":\"resource\",\"kind\":\"vertex-model\",\"project\":\"210987654321\",\"location\":\"us-central1\","
                + "\"name\":\"42\",\"phase\":\"none\",\"resource\":\"//aiplatform.googleapis.com/projects/210987654321/"
                + "locations/us-central1/models/42\",\"method\":\"autobind.backfill/v1\",\"principal\":null,"
                + "\"path\":\"backfill\",\"time\":null,\"eventId\":\"e-2\"}"),
        new Rendering("ignored", new Intake.Ignored("method \"x\" is not watched"),
            "{\"outcome\":\"ignored\",\"reason\":\"method \\\"x\\\" is not watched\"}"),
        new Rendering("invalid, with a line break and non-ASCII kept on one line",
            new Intake.Invalid("data.protoPayload", "bad\nname \u00e9"),
            "{\"outcome\":\"invalid\",\"error\":\"data.protoPayload: bad\\nname \\u00E9\"}"),
        new Rendering("reconcile request for the whole scope, without its delivery's id",
            new Intake.Reconcile("job-1"), "{\"outcome\":\"reconcile\"}"),
        new Rendering("reconcile request for one project", new Intake.Reconcile("job-1", Optional.of("gk-007")),
            "{\"outcome\":\"reconcile\",\"project\":\"gk-007\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void rendersOneExactLine(Rendering r) {
    assertThat(IntakeJson.line(r.intake())).isEqualTo(r.line()).doesNotContain("\n");
  }
}
