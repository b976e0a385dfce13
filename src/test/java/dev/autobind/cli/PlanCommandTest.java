package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.plan.ReferenceEvents;
import dev.autobind.policy.PolicyFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class PlanCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PolicyFile SHIPPED = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry());
  private static final String EVENTS = "src/test/resources/plan/events/";

  private static final String DEMO_TRAIN = "//cloudresourcemanager.googleapis.com/projects/demo-train";
  private static final String DEMO_TRAIN_SA =
      "//iam.googleapis.com/projects/demo-train/serviceAccounts/ml-trainer@demo-train.iam.gserviceaccount.com";
  private static final String DEMO_MODELS = "//cloudresourcemanager.googleapis.com/projects/demo-models";
  private static final String DEMO_MODELS_SA =
      "//iam.googleapis.com/projects/demo-models/serviceAccounts/ml-trainer@demo-models.iam.gserviceaccount.com";

  /** A reference event file, what intake makes of it, and the JSON bindings the shipped policy implies. */
  record Reference(String file, Intake intake, String outcome, List<String> bindings, List<String> skipped,
      List<String> kubernetes) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Reference> references() {
    return Stream.of(
        new Reference("gke-create-first.eventarc.json", new Intake.Resource(ReferenceEvents.gkeCreateFirst()), "plan",
            gkeBindings(), List.of(TRAINER_OFFLINE, "model-reviewers: applies to vertex-model, not gke-cluster",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
                "endpoint-callers: applies to vertex-endpoint, not gke-cluster",
                "kubernetes: the cluster is still being created; its Kubernetes objects are applied when the"
                    + " operation's last entry arrives"), List.of()),
        new Reference("gke-create-last.eventarc.json", new Intake.Resource(ReferenceEvents.gkeCreateLast()), "plan",
            gkeBindings(), List.of(TRAINER_OFFLINE, "model-reviewers: applies to vertex-model, not gke-cluster",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
                "endpoint-callers: applies to vertex-endpoint, not gke-cluster"), List.of("Namespace null training {\"team\":\"ml-platform\"} {}",
                "ServiceAccount training trainer {} {\"iam.gke.io/gcp-service-account\":"
                    + "\"ml-trainer@demo-train.iam.gserviceaccount.com\"}",
                "RoleBinding training ml-engineers-edit {} {} ClusterRole/edit [\"Group:ml-engineers@example.com\"]",
                "ClusterRoleBinding null ml-engineers-view {} {} ClusterRole/view"
                    + " [\"Group:ml-engineers@example.com\"]")),
        new Reference("vertex-upload.pubsub.json", new Intake.Resource(ReferenceEvents.vertexUpload()), "plan",
            vertexBindings(), List.of("engineers-on-clusters: applies to gke-cluster, not vertex-model",
                "trainer-workload-identity: applies to gke-cluster, not vertex-model",
                "tpu-workloads: applies to tpu-node and tpu-queued-resource, not vertex-model",
                "endpoint-callers: applies to vertex-endpoint, not vertex-model"), List.of()),
        new Reference("gke-create-failed.eventarc.json",
            new Intake.Ignored("creation failed: status 3"), "ignored", List.of(), List.of(), List.of()));
  }

  /** The trainer's typed member needs the project number, which only the API knows. */
  private static final String TRAINER_OFFLINE = "trainer-workload-identity: project number unknown offline;"
      + " roles/iam.workloadIdentityUser for principal://iam.googleapis.com/projects/${projectNumber}/locations/global"
      + "/workloadIdentityPools/${workloadPool}/subject/ns/training/sa/trainer not planned";

  private static List<String> gkeBindings() {
    String sa = "serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com";
    return List.of(
        DEMO_TRAIN + " | roles/aiplatform.user | " + sa + " | null | training-identity",
        DEMO_TRAIN + " | roles/storage.objectViewer | " + sa + " | " + datasets("demo-train") + " | training-identity",
        DEMO_TRAIN + " | roles/artifactregistry.reader | " + sa + " | null | training-identity",
        DEMO_TRAIN + " | roles/logging.logWriter | " + sa + " | null | training-identity",
        DEMO_TRAIN + " | roles/monitoring.metricWriter | " + sa + " | null | training-identity",
        DEMO_TRAIN + " | roles/container.developer | group:ml-engineers@example.com | null | engineers-on-clusters",
        DEMO_TRAIN_SA + " | roles/iam.serviceAccountUser | group:ml-engineers@example.com | null | engineers-launch-as-trainer");
  }

  private static List<String> vertexBindings() {
    String sa = "serviceAccount:ml-trainer@demo-models.iam.gserviceaccount.com";
    return List.of(
        DEMO_MODELS + " | roles/aiplatform.user | " + sa + " | null | training-identity",
        DEMO_MODELS + " | roles/storage.objectViewer | " + sa + " | " + datasets("demo-models") + " | training-identity",
        DEMO_MODELS + " | roles/artifactregistry.reader | " + sa + " | null | training-identity",
        DEMO_MODELS + " | roles/logging.logWriter | " + sa + " | null | training-identity",
        DEMO_MODELS + " | roles/monitoring.metricWriter | " + sa + " | null | training-identity",
        DEMO_MODELS_SA + " | roles/iam.serviceAccountUser | group:ml-engineers@example.com | null | engineers-launch-as-trainer",
        "//aiplatform.googleapis.com/projects/demo-models/locations/us-central1/models/9988776655443322110"
            + " | roles/aiplatform.viewer | group:ml-reviewers@example.com | null | model-reviewers");
  }

  private static String datasets(String project) {
    return "{\"title\":\"datasets bucket only\",\"description\":\"The " + project + "-datasets bucket and its objects\","
        + "\"expression\":\"resource.name == \\\"projects/_/buckets/" + project + "-datasets\\\" ||"
        + " resource.name.startsWith(\\\"projects/_/buckets/" + project + "-datasets/\\\")\"}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void jsonListsExactlyTheBindingsTheShippedPolicyImplies(Reference r) throws IOException {
    PlanReport.Rendered rendered = PlanReport.render(r.intake(), SHIPPED, true);

    assertThat(rendered.exitCode()).isZero();
    assertPlanJson(JSON.readTree(rendered.text()), r);
  }

  /**
   * The same check through the real command and the real decoder. The decoder is built by the intake
   * work; until it is merged, {@code decodeStructured} throws and this test is skipped, not failed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void theCommandPlansTheReferenceEventFiles(Reference r) throws IOException {

    CliRun run = CliRun.of("plan", "--event", EVENTS + r.file(), "--policy", "function.yaml", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode json = JSON.readTree(run.out());
    if (r.outcome().equals("ignored")) {
      assertThat(json.get("outcome").asText()).isEqualTo("ignored");
      assertThat(json.get("reason").asText()).isNotBlank();
    } else {
      assertPlanJson(json, r);
    }
  }

  private static void assertPlanJson(JsonNode json, Reference r) {
    assertThat(json.get("outcome").asText()).isEqualTo(r.outcome());
    if (r.outcome().equals("ignored")) {
      assertThat(json.get("reason").asText()).isEqualTo(((Intake.Ignored) r.intake()).reason());
      return;
    }
    ResourceEvent event = ((Intake.Resource) r.intake()).event();
    assertThat(json.at("/serviceAccount/email").asText())
        .isEqualTo("ml-trainer@" + event.project() + ".iam.gserviceaccount.com");
    List<String> bindings = new ArrayList<>();
    json.get("bindings").forEach(b -> bindings.add(b.get("target").asText() + " | " + b.get("role").asText() + " | "
        + b.get("member").asText() + " | " + b.get("condition") + " | " + b.get("rule").asText()));
    assertThat(bindings).containsExactlyElementsOf(r.bindings());
    List<String> skipped = new ArrayList<>();
    json.get("skipped").forEach(s -> skipped.add(s.get("rule").asText() + ": " + s.get("reason").asText()));
    assertThat(skipped).containsExactlyElementsOf(r.skipped());
    List<String> objects = new ArrayList<>();
    json.get("kubernetes").forEach(o -> objects.add(String.join(" ", o.get("kind").asText(), o.get("namespace").asText(),
        o.get("name").asText(), String.valueOf(o.get("labels")), String.valueOf(o.get("annotations")))
        + (o.has("role") ? " " + o.get("role").asText() + " " + o.get("subjects") : "")));
    assertThat(objects).containsExactlyElementsOf(r.kubernetes());
    assertThat(json.at("/facts/projectNumber").isNull()).isTrue();
    assertThat(json.at("/facts/labels").isNull()).isTrue();
    assertThat(json.at("/facts/workloadPool").asText()).isEqualTo(event.project() + ".svc.id.goog");
  }

  @Test
  void textShowsTargetsSkipsAndWhatIsUnknownOffline() {
    PlanReport.Rendered rendered = PlanReport.render(new Intake.Resource(ReferenceEvents.gkeCreateFirst()), SHIPPED, false);

    String sa = "serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com";
    assertThat(rendered.exitCode()).isZero();
    assertThat(rendered.text()).isEqualTo(String.join("\n",
        "plan: gke-cluster trainer-1 in demo-train/us-central1-a (phase first)",
        "  resource //container.googleapis.com/projects/demo-train/locations/us-central1-a/clusters/trainer-1",
        "service account: ensure ml-trainer@demo-train.iam.gserviceaccount.com exists",
        "bindings to add:",
        "  " + DEMO_TRAIN,
        "    roles/aiplatform.user  " + sa + "  (rule training-identity)",
        "    roles/storage.objectViewer  " + sa + "  if \"datasets bucket only\"  (rule training-identity)",
        "    roles/artifactregistry.reader  " + sa + "  (rule training-identity)",
        "    roles/logging.logWriter  " + sa + "  (rule training-identity)",
        "    roles/monitoring.metricWriter  " + sa + "  (rule training-identity)",
        "    roles/container.developer  group:ml-engineers@example.com  (rule engineers-on-clusters)",
        "  " + DEMO_TRAIN_SA,
        "    roles/iam.serviceAccountUser  group:ml-engineers@example.com  (rule engineers-launch-as-trainer)",
        "skipped:",
        "  " + TRAINER_OFFLINE,
        "  model-reviewers: applies to vertex-model, not gke-cluster",
        "  tpu-workloads: applies to tpu-node and tpu-queued-resource, not gke-cluster",
        "  endpoint-callers: applies to vertex-endpoint, not gke-cluster",
        "  kubernetes: the cluster is still being created; its Kubernetes objects are applied when the operation's last"
            + " entry arrives",
        "facts (offline: no API was called; project number and labels are unknown):",
        "  workload pool: demo-train.svc.id.goog (workload pool assumed PROJECT.svc.id.goog:"
            + " GKE always names a project's pool so)"));
  }

  /** A decoded event that ends without a plan, and the JSON and exit code for it. */
  record NoPlan(String name, Intake intake, String json, int exitCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NoPlan> noPlans() {
    return Stream.of(
        new NoPlan("a project outside the policy", new Intake.Resource(ReferenceEvents.gke("other-team", "us-east1", "c1",
            dev.autobind.event.Phase.FIRST)),
            "{\"outcome\":\"ignored\",\"reason\":\"project other-team is not in policy.projects.include\"}", 0),
        new NoPlan("an excluded project", new Intake.Resource(ReferenceEvents.gke("ml-x-sandbox", "us-east1", "c1",
            dev.autobind.event.Phase.FIRST)),
            "{\"outcome\":\"ignored\",\"reason\":\"project ml-x-sandbox is excluded by policy.projects.exclude *-sandbox\"}", 0),
        new NoPlan("a project known only by number", new Intake.Resource(ReferenceEvents.vertex("210987654321", "us-central1",
            "1")), "{\"outcome\":\"ignored\",\"reason\":\"the event names project number 210987654321 only; its project id"
            + " cannot be looked up offline (apply reads it from the API)\"}", 0),
        new NoPlan("an event intake ignores", new Intake.Ignored("method google.container.v1.ClusterManager.DeleteCluster is"
            + " not watched"), "{\"outcome\":\"ignored\",\"reason\":\"method google.container.v1.ClusterManager.DeleteCluster"
            + " is not watched\"}", 0),
        new NoPlan("an invalid event", new Intake.Invalid("data.protoPayload.resourceName", "missing"),
            "{\"outcome\":\"invalid\",\"error\":\"data.protoPayload.resourceName: missing\"}", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noPlans")
  void saysWhyThereIsNoPlan(NoPlan c) {
    PlanReport.Rendered rendered = PlanReport.render(c.intake(), SHIPPED, true);

    assertThat(rendered.text()).isEqualTo(c.json());
    assertThat(rendered.exitCode()).isEqualTo(c.exitCode());
  }

  @Test
  void theCommandHandsTheFileBytesToTheDecoderAndPrintsThePlan() throws IOException {
    AtomicReference<byte[]> seen = new AtomicReference<>();
    Function<byte[], Intake> decoder = bytes -> {
      seen.set(bytes);
      return new Intake.Resource(ReferenceEvents.gkeCreateFirst());
    };

    CliRun run = CliRun.of(withDecoder(decoder, Map.of()), "plan", "--event", EVENTS + "gke-create-first.eventarc.json",
        "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(seen.get()).isEqualTo(Files.readAllBytes(Path.of(EVENTS + "gke-create-first.eventarc.json")));
    assertThat(JSON.readTree(run.out()).get("bindings")).hasSize(7);
  }

  @Test
  void readsTheEventFromStandardInput() {
    AtomicReference<byte[]> seen = new AtomicReference<>();
    CliRun run = CliRun.of(cl -> {
      PlanCommand plan = plan(cl);
      plan.stdin = new ByteArrayInputStream("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      plan.decoder = bytes -> {
        seen.set(bytes);
        return new Intake.Invalid("specversion", "missing");
      };
    }, "plan", "--event", "-", "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(new String(seen.get(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"x\"}");
    assertThat(run.out()).isEqualTo("{\"outcome\":\"invalid\",\"error\":\"specversion: missing\"}\n");
  }

  @Test
  void anInvalidPolicyExitsTwoWithEveryProblem() throws IOException {
    CliRun run = CliRun.of(withDecoder(unreachable(), Map.of()), "plan", "--event", EVENTS + "gke-create-first.eventarc.json",
        "--policy", "src/test/resources/policies/bad/unknown-key-in-grant.yaml", "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("outcome").asText()).isEqualTo("invalid");
    assertThat(json.get("error").asText()).isEqualTo("the policy is invalid");
    assertThat(json.get("problems")).extracting(JsonNode::asText).containsExactly(
        "src/test/resources/policies/bad/unknown-key-in-grant.yaml:12: policy.rules[0].grant.project[0].members: is required",
        "src/test/resources/policies/bad/unknown-key-in-grant.yaml:13: policy.rules[0].grant.project[0].member: unknown key;"
            + " expected one of role, members, condition");
  }

  @Test
  void thePolicyPathComesFromAutobindPolicyWhenNotGiven() {
    CliRun run = CliRun.of(withDecoder(unreachable(),
        Map.of("AUTOBIND_POLICY", "src/test/resources/policies/bad/all-users.yaml")),
        "plan", "--event", EVENTS + "gke-create-first.eventarc.json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("src/test/resources/policies/bad/all-users.yaml:13:"
        + " policy.rules[0].grant.resource[0].members[0]: allUsers makes the grant public;"
        + " name users, groups or service accounts instead\n");
  }

  @Test
  void aMissingEventFileIsInvalid(@TempDir Path dir) {
    Path missing = dir.resolve("none.json");

    CliRun run = CliRun.of(withDecoder(unreachable(), Map.of()), "plan", "--event", missing.toString(), "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("{\"outcome\":\"invalid\",\"error\":\"cannot read the event " + missing
        + ": no such file\"}\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void anOversizedEventFileIsRefusedByItsSize(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.json");
    Files.write(big, new byte[64 << 20]);

    CliRun run = CliRun.of("plan", "--event", big.toString(), "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("{\"outcome\":\"invalid\",\"error\":\"event: is larger than the 512 KiB"
        + " (524288-byte) limit\"}\n");
  }

  @Test
  void helpExplainsWhatIsNotKnownOffline() {
    CliRun run = CliRun.of("plan", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: autobind plan", "--event=FILE", "--policy=FILE", "--json",
        "reported as unknown, never guessed", "PROJECT.svc.id.goog");
  }

  @Test
  void theEventIsRequired() {
    CliRun run = CliRun.of("plan");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--event=FILE'");
  }

  private static java.util.function.Consumer<CommandLine> withDecoder(Function<byte[], Intake> decoder,
      Map<String, String> environment) {
    return cl -> {
      PlanCommand plan = plan(cl);
      plan.decoder = decoder;
      plan.environment = environment;
    };
  }

  private static PlanCommand plan(CommandLine cl) {
    return (PlanCommand) cl.getSubcommands().get("plan").getCommand();
  }

  private static Function<byte[], Intake> unreachable() {
    return bytes -> {
      throw new AssertionError("the decoder must not be reached");
    };
  }
}
