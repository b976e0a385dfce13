package dev.autobind.admit;

import java.time.Instant;

/** Where drift repair's restores are counted, so a binding someone keeps removing is not restored forever. */
public interface RestoreLedger {

  /** How many times {@code binding} was restored at or after {@code since}. */
  int restoresSince(RestoredBinding binding, Instant since);

  /** Counts one restore of {@code binding} at {@code at}. */
  void restored(RestoredBinding binding, Instant at);
}
