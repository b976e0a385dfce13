package dev.autobind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/** The benchmark events: real-shaped fixtures whose timestamps are moved to a given instant, so they are fresh. */
final class BenchEvents {
  static final Path GKE = Path.of("src/test/resources/apply/events/train-gke-1.eventarc.json");
  static final Path VERTEX_PUBSUB = Path.of("src/test/resources/apply/events/model-upload.pubsub.json");
  /** The shipped function.yaml, so the figures measure what is deployed. */
  static final Path POLICY = Path.of("function.yaml");
  static final String SEED = "localcloud/demo-seed.yaml";

  static final ObjectMapper JSON = new ObjectMapper();

  private BenchEvents() {}

  /** The fixture as a CloudEvent in JSON structured form, with its times (and its LogEntry's) set to {@code now}. */
  static ObjectNode fresh(Path fixture, Instant now) {
    ObjectNode event = (ObjectNode) read(fixture);
    event.put("time", now.toString());
    JsonNode data = event.path("data");
    if (data.has("timestamp")) {
      ((ObjectNode) data).put("timestamp", now.toString());
      return event;
    }
    ObjectNode message = (ObjectNode) data.path("message");
    try {
      ObjectNode entry = (ObjectNode) JSON.readTree(Base64.getDecoder().decode(message.path("data").asText()));
      entry.put("timestamp", now.toString());
      message.put("data", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(entry)));
      message.put("publishTime", now.toString());
      message.remove("publish_time");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the LogEntry inside " + fixture, e);
    }
    return event;
  }

  static JsonNode read(Path fixture) {
    try {
      return JSON.readTree(Files.readAllBytes(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmark event " + fixture, e);
    }
  }
}
