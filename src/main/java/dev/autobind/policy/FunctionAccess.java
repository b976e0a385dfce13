package dev.autobind.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the deployed function may reach and who may make it act (pubsub mode; empty in eventarc mode,
 * where the function's own project is all it sees).
 *
 * @param governedScope the folders ({@code folders/N}) and projects ({@code projects/ID}) that hold the
 *     function's write grants; the function's own project is never one of them
 * @param backfillTopic the topic backfill publishes to, apart from the audit topic the sink writes
 * @param operators the members allowed to publish to {@code backfillTopic}
 * @param reconcileSchedule the cron schedule (five fields, UTC) of the Cloud Scheduler job that asks the
 *     function to reconcile its governed projects; empty when {@code reconcile: false} turns it off
 */
public record FunctionAccess(List<String> governedScope, Optional<String> backfillTopic, List<String> operators,
    Optional<String> reconcileSchedule) {

  /** The backfill topic when function.yaml names none. */
  public static final String DEFAULT_BACKFILL_TOPIC = "autobind-backfill";

  /** The reconcile schedule when function.yaml names none: daily at 03:00 UTC. */
  public static final String DEFAULT_RECONCILE_SCHEDULE = "0 3 * * *";

  /** No governed scope of its own, no backfill topic, no operators, no reconcile job: eventarc mode. */
  public static final FunctionAccess NONE =
      new FunctionAccess(List.of(), Optional.empty(), List.of(), Optional.empty());

  public FunctionAccess {
    governedScope = List.copyOf(governedScope);
    Objects.requireNonNull(backfillTopic, "backfillTopic");
    operators = List.copyOf(operators);
    Objects.requireNonNull(reconcileSchedule, "reconcileSchedule");
  }

  /** Access with the default daily reconcile job. */
  public FunctionAccess(List<String> governedScope, Optional<String> backfillTopic, List<String> operators) {
    this(governedScope, backfillTopic, operators, Optional.of(DEFAULT_RECONCILE_SCHEDULE));
  }
}
