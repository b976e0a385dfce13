package dev.autobind.kind;

import static dev.autobind.kind.NamingRules.shown;

import com.google.events.cloud.audit.v1.AuditLog;
import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the name of a located resource ({@code projects/P/locations/L/COLLECTION/ID}) from every place
 * a creation's audit entry may carry it, checks each against the kind's naming rules, and refuses the
 * entry when two of them disagree. The places, in order of trust: {@code protoPayload.resourceName}
 * (the location or the resource), the request's {@code parent} and id field, {@code operation.id} and
 * {@code response.name} (an operation under the resource or its location, or the resource itself), and
 * {@code response.metadata.target} (the target of a Cloud TPU operation).
 */
public final class EntryNames {

  private static final Pattern LOCATION = Pattern.compile("projects/([^/]*)/locations/([^/]*)");
  private static final Pattern LOCATION_OPERATION = Pattern.compile(LOCATION.pattern() + "/operations/[^/]*");

  /**
   * How one kind's resources are named.
   *
   * @param api the API as messages name it, e.g. {@code Vertex AI}
   * @param noun one resource, e.g. {@code persistent resource}
   * @param requestId the request field that carries the id the caller chose, e.g. {@code persistentResourceId}
   * @param location the location rule ({@link NamingRules#region} or {@link NamingRules#zone})
   * @param id the API's rule for the resource's own id
   * @param idRule that rule in words, for the message that refuses an id
   */
  public record Rules(String api, String noun, String requestId, BinaryOperator<String> location, Pattern id,
      String idRule) {

    /** The id, or {@link InvalidField} at {@code field} when it breaks the rule. */
    String id(String value, String field) {
      if (id.matcher(value).matches()) {
        return value;
      }
      throw new InvalidField(field, noun + " id " + shown(value) + " breaks the " + api + " naming rules ("
          + idRule + ")");
    }
  }

  /** A kind and its rules, with the patterns of its names. */
  private record Shape(ResourceKind kind, Rules rules, Pattern resource, Pattern resourceOrOperation) {

    Shape(ResourceKind kind, Rules rules) {
      this(kind, rules, pattern(kind, ""), pattern(kind, "(?:/operations/[^/]*)?"));
    }

    private static Pattern pattern(ResourceKind kind, String operation) {
      return Pattern.compile("projects/([^/]*)/locations/([^/]*)/" + Pattern.quote(kind.collection()) + "/([^/]*)"
          + operation);
    }

    String withArticle() {
      return (rules.noun().matches("[aeiou].*") ? "an " : "a ") + rules.noun();
    }

    Named located(String project, String location, Optional<String> id, String field) {
      return new Named(Optional.of(NamingRules.project(project, field)),
          Optional.of(rules.location().apply(location, field)), id.map(i -> rules.id(i, field)), field);
    }
  }

  /** One place that names some of project, location and id; empty parts it does not name. */
  private record Named(Optional<String> project, Optional<String> location, Optional<String> id, String field) {}

  private EntryNames() {}

  /** The resource the entry names; {@code field} is where the LogEntry sits, e.g. {@code data}. */
  public static ResourceRef read(ResourceKind kind, Rules rules, LogEntryData entry, String field) {
    Shape shape = new Shape(kind, rules);
    List<Named> named = namesIn(shape, entry, field);
    String resourceField = field + ".protoPayload.resourceName";
    Named id = named.stream().filter(n -> n.id().isPresent()).findFirst().orElseThrow(() -> new InvalidField(
        resourceField, "names no " + rules.noun() + ", and neither the request, operation.id nor the response"
            + " names one"));
    Named location = named.stream().filter(n -> n.location().isPresent()).findFirst().orElseThrow(() ->
        new InvalidField(resourceField, "names no location, and neither the request nor the operation names one"));
    String project = project(rules, entry, named, field);
    for (Named other : named) {
      agree(rules, other, id, location, project);
    }
    return ResourceRef.of(kind, project, location.location().orElseThrow(), id.id().orElseThrow());
  }

  /** A relative name as a backfill message carries it, e.g. {@code projects/P/locations/L/nodes/N}. */
  public static ResourceRef relative(ResourceKind kind, Rules rules, String relativeName, String field) {
    Shape shape = new Shape(kind, rules);
    Matcher m = shape.resource().matcher(relativeName);
    if (!m.matches()) {
      throw new InvalidField(field, shown(relativeName) + " is not a " + rules.api() + " " + rules.noun()
          + " name (projects/P/locations/L/" + kind.collection() + "/ID)");
    }
    Named named = shape.located(m.group(1), m.group(2), Optional.of(m.group(3)), field);
    return ResourceRef.of(kind, named.project().orElseThrow(), named.location().orElseThrow(), named.id().orElseThrow());
  }

  private static List<Named> namesIn(Shape shape, LogEntryData entry, String field) {
    AuditLog log = entry.getProtoPayload();
    String payload = field + ".protoPayload";
    String idField = payload + ".request." + shape.rules().requestId();
    List<Named> named = new ArrayList<>();
    resourceName(shape, log.getResourceName(), payload + ".resourceName").ifPresent(named::add);
    string(log.getRequest(), "parent", payload + ".request.parent")
        .map(parent -> parent(shape, parent, payload + ".request.parent")).ifPresent(named::add);
    string(log.getRequest(), shape.rules().requestId(), idField)
        .map(id -> new Named(Optional.empty(), Optional.empty(), Optional.of(shape.rules().id(id, idField)), idField))
        .ifPresent(named::add);
    operationOrResource(shape, entry.getOperation().getId(), field + ".operation.id").ifPresent(named::add);
    string(log.getResponse(), "name", payload + ".response.name")
        .flatMap(name -> operationOrResource(shape, name, payload + ".response.name")).ifPresent(named::add);
    struct(log.getResponse(), "metadata", payload + ".response.metadata")
        .flatMap(m -> string(m, "target", payload + ".response.metadata.target"))
        .flatMap(target -> operationOrResource(shape, target, payload + ".response.metadata.target"))
        .ifPresent(named::add);
    return named;
  }

  /** resourceName must name the location or the resource; anything else there is not trusted. */
  private static Optional<Named> resourceName(Shape shape, String name, String field) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Matcher location = LOCATION.matcher(name);
    if (location.matches()) {
      return Optional.of(shape.located(location.group(1), location.group(2), Optional.empty(), field));
    }
    Matcher resource = shape.resource().matcher(name);
    if (!resource.matches()) {
      throw new InvalidField(field, shown(name) + " is neither a " + shape.rules().api() + " location nor "
          + shape.withArticle() + " name (projects/P/locations/L[/" + shape.kind().collection() + "/ID])");
    }
    return Optional.of(shape.located(resource.group(1), resource.group(2), Optional.of(resource.group(3)), field));
  }

  private static Named parent(Shape shape, String parent, String field) {
    Matcher m = LOCATION.matcher(parent);
    if (!m.matches()) {
      throw new InvalidField(field, shown(parent) + " is not a " + shape.rules().api()
          + " location (projects/P/locations/L)");
    }
    return shape.located(m.group(1), m.group(2), Optional.empty(), field);
  }

  /**
   * The resource, an operation under it, or an operation under its location. Other shapes (a bare
   * operation id, another collection) name nothing here: they are not where this kind's name is kept.
   */
  private static Optional<Named> operationOrResource(Shape shape, String name, String field) {
    Matcher resource = shape.resourceOrOperation().matcher(name);
    if (resource.matches()) {
      return Optional.of(shape.located(resource.group(1), resource.group(2), Optional.of(resource.group(3)), field));
    }
    Matcher location = LOCATION_OPERATION.matcher(name);
    if (location.matches()) {
      return Optional.of(shape.located(location.group(1), location.group(2), Optional.empty(), field));
    }
    return Optional.empty();
  }

  /** The project id from the resource labels, else from the first name that carries an id, else a number. */
  private static String project(Rules rules, LogEntryData entry, List<Named> named, String field) {
    String label = entry.getResource().getLabelsMap().getOrDefault("project_id", "");
    if (!label.isEmpty()) {
      return NamingRules.project(label, field + ".resource.labels.project_id");
    }
    List<String> projects = named.stream().flatMap(n -> n.project().stream()).toList();
    return projects.stream().filter(p -> !isNumber(p)).findFirst().or(() -> projects.stream().findFirst())
        .orElseThrow(() -> new InvalidField(field + ".resource.labels.project_id",
            "missing, and no name in the entry names the " + rules.noun() + "'s project"));
  }

  private static void agree(Rules rules, Named other, Named id, Named location, String project) {
    if (other.location().isPresent() && !other.location().equals(location.location())) {
      throw new InvalidField(other.field(), "location " + shown(other.location().orElseThrow())
          + " disagrees with " + shown(location.location().orElseThrow()) + " in " + location.field());
    }
    if (other.id().isPresent() && !other.id().equals(id.id())) {
      throw new InvalidField(other.field(), rules.noun() + " id " + shown(other.id().orElseThrow())
          + " disagrees with " + shown(id.id().orElseThrow()) + " in " + id.field());
    }
    Optional<String> otherProject = other.project().filter(p -> !isNumber(p));
    if (otherProject.isPresent() && !isNumber(project) && !otherProject.get().equals(project)) {
      throw new InvalidField(other.field(), "project " + shown(otherProject.get())
          + " disagrees with the entry's project " + shown(project));
    }
  }

  /** {@code projects/P/locations/L/...} -> {@code L}, for a name an API returned. */
  public static String locationOf(String resource) {
    String[] parts = resource.split("/");
    if (parts.length < 4 || !"locations".equals(parts[2])) {
      throw new IllegalArgumentException("not a located resource name: " + resource);
    }
    return parts[3];
  }

  /** The string at {@code key}, empty when absent or null; {@link InvalidField} at {@code field} for another type. */
  public static Optional<String> string(Struct struct, String key, String field) {
    Value value = struct.getFieldsMap().get(key);
    if (value == null || value.hasNullValue()) {
      return Optional.empty();
    }
    if (!value.hasStringValue()) {
      throw new InvalidField(field, "expected a string, got " + describe(value));
    }
    return Optional.of(value.getStringValue());
  }

  private static Optional<Struct> struct(Struct struct, String key, String field) {
    Value value = struct.getFieldsMap().get(key);
    if (value == null || value.hasNullValue()) {
      return Optional.empty();
    }
    if (!value.hasStructValue()) {
      throw new InvalidField(field, "expected an object, got " + describe(value));
    }
    return Optional.of(value.getStructValue());
  }

  private static String describe(Value value) {
    return switch (value.getKindCase()) {
      case NUMBER_VALUE -> "a number";
      case BOOL_VALUE -> "a boolean";
      case STRUCT_VALUE -> "an object";
      case LIST_VALUE -> "an array";
      case STRING_VALUE -> "a string";
      default -> value.getKindCase().name().toLowerCase(Locale.ROOT);
    };
  }

  private static boolean isNumber(String project) {
    return !project.isEmpty() && project.chars().allMatch(Character::isDigit);
  }
}
