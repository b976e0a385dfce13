package dev.autobind.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.event.InvalidField;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One existing resource that discovery found, named by its project <em>id</em> (never its number), so
 * the policy's project scope can be checked before anything is published.
 */
public record FoundResource(ResourceKind kind, String project, String location, String name) {

  /** The {@code schema} of every backfill message; the function's intake accepts exactly this. */
  public static final String SCHEMA = "autobind.backfill/v1";

  static final Pattern PROJECT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");
  private static final Pattern LOCATION = Pattern.compile("[a-z][-a-z0-9]{0,62}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public FoundResource {
    Objects.requireNonNull(kind, "kind");
    check(project, PROJECT_ID, "project id");
    check(location, LOCATION, "location");
    Objects.requireNonNull(name, kind.collection() + " name");
    checkName(kind, project, location, name);
  }

  /** The full resource name, e.g. {@code //container.googleapis.com/projects/P/locations/L/clusters/C}. */
  public String fullName() {
    return ref().name().full();
  }

  /** The resource as the applier takes it. */
  public ResourceRef ref() {
    return ResourceRef.of(kind, project, location, name);
  }

  /** The backfill message, {@code {"schema":"autobind.backfill/v1","resource":"<full name>"}}. */
  public String message() {
    ObjectNode message = JSON.createObjectNode().put("schema", SCHEMA).put("resource", fullName());
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the backfill message for " + fullName(), e);
    }
  }

  /** The name by its kind's own rules, the ones intake applies to the backfill message. */
  private static void checkName(ResourceKind kind, String project, String location, String name) {
    try {
      kind.fromRelativeName(ResourceRef.of(kind, project, location, name).name().relative(), "resource");
    } catch (InvalidField e) {
      throw new IllegalArgumentException(Shown.quoted(name) + " is not a valid " + kind.collection() + " name", e);
    }
  }

  private static void check(String value, Pattern rule, String what) {
    Objects.requireNonNull(value, what);
    if (!rule.matcher(value).matches()) {
      throw new IllegalArgumentException(Shown.quoted(value) + " is not a valid " + what);
    }
  }
}
