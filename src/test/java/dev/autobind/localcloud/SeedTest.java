package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seed files: the demo world's state, and every bad seed refused with its field named. */
class SeedTest {

  private static final String PROJECT = "projects:\n  - id: ml-train-a\n    number: 111111111111\n";

  /** One bad seed and the exact error it must give. */
  record BadSeed(String name, String yaml, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadSeed> badSeeds() {
    return Stream.of(
        new BadSeed("empty file", "", "seed.yaml: the seed is empty; expected a mapping with 'projects'"),
        new BadSeed("a list at the top", "- a\n- b\n", "seed.yaml: (top level): must be a mapping"),
        new BadSeed("misspelt top-level field", "projectz: []\n",
            "seed.yaml: projectz: unknown field; expected one of [folders, projects, visibilityDelayMs]"),
        new BadSeed("negative delay", "visibilityDelayMs: -5\n",
            "seed.yaml: visibilityDelayMs: must be an integer of at least 0, got -5"),
        new BadSeed("delay as words", "visibilityDelayMs: soon\n",
            "seed.yaml: visibilityDelayMs: must be an integer of at least 0, got \"soon\""),
        new BadSeed("projects as a mapping", "projects: {id: x}\n", "seed.yaml: projects: must be a list"),
        new BadSeed("project as a string", "projects: [ml-train-a]\n", "seed.yaml: projects[0]: must be a mapping"),
        new BadSeed("missing id", "projects:\n  - number: 1\n", "seed.yaml: projects[0].id: is required"),
        new BadSeed("id with capitals", "projects:\n  - {id: ML_Train, number: 1}\n",
            "seed.yaml: projects[0].id: 'ML_Train' is not a project id: 6-30 lowercase letters, digits or hyphens"),
        new BadSeed("id as a number", "projects:\n  - {id: 123456, number: 1}\n",
            "seed.yaml: projects[0].id: must be a non-empty string"),
        new BadSeed("missing number", "projects:\n  - id: ml-train-a\n", "seed.yaml: projects[0].number: is required"),
        new BadSeed("number in words", "projects:\n  - {id: ml-train-a, number: abc}\n",
            "seed.yaml: projects[0].number: must be an integer of at least 1, got \"abc\""),
        new BadSeed("number zero", "projects:\n  - {id: ml-train-a, number: 0}\n",
            "seed.yaml: projects[0].number: must be an integer of at least 1, got 0"),
        new BadSeed("fractional number", "projects:\n  - {id: ml-train-a, number: 12.5}\n",
            "seed.yaml: projects[0].number: must be an integer of at least 1, got 12.5"),
        new BadSeed("repeated id", "projects:\n  - {id: ml-train-a, number: 1}\n  - {id: ml-train-a, number: 2}\n",
            "seed.yaml: projects[1]: repeats the id 'ml-train-a'"),
        new BadSeed("repeated number", "projects:\n  - {id: ml-train-a, number: 1}\n  - {id: ml-train-b, number: 1}\n",
            "seed.yaml: projects[1]: repeats the number '1'"),
        new BadSeed("unknown project field", PROJECT + "    cluster: []\n",
            "seed.yaml: projects[0].cluster: unknown field; expected one of"
                + " [clusters, endpoints, iamPolicy, id, models, nodes, number, parent, persistentResources, queuedResources,"
                + " serviceAccounts]"),
        new BadSeed("TPU node in a region", PROJECT + "    nodes: [{location: us-central2, id: tpu-1}]\n",
            "seed.yaml: projects[0].nodes[0].location: 'us-central2' is not a zone such as us-central2-b"),
        new BadSeed("persistent resource id with an underscore", PROJECT
            + "    persistentResources: [{location: us-central1, id: ray_1}]\n",
            "seed.yaml: projects[0].persistentResources[0].id: 'ray_1' is not an id the API accepts in"
                + " persistentResources"),
        new BadSeed("endpoint id with a leading zero", PROJECT
            + "    endpoints: [{location: us-central1, id: \"0123\"}]\n",
            "seed.yaml: projects[0].endpoints[0].id: '0123' is not an id the API accepts in endpoints"),
        new BadSeed("queued resource named ..", PROJECT
            + "    queuedResources: [{location: us-central2-b, id: \"..\"}]\n",
            "seed.yaml: projects[0].queuedResources[0].id: '..' is not an id the API accepts in queuedResources"),
        new BadSeed("a policy on a TPU node", PROJECT
            + "    nodes: [{location: us-central2-b, id: tpu-1, iamPolicy: {bindings: []}}]\n",
            "seed.yaml: projects[0].nodes[0].iamPolicy: unknown field; expected one of"
                + " [displayName, id, labels, location]"),
        new BadSeed("the same endpoint twice", PROJECT + "    endpoints: [{location: us-central1, id: a},"
            + " {location: us-central1, id: a}]\n", "seed.yaml: projects[0].endpoints[1]: repeats the location/id"
            + " 'us-central1/a'"),
        new BadSeed("policy with an etag", PROJECT + "    iamPolicy: {etag: BwX=}\n",
            "seed.yaml: projects[0].iamPolicy.etag: unknown field; expected one of [bindings]"),
        new BadSeed("role without prefix",
            PROJECT + "    iamPolicy: {bindings: [{role: owner, members: [\"user:a@example.com\"]}]}\n",
            "seed.yaml: projects[0].iamPolicy.bindings[0].role: 'owner' is not a valid role name such as"
                + " roles/storage.admin"),
        new BadSeed("member without type", PROJECT
            + "    iamPolicy: {bindings: [{role: roles/viewer, members: [\"user:a@example.com\", \"ana@example.com\"]}]}\n",
            "seed.yaml: projects[0].iamPolicy.bindings[0].members[1]: 'ana@example.com' is not a valid member such as"
                + " user:ana@example.com"),
        new BadSeed("member as a number", PROJECT + "    iamPolicy: {bindings: [{role: roles/viewer, members: [42]}]}\n",
            "seed.yaml: projects[0].iamPolicy.bindings[0].members[0]: must be a string such as user:ana@example.com"),
        new BadSeed("no members", PROJECT + "    iamPolicy: {bindings: [{role: roles/viewer, members: []}]}\n",
            "seed.yaml: projects[0].iamPolicy.bindings[0].members: must name at least one member"),
        new BadSeed("condition without expression", PROJECT + "    iamPolicy: {bindings: [{role: roles/viewer,"
            + " members: [\"user:a@example.com\"], condition: {title: t}}]}\n",
            "seed.yaml: projects[0].iamPolicy.bindings[0].condition.expression: is required"),
        new BadSeed("bad account id", PROJECT + "    serviceAccounts: [{accountId: Runner}]\n",
            "seed.yaml: projects[0].serviceAccounts[0].accountId: 'Runner' is not an account id: 6-30 lowercase"
                + " letters, digits or hyphens, starting with a letter"),
        new BadSeed("repeated account", PROJECT + "    serviceAccounts: [{accountId: runner-1}, {accountId: runner-1}]\n",
            "seed.yaml: projects[0].serviceAccounts[1]: repeats the accountId 'runner-1'"),
        new BadSeed("display name with a newline", PROJECT
            + "    serviceAccounts: [{accountId: runner-1, displayName: \"a\\nb\"}]\n",
            "seed.yaml: projects[0].serviceAccounts[0].displayName: must be a string of at most 256 characters"
                + " without control characters"),
        new BadSeed("oversized display name", PROJECT
            + "    serviceAccounts: [{accountId: runner-1, displayName: " + "x".repeat(300) + "}]\n",
            "seed.yaml: projects[0].serviceAccounts[0].displayName: must be a string of at most 256 characters"
                + " without control characters"),
        new BadSeed("cluster on mars", PROJECT + "    clusters: [{location: mars, name: c1}]\n",
            "seed.yaml: projects[0].clusters[0].location: 'mars' is not a zone or region such as us-central1-a"),
        new BadSeed("cluster name with a slash", PROJECT + "    clusters: [{location: us-central1-a, name: a/b}]\n",
            "seed.yaml: projects[0].clusters[0].name: 'a/b' is not a cluster name: up to 40 lowercase letters,"
                + " digits or hyphens, starting with a letter"),
        new BadSeed("cluster zone field", PROJECT + "    clusters: [{zone: us-central1-a, name: c1}]\n",
            "seed.yaml: projects[0].clusters[0].zone: unknown field; expected one of"
                + " [labels, location, name, workloadPool]"),
        new BadSeed("bad workload pool", PROJECT
            + "    clusters: [{location: us-central1-a, name: c1, workloadPool: ml-train-a.example.com}]\n",
            "seed.yaml: projects[0].clusters[0].workloadPool: 'ml-train-a.example.com' is not a workload pool such as"
                + " PROJECT.svc.id.goog"),
        new BadSeed("unquoted number label", PROJECT
            + "    clusters: [{location: us-central1-a, name: c1, labels: {tier: 1}}]\n",
            "seed.yaml: projects[0].clusters[0].labels.tier: label values are quoted strings of up to 63 lowercase"
                + " letters, digits, '_' or '-'"),
        new BadSeed("label key with capitals", PROJECT
            + "    clusters: [{location: us-central1-a, name: c1, labels: {Team: a}}]\n",
            "seed.yaml: projects[0].clusters[0].labels.Team: label keys are 1-63 lowercase letters, digits, '_' or '-',"
                + " starting with a letter"),
        new BadSeed("repeated cluster", PROJECT
            + "    clusters: [{location: us-central1-a, name: c1}, {location: us-central1-a, name: c1}]\n",
            "seed.yaml: projects[0].clusters[1]: repeats the location/name 'us-central1-a/c1'"),
        new BadSeed("model in a zone", PROJECT + "    models: [{location: us-central1-a, id: \"1\"}]\n",
            "seed.yaml: projects[0].models[0].location: 'us-central1-a' is not a region such as us-central1"),
        new BadSeed("model id with spaces", PROJECT + "    models: [{location: us-central1, id: Fraud Model}]\n",
            "seed.yaml: projects[0].models[0].id: 'Fraud Model' is not a model id: lowercase letters, digits,"
                + " hyphens or underscores"),
        new BadSeed("model without id", PROJECT + "    models: [{location: us-central1}]\n",
            "seed.yaml: projects[0].models[0].id: is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSeeds")
  void badSeedsAreRefusedWithTheFieldNamed(BadSeed c) {
    assertThatThrownBy(() -> Seed.parse(c.yaml(), "seed.yaml"))
        .isInstanceOf(SeedException.class).hasMessage(c.message());
  }

  static Stream<String> unparsableYaml() {
    return Stream.of("projects: [\n", "projects: []\nprojects: []\n", "a: b: c\n", "\t- x\n");
  }

  @ParameterizedTest
  @MethodSource("unparsableYaml")
  void unparsableYamlNamesTheLine(String yaml) {
    assertThatThrownBy(() -> Seed.parse(yaml, "seed.yaml"))
        .isInstanceOf(SeedException.class).hasMessageStartingWith("seed.yaml: not valid YAML at line ")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> Seed.load(missing)).isInstanceOf(SeedException.class)
        .hasMessage(missing + ": no such seed file");
  }

  @Test
  void anOversizedFileIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[(int) Seed.MAX_BYTES + 1]);

    assertThatThrownBy(() -> Seed.load(big)).isInstanceOf(SeedException.class)
        .hasMessage(big + ": the seed file is larger than " + Seed.MAX_BYTES + " bytes");
  }

  @Test
  void numbersAndModelIdsMayBeQuotedOrNot() {
    Seed seed = Seed.parse("visibilityDelayMs: 1500\nprojects:\n  - id: ml-train-a\n    number: \"111111111111\"\n"
        + "    models: [{location: us-central1, id: 4567890123456789012}]\n", "seed.yaml");

    assertThat(seed.visibilityDelay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(seed.projects().get(0).number()).isEqualTo(111111111111L);
    assertThat(seed.projects().get(0).models().get(0).id()).isEqualTo("4567890123456789012");
    assertThat(seed.projects().get(0).models().get(0).displayName()).isEqualTo("4567890123456789012");
  }

  @Test
  void theDemoWorldHasExactlyTheDocumentedState() throws IOException {
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource("localcloud/demo-seed.yaml"));
        InputStream expected = getClass().getClassLoader().getResourceAsStream("localcloud/demo-state.json")) {
      JsonNode want = StateJson.JSON.readTree(expected);

      assertThat(cloud.state()).isEqualTo(want);
      assertThat(StateJson.JSON.readTree(cloud.stateJson())).isEqualTo(want);
    }
  }
}
