package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.localcloud.LocalCloudExtension;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code apply}: one event through the whole function against the local cloud, its exit code saying the outcome. */
class ApplyCommandTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY = "src/test/resources/apply/policy.yaml";
  private static final String GKE = "src/test/resources/apply/events/train-gke-1.eventarc.json";
  private static final String SET_PROJECT_POLICY = "google.cloud.resourcemanager.v3.Projects/SetIamPolicy";

  private static CliRun apply(String... args) {
    return CliRun.of(cl -> ((ApplyCommand) cl.getSubcommands().get("apply").getCommand()).environment =
        Map.of("AUTOBIND_EMULATOR_HOST", LOCAL.cloud().host()), args);
  }

  private static long writes() {
    return LOCAL.cloud().calls().entrySet().stream()
        .filter(e -> e.getKey().endsWith("/SetIamPolicy") || e.getKey().endsWith("/CreateServiceAccount"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  record Case(String name, List<String> args, int exitCode, String outcome, long writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("new cluster", List.of("--event", GKE), 0, "applied", 3),
        new Case("dry run", List.of("--event", GKE, "--dry-run"), 0, "applied", 0),
        new Case("Vertex model through Pub/Sub", List.of("--event",
            "src/test/resources/apply/events/model-upload.pubsub.json"), 0, "applied", 3),
        new Case("event older than --max-age", List.of("--event", GKE, "--max-age", "PT1H"), 3, "expired", 0),
        new Case("project outside the policy", List.of("--event",
            "src/test/resources/events/gke-create-first.eventarc.json"), 0, "ignored", 0),
        new Case("failed creation", List.of("--event",
            "src/test/resources/events/gke-create-failed.eventarc.json"), 0, "ignored", 0),
        new Case("hostile name", List.of("--event",
            "src/test/resources/events/hostile-cluster-quote.eventarc.json"), 2, "invalid", 0),
        new Case("truncated JSON", List.of("--event",
            "src/test/resources/events/truncated.eventarc.json"), 2, "invalid", 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitCodeAndRecordSayTheOutcome(Case c) throws Exception {
    String[] args = Stream.concat(Stream.of("apply", "--policy", POLICY), c.args().stream()).toArray(String[]::new);

    CliRun run = apply(args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(c.exitCode());
    JsonNode record = JSON.readTree(run.out());
    assertThat(record.path("outcome").asText()).isEqualTo(c.outcome());
    assertThat(writes()).isEqualTo(c.writes());
  }

  @Test
  void aPolicyChangeGoesToDriftRepair(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("removal.json");
    java.nio.file.Files.write(event, dev.autobind.drift.DriftEvents.projectRemoval("ml-train-a",
        "roles/aiplatform.user", "serviceAccount:ml-trainer@ml-train-a.iam.gserviceaccount.com", "bob@example.com"));

    CliRun run = apply("apply", "--policy", POLICY, "--event", event.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode record = JSON.readTree(run.out());
    assertThat(record.path("outcome").asText()).isEqualTo("repaired");
    assertThat(record.path("eventId").asText()).as("the delivery's own id, as the function records it")
        .isEqualTo(JSON.readTree(java.nio.file.Files.readAllBytes(event)).path("id").asText()).isNotEmpty();
    assertThat(record.path("changedBy").asText()).isEqualTo("bob@example.com");
    assertThat(record.path("restored")).extracting(b -> b.path("role").asText()).containsExactly("roles/aiplatform.user");
    assertThat(writes()).as("the standard account, then the one binding").isEqualTo(2);
  }

  /** A reconcile request for one project, as the scheduled reconcile fans it out, in a structured CloudEvent. */
  private static String reconcileRequest(String project) {
    String message = "{\"schema\":\"autobind.backfill/v1\",\"reconcile\":\"project\",\"project\":\"" + project + "\"}";
    return JSON.createObjectNode().put("specversion", "1.0").put("type", "google.cloud.pubsub.topic.v1.messagePublished")
        .put("source", "//pubsub.googleapis.com/projects/ml-platform-ops/topics/autobind-backfill").put("id", "r-1")
        .put("time", LOCAL.clock().instant().toString()).put("datacontenttype", "application/json")
        .set("data", JSON.createObjectNode().put("subscription", "projects/ml-platform-ops/subscriptions/autobind-sub")
            .set("message", JSON.createObjectNode().put("messageId", "r-1")
                .put("publishTime", LOCAL.clock().instant().toString())
                .put("data", java.util.Base64.getEncoder().encodeToString(message.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))))).toString();
  }

  @Test
  void aReconcileRequestReconcilesTheProjectAsTheFunctionDoes(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("reconcile.json");
    Files.writeString(event, reconcileRequest("ml-train-a"));

    CliRun run = apply("apply", "--policy", POLICY, "--event", event.toString());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    List<JsonNode> records = run.out().lines().map(ApplyCommandTest::json).toList();
    JsonNode last = records.get(records.size() - 1);
    assertThat(last.path("outcome").asText()).as(run.out()).isEqualTo("reconciled");
    assertThat(last.path("message").asText()).startsWith("reconciled: reconciled project ml-train-a: 1 found, 1 applied");
    assertThat(records.subList(0, records.size() - 1)).extracting(r -> r.path("outcome").asText())
        .as("one record per resource reconciled").containsExactly("applied");
    assertThat(writes()).isPositive();
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  @Test
  void aSecondRunIsCompliantAndWritesNothing() throws Exception {
    apply("apply", "--policy", POLICY, "--event", GKE);
    long first = writes();

    CliRun again = apply("apply", "--policy", POLICY, "--event", GKE);

    assertThat(again.exitCode()).isZero();
    assertThat(JSON.readTree(again.out()).path("outcome").asText()).isEqualTo("compliant");
    assertThat(writes()).isEqualTo(first);
  }

  @Test
  void permissionDeniedIsAPermanentFailure() throws Exception {
    LOCAL.cloud().failNext(SET_PROJECT_POLICY, Status.Code.PERMISSION_DENIED, 10);

    CliRun run = apply("apply", "--policy", POLICY, "--event", GKE);

    assertThat(run.exitCode()).isEqualTo(ApplyCommand.EXIT_PERMANENT);
    JsonNode record = JSON.readTree(run.out());
    assertThat(record.path("severity").asText()).isEqualTo("ERROR");
    assertThat(record.path("error").asText()).startsWith("PERMISSION_DENIED: ");
    assertThat(record.path("message").asText()).startsWith("failed: 1 of 2 targets failed; added 1 grant elsewhere");
  }

  record BadArgs(String name, List<String> args, String err) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadArgs> badArgs() {
    return Stream.of(
        new BadArgs("missing event file", List.of("--policy", POLICY, "--event", "no/such/event.json"),
            "apply: cannot read no/such/event.json: no such file"),
        new BadArgs("bad --max-age", List.of("--policy", POLICY, "--event", GKE, "--max-age", "a day"),
            "apply: --max-age a day is not an ISO-8601 duration such as PT23H"),
        new BadArgs("negative --max-age", List.of("--policy", POLICY, "--event", GKE, "--max-age", "-PT1H"),
            "apply: --max-age must be positive, got -PT1H"),
        new BadArgs("missing policy", List.of("--policy", "no/such/function.yaml", "--event", GKE),
            "no/such/function.yaml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArgs")
  void badArgumentsAreRefusedWithoutAnyCall(BadArgs b) {
    CliRun run = apply(Stream.concat(Stream.of("apply"), b.args().stream()).toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(b.err());
    assertThat(LOCAL.cloud().calls()).isEmpty();
  }

  @Test
  void aBadAgeInTheEnvironmentIsNamed() {
    CliRun run = CliRun.of(cl -> ((ApplyCommand) cl.getSubcommands().get("apply").getCommand()).environment =
        Map.of("AUTOBIND_EMULATOR_HOST", LOCAL.cloud().host(), "AUTOBIND_MAX_EVENT_AGE", "soon"),
        "apply", "--policy", POLICY, "--event", GKE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apply: AUTOBIND_MAX_EVENT_AGE must be an ISO-8601 duration such as PT23H or P3D,"
        + " got 'soon'" + System.lineSeparator());
    assertThat(LOCAL.cloud().calls()).isEmpty();
  }

  record BadEnvironment(String name, Map<String, String> environment, int exitCode, String err) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadEnvironment> badEnvironments() throws IOException {
    String closed = "127.0.0.1:" + closedPort();
    String malformed = "apply: AUTOBIND_EMULATOR_HOST must be HOST:PORT such as 127.0.0.1:8790, got ";
    return Stream.of(
        new BadEnvironment("a URL instead of HOST:PORT", Map.of("AUTOBIND_EMULATOR_HOST", "http://127.0.0.1:9090"),
            2, malformed + "'http://127.0.0.1:9090'"),
        new BadEnvironment("no port", Map.of("AUTOBIND_EMULATOR_HOST", "127.0.0.1"), 2, malformed + "'127.0.0.1'"),
        new BadEnvironment("a control character", Map.of("AUTOBIND_EMULATOR_HOST", "127.0.0.1:1\n2"), 2,
            malformed + "'127.0.0.1:1?2'"),
        new BadEnvironment("another machine in a deployed instance", Map.of("AUTOBIND_EMULATOR_HOST", "10.1.2.3:8790",
            "K_SERVICE", "autobind"), 2, "apply: AUTOBIND_EMULATOR_HOST is 10.1.2.3:8790, but K_SERVICE is set"),
        new BadEnvironment("a local cloud that is not running", Map.of("AUTOBIND_EMULATOR_HOST", closed), 4,
            "apply: cannot reach the local cloud at " + closed + " (AUTOBIND_EMULATOR_HOST): "),
        new BadEnvironment("a deployed instance's loopback local cloud that is not running",
            Map.of("AUTOBIND_EMULATOR_HOST", closed, "K_SERVICE", "autobind"), 4,
            "is the local cloud running? scripts/local-cloud.sh starts it"));
  }

  /** A configuration error is exit 2 naming the variable, never a retry record; a dead local cloud fails fast. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badEnvironments")
  void aBadEnvironmentIsNamedWithinSecondsAndPrintsNoRecord(BadEnvironment b) {
    long start = System.nanoTime();
    CliRun run = CliRun.of(cl -> ((ApplyCommand) cl.getSubcommands().get("apply").getCommand()).environment =
        b.environment(), "apply", "--policy", POLICY, "--event", GKE);

    assertThat(run.exitCode()).isEqualTo(b.exitCode());
    assertThat(run.err()).contains(b.err());
    assertThat(run.out()).isEmpty();
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anInvalidPolicyNamesItsProblemsAndCallsNothing(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("function.yaml");
    Files.writeString(bad, POLICY_WITH_EDITOR);

    CliRun run = apply("apply", "--policy", bad.toString(), "--event", GKE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("roles/editor is a basic role");
    assertThat(LOCAL.cloud().calls()).isEmpty();
  }

  private static final String POLICY_WITH_EDITOR = """
      policy:
        projects: {include: ["ml-*"]}
        serviceAccount: {accountId: ml-trainer, displayName: T, description: D}
        rules:
          - name: too-much
            resources: [gke-cluster]
            grant:
              project:
                - role: roles/editor
                  members: ["group:all@example.com"]
      """;

  @Test
  void helpListsTheExitCodes() {
    CliRun run = CliRun.of("apply", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--dry-run", "--max-age", "4   transient failure");
  }
}
