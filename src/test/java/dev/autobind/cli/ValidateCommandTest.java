package dev.autobind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

  private static final String BAD = "src/test/resources/policies/bad/";

  @Test
  void theShippedFileIsValid() {
    CliRun run = CliRun.of("validate", "function.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("function.yaml: valid; 7 rules granting 9 roles, 4 Kubernetes objects"
        + " inside each new GKE cluster, deployed as autobind\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void theFileDefaultsToFunctionYamlInTheWorkingDirectory() {
    CliRun run = CliRun.of("validate");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("function.yaml: valid;");
  }

  @Test
  void printsEveryProblemOnItsOwnLineAndExitsTwo() {
    CliRun run = CliRun.of("validate", BAD + "many-problems.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines()).containsExactly(
        BAD + "many-problems.yaml:6: policy.serviceAccount.accountId: ML-Trainer is not an account id; use 6-30 lowercase"
            + " letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        BAD + "many-problems.yaml:12: policy.rules[0].grant.project[0].role: roles/viewer is a basic role;"
            + " grant a predefined role instead",
        BAD + "many-problems.yaml:13: policy.rules[0].grant.project[0].members[1]: allUsers makes the grant public;"
            + " name users, groups or service accounts instead",
        BAD + "many-problems.yaml:14: policy.rules[0].grant.project[1].role: roles/iam.securityAdmin carries"
            + " accesscontextmanager.policies.setIamPolicy, which changes who has access; name it in"
            + " policy.allowSensitiveRoles to grant it",
        BAD + "many-problems.yaml:16: policy.rules[0].grant.resource: gke-cluster has no resource-level IAM policy;"
            + " grant access on the project with grant.project");
    assertThat(run.err()).isEmpty();
  }

  static Stream<String> badFixtures() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(BAD))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFixtures")
  void everyBadFixtureExitsTwoWithNamedFields(String file) {
    CliRun run = CliRun.of("validate", BAD + file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines()).isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches("\\Q" + BAD + file + "\\E:[0-9]+: [^ ]+: .+"));
  }

  @Test
  void aMissingFileIsAProblemNotAStackTrace(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    CliRun run = CliRun.of("validate", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo(missing + ": no such file\n");
    assertThat(run.err()).isEmpty();
  }

  record Stdin(String name, byte[] input, int exitCode, String firstLine) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Stdin> stdinCases() throws java.io.IOException {
    byte[] shipped = java.nio.file.Files.readAllBytes(Path.of("function.yaml"));
    return Stream.of(
        new Stdin("the shipped file", shipped, 0, "<stdin>: valid; "),
        new Stdin("empty input", new byte[0], 2, "<stdin>"),
        new Stdin("not YAML", "policy: [unclosed".getBytes(java.nio.charset.StandardCharsets.UTF_8), 2, "<stdin>:"),
        new Stdin("a basic role", new String(shipped, java.nio.charset.StandardCharsets.UTF_8)
            .replace("roles/tpu.viewer", "roles/owner").getBytes(java.nio.charset.StandardCharsets.UTF_8), 2,
            "<stdin>:"),
        new Stdin("oversized", new byte[(1 << 20) + 10], 2, "<stdin>: the file is "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stdinCases")
  void aDashReadsStandardInput(Stdin c) {
    CliRun run = CliRun.of(cl -> ((ValidateCommand) cl.getSubcommands().get("validate").getCommand()).stdin =
        new java.io.ByteArrayInputStream(c.input()), "validate", "-");

    assertThat(run.exitCode()).isEqualTo(c.exitCode());
    assertThat(run.out()).startsWith(c.firstLine()).doesNotContain("no such file");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aFailingStandardInputIsAProblemNotAStackTrace() {
    CliRun run = CliRun.of(cl -> ((ValidateCommand) cl.getSubcommands().get("validate").getCommand()).stdin =
        new java.io.InputStream() {
          @Override
          public int read() throws java.io.IOException {
            throw new java.io.IOException("Input/output error");
          }
        }, "validate", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("<stdin>: cannot read standard input: Input/output error\n");
  }

  @Test
  void helpDescribesTheCommand() {
    CliRun run = CliRun.of("validate", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: autobind validate", "[FILE]", "Exit codes:", "  0   valid",
        "  2   invalid, or a bad argument");
  }

  @Test
  void extraArgumentsAreAUsageError() {
    CliRun run = CliRun.of("validate", "a.yaml", "b.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(List.of(run.err().split("\n"))).first().asString()
        .isEqualTo("autobind validate: unexpected argument 'b.yaml'");
  }

  /** A Kubernetes member or binding that validate must refuse, and the field its problem names. */
  record KubernetesCase(String name, String member, String kubernetes, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<KubernetesCase> kubernetesCases() {
    String pool = "iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ml-a.svc.id.goog";
    String members = "policy.rules[0].grant.serviceAccount[0].members[0]";
    return Stream.of(
        new KubernetesCase("the project id where the number belongs",
            "\"principal://iam.googleapis.com/projects/ml-train-a/locations/global/workloadIdentityPools/"
                + "ml-train-a.svc.id.goog/subject/ns/training/sa/trainer\"", "", members),
        new KubernetesCase("a foreign host", "\"principal://iam.example.com/projects/1/locations/global/"
            + "workloadIdentityPools/ml-a.svc.id.goog/subject/ns/training/sa/trainer\"", "", members),
        new KubernetesCase("an invalid namespace", "\"principal://" + pool + "/subject/ns/Training_1/sa/trainer\"", "",
            members),
        new KubernetesCase("a pool-wide wildcard", "\"principalSet://" + pool + "/*\"", "", members),
        new KubernetesCase("an undocumented selector", "\"principalSet://" + pool + "/attribute.team/ml\"", "", members),
        new KubernetesCase("a typed member with a bad name", "{ksa: {namespace: training, name: Trainer}}", "",
            members + ".ksa.name"),
        new KubernetesCase("a binding to cluster-admin", "{ksa: {namespace: training, name: trainer}}",
            "  kubernetes:\n    clusterRoleBindings: [{name: admins, clusterRole: cluster-admin,"
                + " subjects: [{group: ml@example.com}]}]\n", "policy.kubernetes.clusterRoleBindings[0].clusterRole"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubernetesCases")
  void refusesMalformedKubernetesMembersAndClusterAdminNamingTheField(KubernetesCase c, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("function.yaml");
    Files.writeString(file, """
        policy:
          projects: {include: ["ml-*"]}
          serviceAccount: {accountId: ml-trainer}
          rules:
            - name: wi
              resources: [gke-cluster]
              grant:
                serviceAccount:
                  - role: roles/iam.workloadIdentityUser
                    members: [%s]
        %s""".formatted(c.member(), c.kubernetes()));

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines()).singleElement().asString().startsWith(file + ":").contains(": " + c.field() + ": ");
  }
}
