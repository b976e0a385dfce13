package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.api.core.SettableApiFuture;
import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.pubsub.v1.PubsubMessage;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexModel;
import dev.autobind.policy.Glob;
import dev.autobind.policy.ProjectScope;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each publish outcome, the bounded retry, and that every failure is reported by resource name. */
class BackfillPublisherTest {

  private static final ProjectScope ALL = new ProjectScope(List.of(Glob.of("*")), List.of());
  private static final FoundResource CLUSTER =
      new FoundResource(GkeCluster.KIND, "ml-alpha", "us-central1-a", "train-1");

  /** What one send does: complete with an id, fail with a status, or throw before returning a future. */
  private static Supplier<ApiFuture<String>> ok() {
    return () -> {
      SettableApiFuture<String> f = SettableApiFuture.create();
      f.set("m-1");
      return f;
    };
  }

  private static Supplier<ApiFuture<String>> fails(Status.Code code, String description) {
    return () -> {
      SettableApiFuture<String> f = SettableApiFuture.create();
      f.setException(ApiExceptionFactory.createException(
          Status.fromCode(code).withDescription(description).asRuntimeException(), GrpcStatusCode.of(code),
          false));
      return f;
    };
  }

  private static Supplier<ApiFuture<String>> throwsAtOnce() {
    return () -> {
      throw new IllegalStateException("the publisher is shut down");
    };
  }

  /** A scripted sequence of send outcomes for one resource, and what the report must then say. */
  record Case(String name, List<Supplier<ApiFuture<String>>> sends, int expectedSends, String failure) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("published at once", List.of(ok()), 1, null),
        new Case("unavailable once, then published", List.of(fails(Status.Code.UNAVAILABLE, "down"), ok()), 2, null),
        new Case("deadline twice, then published", List.of(fails(Status.Code.DEADLINE_EXCEEDED, "slow"),
            fails(Status.Code.DEADLINE_EXCEEDED, "slow"), ok()), 3, null),
        new Case("unavailable every time", List.of(fails(Status.Code.UNAVAILABLE, "down"),
            fails(Status.Code.UNAVAILABLE, "down"), fails(Status.Code.UNAVAILABLE, "down"), ok()), 3,
            "publish failed after 3 attempts: UNAVAILABLE: down"),
        new Case("topic not found is not retried", List.of(fails(Status.Code.NOT_FOUND, "Topic not found"), ok()), 1,
            "publish failed after 1 attempt: NOT_FOUND: Topic not found"),
        new Case("permission denied is not retried", List.of(fails(Status.Code.PERMISSION_DENIED,
            "User not authorized to perform this action."), ok()), 1,
            "publish failed after 1 attempt: PERMISSION_DENIED: User not authorized to perform this action."),
        new Case("send throws", List.of(throwsAtOnce(), ok()), 1,
            "publish failed after 1 attempt: IllegalStateException: the publisher is shut down"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outcomeIsPublishedOrAFailureNamingTheResource(Case c) throws Exception {
    Deque<Supplier<ApiFuture<String>>> script = new ArrayDeque<>(c.sends());
    List<PubsubMessage> sent = new ArrayList<>();
    BackfillReport report = new BackfillReport(ALL);
    report.admit(CLUSTER);

    try (BackfillPublisher publisher = new BackfillPublisher(m -> {
      synchronized (sent) {
        sent.add(m);
      }
      return script.removeFirst().get();
    }, report, 2, Duration.ofMillis(1))) {
      publisher.accept(CLUSTER);
      publisher.finish();
    }

    assertThat(sent).hasSize(c.expectedSends()).allMatch(m -> m.equals(BackfillPublisher.message(CLUSTER)));
    BackfillReport.Snapshot s = report.snapshot();
    if (c.failure() == null) {
      assertThat(s.outcomes()).isEqualTo(Map.of("published", 1L));
      assertThat(s.failures()).isEmpty();
    } else {
      assertThat(s.outcomes()).isEmpty();
      assertThat(s.failures()).containsExactly(new BackfillReport.Failure(CLUSTER.fullName(), c.failure()));
    }
  }

  @Test
  void everyFailedResourceIsNamedAndNoneIsDroppedWhenResultsArriveOnOtherThreads() throws Exception {
    BackfillReport report = new BackfillReport(ALL);
    ExecutorService completer = Executors.newFixedThreadPool(4);
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    List<FoundResource> resources = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      resources.add(new FoundResource(VertexModel.KIND, "ml-alpha", "us-central1", "model-" + i));
    }
    BackfillPublisher.Sender sender = m -> {
      String data = m.getData().toStringUtf8();
      int n = Integer.parseInt(data.substring(data.lastIndexOf('-') + 1, data.lastIndexOf('"')));
      int attempt = attempts.computeIfAbsent(data, d -> new AtomicInteger()).incrementAndGet();
      SettableApiFuture<String> f = SettableApiFuture.create();
      completer.execute(() -> {
        if (n % 30 == 0) {
          f.setException(ApiExceptionFactory.createException(Status.NOT_FOUND.withDescription("gone").asRuntimeException(),
              GrpcStatusCode.of(Status.Code.NOT_FOUND), false));
        } else if (n % 7 == 0 && attempt == 1) {
          f.setException(ApiExceptionFactory.createException(Status.UNAVAILABLE.asRuntimeException(),
              GrpcStatusCode.of(Status.Code.UNAVAILABLE), true));
        } else {
          f.set("id-" + n);
        }
      });
      return f;
    };

    try (BackfillPublisher publisher = new BackfillPublisher(sender, report, 2, Duration.ofMillis(1))) {
      resources.forEach(r -> {
        report.admit(r);
        publisher.accept(r);
      });
      publisher.finish();
    } finally {
      completer.shutdownNow();
    }

    BackfillReport.Snapshot s = report.snapshot();
    assertThat(s.outcomes()).isEqualTo(Map.of("published", 290L));
    assertThat(s.failures()).extracting(BackfillReport.Failure::resource).containsExactlyInAnyOrderElementsOf(
        resources.stream().filter(r -> Integer.parseInt(r.name().substring(6)) % 30 == 0)
            .map(FoundResource::fullName).toList());
    assertThat(s.failures()).allMatch(f -> f.reason().equals("publish failed after 1 attempt: NOT_FOUND: gone"));
  }
}
