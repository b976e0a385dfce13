package dev.autobind.pubsub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * A Pub/Sub message as Eventarc delivers it to a function: a {@code google.cloud.pubsub.topic.v1.messagePublished}
 * CloudEvent whose data is {@code {"message": {...}, "subscription": ...}}, in binary mode over HTTP.
 */
public final class MessagePublished {
  public static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessagePublished() {}

  /** The event's data, with the message's data base64-encoded and both spellings of its id, as Eventarc sends it. */
  public static byte[] data(PubsubMessage message, SubscriptionName subscription) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode m = body.putObject("message");
    m.put("data", Base64.getEncoder().encodeToString(message.getData().toByteArray()));
    ObjectNode attributes = m.putObject("attributes");
    message.getAttributesMap().forEach(attributes::put);
    m.put("messageId", message.getMessageId()).put("message_id", message.getMessageId());
    String published = Timestamps.toString(message.getPublishTime());
    m.put("publishTime", published).put("publish_time", published);
    body.put("subscription", subscription.toString());
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The CloudEvent, for handing straight to a function instance. */
  public static CloudEvent event(PubsubMessage message, SubscriptionName subscription, String topic) {
    return CloudEventBuilder.v1().withId(message.getMessageId()).withType(TYPE)
        .withSource(URI.create("//pubsub.googleapis.com/" + topic))
        .withTime(OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(message.getPublishTime().getSeconds(),
            message.getPublishTime().getNanos()), ZoneOffset.UTC))
        .withData("application/json", data(message, subscription)).build();
  }

  /** The HTTP request Eventarc makes to the function in binary mode. */
  public static HttpRequest request(URI function, PubsubMessage message, SubscriptionName subscription, String topic) {
    return HttpRequest.newBuilder(function)
        .header("Content-Type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", message.getMessageId())
        .header("ce-source", "//pubsub.googleapis.com/" + topic)
        .header("ce-type", TYPE)
        .header("ce-time", Timestamps.toString(message.getPublishTime()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(data(message, subscription)))
        .build();
  }
}
