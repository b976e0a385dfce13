package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the operator count must not take for an operator: a lone & or |, != and an escaped quote. */
class LogicalOperatorsEdgesTest {

  /** A CEL expression and how many logical operators IAM counts in it. */
  record Case(String name, String expression, int count) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a lone ampersand", "a & b", 0),
        new Case("a lone bar", "a | b", 0),
        new Case("an and at the very end", "a &&", 1),
        new Case("a not at the very end", "a !", 1),
        new Case("an escaped quote inside a string", "'it\\'s && not' && b", 1),
        new Case("a double-quoted string holding a single quote", "\"it's || x\" || b", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void countsOnlyRealOperators(Case c) {
    assertThat(GrantSection.logicalOperators(c.expression())).isEqualTo(c.count());
  }
}
