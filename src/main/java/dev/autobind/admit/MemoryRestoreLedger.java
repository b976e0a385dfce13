package dev.autobind.admit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores counted in this instance's memory: what the CLI and tests use, and the half of the function's Cloud
 * Logging ledger that Logging has not ingested yet. Alone it forgets on restart, so across instances a flap is
 * caught later than the cap says, never earlier.
 */
public final class MemoryRestoreLedger implements RestoreLedger {
  private final Map<RestoredBinding, List<Restore>> restores = new HashMap<>();

  /** One restore this instance made, and the event whose decision made it. */
  public record Restore(Instant at, String eventId) {}

  @Override
  public synchronized int restoresSince(RestoredBinding binding, Instant since) {
    return since(binding, since).size();
  }

  /** The restores of {@code binding} at or after {@code since}, oldest first. */
  public synchronized List<Restore> since(RestoredBinding binding, Instant since) {
    return restores.getOrDefault(binding, List.of()).stream().filter(r -> !r.at().isBefore(since)).toList();
  }

  @Override
  public synchronized void restored(RestoredBinding binding, Instant at, String eventId) {
    restores.computeIfAbsent(binding, b -> new ArrayList<>()).add(new Restore(at, eventId));
  }
}
