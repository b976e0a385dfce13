package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.ShippedKinds;
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
 * scripts/deploy.sh, scripts/undeploy.sh and scripts/replay.sh, run by bash in a copy of the repository with a
 * stand-in gcloud that records its calls (and a stand-in Maven), and the CLI from the test classpath. Runs that
 * change things use {@link #READY}: the shipped function.yaml with its example values replaced.
 */
class DeployScriptTest {

  static final Path REPO = Path.of("").toAbsolutePath();
  static final Map<String, String> LOOKUPS = Map.of(
      "${SINK_WRITER}", "serviceAccount:service-org-1@gcp-sa-logging.iam.gserviceaccount.com",
      "${FUNCTION_TRIGGER}", "projects/p/locations/r/triggers/autobind-1",
      "${TRIGGER_SUBSCRIPTION}", "projects/p/subscriptions/eventarc-r-autobind-1-sub-1",
      "${ROLE_ORGANIZATION}", "123456789012",
      "${CUSTOMER_ID}", "C01abc23d",
      "${PROJECT_NUMBER}", "111122223333");

  /** The call deploy.sh and undeploy.sh make first, to learn the active account; it changes nothing. */
  static final String ACCOUNT_LOOKUP = "auth list --filter=status:ACTIVE --format=value(account)";

  /** The shipped function.yaml, deployable: the example's organization, project, folders and domain replaced. */
  static final String READY = "ready.yaml";

  /** What one script run printed and returned, and what gcloud was asked. */
  record Run(int exitCode, String out, String err, List<String> gcloud) {}

  @TempDir Path root;
  Path source;

  @BeforeEach
  void copyTheRepository() throws IOException {
    for (String script : List.of("deploy.sh", "undeploy.sh", "replay.sh", "lib/steps.sh")) {
      Path to = root.resolve("scripts").resolve(script);
      Files.createDirectories(to.getParent());
      Files.copy(REPO.resolve("scripts").resolve(script), to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createDirectories(root.resolve("target"));
    Files.writeString(root.resolve("target/autobind.jar"), "stands in for the jar");
    for (String tool : List.of("gcloud", "java", "mvn")) {
      Path to = root.resolve("bin").resolve(tool);
      Files.createDirectories(to.getParent());
      Files.copy(REPO.resolve("src/test/resources/deploy/bin").resolve(tool), to);
      to.toFile().setExecutable(true);
    }
    source = root.resolve("target/deploy-source");
    Files.writeString(root.resolve(READY), ready(Files.readString(REPO.resolve("function.yaml"))));
  }

  static String ready(String shipped) {
    return shipped.replace(ExampleValues.ORGANIZATION, "organizations/987654321098")
        .replace(ExampleValues.PROJECT, "corp-ml-ops").replace("@" + ExampleValues.DOMAIN, "@corp.test")
        .replace("memberDomains: [" + ExampleValues.DOMAIN + "]", "memberDomains: [corp.test]")
        .replace(ExampleValues.FOLDERS.get(0), "folders/876543210987")
        .replace(ExampleValues.FOLDERS.get(1), "folders/765432109876");
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
    Run run = script(root, Map.of(), "deploy.sh", "--yes", "--policy", READY);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Step> steps = readyPlan().steps();
    assertThat(run.gcloud()).first().isEqualTo(ACCOUNT_LOOKUP);
    assertThat(run.gcloud().subList(1, run.gcloud().size())).isEqualTo(expectedCalls(steps));
    assertThat(run.out()).startsWith("deploy.sh: about to deploy ready.yaml as deployer@corp.test, in " + steps.size()
        + " steps (--dry-run prints each command):\n   1. enable APIs in corp-ml-ops\n")
        .contains("[1/" + steps.size() + "] enable APIs in corp-ml-ops\n").endsWith("deploy.sh: deployed\n");
  }

  @Test
  void aFolderScopeLooksUpItsOrganizationForTheCustomRole() throws Exception {
    Path folder = root.resolve("folder.yaml");
    Files.writeString(folder, ready(Files.readString(REPO.resolve("src/test/resources/deploy/folder.yaml"))));

    Run run = script(root, Map.of(), "deploy.sh", "--yes", "--policy", folder.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.gcloud().subList(1, run.gcloud().size()))
        .isEqualTo(expectedCalls(plan(folder.toString()).steps()))
        .contains("iam roles create " + LeastPrivilege.ACCOUNT_POLICY.id("autobind-research")
            + " --organization=123456789012 --title="
            + LeastPrivilege.ACCOUNT_POLICY.title() + " --description=" + LeastPrivilege.ACCOUNT_POLICY.description()
            + " --permissions=iam.serviceAccounts.getIamPolicy,iam.serviceAccounts.setIamPolicy --stage=GA");
  }

  @Test
  void skipsStepsThatAreAlreadyDone() throws Exception {
    Run run = script(root, Map.of("FAKE_EXISTS", "iam service-accounts describe *\npubsub topics describe *"),
        "deploy.sh", "--yes", "--policy", READY);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(progress(readyPlan(), "create service account autobind-fn@corp-ml-ops.iam"
        + ".gserviceaccount.com") + ": already done\n", progress(readyPlan(), "create topic autobind-audit")
        + ": already done\n", progress(readyPlan(),
        "create topic autobind-backfill") + ": already done\n");
    assertThat(run.gcloud()).noneMatch(c -> c.startsWith("iam service-accounts create"))
        .noneMatch(c -> c.startsWith("pubsub topics create")).anyMatch(c -> c.startsWith("logging sinks create"));
  }

  @Test
  void stopsAtTheFirstFailureAndNamesTheStep() throws Exception {
    Run run = script(root, Map.of("FAKE_FAIL", "functions deploy *"), "deploy.sh", "--yes", "--policy", READY);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ERROR: (gcloud) simulated failure of: functions deploy autobind",
        "deploy.sh: step " + position(readyPlan(), "deploy function autobind") + " failed: deploy function autobind"
            + "\n  command: gcloud functions deploy autobind --gen2");
    assertThat(run.gcloud().get(run.gcloud().size() - 1)).startsWith("functions deploy autobind ");
    assertThat(run.out()).doesNotContain("deployed");
  }

  @Test
  void aLookupThatFindsNothingStopsBeforeItsValueIsUsed() throws Exception {
    Run run = script(root, Map.of("FAKE_WRITER", ""), "deploy.sh", "--yes", "--policy", READY);

    assertThat(run.exitCode()).isEqualTo(1);
    String lookup = "read the writer identity of log sink autobind";
    assertThat(run.err()).contains("deploy.sh: step " + position(readyPlan(), lookup) + " printed nothing: " + lookup
        + "\n");
    assertThat(run.gcloud()).noneMatch(c -> c.startsWith("pubsub topics add-iam-policy-binding"));
  }

  @Test
  void anInvalidPolicyStopsBeforeAnythingIsStagedOrRun() throws Exception {
    String bad = REPO.resolve("src/test/resources/deploy/bad/bad-function.yaml").toString();

    Run run = script(root, Map.of(), "deploy.sh", "--policy", bad);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(bad + ":3: function.name: Autobind is not a function name")
        .endsWith("deploy.sh: " + bad + " is not deployable (see above); nothing was changed\n");
    assertThat(run.gcloud()).isEmpty();
    assertThat(source).doesNotExist();
  }

  @Test
  void theShippedExampleIsRefusedBeforeAnyGcloudCommand() throws Exception {
    Run run = script(root, Map.of(), "deploy.sh", "--yes", "--policy", REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("function.sinkScope: organizations/123456789012 is the example's organization",
        "function.project: ml-platform-ops is the example's project",
        "members are in the example's domain example.com (group:ml-engineers@example.com",
        "is not deployable (see above); nothing was changed");
    assertThat(run.gcloud()).isEmpty();
    assertThat(source).doesNotExist();
  }

  /** The shipped file with every example value replaced except those {@code kept} names, and what must be named. */
  record Leftover(String name, java.util.function.UnaryOperator<String> edit, List<String> named) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Leftover> leftovers() {
    String operators = "function.operators: 1 member is in the example's domain example.com"
        + " (group:ml-platform-oncall@example.com)";
    String kubernetes = "policy.kubernetes: 1 member is in the example's domain example.com"
        + " (group:ml-engineers@example.com)";
    String folders = "function.governedScope: folders/234567890123, folders/345678901234 are the example's folders";
    return Stream.of(
        new Leftover("operators, Kubernetes subjects and folders", shipped -> keepOnly(shipped,
            "- group:ml-platform-oncall@example.com", "- group: ml-engineers@example.com", "folders/234567890123",
            "folders/345678901234"), List.of(operators, kubernetes, folders)),
        new Leftover("operators only", shipped -> keepOnly(shipped, "- group:ml-platform-oncall@example.com"),
            List.of(operators)),
        new Leftover("Kubernetes subjects only", shipped -> keepOnly(shipped, "- group: ml-engineers@example.com"),
            List.of(kubernetes)),
        new Leftover("one example folder", shipped -> keepOnly(shipped, "folders/345678901234"),
            List.of("function.governedScope: folders/345678901234 is the example's folder")),
        new Leftover("the example's notification channel", shipped -> ready(shipped).replace(
            "projects/corp-ml-ops/notificationChannels/", "projects/ml-platform-ops/notificationChannels/"),
            List.of("function.alerts: projects/ml-platform-ops/notificationChannels/1234567890123456789 is the"
                + " example's notification channel")),
        new Leftover("a member in a subdomain of example.com", shipped -> ready(shipped).replace(
            "- group:ml-platform-oncall@corp.test", "- group:oncall@ops.example.com").replace(
            "memberDomains: [corp.test]", "memberDomains: [corp.test, example.com]"),
            List.of("function.operators: 1 member is in the example's domain example.com"
                + " (group:oncall@ops.example.com)")));
  }

  /**
   * {@link #ready} over {@code shipped}, except that the lines holding each of {@code kept} stay as shipped; a kept
   * member of the example's domain keeps that domain in policy.memberDomains too, as a user who forgot it would.
   */
  private static String keepOnly(String shipped, String... kept) {
    boolean exampleMembers = Stream.of(kept).anyMatch(k -> k.contains("@" + ExampleValues.DOMAIN));
    List<String> lines = new ArrayList<>();
    for (String line : shipped.split("\n", -1)) {
      boolean keep = Stream.of(kept).anyMatch(line::contains);
      String done = keep ? line : ready(line);
      lines.add(exampleMembers ? done.replace("memberDomains: [corp.test]", "memberDomains: [corp.test, example.com]")
          : done);
    }
    return String.join("\n", lines);
  }

  /** Each example value left behind is named, and deploy.sh --yes stops before any gcloud command. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("leftovers")
  void anyExampleValueLeftIsNamedBeforeAnyGcloudCommand(Leftover l) throws Exception {
    Path file = root.resolve("leftover.yaml");
    Files.writeString(file, l.edit().apply(Files.readString(REPO.resolve("function.yaml"))));

    Run run = script(root, Map.of(), "deploy.sh", "--yes", "--policy", file.toString());

    assertThat(run.exitCode()).as(run.out()).isNotZero();
    assertThat(run.err()).contains(l.named()).contains("nothing was changed")
        .doesNotContain("function.sinkScope:", "function.project:", "policy.rules:");
    assertThat(run.gcloud()).isEmpty();
    assertThat(source).doesNotExist();
  }

  /** A deploy.sh run that must stop after looking, before its first change, and what it must say. */
  record Stop(String name, Map<String, String> fakes, List<String> args, int exitCode, String err) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Stop> stops() {
    return List.of(
        new Stop("no active gcloud account", Map.of("FAKE_ACCOUNT", ""), List.of("--yes"), 1,
            "deploy.sh: gcloud has no active account; run gcloud auth login (nothing was changed)\n"),
        new Stop("no terminal to confirm on, and no --yes", Map.of(), List.of(), 2, "deploy.sh: standard input is"
            + " not a terminal, so nobody can confirm; pass --yes to go ahead (nothing was changed)\n"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("stops")
  void stopsBeforeItsFirstChange(Stop stop) throws Exception {
    List<String> args = new ArrayList<>(stop.args());
    args.addAll(List.of("--policy", READY));

    Run run = script(root, stop.fakes(), "deploy.sh", args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(stop.exitCode());
    assertThat(run.err()).endsWith(stop.err());
    assertThat(run.gcloud()).containsExactly(ACCOUNT_LOOKUP);
    assertThat(source).doesNotExist();
  }

  @Test
  void aJarOlderThanTheSourcesIsRebuiltFirst() throws Exception {
    Path newer = root.resolve("src/main/java/dev/autobind/Changed.java");
    Files.createDirectories(newer.getParent());
    Files.writeString(newer, "// edited after the last build\n");
    Path jar = root.resolve("target/autobind.jar");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(newer).toMillis() - 60_000));

    Run stale = script(root, Map.of(), "deploy.sh", "--dry-run", "--policy", READY);
    List<String> builds = Files.readAllLines(root.resolve("mvn.log"));
    Run fresh = script(root, Map.of(), "deploy.sh", "--dry-run", "--policy", READY);

    assertThat(stale.exitCode()).as(stale.err()).isZero();
    assertThat(stale.err()).startsWith("deploy.sh: building " + jar + " (src/main/java/dev/autobind/Changed.java is"
        + " newer)\n");
    assertThat(builds).containsExactly("mvn -B -q -DskipTests -f " + root.resolve("pom.xml") + " package");
    assertThat(fresh.err()).doesNotContain("building");
    assertThat(Files.readAllLines(root.resolve("mvn.log"))).hasSize(1);
  }

  @Test
  void undeployDryRunPrintsTheRemovalsAndRunsNothing() throws Exception {
    Run run = script(root, Map.of(), "undeploy.sh", "--dry-run", "--policy", READY);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(commandLines(run.out())).isEqualTo(readyTeardown().steps().stream().map(Step::shell).toList())
        .anyMatch(line -> line.startsWith("[[ -z \"$(gcloud functions describe autobind "));
    assertThat(run.out()).contains("# kept: the APIs enabled in corp-ml-ops",
        "# kept: the standard service accounts autobind created in governed projects");
    assertThat(run.gcloud()).isEmpty();
  }

  @Test
  void undeployRemovesWhatIsThereAndThenFindsNothingLeft() throws Exception {
    List<Step> steps = readyTeardown().steps();

    Run first = script(root, Map.of("FAKE_EXISTS", "*"), "undeploy.sh", "--yes", "--policy", READY);
    Run again = script(root, Map.of(), "undeploy.sh", "--yes", "--policy", READY);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.gcloud().subList(1, first.gcloud().size())).isEqualTo(expectedCalls(steps, true));
    assertThat(first.out()).endsWith("undeploy.sh: removed; the standard service accounts, their bindings and the"
        + " enabled APIs stay (see above)\n");
    assertThat(again.exitCode()).as(again.err()).isZero();
    int function = steps.stream().map(Step::name).toList().indexOf("delete function autobind") + 1;
    assertThat(again.out()).contains("[" + function + "/" + steps.size() + "] delete function autobind: already done\n");
    assertThat(again.gcloud()).noneMatch(c -> c.contains(" delete ") || c.contains("remove-iam-policy-binding"));
  }

  @Test
  void undeployRefusesTheShippedExampleBeforeAnyGcloudCommand() throws Exception {
    Run run = script(root, Map.of(), "undeploy.sh", "--yes", "--policy", REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("function.project: ml-platform-ops is the example's project",
        "cannot be undeployed (see above); nothing was changed");
    assertThat(run.gcloud()).isEmpty();
  }

  @Test
  void replaySeeksTheSubscriptionItLookedUp() throws Exception {
    String since = java.time.Instant.now().minus(java.time.Duration.ofHours(2))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    Run run = script(root, Map.of(), "replay.sh", "--since", since, "--policy",
        REPO.resolve("function.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.gcloud()).containsExactly(
        "functions describe autobind --gen2 --region=us-central1 --project=ml-platform-ops"
            + " --format=value(eventTrigger.trigger)",
        "eventarc triggers describe projects/p/locations/r/triggers/autobind-1"
            + " --format=value(transport.pubsub.subscription)",
        "pubsub subscriptions seek projects/p/subscriptions/eventarc-r-autobind-1-sub-1"
            + " --time=" + since + " --project=ml-platform-ops");
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
        new Refusal(List.of("replay.sh", "--snapshot", "s-1", "--policy", eventarc), 2,
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
    Run undeploy = script(root, Map.of(), "undeploy.sh", "--help");

    assertThat(deploy.exitCode()).isZero();
    assertThat(deploy.out()).startsWith("Usage: scripts/deploy.sh [--dry-run] [--yes] [--policy FILE]\n")
        .contains("--dry-run", "target/deploy-source", "trigger: pubsub", "trigger: eventarc");
    assertThat(undeploy.exitCode()).isZero();
    assertThat(undeploy.out()).startsWith("Usage: scripts/undeploy.sh [--dry-run] [--yes] [--policy FILE]\n")
        .contains("in reverse order", "standard service accounts", "roles/cloudbuild.builds.builder");
    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).startsWith("Usage: scripts/replay.sh (--since TIME | --snapshot NAME) [--dry-run]");
  }

  private UndeployPlanner.UndeployPlan readyTeardown() {
    PolicyFile file = PolicyFile.load(root.resolve(READY), ShippedKinds.registry());
    return UndeployPlanner.plan(file.requireFunction(), file.policy(), ShippedKinds.registry());
  }

  private DeployPlan readyPlan() {
    PolicyFile file = PolicyFile.load(root.resolve(READY), ShippedKinds.registry());
    return DeployPlanner.plan(file.requireFunction(), file.policy(), "SOURCE", ShippedKinds.registry());
  }

  /** The progress label run_steps prints for the step named {@code name}: {@code [N/TOTAL] NAME}. */
  private static String progress(DeployPlan plan, String name) {
    return "[" + position(plan, name) + "] " + name;
  }

  /** {@code N/TOTAL} for the step named {@code name}. */
  private static String position(DeployPlan plan, String name) {
    List<String> names = plan.steps().stream().map(Step::name).toList();
    if (!names.contains(name)) {
      throw new AssertionError("no step " + name + " in " + names);
    }
    return (names.indexOf(name) + 1) + "/" + names.size();
  }

  private static DeployPlan plan(String policy) {
    PolicyFile file = PolicyFile.load(REPO.resolve(policy), ShippedKinds.registry());
    return DeployPlanner.plan(file.requireFunction(), file.policy(), "SOURCE", ShippedKinds.registry());
  }

  /** The calls gcloud should see when every check fails: each step's check, then its command. */
  private List<String> expectedCalls(List<Step> steps) {
    return expectedCalls(steps, false);
  }

  /**
   * The gcloud calls a run of {@code steps} makes when every check finds nothing: a removal then runs only when
   * {@code found} (FAKE_EXISTS matches its probe).
   */
  private List<String> expectedCalls(List<Step> steps, boolean found) {
    List<Command> commands = new ArrayList<>();
    for (Step step : steps) {
      step.check().ifPresent(commands::add);
      if (!step.removal() || found) {
        commands.add(step.run());
      }
    }
    List<String> calls = new ArrayList<>();
    for (Command c : commands) {
      if (c.words().get(0).equals("bash")) {
        // a bash -c step makes the gcloud calls of its script: its listing and, when found (the stand-in then
        // lists one alert policy), a delete per policy listed
        String script = c.words().get(2);
        java.util.regex.Matcher list = java.util.regex.Pattern.compile("\\$\\(gcloud ([^)]*\\([^)]*\\)[^)]*)\\)")
            .matcher(script);
        assertThat(list.find()).as(script).isTrue();
        calls.add(list.group(1).replace("'", ""));
        if (found && script.startsWith("for policy in ")) {
          java.util.regex.Matcher delete = java.util.regex.Pattern.compile("do gcloud (.*) \"\\$policy\" (.*) \\|\\|")
              .matcher(script);
          assertThat(delete.find()).as(script).isTrue();
          calls.add(delete.group(1) + " projects/p/alertPolicies/1 " + delete.group(2));
        }
        continue;
      }
      if (!c.words().get(0).equals("gcloud")) {
        continue; // the deny policy file is written by printf, not gcloud
      }
      String call = String.join(" ", c.words().subList(1, c.words().size()))
          .replace("SOURCE", source.toString());
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
        .map(l -> l.replace(source.toString(), "SOURCE")).toList();
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
    env.put("MVN_LOG", root.resolve("mvn.log").toString());
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
