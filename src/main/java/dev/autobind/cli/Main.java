package dev.autobind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code java -jar autobind.jar COMMAND}. */
@Command(
    name = "autobind",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Applies the standard service account and IAM bindings to new GKE clusters and Vertex AI models.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DecodeCommand.class,
      ApplyCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      DeployPlanCommand.class,
      ReplayPlanCommand.class,
      BackfillCommand.class,
    })
public final class Main implements Runnable {

  /** Exit code for input that cannot be used: an invalid event or policy. */
  public static final int EXIT_INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; never calls System.exit. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"autobind " + (v == null ? "dev" : v)};
    }
  }
}
