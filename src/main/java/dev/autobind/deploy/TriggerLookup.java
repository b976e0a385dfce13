package dev.autobind.deploy;

import dev.autobind.policy.FunctionConfig;
import java.util.List;

/** The steps that find the Pub/Sub subscription behind a deployed function's trigger. */
final class TriggerLookup {

  private TriggerLookup() {}

  /**
   * Two lookups: the function names its Eventarc trigger ({@code eventTrigger.trigger}), and the
   * trigger names the subscription Eventarc made for it ({@code transport.pubsub.subscription}).
   */
  static List<Step> steps(FunctionConfig fn) {
    return List.of(
        Step.always("find the trigger of function " + fn.name(),
            "Cloud Functions made an Eventarc trigger for the function; its name is only known after deploying.",
            Command.of("gcloud", "functions", "describe", fn.name(), "--gen2", "--region=" + fn.region(),
                "--project=" + fn.project(), "--format=value(eventTrigger.trigger)").into(Variable.FUNCTION_TRIGGER))
            .undoneWithout("a lookup"),
        Step.always("find the subscription of that trigger",
            "Eventarc delivers through a Pub/Sub subscription of its own (eventarc-REGION-NAME-NNN-sub-NNN).",
            Command.of(List.of(Arg.of("gcloud"), Arg.of("eventarc"), Arg.of("triggers"), Arg.of("describe"),
                Arg.of("", Variable.FUNCTION_TRIGGER, ""), Arg.of("--format=value(transport.pubsub.subscription)")))
                .into(Variable.TRIGGER_SUBSCRIPTION)).undoneWithout("a lookup"));
  }
}
