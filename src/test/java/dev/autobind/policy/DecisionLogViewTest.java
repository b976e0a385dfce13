package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The names the deploy plan creates the decision log view under and the restore cap reads it by. */
class DecisionLogViewTest {

  /** A function, and the view, log and filter that name its decisions. */
  record Case(String name, String function, String project, String view, String logName, String filter) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("the shipped function", "autobind", "ml-platform-ops",
            "projects/ml-platform-ops/locations/global/buckets/_Default/views/autobind-decisions",
            "projects/ml-platform-ops/logs/run.googleapis.com%2Fstdout",
            "source(\"projects/ml-platform-ops\") AND resource.type = \"cloud_run_revision\""
                + " AND log_id(\"run.googleapis.com/stdout\")"),
        new Case("another function in another project", "trainguard", "corp-ops-1",
            "projects/corp-ops-1/locations/global/buckets/_Default/views/trainguard-decisions",
            "projects/corp-ops-1/logs/run.googleapis.com%2Fstdout",
            "source(\"projects/corp-ops-1\") AND resource.type = \"cloud_run_revision\""
                + " AND log_id(\"run.googleapis.com/stdout\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesTheViewTheLogAndTheFilter(Case c) {
    FunctionConfig fn = new FunctionConfig(c.function(), c.project(), "us-central1", "java17", Trigger.PUBSUB,
        java.util.Optional.empty(), java.util.Optional.empty(), "autobind-fn", OptionalInt.empty(),
        OptionalInt.empty(), false);

    assertThat(DecisionLogView.id(fn)).isEqualTo(c.function() + "-decisions");
    assertThat(DecisionLogView.name(fn)).isEqualTo(c.view());
    assertThat(DecisionLogView.logName(c.project())).isEqualTo(c.logName());
    assertThat(DecisionLogView.filter(fn)).isEqualTo(c.filter());
  }

  /** A value and the Logging string literal that holds it. */
  record Literal(String name, String value, String quoted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Literal> literals() {
    return Stream.of(new Literal("plain", "roles/aiplatform.user", "\"roles/aiplatform.user\""),
        new Literal("a quote cannot end the string", "a\" OR x=\"b", "\"a\\\" OR x=\\\"b\""),
        new Literal("a backslash cannot escape the closing quote", "a\\", "\"a\\\\\""),
        new Literal("empty", "", "\"\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void quotesAValueAsOneStringLiteral(Literal l) {
    assertThat(DecisionLogView.quoted(l.value())).isEqualTo(l.quoted());
  }
}
