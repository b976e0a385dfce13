package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The function: settings each instance runs with (minInstances, cpu, memory, jvmOptions, dryRun, maxEventAge),
 * and the refusal of a deployment whose only project the policy cannot govern.
 */
class InstanceSettingsTest {

  /** The function: section; a case's extra lines start at line 10, or 13 with the pubsub lines. */
  private static String file(String trigger, String extra, String include) {
    return """
        function:
          name: autobind
          project: ops-proj
          region: us-central1
        %s
          serviceAccount: autobind-fn
          maxInstances: 5
          timeoutSeconds: 60
          retry: true
        %spolicy:
          projects: {include: [%s], exclude: ["*-sandbox"]}
          serviceAccount: {accountId: ml-trainer}
          rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,
            members: ["user:a@corp.test"]}]}}]
        """.formatted(trigger, extra, include);
  }

  private static final String PUBSUB = "  trigger: pubsub\n  topic: audit\n  sinkScope: organizations/1\n"
      + "  governedScope: [folders/2]";

  private static String pubsub(String extra) {
    return file(PUBSUB, extra, "\"ml-*\"");
  }

  @Test
  void everySettingIsRead() {
    FunctionConfig fn = PolicyFile.parse("function.yaml", pubsub("""
          minInstances: 1
          cpu: "2"
          memory: 1Gi
          jvmOptions: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:gc*,safepoint
          dryRun: true
          maxEventAge: P3D
        """), ShippedKinds.registry()).requireFunction();

    assertThat(fn.instances()).isEqualTo(new InstanceSettings(OptionalInt.of(1), Optional.of("2"), Optional.of("1Gi"),
        Optional.of("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:gc*,safepoint"), true,
        Optional.of(Duration.ofDays(3))));
  }

  @Test
  void unsetSettingsAreThePlatformDefaults() {
    assertThat(PolicyFile.parse("function.yaml", pubsub(""), ShippedKinds.registry()).requireFunction().instances())
        .isEqualTo(InstanceSettings.DEFAULTS);
  }

  /** Extra function: lines and the exact problems they must produce. */
  record Bad(String name, String extra, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> bad() {
    return Stream.of(
        new Bad("more warm instances than the most", "  minInstances: 6\n",
            List.of("function.yaml:13: function.minInstances: 6 is more than maxInstances (5)")),
        new Bad("negative warm instances", "  minInstances: -1\n",
            List.of("function.yaml:13: function.minInstances: expected a whole number from 0 to 1000, found -1")),
        new Bad("too many CPUs", "  cpu: 16\n", List.of("function.yaml:13: function.cpu: 16 is not a CPU count"
            + " from 0.08 to 8, such as 1, 2 or 0.5 (or 500m)")),
        new Bad("CPUs in words", "  cpu: two\n", List.of("function.yaml:13: function.cpu: two is not a CPU count"
            + " from 0.08 to 8, such as 1, 2 or 0.5 (or 500m)")),
        new Bad("memory without a unit", "  memory: 512\n", List.of("function.yaml:13: function.memory: 512 is"
            + " not a memory size from 256Mi to 32Gi: a number and k, M, G, Ki, Mi or Gi, such as 512Mi or 2Gi")),
        new Bad("too little memory", "  memory: 128Mi\n", List.of("function.yaml:13: function.memory: 128Mi is"
            + " not a memory size from 256Mi to 32Gi: a number and k, M, G, Ki, Mi or Gi, such as 512Mi or 2Gi")),
        new Bad("a JVM option without a dash", "  jvmOptions: Xmx1g\n", List.of("function.yaml:13: function.jvmOptions:"
            + " Xmx1g is not a list of JVM options: words that start with -, separated by spaces, without ';', at"
            + " most 1024 characters")),
        new Bad("a JVM option that ends a command", "  jvmOptions: \"-Xmx1g; rm -rf /\"\n", List.of(
            "function.yaml:13: function.jvmOptions: -Xmx1g; rm -rf / is not a list of JVM options: words that"
                + " start with -, separated by spaces, without ';', at most 1024 characters")),
        new Bad("dry run as a word", "  dryRun: maybe\n",
            List.of("function.yaml:13: function.dryRun: expected true or false, found maybe")),
        new Bad("an age that is not a duration", "  maxEventAge: 23h\n", List.of("function.yaml:13:"
            + " function.maxEventAge: 23h is not a positive ISO-8601 duration such as PT23H or P3D")),
        new Bad("a negative age", "  maxEventAge: -PT1H\n", List.of("function.yaml:13:"
            + " function.maxEventAge: -PT1H is not a positive ISO-8601 duration such as PT23H or P3D")),
        new Bad("a misspelt setting", "  minInstance: 1\n", List.of("function.yaml:13: function.minInstance: unknown"
            + " key; expected one of name, project, region, runtime, trigger, topic, sinkScope, serviceAccount,"
            + " maxInstances, timeoutSeconds, retry, minInstances, cpu, memory, jvmOptions, dryRun, maxEventAge, governedScope, backfillTopic, operators, reconcileSchedule, reconcile")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void aBadSettingIsNamed(Bad b) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml",
        pubsub(b.extra()), ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(b.problems());
  }

  /** A trigger and include glob, and the problem a policy that governs none of its events must get. */
  record Scope(String name, String trigger, String include, Optional<String> problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scope> scopes() {
    String fix = "; govern it in policy.projects, or use trigger: pubsub with a sinkScope over the governed projects";
    return Stream.of(
        new Scope("eventarc in a project outside the include globs", "  trigger: eventarc", "\"ml-*\"", Optional.of(
            "function.yaml:5: function.trigger: eventarc delivers only the events of project ops-proj"
                + " (function.project), and the policy governs nothing there: project ops-proj is not in"
                + " policy.projects.include" + fix)),
        new Scope("eventarc in a governed project", "  trigger: eventarc", "\"ops-*\"", Optional.empty()),
        new Scope("an organization sink", PUBSUB, "\"ml-*\"", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scopes")
  void aDeploymentThatCanGovernNothingIsRefused(Scope s) {
    String yaml = file(s.trigger(), "", s.include());
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()));

    assertThat(Optional.ofNullable(e).map(x -> x.problems().get(0).text())).isEqualTo(s.problem());
  }
}
