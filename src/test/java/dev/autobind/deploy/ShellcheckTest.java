package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shell script in scripts/, and the test stand-ins, pass shellcheck with the repository's .shellcheckrc.
 * Lint needs a tool the README's prerequisites do not include, so it is tagged and runs with {@code -Plint}, as
 * {@code .ci/run} does: {@code mvn -B verify -Plint}.
 */
@Tag("lint")
class ShellcheckTest {

  static List<String> scripts() throws IOException {
    try (Stream<Path> files = Stream.concat(Files.walk(Path.of("scripts")), Files.walk(Path.of(
        "src/test/resources/deploy/bin")))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".sh") || p.startsWith("src/test/resources/deploy/bin"))
          .map(Path::toString).sorted().toList();
    }
  }

  @Test
  void theDeploymentScriptsAreChecked() throws IOException {
    assertThat(scripts()).contains("scripts/deploy.sh", "scripts/replay.sh", "scripts/lib/steps.sh",
        "scripts/try-local.sh", "scripts/local-cloud.sh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void passesShellcheck(String script) throws Exception {
    requireShellcheck();
    Process process = new ProcessBuilder("shellcheck", "--format=gcc", script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("shellcheck did not finish on " + script);
    }

    assertThat(output).as("shellcheck " + script).isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  private static void requireShellcheck() {
    boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "shellcheck")));
    if (!found) {
      throw new AssertionError("shellcheck is not installed: apt-get install -y shellcheck"
          + " (.ci/run installs it); -Plint runs it over the scripts");
    }
  }
}
