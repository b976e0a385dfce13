package dev.autobind.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/** The one JSON rendering of an {@link Intake}, shared by the {@code decode} command and the decision log. */
public final class IntakeJson {
  // Non-ASCII is escaped so that one line stays one line, whatever the reader's charset.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  private IntakeJson() {}

  /**
   * The intake as one JSON object, as {@code decode} prints it: {@code outcome}, then the event's fields (its own
   * {@code eventId} among them), the reason or the error.
   */
  public static ObjectNode toJson(Intake intake) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    writeTo(intake.outcome(), intake, ownEventId(intake), json);
    return json;
  }

  /**
   * Adds {@code outcome}, then the intake's fields, to {@code target}, each field once: the one writer of these
   * fields for {@code decode} and the decision record alike. {@code eventId}, when given, stands where an event's
   * own fields end (before a policy change's deltas), or after the reason, error or project of any other intake.
   */
  public static void writeTo(Outcome outcome, Intake intake, Optional<String> eventId, ObjectNode target) {
    target.put("outcome", outcome.id());
    if (intake instanceof Intake.Resource resource) {
      writeEvent(resource.event(), target);
    } else if (intake instanceof Intake.IamPolicyChanged changed) {
      writeChange(changed.change(), target);
    } else if (intake instanceof Intake.KubernetesObjectChanged changed) {
      writeObjectChange(changed.change(), target);
    } else if (intake instanceof Intake.Reconcile reconcile) {
      reconcile.project().ifPresent(project -> target.put("project", project));
    } else if (intake instanceof Intake.Ignored ignored) {
      target.put("reason", ignored.reason());
    } else if (intake instanceof Intake.Invalid invalid) {
      target.put("error", invalid.message());
    }
    eventId.ifPresent(id -> target.put("eventId", id));
    if (intake instanceof Intake.IamPolicyChanged changed) {
      writeDeltas(changed.change(), target);
    }
  }

  /** The id {@code decode} shows: the one an event carries; a reconcile request, ignored or invalid intake shows none. */
  private static Optional<String> ownEventId(Intake intake) {
    return intake instanceof Intake.Reconcile ? Optional.empty() : intake.deliveryId();
  }

  /** The intake as one line of JSON, without a line break. */
  public static String line(Intake intake) {
    return line(toJson(intake));
  }

  /** Any JSON object as one line, written the way intake lines are. */
  public static String line(ObjectNode json) {
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
    }
  }

  private static void writeChange(IamChange change, ObjectNode target) {
    target.put("kind", change.target().id())
        .put("project", change.target().project())
        .put("resource", change.target().fullName())
        .put("method", change.method())
        .put("principal", change.principal().orElse(null))
        .put("path", change.path().id())
        .put("time", change.time().map(Instant::toString).orElse(null));
  }

  private static void writeDeltas(IamChange change, ObjectNode target) {
    ArrayNode deltas = target.putArray("deltas");
    for (BindingDelta delta : change.deltas()) {
      ObjectNode node = deltas.addObject().put("action", delta.action().name()).put("role", delta.role())
          .put("member", delta.member());
      delta.condition().ifPresentOrElse(
          c -> node.putObject("condition").put("title", c.getTitle()).put("expression", c.getExpression()),
          () -> node.putNull("condition"));
    }
  }

  private static void writeObjectChange(KubernetesChange change, ObjectNode target) {
    target.put("kind", change.cluster().kind().id())
        .put("project", change.cluster().name().project())
        .put("resource", change.cluster().name().full())
        .put("object", change.object())
        .put("verb", change.verb())
        .put("method", change.method())
        .put("principal", change.principal().orElse(null))
        .put("path", change.path().id())
        .put("time", change.time().map(Instant::toString).orElse(null));
  }

  private static void writeEvent(ResourceEvent event, ObjectNode target) {
    target.put("kind", event.kind().id())
        .put("project", event.project())
        .put("location", event.location())
        .put("name", event.name())
        .put("phase", event.phase().id())
        .put("resource", event.resource())
        .put("method", event.method())
        .put("principal", event.principal().orElse(null))
        .put("path", event.path().id())
        .put("time", event.time().map(Instant::toString).orElse(null));
  }
}
