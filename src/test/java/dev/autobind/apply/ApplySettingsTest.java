package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the function's environment may change, and the clear refusal of values it cannot use. */
class ApplySettingsTest {

  record Env(String name, Map<String, String> env, boolean dryRun, Duration maxEventAge) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Env> accepted() {
    return Stream.of(
        new Env("nothing set", Map.of(), false, Duration.ofHours(23)),
        new Env("dry run", Map.of("AUTOBIND_DRY_RUN", "true"), true, Duration.ofHours(23)),
        new Env("dry run, any case and spaces", Map.of("AUTOBIND_DRY_RUN", " TRUE "), true, Duration.ofHours(23)),
        new Env("dry run off", Map.of("AUTOBIND_DRY_RUN", "no"), false, Duration.ofHours(23)),
        new Env("longer age for a replay", Map.of("AUTOBIND_MAX_EVENT_AGE", "P3D"), false, Duration.ofDays(3)),
        new Env("blank age", Map.of("AUTOBIND_MAX_EVENT_AGE", " "), false, Duration.ofHours(23)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void readsTheEnvironment(Env e) {
    ApplySettings settings = ApplySettings.fromEnvironment(e.env());

    assertThat(settings.dryRun()).isEqualTo(e.dryRun());
    assertThat(settings.maxEventAge()).isEqualTo(e.maxEventAge());
  }

  record Refused(String value, String message) {
    @Override
    public String toString() {
      return "'" + value + "'";
    }
  }

  static Stream<Refused> refused() {
    return Stream.of(
        new Refused("3 days", "AUTOBIND_MAX_EVENT_AGE must be an ISO-8601 duration such as PT23H or P3D, got '3 days'"),
        new Refused("-PT1H", "AUTOBIND_MAX_EVENT_AGE must be positive, got '-PT1H'"),
        new Refused("PT0S", "AUTOBIND_MAX_EVENT_AGE must be positive, got 'PT0S'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesAnAgeItCannotUse(Refused r) {
    assertThatThrownBy(() -> ApplySettings.fromEnvironment(Map.of("AUTOBIND_MAX_EVENT_AGE", r.value())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(r.message());
  }
}
