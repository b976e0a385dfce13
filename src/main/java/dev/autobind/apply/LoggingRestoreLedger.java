package dev.autobind.apply;

import static dev.autobind.policy.DecisionLogView.RESOURCE_TYPE;
import static dev.autobind.policy.DecisionLogView.quoted;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.autobind.admit.MemoryRestoreLedger;
import dev.autobind.admit.GateReadFailed;
import dev.autobind.admit.RestoreLedger;
import dev.autobind.admit.RestoredBinding;
import dev.autobind.plan.PolicyMerge;
import dev.autobind.policy.DecisionLogView;
import dev.autobind.policy.FunctionConfig;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The restore cap's count where it survives restarts and is shared by every instance: Cloud Logging's own record
 * of the function's {@code repaired} decisions, read with {@code entries.list} through the function's log view,
 * plus this instance's memory of its own restores that Logging has not ingested yet (seconds, usually). A restore
 * both places know, by its record's {@code eventId}, is counted once.
 *
 * <p>Only a record of this function counts: its deployed service's standard output (project, region and name),
 * outcome {@code repaired}, stamped inside the window, with an {@code eventId} and one {@code restored[]} element
 * that is the binding (target, role, member and condition). The filter asks Logging for exactly these; each entry
 * is checked again here, since a filter on an array matches when any element does, one field at a time, and
 * Logging compares strings without regard to case. An entry that is not such a record is not counted.
 */
public final class LoggingRestoreLedger implements RestoreLedger {
  /** Entries per page asked for, the API's most. */
  static final int PAGE_SIZE = 1000;
  /** Matching entries beyond this change nothing: {@code maxRestoresPerDay} is at most 100. */
  static final int MAX_COUNTED = 1000;
  /** Pages read at most for one count, so that sparse pages cannot keep a delivery waiting. */
  static final int MAX_PAGES = 10;

  private static final String REPAIRED = "repaired";

  private final Function<ListLogEntriesRequest, ListLogEntriesResponse> pages;
  private final Source source;
  private final MemoryRestoreLedger memory = new MemoryRestoreLedger();

  /**
   * Whose decisions count, and the log view they are read through.
   *
   * @param service the Cloud Run service the function runs as: its name
   * @param view {@code projects/P/locations/global/buckets/_Default/views/V}
   */
  public record Source(String project, String region, String service, String view) {
    public Source {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(view, "view");
    }

    /** The deployed function's own decisions, through the view the deploy plan creates for it. */
    public static Source of(FunctionConfig fn) {
      return new Source(fn.project(), fn.region(), fn.name(), DecisionLogView.name(fn));
    }

    /** The log the service's standard output is written to. */
    public String logName() {
      return DecisionLogView.logName(project);
    }
  }

  /** @param pages entries.list, one page per call */
  public LoggingRestoreLedger(Function<ListLogEntriesRequest, ListLogEntriesResponse> pages, Source source) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Over the real Cloud Logging client, opened on the first count a removal asks for. */
  public static LoggingRestoreLedger over(CloudClients clients, FunctionConfig fn) {
    return new LoggingRestoreLedger(request -> clients.client("logging", "Cloud Logging",
        () -> Clients.create(clients)).listLogEntriesCallable().call(request), Source.of(fn));
  }

  /** The deployed function's ledger; a policy file without {@code function:} (a CLI run) counts in memory only. */
  public static RestoreLedger orMemory(CloudClients clients, Optional<FunctionConfig> fn) {
    return fn.<RestoreLedger>map(f -> over(clients, f)).orElseGet(MemoryRestoreLedger::new);
  }

  @Override
  public int restoresSince(RestoredBinding binding, Instant since) {
    List<String> logged = logged(binding, since);
    Set<String> seen = new HashSet<>(logged);
    long pending = memory.since(binding, since).stream()
        .filter(r -> !seen.contains(DecisionLog.bounded(r.eventId()))).count();
    return logged.size() + (int) pending;
  }

  @Override
  public void restored(RestoredBinding binding, Instant at, String eventId) {
    memory.restored(binding, at, eventId);
  }

  /** The event ids of the records that count, one per record, newest first. */
  private List<String> logged(RestoredBinding binding, Instant since) {
    ListLogEntriesRequest.Builder request = ListLogEntriesRequest.newBuilder().addResourceNames(source.view())
        .setFilter(filter(binding, since)).setOrderBy("timestamp desc").setPageSize(PAGE_SIZE);
    List<String> ids = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES && ids.size() < MAX_COUNTED; page++) {
      ListLogEntriesResponse response = read(request.build());
      response.getEntriesList().stream().flatMap(e -> counted(e, binding, since).stream()).forEach(ids::add);
      if (response.getNextPageToken().isEmpty()) {
        break;
      }
      request.setPageToken(response.getNextPageToken());
    }
    return ids;
  }

  private ListLogEntriesResponse read(ListLogEntriesRequest request) {
    try {
      return pages.apply(request);
    } catch (ApiException e) {
      Fault fault = Fault.of(e, Optional.empty());
      throw new GateReadFailed("listing the repaired decisions of " + source.service() + " in Cloud Logging"
          + " failed (" + e.getStatusCode().getCode() + ")", fault.passes(), e);
    } catch (UncheckedIOException e) {
      throw new GateReadFailed(e.getMessage(), false, e);
    }
  }

  /**
   * The Logging query of {@code binding}'s restores since {@code since}: the decision's own fields, in the
   * function's own log and service.
   */
  String filter(RestoredBinding binding, Instant since) {
    return Stream.of(
        "logName=" + quoted(source.logName()),
        "resource.type=" + quoted(RESOURCE_TYPE),
        "resource.labels.service_name=" + quoted(source.service()),
        "resource.labels.location=" + quoted(source.region()),
        "jsonPayload.outcome=" + quoted(REPAIRED),
        "jsonPayload.restored.target=" + quoted(binding.target()),
        "jsonPayload.restored.role=" + quoted(binding.role()),
        "jsonPayload.restored.member=" + quoted(binding.member()),
        "timestamp>=" + quoted(since.toString())).collect(Collectors.joining(" AND "));
  }

  /** The record's event id when {@code entry} is a record of this function restoring {@code binding}. */
  Optional<String> counted(LogEntry entry, RestoredBinding binding, Instant since) {
    Map<String, String> labels = entry.getResource().getLabelsMap();
    boolean ours = entry.getLogName().equals(source.logName()) && entry.getResource().getType().equals(RESOURCE_TYPE)
        && source.service().equals(labels.get("service_name")) && source.region().equals(labels.get("location"));
    if (!ours || !entry.hasJsonPayload() || !entry.hasTimestamp()
        || Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos()).isBefore(since)) {
      return Optional.empty();
    }
    Map<String, Value> payload = entry.getJsonPayload().getFieldsMap();
    Optional<String> eventId = text(payload.get("eventId")).filter(id -> !id.isEmpty());
    Value restored = payload.get("restored");
    if (!text(payload.get("outcome")).filter(REPAIRED::equals).isPresent() || eventId.isEmpty() || restored == null
        || !restored.hasListValue()) {
      return Optional.empty();
    }
    boolean restores = restored.getListValue().getValuesList().stream()
        .anyMatch(v -> v.hasStructValue() && same(v.getStructValue(), binding));
    return restores ? eventId : Optional.empty();
  }

  /** Whether one {@code restored[]} element is the binding: IAM folds the case of some members, as the merge does. */
  private static boolean same(Struct element, RestoredBinding binding) {
    Map<String, Value> fields = element.getFieldsMap();
    return text(fields.get("target")).filter(binding.target()::equals).isPresent()
        && text(fields.get("role")).filter(binding.role()::equals).isPresent()
        && text(fields.get("member")).filter(m -> PolicyMerge.sameMember(binding.member(), m)).isPresent()
        && condition(fields.get("condition")).equals(Optional.of(binding.condition()));
  }

  /** A record's condition: empty inside when null, its expression when an object; empty outside when malformed. */
  private static Optional<Optional<String>> condition(Value value) {
    if (value == null || value.hasNullValue()) {
      return Optional.of(Optional.empty());
    }
    if (!value.hasStructValue()) {
      return Optional.empty();
    }
    return text(value.getStructValue().getFieldsMap().get("expression")).map(Optional::of);
  }

  private static Optional<String> text(Value value) {
    return value != null && value.hasStringValue() ? Optional.of(value.getStringValue()) : Optional.empty();
  }

  // Its own small class for the reason CloudClients gives: the settings builder loads only when used.
  private static final class Clients {
    static LoggingClient create(CloudClients clients) throws java.io.IOException {
      return LoggingClient.create(clients.settings(LoggingSettings.newBuilder(), null));
    }
  }
}
