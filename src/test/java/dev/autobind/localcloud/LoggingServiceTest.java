package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.logging.type.LogSeverity;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import dev.autobind.apply.CloudClients;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local cloud's ListLogEntries, through the real Cloud Logging client: lines a function prints become entries
 * as Cloud Run makes them, and the filter keeps Logging's semantics where the restore cap relies on them.
 */
class LoggingServiceTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");
  static final String VIEW = "projects/ml-platform-ops/locations/global/buckets/_Default/views/autobind-decisions";

  private CloudClients clients;
  private LoggingClient logging;

  @BeforeEach
  void client() throws Exception {
    clients = CloudClients.forEmulator(LOCAL.cloud().host());
    logging = LoggingClient.create(clients.settings(LoggingSettings.newBuilder(), null));
    OutputStream stdout = LOCAL.cloud().functionStdout("ml-platform-ops", "us-central1", "autobind");
    try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8)) {
      out.println("{\"severity\":\"NOTICE\",\"message\":\"repaired\",\"logging.googleapis.com/labels\":"
          + "{\"autobind.outcome\":\"repaired\"},\"outcome\":\"repaired\",\"eventId\":\"e-1\",\"restored\":["
          + "{\"role\":\"roles/a\",\"member\":\"user:Ann@example.com\"},{\"role\":\"roles/b\",\"member\":\"user:bo@example.com\"}]}");
      out.println("Picked up JAVA_TOOL_OPTIONS: -Xss512k");
    }
    LOCAL.cloud().functionStdout("ml-platform-ops", "us-central1", "other-fn")
        .write("{\"outcome\":\"repaired\"}\n".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    logging.close();
    clients.close();
  }

  @Test
  void aJsonLineBecomesAStructuredEntryOfTheServicesStdout() {
    List<LogEntry> entries = LOCAL.cloud().logEntries();

    assertThat(entries).hasSize(3);
    LogEntry json = entries.get(0);
    assertThat(json.getLogName()).isEqualTo("projects/ml-platform-ops/logs/run.googleapis.com%2Fstdout");
    assertThat(json.getResource().getType()).isEqualTo("cloud_run_revision");
    assertThat(json.getResource().getLabelsMap()).containsEntry("service_name", "autobind")
        .containsEntry("location", "us-central1");
    assertThat(json.getSeverity()).isEqualTo(LogSeverity.NOTICE);
    assertThat(json.getLabelsMap()).containsEntry("autobind.outcome", "repaired");
    assertThat(json.getJsonPayload().getFieldsMap()).containsKeys("message", "outcome", "eventId", "restored")
        .doesNotContainKeys("severity", "logging.googleapis.com/labels");
    assertThat(entries.get(1).getTextPayload()).isEqualTo("Picked up JAVA_TOOL_OPTIONS: -Xss512k");
  }

  /** A filter, and how many of the three entries it finds. */
  record Query(String name, String filter, int found) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Query> queries() {
    return Stream.of(
        new Query("the service's repaired records", "resource.labels.service_name=\"autobind\""
            + " AND jsonPayload.outcome=\"repaired\"", 1),
        new Query("any element of an array matches", "jsonPayload.restored.role=\"roles/b\"", 1),
        new Query("each clause may match another element", "jsonPayload.restored.role=\"roles/a\""
            + " AND jsonPayload.restored.member=\"user:bo@example.com\"", 1),
        new Query("strings compare without regard to case", "jsonPayload.restored.member=\"user:ann@EXAMPLE.com\"", 1),
        new Query("a label with a dot, quoted", "labels.\"autobind.outcome\"=\"repaired\"", 1),
        new Query("every entry since a time", "timestamp>=\"2024-12-31T00:00:00Z\"", 3),
        new Query("nothing after now", "timestamp>=\"2099-01-01T00:00:00Z\"", 0),
        new Query("a field no entry has", "jsonPayload.nothing=\"x\"", 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void theFilterKeepsLoggingsSemantics(Query q) {
    ListLogEntriesResponse page = logging.listLogEntriesCallable().call(ListLogEntriesRequest.newBuilder()
        .addResourceNames(VIEW).setFilter(q.filter()).build());

    assertThat(page.getEntriesList()).hasSize(q.found());
  }

  @Test
  void entriesOfAnotherProjectAreNotListed() {
    ListLogEntriesResponse page = logging.listLogEntriesCallable().call(ListLogEntriesRequest.newBuilder()
        .addResourceNames("projects/demo-train").build());

    assertThat(page.getEntriesList()).isEmpty();
  }

  static Stream<String> badRequests() {
    return Stream.of("jsonPayload.outcome:\"repaired\"", "jsonPayload.outcome=repaired",
        "jsonPayload.outcome=\"repaired\" OR severity=\"ERROR\"", "timestamp>=\"yesterday\"",
        "jsonPayload.outcome=\"unterminated");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aFilterTheLocalCloudCannotReadIsRefusedNotMisread(String filter) {
    ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder().addResourceNames(VIEW).setFilter(filter)
        .build();

    assertThatThrownBy(() -> logging.listLogEntriesCallable().call(request))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aResourceNameThatIsNoProjectOrViewIsRefused() {
    ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder().addResourceNames("folders/1/../x").build();

    assertThatThrownBy(() -> logging.listLogEntriesCallable().call(request))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
