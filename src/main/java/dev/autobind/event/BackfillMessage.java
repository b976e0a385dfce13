package dev.autobind.event;

import static dev.autobind.kind.NamingRules.shown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.util.Optional;

/**
 * autobind's own backfill message, {@code {"schema":"autobind.backfill/v1","resource":"//service/..."}},
 * published once per existing resource; the resource is a full name as Cloud Asset Inventory spells it. The
 * reconcile variant, {@code {"schema":"autobind.backfill/v1","reconcile":"scheduled"}}, is what the scheduled
 * reconcile job publishes: it names no resource and no scope. The project variant,
 * {@code {"schema":"autobind.backfill/v1","reconcile":"project","project":"ID"}}, is what the reconcile fans
 * out to, one per governed project: the project is reconciled only if the function's own policy governs it.
 */
final class BackfillMessage {
  static final String SCHEMA = "autobind.backfill/v1";
  /** The one value of {@code reconcile}: the Cloud Scheduler job asked. */
  static final String SCHEDULED = "scheduled";
  /** The value of {@code reconcile} for one project, which {@code project} names. */
  static final String PROJECT = "project";

  private BackfillMessage() {}

  /** A message with a {@code schema} field is a backfill message; an audit LogEntry has none. */
  static boolean isBackfill(ObjectNode json) {
    return json.has("schema");
  }

  static Intake read(KindRegistry kinds, ObjectNode json, String field, Delivery delivery) {
    String schema = text(json, "schema", field);
    if (!schema.equals(SCHEMA)) {
      throw new InvalidField(field + ".schema", "unknown schema " + shown(schema) + ", expected " + SCHEMA);
    }
    if (json.has("reconcile")) {
      return reconcile(json, field, delivery);
    }
    ResourceRef ref = resource(kinds, text(json, "resource", field), field + ".resource");
    return new Intake.Resource(new ResourceEvent(ref, Phase.NONE, SCHEMA, Optional.empty(), delivery.time(),
        delivery.path(), delivery.eventId()));
  }

  private static Intake.Reconcile reconcile(ObjectNode json, String field, Delivery delivery) {
    String request = text(json, "reconcile", field);
    if (!request.equals(SCHEDULED) && !request.equals(PROJECT)) {
      throw new InvalidField(field + ".reconcile", "unknown reconcile request " + shown(request) + ", expected "
          + SCHEDULED + " or " + PROJECT);
    }
    if (json.has("resource")) {
      throw new InvalidField(field + ".resource", "a reconcile message names no resource; send one or the other");
    }
    if (request.equals(SCHEDULED)) {
      if (json.has("project")) {
        throw new InvalidField(field + ".project", "a scheduled reconcile names no project; send reconcile: "
            + PROJECT + " for one");
      }
      return new Intake.Reconcile(delivery.eventId());
    }
    String project = text(json, "project", field);
    if (!NamingRules.isProjectId(project)) {
      throw new InvalidField(field + ".project", "project " + shown(project) + " is not a project id (6 to 30"
          + " lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen)");
    }
    return new Intake.Reconcile(delivery.eventId(), Optional.of(project));
  }

  private static ResourceRef resource(KindRegistry kinds, String fullName, String field) {
    int slash = fullName.indexOf('/', 2);
    if (!fullName.startsWith("//") || slash < 0) {
      throw new InvalidField(field, shown(fullName) + " is not a full resource name (//service/projects/...)");
    }
    String service = fullName.substring(2, slash);
    String relative = fullName.substring(slash + 1);
    String[] parts = relative.split("/");
    ResourceKind kind = kinds.closest(service, parts.length > 4 ? parts[4] : "").orElseThrow(() -> new InvalidField(
        field, "service " + shown(service) + " is not watched (" + String.join(", ", kinds.services()) + ")"));
    return kind.fromRelativeName(relative, field);
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
