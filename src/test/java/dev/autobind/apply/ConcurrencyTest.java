package dev.autobind.apply;

import static dev.autobind.apply.ApplyFixture.POLICY;
import static dev.autobind.apply.ApplyFixture.SET_ACCOUNT_POLICY;
import static dev.autobind.apply.ApplyFixture.SET_PROJECT_POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Policy;
import dev.autobind.event.Outcome;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.ManualClock;
import dev.autobind.localcloud.Seed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many events at once inside one instance, each converging its targets concurrently: every binding
 * lands, nothing foreign is lost, and no target ever has two writers at once, with or without faults.
 */
class ConcurrencyTest {
  static final int PROJECTS = 4;
  static final int CLUSTERS_PER_PROJECT = 8;

  private LocalCloud cloud;
  private CloudClients clients;
  private final ManualClock clock = ManualClock.atEpochOf2025();

  @BeforeEach
  void start() throws Exception {
    cloud = LocalCloud.builder().seed(Seed.parse(seed(), "generated")).clock(clock).start();
    clients = CloudClients.forEmulator(cloud.host());
  }

  @AfterEach
  void stop() {
    try {
      clients.close();
    } finally {
      cloud.close();
    }
  }

  static String seed() {
    StringBuilder yaml = new StringBuilder("projects:\n");
    for (int p = 0; p < PROJECTS; p++) {
      yaml.append("  - id: ml-burst-").append(p).append("\n    number: ").append(900_000_000_000L + p).append('\n')
          .append("    iamPolicy:\n      bindings:\n")
          .append("        - {role: roles/storage.admin, members: [\"group:data-").append(p).append("@example.com\"]}\n")
          .append("        - role: roles/bigquery.user\n          members: [\"user:ana@example.com\"]\n")
          .append("          condition: {title: until-2030, expression: \"request.time < timestamp('2030-01-01T00:00:00Z')\"}\n")
          .append("    clusters:\n");
      for (int c = 0; c < CLUSTERS_PER_PROJECT; c++) {
        yaml.append("      - {location: europe-west4-b, name: burst-").append(c)
            .append(", workloadPool: ml-burst-").append(p).append(".svc.id.goog}\n");
      }
    }
    return yaml.toString();
  }

  /** Faults injected on every method, and the redeliveries an event may need to get through them. */
  record Faults(String name, double unavailable, double aborted, int deliveries) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Faults> faults() {
    return Stream.of(new Faults("no faults", 0, 0, 1),
        new Faults("10% UNAVAILABLE and 10% ABORTED on every method", 0.1, 0.1, 10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void thirtyTwoEventsAtOnceOverFourProjectsConvergeWithOneWriterPerTarget(Faults faults) throws Exception {
    List<Policy> before = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      before.add(cloud.iamPolicy("projects/ml-burst-" + p));
    }
    for (String method : cloud.methods()) {
      cloud.delay(method, Duration.ofMillis(20));
      if (faults.unavailable() > 0) {
        cloud.failRandomly(method, io.grpc.Status.Code.UNAVAILABLE, faults.unavailable(), method.hashCode());
        cloud.failRandomly(method, io.grpc.Status.Code.ABORTED, faults.aborted(), method.hashCode() + 1L);
      }
    }
    RetryLoop retry = new RetryLoop(d -> Thread.sleep(d.toMillis()), () -> 0.5, System::nanoTime);
    CallTrace trace = new CallTrace();
    Reconciler applier = new Reconciler(trace.wrap(Gateways.over(clients, ShippedKinds.plugins())), ApplySettings.defaults(), retry,
        new TargetLocks(), clock);
    ExecutorService pool = Executors.newFixedThreadPool(PROJECTS * CLUSTERS_PER_PROJECT);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ApplyResult>> results = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      for (int c = 0; c < CLUSTERS_PER_PROJECT; c++) {
        ResourceEvent event = ApplyFixture.cluster("ml-burst-" + p, "europe-west4-b", "burst-" + c, clock.instant());
        results.add(pool.submit(() -> {
          go.await();
          ApplyResult result = EventMapping.reconcile(applier, event, POLICY);
          for (int delivery = 1; result.status() == Outcome.RETRY && delivery < faults.deliveries();
              delivery++) {
            result = EventMapping.reconcile(applier, event, POLICY);
          }
          return result;
        }));
      }
    }
    go.countDown();
    List<Outcome> statuses = new ArrayList<>();
    for (Future<ApplyResult> result : results) {
      statuses.add(result.get().status());
    }
    pool.shutdown();
    cloud.clearFaults();

    assertThat(statuses).isSubsetOf(Outcome.APPLIED, Outcome.COMPLIANT);
    assertThat(trace.mostConcurrentWritersOnOneTarget()).isEqualTo(1);
    for (int p = 0; p < PROJECTS; p++) {
      String email = "ml-trainer@ml-burst-" + p + ".iam.gserviceaccount.com";
      Policy project = cloud.iamPolicy("projects/ml-burst-" + p);
      assertThat(project.getBindingsList()).containsAll(before.get(p).getBindingsList());
      assertThat(members(project, "roles/aiplatform.user")).containsExactly("serviceAccount:" + email);
      assertThat(members(project, "roles/container.developer")).containsExactly("group:ml-engineers@example.com");
      assertThat(members(cloud.iamPolicy("projects/ml-burst-" + p + "/serviceAccounts/" + email),
          "roles/iam.workloadIdentityUser")).containsExactly("serviceAccount:ml-burst-" + p + ".svc.id.goog[training/trainer]");
    }
    if (faults.unavailable() == 0) {
      assertThat(cloud.calls(SET_PROJECT_POLICY)).isEqualTo(PROJECTS);
      assertThat(cloud.calls(SET_ACCOUNT_POLICY)).isEqualTo(PROJECTS);
    }
  }

  private static List<String> members(Policy policy, String role) {
    return policy.getBindingsList().stream().filter(b -> b.getRole().equals(role))
        .flatMap(b -> b.getMembersList().stream()).toList();
  }

}
