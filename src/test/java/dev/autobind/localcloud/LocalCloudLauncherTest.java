package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autobind.apply.CloudClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The standalone local cloud as a separate process: started, read over HTTP and gRPC, stopped by PID. */
class LocalCloudLauncherTest {

  private static final Path DEMO_SEED = Path.of("src/test/resources/localcloud/demo-seed.yaml");
  /** Only guards against a hung child process; no assertion depends on how fast it is. */
  private static final long GUARD_SECONDS = 120;

  @TempDir
  Path dir;

  private Process launch(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LocalCloudMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  /** Reads the NAME=VALUE lines the launcher prints once it serves. */
  private static Map<String, String> announced(Process process) throws Exception {
    CompletableFuture<Map<String, String>> lines = CompletableFuture.supplyAsync(() -> {
      Map<String, String> values = new HashMap<>();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        while (values.size() < 2) {
          String line = out.readLine();
          if (line == null) {
            break;
          }
          values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      } catch (IOException e) {
        throw new IllegalStateException("reading the launcher's output failed", e);
      }
      return values;
    });
    return lines.get(GUARD_SECONDS, TimeUnit.SECONDS);
  }

  private static JsonNode getJson(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return StateJson.JSON.readTree(response.body());
  }

  @Test
  void servesTheSeedUntilStoppedByPid() throws Exception {
    Process process = launch("--seed", DEMO_SEED.toString(), "--port", "0", "--admin-port", "0");
    try {
      Map<String, String> values = announced(process);
      assertThat(values).containsKeys("AUTOBIND_EMULATOR_HOST", "AUTOBIND_LOCAL_CLOUD_ADMIN");
      assertThat(values.get("AUTOBIND_EMULATOR_HOST")).matches("127\\.0\\.0\\.1:[0-9]+");

      JsonNode state = getJson(URI.create(values.get("AUTOBIND_LOCAL_CLOUD_ADMIN") + "/state"));
      assertThat(state).isEqualTo(StateJson.JSON.readTree(
          getClass().getClassLoader().getResource("localcloud/demo-state.json")));
      try (CloudClients clients = CloudClients.forEmulator(values.get("AUTOBIND_EMULATOR_HOST"))) {
        assertThat(clients.projects().getProject("projects/ml-serve-b").getName()).isEqualTo("projects/222222222222");
      }
      assertThat(getJson(URI.create(values.get("AUTOBIND_LOCAL_CLOUD_ADMIN") + "/calls")))
          .isEqualTo(StateJson.JSON.readTree("{\"google.cloud.resourcemanager.v3.Projects/GetProject\":1}"));

      ProcessHandle.of(process.pid()).orElseThrow().destroy();
      assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(stderr()).endsWith("local-cloud: stopped\n").doesNotContain("Exception");
    } finally {
      process.destroyForcibly();
    }
  }

  /** One way the launcher must refuse to start, with its exit code and exact error. */
  record Refusal(String name, String seed, int exit, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("missing number", "projects:\n  - id: ml-train-a\n", LocalCloudMain.EXIT_BAD_SEED,
            "local-cloud: bad seed: SEED: projects[0].number: is required\n"),
        new Refusal("unknown field", "projects:\n  - {id: ml-train-a, number: 1, zone: x}\n", LocalCloudMain.EXIT_BAD_SEED,
            "local-cloud: bad seed: SEED: projects[0].zone: unknown field; expected one of"
                + " [clusters, endpoints, iamPolicy, id, models, nodes, number, parent, persistentResources,"
                + " queuedResources, serviceAccounts]\n"),
        new Refusal("broken YAML", "projects: [\n", LocalCloudMain.EXIT_BAD_SEED,
            "local-cloud: bad seed: SEED: not valid YAML at line "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aBadSeedGivesAClearErrorAndNoStackTrace(Refusal c) throws Exception {
    Path seed = Files.writeString(dir.resolve("seed.yaml"), c.seed());

    Process process = launch("--seed", seed.toString());

    assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(c.exit());
    assertThat(stderr()).startsWith(c.error().replace("SEED", seed.toString())).doesNotContain("\tat ");
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aMissingSeedOptionIsAUsageError() throws Exception {
    Process process = launch();

    assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr()).startsWith("Missing required option: '--seed=FILE'");
  }

  @Test
  void aTakenPortIsReported() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Process process = launch("--seed", DEMO_SEED.toString(), "--port", Integer.toString(taken.getLocalPort()));

      assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(LocalCloudMain.EXIT_CANNOT_START);
      assertThat(stderr()).startsWith("local-cloud: cannot start: Failed to bind to address /127.0.0.1:"
          + taken.getLocalPort() + ": ").contains("Address already in use").doesNotContain("\tat ");
    }
  }

  /** A script whose {@code --help} must answer at once, without building anything. */
  record HelpCase(String script, String usage) {
    @Override
    public String toString() {
      return script;
    }
  }

  static Stream<HelpCase> helpCases() {
    return Stream.of(
        new HelpCase("local-cloud.sh", "Usage: scripts/local-cloud.sh --seed FILE [--port N] [--admin-port M]\n"),
        new HelpCase("send-event.sh", "Usage: scripts/send-event.sh [--structured] [--now] FILE [URL]\n"),
        new HelpCase("try-local.sh", "Usage: scripts/try-local.sh\n"),
        new HelpCase("function.sh", "Usage: scripts/function.sh [--port N]\n"));
  }

  /** Every admin endpoint the local cloud serves is in scripts/local-cloud.sh --help and LocalCloudMain's. */
  @Test
  void theHelpListsEveryAdminEndpoint() throws Exception {
    String endpoint = java.nio.file.Files.readString(Path.of("src/test/java/dev/autobind/localcloud/AdminEndpoint.java"));
    java.util.regex.Matcher served = java.util.regex.Pattern.compile("case \"(/[a-z/-]+)\" -> (get|post)\\(")
        .matcher(endpoint);
    List<String> endpoints = new java.util.ArrayList<>();
    while (served.find()) {
      endpoints.add(served.group(2).toUpperCase(java.util.Locale.ROOT) + " " + served.group(1));
    }
    String script = java.nio.file.Files.readString(Path.of("scripts/local-cloud.sh")).replaceAll("\\s+", " ");
    String main = java.nio.file.Files.readString(Path.of("src/test/java/dev/autobind/localcloud/LocalCloudMain.java"))
        .replaceAll("\"\\s*\\+\\s*\"", "").replaceAll("\\s+", " ");

    assertThat(endpoints).hasSizeGreaterThanOrEqualTo(9)
        .allSatisfy(e -> assertThat(script).contains(e)).allSatisfy(e -> assertThat(main).contains(e));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helpCases")
  void theScriptPrintsItsHelpWithoutBuilding(HelpCase c) throws Exception {
    Process process = new ProcessBuilder("bash", "scripts/" + c.script(), "--help")
        .redirectError(dir.resolve("stderr.txt").toFile()).start();

    assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith(c.usage());
    assertThat(stderr()).isEmpty();
  }
}
