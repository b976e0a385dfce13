package dev.autobind.backfill;

import com.google.pubsub.v1.TopicName;
import dev.autobind.kind.KindRegistry;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.PolicyFile;
import dev.autobind.policy.Trigger;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the function's scheduled reconcile runs: where it fans out to (its own backfill topic, and only that
 * one) and the invocation timeout its deadline is set from.
 *
 * @param fanOut opens a sender to the backfill topic (a Pub/Sub deployment's); empty reconciles the whole scope
 *     in one invocation
 * @param timeout {@code function.timeoutSeconds}, or the platform's default
 */
public record ReconcileSetup(Optional<Supplier<PubsubTopicSender>> fanOut, Duration timeout) {
  /** No fan-out: the whole scope in the invocation that asked, as a function without a backfill topic runs it. */
  public static final ReconcileSetup IN_PROCESS = new ReconcileSetup(Optional.empty(), ScheduledReconcile.DEFAULT_TIMEOUT);

  public ReconcileSetup {
    Objects.requireNonNull(fanOut, "fanOut");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * From function.yaml's {@code function:} section (located as the function locates it): its backfill topic
   * when the file names one, on the Pub/Sub emulator when {@code PUBSUB_EMULATOR_HOST} is set.
   */
  public static ReconcileSetup fromEnvironment(Map<String, String> env, KindRegistry kinds) {
    Optional<FunctionConfig> function = PolicyFile.load(PolicyFile.locate(Optional.empty(), env), kinds).function();
    return of(function, Optional.ofNullable(env.get(PubsubTopicSender.EMULATOR_HOST_VARIABLE))
        .map(String::trim).filter(host -> !host.isEmpty()));
  }

  /** For {@code function}, publishing on the emulator at {@code emulatorHost} when one is given. */
  public static ReconcileSetup of(Optional<FunctionConfig> function, Optional<String> emulatorHost) {
    // Only a Pub/Sub deployment has a backfill topic that triggers the function.
    Optional<FunctionConfig> subscribed = function.filter(f -> f.trigger() == Trigger.PUBSUB);
    Optional<TopicName> topic = BackfillArguments.topic(subscribed.map(FunctionConfig::project),
        subscribed.flatMap(f -> f.access().backfillTopic()));
    Duration timeout = function.flatMap(f -> f.timeoutSeconds().isPresent()
        ? Optional.of(Duration.ofSeconds(f.timeoutSeconds().getAsInt())) : Optional.empty())
        .orElse(ScheduledReconcile.DEFAULT_TIMEOUT);
    return new ReconcileSetup(topic.map(t -> () -> PubsubTopicSender.open(t, emulatorHost, PublishSettings.defaults())),
        timeout);
  }
}
