package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** function.reconcileSchedule and function.reconcile: the schedule of the safety-net job, or none. */
class ReconcileScheduleTest {

  /** A pubsub function: section; a case's extra lines start at line 9. */
  private static String file(String trigger, String extra) {
    return """
        function:
          name: autobind
          project: ops-proj
          region: us-central1
          serviceAccount: autobind-fn
        %s
        %spolicy:
          projects: {include: ["ml-*"]}
          serviceAccount: {accountId: ml-trainer}
          rules: [{name: a, resources: [gke-cluster], grant: {project: [{role: roles/aiplatform.user,
            members: ["user:a@corp.test"]}]}}]
        """.formatted(trigger, extra);
  }

  private static final String PUBSUB =
      "  trigger: pubsub\n  topic: audit\n  sinkScope: organizations/1\n  governedScope: [folders/2]";

  /** Extra function: lines and the schedule they must give. */
  record Good(String name, String extra, Optional<String> schedule) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Good> good() {
    return Stream.of(
        new Good("unset: daily at 03:00 UTC", "", Optional.of("0 3 * * *")),
        new Good("every six hours", "  reconcileSchedule: \"0 */6 * * *\"\n", Optional.of("0 */6 * * *")),
        new Good("weekdays by name", "  reconcileSchedule: 30 2 * * MON-FRI\n", Optional.of("30 2 * * MON-FRI")),
        new Good("turned on explicitly", "  reconcile: true\n", Optional.of("0 3 * * *")),
        new Good("turned off", "  reconcile: false\n", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void aScheduleIsRead(Good g) {
    FunctionConfig fn = PolicyFile.parse("function.yaml", file(PUBSUB, g.extra()), ShippedKinds.registry()).requireFunction();

    assertThat(fn.access().reconcileSchedule()).isEqualTo(g.schedule());
  }

  /** A trigger, extra function: lines and the exact problems they must produce. */
  record Bad(String name, String trigger, String extra, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> bad() {
    String notCron = " is not a cron schedule; use five fields separated by single spaces, e.g. \"0 3 * * *\""
        + " (no quotes inside)";
    return Stream.of(
        new Bad("four fields", PUBSUB, "  reconcileSchedule: \"0 3 * *\"\n",
            List.of("function.yaml:10: function.reconcileSchedule: 0 3 * *" + notCron)),
        new Bad("six fields", PUBSUB, "  reconcileSchedule: \"0 0 3 * * *\"\n",
            List.of("function.yaml:10: function.reconcileSchedule: 0 0 3 * * *" + notCron)),
        new Bad("a quote inside", PUBSUB, "  reconcileSchedule: \"0 3 * * '1'\"\n",
            List.of("function.yaml:10: function.reconcileSchedule: 0 3 * * '1'" + notCron)),
        new Bad("a command after it", PUBSUB, "  reconcileSchedule: \"0 3 * * *; rm -rf /\"\n",
            List.of("function.yaml:10: function.reconcileSchedule: 0 3 * * *; rm -rf /" + notCron)),
        new Bad("a tab between fields", PUBSUB, "  reconcileSchedule: \"0\\t3 * * *\"\n",
            List.of("function.yaml:10: function.reconcileSchedule: 0\\u00093 * * *" + notCron)),
        new Bad("a number, not a string", PUBSUB, "  reconcileSchedule: [0, 3]\n",
            List.of("function.yaml:10: function.reconcileSchedule: expected a string, found a list")),
        new Bad("reconcile as a word", PUBSUB, "  reconcile: daily\n",
            List.of("function.yaml:10: function.reconcile: expected true or false, found daily")),
        new Bad("a schedule that is turned off", PUBSUB, "  reconcile: false\n  reconcileSchedule: 0 3 * * *\n",
            List.of("function.yaml:11: function.reconcileSchedule: is set but reconcile is false; remove one of them")),
        new Bad("a schedule in eventarc mode", "  trigger: eventarc", "  reconcileSchedule: 0 3 * * *\n",
            List.of("function.yaml:7: function.reconcileSchedule: applies only to trigger: pubsub; remove it for"
                + " eventarc")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void aBadScheduleIsNamed(Bad b) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml",
        file(b.trigger(), b.extra()), ShippedKinds.registry()));

    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(b.problems());
  }
}
