package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autobind.admit.Admission;
import dev.autobind.admit.Charter;
import dev.autobind.admit.MemoryRestoreLedger;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Outcome;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dispatcher's entry for a resource discovery found (direct backfill, the reconcile): the same gate as a
 * delivered resource, exactly one record of the same shape, and the caller's selection handed to the reconciler
 * unchanged.
 */
class FoundResourceDispatchTest {
  private static final Policy POLICY = PolicyFile.load(Path.of("function.yaml"), ShippedKinds.registry()).policy();
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final ApplyResult COMPLIANT = ApplyResult.untouched(Outcome.COMPLIANT, "already compliant", false);

  /** One found resource, the selection its caller chose, and what the dispatcher must make of it. */
  record Case(String name, String project, Optional<Selection> selection, Outcome outcome, int reconciled) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    ResourceFacts facts = new ResourceFacts("ml-train-a", Optional.of("123456789012"), Optional.of(Map.of()),
        Optional.of("ml-train-a.svc.id.goog"));
    return Stream.of(
        new Case("a governed project, listed with its facts: reconciled from the listing", "ml-train-a",
            Optional.of(new Selection.Listed(facts, 7L, true)), Outcome.COMPLIANT, 1),
        new Case("a governed project, found without facts: reconciled with everything its plan holds",
            "ml-train-a", Optional.of(new Selection.Everything(false, true)), Outcome.COMPLIANT, 1),
        new Case("the function's own project, excluded by policy.projects: refused, nothing reconciled",
            "ml-platform-ops", Optional.empty(), Outcome.IGNORED, 0),
        new Case("a personal sandbox, excluded by a glob: refused, nothing reconciled", "ml-a-sandbox",
            Optional.empty(), Outcome.IGNORED, 0),
        new Case("a project no include glob matches: refused, nothing reconciled", "web-shop", Optional.empty(),
            Outcome.IGNORED, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aFoundResourcePassesTheGateAndIsRecordedOnceAsADeliveredOneIs(Case c) {
    ResourceRef ref = ResourceRef.of(GkeCluster.KIND, c.project(), "us-central1-a", "train-1");
    Selection chosen = c.selection().orElse(new Selection.Everything(false, true));
    List<Selection> seen = new ArrayList<>();
    List<ResourceRef> reconciledRefs = new ArrayList<>();
    List<Decision> records = new ArrayList<>();
    Invocation dispatcher = new Invocation(new EventDecoder(ShippedKinds.registry()), event -> COMPLIANT,
        records::add).admittedBy(FoundResourceDispatchTest::gate).reconciling((r, selection) -> {
          reconciledRefs.add(r);
          seen.add(selection);
          return COMPLIANT;
        });

    Decision found = dispatcher.handle(event(ref, "backfill-direct-1"), chosen);
    Decision delivered = dispatcher.handle(event(ref, "backfill-direct-2"));

    assertThat(records).containsExactly(found, delivered);
    assertThat(found.outcome()).isEqualTo(c.outcome());
    assertThat(delivered.outcome()).as("a delivered resource is judged the same").isEqualTo(c.outcome());
    assertThat(seen).hasSize(c.reconciled()).allSatisfy(s -> assertThat(s).isSameAs(chosen));
    assertThat(reconciledRefs).hasSize(c.reconciled()).allSatisfy(r -> assertThat(r).isEqualTo(ref));
    JsonNode foundJson = DecisionLog.toJson(found);
    JsonNode deliveredJson = DecisionLog.toJson(delivered);
    assertThat(fields(foundJson)).as("the same record shape").isEqualTo(fields(deliveredJson));
    assertThat(foundJson.path("eventId").asText()).isEqualTo("backfill-direct-1");
    assertThat(foundJson.path("reason").asText()).isEqualTo(deliveredJson.path("reason").asText());
  }

  @Test
  void aDispatcherWithoutTheEntryRefusesToGuessAndRecordsNothing() {
    List<Decision> records = new ArrayList<>();
    Invocation dispatcher = new Invocation(new EventDecoder(ShippedKinds.registry()), event -> COMPLIANT,
        records::add);
    ResourceRef ref = ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-1");

    assertThatThrownBy(() -> dispatcher.handle(event(ref, "backfill-direct-1"), new Selection.Everything(false, true)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no entry for found resources");
    assertThat(records).isEmpty();
  }

  private static Admission gate() {
    return new Admission(Charter.of(Optional.empty(), POLICY), (project, enough) -> {
      throw new AssertionError("no governed scope: the gate never reads where a project sits");
    }, new MemoryRestoreLedger(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static ResourceEvent event(ResourceRef ref, String id) {
    return new ResourceEvent(ref, Phase.NONE, "autobind.backfill/v1", Optional.empty(), Optional.of(NOW),
        DeliveryPath.BACKFILL, id);
  }

  private static TreeSet<String> fields(JsonNode record) {
    TreeSet<String> names = new TreeSet<>();
    for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
