package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit of function.yaml, on both sides: the largest value accepted and the smallest refused, with the
 * exact problem. A limit tested on one side only could move, or its check be deleted, unnoticed.
 */
class PolicyBoundariesTest {

  private static final String HEAD = "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount: {accountId: ml-trainer}\n";
  private static final String GRANT = "grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}";
  /** A rule on line 4. */
  private static final String RULES = "  rules: [{name: a, resources: [gke-cluster], " + GRANT + "}]\n";
  /** The function section on line 1, with {@code %s} for more settings. */
  private static final String FUNCTION = "function: {name: autobind, project: ml-platform-ops, region: us-central1,"
      + " trigger: eventarc, serviceAccount: autobind-fn, %s}\n";

  private static final List<String> ROLES = List.of("roles/aiplatform.user", "roles/artifactregistry.reader",
      "roles/bigquery.dataViewer", "roles/bigquery.jobUser", "roles/aiplatform.viewer", "roles/logging.logWriter",
      "roles/monitoring.metricWriter", "roles/pubsub.subscriber", "roles/storage.objectViewer",
      "roles/cloudtrace.agent", "roles/monitoring.viewer");

  /** YAML text and the exact problems it must produce; none means it is accepted. */
  record Case(String name, String yaml, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        accepted("10 distinct project roles, the most one hasOnly list holds", HEAD + roles(10)),
        new Case("11 distinct project roles", HEAD + roles(11), List.of(
            "function.yaml:4: policy.rules: the rules grant 11 distinct roles at grant.project scope; Google allows at"
                + " most 10 roles in one modifiedGrantsByRole hasOnly list, the condition that bounds what the function"
                + " may grant there: split the policy or drop roles")),
        accepted("the same role in two rules counts once", HEAD + "  rules:\n"
            + "    - {name: a, resources: [gke-cluster], " + GRANT + "}\n"
            + "    - {name: b, resources: [vertex-model], " + GRANT + "}\n"),
        new Case("a member listed twice in one grant", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project:"
            + " [{role: roles/aiplatform.user, members: [\"user:a@example.com\", \"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].members[1]: user:a@example.com is listed twice")),
        new Case("a kind listed twice in one rule", HEAD + "  rules: [{name: a, resources: [gke-cluster, gke-cluster], "
            + GRANT + "}]\n", List.of("function.yaml:4: policy.rules[0].resources[1]: gke-cluster is listed twice")),
        accepted("a match.name regex of 256 characters", HEAD + rule("match: {name: \"" + "a".repeat(256) + "\"}")),
        new Case("a match.name regex of 257 characters", HEAD + rule("match: {name: \"" + "a".repeat(257) + "\"}"), List.of(
            "function.yaml:4: policy.rules[0].match.name: is 257 characters long; the limit is 256")),
        accepted("a condition title of 100 characters", HEAD + condition("t".repeat(100), "true")),
        new Case("a condition title of 101 characters", HEAD + condition("t".repeat(101), "true"), List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].condition.title: is 101 characters long; the limit is 100")),
        accepted("a condition of 4,096 characters", HEAD + condition("t", literal(4096))),
        new Case("a condition of 4,097 characters", HEAD + condition("t", literal(4097)), List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].condition.expression: is 4097 characters long; the limit is 4096")),
        accepted("a condition with 12 logical operators", HEAD + condition("t", operators(12))),
        new Case("a condition with 13 logical operators", HEAD + condition("t", operators(13)), List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].condition.expression: has 13 logical operators; IAM allows"
                + " at most 12")),
        accepted("an exemption reason of 256 characters", HEAD + RULES + exemption("r".repeat(256))),
        new Case("an exemption reason of 257 characters", HEAD + RULES + exemption("r".repeat(257)), List.of(
            "function.yaml:5: policy.exemptions[0].reason: is 257 characters long; the limit is 256")),
        accepted("20 labels on a namespace", HEAD + RULES + namespaceLabels(20)),
        new Case("21 labels on a namespace", HEAD + RULES + namespaceLabels(21), List.of(
            "function.yaml:5: policy.kubernetes.namespaces[0].labels: has 21 labels; the limit is 20")),
        accepted("20 subjects in a binding", HEAD + RULES + subjects(20)),
        new Case("21 subjects in a binding", HEAD + RULES + subjects(21), List.of(
            "function.yaml:5: policy.kubernetes.roleBindings[0].subjects: lists 21 subjects; list 1 to 20")),
        new Case("no subject in a binding", HEAD + RULES + subjects(0), List.of(
            "function.yaml:5: policy.kubernetes.roleBindings[0].subjects: lists 0 subjects; list 1 to 20")),
        accepted("50 namespaces", HEAD + RULES + namespaces(50)),
        new Case("51 namespaces", HEAD + RULES + namespaces(51), List.of(
            "function.yaml:5: policy.kubernetes.namespaces: lists 51 objects; the limit is 50")),
        accepted("maxInstances 1000", function("maxInstances: 1000")),
        new Case("maxInstances 1001", function("maxInstances: 1001"), List.of(
            "function.yaml:1: function.maxInstances: 1001 is out of range; use 1 to 1000")),
        new Case("maxInstances 0", function("maxInstances: 0"), List.of(
            "function.yaml:1: function.maxInstances: 0 is out of range; use 1 to 1000")),
        accepted("timeoutSeconds 540", function("timeoutSeconds: 540")),
        new Case("timeoutSeconds 541", function("timeoutSeconds: 541"), List.of(
            "function.yaml:1: function.timeoutSeconds: 541 is out of range; use 1 to 540")),
        accepted("minInstances equal to maxInstances", function("minInstances: 3, maxInstances: 3")),
        new Case("minInstances one over maxInstances", function("minInstances: 4, maxInstances: 3"), List.of(
            "function.yaml:1: function.minInstances: 4 is more than maxInstances (3)")),
        accepted("minInstances 0", function("minInstances: 0")),
        new Case("minInstances 1001", function("minInstances: 1001"), List.of(
            "function.yaml:1: function.minInstances: 1001 is out of range; use 0 to 1000")),
        new Case("a basic role allowed as sensitive", HEAD + "  allowSensitiveRoles: [roles/editor]\n" + RULES, List.of("function.yaml:4: policy.allowSensitiveRoles[0]: roles/editor is a basic role;"
                + " basic roles cannot be allowed")),
        new Case("a role allowed as sensitive that is not", HEAD + "  allowSensitiveRoles: [roles/aiplatform.user]\n"
            + RULES, List.of("function.yaml:4: policy.allowSensitiveRoles[0]: roles/aiplatform.user is not a sensitive"
                + " role; list only roles the guardrails refuse")),
        new Case("a sensitive role that is not a role", HEAD + "  allowSensitiveRoles: [\"roles/a b\"]\n" + RULES,
            List.of("function.yaml:4: policy.allowSensitiveRoles[0]: roles/a b is not a role; write roles/NAME, or"
                + " projects/PROJECT/roles/ID or organizations/ORG/roles/ID with an ID of 3 to 64 letters, digits, '_'"
                + " or '.' (custom roles are refused unless allowSensitiveRoles lists them)")),
        accepted("cpu 500m, the form the message advertises", function("cpu: 500m")),
        accepted("cpu 80m, the least Cloud Run takes", function("cpu: 80m")),
        cpuRefused("79m"),
        accepted("cpu 0.08", function("cpu: 0.08")),
        cpuRefused("0.079"),
        accepted("cpu 8", function("cpu: 8")),
        cpuRefused("8.001"),
        accepted("cpu 8000m", function("cpu: 8000m")),
        cpuRefused("8001m"),
        accepted("cpu .5", function("cpu: .5")),
        accepted("memory 256Mi", function("memory: 256Mi")),
        memoryRefused("255Mi"),
        accepted("memory 32Gi", function("memory: 32Gi")),
        memoryRefused("33Gi"),
        accepted("memory 269M", function("memory: 269M")),
        memoryRefused("268M"),
        accepted("memory 268436k", function("memory: 268436k")),
        memoryRefused("268435k"),
        accepted("memory 34G", function("memory: 34G")),
        memoryRefused("35G"),
        accepted("memory 262144Ki", function("memory: 262144Ki")),
        memoryRefused("262143Ki"),
        accepted("maxEventAge PT1S", function("maxEventAge: PT1S")),
        ageRefused("PT0S"),
        ageRefused("-PT1H"),
        ageRefused("an hour"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachLimitHoldsOnBothSides(Case c) {
    assertThat(problems(c.yaml())).containsExactlyElementsOf(c.problems());
  }

  /** The problems of {@code yaml}, or none when it is accepted. */
  static List<String> problems(String yaml) {
    try {
      PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry());
      return List.of();
    } catch (PolicyException e) {
      return e.problems().stream().map(Problem::text).toList();
    }
  }

  private static Case accepted(String name, String yaml) {
    return new Case(name, yaml, List.of());
  }

  private static Case cpuRefused(String cpu) {
    return new Case("cpu " + cpu, function("cpu: " + cpu), List.of("function.yaml:1: function.cpu: " + cpu
        + " is not a CPU count from 0.08 to 8, such as 1, 2 or 0.5 (or 500m)"));
  }

  private static Case memoryRefused(String memory) {
    return new Case("memory " + memory, function("memory: " + memory), List.of("function.yaml:1: function.memory: "
        + memory + " is not a memory size from 256Mi to 32Gi: a number and k, M, G, Ki, Mi or Gi, such as 512Mi or 2Gi"));
  }

  private static Case ageRefused(String age) {
    return new Case("maxEventAge " + age, function("maxEventAge: \"" + age + "\""), List.of(
        "function.yaml:1: function.maxEventAge: " + age + " is not a positive ISO-8601 duration such as PT23H or P3D"));
  }

  private static String function(String settings) {
    return String.format(FUNCTION, settings) + HEAD + RULES;
  }

  /** One rule on line 4 with {@code extra} added to it. */
  private static String rule(String extra) {
    return "  rules: [{name: a, resources: [gke-cluster], " + extra + ", " + GRANT + "}]\n";
  }

  /** One rule on line 4 granting {@code count} distinct project roles. */
  private static String roles(int count) {
    return "  rules: [{name: a, resources: [gke-cluster], grant: {project: ["
        + ROLES.subList(0, count).stream().map(r -> "{role: " + r + ", members: [\"user:a@example.com\"]}")
            .collect(Collectors.joining(", "))
        + "]}}]\n";
  }

  private static String condition(String title, String expression) {
    return "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,"
        + " members: [\"user:a@example.com\"], condition: {title: \"" + title + "\", expression: \"" + expression
        + "\"}}]}}]\n";
  }

  /** A condition CEL accepts, {@code resource.name == "aaa…"}, of exactly {@code length} characters (as YAML escapes it). */
  private static String literal(int length) {
    String head = "resource.name == \\\"";
    return head + "a".repeat(length - "resource.name == \"\"".length()) + "\\\"";
  }

  private static String operators(int count) {
    return IntStream.rangeClosed(0, count).mapToObj(i -> "true").collect(Collectors.joining(" && "));
  }

  private static String exemption(String reason) {
    return "  exemptions: [{projects: [ml-legacy], reason: \"" + reason + "\", expires: 2027-03-31}]\n";
  }

  private static String namespaceLabels(int count) {
    return "  kubernetes: {namespaces: [{name: training, labels: {"
        + IntStream.range(0, count).mapToObj(i -> "l" + i + ": v").collect(Collectors.joining(", ")) + "}}]}\n";
  }

  private static String subjects(int count) {
    return "  kubernetes: {roleBindings: [{namespace: training, name: edit, clusterRole: edit, subjects: ["
        + IntStream.range(0, count).mapToObj(i -> "{user: u" + i + "@example.com}").collect(Collectors.joining(", "))
        + "]}]}\n";
  }

  private static String namespaces(int count) {
    return "  kubernetes: {namespaces: ["
        + IntStream.range(0, count).mapToObj(i -> "{name: ns" + i + "}").collect(Collectors.joining(", ")) + "]}\n";
  }
}
