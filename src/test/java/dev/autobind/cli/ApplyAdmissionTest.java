package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.localcloud.LocalCloudExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply --event} passes the same admission gate as the function: with {@code governedScope:
 * [folders/234567890123]}, what it refuses it reads nothing of and writes nothing to.
 */
class ApplyAdmissionTest {
  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("admit/seed.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY = "src/test/resources/admit/function.yaml";
  private static final Set<String> RESOURCE_MANAGER = Set.of("google.cloud.resourcemanager.v3.Projects/GetProject",
      "google.cloud.resourcemanager.v3.Folders/GetFolder");

  /** A creation event in a project, optionally rewritten, and what apply must say. */
  record Case(String name, String project, String logName, int exitCode, String outcome, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("a project outside the governed folder", "ml-outside-b", "", 0, "ignored",
            "project ml-outside-b sits under folders/999000111 < organizations/123456789012, outside"
                + " function.governedScope (folders/234567890123)"),
        new Case("an exempt project", "ml-legacy-e", "", 0, "exempt", "exempt by policy.exemptions[0]"),
        new Case("an entry in a user-written log", "ml-inside-a", "projects/ml-inside-a/logs/lookalike", 0, "ignored",
            "logName \"projects/ml-inside-a/logs/lookalike\" is not a Cloud Audit Logs log"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void applyRefusesWhatTheFunctionRefuses(Case c, @TempDir Path dir) throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(event, creation(c.project(), c.logName()));
    Map<String, Long> before = LOCAL.cloud().calls();

    CliRun run = CliRun.of(cl -> ((ApplyCommand) cl.getSubcommands().get("apply").getCommand()).environment =
        Map.of("AUTOBIND_EMULATOR_HOST", LOCAL.cloud().host()), "apply", "--event", event.toString(),
        "--policy", POLICY);

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(c.exitCode());
    JsonNode record = JSON.readTree(run.out());
    assertThat(record.path("outcome").asText()).isEqualTo(c.outcome());
    assertThat(record.path("reason").asText()).startsWith(c.reason());
    assertThat(called(before)).isSubsetOf(RESOURCE_MANAGER);
  }

  /** The GKE creation fixture, moved to {@code project} (and its log renamed, when {@code logName} is given). */
  private static String creation(String project, String logName) throws IOException {
    String fixture = Files.readString(Path.of("src/test/resources/apply/events/train-gke-1.eventarc.json"));
    ObjectNode event = (ObjectNode) JSON.readTree(fixture.replace("ml-train-a", project));
    if (!logName.isEmpty()) {
      ((ObjectNode) event.path("data")).put("logName", logName);
    }
    return event.toString();
  }

  private static Set<String> called(Map<String, Long> before) {
    return LOCAL.cloud().calls().entrySet().stream()
        .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
