package dev.autobind.apply;

import java.time.Duration;
import java.util.Objects;

/**
 * Jittered exponential backoff inside a bounded budget. The delay before retry {@code n} is drawn
 * uniformly from {@code [d/2, d]} where {@code d = min(cap, initial * multiplier^n)}: half-jitter keeps
 * concurrent writers apart without ever retrying at once.
 *
 * @param initial the first delay's upper bound
 * @param cap the largest delay
 * @param multiplier growth per attempt, at least 1
 * @param maxAttempts attempts in all, including the first
 * @param budget total time the attempts may take; no retry starts after it
 */
public record Backoff(Duration initial, Duration cap, double multiplier, int maxAttempts, Duration budget) {

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(budget, "budget");
    if (initial.isNegative() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff: need 0 <= initial <= cap, got " + initial + " and " + cap);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("backoff: multiplier must be at least 1, got " + multiplier);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("backoff: maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** Etag conflicts: another writer is in the middle of the same read-modify-write. */
  public static Backoff forConflicts() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), 2.0, 8, Duration.ofSeconds(20));
  }

  /** A newly created service account that IAM does not show yet; Google documents up to a minute. */
  public static Backoff forVisibility() {
    return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4), 2.0, 40, Duration.ofSeconds(40));
  }

  /** Passing faults of one call (UNAVAILABLE and the like). */
  public static Backoff forTransientCalls() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 5, Duration.ofSeconds(10));
  }

  /** No waiting at all: for tests and the dry run's single pass. */
  public static Backoff immediate(int maxAttempts) {
    return new Backoff(Duration.ZERO, Duration.ZERO, 1.0, maxAttempts, Duration.ofDays(1));
  }

  /**
   * The delay before the retry that follows attempt {@code attempt} (0-based).
   *
   * @param unitRandom a number in [0, 1) supplied by the caller, so tests can fix it
   */
  public Duration delayAfter(int attempt, double unitRandom) {
    double upper = Math.min(cap.toNanos(), initial.toNanos() * Math.pow(multiplier, attempt));
    return Duration.ofNanos((long) (upper / 2 + upper / 2 * unitRandom));
  }
}
