package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Input that is not a policy at all: malformed YAML, wrong types, hostile values, oversized and unreadable files. */
class BadInputTest {

  private static final String HEAD = """
      policy:
        projects: {include: ["ml-*"]}
        serviceAccount: {accountId: ml-trainer}
      """;

  /** YAML text and the exact problems it must produce. */
  record Case(String name, String yaml, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("empty file", "", List.of("function.yaml: the file is empty; it needs a policy: section")),
        new Case("only comments", "# policy: later\n", List.of("function.yaml: the file is empty; it needs a policy: section")),
        new Case("unclosed flow list", "policy:\n  projects: {include: [ml-*\n  rules: []\n", List.of(
            "function.yaml:2: policy.projects.include: not valid YAML: while parsing a flow sequence, expected ',' or"
                + " ']', but got :")),
        new Case("tab indentation", "policy:\n\tprojects: x\n", List.of(
            "function.yaml:2: not valid YAML: while scanning for the next token, found character '\\t(TAB)' that cannot"
                + " start any token. (Do not use \\t(TAB) for indentation)")),
        new Case("bad indentation", "policy:\n  projects:\n    include: [a]\n   rules: x\n", List.of(
            "function.yaml:4: policy: not valid YAML: while parsing a block mapping, expected <block end>, but found"
                + " '<block mapping start>'")),
        new Case("a key without its colon", "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount\n"
            + "\n  rules: []\n", List.of("function.yaml:3: not valid YAML: while scanning a simple key, could not"
                + " find expected ':'")),
        new Case("an unclosed quote", "policy:\n  projects: {include: [\"ml-*]}\n  rules: []\n", List.of(
            "function.yaml:2: policy.projects.include: not valid YAML: while scanning a quoted scalar, found"
                + " unexpected end of stream")),
        new Case("a list at the top", "- policy\n", List.of("function.yaml:1: expected a mapping, found a list")),
        new Case("a number for the policy", "policy: 3\n", List.of("function.yaml:1: policy: expected a mapping, found a number")),
        new Case("two documents", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,"
            + " members: [\"user:a@example.com\"]}]}}]\n---\npolicy: {}\n", List.of(
            "function.yaml:6: the file holds more than one YAML document; keep one")),
        new Case("duplicate key", HEAD + "  serviceAccount: {accountId: other-trainer}\n"
            + "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,"
            + " members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:4: policy.serviceAccount: duplicate key; it is already set on line 3")),
        new Case("a mapping where a role is expected", HEAD + "  rules: [{name: a, resources: [gke-cluster],"
            + " grant: {project: [{role: {name: aiplatform.user}, members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].role: expected a string, found a mapping")),
        new Case("a list where the grant is expected", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: [roles/x]}]\n",
            List.of("function.yaml:4: policy.rules[0].grant: expected a mapping, found a list")),
        new Case("a string where rules are expected", HEAD + "  rules: training\n",
            List.of("function.yaml:4: policy.rules: expected a list, found a string")),
        new Case("yes for a boolean", "function: {name: autobind, project: ml-platform-ops, region: us-central1, trigger: eventarc,"
            + " serviceAccount: autobind-fn, retry: yes}\n" + HEAD + "  rules: [{name: a, resources: [gke-cluster],"
            + " grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:1: function.retry: expected true or false, found yes")),
        new Case("a fraction for a count", "function: {name: autobind, project: ml-platform-ops, region: us-central1,"
            + " trigger: eventarc, serviceAccount: autobind-fn, maxInstances: 2.5}\n" + HEAD + "  rules: [{name: a,"
            + " resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}}]\n",
            List.of("function.yaml:1: function.maxInstances: expected a whole number from 1 to 1000, found 2.5")),
        new Case("anchors and aliases", HEAD + "  rules:\n    - name: a\n      resources: &kinds [gke-cluster]\n"
            + "      grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}\n"
            + "    - name: b\n      resources: *kinds\n"
            + "      grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}\n", List.of(
            "function.yaml:6: policy.rules[0].resources: YAML anchors (&kinds) are not supported; write the value out",
            "function.yaml:9: policy.rules[1].resources: YAML aliases (*kinds) are not supported; write the value out",
            "function.yaml:9: policy.rules[1].resources: must name at least one resource kind; use gke-cluster,"
            + " vertex-model, vertex-persistent-resource, vertex-endpoint, tpu-node or tpu-queued-resource")),
        new Case("nesting bomb", "policy: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n", List.of(
            "function.yaml: not valid YAML: it nests deeper than 32 levels")),
        new Case("a newline smuggled into a member", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project:"
            + " [{role: roles/aiplatform.user, members: [\"user:a@example.com\\nfunction.yaml:1: all good\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].members[0]: user:a@example.com\\u000afunction.yaml:1: all good"
                + " contains whitespace or control characters")),
        new Case("a newline smuggled into a key", HEAD + "  \"rules\\nfunction.yaml:1: ok\": []\n", List.of(
            "function.yaml:1: policy.rules: is required",
            "function.yaml:4: policy.rules\\u000afunction.yaml:1: ok: unknown key;"
                + " expected one of projects, serviceAccount, allowSensitiveRoles, workloadIdentityPools, rules,"
                + " exemptions, kubernetes, allowUnknownRoles, memberDomains")),
        new Case("a right-to-left override in a rule name", HEAD + "  rules: [{name: \"a\\u202eb\", resources: [gke-cluster],"
            + " grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].name: a\\u202eb is not a rule name; use up to 63 lowercase letters, digits, '-', '_' and '.'")),
        new Case("a huge member", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,"
            + " members: [\"user:" + "a".repeat(10_000) + "@example.com\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].members[0]: member is 10017 characters long; the limit is 512")),
        new Case("a huge description", "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount: {accountId: ml-trainer,"
            + " description: " + "x".repeat(300) + "}\n  rules: [{name: a, resources: [gke-cluster], grant: {project:"
            + " [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:3: policy.serviceAccount.description: is 300 characters long; the limit is 256")),
        new Case("no project globs", "policy:\n  projects: {include: []}\n  serviceAccount: {accountId: ml-trainer}\n"
            + "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,"
            + " members: [\"user:a@example.com\"]}]}}]\n", List.of(
            "function.yaml:2: policy.projects.include: must list at least one project glob;"
                + " use \"*\" to govern every project the function can see")),
        new Case("no rules", HEAD + "  rules: []\n", List.of("function.yaml:4: policy.rules: must list at least one rule")),
        new Case("an unclosed placeholder", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project: [{role:"
            + " roles/aiplatform.user, members: [\"serviceAccount:${serviceAccount\"]}]}}]\n", List.of(
            "function.yaml:4: policy.rules[0].grant.project[0].members[0]: unclosed placeholder: ${ without }")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithAClearProblem(Case c) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", c.yaml(), ShippedKinds.registry()));

    assertThat(e).as("expected a PolicyException").isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(c.problems());
  }

  @Test
  void aBillionLaughsIsRefusedWithoutExpandingIt() {
    StringBuilder yaml = new StringBuilder("policy:\n  a: &a [\"lol\", \"lol\"]\n");
    for (int i = 1; i <= 30; i++) {
      String previous = i == 1 ? "a" : "b" + (i - 1);
      yaml.append("  b").append(i).append(": &b").append(i).append(" [*").append(previous).append(", *").append(previous).append("]\n");
    }

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", yaml.toString(), ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text)
        .contains("function.yaml:2: policy.a: YAML anchors (&a) are not supported; write the value out")
        .contains("function.yaml:32: policy.b30[1]: YAML aliases (*b29) are not supported; write the value out")
        .hasSizeLessThan(200);
  }

  @Test
  void anOversizedFileIsRefusedUnread(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("function.yaml");
    Files.writeString(big, "# " + "x".repeat(PolicyFile.MAX_BYTES) + "\n");

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.load(big, ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text)
        .containsExactly(big + ": the file is 1048579 bytes; the limit is 1048576 bytes");
  }

  @Test
  void oversizedTextIsRefused() {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> PolicyFile.parse("function.yaml", "#".repeat(PolicyFile.MAX_BYTES + 1), ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text)
        .containsExactly("function.yaml: the file is 1048577 characters long; the limit is 1048576");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.load(missing, ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly(missing + ": no such file");
    assertThat(e).hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void aDirectoryIsRefused(@TempDir Path dir) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.load(dir, ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly(dir + ": it is a directory");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused(@TempDir Path dir) throws IOException {
    Path latin1 = dir.resolve("function.yaml");
    Files.write(latin1, "policy:\n  projects: {include: [\"caf\u00e9-*\"]}\n".getBytes(StandardCharsets.ISO_8859_1));

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.load(latin1, ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly(latin1 + ": the file is not valid UTF-8");
  }

  @Test
  void aByteOrderMarkIsTolerated(@TempDir Path dir) throws IOException {
    Path withBom = dir.resolve("function.yaml");
    Files.writeString(withBom, "\uFEFF" + Fixtures.text("policies/good/minimal.yaml"));

    assertThat(PolicyFile.load(withBom, ShippedKinds.registry()).policy().rules()).hasSize(1);
  }
}
