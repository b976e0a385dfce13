package dev.autobind.cli;

import dev.autobind.event.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Command-line entry point: {@code java -jar autobind.jar COMMAND}. */
@Command(
    name = "autobind",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Applies the standard service account and IAM bindings to new training resources (GKE clusters,"
          + " Vertex AI models, endpoints and persistent resources, Cloud TPU nodes and queued resources), as"
          + " function.yaml declares them. Run 'autobind COMMAND --help' for a command's options.",
    },
    exitCodeListHeading = "Exit codes (each command's help lists its own):%n",
    exitCodeList = {
      "0:done",
      "1:an unexpected error, named in one line",
      "2:bad arguments, or an invalid event or policy",
      "5:no Google Cloud credentials (apply, backfill): run gcloud auth application-default login,"
          + " or set AUTOBIND_EMULATOR_HOST=host:port for the local cloud"},
    subcommands = {
      CommandLine.HelpCommand.class,
      DecodeCommand.class,
      ApplyCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      DeployPlanCommand.class,
      UndeployPlanCommand.class,
      ReplayPlanCommand.class,
      BackfillCommand.class,
      ReportCommand.class,
    })
public final class Main implements Callable<Integer> {

  /** Exit code for something unforeseen: the command names it in one line. */
  public static final int EXIT_UNEXPECTED = 1;

  /** Exit code for input that cannot be used: bad arguments, an invalid event or policy. */
  public static final int EXIT_INVALID = Outcome.ExitCode.INVALID;

  /** Exit code for a command that must call Google Cloud and has no credentials to do it with. */
  public static final int EXIT_NO_CREDENTIALS = 5;

  /** The width help text wraps at. */
  static final int HELP_WIDTH = 80;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietLogging();
    System.exit(run(args));
  }

  /**
   * The client libraries log through SLF4J, for which the command line has no provider: SLF4J then logs nothing,
   * as wanted, but says so in three warnings first. Only errors of SLF4J's own are printed. A provider jar is no
   * cure: the deployed function runs beside the Functions Framework invoker, which bundles one, and two providers
   * are another warning.
   */
  static void quietLogging() {
    if (System.getProperty(SLF4J_VERBOSITY) == null) {
      System.setProperty(SLF4J_VERBOSITY, "ERROR");
    }
  }

  /** SLF4J's own setting for how much it says about itself (since 2.0.10). */
  static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

  /** Runs one command line and returns its exit code; never calls System.exit. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with autobind's error handling: a bad argument is named in one line (with picocli's
   * suggestion for a mistyped option), and no exception reaches the user as a stack trace.
   */
  static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  /** Applies autobind's help width and error handlers to {@code cl}, built over a {@link Main}. */
  static CommandLine configure(CommandLine cl) {
    return cl.setUsageHelpWidth(HELP_WIDTH)
        .setParameterExceptionHandler(Main::badArguments)
        .setExecutionExceptionHandler(Main::unexpected);
  }

  /** With no command: the usage, on standard error, and exit 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_INVALID;
  }

  /**
   * One line naming the bad argument, then where to find the usage. picocli checks required options before
   * it reports unknown ones, so an unknown option is looked for first: {@code plan --evnet FILE} names
   * {@code --evnet} and suggests {@code --event}, rather than saying only that {@code --event} is missing.
   */
  private static int badArguments(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    List<String> unmatched = cl.getUnmatchedArguments();
    String name = cl.getCommandSpec().qualifiedName();
    err.println(name + ": " + (unmatched.isEmpty() ? e.getMessage() : unknown(cl, unmatched)));
    err.println("Run '" + name + " --help' for usage.");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String unknown(CommandLine cl, List<String> unmatched) {
    String first = unmatched.get(0);
    List<String> nearest = first.startsWith("-") ? List.of() : nearest(first, cl.getSubcommands().keySet());
    List<String> suggestions = nearest.isEmpty() ? new UnmatchedArgumentException(cl, unmatched).getSuggestions()
        : nearest;
    String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
    if (first.startsWith("-")) {
      return "unknown option " + shown(first.split("=", 2)[0]) + hint;
    }
    boolean takesCommands = !cl.getSubcommands().isEmpty();
    return (takesCommands ? "unknown command " : "unexpected argument ") + shown(first) + hint;
  }

  /**
   * The commands closest to {@code typed} by edit distance (a swap of two neighbouring letters counts as one
   * edit), when within a third of its length. picocli's own suggestions rank by shared letter pairs, which
   * a swap breaks: for {@code plna} it offers {@code deploy-plan} and {@code replay-plan} before {@code plan}.
   */
  static List<String> nearest(String typed, Collection<String> commands) {
    int limit = Math.max(1, typed.length() / 3);
    Map<Integer, List<String>> byDistance = commands.stream().filter(c -> !c.equals("help") || typed.length() < 6)
        .collect(Collectors.groupingBy(c -> distance(typed.toLowerCase(Locale.ROOT), c), TreeMap::new,
            Collectors.toList()));
    return byDistance.entrySet().stream().findFirst().filter(e -> e.getKey() <= limit)
        .map(e -> e.getValue().stream().sorted().toList()).orElse(List.of());
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String shown(String argument) {
    return "'" + argument.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  /**
   * Whatever a command throws ends here: one line naming the command and the cause, never a stack trace.
   * Each command handles what it foresees with its own exit code; this is for the rest.
   */
  private static int unexpected(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(e));
    err.flush();
    return EXIT_UNEXPECTED;
  }

  /** The exception and its causes as one line: {@code message: cause's message: ...}, repeats left out. */
  static String oneLine(Throwable e) {
    StringBuilder line = new StringBuilder();
    String last = "";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = Optional.ofNullable(t.getMessage()).map(m -> m.lines().findFirst().orElse(""))
          .filter(m -> !m.isBlank()).orElse(t.getClass().getSimpleName());
      if (!last.contains(text)) {
        line.append(line.length() == 0 ? "" : ": ").append(text);
      }
      last = text;
    }
    return line.toString();
  }

  /** The project's version, which the build writes into {@code version.txt} beside this class. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      try (InputStream in = Main.class.getResourceAsStream("version.txt")) {
        if (in == null) {
          throw new IOException("version.txt is missing from the build");
        }
        return new String[] {"autobind " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()};
      }
    }
  }
}
