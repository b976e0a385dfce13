package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.policy.PolicyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy.sh and scripts/replay.sh, run by bash in a copy of the repository with a stand-in
 * gcloud that records its calls, and the CLI from the test classpath.
 */
class DeployScriptTest {

  static final Path REPO = Path.of("").toAbsolutePath();
  static final Map<String, String> LOOKUPS = Map.of(
      "${SINK_WRITER}", "serviceAccount:service-org-1@gcp-sa-logging.iam.gserviceaccount.com",
      "${FUNCTION_TRIGGER}", "projects/p/locations/r/triggers/autobind-1",
      "${TRIGGER_SUBSCRIPTION}", "projects/p/subscriptions/eventarc-r-autobind-1-sub-1",
      "${ROLE_ORGANIZATION}", "123456789012");

  /** What one script run printed and returned, and what gcloud was asked. */
  record Run(int exitCode, String out, String err, List<String> gcloud) {}

  @TempDir Path root;
  Path source;

  @BeforeEach
  void copyTheRepository() throws IOException {
    for (String script : List.of("deploy.sh", "replay.sh", "lib/steps.sh")) {
      Path to = root.resolve("scripts").resolve(script);
      Files.createDirectories(to.getParent());
      Files.copy(REPO.resolve("scripts").resolve(script), to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createDirectories(root.resolve("target"));
    Files.writeString(root.resolve("target/autobind.jar"), "stands in for the jar");
    for (String tool : List.of("gcloud", "java")) {
      Path to = root.resolve("bin").resolve(tool);
      Files.createDirectories(to.getParent());
      Files.copy(REPO.resolve("src/test/resources/deploy/bin").resolve(tool), to);
      to.toFile().setExecutable(true);
    }
    source = root.resolve("target/deploy-source");
  }

  @Test
  void dryRunPrintsEveryCommandStagesTheSourceAndRunsNothing() throws Exception {
    Path work = Files.createDirectories(root.resolve("elsewhere"));
    Files.copy(REPO.resolve("function.yaml"), work.resolve("my-policy.yaml"));

    Run run = script(work, Map.of(), "deploy.sh", "--dry-run", "--policy", "my-policy.yaml");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(commandLines(run.out())).isEqualTo(plan("function.yaml").steps().stream().map(Step::shell).toList());
    assertThat(run.out()).contains("--source=" + source + " ");
    assertThat(run.err()).isEqualTo("deploy.sh: dry run: staged " + source + "; no command was run\n");
    assertThat(run.gcloud()).isEmpty();
    try (Stream<Path> staged = Files.list(source)) {
      assertThat(staged.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("autobind.jar",
          "function.yaml");
    }
    assertThat(Files.readString(source.resolve("function.yaml"))).isEqualTo(Files.readString(REPO.resolve(
        "function.yaml")));
  }

  @Test
  void runsEveryCheckAndCommandInOrderPassingLookupsOn() throws Exception {
    Run run = script(root, Map.of(), "deploy.sh", "--policy", REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.gcloud()).isEqualTo(expectedCalls(plan("function.yaml").steps()));
    assertThat(run.out()).startsWith("[1/32] enable APIs in ml-platform-ops\n").endsWith("deploy.sh: deployed\n");
  }

  @Test
  void aFolderScopeLooksUpItsOrganizationForTheCustomRole() throws Exception {
    Run run = script(root, Map.of(), "deploy.sh", "--policy", REPO.resolve("src/test/resources/deploy/folder.yaml")
        .toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.gcloud()).isEqualTo(expectedCalls(plan("src/test/resources/deploy/folder.yaml").steps()))
        .contains("iam roles create autobindAccountPolicy --organization=123456789012 --title="
            + LeastPrivilege.ACCOUNT_POLICY.title() + " --description=" + LeastPrivilege.ACCOUNT_POLICY.description()
            + " --permissions=iam.serviceAccounts.getIamPolicy,iam.serviceAccounts.setIamPolicy --stage=GA");
  }

  @Test
  void skipsStepsThatAreAlreadyDone() throws Exception {
    Run run = script(root, Map.of("FAKE_EXISTS", "iam service-accounts describe *\npubsub topics describe *"),
        "deploy.sh", "--policy", REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("[2/32] create service account autobind-fn@ml-platform-ops.iam.gserviceaccount.com:"
        + " already done\n", "[21/32] create topic autobind-audit: already done\n",
        "[22/32] create topic autobind-backfill: already done\n");
    assertThat(run.gcloud()).noneMatch(c -> c.startsWith("iam service-accounts create"))
        .noneMatch(c -> c.startsWith("pubsub topics create")).anyMatch(c -> c.startsWith("logging sinks create"));
  }

  @Test
  void stopsAtTheFirstFailureAndNamesTheStep() throws Exception {
    Run run = script(root, Map.of("FAKE_FAIL", "functions deploy *"), "deploy.sh", "--policy",
        REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ERROR: (gcloud) simulated failure of: functions deploy autobind",
        "deploy.sh: step 27/32 failed: deploy function autobind\n  command: gcloud functions deploy autobind --gen2");
    assertThat(run.gcloud().get(run.gcloud().size() - 1)).startsWith("functions deploy autobind ");
    assertThat(run.out()).doesNotContain("deployed");
  }

  @Test
  void aLookupThatFindsNothingStopsBeforeItsValueIsUsed() throws Exception {
    Run run = script(root, Map.of("FAKE_WRITER", ""), "deploy.sh", "--policy", REPO.resolve("function.yaml")
        .toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("deploy.sh: step 24/32 printed nothing: read the writer identity of log sink"
        + " autobind\n");
    assertThat(run.gcloud()).noneMatch(c -> c.startsWith("pubsub topics add-iam-policy-binding"));
  }

  @Test
  void anInvalidPolicyStopsBeforeAnythingIsStagedOrRun() throws Exception {
    String bad = REPO.resolve("src/test/resources/deploy/bad/bad-function.yaml").toString();

    Run run = script(root, Map.of(), "deploy.sh", "--policy", bad);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(bad + ":3: function.name: Autobind is not a function name")
        .endsWith("deploy.sh: " + bad + " is not deployable (see above)\n");
    assertThat(run.gcloud()).isEmpty();
    assertThat(source).doesNotExist();
  }

  @Test
  void replaySeeksTheSubscriptionItLookedUp() throws Exception {
    Run run = script(root, Map.of(), "replay.sh", "--since", "2026-11-26T07:00:00Z", "--policy",
        REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.gcloud()).containsExactly(
        "functions describe autobind --gen2 --region=us-central1 --project=ml-platform-ops"
            + " --format=value(eventTrigger.trigger)",
        "eventarc triggers describe projects/p/locations/r/triggers/autobind-1"
            + " --format=value(transport.pubsub.subscription)",
        "pubsub subscriptions seek projects/p/subscriptions/eventarc-r-autobind-1-sub-1"
            + " --time=2026-11-26T07:00:00Z --project=ml-platform-ops");
  }

  @Test
  void replayDryRunPrintsTheSeekAndRunsNothing() throws Exception {
    Run run = script(root, Map.of(), "replay.sh", "--snapshot=before-upgrade", "--dry-run", "--policy",
        REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(commandLines(run.out())).last().isEqualTo(
        "gcloud pubsub subscriptions seek \"${TRIGGER_SUBSCRIPTION:?}\" --snapshot=before-upgrade"
            + " --project=ml-platform-ops");
    assertThat(run.gcloud()).isEmpty();
  }

  /**
   * A command line the scripts refuse, and what they say.
   *
   * @param args the script and its arguments
   * @param exitCode the expected exit code
   * @param err text standard error must contain
   */
  record Refusal(List<String> args, int exitCode, String err) {
    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  static List<Refusal> refusals() {
    String eventarc = REPO.resolve("src/test/resources/deploy/eventarc.yaml").toString();
    return List.of(
        new Refusal(List.of("deploy.sh", "--bogus"), 2, "deploy.sh: unknown argument: --bogus\n"
            + "Run deploy.sh --help for usage.\n"),
        new Refusal(List.of("deploy.sh", "--policy"), 2, "deploy.sh: --policy needs a FILE\n"),
        new Refusal(List.of("replay.sh", "--dry-run"), 2,
            "replay.sh: give exactly one of --since TIME or --snapshot NAME\n"),
        new Refusal(List.of("replay.sh", "--since", "2026-11-26T07:00:00Z", "--snapshot", "s-1"), 2,
            "replay.sh: give exactly one of --since TIME or --snapshot NAME\n"),
        new Refusal(List.of("replay.sh", "--since", "today", "--policy", eventarc), 2,
            "replay-plan: --since: 'today' is not an RFC 3339 time such as 2026-11-26T07:00:00Z\n"),
        new Refusal(List.of("replay.sh", "--since", "2026-11-26T07:00:00Z", "--policy", eventarc), 2,
            "replay-plan: function.trigger is eventarc: replay needs trigger: pubsub"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("refusals")
  void refusesBadCommandLines(Refusal r) throws Exception {
    Run run = script(root, Map.of(), r.args().get(0), r.args().subList(1, r.args().size()).toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(r.exitCode());
    assertThat(run.err()).contains(r.err());
    assertThat(run.gcloud()).isEmpty();
  }

  @Test
  void helpSaysWhatEachScriptDoes() throws Exception {
    Run deploy = script(root, Map.of(), "deploy.sh", "--help");
    Run replay = script(root, Map.of(), "replay.sh", "-h");

    assertThat(deploy.exitCode()).isZero();
    assertThat(deploy.out()).startsWith("Usage: scripts/deploy.sh [--dry-run] [--policy FILE]\n")
        .contains("--dry-run", "target/deploy-source", "trigger: pubsub", "trigger: eventarc");
    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).startsWith("Usage: scripts/replay.sh (--since TIME | --snapshot NAME) [--dry-run]");
  }

  private static DeployPlan plan(String policy) {
    PolicyFile file = PolicyFile.load(REPO.resolve(policy));
    return DeployPlanner.plan(file.requireFunction(), file.policy(), "SOURCE");
  }

  /** The calls gcloud should see when every check fails: each step's check, then its command. */
  private List<String> expectedCalls(List<Step> steps) {
    List<String> calls = new ArrayList<>();
    for (Command c : DeployCases.commands(steps)) {
      String call = String.join(" ", c.words().subList(1, c.words().size()))
          .replace("--source=SOURCE", "--source=" + source);
      for (Map.Entry<String, String> lookup : LOOKUPS.entrySet()) {
        call = call.replace(lookup.getKey(), lookup.getValue());
      }
      calls.add(call);
    }
    return calls;
  }

  /** The lines of a shell rendering that are commands, not comments or blank. */
  private List<String> commandLines(String out) {
    return out.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.replace("--source=" + source, "--source=SOURCE")).toList();
  }

  private Run script(Path workingDirectory, Map<String, String> fakes, String script, String... args)
      throws IOException, InterruptedException {
    Path log = root.resolve("gcloud.log");
    Files.deleteIfExists(log);
    List<String> argv = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(script).toString()));
    argv.addAll(List.of(args));
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.keySet().removeIf(k -> !Set.of("HOME", "LANG", "TMPDIR").contains(k));
    env.put("PATH", root.resolve("bin") + ":" + path);
    env.put("GCLOUD_LOG", log.toString());
    env.put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("TEST_CLASSPATH", System.getProperty("java.class.path"));
    env.putAll(fakes);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish in 120 s");
    }
    List<String> calls = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err), calls);
  }
}
