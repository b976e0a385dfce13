package dev.autobind.admit;

import static dev.autobind.kind.NamingRules.shown;

import dev.autobind.event.Outcome;
import dev.autobind.event.BindingDelta;
import dev.autobind.event.Envelope;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.kind.NamingRules;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.policy.Exemption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one gate in front of every write. It takes what a request would write to, with its delivery's envelope
 * when it came as a delivery, and admits it or refuses it with the reason, in this order: the delivery's
 * source (each topic carries only its own messages), the entry's origin (a Cloud Audit Logs log of the project
 * it names), its time (not stamped after it was published), the project's ancestry under the governed scope,
 * {@code policy.projects}, exemptions and, for drift, {@code removedBy} and the restore cap. It decides alone:
 * the only I/O is the ancestry read, behind {@link Ancestry}, and the restore count, behind
 * {@link RestoreLedger}; both come after every check that needs neither, so a refused delivery costs no read. A
 * restore count that cannot be read refuses the removal ({@code retry} when the failure may pass).
 */
public final class Admission {
  /** How far an entry's own stamp may run ahead of its delivery's publish time: clocks differ by seconds. */
  public static final Duration MAX_STAMP_AHEAD = Duration.ofMinutes(5);
  /** The window the restore cap counts in. */
  public static final Duration RESTORE_WINDOW = Duration.ofHours(24);

  private static final String TOPIC_SOURCE = "//pubsub.googleapis.com/";

  private final Charter charter;
  private final Ancestry ancestry;
  private final RestoreLedger ledger;
  private final Clock clock;

  public Admission(Charter charter, Ancestry ancestry, RestoreLedger ledger, Clock clock) {
    this.charter = Objects.requireNonNull(charter, "charter");
    this.ancestry = Objects.requireNonNull(ancestry, "ancestry");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Charter charter() {
    return charter;
  }

  /**
   * Admits or refuses one request.
   *
   * @param delivery the envelope of the delivery that asked; empty for a request autobind made itself (a
   *     resource its own discovery found) or a person made through the CLI without an event
   */
  public Verdict admit(Optional<Envelope> delivery, Subject subject) {
    Optional<Verdict> refused = delivery.flatMap(this::source)
        .or(() -> delivery.flatMap(d -> origin(d, subject)))
        .or(() -> delivery.flatMap(Admission::time));
    if (refused.isPresent()) {
      return refused.get();
    }
    if (subject instanceof Subject.Reconcile) {
      return Verdict.admitted(Optional.empty());
    }
    return governed(delivery, subject);
  }

  /** As {@link #admit(Optional, Subject)} for a whole project, as discovery asks before listing it. */
  public Optional<String> refusal(String project) {
    Verdict verdict = admit(Optional.empty(), new Subject.Project(project));
    return verdict.admitted() ? Optional.empty() : Optional.of(verdict.reason());
  }

  /**
   * Where a project a Resource Manager search returned sits, as the search said: the gate's ancestry keeps it,
   * so the project is not read again (see {@link Ancestry#found}).
   */
  public void located(String projectId, Optional<String> number, String parent) {
    ancestry.found(projectId, number, parent);
  }

  /** Counts one restore of each binding the repair of event {@code eventId} put back, for the cap. */
  public void restored(List<RestoredBinding> bindings, String eventId) {
    Instant now = clock.instant();
    bindings.forEach(b -> ledger.restored(b, now, eventId));
  }

  // Eventarc sets a Pub/Sub delivery's source to the topic, not the publisher: so who may publish to a topic
  // decides what it may carry. Eventarc's own audit-log events come only from Google's audit pipeline.
  private Optional<Verdict> source(Envelope d) {
    if (d.type().equals(EventDecoder.AUDIT_LOG_WRITTEN)) {
      return Optional.empty();
    }
    if (!d.type().equals(EventDecoder.MESSAGE_PUBLISHED)) {
      return invalid("a delivery of type " + shown(d.type()) + " is not one autobind accepts");
    }
    if (charter.trigger().isEmpty()) {
      return Optional.empty();
    }
    String what = d.auditEntry() ? "an audit entry" : "a backfill or reconcile message";
    Optional<String> expected = d.auditEntry() ? charter.auditTopic() : charter.backfillTopic();
    if (expected.isEmpty()) {
      return invalid(what + " arrived through Pub/Sub from " + shown(d.source()) + ", but function.trigger is "
          + "eventarc: no topic delivers to this function");
    }
    if (d.source().equals(TOPIC_SOURCE + expected.get())) {
      return Optional.empty();
    }
    return invalid(what + " arrived from " + shown(d.source()) + "; it is accepted only from " + TOPIC_SOURCE
        + expected.get() + " (function." + (d.auditEntry() ? "topic" : "backfillTopic") + ")");
  }

  private static Optional<Verdict> origin(Envelope d, Subject subject) {
    if (!d.auditEntry()) {
      return Optional.empty();
    }
    String logName = d.logName().orElse("");
    Optional<AuditLogName> log = AuditLogName.parse(logName);
    if (log.isEmpty()) {
      return ignored("logName " + shown(logName) + " is not a Cloud Audit Logs log"
          + " (PARENT/logs/cloudaudit.googleapis.com%2Factivity, ...), which only Google can write");
    }
    String project = projectOf(subject);
    return NamingRules.isProjectNumber(project) ? Optional.empty() : logOf(log.get(), project);
  }

  /** The entry must sit in the audit log of the project it names. */
  private static Optional<Verdict> logOf(AuditLogName log, String projectId) {
    if (log.project().filter(projectId::equals).isPresent()) {
      return Optional.empty();
    }
    return ignored("the entry is in the audit log of " + log.parent() + ", not of projects/" + projectId
        + ", the project it names");
  }

  private static Optional<Verdict> time(Envelope d) {
    if (d.stamped().isEmpty() || d.published().isEmpty()) {
      return Optional.empty();
    }
    Instant stamped = d.stamped().get();
    Instant published = d.published().get();
    if (stamped.isAfter(published.plus(MAX_STAMP_AHEAD))) {
      return invalid("the entry is stamped " + stamped + ", more than " + MAX_STAMP_AHEAD.toMinutes()
          + " min after its delivery was published at " + published);
    }
    return Optional.empty();
  }

  private Verdict governed(Optional<Envelope> delivery, Subject subject) {
    String project = projectOf(subject);
    Optional<String> named = NamingRules.isProjectNumber(project) ? Optional.empty() : Optional.of(project);
    if (charter.governedScope().isEmpty()) {
      return named.map(id -> judged(subject, id)).orElse(Verdict.admitted(named));
    }
    Scoped scoped = scoped(project, charter.governedScope().get());
    if (scoped.refusal().isPresent()) {
      return scoped.refusal().get();
    }
    String id = scoped.projectId().orElseThrow();
    // An entry that named its project by number is held to its log's project once the number is read.
    Optional<Verdict> misfiled = named.isPresent() ? Optional.empty() : delivery.filter(Envelope::auditEntry)
        .flatMap(Envelope::logName).flatMap(AuditLogName::parse).flatMap(log -> logOf(log, id));
    return misfiled.orElseGet(() -> judged(subject, id));
  }

  /** {@code policy.projects}, then exemptions, then the restore cap, for a project known by id. */
  private Verdict judged(Subject subject, String projectId) {
    return charter.projects().refusal(projectId).map(r -> Verdict.refused(Outcome.IGNORED, r))
        .or(() -> exempt(subject, projectId))
        .or(() -> contested(subject, projectId))
        .orElse(Verdict.admitted(Optional.of(projectId)));
  }

  /** Whether the project is in the governed scope, and its id once known; a number costs the ancestry read. */
  private record Scoped(Optional<Verdict> refusal, Optional<String> projectId) {}

  private Scoped scoped(String project, List<String> scope) {
    boolean number = NamingRules.isProjectNumber(project);
    if (!number && scope.contains("projects/" + project)) {
      return new Scoped(Optional.empty(), Optional.of(project));
    }
    if (!number && scope.stream().allMatch(n -> n.startsWith("projects/"))) {
      return new Scoped(Optional.of(outside(project, "is not one of them")), Optional.empty());
    }
    Lineage lineage;
    try {
      lineage = ancestry.lineage(project, scope::contains);
    } catch (GateReadFailed e) {
      Outcome outcome = e.passing() ? Outcome.RETRY : Outcome.IGNORED;
      return new Scoped(Optional.of(Verdict.refused(outcome, "reading where project " + project
          + " sits failed: " + e.getMessage())), Optional.empty());
    }
    if (scope.stream().noneMatch(lineage::within)) {
      return new Scoped(Optional.of(outside(project, "sits under " + lineage.describe())), Optional.empty());
    }
    return new Scoped(Optional.empty(), Optional.of(lineage.projectId()));
  }

  private Verdict outside(String project, String where) {
    return Verdict.refused(Outcome.IGNORED, "project " + project + " " + where + ", outside function.governedScope ("
        + String.join(", ", charter.governedScope().orElseThrow()) + ")");
  }

  private Optional<Verdict> exempt(Subject subject, String projectId) {
    Instant now = clock.instant();
    List<Exemption> active = charter.exemptions().stream().filter(e -> e.activeAt(now)).toList();
    if (subject instanceof Subject.Project) {
      return active.stream().filter(Exemption::coversEveryWrite).filter(e -> e.coversProject(projectId)).findFirst()
          .map(e -> exempt("exempt by " + e.describe()));
    }
    if (subject instanceof Subject.Resource resource) {
      return Exemption.covering(active, projectId, resource.ref().name().withProject(projectId).full(), now)
          .map(e -> exempt("exempt by " + e.describe()));
    }
    if (subject instanceof Subject.ClusterChange changed) {
      return byWhom(active, projectId, changed.cluster().name().withProject(projectId).full(), changed.principal());
    }
    IamChange change = ((Subject.PolicyChange) subject).change();
    if (change.removals().isEmpty()) {
      return Optional.empty();
    }
    return byWhom(active, projectId, change.target().withProjectId(projectId).fullName(), change.principal());
  }

  /** The exemption of a change by {@code principal} to {@code fullName}: one covering every write, or its removedBy. */
  private static Optional<Verdict> byWhom(List<Exemption> active, String projectId, String fullName,
      Optional<String> principal) {
    return active.stream().filter(e -> e.coversProject(projectId) || e.coversResource(fullName))
        .filter(e -> e.coversEveryWrite() || principal.filter(e::removedBy).isPresent())
        .findFirst()
        .map(e -> exempt(e.coversEveryWrite() ? "exempt by " + e.describe()
            : "removed by " + principal.orElseThrow() + ", whose removals " + e.field() + ".removedBy leaves alone ("
                + e.reason() + "; until " + e.expires() + ")"));
  }

  /** A removal of a binding restored {@code maxRestoresPerDay} times in the last 24 hours is left removed. */
  private Optional<Verdict> contested(Subject subject, String projectId) {
    if (!(subject instanceof Subject.PolicyChange changed)) {
      return Optional.empty();
    }
    PolicyHolder target = changed.change().target().withProjectId(projectId);
    Instant since = clock.instant().minus(RESTORE_WINDOW);
    for (BindingDelta removal : changed.change().removals()) {
      RestoredBinding binding = RestoredBinding.of(target, removal);
      int restores;
      try {
        restores = ledger.restoresSince(binding, since);
      } catch (GateReadFailed e) {
        return Optional.of(uncounted(binding, e));
      }
      if (restores >= charter.maxRestoresPerDay()) {
        return Optional.of(Verdict.refused(Outcome.CONTESTED, binding.describe() + " was restored " + restores
            + " times in the last 24 hours (policy.drift.maxRestoresPerDay: " + charter.maxRestoresPerDay()
            + ") and removed again" + changed.change().principal().map(p -> " by " + p).orElse("")
            + "; it is left removed until people agree who owns it"));
      }
    }
    return Optional.empty();
  }

  /**
   * A count that cannot be read is no count: the removal is not restored. A passing failure is redelivered, so
   * the repair happens once the count is known; any other is logged {@code contested}, at ERROR, for a person.
   */
  private static Verdict uncounted(RestoredBinding binding, GateReadFailed e) {
    String reason = "the restore count of " + binding.describe() + " could not be read: " + e.getMessage();
    return e.passing() ? Verdict.refused(Outcome.RETRY, reason)
        : Verdict.refused(Outcome.CONTESTED, reason + "; it is left removed until the count can be read");
  }

  private static String projectOf(Subject subject) {
    if (subject instanceof Subject.Resource r) {
      return r.ref().name().project();
    }
    if (subject instanceof Subject.PolicyChange c) {
      return c.change().target().project();
    }
    if (subject instanceof Subject.ClusterChange c) {
      return c.cluster().name().project();
    }
    return subject instanceof Subject.Project p ? p.project() : "";
  }

  private static Verdict exempt(String reason) {
    return Verdict.refused(Outcome.EXEMPT, reason);
  }

  private static Optional<Verdict> ignored(String reason) {
    return Optional.of(Verdict.refused(Outcome.IGNORED, reason));
  }

  private static Optional<Verdict> invalid(String reason) {
    return Optional.of(Verdict.refused(Outcome.INVALID, reason));
  }
}
