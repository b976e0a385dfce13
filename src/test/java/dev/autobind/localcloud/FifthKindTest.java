package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.apply.EventMapping;
import dev.autobind.apply.KindPlugins;
import com.google.iam.v1.Binding;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.Decision;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.Invocation;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.KindRegistry;
import dev.autobind.kind.VertexDataset;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.plan.Plan;
import dev.autobind.plan.Planner;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyException;
import dev.autobind.policy.PolicyFile;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fifth kind, registered in test code only (one class, {@link VertexDataset}, one registry row, and one
 * local-cloud fake, {@link DatasetsFake}), goes through decode, policy, plan and apply with no change to
 * main code: the registry is the only table a kind has to be in.
 */
class FifthKindTest {
  private static final KindPlugins KINDS = ShippedKinds.plugins().with(List.of(VertexDataset.ROW));
  private static final Instant WRITTEN = Instant.parse("2026-11-20T10:00:00Z");
  private static final String SA = "serviceAccount:data-runner@ml-data-a.iam.gserviceaccount.com";
  private static final String POLICY = """
      policy:
        projects:
          include: ["ml-*"]
        serviceAccount:
          accountId: data-runner
          displayName: Data runner
          description: Runs data pipelines in ${project}
        rules:
          - name: data-team
            resources: [vertex-dataset]
            match:
              labels: {team: data}
            grant:
              project:
                - role: roles/aiplatform.user
                  members: ["serviceAccount:${serviceAccount}"]
                - role: roles/aiplatform.viewer
                  members: ["group:data-eng@example.com"]
              serviceAccount:
                - role: roles/iam.serviceAccountUser
                  members: ["group:data-eng@example.com"]
      """;
  private static final Seed SEED = Seed.parse("""
      visibilityDelayMs: 0
      projects:
        - id: ml-data-a
          number: 333333333333
          iamPolicy:
            bindings:
              - {role: roles/viewer, members: ["group:ml-oncall@example.com"]}
          serviceAccounts: []
          clusters: []
          models: []
      """, "fifth-kind seed");

  private LocalCloud cloud;
  private CloudClients clients;
  private final List<Decision> decisions = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cloud = LocalCloud.builder().seed(SEED).clock(new ManualClock(WRITTEN.plusSeconds(60)))
        .fake(new DatasetsFake(List.of(
            new DatasetsFake.Dataset("ml-data-a", "us-central1", "123", Map.of("team", "data")),
            new DatasetsFake.Dataset("ml-data-a", "us-central1", "456", Map.of("team", "web")))))
        .start();
    clients = CloudClients.forEmulator(cloud.host());
  }

  @AfterEach
  void stop() {
    clients.close();
    cloud.close();
  }

  /** One CreateDataset entry, and what applying the policy to it must leave in the project's policy. */
  record Case(String name, String dataset, String outcome, Set<String> addedToProject, boolean accountMade) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a dataset of the data team gets its grants", "123", "applied",
            Set.of("roles/aiplatform.user " + SA, "roles/aiplatform.viewer group:data-eng@example.com"), true),
        new Case("a dataset of another team gets the standard account and no grant", "456", "applied", Set.of(), true),
        new Case("a dataset the API does not show is not acted on", "999", "retry", Set.of(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesPlansAndAppliesThroughTheRegistryAlone(Case c) {
    Policy policy = PolicyFile.parse("fifth-kind policy", POLICY, KINDS.registry()).policy();
    Reconciler applier = new Reconciler(Gateways.over(clients, KINDS), ApplySettings.defaults(),
        new RetryLoop(d -> { }, () -> 0.5, System::nanoTime), new TargetLocks(), cloud.clock());

    Decision decision = new Invocation(new EventDecoder(KINDS.registry()), event -> EventMapping.reconcile(applier, event, policy), decisions::add)
        .handle(created(c.dataset()), java.util.Optional.empty());

    assertThat(decisions).containsExactly(decision);
    assertThat(decision.outcome().id()).isEqualTo(c.outcome());
    assertThat(decision.labels()).containsEntry("autobind.kind", "vertex-dataset");
    assertThat(added()).isEqualTo(c.addedToProject());
    assertThat(cloud.serviceAccountExists("data-runner@ml-data-a.iam.gserviceaccount.com")).isEqualTo(c.accountMade());
    assertThat(cloud.calls("google.cloud.aiplatform.v1.DatasetService/GetDataset")).isEqualTo(1);
  }

  @Test
  void decodesTheEntryToTheFifthKindAndPlansFromItsFacts() {
    Intake intake = new EventDecoder(KINDS.registry()).decode(created("123"));
    assertThat(intake).isInstanceOf(Intake.Resource.class);
    ResourceEvent event = ((Intake.Resource) intake).event();
    assertThat(event.kind()).isSameAs(VertexDataset.KIND);
    assertThat(event.resource())
        .isEqualTo("//aiplatform.googleapis.com/projects/ml-data-a/locations/us-central1/datasets/123");

    Policy policy = PolicyFile.parse("fifth-kind policy", POLICY, KINDS.registry()).policy();
    Plan offline = (Plan) Planner.plan(event.ref(), policy, ResourceFacts.offline("ml-data-a"));
    assertThat(offline.bindings()).isEmpty();
    assertThat(offline.skipped()).extracting(s -> s.rule() + ": " + s.reason())
        .containsExactly("data-team: labels unknown offline");
    Plan looked = (Plan) Planner.plan(event.ref(), policy, new ResourceFacts("ml-data-a", java.util.Optional.empty(),
        java.util.Optional.of(Map.of("team", "data")), java.util.Optional.empty()));
    assertThat(looked.bindingsFor(PolicyHolder.project("ml-data-a"))).hasSize(2);
  }

  @Test
  void theShippedRegistryKnowsNothingOfTheFifthKind() {
    assertThat(new EventDecoder(ShippedKinds.registry()).decode(created("123")))
        .isEqualTo(new Intake.Ignored("method \"" + VertexDataset.CREATE + "\" is not watched"));
    assertThatThrownBy(() -> PolicyFile.parse("fifth-kind policy", POLICY, ShippedKinds.registry())).isInstanceOf(PolicyException.class)
        .hasMessageContaining("policy.rules[0].resources[0]: vertex-dataset is not a resource kind; use gke-cluster,"
            + " vertex-model, vertex-persistent-resource, vertex-endpoint, tpu-node or tpu-queued-resource");
  }

  @Test
  void aBackfillMessageForTheFifthKindDecodesThroughTheSameRegistry() {
    String message = "{\"schema\":\"autobind.backfill/v1\",\"resource\":"
        + "\"//aiplatform.googleapis.com/projects/ml-data-a/locations/us-central1/datasets/123\"}";
    String data = "{\"message\":{\"data\":\"" + java.util.Base64.getEncoder().encodeToString(
        message.getBytes(StandardCharsets.UTF_8)) + "\",\"messageId\":\"1\"}}";
    CloudEvent event = CloudEventBuilder.v1().withId("1").withType(EventDecoder.MESSAGE_PUBLISHED)
        .withSource(URI.create("//pubsub.googleapis.com/projects/ml-data-a/topics/autobind"))
        .withData("application/json", data.getBytes(StandardCharsets.UTF_8)).build();

    Intake intake = new EventDecoder(KINDS.registry()).decode(event);

    assertThat(intake).isInstanceOf(Intake.Resource.class);
    assertThat(((Intake.Resource) intake).event().kind()).isSameAs(VertexDataset.KIND);
  }

  private Set<String> added() {
    Set<String> seeded = Set.of("roles/viewer group:ml-oncall@example.com");
    Set<String> now = new java.util.TreeSet<>();
    for (Binding b : cloud.iamPolicy("projects/ml-data-a").getBindingsList()) {
      b.getMembersList().forEach(m -> now.add(b.getRole() + " " + m));
    }
    now.removeAll(seeded);
    return now;
  }

  /** A CreateDataset audit entry as Eventarc delivers it, naming the dataset in resourceName. */
  private static CloudEvent created(String dataset) {
    String name = "projects/ml-data-a/locations/us-central1/datasets/" + dataset;
    String entry = """
        {"insertId": "ds-%1$s", "logName": "projects/ml-data-a/logs/cloudaudit.googleapis.com%%2Factivity",
         "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
           "serviceName": "aiplatform.googleapis.com", "methodName": "%2$s", "resourceName": "%3$s",
           "authenticationInfo": {"principalEmail": "alice@example.com"}},
         "timestamp": "2026-11-20T10:00:00Z",
         "operation": {"id": "%3$s/operations/1", "producer": "aiplatform.googleapis.com", "first": true},
         "resource": {"type": "audited_resource", "labels": {"project_id": "ml-data-a"}}}
        """.formatted(dataset, VertexDataset.CREATE, name);
    return CloudEventBuilder.v1().withId("ds-" + dataset).withType(EventDecoder.AUDIT_LOG_WRITTEN)
        .withSource(URI.create("//cloudaudit.googleapis.com/projects/ml-data-a/logs/activity"))
        .withTime(WRITTEN.atOffset(ZoneOffset.UTC))
        .withData("application/json", entry.getBytes(StandardCharsets.UTF_8)).build();
  }
}
