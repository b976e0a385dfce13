package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GlobTest {

  /** A glob, a value, and whether it matches. */
  record Case(String glob, String value, boolean matches) {
    @Override
    public String toString() {
      return glob + (matches ? " matches " : " does not match ") + value;
    }
  }

  /** A glob that must not compile, and why. */
  record Broken(String glob, String message) {
    @Override
    public String toString() {
      return glob.isEmpty() ? "(empty)" : glob;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("ml-*", "ml-train", true),
        new Case("ml-*", "ml-", true),
        new Case("ml-*", "xml-train", false),
        new Case("*-sandbox", "ml-sandbox", true),
        new Case("*-sandbox", "ml-sandbox-2", false),
        new Case("us-central1-?", "us-central1-a", true),
        new Case("us-central1-?", "us-central1", false),
        new Case("europe-west[1-4]", "europe-west4", true),
        new Case("europe-west[1-4]", "europe-west9", false),
        new Case("ml-[!p]*", "ml-train", true),
        new Case("ml-[!p]*", "ml-prod", false),
        new Case("a.b", "axb", false),
        new Case("a.b", "a.b", true),
        new Case("(ml)+", "(ml)+", true),
        new Case("(ml)+", "mlml", false),
        new Case("*", "anything-at-all", true));
  }

  static Stream<Broken> broken() {
    return Stream.of(
        new Broken("", "a glob must not be empty"),
        new Broken("ml-[ab", "unclosed [ at position 4"),
        new Broken("ml-[]", "[] is not a class of lowercase letters, digits and ranges"),
        new Broken("ml-[A-Z]", "[A-Z] is not a class of lowercase letters, digits and ranges"),
        new Broken("ml-[a-]", "[a-] is not a class of lowercase letters, digits and ranges"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesWholeValues(Case c) {
    assertThat(Glob.of(c.glob()).matches(c.value())).isEqualTo(c.matches());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void refusesGlobsThatDoNotCompile(Broken b) {
    assertThatThrownBy(() -> Glob.of(b.glob())).isInstanceOf(IllegalArgumentException.class).hasMessage(b.message());
  }

  /** Policies compare by value (a reloaded file equals the one it replaced), so a glob is its pattern. */
  @org.junit.jupiter.api.Test
  void globsAreEqualExactlyWhenTheirPatternsAre() {
    Glob ml = Glob.of("ml-*");

    assertThat(ml).isEqualTo(Glob.of("ml-*")).hasSameHashCodeAs(Glob.of("ml-*")).hasToString("ml-*");
    assertThat(ml).isNotEqualTo(Glob.of("ml-?")).isNotEqualTo("ml-*").isNotEqualTo(null);
    assertThat(ml.hashCode()).isNotEqualTo(Glob.of("ml-?").hashCode());
  }
}
