package dev.autobind.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How each instance of the deployed function runs, as {@code function:} declares it; the deploy plan passes
 * each setting on as a gcloud flag or an environment variable.
 *
 * @param minInstances instances kept warm ({@code --min-instances}), when set
 * @param cpu CPUs per instance ({@code --cpu}), such as {@code 1} or {@code 0.5}, when set
 * @param memory memory per instance ({@code --memory}), such as {@code 1Gi}, when set
 * @param jvmOptions options for the function's JVM ({@code JAVA_TOOL_OPTIONS}), when set
 * @param dryRun whether the function plans and logs but writes nothing ({@code AUTOBIND_DRY_RUN})
 * @param maxEventAge events older than this are refused as expired ({@code AUTOBIND_MAX_EVENT_AGE}), when set
 */
public record InstanceSettings(OptionalInt minInstances, Optional<String> cpu, Optional<String> memory,
    Optional<String> jvmOptions, boolean dryRun, Optional<Duration> maxEventAge) {

  /** The environment variable that turns on dry-run mode. */
  public static final String DRY_RUN_VARIABLE = "AUTOBIND_DRY_RUN";
  /** The environment variable that sets the oldest event the function still acts on. */
  public static final String MAX_EVENT_AGE_VARIABLE = "AUTOBIND_MAX_EVENT_AGE";
  /** The variable every JVM reads its extra options from. */
  public static final String JVM_OPTIONS_VARIABLE = "JAVA_TOOL_OPTIONS";

  /** Nothing set: the platform's defaults, writes on, the function's default event age. */
  public static final InstanceSettings DEFAULTS = new InstanceSettings(OptionalInt.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), false, Optional.empty());

  public InstanceSettings {
    Objects.requireNonNull(minInstances, "minInstances");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(jvmOptions, "jvmOptions");
    Objects.requireNonNull(maxEventAge, "maxEventAge");
  }

  /**
   * The one rule for an event age, in function.yaml and in {@code AUTOBIND_MAX_EVENT_AGE}: a positive ISO-8601
   * duration such as {@code PT23H} or {@code P3D}; empty for anything else.
   */
  public static Optional<Duration> eventAge(String text) {
    try {
      Duration age = Duration.parse(text.trim());
      return age.isNegative() || age.isZero() ? Optional.empty() : Optional.of(age);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
