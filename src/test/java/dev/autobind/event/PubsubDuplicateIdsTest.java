package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.events.cloud.pubsub.v1.MessagePublishedData;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.autobind.kinds.ShippedKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real Pub/Sub deliveries carry messageId and message_id (and publishTime and publish_time) side by side. */
class PubsubDuplicateIdsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void stockParserRejectsTheDuplicateFields() throws Exception {
    String data = JSON.readTree(EventFixtures.read("vertex-upload.pubsub.json")).path("data").toString();

    assertThatThrownBy(() -> JsonFormat.parser().ignoringUnknownFields().merge(data, MessagePublishedData.newBuilder()))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void decoderKeepsTheCamelCaseFieldAndDropsTheDuplicate() throws Exception {
    byte[] event = EventFixtures.edit("backfill-gke.pubsub.json", e -> {
      ObjectNode message =
          (ObjectNode) e.path("data").path("message");
      message.put("publishTime", "2026-11-21T08:00:00Z").put("publish_time", "2026-11-21T09:00:00Z");
    });

    ResourceEvent decoded = EventDecoderTest.resource(new EventDecoder(ShippedKinds.registry()).decodeStructured(event));

    assertThat(decoded.time()).contains(Instant.parse("2026-11-21T08:00:00Z"));
  }

  @Test
  void fixturesCoverEverySpellingOfTheIds() throws Exception {
    assertThat(messageFields("gke-create-first.pubsub-duplicate-ids.json"))
        .contains("messageId", "message_id", "publishTime", "publish_time");
    assertThat(messageFields("gke-create-last.pubsub.json"))
        .contains("messageId", "publishTime").doesNotContain("message_id", "publish_time");
    assertThat(messageFields("gke-create-first.pubsub-snake-case-ids.json"))
        .contains("message_id", "publish_time").doesNotContain("messageId", "publishTime");
  }

  private static List<String> messageFields(String file) throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(EventFixtures.read(file)).path("data").path("message").fieldNames().forEachRemaining(names::add);
    return names;
  }
}
