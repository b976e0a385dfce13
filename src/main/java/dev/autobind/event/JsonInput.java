package dev.autobind.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kind.InvalidField;
import java.io.IOException;
import java.util.Locale;

/** Reads untrusted bytes as one JSON object, with errors that name the field and the position. */
final class JsonInput {
  // Duplicate keys are rejected so that no two readers of the same bytes can see different values.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonInput() {}

  static ObjectNode object(byte[] bytes, String field) {
    JsonNode node = tree(bytes, field);
    if (!node.isObject()) {
      throw new InvalidField(field, "expected a JSON object, got " + JsonInput.describe(node));
    }
    return (ObjectNode) node;
  }

  private static JsonNode tree(byte[] bytes, String field) {
    if (bytes.length == 0) {
      throw new InvalidField(field, "is empty");
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidField(field, "malformed JSON" + at(e.getLocation()) + ": " + problem(e), e);
    } catch (IOException e) {
      throw new InvalidField(field, "cannot be read as JSON: " + e.getMessage(), e);
    }
  }

  /** A JSON value's type with its article, for messages such as "expected a string, got an array". */
  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  // Jackson's own text embeds the source location again and names its own types and features;
  // keep the clause that says what is wrong.
  private static String problem(JsonProcessingException e) {
    String text = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
    for (String tail : new String[] {" (start marker", ": was expecting", " (bound as"}) {
      int cut = text.indexOf(tail);
      text = cut < 0 ? text : text.substring(0, cut);
    }
    return text.replaceAll(", from `[^`]*`\\)", ")");
  }
}
