package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.GoogleCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexAi;
import dev.autobind.kinds.VertexModel;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CloudClients: endpoints, emulator wiring, caching, closing, and lazy loading per client kind. */
class CloudClientsTest {

  /** One Vertex AI location and its endpoint, or null when it must be refused. */
  record Location(String location, String endpoint) {
    @Override
    public String toString() {
      return location == null ? "null" : location.isEmpty() ? "(empty)" : location.replace("\n", "\\n");
    }
  }

  static Stream<Location> locations() {
    return Stream.of(
        new Location("us-central1", "us-central1-aiplatform.googleapis.com:443"),
        new Location("europe-west4", "europe-west4-aiplatform.googleapis.com:443"),
        new Location("asia-northeast1", "asia-northeast1-aiplatform.googleapis.com:443"),
        new Location("us-central1-a", null),
        new Location("US-CENTRAL1", null),
        new Location("", null),
        new Location(null, null),
        new Location("evil.example.com/", null),
        new Location("us-central1.evil.example.com", null),
        new Location("us-central1\n", null),
        new Location("global", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("locations")
  void vertexEndpointIsRegional(Location c) {
    if (c.endpoint() != null) {
      assertThat(VertexAi.endpoint(c.location())).isEqualTo(c.endpoint());
    } else {
      assertThatThrownBy(() -> VertexAi.endpoint(c.location())).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Vertex AI location must be a region such as us-central1, got '" + c.location() + "'");
    }
  }

  static Stream<String> badEmulatorHosts() {
    return Stream.of("127.0.0.1", "http://127.0.0.1:8790", ":8790", "127.0.0.1:99999", "", "host:port",
        "127.0.0.1:8790/path", "evil host:80");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("badEmulatorHosts")
  void aMalformedEmulatorHostIsRefused(String host) {
    assertThatThrownBy(() -> CloudClients.forEmulator(host)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AUTOBIND_EMULATOR_HOST must be HOST:PORT such as 127.0.0.1:8790, got '" + host + "'");
  }

  @Test
  void realEndpointsUseApplicationDefaultCredentials() throws IOException {
    CloudClients clients = CloudClients.forGoogleCloud();

    ModelServiceSettings vertex = clients.settings(ModelServiceSettings.newBuilder(),
        VertexAi.endpoint("europe-west4"));
    ProjectsSettings projects = clients.settings(ProjectsSettings.newBuilder(), null);

    assertThat(vertex.getEndpoint()).isEqualTo("europe-west4-aiplatform.googleapis.com:443");
    assertThat(vertex.getCredentialsProvider()).isInstanceOf(GoogleCredentialsProvider.class);
    assertThat(projects.getEndpoint()).isEqualTo("cloudresourcemanager.googleapis.com:443");
    assertThat(clients.emulatorHost()).isEmpty();
  }

  @Test
  void theEmulatorGetsPlaintextWithoutCredentials() throws IOException {
    CloudClients clients = CloudClients.forEmulator("127.0.0.1:8790");

    ModelServiceSettings vertex = clients.settings(ModelServiceSettings.newBuilder(),
        VertexAi.endpoint("europe-west4"));

    assertThat(vertex.getEndpoint()).isEqualTo("127.0.0.1:8790");
    assertThat(vertex.getCredentialsProvider()).isInstanceOf(NoCredentialsProvider.class);
    assertThat(clients.emulatorHost()).contains("127.0.0.1:8790");
  }

  @Test
  void modelClientsAreCachedPerLocationAndClosedTogether() throws IOException {
    try (LocalCloud cloud = LocalCloud.start(Seed.empty())) {
      CloudClients clients = CloudClients.forEmulator(cloud.host());
      ModelServiceClient central = VertexModel.Access.client(clients, "us-central1");

      assertThat(VertexModel.Access.client(clients, "us-central1")).isSameAs(central);
      assertThat(VertexModel.Access.client(clients, "europe-west4")).isNotSameAs(central);

      clients.close();
      assertThat(central.isShutdown()).isTrue();
      assertThatThrownBy(() -> clients.projects()).isInstanceOf(IllegalStateException.class)
          .hasMessage("the Google Cloud clients are closed; cannot open the Resource Manager client");
    }
  }

  /** Runs in a child JVM: builds clients from the environment and reads one GKE cluster. */
  static final class GkeOnlyProbe {
    public static void main(String[] args) {
      try (CloudClients clients = CloudClients.fromEnvironment()) {
        System.out.println("emulator=" + clients.emulatorHost().orElse("none"));
        if (clients.emulatorHost().isPresent()) {
          System.out.println("cluster=" + GkeCluster.Access.client(clients)
              .getCluster("projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1").getName());
        }
      }
    }
  }

  private static List<String> probe(Path dir, String emulatorHost) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), GkeOnlyProbe.class.getName())
        .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().remove(CloudClients.EMULATOR_HOST_VARIABLE);
    if (emulatorHost != null) {
      builder.environment().put(CloudClients.EMULATOR_HOST_VARIABLE, emulatorHost);
    }
    Process process = builder.start();
    List<String> lines = new ArrayList<>(List.of(new String(process.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).split("\n")));
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("probe exit; stderr in %s", dir).isZero();
    return lines;
  }

  @Test
  void aGkeEventNeverLoadsVertexAiClasses(@TempDir Path dir) throws Exception {
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource("localcloud/demo-seed.yaml"))) {
      List<String> lines = probe(dir, cloud.host());

      assertThat(lines).contains("emulator=" + cloud.host(), "cluster=train-gke-1");
      assertThat(lines).anyMatch(l -> l.contains("com.google.cloud.container.v1.ClusterManagerClient "));
      assertThat(lines).noneMatch(l -> l.contains("com.google.cloud.aiplatform."));
      assertThat(lines).noneMatch(l -> l.contains("com.google.cloud.asset."));
    }
  }

  @Test
  void withoutTheVariableTheRealCloudIsChosen(@TempDir Path dir) throws Exception {
    assertThat(probe(dir, null)).contains("emulator=none");
    assertThat(probe(dir, "  ")).contains("emulator=none");
  }
}
