package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Backoff delays and the retry loop's budget, on a fake clock. */
class RetryLoopTest {

  record Delay(String name, Backoff backoff, int attempt, double random, Duration expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Delay> delays() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 10, Duration.ofSeconds(30));
    return Stream.of(
        new Delay("first retry, lowest jitter", b, 0, 0.0, Duration.ofMillis(50)),
        new Delay("first retry, highest jitter", b, 0, 0.999_999, Duration.ofNanos(99_999_950)),
        new Delay("third retry doubles twice", b, 2, 0.5, Duration.ofMillis(300)),
        new Delay("capped", b, 20, 1.0, Duration.ofSeconds(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void delayGrowsWithJitterUnderTheCap(Delay d) {
    assertThat(d.backoff().delayAfter(d.attempt(), d.random())).isEqualTo(d.expected());
  }

  record Run(String name, int failuresBeforeSuccess, Backoff backoff, boolean succeeds, int attempts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Run> runs() {
    Backoff roomy = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 5, Duration.ofSeconds(30));
    Backoff tight = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(8), 2.0, 10, Duration.ofSeconds(5));
    return Stream.of(
        new Run("succeeds at once", 0, roomy, true, 1),
        new Run("succeeds on the third attempt", 2, roomy, true, 3),
        new Run("gives up after maxAttempts", 9, roomy, false, 5),
        new Run("gives up when the next wait would pass the budget", 9, tight, false, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void retriesWithinAttemptsAndBudget(Run r) {
    AtomicLong now = new AtomicLong();
    List<Duration> slept = new ArrayList<>();
    RetryLoop loop = new RetryLoop(d -> {
      slept.add(d);
      now.addAndGet(d.toNanos());
    }, () -> 0.5, now::get);
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();

    Runnable body = () -> loop.run(r.backoff(), () -> {
      if (attempts.incrementAndGet() <= r.failuresBeforeSuccess()) {
        throw new IllegalStateException("attempt " + attempts.get() + " failed");
      }
      return "done";
    }, e -> true, retries::incrementAndGet);

    if (r.succeeds()) {
      body.run();
    } else {
      assertThatThrownBy(body::run).hasMessage("attempt " + r.attempts() + " failed");
    }
    assertThat(attempts.get()).isEqualTo(r.attempts());
    assertThat(retries.get()).isEqualTo(r.attempts() - 1).isEqualTo(slept.size());
  }

  @org.junit.jupiter.api.Test
  void aFailureThatIsNotRetryablePropagatesAtOnce() {
    RetryLoop loop = new RetryLoop(d -> { }, () -> 0.5, System::nanoTime);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> loop.run(Backoff.forConflicts(), () -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("permanent");
    }, e -> e instanceof IllegalStateException, () -> { })).hasMessage("permanent");
    assertThat(attempts.get()).isEqualTo(1);
  }
}
