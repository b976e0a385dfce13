package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether a rule's {@code match.locations} can match a resource in a location, as discovery narrows regions by it. */
class MatchLocationTest {

  /** The globs (none: every location), a zone or region, and whether a resource there can match. */
  record Case(List<String> globs, String location, boolean located) {
    @Override
    public String toString() {
      return (globs.isEmpty() ? "no locations" : globs) + (located ? " reaches " : " does not reach ") + location;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(List.of(), "us-central1", true),
        new Case(List.of(), "asia-northeast1-b", true),
        new Case(List.of("us-*"), "us-central1", true),
        new Case(List.of("us-*"), "europe-west4", false),
        new Case(List.of("us-central1-a"), "us-central1", false),
        new Case(List.of("us-central1*"), "us-central1", true),
        new Case(List.of("us-central1*"), "us-central1-a", true),
        new Case(List.of("europe-west4", "us-east1"), "us-east1", true),
        new Case(List.of("europe-west4", "us-east1"), "us-west1", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aResourceThereCanMatchOnlyWhenNoGlobIsGivenOrOneMatches(Case c) {
    Match match = new Match(c.globs().stream().map(Glob::of).toList(), Map.of(), Optional.empty());

    assertThat(match.locatedIn(c.location())).isEqualTo(c.located());
  }
}
