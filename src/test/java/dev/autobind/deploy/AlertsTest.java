package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The alert steps: two log-based metrics and one alert policy, in the deploy plan and out again on undeploy. */
class AlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PolicyFile SHIPPED = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry());
  private static final String CHANNEL = "projects/ml-platform-ops/notificationChannels/1234567890123456789";

  /**
   * The fields of projects.alertPolicies that the policy may use, by JSON path (the API reference's AlertPolicy,
   * Condition, MetricThreshold, Aggregation, Trigger and Documentation); anything else would be refused by the API.
   */
  private static final Set<String> API_FIELDS = Set.of("displayName", "combiner", "conditions",
      "conditions.displayName", "conditions.conditionThreshold", "conditions.conditionThreshold.filter",
      "conditions.conditionThreshold.comparison", "conditions.conditionThreshold.thresholdValue",
      "conditions.conditionThreshold.duration", "conditions.conditionThreshold.aggregations",
      "conditions.conditionThreshold.aggregations.alignmentPeriod",
      "conditions.conditionThreshold.aggregations.perSeriesAligner",
      "conditions.conditionThreshold.aggregations.crossSeriesReducer", "conditions.conditionThreshold.trigger",
      "conditions.conditionThreshold.trigger.count", "notificationChannels", "documentation",
      "documentation.content", "documentation.mimeType");

  private static List<String> lines(List<Step> steps) {
    return steps.stream().map(Step::shell).toList();
  }

  @Test
  void withoutAChannelThereAreNoAlertSteps() throws Exception {
    PolicyFile none = PolicyFile.parse("f.yaml", java.nio.file.Files.readString(Path.of("function.yaml"))
        .replaceAll("(?m)^  alerts: .*\n", ""), ShippedKinds.registry());

    assertThat(none.requireFunction().alerts()).isEmpty();
    assertThat(Alerts.steps(none.requireFunction())).isEmpty();
    assertThat(lines(DeployPlanner.plan(none.requireFunction(), none.policy(), "src", ShippedKinds.registry()).steps()))
        .noneMatch(l -> l.contains("alpha monitoring") || l.contains("logging metrics"));
  }

  @Test
  void theDeployPlanHasTheMetricsThenThePolicyBeforeTheFunction() {
    FunctionConfig fn = SHIPPED.requireFunction();
    List<Step> all = DeployPlanner.plan(fn, SHIPPED.policy(), "src", ShippedKinds.registry()).steps();
    int first = all.stream().map(Step::name).toList().indexOf("create log-based metric autobind-decisions-failed");
    assertThat(first).isLessThan(all.stream().map(Step::name).toList().indexOf("deploy function autobind"));
    List<Step> plan = all.subList(0, first + 3);

    assertThat(plan.subList(plan.size() - 3, plan.size()).stream().map(Step::name)).containsExactly(
        "create log-based metric autobind-decisions-failed", "create log-based metric autobind-decisions-retry",
        "create alert policy autobind decisions");
    assertThat(plan.get(plan.size() - 3).run().words()).containsExactly("gcloud", "logging", "metrics", "create",
        "autobind-decisions-failed", "--description=Decision records of autobind that need a person: failed,"
            + " expired, contested",
        "--log-filter=resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"autobind\" AND"
            + " (labels.\"autobind.outcome\"=\"failed\" OR labels.\"autobind.outcome\"=\"expired\" OR"
            + " labels.\"autobind.outcome\"=\"contested\")",
        "--project=ml-platform-ops");
    assertThat(plan.get(plan.size() - 3).check().orElseThrow().words()).containsExactly("gcloud", "logging",
        "metrics", "describe", "autobind-decisions-failed", "--project=ml-platform-ops");
  }

  /** A threshold condition, as the policy's JSON states it. */
  record Condition(String metric, int threshold, String window) {}

  @Test
  void thePolicyNotifiesTheChannelOnAnyFailureAndOnRepeatedRetries() throws Exception {
    JsonNode policy = JSON.readTree(Alerts.policy(SHIPPED.requireFunction(), CHANNEL));

    assertThat(policy.get("combiner").asText()).isEqualTo("OR");
    assertThat(policy.get("notificationChannels")).extracting(JsonNode::asText).containsExactly(CHANNEL);
    List<Condition> conditions = new ArrayList<>();
    policy.get("conditions").forEach(c -> {
      JsonNode t = c.get("conditionThreshold");
      assertThat(t.get("comparison").asText()).isEqualTo("COMPARISON_GT");
      conditions.add(new Condition(t.get("filter").asText(), t.get("thresholdValue").asInt(),
          t.get("aggregations").get(0).get("alignmentPeriod").asText()));
    });
    assertThat(conditions).containsExactly(
        new Condition("metric.type=\"logging.googleapis.com/user/autobind-decisions-failed\" AND"
            + " resource.type=\"cloud_run_revision\"", 0, "300s"),
        new Condition("metric.type=\"logging.googleapis.com/user/autobind-decisions-retry\" AND"
            + " resource.type=\"cloud_run_revision\"", Alerts.RETRY_THRESHOLD, "900s"));
  }

  @Test
  void thePolicyUsesOnlyFieldsTheMonitoringApiDefines() throws Exception {
    List<String> paths = new ArrayList<>();
    collect(JSON.readTree(Alerts.policy(SHIPPED.requireFunction(), CHANNEL)), "", paths);

    assertThat(paths).isNotEmpty().allSatisfy(p -> assertThat(API_FIELDS).contains(p));
  }

  private static void collect(JsonNode node, String prefix, List<String> paths) {
    if (node.isArray()) {
      node.forEach(n -> collect(n, prefix, paths));
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        paths.add(path);
        collect(e.getValue(), path, paths);
      }
    }
  }

  @Test
  void undeployRemovesThePolicyBeforeTheMetricsItReads() {
    List<Step> steps = UndeployPlanner.plan(SHIPPED.requireFunction(), SHIPPED.policy(), ShippedKinds.registry()).steps();
    List<String> names = steps.stream().map(Step::name).toList();

    int policy = names.indexOf("delete alert policy autobind decisions");
    assertThat(policy).isNotNegative();
    assertThat(names.indexOf("delete log-based metric autobind-decisions-retry")).isGreaterThan(policy);
    assertThat(names.indexOf("delete log-based metric autobind-decisions-failed")).isGreaterThan(policy);
    Step metric = steps.get(names.indexOf("delete log-based metric autobind-decisions-failed"));
    assertThat(metric.shell()).isEqualTo("[[ -z \"$(gcloud logging metrics describe autobind-decisions-failed"
        + " --project=ml-platform-ops --format='value(name)' 2>/dev/null)\" ]] || gcloud logging metrics delete"
        + " autobind-decisions-failed --project=ml-platform-ops --quiet");
    assertThat(steps.get(policy).run().words()).first().isEqualTo("bash");
    assertThat(steps.get(policy).run().words().get(2)).startsWith("for policy in $(gcloud alpha monitoring"
        + " policies list --project=ml-platform-ops --filter='displayName=\"autobind decisions\"'");
  }

  @Test
  void eachAlertStepCarriesTheStepThatRemovesIt() {
    List<Step> steps = Alerts.steps(SHIPPED.requireFunction());

    assertThat(steps).hasSize(3).allSatisfy(step -> assertThat(step.undo()).isInstanceOfSatisfying(Undo.Remove.class,
        r -> assertThat(r.step().name()).isEqualTo(step.name().replace("create ", "delete "))));
  }
}
