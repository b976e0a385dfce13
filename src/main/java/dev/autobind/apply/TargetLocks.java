package dev.autobind.apply;

import com.google.common.util.concurrent.Striped;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * One writer per IAM target inside this instance. Concurrent events for the same project would
 * otherwise race each other through etag conflicts; serialized, the second one reads the first one's
 * result and finds nothing to write. Across instances the etag still protects. Locks are weakly held
 * stripes, so memory stays bounded however many targets an instance sees.
 */
public final class TargetLocks {
  private final Optional<Striped<Lock>> stripes;

  public TargetLocks() {
    this(Optional.of(Striped.lazyWeakLock(1024)));
  }

  private TargetLocks(Optional<Striped<Lock>> stripes) {
    this.stripes = stripes;
  }

  /**
   * No in-process coalescing: every body runs at once and only the etag orders the writes, as across
   * instances. It exists as the naive baseline of the burst benchmark, not for production.
   */
  public static TargetLocks none() {
    return new TargetLocks(Optional.empty());
  }

  /** Runs {@code body} while holding the lock for {@code target} (or, for {@link #none()}, right away). */
  public <T> T withLock(String target, Supplier<T> body) {
    if (stripes.isEmpty()) {
      return body.get();
    }
    Lock lock = stripes.get().get(target);
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
