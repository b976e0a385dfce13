package dev.autobind.apply;

import dev.autobind.event.Outcome;
import java.util.List;

/**
 * What one scheduled reconcile of the governed scope did, in counts; each resource also has its own decision record.
 * A reconcile that fanned out counts projects instead: {@code found} project messages published, {@code failed}
 * not published.
 *
 * @param found governed resources discovered
 * @param applied resources that were missing bindings and got them
 * @param compliant resources that already had every binding
 * @param failed resources that still failed after the in-run retries, or could not be used
 * @param problems listings that could not be completed, and failures, each in one line
 */
public record ReconcileResult(long found, long applied, long compliant, long failed, List<String> problems,
    boolean fannedOut) {
  public ReconcileResult {
    problems = List.copyOf(problems);
  }

  /** A reconcile carried out in this invocation. */
  public ReconcileResult(long found, long applied, long compliant, long failed, List<String> problems) {
    this(found, applied, compliant, failed, problems, false);
  }

  /** A reconcile that published one message per governed project, each reconciled in its own invocation. */
  public static ReconcileResult fannedOut(long published, long failed, List<String> problems) {
    return new ReconcileResult(published, 0, 0, failed, problems, true);
  }

  /** Whether every resource was handled and every listing completed. */
  public boolean complete() {
    return failed == 0 && problems.isEmpty();
  }

  /**
   * The summary record's outcome: {@code reconciled}, or {@code failed} when anything was not handled. Never
   * {@code retry}: a reconcile is not redelivered, the next run picks up what still failed (see docs/drift.md).
   */
  public Outcome outcome() {
    return complete() ? Outcome.RECONCILED : Outcome.FAILED;
  }
}
