package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.MonitoredResource;
import com.google.logging.type.LogSeverity;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's Cloud Logging store: entries a test seeds, and the lines a function writes to its standard
 * output, turned into entries as Cloud Run turns them (a JSON object becomes {@code jsonPayload}, its
 * {@code severity}, {@code logging.googleapis.com/labels} and {@code logging.googleapis.com/trace} become the
 * entry's own fields; any other line becomes {@code textPayload}).
 */
final class CloudLog {
  static final String LABELS = "logging.googleapis.com/labels";
  static final String TRACE = "logging.googleapis.com/trace";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final List<LogEntry> entries = new ArrayList<>();
  private long inserted;

  CloudLog(Clock clock) {
    this.clock = clock;
  }

  synchronized void write(LogEntry entry) {
    entries.add(entry.getInsertId().isEmpty() ? entry.toBuilder().setInsertId("local-" + ++inserted).build() : entry);
  }

  synchronized List<LogEntry> entries() {
    return List.copyOf(entries);
  }

  synchronized void clear() {
    entries.clear();
  }

  /** The standard output of Cloud Run service {@code service} in {@code project} and {@code region}. */
  OutputStream stdout(String project, String region, String service) {
    MonitoredResource resource = MonitoredResource.newBuilder().setType("cloud_run_revision")
        .putLabels("project_id", project).putLabels("location", region).putLabels("service_name", service)
        .putLabels("configuration_name", service).putLabels("revision_name", service + "-00001-loc").build();
    String logName = "projects/" + project + "/logs/run.googleapis.com%2Fstdout";
    return new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        if (b == '\n') {
          write(entry(logName, resource, line.toString(StandardCharsets.UTF_8)));
          line.reset();
        } else {
          line.write(b);
        }
      }

      private void write(LogEntry entry) {
        CloudLog.this.write(entry);
      }
    };
  }

  private LogEntry entry(String logName, MonitoredResource resource, String line) {
    Instant now = clock.instant();
    LogEntry.Builder entry = LogEntry.newBuilder().setLogName(logName).setResource(resource)
        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    JsonNode json;
    try {
      json = JSON.readTree(line);
    } catch (IOException e) {
      json = null;
    }
    if (!(json instanceof ObjectNode object)) {
      return entry.setTextPayload(line).build();
    }
    ObjectNode payload = object.deepCopy();
    JsonNode severity = payload.remove("severity");
    if (severity != null) {
      entry.setSeverity(severity(severity.asText()));
    }
    JsonNode labels = payload.remove(LABELS);
    if (labels != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        entry.putLabels(label.getKey(), label.getValue().asText());
      }
    }
    JsonNode trace = payload.remove(TRACE);
    if (trace != null) {
      entry.setTrace(trace.asText());
    }
    Struct.Builder struct = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(payload.toString(), struct);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(new IOException("a JSON object that is no Struct: " + line, e));
    }
    return entry.setJsonPayload(struct).build();
  }

  private static LogSeverity severity(String name) {
    try {
      return LogSeverity.valueOf(name);
    } catch (IllegalArgumentException e) {
      return LogSeverity.DEFAULT;
    }
  }
}
