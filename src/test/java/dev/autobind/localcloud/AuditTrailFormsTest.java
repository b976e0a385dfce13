package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.apply.CloudClients;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit entries the admin endpoint's removals write, for every kind of policy holder and inside clusters,
 * read back through intake: what the function would be delivered.
 */
class AuditTrailFormsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SEED = "drift/everywhere-seed.yaml";
  private static final String TRAINER = "ml-trainer@ml-train-a.iam.gserviceaccount.com";
  private static final String CLUSTER = "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1";
  private static LocalCloud cloud;
  private static CloudClients clients;

  @BeforeAll
  static void start() throws IOException {
    cloud = LocalCloud.builder().seed(Seed.fromResource(SEED)).adminPort(0).start();
    clients = CloudClients.forEmulator(cloud.host());
  }

  @AfterAll
  static void stop() {
    clients.close();
    cloud.close();
  }

  @BeforeEach
  void fresh() {
    cloud.reset(Seed.fromResource(SEED));
  }

  /** One removal through {@code POST /iam/remove} and what intake must read from its entry. */
  record Removal(String name, String body, String resource, String requested) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Removal> removals() {
    String account = "projects/ml-train-a/serviceAccounts/" + TRAINER;
    String wi = "\"role\": \"roles/iam.workloadIdentityUser\", \"member\": \"serviceAccount:ml-train-a.svc.id.goog"
        + "[training/trainer]\", \"principal\": \"dana@example.com\"";
    String endpoint = "projects/ml-serve-b/locations/europe-west4/endpoints/1234567890123456789";
    return Stream.of(
        new Removal("an endpoint's binding (once HTTP 500)", "{\"resource\": \"" + endpoint + "\", \"role\":"
            + " \"roles/aiplatform.viewer\", \"member\": \"group:risk@example.com\", \"principal\": \"dana@example.com\"}",
            "//aiplatform.googleapis.com/" + endpoint, endpoint),
        new Removal("an account's binding, as gcloud names it", "{\"resource\": \"" + account + "\", " + wi + "}",
            "//iam.googleapis.com/projects/ml-train-a/serviceAccounts/" + TRAINER,
            "projects/-/serviceAccounts/" + TRAINER),
        new Removal("an account's binding, as the console names it", "{\"resource\": \"" + account + "\", " + wi
            + ", \"form\": \"console\"}", "//iam.googleapis.com/projects/ml-train-a/serviceAccounts/UNIQUE_ID",
            "projects/ml-train-a/serviceAccounts/UNIQUE_ID"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void eachRemovalIsRecordedInTheFormIntakeReads(Removal r) throws Exception {
    String uniqueId = state().at("/projects/0/serviceAccounts/0/uniqueId").asText();

    HttpResponse<String> reply = post("/iam/remove", r.body());

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    ObjectNode entry = lastEntry();
    assertThat(entry.at("/protoPayload/request/resource").asText()).isEqualTo(r.requested().replace("UNIQUE_ID", uniqueId));
    Intake intake = decode(entry);
    assertThat(intake).isInstanceOf(Intake.IamPolicyChanged.class);
    assertThat(((Intake.IamPolicyChanged) intake).change().target().fullName())
        .isEqualTo(r.resource().replace("UNIQUE_ID", uniqueId));
  }

  @Test
  void theStateListsEachAccountsUniqueIdAndEmail() throws Exception {
    JsonNode accounts = state().at("/projects/0/serviceAccounts");

    assertThat(accounts.get(0).path("email").asText()).isEqualTo(TRAINER);
    assertThat(accounts.get(0).path("uniqueId").asText()).matches("[1-9][0-9]{20}");
    assertThat(accounts.get(1).path("uniqueId").asText()).isNotEqualTo(accounts.get(0).path("uniqueId").asText());
  }

  @Test
  void anInClusterDeletionIsRecordedAsGkeWritesItAndTheObjectIsGone() throws Exception {
    GkeCluster.Access.client(clients).getCluster(CLUSTER);
    try (var k8s = cloud.kubernetes(CLUSTER).orElseThrow()) {
      k8s.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
          .withName("training").endMetadata().build()).create();
    }

    HttpResponse<String> reply = post("/kubernetes/remove", "{\"cluster\": \"" + CLUSTER + "\", \"kind\": \"Namespace\","
        + " \"name\": \"training\", \"principal\": \"alice@example.com\"}");

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    ObjectNode entry = lastEntry();
    assertThat(entry.at("/protoPayload/serviceName").asText()).isEqualTo("k8s.io");
    assertThat(entry.at("/resource/type").asText()).isEqualTo("k8s_cluster");
    Intake intake = decode(entry);
    assertThat(intake).isInstanceOf(Intake.KubernetesObjectChanged.class);
    assertThat(((Intake.KubernetesObjectChanged) intake).change().object()).isEqualTo("Namespace training");
    try (var k8s = cloud.kubernetes(CLUSTER).orElseThrow()) {
      assertThat(k8s.namespaces().withName("training").get()).isNull();
    }
  }

  /** One in-cluster removal the endpoint refuses, and why. */
  record Refused(String name, String body, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Refused> refusals() {
    String cluster = "\"cluster\": \"" + CLUSTER + "\"";
    return List.of(
        new Refused("a cluster whose API never started", "{" + cluster + ", \"kind\": \"Namespace\", \"name\": \"x\"}",
            "the API server of " + CLUSTER + " never started (no GetCluster yet)"),
        new Refused("a kind autobind does not apply", "{" + cluster + ", \"kind\": \"Pod\", \"namespace\": \"training\","
            + " \"name\": \"x\"}", "\"kind\" must be Namespace, ServiceAccount, RoleBinding or ClusterRoleBinding,"
            + " got 'Pod'"),
        new Refused("an oversized name", "{" + cluster + ", \"kind\": \"Namespace\", \"name\": \"" + "a".repeat(300)
            + "\"}", "\"name\" is not a Kubernetes object name: '" + "a".repeat(300) + "'"),
        new Refused("a name of the wrong type", "{" + cluster + ", \"kind\": \"Namespace\", \"name\": 7}",
            "\"name\" must be a non-empty string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void badInClusterRemovalsAreRefusedWithNoEntry(Refused r) throws Exception {
    int before = cloud.auditEntries().size();

    HttpResponse<String> reply = post("/kubernetes/remove", r.body());

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(StateJson.JSON.readTree(reply.body()).path("error").asText()).isEqualTo(r.error());
    assertThat(cloud.auditEntries()).hasSize(before);
  }

  private static JsonNode state() throws Exception {
    return StateJson.JSON.readTree(HTTP.send(HttpRequest.newBuilder(cloud.adminUri().orElseThrow().resolve("/state"))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    URI uri = cloud.adminUri().orElseThrow().resolve(path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode lastEntry() {
    List<ObjectNode> entries = cloud.auditEntries();
    assertThat(entries).isNotEmpty();
    return entries.get(entries.size() - 1);
  }

  private static Intake decode(ObjectNode entry) throws Exception {
    ObjectNode event = StateJson.JSON.createObjectNode().put("specversion", "1.0")
        .put("type", "google.cloud.audit.log.v1.written")
        .put("source", "//cloudaudit.googleapis.com/projects/p/logs/activity").put("id", "1");
    event.set("data", entry);
    return new EventDecoder(ShippedKinds.registry()).decodeStructured(StateJson.JSON.writeValueAsBytes(event));
  }
}
