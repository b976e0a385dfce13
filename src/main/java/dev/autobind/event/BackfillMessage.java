package dev.autobind.event;

import static dev.autobind.event.NamingRules.shown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * autobind's own backfill message, {@code {"schema":"autobind.backfill/v1","resource":"//service/..."}},
 * published once per existing resource; the resource is a full name as Cloud Asset Inventory spells it.
 */
final class BackfillMessage {
  static final String SCHEMA = "autobind.backfill/v1";

  private BackfillMessage() {}

  /** A message with a {@code schema} field is a backfill message; an audit LogEntry has none. */
  static boolean isBackfill(ObjectNode json) {
    return json.has("schema");
  }

  static Intake.Resource read(ObjectNode json, String field, Delivery delivery) {
    String schema = text(json, "schema", field);
    if (!schema.equals(SCHEMA)) {
      throw new InvalidField(field + ".schema", "unknown schema " + shown(schema) + ", expected " + SCHEMA);
    }
    ResourceId id = resource(text(json, "resource", field), field + ".resource");
    return new Intake.Resource(new ResourceEvent(id.kind(), id.project(), id.location(), id.name(),
        Phase.NONE, id.fullName(), SCHEMA, Optional.empty(), delivery.time(), delivery.path(),
        delivery.eventId()));
  }

  private static ResourceId resource(String fullName, String field) {
    int slash = fullName.indexOf('/', 2);
    if (!fullName.startsWith("//") || slash < 0) {
      throw new InvalidField(field, shown(fullName) + " is not a full resource name (//service/projects/...)");
    }
    String service = fullName.substring(2, slash);
    KindExtractor kind = WatchedMethods.forService(service).orElseThrow(() -> new InvalidField(field,
        "service " + shown(service) + " is not watched (" + String.join(", ", WatchedMethods.services()) + ")"));
    return kind.fromRelativeName(fullName.substring(slash + 1), field);
  }

  private static String text(ObjectNode json, String key, String field) {
    JsonNode value = json.get(key);
    if (value == null || value.isNull()) {
      throw new InvalidField(field + "." + key, "missing");
    }
    if (!value.isTextual()) {
      throw new InvalidField(field + "." + key, "expected a string, got " + JsonInput.describe(value));
    }
    return value.textValue();
  }
}
