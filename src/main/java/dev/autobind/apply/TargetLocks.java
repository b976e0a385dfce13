package dev.autobind.apply;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;
import com.google.iam.v1.Policy;
import dev.autobind.kind.PolicyHolder;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

/**
 * One writer per IAM target inside this instance. Concurrent events for the same project would
 * otherwise race each other through etag conflicts; serialized, the second one finds nothing to
 * write. Across instances the etag still protects. Locks are weakly held stripes, so memory stays
 * bounded however many targets an instance sees.
 *
 * <p>A body that waited for the lock is also handed the policy the previous holder last saw, when the
 * call that saw it (a read, or a write that returned the new policy) ended after the waiting began: a
 * read of its own would be no more current than that, only slower. Waiters in a burst then need no
 * read at all when the policy already holds their bindings.
 *
 * <p>A policy read outside any lock (the applier's account probe) is judged the same way: its reader
 * takes a {@link #tick()} before the call, and under the lock {@link Holder#seenEndingAfter} tells
 * whether a call on the target ended after that (a write may have been in flight), in which case the
 * early read is not written from; {@link Holder#seenAfter} hands on a policy a call begun later saw.
 */
public final class TargetLocks {
  /** Targets whose last-seen policy is kept; older ones are simply read again. */
  static final int REMEMBERED_TARGETS = 4_096;

  private final Optional<Striped<Lock>> stripes;
  private final AtomicLong ticks = new AtomicLong();
  private final Cache<PolicyHolder, Seen> seen = CacheBuilder.newBuilder().maximumSize(REMEMBERED_TARGETS).build();

  /** A policy, and the ticks at which the call that returned it began and ended. */
  private record Seen(Policy policy, long tick, long ended) {}

  /** What a body gets: a policy seen since it began waiting, if any, and the way to make calls others may reuse. */
  public interface Holder {
    /** The target's policy as a call that ended after this body's request arrived returned it. */
    Optional<Policy> seenSinceRequest();

    /** The target's policy as a call begun after {@code tick} (from {@link TargetLocks#tick()}) returned it. */
    Optional<Policy> seenAfter(long tick);

    /** Whether a call on the target, remembered here, ended after {@code tick}. */
    boolean seenEndingAfter(long tick);

    /** Runs a call that returns the target's current policy (a read, or a write), and remembers it. */
    Policy observe(java.util.function.Supplier<Policy> call);
  }

  public TargetLocks() {
    this(Optional.of(Striped.lazyWeakLock(1024)));
  }

  private TargetLocks(Optional<Striped<Lock>> stripes) {
    this.stripes = stripes;
  }

  /**
   * No in-process coalescing: every body runs at once, sees nothing remembered, and only the etag
   * orders the writes, as across instances. It exists as the naive baseline of the burst benchmark,
   * not for production.
   */
  public static TargetLocks none() {
    return new TargetLocks(Optional.empty());
  }

  /** A point in the order of calls, to take just before a call made outside any lock. */
  public long tick() {
    return ticks.incrementAndGet();
  }

  /**
   * The policy of {@code target} as a call begun after {@code tick} returned it, read without the lock: for
   * a reconcile run, whose every resource may reuse what an earlier one read or wrote since the run began.
   * It is never written from without the etag, which still orders the write.
   */
  public Optional<Policy> remembered(PolicyHolder target, long tick) {
    return stripes.isEmpty() ? Optional.empty()
        : Optional.ofNullable(seen.getIfPresent(target)).filter(s -> s.tick() > tick).map(Seen::policy);
  }

  /** Runs {@code body} while holding the lock for {@code target} (or, for {@link #none()}, right away). */
  public <T> T withLock(PolicyHolder target, Function<Holder, T> body) {
    long requested = ticks.incrementAndGet();
    if (stripes.isEmpty()) {
      return body.apply(forget());
    }
    Lock lock = stripes.get().get(target);
    lock.lock();
    try {
      return body.apply(remember(target, requested));
    } finally {
      lock.unlock();
    }
  }

  private Holder remember(PolicyHolder target, long requested) {
    return new Holder() {
      @Override
      public Optional<Policy> seenSinceRequest() {
        // A call still in flight when this request arrived answers it as well as a new one would: the
        // policy it returns is at least as current as the request, and waiting for it costs no extra round trip.
        return Optional.ofNullable(seen.getIfPresent(target)).filter(s -> s.ended() > requested).map(Seen::policy);
      }

      @Override
      public Optional<Policy> seenAfter(long tick) {
        return Optional.ofNullable(seen.getIfPresent(target)).filter(s -> s.tick() > tick).map(Seen::policy);
      }

      @Override
      public boolean seenEndingAfter(long tick) {
        return Optional.ofNullable(seen.getIfPresent(target)).filter(s -> s.ended() > tick).isPresent();
      }

      @Override
      public Policy observe(java.util.function.Supplier<Policy> call) {
        long began = ticks.incrementAndGet();
        Policy policy = call.get();
        seen.put(target, new Seen(policy, began, ticks.incrementAndGet()));
        return policy;
      }
    };
  }

  private static Holder forget() {
    return new Holder() {
      @Override
      public Optional<Policy> seenSinceRequest() {
        return Optional.empty();
      }

      @Override
      public Optional<Policy> seenAfter(long tick) {
        return Optional.empty();
      }

      @Override
      public boolean seenEndingAfter(long tick) {
        return false;
      }

      @Override
      public Policy observe(java.util.function.Supplier<Policy> call) {
        // Nothing is remembered without locks: another body may be writing the same target right now.
        return call.get();
      }
    };
  }
}
