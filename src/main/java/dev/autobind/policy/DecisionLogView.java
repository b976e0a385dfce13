package dev.autobind.policy;

/**
 * Where a deployed function's decision records can be read back: Cloud Run's standard output of its service, and
 * the log view over it that the deploy plan creates and the restore cap reads through. One home for these names,
 * used by the plan that creates the view and the ledger that reads it.
 */
public final class DecisionLogView {
  /** The log a Cloud Run function's standard output lands in, as {@code log_id()} names it. */
  public static final String STDOUT_LOG_ID = "run.googleapis.com/stdout";
  /** The monitored resource of a Cloud Run function (2nd gen) revision's log entries. */
  public static final String RESOURCE_TYPE = "cloud_run_revision";
  /** The log bucket Cloud Run's logs are routed to unless the organization routes them elsewhere, and its place. */
  public static final String BUCKET_ID = "_Default";
  public static final String BUCKET_LOCATION = "global";

  private DecisionLogView() {}

  /** The view's id: the function's name and {@code -decisions}. */
  public static String id(FunctionConfig fn) {
    return fn.name() + "-decisions";
  }

  /** The view's full name, in the function's project's {@code _Default} bucket. */
  public static String name(FunctionConfig fn) {
    return "projects/" + fn.project() + "/locations/" + BUCKET_LOCATION + "/buckets/" + BUCKET_ID + "/views/" + id(fn);
  }

  /** The standard output log of the function's project. */
  public static String logName(String project) {
    return "projects/" + project + "/logs/" + STDOUT_LOG_ID.replace("/", "%2F");
  }

  /**
   * What the view shows: Cloud Run's standard output in the function's project. A view's filter may name only the
   * source, the resource type and the log, not the service, so it also shows other Cloud Run services' output in
   * that project; the ledger's own query narrows it to the function.
   */
  public static String filter(FunctionConfig fn) {
    return "source(" + quoted("projects/" + fn.project()) + ") AND resource.type = " + quoted(RESOURCE_TYPE)
        + " AND log_id(" + quoted(STDOUT_LOG_ID) + ")";
  }

  /** A string literal of the Logging query language: in double quotes, with quotes and backslashes escaped. */
  public static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
