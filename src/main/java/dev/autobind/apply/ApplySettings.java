package dev.autobind.apply;

import dev.autobind.policy.InstanceSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the apply stage behaves for every event of an instance.
 *
 * @param dryRun read everything, write nothing, and report what would have been written
 * @param freshFor how long after its creation a resource that cannot be read yet is retried
 *     (redelivered) rather than ignored as gone
 * @param maxEventAge events older than this are refused, inside the platform's 24 h retry window
 * @param conflicts backoff for redoing a read-modify-write after an etag conflict
 * @param visibility backoff for waiting until a new service account is visible
 * @param calls backoff for one call that failed with a passing fault
 */
public record ApplySettings(
    boolean dryRun, Duration freshFor, Duration maxEventAge, Backoff conflicts, Backoff visibility, Backoff calls) {

  public static final Duration DEFAULT_FRESH_FOR = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofHours(23);
  /** For runs by hand, where an event's age says nothing about whether to act. */
  public static final Duration NO_AGE_LIMIT = Duration.ofDays(365_000);

  public ApplySettings {
    Objects.requireNonNull(freshFor, "freshFor");
    Objects.requireNonNull(maxEventAge, "maxEventAge");
    Objects.requireNonNull(conflicts, "conflicts");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(calls, "calls");
  }

  /** The production defaults. */
  public static ApplySettings defaults() {
    return new ApplySettings(false, DEFAULT_FRESH_FOR, DEFAULT_MAX_EVENT_AGE,
        Backoff.forConflicts(), Backoff.forVisibility(), Backoff.forTransientCalls());
  }

  /**
   * The defaults, with {@code AUTOBIND_DRY_RUN=true} and {@code AUTOBIND_MAX_EVENT_AGE} (an ISO-8601
   * duration such as {@code P3D}, raised for a replay of older events) honoured from the environment.
   *
   * @throws IllegalArgumentException naming the variable when a value cannot be used
   */
  public static ApplySettings fromEnvironment(Map<String, String> env) {
    return defaults()
        .withDryRun(Boolean.parseBoolean(env.getOrDefault(InstanceSettings.DRY_RUN_VARIABLE, "false").trim()))
        .withMaxEventAge(maxEventAge(env.get(InstanceSettings.MAX_EVENT_AGE_VARIABLE)));
  }

  private static Duration maxEventAge(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_EVENT_AGE;
    }
    Optional<Duration> age = InstanceSettings.eventAge(value);
    if (age.isPresent()) {
      return age.get();
    }
    try {
      Duration.parse(value.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(InstanceSettings.MAX_EVENT_AGE_VARIABLE + " must be an ISO-8601 duration"
          + " such as PT23H or P3D, got '" + value + "'", e);
    }
    throw new IllegalArgumentException(InstanceSettings.MAX_EVENT_AGE_VARIABLE + " must be positive, got '" + value
        + "'");
  }

  public ApplySettings withMaxEventAge(Duration maxEventAge) {
    return new ApplySettings(dryRun, freshFor, maxEventAge, conflicts, visibility, calls);
  }

  public ApplySettings withDryRun(boolean dryRun) {
    return new ApplySettings(dryRun, freshFor, maxEventAge, conflicts, visibility, calls);
  }
}
