package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The expiry and freshness of a delivery, judged before anything is read, at and around each limit. */
class DeliveryAgeTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private static final DeliveryAge AGE = new DeliveryAge(ApplySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

  /** A delivery stamped {@code age} ago (none: unstamped), and how it is judged. */
  record Case(String name, Optional<Duration> age, boolean recent, Optional<String> expired) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("unstamped: never expired, never taken as recent", Optional.empty(), false, Optional.empty()),
        new Case("just published", Optional.of(Duration.ZERO), true, Optional.empty()),
        new Case("stamped ahead of the clock", Optional.of(Duration.ofMinutes(-2)), true, Optional.empty()),
        new Case("exactly freshFor old", Optional.of(ApplySettings.DEFAULT_FRESH_FOR), true, Optional.empty()),
        new Case("a second past freshFor", Optional.of(ApplySettings.DEFAULT_FRESH_FOR.plusSeconds(1)), false,
            Optional.empty()),
        new Case("exactly maxEventAge old", Optional.of(ApplySettings.DEFAULT_MAX_EVENT_AGE), false, Optional.empty()),
        new Case("a second past maxEventAge", Optional.of(ApplySettings.DEFAULT_MAX_EVENT_AGE.plusSeconds(1)), false,
            Optional.of("event is 1380 min old, over the maximum age of 23 h; use backfill to bring the resource"
                + " under the policy")),
        new Case("a day old", Optional.of(Duration.ofHours(24)), false,
            Optional.of("event is 1440 min old, over the maximum age of 23 h; use backfill to bring the resource"
                + " under the policy")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesADeliveryByItsStamp(Case c) {
    Optional<Instant> time = c.age().map(NOW::minus);

    assertThat(AGE.recent(time)).isEqualTo(c.recent());
    assertThat(AGE.expired(time).map(ApplyResult::reason)).isEqualTo(c.expired());
    AGE.expired(time).ifPresent(result -> {
      assertThat(result.status()).isEqualTo(Outcome.EXPIRED);
      assertThat(result.calls()).isEqualTo(new ApiCalls.Counts(0, 0));
      assertThat(result.plan()).isEmpty();
    });
  }
}
