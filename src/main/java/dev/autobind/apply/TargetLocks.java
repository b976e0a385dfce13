package dev.autobind.apply;

import com.google.common.util.concurrent.Striped;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * One writer per IAM target inside this instance. Concurrent events for the same project would
 * otherwise race each other through etag conflicts; serialized, the second one reads the first one's
 * result and finds nothing to write. Across instances the etag still protects. Locks are weakly held
 * stripes, so memory stays bounded however many targets an instance sees.
 */
public final class TargetLocks {
  private final Striped<Lock> stripes = Striped.lazyWeakLock(1024);

  /** Runs {@code body} while holding the lock for {@code target}. */
  public <T> T withLock(String target, Supplier<T> body) {
    Lock lock = stripes.get(target);
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
