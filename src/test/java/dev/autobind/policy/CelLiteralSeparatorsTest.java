package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The characters that end a line or hide in CEL beyond those CelLiteralTest names, and quoting itself. */
class CelLiteralSeparatorsTest {

  /** A value and why it cannot go inside a CEL string literal, when it cannot. */
  record Case(String name, String value, Optional<String> problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("paragraph separator", "a\u2029b", Optional.of("a\\u2029b holds a newline or control character")),
        new Case("next line (C1 control)", "a\u0085b", Optional.of("a\\u0085b holds a newline or control character")),
        new Case("delete", "a\u007fb", Optional.of("a\\u007fb holds a newline or control character")),
        new Case("tab", "a\tb", Optional.of("a\\u0009b holds a newline or control character")),
        new Case("byte order mark (format)", "\ufeffa", Optional.of("\\ufeffa holds a newline or control character")),
        new Case("the character after the line separators", "a\u202ab", Optional.of(
            "a\\u202ab holds a newline or control character")),
        new Case("a space is plain text", "a b", Optional.empty()),
        new Case("the empty value", "", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesEveryLineEnd(Case c) {
    assertThat(CelLiteral.problem(c.value())).isEqualTo(c.problem());
  }

  @Test
  void quotesAPlainValueInSingleQuotes() {
    assertThat(CelLiteral.quoted("roles/aiplatform.user")).isEqualTo("'roles/aiplatform.user'");
  }

  @Test
  void refusesToQuoteAValueThatCouldEndTheLiteral() {
    assertThatThrownBy(() -> CelLiteral.quoted("a\u2029b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a\\u2029b holds a newline or control character");
  }
}
