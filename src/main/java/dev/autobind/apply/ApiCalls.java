package dev.autobind.apply;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Counts the API calls one event makes, split into reads and writes, for the decision record. */
final class ApiCalls {
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();

  /** The counts at one moment. */
  public record Counts(int reads, int writes) {
    public int total() {
      return reads + writes;
    }
  }

  <T> T read(Supplier<T> call) {
    reads.incrementAndGet();
    return call.get();
  }

  <T> T write(Supplier<T> call) {
    writes.incrementAndGet();
    return call.get();
  }

  void retried() {
    retries.incrementAndGet();
  }

  int retries() {
    return retries.get();
  }

  Counts counts() {
    return new Counts(reads.get(), writes.get());
  }
}
