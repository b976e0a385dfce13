package dev.autobind.admit;

import dev.autobind.policy.Exemption;
import dev.autobind.policy.FunctionConfig;
import dev.autobind.policy.Policy;
import dev.autobind.policy.ProjectScope;
import dev.autobind.policy.Trigger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What function.yaml lets autobind act on, and from where: the gate's whole configuration.
 *
 * @param trigger how the deployed function is triggered; empty for a file without {@code function:} (a CLI
 *     policy file), which declares no topic to check deliveries against
 * @param auditTopic {@code projects/P/topics/T}, the only topic audit entries are taken from (pubsub mode)
 * @param backfillTopic the only topic backfill and reconcile messages are taken from (pubsub mode)
 * @param governedScope the folders and projects the function may write in: {@code function.governedScope} in
 *     pubsub mode, {@code [projects/FUNCTION_PROJECT]} in eventarc mode, empty without {@code function:}
 * @param maxRestoresPerDay restores of one binding in 24 hours before it is contested
 */
public record Charter(Optional<Trigger> trigger, Optional<String> auditTopic, Optional<String> backfillTopic,
    Optional<List<String>> governedScope, ProjectScope projects, List<Exemption> exemptions, int maxRestoresPerDay) {

  public Charter {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(auditTopic, "auditTopic");
    Objects.requireNonNull(backfillTopic, "backfillTopic");
    governedScope = governedScope.map(List::copyOf);
    Objects.requireNonNull(projects, "projects");
    exemptions = List.copyOf(exemptions);
  }

  /**
   * The charter of a function.yaml. In eventarc mode the function has no governedScope: its triggers deliver
   * only its own project's entries, and its deploy plan grants it nothing elsewhere, so that project is its
   * scope, and a Pub/Sub delivery cannot be meant for it.
   */
  public static Charter of(Optional<FunctionConfig> function, Policy policy) {
    if (function.isEmpty()) {
      return new Charter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), policy.projects(),
          policy.exemptions(), policy.maxRestoresPerDay());
    }
    FunctionConfig fn = function.get();
    if (fn.trigger() == Trigger.EVENTARC) {
      return new Charter(Optional.of(Trigger.EVENTARC), Optional.empty(), Optional.empty(),
          Optional.of(List.of("projects/" + fn.project())), policy.projects(), policy.exemptions(),
          policy.maxRestoresPerDay());
    }
    return new Charter(Optional.of(Trigger.PUBSUB), fn.topic().map(t -> topic(fn, t)),
        fn.access().backfillTopic().map(t -> topic(fn, t)), Optional.of(fn.access().governedScope()),
        policy.projects(), policy.exemptions(), policy.maxRestoresPerDay());
  }

  private static String topic(FunctionConfig fn, String id) {
    return "projects/" + fn.project() + "/topics/" + id;
  }
}
