package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogicalOperatorsTest {

  /** A CEL expression and how many logical operators IAM would count in it. */
  record Case(String expression, int count) {
    @Override
    public String toString() {
      return expression;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("request.time < timestamp(\"2030-01-01T00:00:00Z\")", 0),
        new Case("a && b", 1),
        new Case("a || b && !c", 3),
        new Case("a != b", 0),
        new Case("!(a != b)", 1),
        new Case("resource.name == \"x && y || !z\"", 0),
        new Case("resource.name == 'it\\'s && fine' && b", 1),
        new Case("a&&b||c&&d||e&&f||g&&h||i&&j||k&&l||m", 12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void countsOperatorsOutsideStrings(Case c) {
    assertThat(GrantSection.logicalOperators(c.expression())).isEqualTo(c.count());
  }
}
