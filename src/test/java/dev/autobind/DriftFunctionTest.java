package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.apply.Reconciler;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.DecisionLog;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.Gateways;
import dev.autobind.apply.RetryLoop;
import dev.autobind.apply.TargetLocks;
import dev.autobind.drift.DriftEvents;
import dev.autobind.event.EventDecoder;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloudExtension;
import dev.autobind.policy.PolicyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The function on a SetIamPolicy entry: one decision record that says what was restored, who removed it and when. */
class DriftFunctionTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("drift/seed.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-20T10:01:00Z");

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private AutobindFunction function;

  @BeforeEach
  void newFunction() {
    if (LOCAL.clock().instant().isBefore(NOW)) {
      LOCAL.clock().advance(Duration.between(LOCAL.clock().instant(), NOW));
    }
    PolicyFile file = PolicyFile.load(Path.of("src/test/resources/drift/policy.yaml"), ShippedKinds.registry());
    RetryLoop retry = new RetryLoop(LOCAL.clock()::advance, () -> 0.5, System::nanoTime);
    Reconciler applier = new Reconciler(Gateways.over(LOCAL.clients(), ShippedKinds.plugins()), ApplySettings.defaults(), retry, new TargetLocks(),
        LOCAL.clock());
    PolicyApplier engine = new PolicyApplier(file.policy(), applier, () -> { }, Optional.of(new PolicyApplier.Drift(LOCAL.clients(), ShippedKinds.plugins(),
        file.function().map(f -> f.serviceAccountEmail()), LOCAL.clock(), false)));
    function = new AutobindFunction(new EventDecoder(ShippedKinds.registry()), () -> engine,
        new DecisionLog(new PrintStream(stdout, true, StandardCharsets.UTF_8)), Optional.empty());
  }

  @Test
  void aRepairedRecordSaysWhatWasRestoredWhoRemovedItAndWhen() throws IOException {
    JsonNode record = deliverRemovalFrom("ml-train-a");

    assertThat(record.path("outcome").asText()).isEqualTo("repaired");
    assertThat(record.path("severity").asText()).isEqualTo("NOTICE");
    assertThat(record.path("message").asText()).isEqualTo("repaired: restored 1 removed binding that the policy"
        + " grants for //container.googleapis.com/projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1"
        + " (policy of //cloudresourcemanager.googleapis.com/projects/ml-train-a, changed by bob@example.com)");
    assertThat(record.path("changedBy").asText()).isEqualTo("bob@example.com");
    assertThat(record.path("changedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(record.path("restored")).hasSize(1);
    JsonNode restored = record.path("restored").get(0);
    assertThat(restored.path("target").asText()).isEqualTo("//cloudresourcemanager.googleapis.com/projects/ml-train-a");
    assertThat(restored.path("role").asText()).isEqualTo(DriftEvents.TRAINER_ROLE);
    assertThat(restored.path("member").asText()).isEqualTo(DriftEvents.trainer("ml-train-a"));
    assertThat(record.path("logging.googleapis.com/labels").path("autobind.outcome").asText()).isEqualTo("repaired");
    assertThat(record.path("logging.googleapis.com/labels").path("autobind.kind").asText()).isEqualTo("project");
    assertThat(record.path("apiCalls").path("writes").asInt()).isEqualTo(1);
  }

  @Test
  void anExemptRemovalIsLoggedAsExemptAndNotReverted() throws IOException {
    JsonNode record = deliverRemovalFrom("ml-legacy-e");

    assertThat(record.path("outcome").asText()).isEqualTo("exempt");
    assertThat(record.path("reason").asText()).isEqualTo("exempt by policy.exemptions[0] (the legacy team manages"
        + " its own IAM until its migration; until 2027-06-30)");
    assertThat(record.path("changedBy").asText()).isEqualTo("bob@example.com");
    assertThat(record.has("restored")).isFalse();
    assertThat(LOCAL.cloud().iamPolicy("projects/ml-legacy-e").getBindingsList()).isEmpty();
  }

  @Test
  void theRecordsOfARepairAndOfAnExemptRemovalAreWrittenAsKept() throws IOException {
    deliverRemovalFrom("ml-train-a");
    String repaired = stdout.toString(StandardCharsets.UTF_8);
    stdout.reset();
    deliverRemovalFrom("ml-legacy-e");

    assertThat(AutobindFunctionTest.withoutDuration(repaired))
        .isEqualTo(dev.autobind.apply.DecisionRecordTest.kept("repaired-project-policy"));
    assertThat(AutobindFunctionTest.withoutDuration(stdout.toString(StandardCharsets.UTF_8)))
        .isEqualTo(dev.autobind.apply.DecisionRecordTest.kept("exempt-project-policy"));
  }

  /** Bob's removal of the trainer's aiplatform.user from {@code project}, delivered; the one record logged. */
  private JsonNode deliverRemovalFrom(String project) throws IOException {
    function.accept(AutobindFunctionTest.binaryEvent(JSON.readTree(DriftEvents.projectRemoval(project,
        DriftEvents.TRAINER_ROLE, DriftEvents.trainer(project), "bob@example.com"))));
    return JSON.readTree(stdout.toString(StandardCharsets.UTF_8).strip());
  }
}
