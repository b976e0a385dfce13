package dev.autobind.deploy;

import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that deliver retained events again: find the function's trigger subscription and seek it.
 * Pure: it builds commands and runs none.
 */
public final class ReplayPlanner {

  private ReplayPlanner() {}

  /**
   * The replay steps for a function deployed in pubsub mode.
   *
   * @throws IllegalArgumentException in eventarc mode, whose trigger subscriptions keep no delivered events
   */
  public static List<Step> plan(FunctionConfig fn, Seek seek) {
    if (fn.trigger() != Trigger.PUBSUB) {
      throw new IllegalArgumentException("function.trigger is " + fn.trigger().id()
          + ": replay needs trigger: pubsub, whose subscription keeps delivered events;"
          + " in eventarc mode, use backfill to process existing resources again");
    }
    List<Step> steps = new ArrayList<>(TriggerLookup.steps(fn));
    steps.add(Step.always("seek the trigger subscription " + (seek instanceof Seek.Time ? "to " : "to snapshot ")
            + seek.flag().substring(seek.flag().indexOf('=') + 1),
        "Messages after that point are delivered again; autobind is idempotent, so compliant resources stay as they are.",
        Command.of(List.of(Arg.of("gcloud"), Arg.of("pubsub"), Arg.of("subscriptions"), Arg.of("seek"),
            Arg.of("", Variable.TRIGGER_SUBSCRIPTION, ""), Arg.of(seek.flag()), Arg.of("--project=" + fn.project())))));
    return List.copyOf(steps);
  }
}
