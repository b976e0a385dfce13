package dev.autobind.apply;

import dev.autobind.event.Intake;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one invocation decided, as its decision record says: the outcome, how loudly to log it, a
 * one-line summary, and the intake it was decided from.
 *
 * @param eventId the id of the CloudEvent decided on, for correlation
 */
public record Decision(Outcome outcome, Severity severity, String message, Intake intake, String eventId) {

  /** How an invocation ended; the ids are what decision records and labels carry. */
  public enum Outcome {
    /** Intake found a watched resource (nothing applied yet). */
    RESOURCE("resource"),
    IGNORED("ignored"),
    INVALID("invalid");

    private final String id;

    Outcome(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** Cloud Logging severities, as read from the {@code severity} field. */
  public enum Severity { DEBUG, INFO, NOTICE, WARNING, ERROR }

  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The decision when intake is the only stage: INFO for a resource or an ignored event, ERROR for invalid. */
  public static Decision fromIntake(Intake intake, String eventId) {
    if (intake instanceof Intake.Resource resource) {
      return new Decision(Outcome.RESOURCE, Severity.INFO, "decoded " + resource.event().kind().id() + " "
          + resource.event().resource() + " (" + resource.event().phase().id() + ")", intake, eventId);
    }
    if (intake instanceof Intake.Ignored ignored) {
      return new Decision(Outcome.IGNORED, Severity.INFO, "ignored: " + ignored.reason(), intake, eventId);
    }
    Intake.Invalid invalid = (Intake.Invalid) intake;
    return new Decision(Outcome.INVALID, Severity.ERROR, "invalid event: " + invalid.message(), intake, eventId);
  }

  /** The {@code logging.googleapis.com/labels} of the record: few values, for filtering in Cloud Logging. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("autobind.outcome", outcome.id());
    if (intake instanceof Intake.Resource resource) {
      labels.put("autobind.kind", resource.event().kind().id());
      labels.put("autobind.project", resource.event().project());
    }
    return Map.copyOf(labels);
  }
}
