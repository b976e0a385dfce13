package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.Intake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one summary record of a scheduled reconcile: counts in the message, outcome and error from what failed. */
class ReconcileDecisionTest {

  /** A reconcile's result and the record it must give. */
  record Case(String name, ReconcileResult result, String outcome, String severity, String message,
      Optional<String> error, Intake.Reconcile request) {
    Case(String name, ReconcileResult result, String outcome, String severity, String message, Optional<String> error) {
      this(name, result, outcome, severity, message, error, new Intake.Reconcile("job-1"));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<String> seven = List.of("a: x", "b: x", "c: x", "d: x", "e: x", "f: x", "g: x");
    return Stream.of(
        new Case("everything handled", new ReconcileResult(5, 2, 3, 0, List.of()), "reconciled", "NOTICE",
            "reconciled: reconciled the governed scope: 5 found, 2 applied, 3 compliant, 0 failed", Optional.empty()),
        new Case("an empty scope", new ReconcileResult(0, 0, 0, 0, List.of()), "reconciled", "NOTICE",
            "reconciled: reconciled the governed scope: 0 found, 0 applied, 0 compliant, 0 failed", Optional.empty()),
        new Case("a resource failed", new ReconcileResult(3, 1, 1, 1, List.of(
            "//container.googleapis.com/projects/p/locations/l/clusters/c: failed: PERMISSION_DENIED")), "failed",
            "ERROR", "failed: reconciled the governed scope: 3 found, 1 applied, 1 compliant, 1 failed",
            Optional.of("//container.googleapis.com/projects/p/locations/l/clusters/c: failed: PERMISSION_DENIED")),
        new Case("a listing failed", new ReconcileResult(0, 0, 0, 0, List.of("GKE could not list project p")),
            "failed", "ERROR", "failed: reconciled the governed scope: 0 found, 0 applied, 0 compliant, 0 failed",
            Optional.of("GKE could not list project p")),
        new Case("many failures are cut to five", new ReconcileResult(7, 0, 0, 7, seven), "failed", "ERROR",
            "failed: reconciled the governed scope: 7 found, 0 applied, 0 compliant, 7 failed",
            Optional.of("a: x; b: x; c: x; d: x; e: x; and 2 more")),
        new Case("the fan-out published every project", ReconcileResult.fannedOut(120, 0, List.of()), "reconciled",
            "NOTICE", "reconciled: fanned out the governed scope: 120 project messages published, 0 failed",
            Optional.empty()),
        new Case("the fan-out failed to publish one", ReconcileResult.fannedOut(119, 1, List.of(
            "project gk-007: publish failed: UNAVAILABLE")), "failed", "ERROR",
            "failed: fanned out the governed scope: 119 project messages published, 1 failed",
            Optional.of("project gk-007: publish failed: UNAVAILABLE")),
        new Case("one project", new ReconcileResult(2, 1, 1, 0, List.of()), "reconciled", "NOTICE",
            "reconciled: reconciled project gk-007: 2 found, 1 applied, 1 compliant, 0 failed", Optional.empty(),
            new Intake.Reconcile("job-1", Optional.of("gk-007"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSummaryRecordCountsAndNamesWhatFailed(Case c) {
    Decision decision = Decision.fromReconcile(c.request(), c.result(), Duration.ofSeconds(3),
        Optional.empty());
    ObjectNode json = DecisionLog.toJson(decision);

    assertThat(json.path("outcome").asText()).isEqualTo(c.outcome());
    assertThat(json.path("severity").asText()).isEqualTo(c.severity());
    assertThat(json.path("message").asText()).isEqualTo(c.message());
    assertThat(Optional.ofNullable(json.get("error")).map(e -> e.asText())).isEqualTo(c.error());
    assertThat(json.path("eventId").asText()).isEqualTo("job-1");
    assertThat(json.path("logging.googleapis.com/labels").path("autobind.outcome").asText()).isEqualTo(c.outcome());
  }
}
