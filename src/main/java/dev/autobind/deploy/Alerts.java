package dev.autobind.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.policy.FunctionConfig;
import java.util.List;
import java.util.stream.Collectors;

/**
 * So that somebody hears about a failure: two log-based counter metrics over the function's decision records,
 * keyed on their {@code autobind.outcome} label, and one Cloud Monitoring alert policy over them that notifies
 * the channel {@code function.alerts} names. Only when it names one.
 *
 * <p>The installed gcloud offers alert policies on its alpha track only ({@code gcloud alpha monitoring policies});
 * the policy is passed inline with {@code --policy}, so no file has to be staged. Cloud Monitoring assigns a
 * policy's id itself, so the policy is found by its display name: the check and the removal list policies with
 * that name through {@code bash -c}, the one place the plan runs a pipeline.
 */
public final class Alerts {
  /** The outcomes that need a person at once: nothing was granted and nothing will retry it. */
  public static final List<String> FAILED_OUTCOMES = List.of("failed", "expired", "contested");
  /** The outcome that needs a person only when it keeps coming: a retry usually passes by itself. */
  public static final String RETRY_OUTCOME = "retry";
  /** More retry records than this in one {@link #RETRY_WINDOW_SECONDS} window alert. */
  public static final int RETRY_THRESHOLD = 5;
  public static final int RETRY_WINDOW_SECONDS = 900;
  /** The window over which any failed, expired or contested record alerts. */
  public static final int FAILED_WINDOW_SECONDS = 300;
  /** The decision records' label that carries the outcome (DecisionLog writes it). */
  public static final String OUTCOME_LABEL = "autobind.outcome";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Alerts() {}

  /** The log-based metric counting failed, expired and contested records of {@code fn}. */
  public static String failedMetric(FunctionConfig fn) {
    return fn.name() + "-decisions-failed";
  }

  /** The log-based metric counting retry records of {@code fn}. */
  public static String retryMetric(FunctionConfig fn) {
    return fn.name() + "-decisions-retry";
  }

  /** The alert policy's display name, by which the plans find it. */
  public static String policyName(FunctionConfig fn) {
    return fn.name() + " decisions";
  }

  /**
   * The steps that create the metrics and the alert policy, each carrying the step that removes it again; none
   * when {@code function.alerts} is unset.
   */
  public static List<Step> steps(FunctionConfig fn) {
    return fn.alerts().map(channel -> List.of(
        metric(fn, failedMetric(fn), "Decision records of " + fn.name() + " that need a person: "
            + String.join(", ", FAILED_OUTCOMES), FAILED_OUTCOMES),
        metric(fn, retryMetric(fn), "Retry decision records of " + fn.name(), List.of(RETRY_OUTCOME)),
        Step.unless("create alert policy " + policyName(fn),
            "Notify " + channel + " of any failed, expired or contested decision, and of more than "
                + RETRY_THRESHOLD + " retries in " + RETRY_WINDOW_SECONDS / 60 + " minutes.",
            bash("[[ -n \"$(" + listPolicies(fn).shell() + ")\" ]]"),
            Command.of("gcloud", "alpha", "monitoring", "policies", "create", "--policy=" + policy(fn, channel),
                "--project=" + fn.project()))
            .undoneBy(Step.whilePresent("delete alert policy " + policyName(fn),
                "Stop notifying; every policy of that name goes (Cloud Monitoring names policies itself).",
                listPolicies(fn),
                bash("for policy in $(" + listPolicies(fn).shell() + "); do gcloud alpha monitoring policies delete"
                    + " \"$policy\" --project=" + fn.project() + " --quiet || exit 1; done")))))
        .orElse(List.of());
  }

  /** The log filter of a metric: {@code fn}'s own records with one of {@code outcomes}. */
  static String filter(FunctionConfig fn, List<String> outcomes) {
    return "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"" + fn.name() + "\" AND ("
        + outcomes.stream().map(o -> "labels.\"" + OUTCOME_LABEL + "\"=\"" + o + "\"")
            .collect(Collectors.joining(" OR ")) + ")";
  }

  /** The alert policy as the Cloud Monitoring API's JSON (projects.alertPolicies). */
  static String policy(FunctionConfig fn, String channel) {
    ObjectNode policy = JSON.createObjectNode().put("displayName", policyName(fn)).put("combiner", "OR");
    ArrayNode conditions = policy.putArray("conditions");
    condition(conditions, "failed, expired or contested decisions of " + fn.name(), failedMetric(fn), 0,
        FAILED_WINDOW_SECONDS);
    condition(conditions, "more than " + RETRY_THRESHOLD + " retry decisions of " + fn.name() + " in "
        + RETRY_WINDOW_SECONDS / 60 + " minutes", retryMetric(fn), RETRY_THRESHOLD, RETRY_WINDOW_SECONDS);
    policy.putArray("notificationChannels").add(channel);
    policy.putObject("documentation").put("mimeType", "text/markdown").put("content", "A decision record of "
        + fn.name() + " needs a person: find it in Cloud Logging with labels.\"" + OUTCOME_LABEL + "\" and its"
        + " error field; see docs/deploy.md#alerts.");
    return policy.toString();
  }

  private static void condition(ArrayNode conditions, String name, String metric, int threshold, int window) {
    ObjectNode threshold0 = conditions.addObject().put("displayName", name).putObject("conditionThreshold")
        .put("filter", "metric.type=\"logging.googleapis.com/user/" + metric + "\" AND resource.type="
            + "\"cloud_run_revision\"")
        .put("comparison", "COMPARISON_GT").put("thresholdValue", threshold).put("duration", "0s");
    threshold0.putArray("aggregations").addObject().put("alignmentPeriod", window + "s")
        .put("perSeriesAligner", "ALIGN_SUM").put("crossSeriesReducer", "REDUCE_SUM");
    threshold0.putObject("trigger").put("count", 1);
  }

  private static Step metric(FunctionConfig fn, String name, String description, List<String> outcomes) {
    return Step.unless("create log-based metric " + name, "Counts " + String.join(", ", outcomes)
            + " decision records, for the alert policy.",
        Command.of("gcloud", "logging", "metrics", "describe", name, "--project=" + fn.project()),
        Command.of("gcloud", "logging", "metrics", "create", name, "--description=" + description,
            "--log-filter=" + filter(fn, outcomes), "--project=" + fn.project()))
        .undoneBy(Step.whilePresent("delete log-based metric " + name,
            "Stop counting decision records; the alert policy over it has gone first.",
            Command.of("gcloud", "logging", "metrics", "describe", name, "--project=" + fn.project(),
                "--format=value(name)"),
            Command.of("gcloud", "logging", "metrics", "delete", name, "--project=" + fn.project(), "--quiet")));
  }

  private static Command listPolicies(FunctionConfig fn) {
    return Command.of("gcloud", "alpha", "monitoring", "policies", "list", "--project=" + fn.project(),
        "--filter=displayName=\"" + policyName(fn) + "\"", "--format=value(name)");
  }

  private static Command bash(String script) {
    return Command.of("bash", "-c", script);
  }
}
