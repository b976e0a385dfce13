package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import dev.autobind.apply.CloudClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin HTTP endpoint: state, counters, faults, latency, visibility and reset, and its bad requests. */
class AdminEndpointTest {

  private static final String GET_PROJECT = ProjectsGrpc.getGetProjectMethod().getFullMethodName();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalCloud cloud;
  private static CloudClients clients;

  @BeforeAll
  static void start() throws IOException {
    cloud = LocalCloud.builder().seed(Seed.fromResource("localcloud/demo-seed.yaml")).adminPort(0).start();
    clients = CloudClients.forEmulator(cloud.host());
  }

  @AfterAll
  static void stop() {
    clients.close();
    cloud.close();
  }

  @BeforeEach
  void fresh() {
    cloud.reset(Seed.fromResource("localcloud/demo-seed.yaml"));
  }

  /** An HTTP status and body. */
  record Reply(int status, String body) {
    JsonNode json() throws IOException {
      return StateJson.JSON.readTree(body);
    }
  }

  private static Reply send(String method, String path, String body) throws IOException, InterruptedException {
    URI uri = cloud.adminUri().orElseThrow().resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  @Test
  void stateIsTheWholeWorld() throws Exception {
    Reply reply = send("GET", "/state", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(cloud.state());
    assertThat(reply.json().at("/projects/0/id").asText()).isEqualTo("ml-train-a");
  }

  @Test
  void callsAreCountedPerFullMethodName() throws Exception {
    clients.projects().getProject("projects/ml-train-a");
    clients.projects().getProject("projects/ml-serve-b");

    Reply reply = send("GET", "/calls", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(StateJson.JSON.valueToTree(Map.of(GET_PROJECT, 2)));
  }

  @Test
  void countedFaultsFailTheNextCalls() throws Exception {
    Reply reply = send("POST", "/faults",
        "{\"method\":\"" + GET_PROJECT + "\",\"code\":\"PERMISSION_DENIED\",\"count\":1,\"message\":\"nope\"}");

    assertThat(reply).isEqualTo(new Reply(200, "{\"status\":\"ok\"}"));
    ApiFailure failure = ApiFailure.of(() -> clients.projects().getProject("projects/ml-train-a"));
    assertThat(failure.code()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(failure.description()).isEqualTo("nope");
    assertThat(clients.projects().getProject("projects/ml-train-a").getProjectId()).isEqualTo("ml-train-a");
  }

  @Test
  void probabilisticFaultsAreAccepted() throws Exception {
    Reply reply = send("POST", "/faults",
        "{\"method\":\"" + GET_PROJECT + "\",\"code\":\"permission_denied\",\"probability\":1,\"seed\":7}");

    assertThat(reply.status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(ApiFailure.of(() -> clients.projects().getProject("projects/ml-train-a")).code())
          .isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void latencyIsInjected() throws Exception {
    Reply reply = send("POST", "/latency", "{\"method\":\"" + GET_PROJECT + "\",\"delayMs\":120}");
    clients.projects().getProject("projects/ml-train-a");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(cloud.injectedDelays(GET_PROJECT)).containsExactly(Duration.ofMillis(120));
  }

  @Test
  void visibilityDelayHidesNewAccounts() throws Exception {
    Reply reply = send("POST", "/visibility", "{\"delayMs\":3600000}");
    clients.iam().createServiceAccount(CreateServiceAccountRequest.newBuilder().setName("projects/ml-train-a")
        .setAccountId("late-runner").build());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(ApiFailure.of(() -> clients.iam().getServiceAccount(
        "projects/-/serviceAccounts/late-runner@ml-train-a.iam.gserviceaccount.com")).code())
        .isEqualTo(StatusCode.Code.NOT_FOUND);
  }

  @Test
  void resetReturnsToTheSeedAndClearsCounters() throws Exception {
    clients.iam().createServiceAccount(CreateServiceAccountRequest.newBuilder().setName("projects/ml-train-a")
        .setAccountId("extra-runner").build());
    assertThat(cloud.serviceAccountExists("extra-runner@ml-train-a.iam.gserviceaccount.com")).isTrue();

    Reply reply = send("POST", "/reset", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(cloud.calls()).isEmpty();
    assertThat(send("GET", "/state", null).json().at("/projects/0/serviceAccounts").findValuesAsText("accountId"))
        .containsExactly("legacy-runner");
  }

  @Test
  void resetWithASeedBodyReplacesTheWorld() throws Exception {
    Reply reply = send("POST", "/reset", "projects:\n  - {id: other-world, number: 42}\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(send("GET", "/state", null).json().at("/projects/0/id").asText()).isEqualTo("other-world");
    assertThat(send("GET", "/state", null).json().get("projects")).hasSize(1);
  }

  /** One request the endpoint refuses, with the status and error it must give. */
  record BadRequest(String name, String method, String path, String body, int status, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadRequest> badRequests() {
    String fault = "{\"method\":\"" + GET_PROJECT + "\",\"code\":\"UNAVAILABLE\"";
    return Stream.of(
        new BadRequest("unknown path", "GET", "/nope", null, 404, "no such endpoint: /nope; try GET /state,"
            + " GET /kubernetes, GET /calls, POST /faults, POST /latency, POST /visibility, POST /reset, POST /audit-sink,"
            + " POST /iam/remove or POST /kubernetes/remove"),
        new BadRequest("removing with an unknown audit form", "POST", "/iam/remove", "{\"resource\": \"projects/ml-train-a\","
            + " \"role\": \"roles/owner\", \"member\": \"user:eve@example.com\", \"principal\": \"dana@example.com\","
            + " \"form\": \"terraform\"}", 400, "\"form\" must be gcloud or console, got 'terraform'"),
        new BadRequest("an in-cluster removal naming no cluster path", "POST", "/kubernetes/remove",
            "{\"cluster\": \"train-gke-1\", \"kind\": \"RoleBinding\", \"namespace\": \"training\", \"name\": \"x\"}", 400,
            "\"cluster\" must be projects/P/locations/L/clusters/C, got 'train-gke-1'"),
        new BadRequest("an in-cluster removal with a path in its name", "POST", "/kubernetes/remove",
            "{\"cluster\": \"projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1\", \"kind\": \"RoleBinding\","
            + " \"namespace\": \"training\", \"name\": \"../../namespaces/kube-system\"}", 400,
            "\"name\" is not a Kubernetes object name: '../../namespaces/kube-system'"),
        new BadRequest("an in-cluster removal of an unknown field", "POST", "/kubernetes/remove",
            "{\"cluster\": \"projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1\", \"force\": true}", 400,
            "unknown field \"force\"; expected [cluster, kind, name, namespace, principal]"),
        new BadRequest("an audit sink off loopback", "POST", "/audit-sink", "{\"url\": \"http://example.com/\"}", 400,
            "\"url\" must be an http URL on 127.0.0.1, got http://example.com/"),
        new BadRequest("removing a member no binding holds", "POST", "/iam/remove", "{\"resource\": \"projects/ml-train-a\","
            + " \"role\": \"roles/owner\", \"member\": \"user:eve@example.com\", \"principal\": \"dana@example.com\"}", 400,
            "no binding of roles/owner holds user:eve@example.com"),
        new BadRequest("removing without a principal", "POST", "/iam/remove", "{\"resource\": \"projects/ml-train-a\","
            + " \"role\": \"roles/owner\", \"member\": \"user:eve@example.com\"}", 400,
            "\"principal\" must be a non-empty string"),
        new BadRequest("POST to state", "POST", "/state", "{}", 405, "use GET for /state"),
        new BadRequest("POST to kubernetes", "POST", "/kubernetes", "{}", 405, "use GET for /kubernetes"),
        new BadRequest("GET faults", "GET", "/faults", null, 405, "use POST for /faults"),
        new BadRequest("not JSON", "POST", "/faults", "code=UNAVAILABLE", 400, "the body is not valid JSON: "),
        new BadRequest("JSON array", "POST", "/faults", "[]", 400, "the body must be a JSON object"),
        new BadRequest("empty body", "POST", "/latency", "", 400, "the body must be a JSON object"),
        new BadRequest("unknown method", "POST", "/faults", "{\"method\":\"Projects/GetProject\",\"code\":\"UNAVAILABLE\","
            + "\"count\":1}", 400, "unknown gRPC method 'Projects/GetProject'; use a full method name such as"
            + " google.cloud.resourcemanager.v3.Projects/SetIamPolicy"),
        new BadRequest("unknown code", "POST", "/faults", "{\"method\":\"" + GET_PROJECT + "\",\"code\":\"SLOW\","
            + "\"count\":1}", 400, "\"code\" must be a gRPC status code name such as UNAVAILABLE, got 'SLOW'"),
        new BadRequest("OK code", "POST", "/faults", "{\"method\":\"" + GET_PROJECT + "\",\"code\":\"OK\",\"count\":1}",
            400, "\"code\" must be an error status code, not OK"),
        new BadRequest("neither count nor probability", "POST", "/faults", fault + "}", 400,
            "give exactly one of \"count\" or \"probability\""),
        new BadRequest("both count and probability", "POST", "/faults", fault + ",\"count\":1,\"probability\":0.5}", 400,
            "give exactly one of \"count\" or \"probability\""),
        new BadRequest("count as a string", "POST", "/faults", fault + ",\"count\":\"1\"}", 400,
            "\"count\" must be an integer from 1 to 1000000"),
        new BadRequest("probability above 1", "POST", "/faults", fault + ",\"probability\":2}", 400,
            "fault probability must be between 0 and 1, got 2.0"),
        new BadRequest("unknown field", "POST", "/faults", fault + ",\"count\":1,\"times\":1}", 400,
            "unknown field \"times\"; expected [code, count, message, method, probability, seed]"),
        new BadRequest("negative latency", "POST", "/latency", "{\"method\":\"" + GET_PROJECT + "\",\"delayMs\":-1}", 400,
            "\"delayMs\" must be an integer from 0 to 600000"),
        new BadRequest("bad seed on reset", "POST", "/reset", "projects: [{id: X}]", 400,
            "POST /reset body: projects[0].id: 'X' is not a project id: 6-30 lowercase letters, digits or hyphens"),
        new BadRequest("oversized body", "POST", "/faults", "{\"m\":\"" + "x".repeat(AdminEndpoint.MAX_BODY_BYTES) + "\"}",
            413, "the body is larger than " + AdminEndpoint.MAX_BODY_BYTES + " bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestsAreRefusedAndChangeNothing(BadRequest c) throws Exception {
    String before = cloud.stateJson();

    Reply reply = send(c.method(), c.path(), c.body());

    assertThat(reply.status()).isEqualTo(c.status());
    assertThat(reply.json().get("error").asText()).startsWith(c.error());
    if (!c.error().endsWith(": ")) {
      assertThat(reply.json().get("error").asText()).isEqualTo(c.error());
    }
    assertThat(cloud.stateJson()).isEqualTo(before);
    assertThat(clients.projects().getProject("projects/ml-train-a").getProjectId()).isEqualTo("ml-train-a");
    assertThat(cloud.injectedDelays(GET_PROJECT)).isEmpty();
  }
}
