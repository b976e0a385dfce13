package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which bodies may run at the same time: one per target with locks, any with {@link TargetLocks#none()}. */
class TargetLocksTest {

  record Case(String name, Supplier<TargetLocks> locks, String secondTarget, boolean overlap) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("locks serialize two events on one target", TargetLocks::new, "projects/a", false),
        new Case("locks let two targets run together", TargetLocks::new, "projects/b", true),
        new Case("none() lets two events on one target overlap", TargetLocks::none, "projects/a", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void secondBodyRunsWhileTheFirstHoldsItsTargetOnlyWhenAllowed(Case c) throws Exception {
    TargetLocks locks = c.locks().get();
    CountDownLatch firstInside = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicBoolean firstStillInside = new AtomicBoolean();
    AtomicBoolean secondEntered = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> locks.withLock("projects/a", () -> {
        firstStillInside.set(true);
        firstInside.countDown();
        await(releaseFirst);
        firstStillInside.set(false);
        return "first";
      }));
      await(firstInside);
      Future<String> second = pool.submit(() -> {
        secondThread.set(Thread.currentThread());
        return locks.withLock(c.secondTarget(), () -> {
          overlapped.set(firstStillInside.get());
          secondEntered.set(true);
          return "second";
        });
      });
      // Release the first body once the second has either run or parked on the lock.
      while (!secondEntered.get() && !parked(secondThread.get())) {
        Thread.onSpinWait();
      }
      releaseFirst.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("second");
      assertThat(overlapped.get()).isEqualTo(c.overlap());
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
  }

  private static boolean parked(Thread thread) {
    return thread != null && thread.getState() == Thread.State.WAITING;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
