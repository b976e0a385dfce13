package dev.autobind.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One existing resource that discovery found, named by its project <em>id</em> (never its number), so
 * the policy's project scope can be checked before anything is published. Its parts pass the same naming
 * rules intake applies ({@link NamingRules} and the kind's own), so what backfill hands on intake accepts.
 */
public record FoundResource(ResourceKind kind, String project, String location, String name) {

  /** The {@code schema} of every backfill message; the function's intake accepts exactly this. */
  public static final String SCHEMA = "autobind.backfill/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  public FoundResource {
    Objects.requireNonNull(kind, "kind");
    check(project, NamingRules::isProjectId, "project id");
    check(location, NamingRules::isLocation, "location");
    check(name, id -> named(kind, project, location, id), kind.collection() + " name");
  }

  /** The full resource name, {@code //SERVICE/projects/P/locations/L/COLLECTION/ID}. */
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

  /** Whether the kind's own naming rules, the ones intake applies, accept {@code id}. */
  private static boolean named(ResourceKind kind, String project, String location, String id) {
    try {
      kind.fromRelativeName(ResourceRef.of(kind, project, location, id).name().relative(), "name");
      return true;
    } catch (InvalidField e) {
      return false;
    }
  }

  private static void check(String value, Predicate<String> rule, String what) {
    Objects.requireNonNull(value, what);
    if (!rule.test(value)) {
      throw new IllegalArgumentException(Echo.quoted(value) + " is not a valid " + what);
    }
  }
}
