package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.ShippedKinds;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Intake#deliveryId()}: what intake decoded carries the id of the delivery it came from (the record and the
 * restore ledger match on it); what intake could not act on carries none.
 */
class DeliveryIdTest {
  private static final EventDecoder DECODER = new EventDecoder(ShippedKinds.registry());

  record Case(String name, Intake intake, Optional<String> id) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a resource", decoded("gke-create-first.eventarc.json"),
            Optional.of("projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityx8937978230123")),
        new Case("a policy change", decoded("iam-project-remove.eventarc.json"),
            Optional.of("projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityx7f3a91c2")),
        new Case("an in-cluster change", decoded("k8s-clusterrolebinding-update.eventarc.json"),
            Optional.of("projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityk8s04")),
        new Case("a reconcile request", new Intake.Reconcile("job-7"), Optional.of("job-7")),
        new Case("ignored intake", new Intake.Ignored("not watched"), Optional.empty()),
        new Case("invalid intake", new Intake.Invalid("data", "missing"), Optional.empty()));
  }

  private static Intake decoded(String file) {
    return DECODER.deliverStructured(EventFixtures.read(file)).intake();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void carriesItsDeliverysIdExactlyWhenIntakeDecodedSomething(Case c) {
    assertThat(c.intake().deliveryId()).isEqualTo(c.id());
    c.id().ifPresent(id -> assertThat(id).isNotEmpty());
  }
}
