package dev.autobind.event;

/**
 * How one delivery ended: the one list of outcomes that intake, the admission gate, the apply stage, drift repair,
 * the reconcile and the CLI share. Each carries what every reader of it needs, so nobody maps it again: the id
 * that decision records, labels and the CLI's JSON carry, how loudly Cloud Logging shows it, the CLI's exit code,
 * and whether the function throws so that the platform delivers the event again.
 *
 * <p>It lives beside intake, the lowest stage that decides an outcome ({@code ignored}, {@code invalid}), so that
 * intake's own lines and everything above name outcomes from this one table.
 */
public enum Outcome {
  /** Intake found a watched resource; used where only decoding is asked for. */
  RESOURCE("resource", Severity.INFO, ExitCode.OK, false),
  /** Intake found a change to an IAM policy; used where only decoding is asked for. */
  IAM_CHANGE("iam-change", Severity.INFO, ExitCode.OK, false),
  /** Intake found a change of an object inside a cluster; used where only decoding is asked for. */
  KUBERNETES_CHANGE("kubernetes-change", Severity.INFO, ExitCode.OK, false),
  /** Intake found a scheduled reconcile request; used where only decoding is asked for. */
  RECONCILE("reconcile", Severity.INFO, ExitCode.OK, false),
  /** A scheduled reconcile of the governed scope ran to the end and every resource was handled. */
  RECONCILED("reconciled", Severity.NOTICE, ExitCode.OK, false),
  /** Not for autobind: outside the policy or the scope, not an audit log, a failed creation, a resource gone. */
  IGNORED("ignored", Severity.INFO, ExitCode.OK, false),
  /** The event cannot be understood, or it contradicts itself or came the wrong way: a retry cannot fix it. */
  INVALID("invalid", Severity.ERROR, ExitCode.INVALID, false),
  /** Bindings were added, or the standard account created. */
  APPLIED("applied", Severity.NOTICE, ExitCode.OK, false),
  /** Drift repair put back a binding that someone removed. */
  REPAIRED("repaired", Severity.NOTICE, ExitCode.OK, false),
  /** A write that a declared exemption covers (a creation, a reconcile, a removal): logged, not made. */
  EXEMPT("exempt", Severity.INFO, ExitCode.OK, false),
  /** A binding drift repair restored too often in a day, removed again: left removed, for people to settle. */
  CONTESTED("contested", Severity.ERROR, ExitCode.PERMANENT, false),
  /** Everything was already in place; nothing was written. */
  COMPLIANT("compliant", Severity.INFO, ExitCode.OK, false),
  /** Older than the maximum event age: backfill brings such a resource in. */
  EXPIRED("expired", Severity.ERROR, ExitCode.PERMANENT, false),
  /** A permanent failure on at least one target: a redelivery would fail the same way. */
  FAILED("failed", Severity.ERROR, ExitCode.PERMANENT, false),
  /** A transient failure: the function throws, so the platform delivers the event again. */
  RETRY("retry", Severity.WARNING, ExitCode.TRANSIENT, true);

  /** Cloud Logging severities, as read from a record's {@code severity} field. */
  public enum Severity { DEBUG, INFO, NOTICE, WARNING, ERROR }

  /** The CLI's exit codes for an outcome; each command's help lists them. */
  public static final class ExitCode {
    /** Done, or nothing to do. */
    public static final int OK = 0;
    /** Input that cannot be used: an invalid event, policy or argument. */
    public static final int INVALID = 2;
    /** A failure that running the command again will not fix. */
    public static final int PERMANENT = 3;
    /** A failure that may pass: run the command again later. */
    public static final int TRANSIENT = 4;

    private ExitCode() {}
  }

  private final String id;
  private final Severity severity;
  private final int exitCode;
  private final boolean redelivered;

  Outcome(String id, Severity severity, int exitCode, boolean redelivered) {
    this.id = id;
    this.severity = severity;
    this.exitCode = exitCode;
    this.redelivered = redelivered;
  }

  /** What decision records, their labels and the CLI's JSON say. */
  public String id() {
    return id;
  }

  /** How loudly Cloud Logging shows the record: see the outcome table in README.md, "Decision records". */
  public Severity severity() {
    return severity;
  }

  /** What {@code apply} (and any command that ends on one decision) exits with. */
  public int exitCode() {
    return exitCode;
  }

  /** Whether the function throws on it, so that the platform delivers the event again. */
  public boolean redelivered() {
    return redelivered;
  }
}
