package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.Outcome.Severity;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every outcome in one table: the id records and labels carry (README.md, "Decision records"), the severity Cloud
 * Logging shows, the CLI's exit code ({@code apply --help}) and whether the function throws for a redelivery.
 */
class OutcomeTest {

  /** One outcome and everything it must say. */
  record Row(Outcome outcome, String id, Severity severity, int exitCode, boolean redelivered) {
    @Override
    public String toString() {
      return id + " " + severity + " exit " + exitCode + (redelivered ? " redelivered" : "");
    }
  }

  static Stream<Row> table() {
    return Stream.of(
        new Row(Outcome.RESOURCE, "resource", Severity.INFO, 0, false),
        new Row(Outcome.IAM_CHANGE, "iam-change", Severity.INFO, 0, false),
        new Row(Outcome.KUBERNETES_CHANGE, "kubernetes-change", Severity.INFO, 0, false),
        new Row(Outcome.RECONCILE, "reconcile", Severity.INFO, 0, false),
        new Row(Outcome.RECONCILED, "reconciled", Severity.NOTICE, 0, false),
        new Row(Outcome.IGNORED, "ignored", Severity.INFO, 0, false),
        new Row(Outcome.INVALID, "invalid", Severity.ERROR, 2, false),
        new Row(Outcome.APPLIED, "applied", Severity.NOTICE, 0, false),
        new Row(Outcome.REPAIRED, "repaired", Severity.NOTICE, 0, false),
        new Row(Outcome.EXEMPT, "exempt", Severity.INFO, 0, false),
        new Row(Outcome.CONTESTED, "contested", Severity.ERROR, 3, false),
        new Row(Outcome.COMPLIANT, "compliant", Severity.INFO, 0, false),
        new Row(Outcome.EXPIRED, "expired", Severity.ERROR, 3, false),
        new Row(Outcome.FAILED, "failed", Severity.ERROR, 3, false),
        new Row(Outcome.RETRY, "retry", Severity.WARNING, 4, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachOutcomeCarriesItsIdSeverityExitCodeAndRedelivery(Row row) {
    assertThat(row.outcome().id()).isEqualTo(row.id());
    assertThat(row.outcome().severity()).isEqualTo(row.severity());
    assertThat(row.outcome().exitCode()).isEqualTo(row.exitCode());
    assertThat(row.outcome().redelivered()).isEqualTo(row.redelivered());
  }

  @Test
  void theTableHasOneRowPerOutcome() {
    assertThat(table().map(Row::outcome)).containsExactly(Outcome.values());
  }
}
