package dev.autobind.backfill;

/** Counts work in flight and lets a thread wait until none is left. */
final class InFlight {
  private long count;

  synchronized void started() {
    count++;
  }

  synchronized void ended() {
    count--;
    if (count == 0) {
      notifyAll();
    }
  }

  synchronized void awaitNone() throws InterruptedException {
    while (count > 0) {
      wait();
    }
  }
}
