package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import dev.autobind.admit.Admission;
import dev.autobind.admit.Charter;
import dev.autobind.admit.MemoryRestoreLedger;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.ResourceManagerAncestry;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.cli.BackfillCli;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.PolicyFile;
import dev.autobind.pubsub.MessagePublished;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission gate on every path, against the local cloud, with {@code governedScope: [folders/234567890123]}:
 * what each refusal reads and writes, counted per gRPC method.
 */
class AdmissionFunctionTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("admit/seed.yaml");

  static final Path POLICY = Path.of("src/test/resources/admit/function.yaml");
  static final String OPS = "ml-platform-ops";
  static final String AUDIT = "projects/" + OPS + "/topics/autobind-audit";
  static final String BACKFILL = "projects/" + OPS + "/topics/autobind-backfill";
  static final String ROLE = "roles/aiplatform.user";
  static final String TERRAFORM = "terraform@ml-platform-ops.iam.gserviceaccount.com";
  static final Set<String> RESOURCE_MANAGER = Set.of("google.cloud.resourcemanager.v3.Projects/GetProject",
      "google.cloud.resourcemanager.v3.Folders/GetFolder");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private AutobindFunction function;

  @BeforeEach
  void newFunction() {
    PolicyFile file = PolicyFile.load(POLICY, ShippedKinds.registry());
    RetryLoop retry = new RetryLoop(LOCAL.clock()::advance, () -> 0.5, System::nanoTime);
    Reconciler applier = new Reconciler(Gateways.over(LOCAL.clients(), ShippedKinds.plugins()), ApplySettings.defaults(), retry, new TargetLocks(),
        LOCAL.clock());
    Admission gate = new Admission(Charter.of(file.function(), file.policy()),
        ResourceManagerAncestry.over(LOCAL.clients(), LOCAL.clock()), new MemoryRestoreLedger(), LOCAL.clock());
    PolicyApplier engine = new PolicyApplier(file.policy(), applier, () -> { }, Optional.of(new PolicyApplier.Drift(
        LOCAL.clients(), ShippedKinds.plugins(), file.function().map(f -> f.serviceAccountEmail()), LOCAL.clock(), false)), gate);
    function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
        new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)), Optional.empty());
  }

  /** One delivery the gate must refuse, what it must say, and (by construction) the project it names. */
  record Refusal(String name, Supplier<Delivery> delivery, String outcome, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A Pub/Sub delivery: the topic, the payload, and the publish time. */
  record Delivery(String topic, ObjectNode payload, Instant published) {
    Delivery from(String other) {
      return new Delivery(other, payload, published);
    }
  }

  static List<Refusal> refusals() {
    return List.of(
        new Refusal("a creation in a project outside the governed folder", () -> creation("ml-outside-b"), "ignored",
            "project ml-outside-b sits under folders/999000111 < organizations/123456789012, outside"
                + " function.governedScope (folders/234567890123)"),
        new Refusal("a backfill message for a project outside the governed folder",
            () -> backfill("ml-outside-b"), "ignored", "project ml-outside-b sits under folders/999000111"),
        new Refusal("a reconcile request on the audit topic", () -> reconcile().from(AUDIT), "invalid",
            "a backfill or reconcile message arrived from \"//pubsub.googleapis.com/" + AUDIT + "\"; it is accepted"
                + " only from //pubsub.googleapis.com/" + BACKFILL + " (function.backfillTopic)"),
        new Refusal("a backfill message on the audit topic", () -> backfill("ml-inside-a").from(AUDIT), "invalid",
            "a backfill or reconcile message arrived from \"//pubsub.googleapis.com/" + AUDIT + "\""),
        new Refusal("an audit entry on the backfill topic", () -> creation("ml-inside-a").from(BACKFILL), "invalid",
            "an audit entry arrived from \"//pubsub.googleapis.com/" + BACKFILL + "\"; it is accepted only from"
                + " //pubsub.googleapis.com/" + AUDIT + " (function.topic)"),
        new Refusal("an entry whose logName is not an audit log", () -> withEntry(creation("ml-inside-a"),
            e -> e.put("logName", "projects/ml-inside-a/logs/autobind-lookalike")), "ignored",
            "logName \"projects/ml-inside-a/logs/autobind-lookalike\" is not a Cloud Audit Logs log"),
        new Refusal("an entry stamped in the future", () -> withEntry(creation("ml-inside-a"),
            e -> e.put("timestamp", "2099-01-01T00:00:00Z")), "invalid",
            "the entry is stamped 2099-01-01T00:00:00Z, more than 5 min after its delivery was published"),
        new Refusal("a creation in an exempt project", () -> creation("ml-legacy-e"), "exempt",
            "exempt by policy.exemptions[0] (the legacy team manages its own IAM; until 2027-06-30)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachRefusalNamesWhatWasWrongAndReadsAndWritesNothingElse(Refusal r) throws IOException {
    Map<String, Long> before = LOCAL.cloud().calls();

    JsonNode record = deliver(r.delivery().get());

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo(r.outcome());
    assertThat(record.path("reason").asText()).startsWith(r.reason());
    assertThat(record.path("apiCalls").path("writes").asInt()).isZero();
    assertThat(called(before)).as("calls beyond Resource Manager's ancestry reads").isSubsetOf(RESOURCE_MANAGER);
  }

  @Test
  void ancestryIsReadOncePerProjectAndKeptForFiveMinutes() throws IOException {
    Map<String, Long> cold = LOCAL.cloud().calls();
    assertThat(deliver(creation("ml-inside-a")).path("outcome").asText()).isEqualTo("applied");
    Map<String, Long> warm = LOCAL.cloud().calls();
    assertThat(deliver(creation("ml-inside-a")).path("outcome").asText()).isEqualTo("compliant");
    Map<String, Long> expired = LOCAL.cloud().calls();
    LOCAL.clock().advance(ResourceManagerAncestry.KEPT_FOR.plusSeconds(1));
    deliver(creation("ml-inside-a"));
    Map<String, Long> after = LOCAL.cloud().calls();

    String getProject = "google.cloud.resourcemanager.v3.Projects/GetProject";
    long coldReads = delta(cold, warm, getProject) + delta(cold, warm, "google.cloud.resourcemanager.v3.Folders/GetFolder");
    long warmReads = delta(warm, expired, getProject) + delta(warm, expired, "google.cloud.resourcemanager.v3.Folders/GetFolder");
    assertThat(coldReads - warmReads).as("ancestry reads of a project in the governed folder, cold").isEqualTo(1);
    assertThat(delta(expired, after, getProject)).as("Resource Manager reads after 5 minutes")
        .isEqualTo(delta(cold, warm, getProject));
    assertThat(delta(warm, expired, "google.cloud.resourcemanager.v3.Folders/GetFolder")).isZero();
  }

  @Test
  void aProjectInAFolderOutsideTheScopeCostsOneReadPerNodeUpToTheTop() throws IOException {
    Map<String, Long> before = LOCAL.cloud().calls();

    deliver(creation("ml-outside-b"));

    Map<String, Long> after = LOCAL.cloud().calls();
    assertThat(delta(before, after, "google.cloud.resourcemanager.v3.Projects/GetProject")).isEqualTo(1);
    assertThat(delta(before, after, "google.cloud.resourcemanager.v3.Folders/GetFolder")).isEqualTo(1);
  }

  @Test
  void aReconcileLeavesProjectsOutsideTheScopeAndExemptProjectsUntouched() throws IOException {
    Map<String, Long> before = LOCAL.cloud().calls();

    JsonNode record = deliver(reconcile());

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo("reconciled");
    assertThat(record.path("message").asText()).startsWith("reconciled: reconciled the governed scope: 2 found,");
    assertThat(delta(before, LOCAL.cloud().calls(), "google.container.v1.ClusterManager/ListClusters"))
        .as("projects whose clusters were listed").isEqualTo(2);
    assertUntouched("ml-outside-b", "ml-legacy-e");
    assertThat(LOCAL.cloud().iamPolicy("projects/ml-inside-a").getBindingsList()).isNotEmpty();
  }

  @Test
  void directBackfillLeavesProjectsOutsideTheScopeAndExemptProjectsUntouched() {
    Map<String, Long> before = LOCAL.cloud().calls();

    BackfillCli.Result run = BackfillCli.run(Map.of("AUTOBIND_EMULATOR_HOST", LOCAL.cloud().host(),
        "AUTOBIND_POLICY", POLICY.toString()), PublishSettings.defaults(), Duration.ofMillis(10), "--direct");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("backfill done: 2 found");
    assertThat(delta(before, LOCAL.cloud().calls(), "google.container.v1.ClusterManager/ListClusters"))
        .as("projects whose clusters were listed").isEqualTo(2);
    assertThat(delta(before, LOCAL.cloud().calls(), "google.cloud.resourcemanager.v3.Projects/GetProject"))
        .as("projects read again after the search returned them").isZero();
    assertThat(run.err()).as("refused by where the search said it sits").contains("ml-outside-b")
        .contains("sits under folders/999000111");
    assertUntouched("ml-outside-b", "ml-legacy-e");
  }

  @Test
  void aRemovalByAPrincipalRemovedByNamesIsExempt() throws IOException {
    deliver(creation("ml-iac-c"));
    String trainer = "serviceAccount:ml-trainer@ml-iac-c.iam.gserviceaccount.com";
    LOCAL.cloud().removeBinding("projects/ml-iac-c", ROLE, trainer, TERRAFORM);
    Map<String, Long> before = LOCAL.cloud().calls();

    JsonNode record = deliver(lastAuditEntry());

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo("exempt");
    assertThat(record.path("reason").asText()).isEqualTo("removed by " + TERRAFORM + ", whose removals"
        + " policy.exemptions[1].removedBy leaves alone (Terraform owns these projects' IAM; until 2027-06-30)");
    assertThat(called(before)).isSubsetOf(RESOURCE_MANAGER);
    assertThat(members("ml-iac-c")).doesNotContain(trainer);
  }

  @Test
  void theFourthRestoreOfOneBindingInADayIsContestedAndWritesNothing() throws IOException {
    deliver(creation("ml-inside-a"));
    String trainer = "serviceAccount:ml-trainer@ml-inside-a.iam.gserviceaccount.com";
    for (int restore = 1; restore <= 3; restore++) {
      LOCAL.cloud().removeBinding("projects/ml-inside-a", ROLE, trainer, "bob@example.com");
      JsonNode record = deliver(lastAuditEntry());
      assertThat(record.path("outcome").asText()).as("restore %d: %s", restore, record).isEqualTo("repaired");
      LOCAL.clock().advance(Duration.ofHours(1));
    }
    LOCAL.cloud().removeBinding("projects/ml-inside-a", ROLE, trainer, "bob@example.com");
    Map<String, Long> before = LOCAL.cloud().calls();

    JsonNode record = deliver(lastAuditEntry());

    assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo("contested");
    assertThat(record.path("severity").asText()).isEqualTo("ERROR");
    assertThat(record.path("reason").asText()).isEqualTo(ROLE + " for " + trainer + " on"
        + " //cloudresourcemanager.googleapis.com/projects/ml-inside-a was restored 3 times in the last 24 hours"
        + " (policy.drift.maxRestoresPerDay: 3) and removed again by bob@example.com; it is left removed until"
        + " people agree who owns it");
    assertThat(called(before)).isSubsetOf(RESOURCE_MANAGER);
    assertThat(members("ml-inside-a")).doesNotContain(trainer);
  }

  /** A GKE creation's last entry in {@code project}, from the audit topic, stamped and published now. */
  static Delivery creation(String project) {
    ObjectNode entry = (ObjectNode) read("../apply/events/train-gke-1.eventarc.json").path("data");
    ObjectNode moved = (ObjectNode) parse(entry.toString().replace("ml-train-a", project));
    moved.put("timestamp", LOCAL.clock().instant().toString());
    return new Delivery(AUDIT, moved, LOCAL.clock().instant());
  }

  static Delivery backfill(String project) {
    ObjectNode message = JSON.createObjectNode().put("schema", "autobind.backfill/v1").put("resource",
        "//container.googleapis.com/projects/" + project + "/locations/us-central1-a/clusters/train-gke-1");
    return new Delivery(BACKFILL, message, LOCAL.clock().instant());
  }

  static Delivery reconcile() {
    ObjectNode message = JSON.createObjectNode().put("schema", "autobind.backfill/v1").put("reconcile", "scheduled");
    return new Delivery(BACKFILL, message, LOCAL.clock().instant());
  }

  static Delivery withEntry(Delivery delivery, java.util.function.Consumer<ObjectNode> change) {
    change.accept(delivery.payload());
    return delivery;
  }

  /** The audit entry the local cloud wrote for the last policy change, as the sink publishes it. */
  static Delivery lastAuditEntry() {
    List<ObjectNode> entries = LOCAL.cloud().auditEntries();
    return new Delivery(AUDIT, entries.get(entries.size() - 1), LOCAL.clock().instant());
  }

  /** Delivers one message as Eventarc hands a Pub/Sub message to the function; the record it logged. */
  private JsonNode deliver(Delivery d) throws IOException {
    stdout.reset();
    Instant at = d.published();
    PubsubMessage message = PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(JSON.writeValueAsBytes(d.payload())))
        .setMessageId("m-" + System.nanoTime())
        .setPublishTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
    String topic = d.topic();
    function.accept(MessagePublished.event(message, SubscriptionName.of(OPS, "autobind-sub"), topic));
    List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static void assertUntouched(String... projects) {
    for (String project : projects) {
      assertThat(LOCAL.cloud().iamPolicy("projects/" + project).getBindingsList()).as(project).isEmpty();
    }
  }

  private static Set<String> members(String project) {
    return LOCAL.cloud().iamPolicy("projects/" + project).getBindingsList().stream()
        .filter(b -> b.getRole().equals(ROLE)).flatMap(b -> b.getMembersList().stream()).collect(Collectors.toSet());
  }

  /** The methods called since {@code before}. */
  private static Set<String> called(Map<String, Long> before) {
    Map<String, Long> now = new HashMap<>(LOCAL.cloud().calls());
    return now.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
        .map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  private static long delta(Map<String, Long> from, Map<String, Long> to, String method) {
    return to.getOrDefault(method, 0L) - from.getOrDefault(method, 0L);
  }

  private static JsonNode read(String fixture) {
    return parse(new String(EventFixtures.read(fixture), StandardCharsets.UTF_8));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
