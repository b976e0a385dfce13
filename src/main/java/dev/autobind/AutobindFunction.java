package dev.autobind;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.apply.KindPlugins;
import com.google.cloud.functions.CloudEventsFunction;
import dev.autobind.apply.Decision;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.Invocation;
import dev.autobind.backfill.ReconcileSetup;
import dev.autobind.reconcile.Dispatch;
import dev.autobind.event.EventDecoder;
import io.cloudevents.CloudEvent;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Function entry point, wiring only: decode, apply, log one decision record. Bad input
 * never throws, since a redelivery cannot fix it; a transient failure throws, so the platform
 * redelivers the event. A scheduled reconcile of the whole scope never throws: it retries within the run, and
 * the next run picks up what still failed; a project message of the fan-out throws when some failure may
 * pass by itself, so Pub/Sub delivers that project again.
 */
public final class AutobindFunction implements CloudEventsFunction {
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

  private final Optional<String> traceProject;
  /** Built once per instance: decode, admit, map, reconcile or repair, record. */
  private final Invocation dispatcher;

  /**
   * The constructor the Functions Framework calls. It loads function.yaml now, so a bad policy stops
   * the instance from starting (and the deployment from going live) instead of failing every event.
   */
  public AutobindFunction() {
    this(System.getenv());
  }

  AutobindFunction(Map<String, String> env) {
    this(env, ShippedKinds.plugins());
  }

  private AutobindFunction(Map<String, String> env, KindPlugins kinds) {
    this(new EventDecoder(kinds.registry()), fixed(PolicyApplier.fromEnvironment(env, kinds)),
        new DecisionLog(System.out), Optional.ofNullable(env.get("GOOGLE_CLOUD_PROJECT")),
        ReconcileSetup.fromEnvironment(env, kinds.registry()));
  }

  AutobindFunction(EventDecoder decoder, Supplier<PolicyApplier> engine, DecisionLog log, Optional<String> traceProject) {
    this(decoder, engine, log, traceProject, ReconcileSetup.IN_PROCESS);
  }

  AutobindFunction(EventDecoder decoder, Supplier<PolicyApplier> engine, DecisionLog log, Optional<String> traceProject,
      ReconcileSetup reconcile) {
    Objects.requireNonNull(log, "log");
    this.traceProject = Objects.requireNonNull(traceProject, "traceProject");
    this.dispatcher = Dispatch.of(Objects.requireNonNull(decoder, "decoder"), Objects.requireNonNull(engine, "engine"),
        log::write, Objects.requireNonNull(reconcile, "reconcile"));
  }

  @Override
  public void accept(CloudEvent event) {
    Decision decision = dispatcher.handle(event, trace(event));
    if (decision.outcome().redelivered()) {
      throw new RedeliveryRequested(decision.message());
    }
  }

  /** Cloud Logging's trace name from the W3C {@code traceparent} extension Eventarc sets. */
  private Optional<String> trace(CloudEvent event) {
    Object parent = event.getExtension("traceparent");
    if (parent == null || traceProject.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = TRACEPARENT.matcher(parent.toString());
    return m.matches() ? Optional.of("projects/" + traceProject.get() + "/traces/" + m.group(1)) : Optional.empty();
  }

  private static Supplier<PolicyApplier> fixed(PolicyApplier engine) {
    return () -> engine;
  }

  /**
   * Thrown for a transient failure, so the platform delivers the event again. It carries no stack trace:
   * the invoker logs whatever a function throws at SEVERE with its trace, and the decision record already
   * says what failed, so the log gets one line with the cause instead of some 30 lines of frames.
   */
  static final class RedeliveryRequested extends RuntimeException {
    RedeliveryRequested(String message) {
      super(message, null, false, false);
    }
  }
}
