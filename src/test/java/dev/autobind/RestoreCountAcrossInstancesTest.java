package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.logging.v2.LoggingServiceV2Grpc;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import dev.autobind.pubsub.MessagePublished;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restore cap survives a restart: each function instance is built as the deployed function builds it
 * ({@code PolicyApplier.over} a function.yaml with a {@code function:} section), its decision lines go to the local
 * cloud's Cloud Logging as Cloud Run's standard output, and a new instance counts the restores of the one before
 * from there. The local cloud runs on the system clock, as the gate does.
 */
class RestoreCountAcrossInstancesTest {
  static final Path POLICY = Path.of("src/test/resources/admit/function.yaml");
  static final String OPS = "ml-platform-ops";
  static final String AUDIT = "projects/" + OPS + "/topics/autobind-audit";
  static final String ROLE = "roles/aiplatform.user";
  static final String PROJECT = "ml-inside-a";
  static final String TRAINER = "serviceAccount:ml-trainer@ml-inside-a.iam.gserviceaccount.com";
  static final String SET_PROJECT_POLICY = "google.cloud.resourcemanager.v3.Projects/SetIamPolicy";
  static final String LIST_ENTRIES = LoggingServiceV2Grpc.getListLogEntriesMethod().getFullMethodName();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalCloud cloud;
  private Instance instance;

  @BeforeAll
  static void startCloud() throws IOException {
    cloud = LocalCloud.builder().seed(Seed.fromResource("admit/seed.yaml")).start();
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void grantedOnce() throws Exception {
    cloud.reset();
    instance = new Instance();
    assertThat(instance.deliver(creation()).path("outcome").asText()).isEqualTo("applied");
  }

  @AfterEach
  void closeInstance() throws Exception {
    instance.close();
  }

  /** One function instance: its own clients, gate and memory, its standard output read by the local cloud. */
  static final class Instance implements AutoCloseable {
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final PolicyApplier engine;
    private final AutobindFunction function;

    Instance() {
      PolicyFile file = PolicyFile.load(POLICY, ShippedKinds.registry());
      engine = PolicyApplier.over(file, CloudClients.forEmulator(cloud.host()), ApplySettings.defaults(),
          ShippedKinds.plugins());
      OutputStream stdout = cloud.functionStdout(OPS, "us-central1", "autobind");
      OutputStream both = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          seen.write(b);
          stdout.write(b);
        }
      };
      function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
          new DecisionLog(new PrintStream(both, true, StandardCharsets.UTF_8)), Optional.empty());
    }

    /** Delivers one audit entry as the sink publishes it; the record the instance logged. */
    JsonNode deliver(ObjectNode entry) throws IOException {
      seen.reset();
      Instant now = Instant.now();
      PubsubMessage message = PubsubMessage.newBuilder()
          .setData(ByteString.copyFrom(JSON.writeValueAsBytes(entry))).setMessageId("m-" + System.nanoTime())
          .setPublishTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())).build();
      try {
        function.accept(MessagePublished.event(message, SubscriptionName.of(OPS, "autobind-sub"), AUDIT));
      } finally {
        seen.flush();
      }
      return record();
    }

    JsonNode record() throws IOException {
      List<String> lines = seen.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
      return JSON.readTree(lines.get(lines.size() - 1));
    }

    @Override
    public void close() throws Exception {
      engine.close();
    }
  }

  @Test
  void aNewInstanceRefusesTheFourthRestoreAsContestedWithNoWrite() throws Exception {
    for (int restore = 1; restore <= 3; restore++) {
      JsonNode record = removeAndDeliver(instance);
      assertThat(record.path("outcome").asText()).as("restore %d: %s", restore, record).isEqualTo("repaired");
    }
    instance.close();
    instance = new Instance();
    long writes = cloud.calls(SET_PROJECT_POLICY);

    JsonNode record = removeAndDeliver(instance);

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo("contested");
    assertThat(record.path("severity").asText()).isEqualTo("ERROR");
    assertThat(record.path("reason").asText()).isEqualTo(ROLE + " for " + TRAINER + " on"
        + " //cloudresourcemanager.googleapis.com/projects/" + PROJECT + " was restored 3 times in the last 24 hours"
        + " (policy.drift.maxRestoresPerDay: 3) and removed again by bob@example.com; it is left removed until"
        + " people agree who owns it");
    assertThat(cloud.calls(SET_PROJECT_POLICY)).as("policy writes").isEqualTo(writes);
    assertThat(members()).doesNotContain(TRAINER);
  }

  @Test
  void restoresLoggedAndRememberedAreCountedOnce() throws Exception {
    removeAndDeliver(instance);
    removeAndDeliver(instance);
    // The same instance: its two restores are in Logging and in its memory; counted twice they would cap the third.
    JsonNode third = removeAndDeliver(instance);

    assertThat(third.path("outcome").asText()).as(third.toString()).isEqualTo("repaired");
    assertThat(removeAndDeliver(instance).path("outcome").asText()).isEqualTo("contested");
  }

  @Test
  void aRestoreLoggingHasNotIngestedYetStillCounts() throws Exception {
    removeAndDeliver(instance);
    removeAndDeliver(instance);
    removeAndDeliver(instance);
    cloud.reset();
    // Logging's record is gone (as if not ingested yet): the instance's own memory still holds three restores.
    assertThat(instance.deliver(creation()).path("outcome").asText()).isEqualTo("applied");

    assertThat(removeAndDeliver(instance).path("outcome").asText()).isEqualTo("contested");
  }

  /** Cloud Logging failing as it may, and what the gate then does: no restore either way. */
  record Unreadable(String name, Status.Code code, String outcome, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Unreadable> unreadable() {
    String binding = ROLE + " for " + TRAINER + " on //cloudresourcemanager.googleapis.com/projects/" + PROJECT;
    return Stream.of(
        new Unreadable("read quota exhausted: retry, redelivered", Status.Code.RESOURCE_EXHAUSTED, "retry",
            "the restore count of " + binding + " could not be read: listing the repaired decisions of autobind in"
                + " Cloud Logging failed (RESOURCE_EXHAUSTED)"),
        new Unreadable("the function may not read its log view: contested", Status.Code.PERMISSION_DENIED,
            "contested", "the restore count of " + binding + " could not be read: listing the repaired decisions of"
                + " autobind in Cloud Logging failed (PERMISSION_DENIED); it is left removed until the count can be"
                + " read"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void unreadableLoggingRestoresNothing(Unreadable c) throws Exception {
    cloud.removeBinding("projects/" + PROJECT, ROLE, TRAINER, "bob@example.com");
    cloud.failNext(LIST_ENTRIES, c.code(), 1);
    long writes = cloud.calls(SET_PROJECT_POLICY);

    JsonNode record;
    if (c.outcome().equals("retry")) {
      assertThatThrownBy(() -> instance.deliver(lastAuditEntry()))
          .isInstanceOf(AutobindFunction.RedeliveryRequested.class);
      record = instance.record();
    } else {
      record = instance.deliver(lastAuditEntry());
    }

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo(c.outcome());
    assertThat(record.path("reason").asText()).isEqualTo(c.reason());
    assertThat(cloud.calls(SET_PROJECT_POLICY)).as("policy writes").isEqualTo(writes);
    assertThat(members()).doesNotContain(TRAINER);
    // Once Logging answers, the redelivered removal is restored.
    assertThat(instance.deliver(lastAuditEntry()).path("outcome").asText()).isEqualTo("repaired");
  }

  private static JsonNode removeAndDeliver(Instance on) throws IOException {
    cloud.removeBinding("projects/" + PROJECT, ROLE, TRAINER, "bob@example.com");
    return on.deliver(lastAuditEntry());
  }

  /** A GKE creation's last entry in the project, stamped now. */
  private static ObjectNode creation() throws IOException {
    JsonNode event = JSON.readTree(EventFixtures.read("../apply/events/train-gke-1.eventarc.json"));
    ObjectNode entry = (ObjectNode) JSON.readTree(event.path("data").toString().replace("ml-train-a", PROJECT));
    return entry.put("timestamp", Instant.now().toString());
  }

  private static ObjectNode lastAuditEntry() {
    List<ObjectNode> entries = cloud.auditEntries();
    return entries.get(entries.size() - 1);
  }

  private static List<String> members() {
    return cloud.iamPolicy("projects/" + PROJECT).getBindingsList().stream().filter(b -> b.getRole().equals(ROLE))
        .flatMap(b -> b.getMembersList().stream()).toList();
  }
}
