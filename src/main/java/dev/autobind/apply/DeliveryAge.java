package dev.autobind.apply;

import dev.autobind.event.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a delivery's age is judged, before anything is read: the one home of the expiry rule ({@code maxEventAge})
 * and of freshness ({@code freshFor}). A delivery check, so it is made where deliveries are mapped to what they
 * ask of the {@link Reconciler}, never inside it.
 */
public record DeliveryAge(ApplySettings settings, Clock clock) {

  public DeliveryAge {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
  }

  /** The result for a delivery stamped {@code time} that is too old to act on; empty when it is not. */
  public Optional<ApplyResult> expired(Optional<Instant> time) {
    return age(time).filter(age -> age.compareTo(settings.maxEventAge()) > 0)
        .map(age -> ApplyResult.untouched(Outcome.EXPIRED, "event is " + age.toMinutes() + " min old, over the maximum"
            + " age of " + settings.maxEventAge().toHours() + " h; use backfill to bring the resource under the policy",
            settings.dryRun()));
  }

  /** Whether a delivery stamped {@code time} is recent enough that a resource not readable yet is retried. */
  public boolean recent(Optional<Instant> time) {
    return age(time).map(age -> age.compareTo(settings.freshFor()) <= 0).orElse(false);
  }

  private Optional<Duration> age(Optional<Instant> time) {
    return time.map(t -> Duration.between(t, clock.instant()));
  }
}
