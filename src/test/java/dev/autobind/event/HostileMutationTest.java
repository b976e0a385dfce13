package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replaces every member of real LogEntries, one at a time, with hostile values, and sends each result
 * through both the Eventarc and the Pub/Sub path. Whatever comes out must be a named outcome, never
 * the catch-all for an unexpected exception, and a resource must carry only names that obey the rules.
 */
class HostileMutationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final List<JsonNode> HOSTILE = List.of(NODES.numberNode(42), NODES.textNode("x"),
      NODES.textNode("../../organizations/1"), NODES.textNode("A\"b:c d".repeat(40)), NODES.booleanNode(true),
      NODES.nullNode(), NODES.arrayNode(), NODES.objectNode(), NODES.textNode(""));

  /** One LogEntry member, to be replaced by each hostile value in turn. */
  record Member(String fixture, String pointer) {
    @Override
    public String toString() {
      return fixture + " " + pointer;
    }
  }

  static Stream<Member> members() {
    return Stream.of("gke-create-first.eventarc.json", "vertex-upload-ui.eventarc.json",
            "vertex-upload-v1beta1-last.eventarc.json")
        .flatMap(fixture -> pointers(logEntry(fixture), "").stream().map(p -> new Member(fixture, p)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("members")
  void hostileValueGivesANamedOutcomeOnEveryPath(Member m) {
    EventDecoder decoder = new EventDecoder(ShippedKinds.registry());
    for (JsonNode value : HOSTILE) {
      ObjectNode entry = logEntry(m.fixture());
      replace(entry, m.pointer(), value);
      for (byte[] event : List.of(eventarcEvent(entry), pubsubEvent(entry))) {
        Intake intake = decoder.decodeStructured(event);
        String context = m + " = " + value + " -> " + intake;
        if (intake instanceof Intake.Invalid invalid) {
          assertThat(invalid.error()).as(context).doesNotStartWith("could not be decoded");
        }
        if (intake instanceof Intake.Resource resource) {
          ResourceEvent e = resource.event();
          assertThat(List.of(e.project(), e.location(), e.name())).as(context)
              .allMatch(s -> SAFE_NAME.matcher(s).matches());
        }
      }
    }
  }

  private static ObjectNode logEntry(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(EventFixtures.read(fixture)).get("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> pointers(JsonNode node, String at) {
    List<String> found = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
        found.add(pointer);
        found.addAll(pointers(node.get(name), pointer));
      });
    }
    return found;
  }

  static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
    String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    ((ObjectNode) parent).set(name, value);
  }

  private static byte[] eventarcEvent(ObjectNode entry) {
    ObjectNode event = envelope(EventDecoder.AUDIT_LOG_WRITTEN);
    event.set("data", entry);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] pubsubEvent(ObjectNode entry) {
    ObjectNode event = envelope(EventDecoder.MESSAGE_PUBLISHED);
    ObjectNode message = event.putObject("data").putObject("message");
    message.put("data", Base64.getEncoder().encodeToString(entry.toString().getBytes(StandardCharsets.UTF_8)));
    message.put("messageId", "1").put("message_id", "1");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode envelope(String type) {
    return NODES.objectNode().put("specversion", "1.0").put("type", type).put("id", "m-1")
        .put("source", "//test").put("datacontenttype", "application/json");
  }
}
