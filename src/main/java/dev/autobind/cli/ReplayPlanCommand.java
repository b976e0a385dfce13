package dev.autobind.cli;

import dev.autobind.deploy.ReplayPlanner;
import dev.autobind.deploy.Seek;
import dev.autobind.deploy.Step;
import dev.autobind.policy.FunctionConfig;
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
            + " 2026-11-26T07:00:00Z).")
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
    return target.since != null ? new Seek.Time(target.since) : new Seek.Snapshot(target.snapshot);
  }
}
