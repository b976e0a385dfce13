package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.iam.v1.Policy;
import com.google.protobuf.Message;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import com.google.rpc.Status;
import com.google.type.LatLng;
import dev.autobind.kind.InvalidField;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-shaped entries with one field changed: a wrong JSON type on each kind of field the reader checks (map,
 * enum, Struct, integer, Duration, Timestamp, message, list, boolean), a missing timestamp or method, a
 * service account named under another project, and a delta condition on both sides of its limit. Each gives
 * the one outcome stated, never the catch-all for an unexpected exception.
 */
class EventWrongTypesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String CREATE = "gke-create-first.eventarc.json";
  private static final String PROJECT_REMOVE = "iam-project-remove.eventarc.json";
  private static final String ACCOUNT_REMOVE = "iam-account-remove.eventarc.json";
  private static final String CONDITIONAL = "iam-project-conditional-remove.eventarc.json";
  private static final String ACCOUNT = "ml-trainer@demo-train.iam.gserviceaccount.com";
  private static final String ACCOUNT_CHANGE = "change //iam.googleapis.com/projects/demo-train/serviceAccounts/"
      + ACCOUNT + " by bob@example.com at 2026-11-20T10:00:00Z";
  private static final String PROJECT_CHANGE =
      "change //cloudresourcemanager.googleapis.com/projects/demo-train by bob@example.com at ";
  private static final String CONDITION = "/data/protoPayload/serviceData/policyDelta/bindingDeltas/0/condition";

  /** A fixture, one edit to its event JSON, and the outcome intake must give. */
  record Case(String name, String fixture, Consumer<ObjectNode> edit, String outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a map that is a list", CREATE, set("/data/resource/labels", NODES.arrayNode()),
            "invalid data.resource.labels: expected an object, got an array"),
        new Case("a map value that is a number", CREATE, set("/data/resource/labels/project_id", NODES.numberNode(5)),
            "invalid data.resource.labels.project_id: expected a string, got a number"),
        new Case("an enum that is a boolean", CREATE, set("/data/severity", NODES.booleanNode(true)),
            "invalid data.severity: expected an enum name, got a boolean"),
        new Case("an enum that is an object", CREATE, set("/data/severity", NODES.objectNode()),
            "invalid data.severity: expected an enum name, got an object"),
        new Case("a Struct that is a string", CREATE, set("/data/protoPayload/request", NODES.textNode("x")),
            "invalid data.protoPayload.request: expected an object, got a string"),
        new Case("an integer that is a boolean", PROJECT_REMOVE, set("/data/protoPayload/status/code", NODES.booleanNode(true)),
            "invalid data.protoPayload.status.code: expected an integer, got a boolean"),
        new Case("an integer that is an array", PROJECT_REMOVE, set("/data/protoPayload/status/code", NODES.arrayNode()),
            "invalid data.protoPayload.status.code: expected an integer, got an array"),
        new Case("a Timestamp that is a number", CREATE, set("/data/timestamp", NODES.numberNode(5)),
            "invalid data.timestamp: expected a string, got a number"),
        new Case("a Timestamp that is not RFC 3339", CREATE, set("/data/timestamp", NODES.textNode("yesterday")),
            "invalid data.timestamp: \"yesterday\" is not an RFC 3339 timestamp"),
        new Case("a message that is a string", CREATE, set("/data/protoPayload/authenticationInfo", NODES.textNode("bob")),
            "invalid data.protoPayload.authenticationInfo: expected an object, got a string"),
        new Case("a list that is an object", CREATE, set("/data/protoPayload/authorizationInfo", NODES.objectNode()),
            "invalid data.protoPayload.authorizationInfo: expected an array, got an object"),
        new Case("a boolean that is a string", CREATE, set("/data/operation/first", NODES.textNode("yes")),
            "invalid data.operation.first: expected a boolean, got a string"),
        new Case("a field under its proto name only, with the wrong type", CREATE,
            remove("/data/insertId").andThen(set("/data/insert_id", NODES.numberNode(5))),
            "invalid data.insert_id: expected a string, got a number"),
        new Case("an audit entry without a timestamp takes the delivery's time", PROJECT_REMOVE, remove("/data/timestamp"),
            PROJECT_CHANGE + "2026-11-20T10:00:01Z"),
        new Case("a timestamp keeps its nanoseconds", PROJECT_REMOVE,
            set("/data/timestamp", NODES.textNode("2026-11-20T10:00:00.123456789Z")),
            PROJECT_CHANGE + "2026-11-20T10:00:00.123456789Z"),
        new Case("an entry without a timestamp or a delivery time", PROJECT_REMOVE,
            remove("/data/timestamp").andThen(remove("/time")),
            "change //cloudresourcemanager.googleapis.com/projects/demo-train by bob@example.com at no time"),
        new Case("an audit entry without methodName", PROJECT_REMOVE, remove("/data/protoPayload/methodName"),
            "invalid data.protoPayload.methodName: missing"),
        new Case("an audit entry without protoPayload", CREATE, remove("/data/protoPayload"),
            "invalid data.protoPayload: missing"),
        new Case("a principal that is not an email is left out", PROJECT_REMOVE,
            set("/data/protoPayload/authenticationInfo/principalEmail", NODES.textNode("bob")),
            "change //cloudresourcemanager.googleapis.com/projects/demo-train by nobody at 2026-11-20T10:00:00Z"),
        new Case("a service account named under another project", ACCOUNT_REMOVE,
            set("/data/protoPayload/request/resource", NODES.textNode("projects/other-proj/serviceAccounts/" + ACCOUNT)),
            "invalid data.protoPayload.request.resource: project \"other-proj\" disagrees with the account's email,"
                + " which names project \"demo-train\""),
        new Case("a service account named under its own project", ACCOUNT_REMOVE,
            set("/data/protoPayload/request/resource", NODES.textNode("projects/demo-train/serviceAccounts/" + ACCOUNT)),
            ACCOUNT_CHANGE),
        new Case("a service account named under a project number", ACCOUNT_REMOVE,
            set("/data/protoPayload/request/resource", NODES.textNode("projects/123456789012/serviceAccounts/" + ACCOUNT)),
            ACCOUNT_CHANGE),
        new Case("a service account request.resource that is a number", ACCOUNT_REMOVE,
            set("/data/protoPayload/request/resource", NODES.numberNode(5)),
            "invalid data.protoPayload.request.resource: expected a string"),
        new Case("a service account request.resource that is null names it by resourceName", ACCOUNT_REMOVE,
            set("/data/protoPayload/request/resource", NODES.nullNode())
                .andThen(set("/data/protoPayload/resourceName", NODES.textNode("projects/-/serviceAccounts/" + ACCOUNT))),
            ACCOUNT_CHANGE),
        new Case("a delta condition of 12,800 characters", CONDITIONAL, condition(12_800), PROJECT_CHANGE
            + "2026-11-20T10:00:00Z"),
        new Case("a delta condition of 12,801 characters", CONDITIONAL, condition(12_801),
            "invalid data.protoPayload.serviceData.policyDelta.bindingDeltas[0].condition: is longer than 12800"
                + " characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachChangeGivesItsOutcome(Case c) {
    ObjectNode event = event(c.fixture());
    c.edit().accept(event);

    Intake intake = new EventDecoder(ShippedKinds.registry()).decodeStructured(event.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(outcome(intake)).isEqualTo(c.outcome());
  }

  /**
   * The reader on its own, for field types the audit entry has none of (Duration, FieldMask, double, bytes) and
   * for the rest where a message type states them plainly.
   */
  record ReaderCase(String name, Supplier<Message.Builder> builder, String json, String outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ReaderCase> readerCases() {
    Supplier<Message.Builder> subscription = Subscription::newBuilder;
    Supplier<Message.Builder> message = PubsubMessage::newBuilder;
    return Stream.of(
        new ReaderCase("a Duration that is a number", subscription, "{\"messageRetentionDuration\": 5}",
            "invalid s.messageRetentionDuration: expected a string, got a number"),
        new ReaderCase("a Duration as a string", subscription, "{\"messageRetentionDuration\": \"600s\"}", "read"),
        new ReaderCase("a Duration in a nested message that is a boolean", subscription,
            "{\"expirationPolicy\": {\"ttl\": true}}", "invalid s.expirationPolicy.ttl: expected a string, got a boolean"),
        new ReaderCase("a nested message that is a string", subscription, "{\"expirationPolicy\": \"never\"}",
            "invalid s.expirationPolicy: expected an object, got a string"),
        new ReaderCase("a FieldMask that is an object", UpdateSubscriptionRequest::newBuilder, "{\"updateMask\": {}}",
            "invalid s.updateMask: expected a string, got an object"),
        new ReaderCase("a map value that is a number", subscription, "{\"labels\": {\"team\": 1}}",
            "invalid s.labels.team: expected a string, got a number"),
        new ReaderCase("a map that is a string", subscription, "{\"labels\": \"team\"}",
            "invalid s.labels: expected an object, got a string"),
        new ReaderCase("a map that is null", subscription, "{\"labels\": null}", "read"),
        new ReaderCase("an integer that is a fraction", subscription, "{\"ackDeadlineSeconds\": 1.5}",
            "invalid s.ackDeadlineSeconds: expected an integer, got a number"),
        new ReaderCase("an integer as a string", subscription, "{\"ackDeadlineSeconds\": \"10\"}", "read"),
        new ReaderCase("an integer under its proto name that is a boolean", subscription,
            "{\"ack_deadline_seconds\": true}", "invalid s.ack_deadline_seconds: expected an integer, got a boolean"),
        new ReaderCase("an integer under both names keeps the JSON name", subscription,
            "{\"ack_deadline_seconds\": true, \"ackDeadlineSeconds\": 10}", "read"),
        new ReaderCase("an enum that is a fraction", subscription, "{\"state\": 1.5}",
            "invalid s.state: expected an enum name, got a number"),
        new ReaderCase("an enum by number", subscription, "{\"state\": 1}", "read"),
        new ReaderCase("a boolean that is a string", subscription, "{\"retainAckedMessages\": \"yes\"}",
            "invalid s.retainAckedMessages: expected a boolean, got a string"),
        new ReaderCase("a double that is a boolean", LatLng::newBuilder, "{\"latitude\": true}",
            "invalid s.latitude: expected a number, got a boolean"),
        new ReaderCase("a double as a string", LatLng::newBuilder, "{\"latitude\": \"1.5\"}", "read"),
        new ReaderCase("bytes that are a number", message, "{\"data\": 5}",
            "invalid s.data: expected a base64 string, got a number"),
        new ReaderCase("bytes in URL-safe base64", message, "{\"data\": \"-_8A\"}", "read"),
        new ReaderCase("bytes that are not base64", message, "{\"data\": \"%%%%\"}",
            "invalid s.data: is not valid base64 (Illegal base64 character 25)"),
        new ReaderCase("a Timestamp that is not RFC 3339", message, "{\"publishTime\": \"noon\"}",
            "invalid s.publishTime: \"noon\" is not an RFC 3339 timestamp"),
        new ReaderCase("a list that is an object", Policy::newBuilder, "{\"bindings\": {}}",
            "invalid s.bindings: expected an array, got an object"),
        new ReaderCase("a list item's list that is a string", Policy::newBuilder, "{\"bindings\": [{\"members\": \"x\"}]}",
            "invalid s.bindings[0].members: expected an array, got a string"),
        new ReaderCase("an Any of an unknown type is dropped", Status::newBuilder,
            "{\"code\": 3, \"details\": [{\"@type\": \"type.googleapis.com/example.Unknown\"}]}", "read"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readerCases")
  void eachFieldTypeIsChecked(ReaderCase c) throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(c.json());
    String outcome;
    try {
      ProtoJson.merge(json, c.builder().get(), "s");
      outcome = "read";
    } catch (InvalidField e) {
      outcome = "invalid " + new Intake.Invalid(e.field(), e.error()).message();
    }

    assertThat(outcome).isEqualTo(c.outcome());
  }

  /** The outcome in one line: what was read and the fields these cases change. */
  static String outcome(Intake intake) {
    if (intake instanceof Intake.Invalid invalid) {
      return "invalid " + invalid.message();
    }
    if (intake instanceof Intake.Ignored ignored) {
      return "ignored " + ignored.reason();
    }
    if (intake instanceof Intake.Resource resource) {
      return "resource " + resource.event().resource() + " by " + resource.event().principal().orElse("nobody")
          + " at " + resource.event().time().map(Object::toString).orElse("no time");
    }
    if (intake instanceof Intake.IamPolicyChanged changed) {
      return "change " + changed.change().target().fullName() + " by "
          + changed.change().principal().orElse("nobody") + " at "
          + changed.change().time().map(Object::toString).orElse("no time");
    }
    return intake.toString();
  }

  /** Title, description and expression together {@code total} characters long. */
  private static Consumer<ObjectNode> condition(int total) {
    return event -> {
      ObjectNode condition = (ObjectNode) event.at(CONDITION);
      condition.put("title", "t").put("description", "d").put("expression", "a".repeat(total - 2));
    };
  }

  private static Consumer<ObjectNode> set(String pointer, JsonNode value) {
    return event -> parent(event, pointer).set(last(pointer), value);
  }

  private static Consumer<ObjectNode> remove(String pointer) {
    return event -> parent(event, pointer).remove(last(pointer));
  }

  private static ObjectNode parent(ObjectNode event, String pointer) {
    JsonNode parent = event.at(pointer.substring(0, pointer.lastIndexOf('/')));
    if (!(parent instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the fixture has no object at " + pointer);
    }
    return object;
  }

  private static String last(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }

  private static ObjectNode event(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(EventFixtures.read(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
