package dev.autobind.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance over events other projects recorded or published: every file in {@code ../shared/realworld-events}
 * (beside the repository; {@code -Dautobind.realworld.events=DIR} names another folder) decodes to the outcome
 * its {@code expected.json} gives. The data is read where it is and never copied into this repository. Where
 * the folder is absent, as in a clone outside this workspace, the tests are reported skipped with the reason.
 */
class RealWorldEventsTest {
  static final String FOLDER_PROPERTY = "autobind.realworld.events";
  private static final Path FOLDER =
      Path.of(System.getProperty(FOLDER_PROPERTY, Path.of("..", "shared", "realworld-events").toString()));
  private static final List<String> NOT_EVENTS = List.of("README.md", "expected.json");
  private static final List<String> RESOURCE_FIELDS = List.of("kind", "project", "location", "name", "phase");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventDecoder decoder = new EventDecoder(ShippedKinds.registry());

  /** One recorded event and the outcomes a correct decoder may give it (the first is the preferred one). */
  record Case(String file, List<JsonNode> accepted) {
    @Override
    public String toString() {
      return file;
    }
  }

  // Called by each test rather than in @BeforeAll, so that every test is reported skipped with the reason.
  static void requireTheFolder() {
    assumeTrue(Files.isRegularFile(FOLDER.resolve("expected.json")), () -> "no real-world events at "
        + FOLDER.toAbsolutePath().normalize() + " (this clone is outside the workspace that keeps them beside"
        + " the repository); set -D" + FOLDER_PROPERTY + "=DIR to run them");
  }

  static Stream<Case> cases() throws IOException {
    requireTheFolder();
    JsonNode expected = JSON.readTree(FOLDER.resolve("expected.json").toFile());
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : expected.properties()) {
      List<JsonNode> accepted = new ArrayList<>(List.of(entry.getValue()));
      entry.getValue().path("accept").forEach(accepted::add);
      cases.add(new Case(entry.getKey(), List.copyOf(accepted)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesToAnExpectedOutcome(Case c) throws IOException {
    ObjectNode actual = IntakeJson.toJson(decoder.decodeStructured(Files.readAllBytes(FOLDER.resolve(c.file()))));

    assertThat(c.accepted()).as("%s decoded as %s", c.file(), actual)
        .anySatisfy(expected -> assertThat(matches(expected, actual)).isTrue());
  }

  @Test
  void everyEventInTheFolderHasAnExpectation() throws IOException {
    List<String> expected = cases().map(Case::file).sorted().toList();
    try (Stream<Path> files = Files.list(FOLDER)) {
      List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> !NOT_EVENTS.contains(n))
          .sorted().toList();

      assertThat(onDisk).containsExactlyElementsOf(expected);
    }
  }

  /** The outcome agrees, and for a resource every field that names it. */
  private static boolean matches(JsonNode expected, ObjectNode actual) {
    if (!expected.path("outcome").asText().equals(actual.path("outcome").asText())) {
      return false;
    }
    return RESOURCE_FIELDS.stream().filter(expected::has)
        .allMatch(field -> expected.get(field).asText().equals(actual.path(field).asText()));
  }
}
