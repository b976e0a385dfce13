package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.deploy.DeployPlan;
import dev.autobind.deploy.DeployPlanner;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code deploy-plan} and {@code replay-plan}: the plan on standard output, problems on standard error. */
class DeployPlanCommandTest {

  static final String DEPLOY = "src/test/resources/deploy/";

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /**
   * A command line and what it must do.
   *
   * @param name the case name
   * @param args the arguments after {@code autobind}
   * @param exitCode the expected exit code
   * @param err the exact standard error
   */
  record Refusal(String name, List<String> args, int exitCode, String err) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Refusal> refusals() {
    String bad = DEPLOY + "bad/bad-function.yaml";
    String minimal = "src/test/resources/policies/good/minimal.yaml";
    return List.of(
        new Refusal("invalid function.yaml lists every problem", List.of("deploy-plan", "--policy", bad), 2,
            bad + ":2: function.sinkScope: is required when trigger is pubsub\n"
                + bad + ":3: function.name: Autobind is not a function name; use 1-63 lowercase letters, digits and"
                + " hyphens, starting with a letter\n"
                + bad + ":10: function.timeoutSeconds: 9000 is out of range; use 1 to 540\n"
                + bad + ":21: policy.rules[0].grant.project[0].role: roles/owner is a basic role; grant a predefined"
                + " role instead\n"),
        new Refusal("not YAML", List.of("deploy-plan", "--policy", DEPLOY + "bad/not-yaml.yaml", "--format=tsv"), 2,
            DEPLOY + "bad/not-yaml.yaml:1: function: not valid YAML: while parsing a flow sequence, expected ',' or ']', but"
                + " got <stream end>\n"),
        new Refusal("no function: section", List.of("deploy-plan", "--policy", minimal), 2,
            minimal + ": function: is required to deploy; add a function: section\n"),
        new Refusal("no such file", List.of("deploy-plan", "--policy", DEPLOY + "absent.yaml"), 2,
            DEPLOY + "absent.yaml: no such file\n"),
        new Refusal("unknown format", List.of("deploy-plan", "--policy", "function.yaml", "--format=json"), 2,
            "--format: json is not a format; use shell or tsv\n"),
        new Refusal("source directory with a line break", List.of("deploy-plan", "--policy", "function.yaml",
            "--source", "a\nb"), 2, "deploy-plan: command text must be printable; found U+000A at 1 in a?b\n"),
        new Refusal("replay in eventarc mode", List.of("replay-plan", "--since", "2026-11-26T07:00:00Z", "--policy",
            DEPLOY + "eventarc.yaml"), 2, "replay-plan: function.trigger is eventarc: replay needs trigger: pubsub,"
                + " whose subscription keeps delivered events; in eventarc mode, use backfill to process existing"
                + " resources again\n"),
        new Refusal("replay to a time that is not one", List.of("replay-plan", "--since", "last tuesday",
            "--policy", "function.yaml"), 2, "replay-plan: --since: 'last tuesday' is not an RFC 3339 time such as"
                + " 2026-11-26T07:00:00Z\n"),
        new Refusal("replay without a function: section", List.of("replay-plan", "--snapshot", "before-upgrade",
            "--policy", minimal), 2, minimal + ": function: is required to deploy; add a function: section\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWithTheProblemsAndPrintsNoPlan(Refusal r) {
    Run run = run(Map.of(), r.args().toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(r.exitCode());
    assertThat(run.err()).startsWith(r.err());
    assertThat(run.out()).doesNotContain("gcloud");
  }

  static List<String> usageErrors() {
    return List.of("replay-plan --policy function.yaml",
        "replay-plan --since 2026-11-26T07:00:00Z --snapshot before-upgrade --policy function.yaml",
        "deploy-plan --bogus");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void badCommandLinesExitTwoWithUsage(String line) {
    Run run = run(Map.of(), line.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: autobind ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anOversizedPolicyIsRefusedUnread(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("function.yaml");
    Files.writeString(big, "# " + "x".repeat(PolicyFile.MAX_BYTES) + "\n");

    Run run = run(Map.of(), "deploy-plan", "--policy", big.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(big + ": the file is " + (PolicyFile.MAX_BYTES + 3) + " bytes; the limit is "
        + PolicyFile.MAX_BYTES + " bytes\n");
  }

  static List<String> policies() {
    return List.of("function.yaml", DEPLOY + "folder.yaml", DEPLOY + "project.yaml", DEPLOY + "eventarc.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void shellPrintsEachReasonAndRunnableLineInOrder(String policy) {
    Run run = run(Map.of(), "deploy-plan", "--policy", policy, "--source", "/srv/src");
    DeployPlan plan = plan(policy, "/srv/src");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("# autobind deployment from " + policy + ": function "
        + plan.function().name() + " in " + plan.function().project());
    List<String> expected = plan.steps().stream().flatMap(s -> List.of("# " + s.reason(), s.shell()).stream())
        .toList();
    // After the two header lines, and the warnings that name the shipped example's values.
    assertThat(run.out().lines().filter(l -> !l.isEmpty() && !l.startsWith("# warning: ")).skip(2).toList())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void tsvPrintsOneLinePerStep(String policy) {
    Run run = run(Map.of(), "deploy-plan", "--policy", policy, "--format=tsv");
    DeployPlan plan = plan(policy, "target/deploy-source");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().map(l -> l.split("\t")[3]).toList())
        .isEqualTo(plan.steps().stream().map(s -> s.run().shell()).toList());
    assertThat(run.out()).contains("--source=target/deploy-source ");
  }

  @Test
  void warningsAreCommentsInShellAndGoToStandardErrorInTsv() {
    String policy = DEPLOY + "placeholder-role.yaml";
    String warning = "projects/${project}/roles/trainingLauncher has a placeholder, which an IAM condition cannot"
        + " match: the function will be denied when it grants this role";

    assertThat(run(Map.of(), "deploy-plan", "--policy", policy).out()).contains("\n# warning: " + warning + "\n");
    Run tsv = run(Map.of(), "deploy-plan", "--policy", policy, "--format=tsv");
    assertThat(tsv.exitCode()).isZero();
    assertThat(tsv.err()).isEqualTo("warning: " + warning + "\n");
    assertThat(tsv.out()).doesNotContain("warning");
  }

  @Test
  void readsAutobindPolicyWhenNoPolicyIsGiven() {
    Run run = run(Map.of("AUTOBIND_POLICY", DEPLOY + "eventarc.yaml"), "deploy-plan");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("# autobind deployment from " + DEPLOY + "eventarc.yaml: ")
        .contains("\n# Run the lines in order in one bash shell from the repository root;");
  }

  @Test
  void replayPrintsTheLookupsAndTheSeek() {
    Run run = run(Map.of(), "replay-plan", "--snapshot", "before-upgrade", "--policy", "function.yaml", "--format",
        "tsv");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().map(l -> l.split("\t")[1]).toList())
        .containsExactly("FUNCTION_TRIGGER", "TRIGGER_SUBSCRIPTION", "-");
    assertThat(run.out()).endsWith("\tgcloud pubsub subscriptions seek \"${TRIGGER_SUBSCRIPTION:?}\""
        + " --snapshot=before-upgrade --project=ml-platform-ops\n");
  }

  @Test
  void helpExplainsBothFormats() {
    Run deploy = run(Map.of(), "deploy-plan", "--help");
    Run replay = run(Map.of(), "replay-plan", "--help");

    assertThat(deploy.exitCode()).isZero();
    assertThat(deploy.out()).contains("Usage: autobind deploy-plan", "--format=shell|tsv", "--policy=FILE",
        "--source=DIR", "NAME<TAB>SETS<TAB>CHECK<TAB>COMMAND");
    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).contains("Usage: autobind replay-plan", "--since=TIME", "--snapshot=NAME");
  }

  private static DeployPlan plan(String policy, String source) {
    PolicyFile file = PolicyFile.load(Path.of(policy), ShippedKinds.registry());
    return DeployPlanner.plan(file.requireFunction(), file.policy(), source, ShippedKinds.registry());
  }

  /** Runs {@code autobind ARGS} in process with {@code environment} as the commands' environment. */
  static Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof DeployPlanCommand d) {
          d.environment = environment;
        }
        if (made instanceof ReplayPlanCommand r) {
          r.environment = environment;
        }
        return made;
      }
    };
    CommandLine cli = new CommandLine(new Main(), factory);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
