package dev.autobind.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.autobind.kind.InvalidField;
import dev.autobind.kind.NamingRules;
import java.text.ParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Parses a JSON tree into a google-cloudevent-types message with protobuf's JsonFormat.
 *
 * <p>Before JsonFormat sees the tree it is checked against the message descriptor: JsonFormat's own
 * errors do not say which field is wrong, and it quietly turns a number into a string field.
 *
 * <p>{@code google.protobuf.Any} values are dropped from the tree first. Real audit entries carry them in
 * {@code protoPayload.status.details} ({@code google.rpc.PreconditionFailure}, {@code google.rpc.ErrorInfo}
 * and service-specific types); JsonFormat refuses the whole entry ("Cannot resolve type") for any type it
 * has no descriptor for, and intake reads none of them. ({@code serviceData} is a Struct in these types, so
 * it is kept: drift repair reads a SetIamPolicy entry's policy delta from it.)
 */
final class ProtoJson {
  // AuditLog payloads carry "@type" and other fields the event types do not model.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final int BRIEF_CHARS = 160;

  private ProtoJson() {}

  /** Merges {@code json} into {@code builder}; call {@code build()} only afterwards. */
  static <B extends Message.Builder> B merge(ObjectNode json, B builder, String path) {
    conform(json, builder.getDescriptorForType(), path);
    try {
      PARSER.merge(json.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidField(path, "is not a valid " + builder.getDescriptorForType().getName()
          + ": " + brief(e.getMessage()), e);
    }
    return builder;
  }

  /**
   * Checks each known field's JSON type, recursing into messages. Where a field appears under both its
   * JSON name and its proto name (Pub/Sub deliveries carry messageId and message_id, publishTime and
   * publish_time) the proto-name copy is dropped, since JsonFormat rejects a field that is set twice.
   */
  private static void conform(ObjectNode json, Descriptor type, String path) {
    for (FieldDescriptor field : type.getFields()) {
      if (isAny(field)) {
        json.remove(field.getJsonName());
        json.remove(field.getName());
        continue;
      }
      String key = field.getJsonName();
      if (!field.getName().equals(key) && json.has(field.getName())) {
        if (json.has(key)) {
          json.remove(field.getName());
        } else {
          key = field.getName();
        }
      }
      JsonNode value = json.get(key);
      if (value != null && !value.isNull()) {
        checkField(value, field, path + "." + key);
      }
    }
  }

  private static boolean isAny(FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && field.getMessageType().getFullName().equals("google.protobuf.Any");
  }

  private static void checkField(JsonNode value, FieldDescriptor field, String path) {
    if (field.isMapField()) {
      FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
      requireType(value.isObject(), "an object", value, path);
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        checkSingle(entry.getValue(), valueField, path + "." + entry.getKey());
      }
    } else if (field.isRepeated()) {
      requireType(value.isArray(), "an array", value, path);
      for (int i = 0; i < value.size(); i++) {
        checkSingle(value.get(i), field, path + "[" + i + "]");
      }
    } else {
      checkSingle(value, field, path);
    }
  }

  private static void checkSingle(JsonNode value, FieldDescriptor field, String path) {
    switch (field.getJavaType()) {
      case STRING -> requireType(value.isTextual(), "a string", value, path);
      case BOOLEAN -> requireType(value.isBoolean(), "a boolean", value, path);
      case INT, LONG -> requireType(value.isIntegralNumber() || value.isTextual(), "an integer", value, path);
      case FLOAT, DOUBLE -> requireType(value.isNumber() || value.isTextual(), "a number", value, path);
      case ENUM -> requireType(value.isTextual() || value.isIntegralNumber(), "an enum name", value, path);
      case BYTE_STRING -> checkBase64(value, path);
      case MESSAGE -> checkMessage(value, field.getMessageType(), path);
    }
  }

  private static void checkMessage(JsonNode value, Descriptor type, String path) {
    switch (type.getFullName()) {
      case "google.protobuf.Value" -> { }
      case "google.protobuf.Struct", "google.protobuf.Empty" ->
          requireType(value.isObject(), "an object", value, path);
      case "google.protobuf.ListValue" -> requireType(value.isArray(), "an array", value, path);
      case "google.protobuf.Timestamp" -> checkTimestamp(value, path);
      case "google.protobuf.Duration", "google.protobuf.FieldMask" ->
          requireType(value.isTextual(), "a string", value, path);
      default -> {
        if (type.getFile().getPackage().equals("google.protobuf")) {
          requireType(value.isValueNode(), "a scalar", value, path);
        } else {
          requireType(value.isObject(), "an object", value, path);
          conform((ObjectNode) value, type, path);
        }
      }
    }
  }

  private static void checkTimestamp(JsonNode value, String path) {
    requireType(value.isTextual(), "a string", value, path);
    try {
      Timestamps.parse(value.textValue());
    } catch (ParseException e) {
      throw new InvalidField(path, NamingRules.shown(value.textValue()) + " is not an RFC 3339 timestamp", e);
    }
  }

  private static void checkBase64(JsonNode value, String path) {
    requireType(value.isTextual(), "a base64 string", value, path);
    try {
      Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException standard) {
      try {
        Base64.getUrlDecoder().decode(value.textValue());
      } catch (IllegalArgumentException urlSafe) {
        throw new InvalidField(path, "is not valid base64 (" + standard.getMessage() + ")", standard);
      }
    }
  }

  // JsonFormat passes on Gson's messages, which name Gson's exception and can echo a long JSON path.
  private static String brief(String message) {
    String text = String.valueOf(message).lines().findFirst().orElse("no detail")
        .replaceFirst("^com\\.google\\.gson\\.[\\w.]+Exception: ", "");
    return text.length() <= BRIEF_CHARS ? text : text.substring(0, BRIEF_CHARS) + "...";
  }

  private static void requireType(boolean ok, String expected, JsonNode value, String path) {
    if (!ok) {
      throw new InvalidField(path, "expected " + expected + ", got " + JsonInput.describe(value));
    }
  }
}
