package dev.autobind.cli;

import dev.autobind.deploy.StepFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads the {@code --format} option of the deployment commands. */
final class Formats {

  private Formats() {}

  static StepFormat parse(CommandSpec spec, String format) {
    return switch (format) {
      case "shell" -> StepFormat.SHELL;
      case "tsv" -> StepFormat.TSV;
      default -> throw new ParameterException(spec.commandLine(),
          "--format: " + format.replaceAll("\\p{Cntrl}", "?") + " is not a format; use shell or tsv");
    };
  }
}
