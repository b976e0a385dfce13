package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Without credentials, every command that calls Google Cloud says in one line what is missing and how to fix it. */
class CredentialCheckTest {
  private static final String NL = System.lineSeparator();
  private static final CredentialCheck.Lookup NONE = () -> {
    throw new IOException("Your default credentials were not found.");
  };
  private static final CredentialCheck.Lookup FOUND = () -> { };
  private static final String GKE = "src/test/resources/apply/events/train-gke-1.eventarc.json";
  private static final String POLICY = "src/test/resources/apply/policy.yaml";
  private static final String FIX_LOCAL = "; run gcloud auth application-default login, or set"
      + " AUTOBIND_EMULATOR_HOST=host:port for the local cloud";

  record Case(String name, Map<String, String> environment, CredentialCheck.Lookup lookup, boolean publishes,
      Optional<String> problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no credentials anywhere", Map.of(), NONE, false,
            Optional.of("no Google Cloud credentials: Application Default Credentials were not found" + FIX_LOCAL)),
        new Case("a key file that is not there", Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/no/key.json"), NONE, false,
            Optional.of("no Google Cloud credentials: GOOGLE_APPLICATION_CREDENTIALS names /no/key.json, which is not"
                + " a readable credentials file" + FIX_LOCAL)),
        new Case("credentials found", Map.of(), FOUND, true, Optional.empty()),
        new Case("the local cloud needs none", Map.of("AUTOBIND_EMULATOR_HOST", "127.0.0.1:1"), NONE, false,
            Optional.empty()),
        new Case("publishing without the Pub/Sub emulator needs them", Map.of("AUTOBIND_EMULATOR_HOST", "127.0.0.1:1"),
            NONE, true, Optional.of("no Google Cloud credentials: Application Default Credentials were not found; run"
                + " gcloud auth application-default login, or set PUBSUB_EMULATOR_HOST=host:port for the Pub/Sub"
                + " emulator")),
        new Case("both emulators need none", Map.of("AUTOBIND_EMULATOR_HOST", "127.0.0.1:1",
            "PUBSUB_EMULATOR_HOST", "127.0.0.1:2"), NONE, true, Optional.empty()),
        new Case("a blank emulator variable is not set", Map.of("AUTOBIND_EMULATOR_HOST", " "), NONE, false,
            Optional.of("no Google Cloud credentials: Application Default Credentials were not found" + FIX_LOCAL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void saysWhatIsMissing(Case c) {
    assertThat(CredentialCheck.missing(c.environment(), c.lookup(), c.publishes())).isEqualTo(c.problem());
  }

  @Test
  void applyWithoutCredentialsIsOneLineAndExitFive() {
    CliRun run = CliRun.of(cl -> {
      ApplyCommand apply = (ApplyCommand) cl.getSubcommands().get("apply").getCommand();
      apply.environment = Map.of();
      apply.credentials = NONE;
    }, "apply", "--dry-run", "--policy", POLICY, "--event", GKE);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_NO_CREDENTIALS);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("apply: no Google Cloud credentials: Application Default Credentials were not"
        + " found" + FIX_LOCAL + NL);
  }

  @Test
  void backfillWithoutCredentialsIsOneLineAndExitFive() {
    CliRun run = CliRun.of(cl -> {
      BackfillCommand backfill = (BackfillCommand) cl.getSubcommands().get("backfill").getCommand();
      backfill.environment = Map.of("AUTOBIND_POLICY", POLICY);
      backfill.credentials = NONE;
    }, "backfill", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_NO_CREDENTIALS);
    assertThat(run.err()).isEqualTo("backfill: no Google Cloud credentials: Application Default Credentials were not"
        + " found" + FIX_LOCAL + NL + "backfill: nothing was published or applied" + NL);
  }

  @Test
  void theHelpOfEachSuchCommandDocumentsTheExitCode() {
    for (String command : List.of("apply", "backfill")) {
      assertThat(CliRun.of(command, "--help").out()).as(command)
          .contains("  5   no Google Cloud credentials: run gcloud auth application-default login");
    }
  }

  /** The real lookup, in a JVM whose environment names a key file that does not exist: no network is needed. */
  @Test
  void theRealLookupWithAMissingKeyFileIsOneLine(@TempDir Path home) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "apply", "--policy", POLICY,
        "--event", GKE).redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
    builder.environment().remove("AUTOBIND_EMULATOR_HOST");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("CLOUDSDK_CONFIG", home.resolve("gcloud").toString());
    builder.environment().put("GOOGLE_APPLICATION_CREDENTIALS", home.resolve("missing-key.json").toString());
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(Main.EXIT_NO_CREDENTIALS);
    assertThat(Files.readString(home.resolve("out"))).isEmpty();
    assertThat(Files.readAllLines(home.resolve("err"), StandardCharsets.UTF_8)).containsExactly("apply: no Google"
        + " Cloud credentials: GOOGLE_APPLICATION_CREDENTIALS names " + home.resolve("missing-key.json")
        + ", which is not a readable credentials file" + FIX_LOCAL);
  }
}
