package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autobind.event.EventFixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code autobind decode}: one JSON line per event, exit 0 for resource or ignored, 2 for invalid. */
class DecodeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run of the command printed and returned. */
  record Run(int exitCode, String out, String err) {
    JsonNode line() throws Exception {
      assertThat(out.lines().toList()).hasSize(1);
      return JSON.readTree(out);
    }
  }

  static List<EventFixtures.Case> fixtures() {
    return EventFixtures.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void printsOneLineWithTheOutcomeAndExitCode(EventFixtures.Case c) throws Exception {
    Run run = run("decode", EventFixtures.directory().resolve(c.file()).toString());

    JsonNode line = run.line();
    assertThat(line.path("outcome").asText()).isEqualTo(c.outcome());
    c.fields().forEach((field, expected) -> assertThat(line.path(field).asText()).as(field).isEqualTo(expected));
    assertThat(run.exitCode()).isEqualTo(c.outcome().equals("invalid") ? 2 : 0);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void resourceLineCarriesMethodPrincipalAndPath() throws Exception {
    JsonNode line = run("decode", EventFixtures.directory().resolve("vertex-upload.pubsub.json").toString()).line();

    assertThat(line.path("method").asText()).isEqualTo("google.cloud.aiplatform.v1.ModelService.UploadModel");
    assertThat(line.path("principal").asText()).isEqualTo("alice@example.com");
    assertThat(line.path("path").asText()).isEqualTo("pubsub-log");
  }

  @Test
  void readsStandardInputForDash() throws Exception {
    Run run = withStdin(EventFixtures.read("gke-create-last.eventarc.json"), () -> run("decode", "-"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.line().path("phase").asText()).isEqualTo("last");
  }

  @Test
  void oversizedFileIsInvalid(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("big.json"), EventFixtures.oversizedEvent());

    Run run = run("decode", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.line().path("error").asText()).isEqualTo("event: is larger than the 512 KiB (524288-byte) limit");
  }

  @Test
  void missingFileIsAClearErrorWithExitTwo(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");

    Run run = run("decode", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("decode: cannot read " + missing + ": no such file" + System.lineSeparator());
  }

  @Test
  void directoryIsAClearErrorWithExitTwo(@TempDir Path dir) {
    Run run = run("decode", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("decode: cannot read " + dir + ": ").doesNotContain("\tat ");
  }

  @Test
  void helpDescribesTheCommand() {
    Run run = run("decode", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: autobind decode", "FILE|-", "Exit codes:",
        "2   invalid event, or a file that cannot be read");
  }

  @Test
  void missingArgumentIsAUsageError() {
    Run run = run("decode");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'FILE|-'");
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private interface Action {
    Run get() throws Exception;
  }

  private static Run withStdin(byte[] input, Action action) throws Exception {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(input));
    try {
      return action.get();
    } finally {
      System.setIn(original);
    }
  }
}
