package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a delivery carries besides its intake (the envelope the admission gate reads), and how a policy is renamed. */
class DeliveryEnvelopeTest {
  private static final EventDecoder DECODER = new EventDecoder(ShippedKinds.registry());

  /** A fixture, whether it is an audit entry, and its envelope's CloudEvent type. */
  record Delivery(String file, boolean auditEntry, String type) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Delivery> deliveries() {
    return Stream.of(
        new Delivery("gke-create-first.eventarc.json", true, EventDecoder.AUDIT_LOG_WRITTEN),
        new Delivery("iam-project-remove.pubsub.json", true, EventDecoder.MESSAGE_PUBLISHED),
        new Delivery("backfill-gke.pubsub.json", false, EventDecoder.MESSAGE_PUBLISHED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void aStructuredDeliveryCarriesItsEnvelope(Delivery d) {
    Delivered delivered = DECODER.deliverStructured(EventFixtures.read(d.file()));

    assertThat(delivered.intake()).isNotInstanceOf(Intake.Invalid.class);
    assertThat(delivered.envelope()).hasValueSatisfying(envelope -> {
      assertThat(envelope.auditEntry()).isEqualTo(d.auditEntry());
      assertThat(envelope.type()).isEqualTo(d.type());
    });
  }

  /** In binary mode the envelope's source and type are the CloudEvent's own attributes, which the gate judges. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void aBinaryDeliveryCarriesItsAttributesInItsEnvelope(Delivery d) throws Exception {
    com.fasterxml.jackson.databind.JsonNode structured = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(EventFixtures.read(d.file()));

    Delivered delivered = DECODER.deliver(BinaryModeTest.binaryOf(structured));

    assertThat(delivered.envelope()).hasValueSatisfying(envelope -> {
      assertThat(envelope.source()).isEqualTo(structured.path("source").asText()).isNotEmpty();
      assertThat(envelope.type()).isEqualTo(d.type());
      assertThat(envelope.auditEntry()).isEqualTo(d.auditEntry());
    });
  }

  @Test
  void anUnreadableDeliveryHasNoEnvelope() {
    Delivered delivered = DECODER.deliverStructured("{".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(delivered.intake()).isInstanceOf(Intake.Invalid.class);
    assertThat(delivered.envelope()).isEmpty();
  }

  @Test
  void aChangeRenamedKeepsEverythingButItsTarget() {
    IamChange change = ((Intake.IamPolicyChanged) DECODER.decodeStructured(
        EventFixtures.read("iam-project-remove.eventarc.json"))).change();
    PolicyHolder other = PolicyHolder.project("ml-other-project");

    IamChange renamed = change.withTarget(other);

    assertThat(renamed.target()).isEqualTo(other);
    assertThat(renamed.deltas()).isEqualTo(change.deltas());
    assertThat(renamed.principal()).isEqualTo(change.principal());
    assertThat(renamed.eventId()).isEqualTo(change.eventId());
  }

  /** A policy named by number or unique id, whether it still needs resolving, and the same named by project id. */
  record Named(String name, PolicyHolder target, boolean byUniqueId, PolicyHolder byProjectId) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Named> targets() {
    ResourceRef cluster = ResourceRef.of(GkeCluster.KIND, "123456789012", "us-central1-a", "train-1");
    return Stream.of(
        new Named("a project by number", PolicyHolder.project("123456789012"), false, PolicyHolder.project("ml-train-a")),
        new Named("an account by unique id", PolicyHolder.serviceAccount("123456789012", "112650090025525899268"), true,
            PolicyHolder.serviceAccount("ml-train-a", "112650090025525899268")),
        new Named("an account by email", PolicyHolder.serviceAccount("123456789012",
            "ml-trainer@ml-train-a.iam.gserviceaccount.com"), false,
            PolicyHolder.serviceAccount("ml-train-a", "ml-trainer@ml-train-a.iam.gserviceaccount.com")),
        new Named("a cluster's own policy", PolicyHolder.resource(cluster), false,
            PolicyHolder.resource(ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void aTargetSaysWhetherItNeedsResolvingAndCanBeNamedByProjectId(Named n) {
    assertThat(n.target() instanceof PolicyHolder.ServiceAccount a && a.namedByUniqueId()).isEqualTo(n.byUniqueId());
    assertThat(n.target().withProjectId("ml-train-a")).isEqualTo(n.byProjectId());
  }
}
