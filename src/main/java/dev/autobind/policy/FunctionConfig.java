package dev.autobind.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code function:} section of function.yaml: how autobind itself is deployed.
 *
 * @param name the Cloud Functions (2nd gen) name
 * @param project the project the function runs in
 * @param region the region it runs in, e.g. {@code us-central1}
 * @param runtime the Cloud Functions runtime, {@code java21} unless set
 * @param trigger how audit-log entries reach it
 * @param topic the Pub/Sub topic id the Log Router sink publishes to (pubsub mode only)
 * @param sinkScope where the Log Router sink lives: {@code organizations/N}, {@code folders/N} or
 *     {@code projects/P} (pubsub mode only)
 * @param serviceAccount the account id of the function's own identity, in {@code project}
 * @param maxInstances the most instances to run, when set
 * @param timeoutSeconds the request timeout, when set
 * @param retry whether the platform redelivers events the function failed on ({@code true} unless set)
 * @param access where the function's write grants go and who may publish to its backfill topic
 * @param instances how each instance runs: warm instances, CPU, memory, JVM options, dry run, event age
 * @param alerts the Cloud Monitoring notification channel ({@code projects/P/notificationChannels/N}) that the
 *     alert policy on failed, expired, contested and repeated retry decisions notifies; none when unset
 */
public record FunctionConfig(
    String name,
    String project,
    String region,
    String runtime,
    Trigger trigger,
    Optional<String> topic,
    Optional<String> sinkScope,
    String serviceAccount,
    OptionalInt maxInstances,
    OptionalInt timeoutSeconds,
    boolean retry,
    FunctionAccess access,
    InstanceSettings instances,
    Optional<String> alerts) {

  /** The runtime used when function.yaml names none. */
  public static final String DEFAULT_RUNTIME = "java21";

  public FunctionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(sinkScope, "sinkScope");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(maxInstances, "maxInstances");
    Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(instances, "instances");
    Objects.requireNonNull(alerts, "alerts");
  }

  /** A deployment that notifies nobody of failed decisions. */
  public FunctionConfig(String name, String project, String region, String runtime, Trigger trigger,
      Optional<String> topic, Optional<String> sinkScope, String serviceAccount, OptionalInt maxInstances,
      OptionalInt timeoutSeconds, boolean retry, FunctionAccess access, InstanceSettings instances) {
    this(name, project, region, runtime, trigger, topic, sinkScope, serviceAccount, maxInstances, timeoutSeconds,
        retry, access, instances, Optional.empty());
  }

  /** A deployment with no governed scope of its own, no backfill topic and no operators (eventarc mode). */
  public FunctionConfig(String name, String project, String region, String runtime, Trigger trigger,
      Optional<String> topic, Optional<String> sinkScope, String serviceAccount, OptionalInt maxInstances,
      OptionalInt timeoutSeconds, boolean retry) {
    this(name, project, region, runtime, trigger, topic, sinkScope, serviceAccount, maxInstances, timeoutSeconds,
        retry, FunctionAccess.NONE, InstanceSettings.DEFAULTS);
  }

  /** A deployment whose instances run with the platform's defaults. */
  public FunctionConfig(String name, String project, String region, String runtime, Trigger trigger,
      Optional<String> topic, Optional<String> sinkScope, String serviceAccount, OptionalInt maxInstances,
      OptionalInt timeoutSeconds, boolean retry, FunctionAccess access) {
    this(name, project, region, runtime, trigger, topic, sinkScope, serviceAccount, maxInstances, timeoutSeconds,
        retry, access, InstanceSettings.DEFAULTS);
  }

  /** The email of the function's own service account. */
  public String serviceAccountEmail() {
    return serviceAccount + "@" + project + ".iam.gserviceaccount.com";
  }
}
