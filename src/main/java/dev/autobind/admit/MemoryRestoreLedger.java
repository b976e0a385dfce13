package dev.autobind.admit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores counted in this instance's memory: what the CLI and tests use, and what the function falls back to.
 * It forgets on restart, so across instances a flap is caught later than the cap says, never earlier.
 */
public final class MemoryRestoreLedger implements RestoreLedger {
  private final Map<RestoredBinding, List<Instant>> restores = new HashMap<>();

  @Override
  public synchronized int restoresSince(RestoredBinding binding, Instant since) {
    return (int) restores.getOrDefault(binding, List.of()).stream().filter(t -> !t.isBefore(since)).count();
  }

  @Override
  public synchronized void restored(RestoredBinding binding, Instant at) {
    restores.computeIfAbsent(binding, b -> new ArrayList<>()).add(at);
  }
}
