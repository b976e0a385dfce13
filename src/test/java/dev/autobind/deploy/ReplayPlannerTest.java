package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autobind.policy.FunctionConfig;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayPlannerTest {

  private static final FunctionConfig ORGANIZATION = DeployCases.ORGANIZATION.file().requireFunction();

  /**
   * A place to seek to and the flag gcloud gets.
   *
   * @param name the case name
   * @param seek where to seek
   * @param flag the expected gcloud flag
   */
  record Good(String name, Seek seek, String flag) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Good> good() {
    return List.of(
        new Good("UTC time", new Seek.Time("2026-11-26T07:00:00Z"), "--time=2026-11-26T07:00:00Z"),
        new Good("time with offset and fraction", new Seek.Time("2026-11-26T09:00:00.5+02:00"),
            "--time=2026-11-26T09:00:00.5+02:00"),
        new Good("snapshot id", new Seek.Snapshot("before-upgrade"), "--snapshot=before-upgrade"),
        new Good("snapshot path", new Seek.Snapshot("projects/ml-platform-ops/snapshots/before-upgrade"),
            "--snapshot=projects/ml-platform-ops/snapshots/before-upgrade"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void findsTheTriggerSubscriptionThenSeeksIt(Good g) {
    List<Step> steps = ReplayPlanner.plan(ORGANIZATION, g.seek());

    assertThat(steps).hasSize(3);
    assertThat(steps.get(0).run().words()).containsExactly("gcloud", "functions", "describe", "autobind", "--gen2",
        "--region=us-central1", "--project=ml-platform-ops", "--format=value(eventTrigger.trigger)");
    assertThat(steps.get(0).run().output()).contains(Variable.FUNCTION_TRIGGER);
    assertThat(steps.get(1).run().words()).containsExactly("gcloud", "eventarc", "triggers", "describe",
        "${FUNCTION_TRIGGER}", "--format=value(transport.pubsub.subscription)");
    assertThat(steps.get(1).run().output()).contains(Variable.TRIGGER_SUBSCRIPTION);
    assertThat(steps.get(2).run().words()).containsExactly("gcloud", "pubsub", "subscriptions", "seek",
        "${TRIGGER_SUBSCRIPTION}", g.flag(), "--project=ml-platform-ops");
    assertThat(steps).allSatisfy(s -> assertThat(s.check()).isEmpty());
  }

  @Test
  void theDeployPlanFindsTheSameSubscriptionItRetains() {
    List<Step> deploy = DeployCases.ORGANIZATION.plan().steps();
    List<Step> replay = ReplayPlanner.plan(ORGANIZATION, new Seek.Snapshot("before-upgrade"));

    assertThat(deploy.subList(deploy.size() - 3, deploy.size() - 1)).isEqualTo(replay.subList(0, 2));
  }

  @Test
  void eventarcModeCannotReplay() {
    FunctionConfig eventarc = DeployCases.EVENTARC.file().requireFunction();

    assertThatThrownBy(() -> ReplayPlanner.plan(eventarc, new Seek.Time("2026-11-26T07:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function.trigger is eventarc: replay needs trigger: pubsub, whose subscription keeps delivered"
            + " events; in eventarc mode, use backfill to process existing resources again");
  }

  /**
   * Input that is not a place to seek to, and the message that says so.
   *
   * @param name the case name
   * @param seek builds the seek
   * @param message the expected message
   */
  record Bad(String name, Supplier<Seek> seek, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Bad> bad() {
    String notTime = " is not an RFC 3339 time such as 2026-11-26T07:00:00Z";
    String notSnapshot = " is not a snapshot; use its id (3-255 letters, digits and - _ . ~ + %, starting with a"
        + " letter) or projects/PROJECT/snapshots/ID";
    return List.of(
        new Bad("words", () -> new Seek.Time("yesterday"), "--since: 'yesterday'" + notTime),
        new Bad("date only", () -> new Seek.Time("2026-11-26"), "--since: '2026-11-26'" + notTime),
        new Bad("no zone", () -> new Seek.Time("2026-11-26T07:00:00"), "--since: '2026-11-26T07:00:00'" + notTime),
        new Bad("empty time", () -> new Seek.Time(""), "--since: ''" + notTime),
        new Bad("line break in time", () -> new Seek.Time("2026-11-26T07:00:00Z\nrm -rf /"),
            "--since: '2026-11-26T07:00:00Z?rm -rf /'" + notTime),
        new Bad("oversized time", () -> new Seek.Time("9".repeat(5000)), "--since: '" + "9".repeat(100) + "...'"
            + notTime),
        new Bad("snapshot with a space", () -> new Seek.Snapshot("before upgrade"), "--snapshot: 'before upgrade'"
            + notSnapshot),
        new Bad("snapshot starting with a digit", () -> new Seek.Snapshot("1snap"), "--snapshot: '1snap'"
            + notSnapshot),
        new Bad("snapshot of another kind", () -> new Seek.Snapshot("projects/p-1234/topics/t"),
            "--snapshot: 'projects/p-1234/topics/t'" + notSnapshot),
        new Bad("snapshot with shell syntax", () -> new Seek.Snapshot("$(id)"), "--snapshot: '$(id)'" + notSnapshot));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refusesWhatIsNotAPlaceToSeekTo(Bad b) {
    assertThatThrownBy(() -> b.seek().get()).isInstanceOf(IllegalArgumentException.class).hasMessage(b.message());
  }
}
