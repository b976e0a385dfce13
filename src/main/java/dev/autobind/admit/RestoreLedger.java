package dev.autobind.admit;

import java.time.Instant;

/** Where drift repair's restores are counted, so a binding someone keeps removing is not restored forever. */
public interface RestoreLedger {

  /**
   * How many times {@code binding} was restored at or after {@code since}.
   *
   * @throws GateReadFailed when the count cannot be read now
   */
  int restoresSince(RestoredBinding binding, Instant since);

  /**
   * Counts one restore of {@code binding} at {@code at}, by the decision of event {@code eventId} (its record's
   * {@code eventId}), so that a ledger that also reads the records counts each restore once.
   */
  void restored(RestoredBinding binding, Instant at, String eventId);
}
