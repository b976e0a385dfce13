package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.Decision;
import dev.autobind.backfill.BackfillReport;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.Intake;
import dev.autobind.event.Outcome;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How {@code report} reads a dry run's decision back: each outcome's standing, as the report prints it. */
class ComplianceStandingTest {

  /** A dry run's outcome for one resource, and the standing the report must give it. */
  record Case(Outcome outcome, String status) {
    @Override
    public String toString() {
      return outcome.id() + " -> " + status;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(Outcome.COMPLIANT, "compliant"),
        new Case(Outcome.APPLIED, "missing 0 grants"),
        new Case(Outcome.IGNORED, "exempt"),
        new Case(Outcome.EXEMPT, "exempt"),
        new Case(Outcome.INVALID, "error"),
        new Case(Outcome.FAILED, "error"),
        new Case(Outcome.EXPIRED, "error"),
        new Case(Outcome.RETRY, "error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachOutcomeHasItsStanding(Case c) {
    Intake.Resource gke = (Intake.Resource) new EventDecoder(ShippedKinds.registry())
        .deliverStructured(EventFixtures.read("gke-create-first.eventarc.json")).intake();
    Decision decision = Decision.fromApply(gke, "e-1", ApplyResult.untouched(c.outcome(), "as the dry run ended", true),
        Duration.ofMillis(1), Optional.empty());
    BackfillReport.Snapshot run = new BackfillReport.Snapshot(1, Map.of(), Map.of(), Map.of(), 0, Map.of(), List.of(),
        List.of(), List.of(), false, 0);

    ComplianceReport report = ComplianceReport.of(List.of(decision), run, PolicyFile.load(
        Path.of("src/test/resources/apply/policy.yaml"), ShippedKinds.registry()).policy(), Instant.EPOCH);

    assertThat(report.rows()).singleElement().extracting(ComplianceReport.Row::status).isEqualTo(c.status());
  }
}
