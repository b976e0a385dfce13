package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which values may go inside a CEL string literal in an IAM condition. */
class CelLiteralTest {

  record Case(String name, String value, Optional<String> problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("project id", "ml-train-prod", Optional.empty()),
        new Case("zone", "us-central1-a", Optional.empty()),
        new Case("model id", "9988776655443322110", Optional.empty()),
        new Case("role name", "roles/aiplatform.user", Optional.empty()),
        new Case("workload pool", "ml-train.svc.id.goog", Optional.empty()),
        new Case("non-ASCII letters are plain text", "modèle-é", Optional.empty()),
        new Case("single quote", "a'b", Optional.of("a'b holds a quote, which could end a CEL string literal")),
        new Case("double quote and an or", "x\") || true || (\"", Optional.of(
            "x\") || true || (\" holds a quote, which could end a CEL string literal")),
        new Case("backslash", "a\\u0027", Optional.of("a\\u0027 holds a backslash, which starts a CEL escape")),
        new Case("newline", "a\nb", Optional.of("a\\u000ab holds a newline or control character")),
        new Case("carriage return", "a\rb", Optional.of("a\\u000db holds a newline or control character")),
        new Case("NUL", "a\u0000", Optional.of("a\\u0000 holds a newline or control character")),
        new Case("line separator", "a\u2028b", Optional.of("a\\u2028b holds a newline or control character")),
        new Case("zero-width joiner (format)", "a\u200db", Optional.of("a\\u200db holds a newline or control character")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesExactlyTheValuesThatCouldChangeAnExpression(Case c) {
    assertThat(CelLiteral.problem(c.value())).isEqualTo(c.problem());
    if (c.problem().isEmpty()) {
      assertThat(CelLiteral.quoted(c.value())).isEqualTo("'" + c.value() + "'");
    } else {
      assertThatThrownBy(() -> CelLiteral.quoted(c.value())).isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c.problem().get());
    }
  }
}
