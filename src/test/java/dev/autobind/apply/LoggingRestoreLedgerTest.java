package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.MonitoredResource;
import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.autobind.admit.GateReadFailed;
import dev.autobind.admit.RestoredBinding;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the Cloud Logging ledger counts. The entries are handed to it directly, past the filter, as a query on an
 * array (or one Logging compares without regard to case) may hand them over: only a well-formed repaired record of
 * this function that restored exactly the binding counts.
 */
class LoggingRestoreLedgerTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Instant SINCE = NOW.minus(Duration.ofHours(24));
  static final String TARGET = "//cloudresourcemanager.googleapis.com/projects/ml-train-a";
  static final String ROLE = "roles/aiplatform.user";
  static final String MEMBER = "serviceAccount:ml-trainer@ml-train-a.iam.gserviceaccount.com";
  static final RestoredBinding BINDING = new RestoredBinding(TARGET, ROLE, MEMBER, Optional.empty());
  static final LoggingRestoreLedger.Source SOURCE = new LoggingRestoreLedger.Source("ml-platform-ops", "us-central1",
      "autobind", "projects/ml-platform-ops/locations/global/buckets/_Default/views/autobind-decisions");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One entry as Logging might return it, and whether it counts. */
  record Case(String name, UnaryOperator<LogEntry.Builder> entry, Consumer<ObjectNode> payload, boolean counts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case row(String name, Consumer<ObjectNode> payload, boolean counts) {
    return new Case(name, e -> e, payload, counts);
  }

  static Case entryRow(String name, UnaryOperator<LogEntry.Builder> entry, boolean counts) {
    return new Case(name, entry, p -> { }, counts);
  }

  static Stream<Case> cases() {
    return Stream.of(
        row("a repaired record of this function that restored the binding", p -> { }, true),
        row("the binding among others the record restored", p -> restored(p).insert(0, element("roles/logging.logWriter",
            MEMBER)), true),
        row("the member in another case, which IAM folds for service accounts",
            p -> first(p).put("member", MEMBER.toUpperCase().replace("SERVICEACCOUNT:", "serviceAccount:")), true),
        entryRow("another function's record (service_name)", e -> resource(e, "other-fn", "us-central1"), false),
        entryRow("a function of the same name in another region", e -> resource(e, "autobind", "europe-west4"), false),
        entryRow("the service's standard error, not its output",
            e -> e.setLogName("projects/ml-platform-ops/logs/run.googleapis.com%2Fstderr"), false),
        entryRow("another project's log of the same name",
            e -> e.setLogName("projects/ml-other/logs/run.googleapis.com%2Fstdout"), false),
        entryRow("another resource type", e -> e.setResource(e.getResource().toBuilder().setType("k8s_container")),
            false),
        entryRow("a text line, no jsonPayload", e -> e.clearJsonPayload().setTextPayload("repaired " + MEMBER), false),
        entryRow("no timestamp", LogEntry.Builder::clearTimestamp, false),
        entryRow("stamped before the window", e -> e.setTimestamp(stamp(SINCE.minusSeconds(1))), false),
        row("outcome compliant", p -> p.put("outcome", "compliant"), false),
        row("outcome missing", p -> p.remove("outcome"), false),
        row("outcome not a string", p -> p.put("outcome", 7), false),
        row("no eventId", p -> p.remove("eventId"), false),
        row("an empty eventId", p -> p.put("eventId", ""), false),
        row("an eventId that is not a string", p -> p.putArray("eventId").add("e-1"), false),
        row("no restored list", p -> p.remove("restored"), false),
        row("restored an object, not a list", p -> p.putObject("restored").put("role", ROLE), false),
        row("restored elements that are strings", p -> p.putArray("restored").add(ROLE).add(MEMBER), false),
        row("the binding's fields split across two elements",
            p -> p.putArray("restored").add(element(ROLE, "user:someone@example.com"))
                .add(element("roles/logging.logWriter", MEMBER)), false),
        row("another role", p -> first(p).put("role", "roles/aiplatform.viewer"), false),
        row("another target", p -> first(p).put("target", TARGET + "-2"), false),
        row("another member", p -> first(p).put("member", "serviceAccount:other@ml-train-a.iam.gserviceaccount.com"),
            false),
        row("a member missing", p -> first(p).remove("member"), false),
        row("a condition the binding does not have",
            p -> first(p).putObject("condition").put("title", "t").put("expression", "request.time < x"), false),
        row("a condition that is a string", p -> first(p).put("condition", "request.time < x"), false),
        row("a condition without expression", p -> first(p).putObject("condition").put("title", "t"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void countsOnlyARepairedRecordOfThisFunctionThatRestoredTheBinding(Case c) {
    ObjectNode payload = record("e-1", element(ROLE, MEMBER));
    c.payload().accept(payload);
    LogEntry entry = c.entry().apply(entry(payload)).build();

    assertThat(ledger(List.of(page(entry))).counted(entry, BINDING, SINCE).isPresent()).isEqualTo(c.counts());
  }

  @Test
  void aConditionalBindingCountsOnlyWithTheSameExpression() {
    RestoredBinding conditional = new RestoredBinding(TARGET, ROLE, MEMBER, Optional.of("request.time < x"));
    ObjectNode same = element(ROLE, MEMBER);
    same.putObject("condition").put("title", "until x").put("expression", "request.time < x");
    ObjectNode other = element(ROLE, MEMBER);
    other.putObject("condition").put("title", "until y").put("expression", "request.time < y");
    LoggingRestoreLedger ledger = ledger(List.of());

    assertThat(ledger.counted(entry(record("e-1", same)).build(), conditional, SINCE)).contains("e-1");
    assertThat(ledger.counted(entry(record("e-2", other)).build(), conditional, SINCE)).isEmpty();
    assertThat(ledger.counted(entry(record("e-3", element(ROLE, MEMBER))).build(), conditional, SINCE)).isEmpty();
  }

  @Test
  void theFilterNamesTheFunctionsOwnLogServiceAndTheDecisionsFields() {
    assertThat(ledger(List.of()).filter(BINDING, SINCE)).isEqualTo(
        "logName=\"projects/ml-platform-ops/logs/run.googleapis.com%2Fstdout\""
            + " AND resource.type=\"cloud_run_revision\""
            + " AND resource.labels.service_name=\"autobind\""
            + " AND resource.labels.location=\"us-central1\""
            + " AND jsonPayload.outcome=\"repaired\""
            + " AND jsonPayload.restored.target=\"" + TARGET + "\""
            + " AND jsonPayload.restored.role=\"" + ROLE + "\""
            + " AND jsonPayload.restored.member=\"" + MEMBER + "\""
            + " AND timestamp>=\"2026-11-30T12:00:00Z\"");
  }

  @Test
  void aHostileMemberCannotEndItsStringInTheFilter() {
    RestoredBinding hostile = new RestoredBinding(TARGET, ROLE, "user:a\" OR logName:\"x\\", Optional.empty());

    assertThat(ledger(List.of()).filter(hostile, SINCE))
        .contains(" AND jsonPayload.restored.member=\"user:a\\\" OR logName:\\\"x\\\\\" AND timestamp");
  }

  @Test
  void countsEveryPageThroughTheViewAndEachRestoreOnce() {
    List<ListLogEntriesRequest> asked = new ArrayList<>();
    List<ListLogEntriesResponse> pages = List.of(
        page(entry(record("e-1", element(ROLE, MEMBER))).build()).toBuilder().setNextPageToken("p2").build(),
        page(entry(record("e-2", element(ROLE, MEMBER))).build()));
    LoggingRestoreLedger ledger = new LoggingRestoreLedger(request -> {
      asked.add(request);
      return pages.get(asked.size() - 1);
    }, SOURCE);
    ledger.restored(BINDING, NOW.minusSeconds(5), "e-2");
    ledger.restored(BINDING, NOW.minusSeconds(1), "e-3");

    assertThat(ledger.restoresSince(BINDING, SINCE)).as("e-1 and e-2 logged, e-3 only remembered").isEqualTo(3);
    assertThat(asked).extracting(ListLogEntriesRequest::getPageToken).containsExactly("", "p2");
    assertThat(asked.get(0).getResourceNamesList()).containsExactly(SOURCE.view());
    assertThat(asked.get(0).getOrderBy()).isEqualTo("timestamp desc");
  }

  /** A failure of entries.list, and whether a redelivery may pass it. */
  record Failure(Status.Code code, boolean passing) {}

  static Stream<Failure> failures() {
    return Stream.of(new Failure(Status.Code.UNAVAILABLE, true), new Failure(Status.Code.RESOURCE_EXHAUSTED, true),
        new Failure(Status.Code.DEADLINE_EXCEEDED, true), new Failure(Status.Code.PERMISSION_DENIED, false),
        new Failure(Status.Code.INVALID_ARGUMENT, false), new Failure(Status.Code.NOT_FOUND, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aFailedReadIsACountUnavailableThatSaysWhetherItMayPass(Failure f) {
    LoggingRestoreLedger ledger = new LoggingRestoreLedger(request -> {
      throw ApiExceptionFactory.createException(new RuntimeException("refused"), GrpcStatusCode.of(f.code()), false);
    }, SOURCE);

    assertThatThrownBy(() -> ledger.restoresSince(BINDING, SINCE)).isInstanceOfSatisfying(
        GateReadFailed.class, e -> {
          assertThat(e.passing()).isEqualTo(f.passing());
          assertThat(e.getMessage()).isEqualTo("listing the repaired decisions of autobind in Cloud Logging failed ("
              + f.code() + ")");
        });
  }

  private static LoggingRestoreLedger ledger(List<ListLogEntriesResponse> pages) {
    return new LoggingRestoreLedger(request -> pages.isEmpty() ? ListLogEntriesResponse.getDefaultInstance()
        : pages.get(0), SOURCE);
  }

  private static ListLogEntriesResponse page(LogEntry... entries) {
    return ListLogEntriesResponse.newBuilder().addAllEntries(List.of(entries)).build();
  }

  private static ObjectNode record(String eventId, ObjectNode restored) {
    ObjectNode record = JSON.createObjectNode().put("message", "repaired: ...").put("outcome", "repaired")
        .put("eventId", eventId);
    record.putArray("restored").add(restored);
    return record;
  }

  private static ObjectNode element(String role, String member) {
    ObjectNode element = JSON.createObjectNode().put("target", TARGET).put("role", role).put("member", member)
        .put("rule", "training-identity");
    element.putNull("condition");
    return element;
  }

  private static ArrayNode restored(ObjectNode payload) {
    return (ArrayNode) payload.get("restored");
  }

  private static ObjectNode first(ObjectNode payload) {
    return (ObjectNode) restored(payload).get(0);
  }

  private static LogEntry.Builder resource(LogEntry.Builder entry, String service, String location) {
    return entry.setResource(MonitoredResource.newBuilder().setType("cloud_run_revision")
        .putLabels("project_id", "ml-platform-ops").putLabels("service_name", service).putLabels("location", location));
  }

  private static LogEntry.Builder entry(ObjectNode payload) {
    Struct.Builder struct = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(payload.toString(), struct);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    return resource(LogEntry.newBuilder().setLogName("projects/ml-platform-ops/logs/run.googleapis.com%2Fstdout"),
        "autobind", "us-central1").setTimestamp(stamp(NOW.minus(Duration.ofHours(1)))).setJsonPayload(struct);
  }

  private static Timestamp stamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
