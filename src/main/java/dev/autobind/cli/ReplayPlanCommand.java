package dev.autobind.cli;

import dev.autobind.deploy.DeployPlanner;
import dev.autobind.deploy.ReplayPlanner;
import dev.autobind.deploy.Seek;
import dev.autobind.deploy.Step;
import dev.autobind.policy.FunctionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay-plan}: prints the steps that seek the function's trigger subscription back. */
@Command(name = "replay-plan", mixinStandardHelpOptions = true,
    description = {
      "Prints the gcloud steps that deliver retained events to the function again: find its trigger"
          + " subscription, then seek it to a time or a snapshot. Needs trigger: pubsub. Runs nothing.",
      "The formats are those of deploy-plan."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:plan printed", "2:invalid input"})
final class ReplayPlanCommand implements Callable<Integer> {

  /** Exactly one place to seek to. */
  static final class Target {
    @Option(names = "--since", paramLabel = "TIME", required = true,
        description = "Deliver again every retained message published since TIME (RFC 3339, such as"
            + " 2026-11-26T07:00:00Z); at most as long ago as the subscription retains messages (7 days),"
            + " and not in the future.")
    String since;

    @Option(names = "--snapshot", paramLabel = "NAME", required = true,
        description = "Return the subscription to a snapshot made with gcloud pubsub snapshots create.")
    String snapshot;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Target target;

  @Mixin PolicyFileOption policyFile;

  @Mixin Formats.FormatOption format;

  @Spec CommandSpec spec;

  Map<String, String> environment = System.getenv();

  Clock clock = Clock.systemUTC();

  /** How far a clock may run ahead of Pub/Sub's before a time "now" counts as the future. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  @Override
  public Integer call() {
    return Formats.printSteps(spec, format, policyFile, environment, (file, stepFormat, err) -> {
      FunctionConfig fn = file.requireFunction();
      List<Step> steps = ReplayPlanner.plan(fn, seek());
      return stepFormat.render(steps, List.of("autobind replay from " + file.source() + ": function " + fn.name()
          + " in " + fn.project() + " (" + fn.region() + ").", "Run the lines in order in one bash shell."), List.of());
    });
  }

  private Seek seek() {
    if (target.since == null) {
      return new Seek.Snapshot(target.snapshot);
    }
    Seek.Time time = new Seek.Time(target.since);
    Instant since = OffsetDateTime.parse(target.since).toInstant();
    Instant now = clock.instant();
    if (since.isAfter(now.plus(CLOCK_SKEW))) {
      throw new IllegalArgumentException("--since " + target.since + " is in the future; nothing was published"
          + " after it yet");
    }
    Duration retention = retention();
    if (since.isBefore(now.minus(retention))) {
      throw new IllegalArgumentException("--since " + target.since + " is more than " + DeployPlanner.RETENTION
          + " ago, longer than the trigger subscription retains acknowledged messages (deploy.sh sets "
          + DeployPlanner.RETENTION + "); use backfill for older resources");
    }
    return time;
  }

  /** The retention the deploy plan sets on the trigger subscription, such as {@code 7d}. */
  static Duration retention() {
    String days = DeployPlanner.RETENTION;
    if (!days.matches("[1-9][0-9]*d")) {
      throw new IllegalStateException("the deploy plan's retention " + days + " is not a number of days");
    }
    return Duration.ofDays(Long.parseLong(days.substring(0, days.length() - 1)));
  }
}
