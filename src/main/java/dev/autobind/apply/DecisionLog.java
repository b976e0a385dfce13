package dev.autobind.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.Intake;
import dev.autobind.event.IntakeJson;
import dev.autobind.event.Outcome;
import dev.autobind.plan.BindingChange;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes each decision as one JSON line. Cloud Logging reads {@code severity}, {@code message} and
 * {@code logging.googleapis.com/labels} from it; the rest lands in the entry's jsonPayload.
 */
public final class DecisionLog {
  static final String LABELS = "logging.googleapis.com/labels";
  static final String TRACE = "logging.googleapis.com/trace";
  private static final int MAX_EVENT_ID_CHARS = 256;

  private final PrintStream out;

  public DecisionLog(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Writes the decision as one line and flushes, so the record survives an instance being stopped. */
  public void write(Decision decision) {
    out.println(render(decision));
    out.flush();
  }

  /** The decision as one line of JSON, without a line break. */
  public static String render(Decision decision) {
    return IntakeJson.line(toJson(decision));
  }

  // The id of an event rejected as invalid can be anything; keep the record's size bounded.
  static String bounded(String eventId) {
    return eventId.length() <= MAX_EVENT_ID_CHARS ? eventId : eventId.substring(0, MAX_EVENT_ID_CHARS) + "...";
  }

  /**
   * The decision record as a JSON object: severity, message and labels first, then the outcome and the intake, then
   * what was done. Every field is written here once, or by the one intake writer this calls; nothing is
   * overwritten, so no two writers can disagree about a field.
   */
  public static ObjectNode toJson(Decision decision) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("severity", decision.outcome().severity().name());
    json.put("message", decision.message());
    ObjectNode labels = json.putObject(LABELS);
    new TreeMap<>(decision.labels()).forEach(labels::put);
    decision.trace().ifPresent(t -> json.put(TRACE, t));
    IntakeJson.writeTo(decision.outcome(), decision.intake(), Optional.of(bounded(decision.eventId())), json);
    decision.error().ifPresent(e -> json.put("error", e));
    decision.applied().ifPresent(result -> writeResult(result, json));
    changeOf(decision.intake()).ifPresent(change -> json.put("changedBy", change.principal().orElse(null))
        .put("changedAt", change.time().map(Instant::toString).orElse(null)));
    if (decision.outcome() == Outcome.REPAIRED && decision.intake() instanceof Intake.IamPolicyChanged) {
      writeRestored(decision, json);
    }
    decision.duration().ifPresent(d -> json.put("durationMs", d.toMillis()));
    return json;
  }

  /** Who changed what a drift record is about, and when. */
  private record Change(Optional<String> principal, Optional<Instant> time) {}

  private static Optional<Change> changeOf(Intake intake) {
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return Optional.of(new Change(changed.change().principal(), changed.change().time()));
    }
    if (intake instanceof Intake.KubernetesObjectChanged changed) {
      return Optional.of(new Change(changed.change().principal(), changed.change().time()));
    }
    return Optional.empty();
  }

  /** What the apply stage did: the reason, the account, each target's bindings, retries and API calls. */
  private static void writeResult(ApplyResult result, ObjectNode json) {
    json.put("reason", result.reason());
    json.put("dryRun", result.dryRun());
    result.plan().ifPresent(plan -> {
      json.putObject("serviceAccount")
          .put("email", plan.serviceAccount().email())
          .put("status", result.account().id());
      ArrayNode skipped = json.putArray("skipped");
      plan.skipped().forEach(s -> skipped.addObject().put("rule", s.rule()).put("reason", s.reason()));
    });
    ArrayNode targets = json.putArray("targets");
    for (ApplyResult.TargetResult target : result.targets()) {
      ObjectNode node = targets.addObject().put("target", target.target().fullName()).put("status", target.status().id());
      ArrayNode added = node.putArray("added");
      target.added().forEach(b -> writeBinding(b, added.addObject()));
      target.error().ifPresent(e -> node.put("error", e));
    }
    if (!result.clusterObjects().isEmpty()) {
      ArrayNode objects = json.putArray("kubernetes");
      for (ApplyResult.ObjectResult object : result.clusterObjects()) {
        ObjectNode node = objects.addObject().put("object", object.object()).put("status", object.status().id());
        object.detail().ifPresent(d -> node.put("detail", d));
      }
    }
    json.put("retries", result.retries());
    json.putObject("apiCalls").put("reads", result.calls().reads()).put("writes", result.calls().writes());
  }

  /** For {@code repaired}: each binding put back, with the policy it was put back on. */
  private static void writeRestored(Decision decision, ObjectNode json) {
    ArrayNode restored = json.putArray("restored");
    decision.applied().ifPresent(result -> result.targets().forEach(t -> t.added().forEach(
        b -> writeBinding(b, restored.addObject().put("target", t.target().fullName())))));
  }

  private static void writeBinding(BindingChange binding, ObjectNode node) {
    node.put("role", binding.role()).put("member", binding.member()).put("rule", binding.rule());
    binding.condition().ifPresentOrElse(
        c -> node.putObject("condition").put("title", c.title()).put("expression", c.expression()),
        () -> node.putNull("condition"));
  }
}
