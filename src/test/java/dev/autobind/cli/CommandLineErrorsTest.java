package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What a person sees for a command line that cannot run: one line naming the problem, exit 2, no stack trace. */
class CommandLineErrorsTest {
  private static final String NL = System.lineSeparator();

  @Test
  void noArgumentsPrintTheUsageOnStandardErrorAndExitTwo() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: autobind [-hV] [COMMAND]").contains("Commands:", "Exit codes");
  }

  /** Arguments that cannot be parsed, and the two lines that must say so. */
  record Bad(String name, List<String> args, String firstLine) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> bad() {
    return Stream.of(
        new Bad("mistyped option before a missing required one", List.of("plan", "--evnet", "x.json"),
            "autobind plan: unknown option '--evnet'; did you mean --event?"),
        new Bad("mistyped option with its value attached", List.of("plan", "--event", "e.json", "--polcy=f.yaml"),
            "autobind plan: unknown option '--polcy'; did you mean --policy?"),
        new Bad("option no command has", List.of("validate", "--zzz"), "autobind validate: unknown option '--zzz'"),
        new Bad("mistyped command", List.of("validat"), "autobind: unknown command 'validat'; did you mean validate?"),
        new Bad("extra argument", List.of("decode", "a.json", "b.json"),
            "autobind decode: unexpected argument 'b.json'"),
        new Bad("missing required option", List.of("plan"),
            "autobind plan: Missing required option: '--event=FILE'"),
        new Bad("bad format", List.of("deploy-plan", "--format", "yaml"),
            "autobind deploy-plan: --format: yaml is not a format; use shell or tsv"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void aBadArgumentIsNamedInOneLine(Bad b) {
    CliRun run = CliRun.of(b.args().toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    String command = b.args().get(0).startsWith("validat") && !b.args().get(0).equals("validate") ? "autobind"
        : "autobind " + b.args().get(0);
    assertThat(run.err()).isEqualTo(b.firstLine() + NL + "Run '" + command + " --help' for usage." + NL);
  }

  record Mistyped(String typed, String hint) {
    @Override
    public String toString() {
      return typed + " -> " + hint;
    }
  }

  static Stream<Mistyped> mistyped() {
    return Stream.of(
        new Mistyped("plna", "; did you mean plan?"),
        new Mistyped("PLAN", "; did you mean plan?"),
        new Mistyped("valdate", "; did you mean validate?"),
        new Mistyped("aply", "; did you mean apply?"),
        new Mistyped("repot", "; did you mean report?"),
        new Mistyped("replay-pln", "; did you mean replay-plan?"),
        new Mistyped("undeploy-paln", "; did you mean undeploy-plan?"),
        new Mistyped("dcode", "; did you mean decode?"));
  }

  /** The nearest command by edit distance comes first, where picocli's letter-pair ranking misses a swap. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mistyped")
  void aMistypedCommandSuggestsTheNearest(Mistyped m) {
    CliRun run = CliRun.of(m.typed());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("autobind: unknown command '" + m.typed() + "'" + m.hint() + NL
        + "Run 'autobind --help' for usage." + NL);
  }

  @Test
  void aWordFarFromEveryCommandGetsNoNearestGuess() {
    assertThat(Main.nearest("xyzzy", List.of("plan", "apply", "decode"))).isEmpty();
    assertThat(Main.nearest("plan", List.of("plan", "apply"))).containsExactly("plan");
    assertThat(Main.nearest("pla", List.of("plan", "play"))).containsExactly("plan", "play");
  }

  @Test
  void versionIsTheProjectVersionFromPomXml() throws Exception {
    String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
    java.util.regex.Matcher version = java.util.regex.Pattern
        .compile("<artifactId>autobind</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertThat(version.find()).isTrue();

    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("autobind " + version.group(1) + NL);
    assertThat(run.out()).doesNotContain("dev", "${");
  }

  /** A command that fails in a way nothing foresaw. */
  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the clients could not be built",
          new java.io.IOException("connection refused"));
    }
  }

  @Test
  void anUnforeseenExceptionIsOneLineWithItsCausesAndExitOne() {
    CliRun run = CliRun.of(cl -> cl.addSubcommand(new Broken()), "broken");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_UNEXPECTED);
    assertThat(run.err()).isEqualTo("autobind broken: the clients could not be built: connection refused" + NL);
  }
}
