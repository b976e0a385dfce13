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
 */
public record FunctionAccess(List<String> governedScope, Optional<String> backfillTopic, List<String> operators) {

  /** The backfill topic when function.yaml names none. */
  public static final String DEFAULT_BACKFILL_TOPIC = "autobind-backfill";

  /** No governed scope of its own, no backfill topic, no operators: eventarc mode. */
  public static final FunctionAccess NONE = new FunctionAccess(List.of(), Optional.empty(), List.of());

  public FunctionAccess {
    governedScope = List.copyOf(governedScope);
    Objects.requireNonNull(backfillTopic, "backfillTopic");
    operators = List.copyOf(operators);
  }
}
