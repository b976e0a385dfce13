package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kind.PolicyHolder;
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

  record Case(String name, Supplier<TargetLocks> locks, PolicyHolder secondTarget, boolean overlap) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("locks serialize two events on one target", TargetLocks::new, PolicyHolder.project("a"), false),
        new Case("locks let two targets run together", TargetLocks::new, PolicyHolder.project("b"), true),
        new Case("none() lets two events on one target overlap", TargetLocks::none, PolicyHolder.project("a"), true));
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
      Future<String> first = pool.submit(() -> locks.withLock(PolicyHolder.project("a"), holder -> {
        firstStillInside.set(true);
        firstInside.countDown();
        await(releaseFirst);
        firstStillInside.set(false);
        return "first";
      }));
      await(firstInside);
      Future<String> second = pool.submit(() -> {
        secondThread.set(Thread.currentThread());
        return locks.withLock(c.secondTarget(), holder -> {
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

  /** Who may reuse a policy that another body saw, and who must read for itself. */
  record Reuse(String name, Supplier<TargetLocks> locks, boolean observeAfterRequest, PolicyHolder reader, boolean reused) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Reuse> reuses() {
    return Stream.of(
        new Reuse("a waiter reuses what a call begun after its request saw", TargetLocks::new, true, PolicyHolder.project("a"),
            true),
        new Reuse("a later event does not reuse what was seen before it asked", TargetLocks::new, false,
            PolicyHolder.project("a"), false),
        new Reuse("nothing carries over to another target", TargetLocks::new, true, PolicyHolder.project("b"), false),
        new Reuse("none() remembers nothing", TargetLocks::none, true, PolicyHolder.project("a"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reuses")
  void aPolicySeenSinceTheRequestIsHandedOn(Reuse r) {
    TargetLocks locks = r.locks().get();
    com.google.iam.v1.Policy written = com.google.iam.v1.Policy.newBuilder().setVersion(3)
        .setEtag(com.google.protobuf.ByteString.copyFromUtf8("after-write")).build();
    AtomicReference<java.util.Optional<com.google.iam.v1.Policy>> handedOn = new AtomicReference<>();

    if (r.observeAfterRequest()) {
      // The locks are reentrant, so one thread can play both events: the outer one asked first.
      locks.withLock(r.reader(), outer -> {
        locks.withLock(PolicyHolder.project("a"), inner -> inner.observe(() -> written));
        handedOn.set(outer.seenSinceRequest());
        return null;
      });
    } else {
      locks.withLock(PolicyHolder.project("a"), holder -> holder.observe(() -> written));
      locks.withLock(r.reader(), holder -> {
        handedOn.set(holder.seenSinceRequest());
        return null;
      });
    }

    assertThat(handedOn.get()).isEqualTo(r.reused() ? java.util.Optional.of(written) : java.util.Optional.empty());
  }

  /** Whether a policy read outside the lock (after a tick) may still be written from. */
  record Early(String name, Supplier<TargetLocks> locks, boolean observedAfterTick, PolicyHolder target, boolean stale) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Early> earlyReads() {
    return Stream.of(
        new Early("a call that ended after the early read began makes it stale", TargetLocks::new, true,
            PolicyHolder.project("a"), true),
        new Early("a call that ended before the early read began does not", TargetLocks::new, false,
            PolicyHolder.project("a"), false),
        new Early("another target's calls do not", TargetLocks::new, true, PolicyHolder.project("b"), false),
        new Early("none() remembers no call", TargetLocks::none, true, PolicyHolder.project("a"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("earlyReads")
  void anEarlyReadIsStaleOnceACallOnItsTargetEndedAfterIt(Early e) {
    TargetLocks locks = e.locks().get();
    com.google.iam.v1.Policy written = com.google.iam.v1.Policy.newBuilder().setVersion(3).build();
    long tick;
    if (e.observedAfterTick()) {
      tick = locks.tick();
      locks.withLock(PolicyHolder.project("a"), holder -> holder.observe(() -> written));
    } else {
      locks.withLock(PolicyHolder.project("a"), holder -> holder.observe(() -> written));
      tick = locks.tick();
    }

    boolean stale = locks.withLock(e.target(), holder -> holder.seenEndingAfter(tick));

    assertThat(stale).isEqualTo(e.stale());
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
