package dev.autobind.cli;

import dev.autobind.deploy.StepFormat;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Problem;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --format} option of the deployment commands, and how they print their steps. */
final class Formats {

  private Formats() {}

  /** The {@code --format shell|tsv} option that every deployment command shares. */
  static final class FormatOption {
    @Option(names = "--format", paramLabel = "shell|tsv", defaultValue = "shell",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;
  }

  static StepFormat parse(CommandSpec spec, String format) {
    return switch (format) {
      case "shell" -> StepFormat.SHELL;
      case "tsv" -> StepFormat.TSV;
      default -> throw new ParameterException(spec.commandLine(),
          "--format: " + format.replaceAll("\\p{Cntrl}", "?") + " is not a format; use shell or tsv");
    };
  }

  /** What a deployment command prints for a loaded policy file; may write warnings to {@code err}. */
  @FunctionalInterface
  interface StepPrinter {
    String print(PolicyFile file, StepFormat format, PrintWriter err);
  }

  /**
   * Loads the policy, prints what {@code printer} makes of it and returns the exit code: 0, or 2 with
   * every policy problem (or the bad argument) on standard error.
   */
  static int printSteps(CommandSpec spec, FormatOption format, PolicyFileOption policyFile, Map<String, String> environment,
      StepPrinter printer) {
    StepFormat stepFormat = parse(spec, format.format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      out.print(printer.print(policyFile.load(environment), stepFormat, err));
      return 0;
    } catch (PolicyException e) {
      e.problems().stream().map(Problem::text).forEach(err::println);
      return Main.EXIT_INVALID;
    } catch (IllegalArgumentException e) {
      err.println(spec.name() + ": " + e.getMessage());
      return Main.EXIT_INVALID;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
