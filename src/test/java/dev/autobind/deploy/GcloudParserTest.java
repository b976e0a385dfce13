package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.deploy.DeployCases.Case;
import dev.autobind.kinds.ShippedKinds;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command the deploy, undeploy and replay plans print gets past the installed gcloud's own argument
 * parser: with no credentials, gcloud must stop at authentication, which it checks only after parsing.
 * One command per distinct shape (command path, flag names, conditional or not) keeps the slow gcloud
 * start-ups bounded; the commands run through bash exactly as printed.
 */
class GcloudParserTest {

  static final String AUTHENTICATION = "You do not currently have an active account selected";
  static final List<String> PARSE_ERRORS = List.of("unrecognized arguments", "invalid choice", "is required",
      "Invalid value", "Bad syntax", "Bad value", "valid keys are", "must be specified", "argument ");
  static final int TIMEOUT_SECONDS = 90;
  static final int PARALLEL = 3;

  /** Values the variables would hold after the lookups ran in a real project. */
  static final Map<String, String> VARIABLES = Map.of(
      "ROLE_ORGANIZATION", "123456789012",
      "CUSTOMER_ID", "C01abc23d",
      "PROJECT_NUMBER", "111122223333",
      "SINK_WRITER", "serviceAccount:service-org-123456789012@gcp-sa-logging.iam.gserviceaccount.com",
      "FUNCTION_TRIGGER", "projects/ml-platform-ops/locations/us-central1/triggers/autobind-123456",
      "TRIGGER_SUBSCRIPTION", "projects/ml-platform-ops/subscriptions/eventarc-us-central1-autobind-123456-sub-123");

  /**
   * Flags left out of a shape: gcloud-wide ones, the one-of scope flags (--organization, --folder,
   * --project) and a boolean; each parses the same way in every command that has it.
   */
  static final Set<String> SAME_EVERYWHERE = Set.of("--format", "--project", "--organization", "--folder",
      "--location", "--retry");

  /** Command-path words that end the path: what follows is positional arguments and flags. */
  static final Set<String> VERBS = Set.of("describe", "create", "update", "seek", "deploy", "enable", "get",
      "add-iam-policy-binding", "add-invoker-policy-binding", "get-ancestors-iam-policy", "delete", "list",
      "remove-iam-policy-binding", "get-iam-policy");

  /** A command that must fail to parse, so the classification is shown to tell the two apart. */
  static final String BROKEN = "gcloud functions deploy autobind --gen2 --region=us-central1 --trigger-topc=x";

  /** One command gcloud is asked to parse, named by its shape. */
  record Shape(String name, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  @TempDir static Path temp;

  private static final Map<String, String> OUTPUTS = new ConcurrentHashMap<>();

  /** The commands that write a file for gcloud to read (the deny policy), run before the shapes. */
  static List<Command> fileWrites() {
    return DeployCases.withProjectAccounts().stream().flatMap(c -> DeployCases.commands(c.plan().steps()).stream())
        .filter(Command::writesFile).toList();
  }

  static List<Shape> shapes() {
    Map<String, String> byShape = new LinkedHashMap<>();
    for (Case c : DeployCases.withProjectAccounts()) {
      DeployCases.commands(c.plan().steps()).stream().filter(cmd -> !cmd.writesFile())
          .forEach(cmd -> byShape.putIfAbsent(shape(cmd), cmd.shell()));
      DeployCases.commands(UndeployPlanner.plan(c.file().requireFunction(), c.file().policy(), ShippedKinds.registry()).steps())
          .forEach(cmd -> byShape.putIfAbsent(shape(cmd), cmd.shell()));
    }
    for (Seek seek : List.of(new Seek.Time("2026-11-26T07:00:00Z"), new Seek.Snapshot("before-upgrade"))) {
      DeployCases.commands(ReplayPlanner.plan(DeployCases.ORGANIZATION.file().requireFunction(), seek))
          .forEach(cmd -> byShape.putIfAbsent(shape(cmd), cmd.shell()));
    }
    return byShape.entrySet().stream().map(e -> new Shape(e.getKey(), e.getValue())).toList();
  }

  /**
   * The command path, then the sorted names of the flags that shape parsing; a condition counts as
   * None or as an expression.
   */
  static String shape(Command command) {
    List<String> words = command.words();
    List<String> path = new ArrayList<>();
    for (String w : words) {
      if (w.startsWith("--")) {
        break;
      }
      path.add(w);
      if (VERBS.contains(w)) {
        break;
      }
    }
    Set<String> flags = new TreeSet<>();
    for (String w : words) {
      if (w.startsWith("--")) {
        String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
        if (SAME_EVERYWHERE.contains(name)) {
          continue;
        }
        flags.add(name.equals("--condition") ? (w.equals("--condition=None") ? "--condition=None" : "--condition=EXPR")
            : name);
      }
    }
    return String.join(" ", path) + (flags.isEmpty() ? "" : " " + String.join(" ", flags));
  }

  @BeforeAll
  static void runEveryShapeThroughGcloud() throws Exception {
    requireGcloud();
    Path source = Files.createDirectories(temp.resolve("deploy-source"));
    Files.writeString(source.resolve("autobind.jar"), "stands in for the jar");
    Files.writeString(source.resolve("function.yaml"), "stands in for the policy");
    for (Command write : fileWrites()) {
      String out = gcloud(write.shell().replace(DeployCases.SOURCE, source.toString()), temp.resolve("config-write"));
      assertThat(out).as(write.shell()).isEmpty();
    }
    List<Shape> all = new ArrayList<>(shapes());
    all.add(new Shape("broken", BROKEN));
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Shape s : all) {
        String line = s.line().replace(DeployCases.SOURCE, source.toString());
        runs.add(pool.submit(() -> {
          OUTPUTS.put(s.name(), gcloud(line, temp.resolve("config-" + n.incrementAndGet())));
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void gcloudParsesTheCommandAndStopsAtAuthentication(Shape s) {
    String output = OUTPUTS.get(s.name());

    assertThat(output).as(s.line()).contains(AUTHENTICATION);
    for (String error : PARSE_ERRORS) {
      assertThat(output).as(s.line()).doesNotContain(error);
    }
  }

  @Test
  void aBrokenCommandIsToldApart() {
    assertThat(OUTPUTS.get("broken")).contains("unrecognized arguments: --trigger-topc=x")
        .doesNotContain(AUTHENTICATION);
  }

  @Test
  void theShapesCoverBothModesAndAreBounded() {
    List<String> names = shapes().stream().map(Shape::name).toList();

    assertThat(names).hasSizeBetween(30, 65);
    assertThat(names).anyMatch(n -> n.startsWith("gcloud functions deploy ") && n.contains("--trigger-topic"))
        .anyMatch(n -> n.startsWith("gcloud functions deploy ") && n.contains("--trigger-event-filters"))
        .anyMatch(n -> n.startsWith("gcloud eventarc triggers create ") && !n.contains("--transport-topic"))
        .anyMatch(n -> n.startsWith("gcloud eventarc triggers create ") && n.contains("--transport-topic"))
        .anyMatch(n -> n.startsWith("gcloud resource-manager folders add-iam-policy-binding ")
            && n.contains("--condition=EXPR"))
        .anyMatch(n -> n.startsWith("gcloud projects add-iam-policy-binding ") && n.contains("--condition=EXPR"))
        .anyMatch(n -> n.startsWith("gcloud logging sinks create ") && n.contains("--include-children"))
        .anyMatch(n -> n.startsWith("gcloud logging views create ") && n.contains("--log-filter"))
        .anyMatch(n -> n.contains("add-iam-policy-binding") && n.contains("--condition=EXPR"))
        .anyMatch(n -> n.startsWith("gcloud pubsub subscriptions seek ") && n.contains("--snapshot"))
        .anyMatch(n -> n.startsWith("gcloud pubsub subscriptions seek ") && n.contains("--time"))
        .anyMatch(n -> n.contains("remove-iam-policy-binding") && n.contains("--all"))
        .anyMatch(n -> n.contains("get-iam-policy") && n.contains("--filter"))
        .anyMatch(n -> n.startsWith("gcloud scheduler jobs create ") && n.contains("--message-body")
            && n.contains("--schedule") && n.contains("--time-zone") && n.contains("--topic"))
        .anyMatch(n -> n.startsWith("gcloud scheduler jobs describe"))
        .anyMatch(n -> n.startsWith("gcloud scheduler jobs delete "))
        .anyMatch(n -> n.startsWith("gcloud functions delete "))
        .anyMatch(n -> n.startsWith("gcloud iam roles list "))
        .anyMatch(n -> n.startsWith("gcloud iam roles update ") && n.contains("--permissions"))
        .anyMatch(n -> n.startsWith("gcloud iam policies create ") && n.contains("--policy-file")
            && n.contains("--attachment-point") && n.contains("--kind"))
        .anyMatch(n -> n.startsWith("gcloud iam policies get "))
        .anyMatch(n -> n.startsWith("gcloud iam policies delete "))
        .anyMatch(n -> n.startsWith("gcloud organizations describe"))
        .anyMatch(n -> n.startsWith("gcloud projects get-ancestors-iam-policy --filter"))
        .anyMatch(n -> n.startsWith("gcloud functions deploy ") && n.contains("--build-service-account")
            && n.contains("--no-allow-unauthenticated") && n.contains("--trigger-service-account"));
  }

  @Test
  void theDenyPolicyFileIsTheJsonGcloudReads() throws Exception {
    Path file = temp.resolve("deploy-source.deny-policy.json");
    com.fasterxml.jackson.databind.JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Files.readString(file));

    assertThat(policy.at("/rules/0/denyRule/deniedPrincipals/0").asText())
        .startsWith("principal://iam.googleapis.com/projects/-/serviceAccounts/autobind");
    assertThat(policy.at("/rules/1/denyRule/deniedPrincipals/0").asText()).isEqualTo("principalSet://goog/public:all");
    List<String> exceptions = new ArrayList<>();
    policy.at("/rules/1/denyRule/exceptionPrincipals").forEach(p -> exceptions.add(p.asText()));
    assertThat(exceptions).containsExactly("principalSet://goog/cloudIdentityCustomerId/C01abc23d",
        "principalSet://cloudresourcemanager.googleapis.com/organizations/123456789012/type/ServiceAccount",
        "principalSet://cloudresourcemanager.googleapis.com/organizations/123456789012/type/ServiceAgent");
    for (int rule = 0; rule < 2; rule++) {
      List<String> permissions = new ArrayList<>();
      policy.at("/rules/" + rule + "/denyRule/deniedPermissions").forEach(p -> permissions.add(p.asText()));
      assertThat(permissions).containsExactlyElementsOf(DeployPlanner.TOKEN_MINTING);
    }
  }

  private static void requireGcloud() {
    String path = System.getenv().getOrDefault("PATH", "");
    boolean found = List.of(path.split(File.pathSeparator)).stream()
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "gcloud")));
    if (!found) {
      throw new AssertionError("gcloud is not on PATH: install the Google Cloud CLI"
          + " (https://cloud.google.com/sdk/docs/install); these tests check every deploy command against its parser");
    }
  }

  /** What gcloud printed for {@code line}, run by bash with a fresh configuration and no credentials. */
  private static String gcloud(String line, Path config) throws IOException, InterruptedException {
    Path out = Files.createTempFile(temp, "gcloud", ".out");
    ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", line)
        .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(
            new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> !Set.of("PATH", "LANG", "HOME", "TMPDIR").contains(k));
    env.putAll(VARIABLES);
    env.put("CLOUDSDK_CONFIG", Files.createDirectories(config).toString());
    env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
    env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "1");
    env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      return "timed out after " + TIMEOUT_SECONDS + " s: " + line;
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
