package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Option values: what each accepts, and the exact refusal for bad and hostile input. */
class BackfillArgumentsTest {

  /** One option value, what it becomes, or the refusal. */
  record Case(String name, Function<String, Object> parse, String value, Object expected, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, Function<String, Object> parse, String value, Object expected) {
    return new Case(name, parse, value, expected, null);
  }

  static Case bad(String name, Function<String, Object> parse, String value, String error) {
    return new Case(name, parse, value, null, error);
  }

  static Stream<Case> cases() {
    Function<String, Object> scope = BackfillArguments::scope;
    Function<String, Object> projects = BackfillArguments::projects;
    Function<String, Object> locations = BackfillArguments::locations;
    Function<String, Object> topic = v -> BackfillArguments.topic(v).toString();
    return Stream.of(
        ok("organization scope", scope, "organizations/123456789012", "organizations/123456789012"),
        ok("folder scope", scope, "folders/42", "folders/42"),
        bad("project as scope", scope, "projects/ml-a", "--scope: 'projects/ml-a' is not organizations/NUMBER or folders/NUMBER"),
        bad("scope with a name", scope, "organizations/example.com",
            "--scope: 'organizations/example.com' is not organizations/NUMBER or folders/NUMBER"),
        bad("scope with a newline", scope, "folders/1\nfolders/2",
            "--scope: 'folders/1\\u000afolders/2' is not organizations/NUMBER or folders/NUMBER"),
        bad("empty scope", scope, "", "--scope: '' is not organizations/NUMBER or folders/NUMBER"),
        ok("projects, spaced and repeated", projects, "ml-train-a, ml-serve-b,ml-train-a",
            List.of("ml-train-a", "ml-serve-b")),
        bad("project with a semicolon", projects, "ml-train-a;rm -rf",
            "--projects: 'ml-train-a;rm -rf' is not a project id (6-30 lowercase letters, digits and hyphens,"
                + " starting with a letter)"),
        bad("uppercase project", projects, "ML-TRAIN", "--projects: 'ML-TRAIN' is not a project id (6-30 lowercase"
            + " letters, digits and hyphens, starting with a letter)"),
        bad("project number", projects, "111111111111", "--projects: '111111111111' is not a project id (6-30"
            + " lowercase letters, digits and hyphens, starting with a letter)"),
        bad("path traversal", projects, "../../etc", "--projects: '../../etc' is not a project id (6-30 lowercase"
            + " letters, digits and hyphens, starting with a letter)"),
        bad("empty item", projects, "ml-train-a,,ml-serve-b", "--projects: item 2 is empty"),
        bad("empty list", projects, "", "--projects: item 1 is empty"),
        bad("too many projects", projects, "ml-project-a,".repeat(1_000) + "ml-project-b",
            "--projects: names 1001 projects; the limit is 1000"),
        ok("regions", locations, "us-central1,europe-west4", List.of("us-central1", "europe-west4")),
        bad("global is not a region", locations, "global", "--locations: 'global' is not a Vertex AI region such as us-central1"),
        bad("zone is not a region", locations, "us-central1-a",
            "--locations: 'us-central1-a' is not a Vertex AI region such as us-central1"),
        ok("topic", topic, "projects/ml-platform-ops/topics/autobind-audit", "projects/ml-platform-ops/topics/autobind-audit"),
        bad("topic id only", topic, "autobind-audit", "--topic: 'autobind-audit' is not projects/PROJECT/topics/TOPIC"),
        bad("topic in a bad project", topic, "projects/A_B/topics/t123",
            "--topic: 'A_B' is not a project id (6-30 lowercase letters, digits and hyphens, starting with a letter)"),
        bad("reserved topic", topic, "projects/ml-platform-ops/topics/goog-x",
            "--topic: 'goog-x' is not a topic id (3-255 letters, digits and - _ . ~ + %, starting with a letter,"
                + " not with goog)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void acceptsOrRefusesNamingTheOption(Case c) {
    if (c.error() == null) {
      assertThat(c.parse().apply(c.value())).isEqualTo(c.expected());
    } else {
      assertThatThrownBy(() -> c.parse().apply(c.value())).isInstanceOf(BadInput.class).hasMessage(c.error());
    }
  }

  @ParameterizedTest(name = "parallelism {0}")
  @MethodSource("parallelisms")
  void parallelismIsBounded(int value, boolean accepted) {
    if (accepted) {
      assertThat(BackfillArguments.parallelism(value)).isEqualTo(value);
    } else {
      assertThatThrownBy(() -> BackfillArguments.parallelism(value)).isInstanceOf(BadInput.class)
          .hasMessage("--parallelism: " + value + " is not between 1 and 64");
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> parallelisms() {
    return Stream.of(org.junit.jupiter.params.provider.Arguments.of(1, true),
        org.junit.jupiter.params.provider.Arguments.of(64, true),
        org.junit.jupiter.params.provider.Arguments.of(0, false),
        org.junit.jupiter.params.provider.Arguments.of(65, false),
        org.junit.jupiter.params.provider.Arguments.of(-3, false));
  }
}
