package dev.autobind.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code function.governedScope}, {@code function.backfillTopic} and {@code function.operators}:
 * where the function's write grants go and who may publish to its backfill topic. They apply to
 * pubsub mode only; {@link FunctionSection} refuses them in eventarc mode.
 */
final class FunctionAccessSection {

  static final List<String> KEYS = List.of("governedScope", "backfillTopic", "operators", "reconcileSchedule",
      "reconcile");

  /**
   * A cron schedule as Cloud Scheduler takes it (unix-cron, five fields): only the characters cron fields use
   * (digits, names such as MON, and * , - / ? #), never quotes or shell characters, so it is one plain word in
   * the deploy plan. Cloud Scheduler checks the fields' values itself.
   */
  private static final Pattern CRON = Pattern.compile("[-0-9A-Za-z*,/?#]{1,40}( [-0-9A-Za-z*,/?#]{1,40}){4}");

  private static final Pattern NODE = Pattern.compile("folders/[0-9]{1,19}|projects/" + Identifiers.PROJECT_ID.pattern());

  private final TreeReader in;
  private final Optional<ProjectScope> governed;
  private final MemberDomains memberDomains;

  /**
   * @param governed the policy's project scope, when it was read: governed projects must be in it
   * @param memberDomains the rule of policy.memberDomains, which operators follow like any member
   */
  FunctionAccessSection(TreeReader in, Optional<ProjectScope> governed, MemberDomains memberDomains) {
    this.in = in;
    this.governed = governed;
    this.memberDomains = memberDomains;
  }

  /**
   * The access settings; {@code project} is the function's own project and {@code sinkScope} the
   * sink's, when they were read.
   */
  Optional<FunctionAccess> read(Field section, YamlNode.Mapping m, Optional<String> project, Optional<String> sinkScope,
      Optional<String> topic) {
    Optional<List<String>> scope = in.required(section, m, "governedScope")
        .flatMap(f -> governedScope(f, project, sinkScope));
    Optional<String> backfill = in.optional(section, m, "backfillTopic")
        .map(f -> FunctionSection.topic(in, f).filter(t -> distinct(f, t, topic)))
        .orElse(Optional.of(FunctionAccess.DEFAULT_BACKFILL_TOPIC));
    Optional<List<String>> operators = in.optional(section, m, "operators").map(this::operators)
        .orElse(Optional.of(List.of()));
    Optional<Optional<String>> schedule = reconcileSchedule(section, m);
    boolean ownProjectUngoverned = ungoverned(section, m, project);
    if (scope.isEmpty() || backfill.isEmpty() || operators.isEmpty() || schedule.isEmpty() || !ownProjectUngoverned) {
      return Optional.empty();
    }
    return Optional.of(new FunctionAccess(scope.get(), backfill, operators.get(), schedule.get()));
  }

  /** The reconcile job's schedule: the default unless set, none with {@code reconcile: false}; empty when invalid. */
  private Optional<Optional<String>> reconcileSchedule(Field section, YamlNode.Mapping m) {
    Optional<Boolean> on = in.optional(section, m, "reconcile").map(in::bool).orElse(Optional.of(true));
    Optional<Field> field = in.optional(section, m, "reconcileSchedule");
    Optional<String> schedule = field.map(f -> in.text(f, CRON.asMatchPredicate(),
        "is not a cron schedule; use five fields separated by single spaces, e.g. \"0 3 * * *\" (no quotes inside)"))
        .orElse(Optional.of(FunctionAccess.DEFAULT_RECONCILE_SCHEDULE));
    if (on.isEmpty() || schedule.isEmpty()) {
      return Optional.empty();
    }
    if (!on.get() && field.isPresent()) {
      in.problems().add(field.get(), "is set but reconcile is false; remove one of them");
      return Optional.empty();
    }
    return Optional.of(on.get() ? schedule : Optional.empty());
  }

  /**
   * Whether the function's own project stays out of the policy: in pubsub mode the function may not
   * write IAM there (it is never in the governed scope), and an event from it must be ignored, not
   * failed on.
   */
  private boolean ungoverned(Field section, YamlNode.Mapping m, Optional<String> project) {
    if (project.isEmpty() || governed.isEmpty() || governed.get().refusal(project.get()).isPresent()) {
      return true;
    }
    in.optional(section, m, "project").ifPresent(f -> in.problems().add(f, project.get()
        + " is governed by policy.projects; add it to policy.projects.exclude, so that the function never"
        + " grants in its own project"));
    return false;
  }

  private boolean distinct(Field field, String backfill, Optional<String> audit) {
    if (audit.filter(backfill::equals).isPresent()) {
      in.problems().add(field, backfill + " is also function.topic; backfill needs a topic of its own, so that only"
          + " the sink can publish to the audit topic");
      return false;
    }
    return true;
  }

  private Optional<List<String>> governedScope(Field field, Optional<String> project, Optional<String> sinkScope) {
    Optional<List<Field>> items = in.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      in.problems().add(field, "must name at least one folder or project the function may write to");
      return Optional.empty();
    }
    List<String> nodes = new ArrayList<>();
    boolean ok = true;
    for (Field item : items.get()) {
      Optional<String> node = in.text(item, NODE.asMatchPredicate(),
          "is not a folder or project; use folders/N or projects/PROJECT_ID (never the organization)")
          .filter(n -> governable(item, n, project, nodes));
      node.ifPresent(nodes::add);
      ok &= node.isPresent();
    }
    if (ok && sinkScope.filter(s -> s.startsWith("projects/")).isPresent() && !nodes.equals(List.of(sinkScope.get()))) {
      in.problems().add(field, "must be [" + sinkScope.get() + "] when sinkScope is a project: the sink sees"
          + " only that project, and the function's custom roles are defined there");
      ok = false;
    }
    return ok ? Optional.of(nodes) : Optional.empty();
  }

  private boolean governable(Field item, String node, Optional<String> project, List<String> seen) {
    if (seen.contains(node)) {
      in.problems().add(item, node + " is listed twice");
      return false;
    }
    if (!node.startsWith("projects/")) {
      return true;
    }
    String id = node.substring("projects/".length());
    if (project.filter(id::equals).isPresent()) {
      in.problems().add(item, node + " is the function's own project; keep it outside the function's write reach");
      return false;
    }
    Optional<String> refusal = governed.flatMap(g -> g.refusal(id));
    refusal.ifPresent(r -> in.problems().add(item, node + " is not governed: " + r));
    return refusal.isEmpty();
  }

  private Optional<List<String>> operators(Field field) {
    return PolicySection.members(in, field, memberDomains::problem);
  }
}
