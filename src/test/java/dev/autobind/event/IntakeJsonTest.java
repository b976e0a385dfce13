package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexModel;
import java.io.IOException;
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

  /** A decoded delivery, the outcome decode names it by, and whether its line carries the delivery's id. */
  record Decoded(String fixture, Outcome outcome, boolean showsEventId) {
    @Override
    public String toString() {
      return fixture + " -> " + outcome.id();
    }
  }

  static Stream<Decoded> decoded() {
    return Stream.of(
        new Decoded("gke-create-first.eventarc.json", Outcome.RESOURCE, true),
        new Decoded("iam-project-remove.eventarc.json", Outcome.IAM_CHANGE, true),
        new Decoded("k8s-rolebinding-delete.eventarc.json", Outcome.KUBERNETES_CHANGE, true),
        new Decoded("gke-create-failed.eventarc.json", Outcome.IGNORED, false),
        new Decoded("hostile-cluster-quote.eventarc.json", Outcome.INVALID, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoded")
  void eachIntakeIsNamedByItsOutcomeAndShowsItsOwnEventId(Decoded d) throws IOException {
    Intake intake = new EventDecoder(ShippedKinds.registry())
        .deliverStructured(EventFixtures.read(d.fixture())).intake();

    assertThat(intake.outcome()).isEqualTo(d.outcome());
    ObjectNode json = IntakeJson.toJson(intake);
    assertThat(json.path("outcome").asText()).isEqualTo(d.outcome().id());
    String deliveryId = new ObjectMapper().readTree(EventFixtures.read(d.fixture()))
        .path("id").asText();
    assertThat(json.path("eventId").asText()).isEqualTo(d.showsEventId() ? deliveryId : "");
    assertThat(json.has("deltas")).as("deltas").isEqualTo(d.outcome() == Outcome.IAM_CHANGE);
    json.path("deltas").forEach(delta -> assertThat(delta.has("condition")).as("a delta's condition, null or not")
        .isTrue());
  }
}
