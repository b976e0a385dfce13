package dev.autobind.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The naming rules at their edges: what passes, and what is refused. */
class NamingRulesTest {

  /** One name checked by one rule. */
  record Name(String rule, String value, boolean valid) {
    @Override
    public String toString() {
      return rule + " " + (valid ? "accepts " : "refuses ") + NamingRules.shown(value);
    }
  }

  static Stream<Name> names() {
    return Stream.of(
        new Name("project", "demo-train", true),
        new Name("project", "abcdef", true),
        new Name("project", "a" + "b".repeat(29), true),
        new Name("project", "210987654321", true),
        new Name("project", "abcde", false),
        new Name("project", "a" + "b".repeat(30), false),
        new Name("project", "demo-", false),
        new Name("project", "1demo-train", false),
        new Name("project", "Demo-train", false),
        new Name("project", "example.com:demo", false),
        new Name("project", "0123", false),
        new Name("project", "", false),
        new Name("location", "us-central1", true),
        new Name("location", "us-central1-a", true),
        new Name("location", "europe-west10", true),
        new Name("location", "northamerica-northeast1-c", true),
        new Name("location", "global", false),
        new Name("location", "us-central1-ab", false),
        new Name("location", "us-central1/../x", false),
        new Name("location", "US-central1", false),
        new Name("cluster", "a", true),
        new Name("cluster", "trainer-1", true),
        new Name("cluster", "a" + "b".repeat(39), true),
        new Name("cluster", "a" + "b".repeat(40), false),
        new Name("cluster", "trainer-", false),
        new Name("cluster", "1trainer", false),
        new Name("cluster", "-trainer", false),
        new Name("cluster", "trainer_1", false),
        new Name("cluster", "trainer\n1", false),
        new Name("cluster", "", false),
        new Name("any model", "9988776655443322110", true),
        new Name("any model", "1", true),
        new Name("any model", "fraud-xgb", true),
        new Name("any model", "", false),
        new Name("any model", "fraud-xgb_v2", true),
        new Name("any model", "4242", true),
        new Name("any model", "f" + "x".repeat(62), true),
        new Name("any model", "f" + "x".repeat(63), false),
        new Name("any model", "_fraud", false),
        new Name("any model", "Fraud", false),
        new Name("any model", "fraud@1", false),
        new Name("any model", "fraud model", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void ruleAcceptsOnlyValidNames(Name n) {
    BiFunction<String, String, String> rule = switch (n.rule()) {
      case "project" -> NamingRules::project;
      case "location" -> NamingRules::location;
      case "cluster" -> NamingRules::cluster;
      case "any model" -> NamingRules::anyModelId;
      default -> throw new IllegalArgumentException("no rule " + n.rule());
    };
    if (n.valid()) {
      assertThat(rule.apply(n.value(), "f")).isEqualTo(n.value());
    } else {
      assertThatThrownBy(() -> rule.apply(n.value(), "some.field"))
          .isInstanceOf(InvalidField.class)
          .hasMessageStartingWith("some.field: ")
          .hasMessageContaining(NamingRules.shown(n.value()));
    }
  }

  /** How a value is shown inside an error message. */
  record Shown(String value, String shown) {
    @Override
    public String toString() {
      return shown;
    }
  }

  static Stream<Shown> shownValues() {
    return Stream.of(
        new Shown("trainer-1", "\"trainer-1\""),
        new Shown("a\"b", "\"a\\\"b\""),
        new Shown("line\nbreak", "\"line\\nbreak\""),
        new Shown("x".repeat(81), "\"" + "x".repeat(80) + "...\" (81 characters)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shownValues")
  void showsValuesQuotedEscapedAndCut(Shown s) {
    assertThat(NamingRules.shown(s.value())).isEqualTo(s.shown());
  }
}
