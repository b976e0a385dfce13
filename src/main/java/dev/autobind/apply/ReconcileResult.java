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
 * @param redeliver whether the request is worth delivering again: a project message some of whose failures
 *     may pass by themselves (the function then throws, as for an event's transient failure)
 */
public record ReconcileResult(long found, long applied, long compliant, long failed, List<String> problems,
    boolean fannedOut, boolean redeliver) {
  public ReconcileResult {
    problems = List.copyOf(problems);
  }

  /** A reconcile carried out in this invocation. */
  public ReconcileResult(long found, long applied, long compliant, long failed, List<String> problems) {
    this(found, applied, compliant, failed, problems, false, false);
  }

  /** A reconcile that published one message per governed project, each reconciled in its own invocation. */
  public static ReconcileResult fannedOut(long published, long failed, List<String> problems) {
    return new ReconcileResult(published, 0, 0, failed, problems, true, false);
  }

  /** This result, to be delivered again: it failed for reasons that may pass by themselves. */
  public ReconcileResult redelivered() {
    return new ReconcileResult(found, applied, compliant, failed, problems, fannedOut, true);
  }

  /** Whether every resource was handled and every listing completed. */
  public boolean complete() {
    return failed == 0 && problems.isEmpty();
  }

  /**
   * The summary record's outcome: {@code reconciled}; {@code retry} for a project message whose failures may pass
   * by themselves, so it is delivered again; else {@code failed} when anything was not handled (the next run picks
   * up what still failed, see docs/drift.md).
   */
  public Outcome outcome() {
    return complete() ? Outcome.RECONCILED : redeliver ? Outcome.RETRY : Outcome.FAILED;
  }
}
