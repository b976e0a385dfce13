package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.apply.CloudClients;
import dev.autobind.backfill.BackfillWorld;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code report} against the local cloud: what it finds missing, how it exits, and that it never writes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MISSING = "bf-train-1";
  private static final List<String> PROJECTS = List.of(BackfillWorld.COMPLIANT, MISSING);

  private final Seed seed = BackfillWorld.seed(PROJECTS, 5, 2);
  private final List<String> names = BackfillWorld.governedNames(seed);
  private LocalCloud cloud;

  @BeforeAll
  void start() throws Exception {
    cloud = LocalCloud.start(seed);
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  @BeforeEach
  void resetWorld() {
    cloud.reset(seed);
  }

  private Map<String, String> environment(String policy) {
    Map<String, String> env = new HashMap<>();
    env.put(CloudClients.EMULATOR_HOST_VARIABLE, cloud.host());
    env.put("AUTOBIND_POLICY", policy);
    return env;
  }

  private static CliRun report(Map<String, String> env, String... args) {
    String[] command = Stream.concat(Stream.of("report"), Stream.of(args)).toArray(String[]::new);
    return CliRun.of(cl -> {
      ReportCommand report = (ReportCommand) cl.getSubcommands().get("report").getCommandSpec().userObject();
      report.environment = env;
      report.retryBackoff = Duration.ofMillis(1);
    }, command);
  }

  private CliRun report(String... args) {
    return report(environment(BackfillWorld.POLICY.toString()), args);
  }

  private long writes() {
    return cloud.calls().entrySet().stream().filter(e -> e.getKey().endsWith("/SetIamPolicy")
        || e.getKey().endsWith("/CreateServiceAccount") || e.getKey().contains("/Delete")
        || e.getKey().contains("/Update")).mapToLong(Map.Entry::getValue).sum();
  }

  private static Map<String, JsonNode> byResource(String json) throws IOException {
    Map<String, JsonNode> rows = new HashMap<>();
    JSON.readTree(json).get("resources").forEach(r -> rows.put(r.get("resource").asText(), r));
    return rows;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void aWorldWithMissingGrantsExitsThreeNamesEachResourceAndWritesNothing() throws IOException {
    CliRun run = report("--format", "json", "--projects", String.join(",", PROJECTS));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    Map<String, JsonNode> rows = byResource(run.out());
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(names);
    names.forEach(name -> {
      JsonNode row = rows.get(name);
      boolean missing = name.contains("/projects/" + MISSING + "/");
      assertThat(row.get("status").asText()).as(name).isEqualTo(missing ? "missing" : "compliant");
      assertThat(row.get("project").asText()).isEqualTo(missing ? MISSING : BackfillWorld.COMPLIANT);
      if (missing) {
        assertThat(texts(row.get("missing"))).as(name).contains("roles/aiplatform.user serviceAccount:"
            + BackfillWorld.trainer(MISSING) + " on //cloudresourcemanager.googleapis.com/projects/" + MISSING);
      } else {
        assertThat(row.get("missing")).isEmpty();
      }
    });
    JsonNode summary = JSON.readTree(run.out()).get("summary");
    long missing = names.stream().filter(n -> n.contains("/projects/" + MISSING + "/")).count();
    assertThat(summary.get("missing").asLong()).isEqualTo(missing);
    assertThat(summary.get("compliant").asLong()).isEqualTo(names.size() - missing);
    assertThat(writes()).isZero();
    assertThat(cloud.calls()).isNotEmpty();
    assertThat(run.err()).contains(names.size() + " resources: " + (names.size() - missing) + " compliant, "
        + missing + " missing grants, 0 exempt, 0 errors");
  }

  @Test
  void aModelsOwnPolicyIsNamedAmongItsMissingGrants() throws IOException {
    CliRun run = report("--format", "json", "--projects", MISSING);

    String model = names.stream().filter(n -> n.contains("/projects/" + MISSING + "/") && n.contains("/models/"))
        .findFirst().orElseThrow();
    assertThat(texts(byResource(run.out()).get(model).get("missing")))
        .contains("roles/aiplatform.viewer group:ml-reviewers@example.com on " + model);
  }

  @Test
  void aCompliantWorldExitsZero() {
    CliRun run = report("--projects", BackfillWorld.COMPLIANT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("KIND").contains(" compliant\n").doesNotContain("missing 1");
    assertThat(writes()).isZero();
  }

  @Test
  void anExemptionInForceTurnsMissingIntoExempt(@TempDir Path dir) throws IOException {
    Path policy = dir.resolve("function.yaml");
    Files.writeString(policy, Files.readString(BackfillWorld.POLICY).replaceFirst("(?m)^(  allowSensitiveRoles: .*\n)",
        "$1  exemptions:\n    - projects: [\"" + MISSING + "\"]\n"
            + "      reason: migrating its own IAM\n      expires: 2999-12-31\n"));

    CliRun run = report(environment(policy.toString()), "--format", "csv", "--projects", MISSING);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("kind,project,location,name,status,missing,detail");
    assertThat(lines).hasSize(1 + (int) names.stream().filter(n -> n.contains("/projects/" + MISSING + "/")).count());
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).contains(",exempt,")
        .contains("migrating its own IAM"));
  }

  @Test
  void aResourceThatCannotBeReadIsAnErrorAndExitsOne() throws IOException {
    cloud.failNext("google.cloud.resourcemanager.v3.Projects/GetIamPolicy", Status.Code.PERMISSION_DENIED, 1000,
        "Permission 'resourcemanager.projects.getIamPolicy' denied");

    CliRun run = report("--format", "json", "--projects", MISSING);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(byResource(run.out()).values()).isNotEmpty()
        .allSatisfy(row -> assertThat(row.get("status").asText()).isEqualTo("error"));
    assertThat(run.out()).contains("PERMISSION_DENIED");
    assertThat(writes()).isZero();
  }

  @Test
  void aListingThatFailsMakesTheReportIncompleteAndExitsOne() throws IOException {
    cloud.failNext("google.container.v1.ClusterManager/ListClusters", Status.Code.PERMISSION_DENIED, 1,
        "Required \"container.clusters.list\" permission(s)");

    CliRun run = report("--format", "json", "--projects", BackfillWorld.COMPLIANT);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(texts(JSON.readTree(run.out()).get("problems"))).singleElement().asString()
        .contains("container.clusters.list");
  }

  record Refused(String name, List<String> args, Map<String, String> env, int exitCode, String err) {
    @Override
    public String toString() {
      return name;
    }
  }

  Stream<Refused> refused() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    return Stream.of(
        new Refused("unknown format", List.of("--format", "xml"), Map.of(), 2,
            "autobind report: --format: xml is not a format; use table, json or csv"),
        new Refused("hostile project id", List.of("--projects", "bf-x;rm -rf /"), Map.of(), 2, "report: --projects"),
        new Refused("scope with projects", List.of("--scope", "folders/1", "--projects", MISSING), Map.of(), 2,
            "report: --projects cannot be combined with --scope"),
        new Refused("malformed local cloud", List.of(), Map.of(CloudClients.EMULATOR_HOST_VARIABLE, "http://x:1"), 2,
            "report: AUTOBIND_EMULATOR_HOST must be HOST:PORT such as 127.0.0.1:8790, got 'http://x:1'"),
        new Refused("local cloud not running", List.of(), Map.of(CloudClients.EMULATOR_HOST_VARIABLE,
            "127.0.0.1:" + closed), 1, "report: cannot reach the local cloud at 127.0.0.1:" + closed),
        new Refused("missing policy", List.of(), Map.of("AUTOBIND_POLICY", "/nonexistent/function.yaml"), 2,
            "/nonexistent/function.yaml: no such file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void badInputIsNamedAndNothingIsCalled(Refused r) {
    Map<String, String> env = environment(BackfillWorld.POLICY.toString());
    env.putAll(r.env());

    CliRun run = report(env, r.args().toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(r.exitCode());
    assertThat(run.err()).contains(r.err()).doesNotContain("Exception", "\tat ");
    assertThat(run.out()).isEmpty();
    assertThat(cloud.calls()).isEmpty();
  }

  @Test
  void helpNamesTheFormatsAndExitCodes() {
    CliRun run = CliRun.of("report", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--format", "table|json|csv", "3   at least one resource is missing a grant");
  }

  @Test
  void csvFieldsAreQuotedAndFormulasMadeInert() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"plain", "plain"});
    cases.add(new String[] {"a,b", "\"a,b\""});
    cases.add(new String[] {"say \"hi\"", "\"say \"\"hi\"\"\""});
    cases.add(new String[] {"=HYPERLINK(1)", "'=HYPERLINK(1)"});
    cases.add(new String[] {"line\nbreak", "\"line\nbreak\""});
    cases.forEach(c -> assertThat(ComplianceReport.csvField(c[0])).as(c[0]).isEqualTo(c[1]));
  }
}
