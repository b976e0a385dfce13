package dev.autobind.apply;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Runs an attempt again, with backoff, while its failure is retryable and the budget lasts. */
public final class RetryLoop {

  /** Waits between attempts; tests pass one that only advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final LongSupplier nanoClock;

  public RetryLoop(Sleeper sleeper, DoubleSupplier jitter, LongSupplier nanoClock) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Real time and real sleeping, with thread-local randomness for jitter. */
  public static RetryLoop system() {
    return new RetryLoop(
        d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble(),
        System::nanoTime);
  }

  /**
   * Runs {@code attempt} until it succeeds, its failure is not {@code retryable}, or {@code backoff}
   * is spent; then the last failure propagates unchanged. Every retry is reported to {@code onRetry}.
   */
  public <T> T run(Backoff backoff, Supplier<T> attempt, Predicate<RuntimeException> retryable, Runnable onRetry) {
    long start = nanoClock.getAsLong();
    for (int n = 0; ; n++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        if (!retryable.test(e) || n + 1 >= backoff.maxAttempts()) {
          throw e;
        }
        Duration delay = backoff.delayAfter(n, jitter.getAsDouble());
        long spent = nanoClock.getAsLong() - start;
        if (spent + delay.toNanos() > backoff.budget().toNanos()) {
          throw e;
        }
        onRetry.run();
        pause(delay, e);
      }
    }
  }

  private void pause(Duration delay, RuntimeException cause) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      cause.addSuppressed(ie);
      throw cause;
    }
  }
}
