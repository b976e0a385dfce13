package dev.autobind.cli;

import dev.autobind.backfill.PublishSettings;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** Runs {@code backfill} in-process with a given environment, for tests outside this package. */
public final class BackfillCli {

  /** What one run printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  private BackfillCli() {}

  /**
   * Runs {@code backfill ARGS} as if {@code environment} were the process environment, with the given
   * publish settings, and {@code retryBackoff} between --direct's attempts.
   */
  public static Result run(Map<String, String> environment, PublishSettings settings, Duration retryBackoff,
      String... args) {
    String[] command = Stream.concat(Stream.of("backfill"), Stream.of(args)).toArray(String[]::new);
    CliRun run = CliRun.of(cl -> {
      BackfillCommand backfill = (BackfillCommand) cl.getSubcommands().get("backfill").getCommandSpec().userObject();
      backfill.environment = Map.copyOf(environment);
      backfill.publishSettings = settings;
      backfill.directBackoff = retryBackoff;
    }, command);
    return new Result(run.exitCode(), run.out(), run.err());
  }
}
