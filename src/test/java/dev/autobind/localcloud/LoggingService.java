package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.LoggingServiceV2Grpc;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.logging.v2.LoggingServiceV2: ListLogEntries over {@link CloudLog}, for the entries of the projects the
 * request names (a project, or a log view in one of its buckets), filtered with {@link LogFilter}.
 */
final class LoggingService extends LoggingServiceV2Grpc.LoggingServiceV2ImplBase {
  private static final Pattern RESOURCE_NAME =
      Pattern.compile("projects/([a-z][-a-z0-9]{4,28}[a-z0-9])(/locations/[^/]+/buckets/[^/]+/views/[^/]+)?");
  private static final Pattern LOG_PROJECT = Pattern.compile("projects/([^/]+)/logs/.+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final World world;
  private final CloudLog log;

  LoggingService(World world, CloudLog log) {
    this.world = world;
    this.log = log;
  }

  @Override
  public void listLogEntries(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> observer) {
    Rpc.unary(world, observer, () -> {
      if (request.getResourceNamesCount() == 0) {
        throw Rpc.invalid("resource_names: at least one is required");
      }
      List<String> projects = new ArrayList<>();
      for (String name : request.getResourceNamesList()) {
        Matcher m = RESOURCE_NAME.matcher(name);
        if (!m.matches()) {
          throw Rpc.invalid("resource_names: \"" + name + "\" is not a project or a log view");
        }
        projects.add(m.group(1));
      }
      LogFilter filter = LogFilter.parse(request.getFilter());
      Comparator<LogEntry> byTime = Comparator.comparing((LogEntry e) -> e.getTimestamp().getSeconds())
          .thenComparing(e -> e.getTimestamp().getNanos());
      Comparator<LogEntry> order = switch (request.getOrderBy()) {
        case "", "timestamp asc" -> byTime;
        case "timestamp desc" -> byTime.reversed();
        default -> throw Rpc.invalid("order_by: \"" + request.getOrderBy() + "\"; expected timestamp asc or desc");
      };
      List<LogEntry> found = log.entries().stream().filter(e -> projects.contains(projectOf(e)))
          .filter(e -> filter.matches(json(e))).sorted(order).toList();
      Page<LogEntry> page = Page.of(found, request.getPageSize(), request.getPageToken(), 50);
      return ListLogEntriesResponse.newBuilder().addAllEntries(page.items()).setNextPageToken(page.nextPageToken())
          .build();
    });
  }

  private static String projectOf(LogEntry entry) {
    Matcher m = LOG_PROJECT.matcher(entry.getLogName());
    return m.matches() ? m.group(1) : "";
  }

  private static JsonNode json(LogEntry entry) {
    try {
      return JSON.readTree(JsonFormat.printer().print(entry));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored entry cannot be printed as JSON", e);
    } catch (IOException e) {
      throw new IllegalStateException("a stored entry's JSON cannot be read", e);
    }
  }
}
