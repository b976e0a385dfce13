package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kind.AuditMethod;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.NamingRules;
import dev.autobind.kinds.ShippedKinds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decodes every fixture in structured mode, as the CLI reads it, and checks the outcome. */
class EventDecoderTest {
  private final EventDecoder decoder = new EventDecoder(ShippedKinds.registry());

  static List<EventFixtures.Case> fixtures() {
    return EventFixtures.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void decodesFixtureToItsExpectedOutcome(EventFixtures.Case c) {
    ObjectNode json = IntakeJson.toJson(decoder.decodeStructured(EventFixtures.read(c.file())));

    assertThat(json.get("outcome").asText()).isEqualTo(c.outcome());
    c.fields().forEach((field, expected) ->
        assertThat(json.path(field).asText()).as(field).isEqualTo(expected));
  }

  @Test
  void everyFixtureOnDiskHasAnExpectation() {
    List<String> expected = EventFixtures.all().stream().map(EventFixtures.Case::file).sorted().toList();

    assertThat(expected).doesNotHaveDuplicates();
    assertThat(EventFixtures.filesOnDisk()).containsExactlyElementsOf(expected);
  }

  @Test
  void everyWatchedMethodHasAResourceFixture() {
    List<String> decodedMethods = EventFixtures.all().stream()
        .map(c -> decoder.decodeStructured(EventFixtures.read(c.file())))
        .filter(Intake.Resource.class::isInstance)
        .map(i -> ((Intake.Resource) i).event().method())
        .toList();

    assertThat(decodedMethods).containsAll(ShippedKinds.registry().methods().stream().map(AuditMethod::methodName).toList());
  }

  /** Fields the table above does not show: who, when, which method and which delivery. */
  record Detail(String file, Optional<String> principal, Optional<Instant> time, String method, String eventId) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Detail> details() {
    return Stream.of(
        new Detail("gke-create-first.eventarc.json", Optional.of("alice@example.com"),
            Optional.of(Instant.parse("2026-11-20T10:00:00Z")), "google.container.v1.ClusterManager.CreateCluster",
            "projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityx8937978230123"),
        new Detail("gke-create-last.eventarc.json", Optional.empty(), Optional.of(Instant.parse("2026-11-20T10:00:00Z")),
            "google.container.v1.ClusterManager.CreateCluster",
            "projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityxb9e6dbf3b2123"),
        new Detail("vertex-upload-ui.eventarc.json", Optional.of("bob@example.com"),
            Optional.of(Instant.parse("2026-11-20T10:00:00Z")), "google.cloud.aiplatform.ui.ModelService.UploadModel",
            "projects/demo-models/logs/cloudaudit.googleapis.com%2Factivityxv1"),
        new Detail("backfill-gke.pubsub.json", Optional.empty(), Optional.of(Instant.parse("2026-11-21T08:29:59.500Z")),
            "autobind.backfill/v1", "8888888881"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("details")
  void carriesPrincipalTimeMethodAndEventId(Detail d) {
    ResourceEvent event = resource(decoder.decodeStructured(EventFixtures.read(d.file())));

    assertThat(event.principal()).isEqualTo(d.principal());
    assertThat(event.time()).isEqualTo(d.time());
    assertThat(event.method()).isEqualTo(d.method());
    assertThat(event.eventId()).isEqualTo(d.eventId());
  }

  @Test
  void backfillWithoutPublishTimeFallsBackToTheEventTime() {
    byte[] json = EventFixtures.edit("backfill-gke.pubsub.json", event -> {
      ObjectNode message = (ObjectNode) event.path("data").path("message");
      message.remove(List.of("publishTime", "publish_time"));
    });

    ResourceEvent event = resource(decoder.decodeStructured(json));

    assertThat(event.time()).contains(Instant.parse("2026-11-21T08:30:00Z"));
  }

  /** A principal email as the entry carries it, and whether it is passed on. */
  record Principal(String email, boolean kept) {
    @Override
    public String toString() {
      return (kept ? "keeps " : "leaves out ") + NamingRules.shown(email);
    }
  }

  static Stream<Principal> principals() {
    return Stream.of(
        new Principal("alice@example.com", true),
        new Principal("trainer-sa@demo-train.iam.gserviceaccount.com", true),
        new Principal("service-123@container-engine-robot.iam.gserviceaccount.com", true),
        new Principal("user:eve@example.com", false),
        new Principal("eve@example.com\",\"x", false),
        new Principal("eve@example.com serviceAccount:x@y.z", false),
        new Principal("system:anonymous", false),
        new Principal("a".repeat(65) + "@example.com", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("principals")
  void passesOnOnlyPlainEmailPrincipals(Principal p) {
    byte[] event = EventFixtures.edit("gke-create-first.eventarc.json", e -> ((ObjectNode) e.path("data")
        .path("protoPayload").path("authenticationInfo")).put("principalEmail", p.email()));

    ResourceEvent decoded = resource(decoder.decodeStructured(event));

    assertThat(decoded.principal()).isEqualTo(p.kept() ? Optional.of(p.email()) : Optional.empty());
  }

  @Test
  void errorsStayShortWhateverTheInputEchoes() {
    String key = "k".repeat(20_000);
    byte[] event = EventFixtures.edit("gke-create-first.eventarc.json", e -> ((ObjectNode) e.path("data")
        .path("resource").path("labels")).put(key, 7));

    Intake.Invalid invalid = (Intake.Invalid) decoder.decodeStructured(event);

    assertThat(invalid.field()).startsWith("data.resource.labels.kkk").hasSize(203).endsWith("...");
    assertThat(invalid.error()).isEqualTo("expected a string, got a number");
  }

  /** Inputs the fixtures cannot hold: too large, empty, or absent. */
  record Oddity(String name, byte[] event, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Oddity> oddities() {
    byte[] oversized = EventFixtures.oversizedEvent();
    return Stream.of(
        new Oddity("oversized event", oversized, "event: is larger than the 512 KiB (524288-byte) limit"),
        new Oddity("event id of 257 characters",
            EventFixtures.edit("gke-create-first.eventarc.json", e -> ((ObjectNode) e).put("id", "i".repeat(257))),
            "id: is longer than 256 characters"),
        new Oddity("empty input", new byte[0], "event: is empty"),
        new Oddity("absent input", null, "event: missing"),
        new Oddity("JSON array", "[1]".getBytes(StandardCharsets.UTF_8),
            "event: expected a JSON object, got an array"),
        new Oddity("trailing garbage", "{\"a\":1} {".getBytes(StandardCharsets.UTF_8),
            "event: malformed JSON at line 1, column 9: Trailing token (of type START_OBJECT) found after value"),
        new Oddity("request nested past JsonFormat's recursion limit", nested(150),
            "data: is not a valid LogEntryData: Hit recursion limit."),
        new Oddity("request nested past Gson's nesting limit", nested(300),
            "data: is not a valid LogEntryData: Nesting limit 255 reached at line 1 column 1802 path"
                + " $.protoPayload.request.cluster.autopilot" + ".a".repeat(33) + "...."),
        new Oddity("request nested past Jackson's nesting limit", nested(1200),
            "event: malformed JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)"),
        new Oddity("duplicate keys", "{\"id\":\"1\",\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8),
            "event: malformed JSON at line 1, column 15: Duplicate field 'id'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddities")
  void rejectsOddInputWithTheFieldAtFault(Oddity o) {
    assertThat(decoder.decodeStructured(o.event())).isEqualTo(invalid(o.error()));
  }

  /** The first GKE entry with {@code depth} objects nested inside its request, all on one line. */
  private static byte[] nested(int depth) {
    String compact = new String(EventFixtures.edit("gke-create-first.eventarc.json", e -> { }), StandardCharsets.UTF_8);
    String nesting = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return compact.replace("\"autopilot\":{}", "\"autopilot\":" + nesting).getBytes(StandardCharsets.UTF_8);
  }

  static ResourceEvent resource(Intake intake) {
    assertThat(intake).isInstanceOf(Intake.Resource.class);
    return ((Intake.Resource) intake).event();
  }

  static Intake.Invalid invalid(String message) {
    int colon = message.indexOf(": ");
    return new Intake.Invalid(message.substring(0, colon), message.substring(colon + 2));
  }
}
