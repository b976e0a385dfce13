package dev.autobind.admit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.event.Outcome;
import dev.autobind.event.BindingDelta;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Envelope;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.IamChange;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kind.ResourceRef;
import dev.autobind.policy.PolicyFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission gate as a table: each row is a request, the charter it meets, and the verdict, with the reason
 * where the reason is the product, and how many ancestry reads it cost.
 */
class AdmissionTest {
  static final Instant NOW = Instant.parse("2026-11-20T10:01:00Z");
  static final Instant PUBLISHED = Instant.parse("2026-11-20T10:00:01Z");
  static final String ML_FOLDER = "folders/234567890123";
  static final String ORG = "organizations/123456789012";
  static final String AUDIT_TOPIC = "//pubsub.googleapis.com/projects/ml-platform-ops/topics/autobind-audit";
  static final String BACKFILL_TOPIC = "//pubsub.googleapis.com/projects/ml-platform-ops/topics/autobind-backfill";
  static final String TERRAFORM = "terraform@ml-platform-ops.iam.gserviceaccount.com";
  static final String TRAINER = "serviceAccount:ml-trainer@ml-train-a.iam.gserviceaccount.com";
  static final String LEGACY = "policy.exemptions[0] (the legacy team manages its own IAM; until 2027-06-30)";

  static final String POLICY = """
      policy:
        projects:
          include: ["ml-*"]
          exclude: ["ml-platform-ops"]
        serviceAccount: {accountId: ml-trainer}
        rules:
          - name: training-identity
            resources: [gke-cluster]
            grant:
              project:
                - role: roles/aiplatform.user
                  members: ["serviceAccount:${serviceAccount}"]
        exemptions:
          - projects: ["ml-legacy-*"]
            resources: ["//container.googleapis.com/projects/ml-train-a/locations/*/clusters/frozen-*"]
            reason: the legacy team manages its own IAM
            expires: 2027-06-30
          - projects: ["ml-iac-*"]
            reason: Terraform owns these projects' IAM
            expires: 2027-06-30
            removedBy: ["serviceAccount:%s"]
      """.formatted(TERRAFORM);

  static final String PUBSUB = """
      function:
        name: autobind
        project: ml-platform-ops
        region: us-central1
        trigger: pubsub
        topic: autobind-audit
        sinkScope: organizations/123456789012
        governedScope: [%s]
        serviceAccount: autobind-fn
      """;

  static final String EVENTARC = """
      function:
        name: autobind
        project: ml-train-a
        region: us-central1
        trigger: eventarc
        serviceAccount: autobind-fn
      """;

  /** Where the fake Resource Manager puts each project. */
  static final Map<String, Lineage> HIERARCHY = Map.of(
      "ml-train-a", new Lineage("ml-train-a", List.of(ML_FOLDER, ORG)),
      "210987654321", new Lineage("ml-train-a", List.of(ML_FOLDER, ORG)),
      "ml-deep-b", new Lineage("ml-deep-b", List.of("folders/777", ML_FOLDER, ORG)),
      "ml-outside-x", new Lineage("ml-outside-x", List.of("folders/999", ORG)),
      "ml-foreign-y", new Lineage("ml-foreign-y", List.of("folders/555", "organizations/999")),
      "ml-platform-ops", new Lineage("ml-platform-ops", List.of(ML_FOLDER, ORG)),
      "ml-legacy-e", new Lineage("ml-legacy-e", List.of(ML_FOLDER, ORG)),
      "ml-iac-a", new Lineage("ml-iac-a", List.of(ML_FOLDER, ORG)));

  /** One request, the world it meets, and what the gate must say. */
  record Case(String name, String function, Optional<Envelope> delivery, Subject subject, Instant now,
      Consumer<RestoreLedger> history, Optional<Outcome> outcome, String reason, int reads) {
    @Override
    public String toString() {
      return name;
    }

    Case at(Instant when) {
      return new Case(name, function, delivery, subject, when, history, outcome, reason, reads);
    }

    Case after(Consumer<RestoreLedger> restores) {
      return new Case(name, function, delivery, subject, now, restores, outcome, reason, reads);
    }

    Case under(String charter) {
      return new Case(name, charter, delivery, subject, now, history, outcome, reason, reads);
    }
  }

  /** What the gate says of an admitted request: no refusal. */
  static final Optional<Outcome> ADMITTED = Optional.empty();

  static Case row(String name, Optional<Envelope> delivery, Subject subject, Outcome refusal, String reason,
      int reads) {
    return row(name, delivery, subject, Optional.of(refusal), reason, reads);
  }

  static Case row(String name, Optional<Envelope> delivery, Subject subject, Optional<Outcome> outcome, String reason,
      int reads) {
    return new Case(name, PUBSUB.formatted(ML_FOLDER), delivery, subject, NOW, ledger -> { }, outcome, reason, reads);
  }

  static Stream<Case> cases() {
    return Stream.of(sources(), origins(), times(), ancestries(), scopes(), drift()).flatMap(s -> s);
  }

  static Stream<Case> sources() {
    return Stream.of(
        row("an audit entry from the audit topic", pubsubEntry(AUDIT_TOPIC, "ml-train-a"), cluster("ml-train-a"),
            ADMITTED, "admitted", 1),
        row("an audit entry on the backfill topic", pubsubEntry(BACKFILL_TOPIC, "ml-train-a"), cluster("ml-train-a"),
            Outcome.INVALID, "an audit entry arrived from \"" + BACKFILL_TOPIC + "\"; it is accepted only from "
                + AUDIT_TOPIC + " (function.topic)", 0),
        row("a backfill message on the audit topic", backfill(AUDIT_TOPIC), cluster("ml-train-a"), Outcome.INVALID,
            "a backfill or reconcile message arrived from \"" + AUDIT_TOPIC + "\"; it is accepted only from "
                + BACKFILL_TOPIC + " (function.backfillTopic)", 0),
        row("a reconcile request on the audit topic", backfill(AUDIT_TOPIC), new Subject.Reconcile(), Outcome.INVALID,
            "a backfill or reconcile message arrived from \"" + AUDIT_TOPIC + "\"; it is accepted only from "
                + BACKFILL_TOPIC + " (function.backfillTopic)", 0),
        row("a reconcile request on the backfill topic", backfill(BACKFILL_TOPIC), new Subject.Reconcile(),
            ADMITTED, "admitted", 0),
        row("a backfill message on the backfill topic", backfill(BACKFILL_TOPIC), cluster("ml-train-a"),
            ADMITTED, "admitted", 1),
        row("an audit entry from a topic of the same name in another project",
            pubsubEntry("//pubsub.googleapis.com/projects/evil-proj/topics/autobind-audit", "ml-train-a"),
            cluster("ml-train-a"), Outcome.INVALID, "an audit entry arrived from"
                + " \"//pubsub.googleapis.com/projects/evil-proj/topics/autobind-audit\"; it is accepted only from "
                + AUDIT_TOPIC + " (function.topic)", 0),
        row("a hostile source is quoted, not echoed", pubsubEntry("//x\n\"}", "ml-train-a"), cluster("ml-train-a"),
            Outcome.INVALID, "an audit entry arrived from \"//x\\n\\\"}\"; it is accepted only from " + AUDIT_TOPIC
                + " (function.topic)", 0),
        row("an Eventarc audit-log event, in pubsub mode", eventarcEntry("ml-train-a"), cluster("ml-train-a"),
            ADMITTED, "admitted", 1),
        row("a delivery of a type autobind does not take", Optional.of(new Envelope(
            "google.cloud.storage.object.v1.finalized", "//storage.googleapis.com/projects/_/buckets/b",
            DeliveryPath.PUBSUB_LOG, Optional.of(PUBLISHED), Optional.of(auditLog("ml-train-a")), Optional.empty())),
            cluster("ml-train-a"), Outcome.INVALID, "a delivery of type \"google.cloud.storage.object.v1.finalized\""
                + " is not one autobind accepts", 0),
        row("a Pub/Sub delivery to an eventarc deployment", pubsubEntry(AUDIT_TOPIC, "ml-train-a"),
            cluster("ml-train-a"), Outcome.INVALID, "an audit entry arrived through Pub/Sub from \"" + AUDIT_TOPIC
                + "\", but function.trigger is eventarc: no topic delivers to this function", 0).under(EVENTARC),
        row("an Eventarc delivery to an eventarc deployment, in its own project", eventarcEntry("ml-train-a"),
            cluster("ml-train-a"), ADMITTED, "admitted", 0).under(EVENTARC),
        row("a file without function: declares no topic, so no source is refused",
            pubsubEntry("//pubsub.googleapis.com/projects/any/topics/any", "ml-train-a"), cluster("ml-train-a"),
            ADMITTED, "admitted", 0).under(""));
  }

  static Stream<Case> origins() {
    return Stream.of(
        row("a user-written log shaped like an audit entry", entry(AUDIT_TOPIC, "projects/ml-train-a/logs/audit",
            PUBLISHED), cluster("ml-train-a"), Outcome.IGNORED, "logName \"projects/ml-train-a/logs/audit\" is not a"
                + " Cloud Audit Logs log (PARENT/logs/cloudaudit.googleapis.com%2Factivity, ...), which only Google"
                + " can write", 0),
        row("a log whose id only starts like an audit log", entry(AUDIT_TOPIC,
            "projects/ml-train-a/logs/cloudaudit.googleapis.com%2Factivity-mine", PUBLISHED), cluster("ml-train-a"),
            Outcome.IGNORED, "logName \"projects/ml-train-a/logs/cloudaudit.googleapis.com%2Factivity-mine\" is not"
                + " a Cloud Audit Logs log", 0),
        row("an entry without logName", entry(AUDIT_TOPIC, "", PUBLISHED), cluster("ml-train-a"), Outcome.IGNORED,
            "logName \"\" is not a Cloud Audit Logs log", 0),
        row("the audit log of another project", pubsubEntry(AUDIT_TOPIC, "demo-train"), cluster("ml-train-a"),
            Outcome.IGNORED, "the entry is in the audit log of projects/demo-train, not of projects/ml-train-a, the"
                + " project it names", 0),
        row("a folder's audit log", entry(AUDIT_TOPIC, ML_FOLDER + "/logs/cloudaudit.googleapis.com%2Factivity",
            PUBLISHED), cluster("ml-train-a"), Outcome.IGNORED, "the entry is in the audit log of " + ML_FOLDER
                + ", not of projects/ml-train-a", 0),
        row("a System Event audit log with an upper-case %2F", entry(AUDIT_TOPIC,
            "projects/ml-train-a/logs/cloudaudit.googleapis.com%2Fsystem_event", PUBLISHED), cluster("ml-train-a"),
            ADMITTED, "admitted", 1),
        row("a number-named entry in another project's log, found once the number is read",
            pubsubEntry(AUDIT_TOPIC, "demo-train"), cluster("210987654321"), Outcome.IGNORED,
            "the entry is in the audit log of projects/demo-train, not of projects/ml-train-a", 1));
  }

  static Stream<Case> times() {
    return Stream.of(
        row("an entry stamped in 2099", entry(AUDIT_TOPIC, auditLog("ml-train-a"),
            Instant.parse("2099-01-01T00:00:00Z")), cluster("ml-train-a"), Outcome.INVALID,
            "the entry is stamped 2099-01-01T00:00:00Z, more than 5 min after its delivery was published at "
                + PUBLISHED, 0),
        row("an entry stamped 5 min after it was published", entry(AUDIT_TOPIC, auditLog("ml-train-a"),
            PUBLISHED.plus(Duration.ofMinutes(5))), cluster("ml-train-a"), ADMITTED, "admitted", 1),
        row("an entry stamped 5 min and 1 ms after it was published", entry(AUDIT_TOPIC, auditLog("ml-train-a"),
            PUBLISHED.plus(Duration.ofMinutes(5)).plusMillis(1)), cluster("ml-train-a"), Outcome.INVALID,
            "the entry is stamped 2026-11-20T10:05:01.001Z, more than 5 min after", 0));
  }

  static Stream<Case> ancestries() {
    return Stream.of(
        row("a project directly in the governed folder", Optional.empty(), cluster("ml-train-a"), ADMITTED,
            "admitted", 1),
        row("a project in a folder under the governed folder", Optional.empty(), cluster("ml-deep-b"),
            ADMITTED, "admitted", 1),
        row("a project matching the globs in a folder outside the scope", Optional.empty(), cluster("ml-outside-x"),
            Outcome.IGNORED, "project ml-outside-x sits under folders/999 < " + ORG + ", outside"
                + " function.governedScope (" + ML_FOLDER + ")", 1),
        row("a project matching the globs in another organization", backfill(BACKFILL_TOPIC),
            cluster("ml-foreign-y"), Outcome.IGNORED, "project ml-foreign-y sits under folders/555 < organizations/999,"
                + " outside function.governedScope (" + ML_FOLDER + ")", 1),
        row("a whole project outside the scope, as discovery asks", Optional.empty(),
            new Subject.Project("ml-outside-x"), Outcome.IGNORED, "project ml-outside-x sits under folders/999", 1),
        row("a project Resource Manager does not show", Optional.empty(), cluster("ml-gone-z"), Outcome.IGNORED,
            "reading where project ml-gone-z sits failed: ml-gone-z is not visible", 1),
        row("Resource Manager unavailable", Optional.empty(), cluster("ml-flaky-f"), Outcome.RETRY,
            "reading where project ml-flaky-f sits failed: UNAVAILABLE", 1),
        row("a project named by number is judged by its id", Optional.empty(), cluster("210987654321"),
            ADMITTED, "admitted", 1),
        row("a project the scope lists by id needs no read", Optional.empty(), cluster("ml-train-a"),
            ADMITTED, "admitted", 0).under(PUBSUB.formatted("projects/ml-train-a")),
        row("a project a projects-only scope does not list needs no read", Optional.empty(), cluster("ml-deep-b"),
            Outcome.IGNORED, "project ml-deep-b is not one of them, outside function.governedScope"
                + " (projects/ml-train-a)", 0).under(PUBSUB.formatted("projects/ml-train-a")),
        row("eventarc mode governs the function's own project only", eventarcEntry("ml-deep-b"), cluster("ml-deep-b"),
            Outcome.IGNORED, "project ml-deep-b is not one of them, outside function.governedScope"
                + " (projects/ml-train-a)", 0).under(EVENTARC));
  }

  static Stream<Case> scopes() {
    return Stream.of(
        row("an excluded project in the governed folder", Optional.empty(), cluster("ml-platform-ops"),
            Outcome.IGNORED, "project ml-platform-ops is excluded by policy.projects.exclude ml-platform-ops", 1),
        row("a project no include glob matches", Optional.empty(), cluster("demo-train"), Outcome.IGNORED,
            "project demo-train is not in policy.projects.include", 0).under(""),
        row("a creation in an exempt project", pubsubEntry(AUDIT_TOPIC, "ml-legacy-e"), cluster("ml-legacy-e"),
            Outcome.EXEMPT, "exempt by " + LEGACY, 1),
        row("a reconcile of an exempt project", Optional.empty(), new Subject.Project("ml-legacy-e"), Outcome.EXEMPT,
            "exempt by " + LEGACY, 1),
        row("a resource exempt by its own glob", Optional.empty(), clusterNamed("ml-train-a", "frozen-1"),
            Outcome.EXEMPT, "exempt by " + LEGACY, 1),
        row("a resource glob does not exempt its whole project", Optional.empty(), new Subject.Project("ml-train-a"),
            ADMITTED, "admitted", 1),
        row("an exempt project the day after its exemption ends", Optional.empty(), cluster("ml-legacy-e"),
            ADMITTED, "admitted", 1).at(Instant.parse("2027-07-01T00:00:00Z")),
        row("an exempt project on the last second of its last day", Optional.empty(), cluster("ml-legacy-e"),
            Outcome.EXEMPT, "exempt by " + LEGACY, 1).at(Instant.parse("2027-06-30T23:59:59Z")),
        row("a creation where the exemption names removedBy only", Optional.empty(), cluster("ml-iac-a"),
            ADMITTED, "admitted", 1),
        row("no function: section: globs and exemptions still hold", Optional.empty(), cluster("ml-legacy-e"),
            Outcome.EXEMPT, "exempt by " + LEGACY, 0).under(""));
  }

  static Stream<Case> drift() {
    RestoredBinding trainer = new RestoredBinding("//cloudresourcemanager.googleapis.com/projects/ml-train-a",
        "roles/aiplatform.user", TRAINER, Optional.empty());
    return Stream.of(
        row("a removal in an exempt project", Optional.empty(), removal("ml-legacy-e", "bob@example.com"),
            Outcome.EXEMPT, "exempt by " + LEGACY, 1),
        row("a removal by a principal removedBy names", Optional.empty(), removal("ml-iac-a", TERRAFORM),
            Outcome.EXEMPT, "removed by " + TERRAFORM + ", whose removals policy.exemptions[1].removedBy leaves"
                + " alone (Terraform owns these projects' IAM; until 2027-06-30)", 1),
        row("removedBy matches whatever the case", Optional.empty(), removal("ml-iac-a", TERRAFORM.toUpperCase()),
            Outcome.EXEMPT, "removed by " + TERRAFORM.toUpperCase(), 1),
        row("a removal by someone else where removedBy is set", Optional.empty(), removal("ml-iac-a",
            "bob@example.com"), ADMITTED, "admitted", 1),
        row("an in-cluster change by a principal removedBy names", Optional.empty(),
            new Subject.ClusterChange(clusterRef("ml-iac-a"), Optional.of(TERRAFORM)), Outcome.EXEMPT,
            "removed by " + TERRAFORM, 1),
        row("an in-cluster change by someone else where removedBy is set", Optional.empty(),
            new Subject.ClusterChange(clusterRef("ml-iac-a"), Optional.of("bob@example.com")), ADMITTED,
            "admitted", 1),
        row("an in-cluster change in an exempt project", Optional.empty(),
            new Subject.ClusterChange(clusterRef("ml-legacy-e"), Optional.of("bob@example.com")), Outcome.EXEMPT,
            "exempt by " + LEGACY, 1),
        row("a removal by the removedBy principal outside the exemption's projects", Optional.empty(),
            removal("ml-train-a", TERRAFORM), ADMITTED, "admitted", 1),
        row("the fourth restore of one binding in a day", Optional.empty(), removal("ml-train-a", "bob@example.com"),
            Outcome.CONTESTED, "roles/aiplatform.user for " + TRAINER + " on"
                + " //cloudresourcemanager.googleapis.com/projects/ml-train-a was restored 3 times in the last 24"
                + " hours (policy.drift.maxRestoresPerDay: 3) and removed again by bob@example.com; it is left"
                + " removed until people agree who owns it", 1)
            .after(ledger -> restored(ledger, trainer, 3, Duration.ofHours(23))),
        row("the third restore of one binding in a day", Optional.empty(), removal("ml-train-a", "bob@example.com"),
            ADMITTED, "admitted", 1).after(ledger -> restored(ledger, trainer, 2, Duration.ofHours(1))),
        row("three restores, the oldest more than 24 hours ago", Optional.empty(),
            removal("ml-train-a", "bob@example.com"), ADMITTED, "admitted", 1)
            .after(ledger -> {
              restored(ledger, trainer, 2, Duration.ofHours(1));
              ledger.restored(trainer, NOW.minus(Duration.ofHours(24)).minusSeconds(1), "event-old");
            }),
        row("restores of another binding do not count", Optional.empty(), removal("ml-train-a", "bob@example.com"),
            ADMITTED, "admitted", 1).after(ledger -> restored(ledger, new RestoredBinding(trainer.target(),
                "roles/logging.logWriter", TRAINER, Optional.empty()), 5, Duration.ofHours(1))),
        row("an ADD-only change in an exempt project is left to drift repair", Optional.empty(),
            new Subject.PolicyChange(change("ml-legacy-e", "bob@example.com", BindingDelta.Action.ADD)),
            ADMITTED, "admitted", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void admitsOrRefusesWithTheReason(Case c) {
    CountingAncestry ancestry = new CountingAncestry();
    MemoryRestoreLedger ledger = new MemoryRestoreLedger();
    c.history().accept(ledger);
    PolicyFile file = PolicyFile.parse("function.yaml", c.function() + POLICY, ShippedKinds.registry());
    Admission gate = new Admission(Charter.of(file.function(), file.policy()), ancestry, ledger,
        Clock.fixed(c.now(), ZoneOffset.UTC));

    Verdict verdict = gate.admit(c.delivery(), c.subject());

    assertThat(verdict.refusal()).as(verdict.reason()).isEqualTo(c.outcome());
    assertThat(verdict.reason()).startsWith(c.reason());
    assertThat(ancestry.reads).as("ancestry reads").isEqualTo(c.reads());
  }

  @Test
  void aReconcileAdmitsEachProjectOnceThroughRefusal() {
    PolicyFile file = PolicyFile.parse("function.yaml", PUBSUB.formatted(ML_FOLDER) + POLICY, ShippedKinds.registry());
    Admission gate = new Admission(Charter.of(file.function(), file.policy()), new CountingAncestry(),
        new MemoryRestoreLedger(), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(gate.refusal("ml-train-a")).isEmpty();
    assertThat(gate.refusal("ml-legacy-e")).contains("exempt by " + LEGACY);
    assertThat(gate.refusal("ml-outside-x")).hasValueSatisfying(r -> assertThat(r).startsWith(
        "project ml-outside-x sits under folders/999"));
  }

  @Test
  void aRestoreCountsTowardsTheCapOfItsBinding() {
    PolicyFile file = PolicyFile.parse("function.yaml", PUBSUB.formatted(ML_FOLDER) + POLICY, ShippedKinds.registry());
    MemoryRestoreLedger ledger = new MemoryRestoreLedger();
    Admission gate = new Admission(Charter.of(file.function(), file.policy()), new CountingAncestry(), ledger,
        Clock.fixed(NOW, ZoneOffset.UTC));
    Subject removal = removal("ml-train-a", "bob@example.com");
    RestoredBinding binding = RestoredBinding.of(PolicyHolder.project("ml-train-a"),
        ((Subject.PolicyChange) removal).change().removals().get(0));

    for (int restore = 1; restore <= 3; restore++) {
      assertThat(gate.admit(Optional.empty(), removal).refusal()).as("removal %d", restore)
          .isEqualTo(ADMITTED);
      gate.restored(List.of(binding), "event-" + restore);
    }

    assertThat(gate.admit(Optional.empty(), removal).refusal()).contains(Outcome.CONTESTED);
  }

  /** A ledger whose count cannot be read: for a passing failure, then for one that will not pass by itself. */
  record Unreadable(String name, boolean passing, Outcome outcome, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Unreadable> unreadable() {
    String binding = "roles/aiplatform.user for " + TRAINER + " on //cloudresourcemanager.googleapis.com/projects/ml-train-a";
    return Stream.of(
        new Unreadable("Logging does not answer: redelivered, nothing restored now", true, Outcome.RETRY,
            "the restore count of " + binding + " could not be read: UNAVAILABLE"),
        new Unreadable("the function may not read its log: contested, nothing restored", false, Outcome.CONTESTED,
            "the restore count of " + binding + " could not be read: PERMISSION_DENIED; it is left removed until the"
                + " count can be read"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void aCountThatCannotBeReadRestoresNothing(Unreadable c) {
    PolicyFile file = PolicyFile.parse("function.yaml", PUBSUB.formatted(ML_FOLDER) + POLICY, ShippedKinds.registry());
    String failure = c.passing() ? "UNAVAILABLE" : "PERMISSION_DENIED";
    RestoreLedger broken = new RestoreLedger() {
      @Override
      public int restoresSince(RestoredBinding binding, Instant since) {
        throw new GateReadFailed(failure, c.passing(), null);
      }

      @Override
      public void restored(RestoredBinding binding, Instant at, String eventId) {
        throw new AssertionError("nothing was restored");
      }
    };
    Admission gate = new Admission(Charter.of(file.function(), file.policy()), new CountingAncestry(), broken,
        Clock.fixed(NOW, ZoneOffset.UTC));

    Verdict verdict = gate.admit(Optional.empty(), removal("ml-train-a", "bob@example.com"));

    assertThat(verdict.refusal()).contains(c.outcome());
    assertThat(verdict.reason()).isEqualTo(c.reason());
  }

  private static void restored(RestoreLedger ledger, RestoredBinding binding, int times, Duration spread) {
    for (int i = 0; i < times; i++) {
      ledger.restored(binding, NOW.minus(spread.multipliedBy(i + 1).dividedBy(times)), "event-" + i);
    }
  }

  static String auditLog(String project) {
    return "projects/" + project + "/logs/cloudaudit.googleapis.com%2Factivity";
  }

  static Optional<Envelope> pubsubEntry(String topic, String logProject) {
    return entry(topic, auditLog(logProject), PUBLISHED.minusSeconds(1));
  }

  static Optional<Envelope> entry(String topic, String logName, Instant stamped) {
    return Optional.of(new Envelope(EventDecoder.MESSAGE_PUBLISHED, topic, DeliveryPath.PUBSUB_LOG,
        Optional.of(PUBLISHED), Optional.of(logName), Optional.of(stamped)));
  }

  static Optional<Envelope> eventarcEntry(String project) {
    return Optional.of(new Envelope(EventDecoder.AUDIT_LOG_WRITTEN, "//cloudaudit.googleapis.com/projects/" + project
        + "/logs/activity", DeliveryPath.EVENTARC, Optional.of(PUBLISHED), Optional.of(auditLog(project)),
        Optional.of(PUBLISHED.minusSeconds(1))));
  }

  static Optional<Envelope> backfill(String topic) {
    return Optional.of(new Envelope(EventDecoder.MESSAGE_PUBLISHED, topic, DeliveryPath.BACKFILL,
        Optional.of(PUBLISHED), Optional.empty(), Optional.empty()));
  }

  static Subject cluster(String project) {
    return clusterNamed(project, "train-gke-1");
  }

  static Subject clusterNamed(String project, String name) {
    return new Subject.Resource(ResourceRef.of(GkeCluster.KIND, project, "us-central1-a", name));
  }

  static ResourceRef clusterRef(String project) {
    return ResourceRef.of(GkeCluster.KIND, project, "us-central1-a", "train-gke-1");
  }

  static Subject removal(String project, String principal) {
    return new Subject.PolicyChange(change(project, principal, BindingDelta.Action.REMOVE));
  }

  static IamChange change(String project, String principal, BindingDelta.Action action) {
    String member = "serviceAccount:ml-trainer@" + project + ".iam.gserviceaccount.com";
    return new IamChange(PolicyHolder.project(project), List.of(new BindingDelta(action, "roles/aiplatform.user",
        member, Optional.empty())), "SetIamPolicy", Optional.of(principal), Optional.empty(), DeliveryPath.PUBSUB_LOG,
        "e");
  }

  /** The hierarchy above, with each read counted; two projects stand for Resource Manager's failures. */
  static final class CountingAncestry implements Ancestry {
    int reads;
    final Map<String, Integer> byProject = new HashMap<>();

    @Override
    public Lineage lineage(String project, java.util.function.Predicate<String> enough) {
      reads++;
      byProject.merge(project, 1, Integer::sum);
      if (project.equals("ml-flaky-f")) {
        throw new GateReadFailed("UNAVAILABLE", true, null);
      }
      Lineage lineage = HIERARCHY.get(project);
      if (lineage == null) {
        throw new GateReadFailed(project + " is not visible", false, null);
      }
      return lineage;
    }
  }
}
