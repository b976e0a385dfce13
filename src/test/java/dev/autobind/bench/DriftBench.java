package dev.autobind.bench;

import dev.autobind.event.Outcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.ApplySettings;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.apply.RepairOutcome;
import dev.autobind.drift.DriftEvents;
import dev.autobind.drift.DriftRepair;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.EventFixtures;
import dev.autobind.event.Intake;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import dev.autobind.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 6: drift repair's time to compliance. From the delivery of the audit entry that removed a standard
 * binding (decode, lookups, the one write) to the binding being back in the local cloud, against one
 * creation event's time to compliance (decode, lookup, account, every target), measured alternately in the
 * same run on the same world, with real clients over gRPC.
 */
public final class DriftBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "ml-train-a";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--runs", "15", "--warmup", "5"));
    int runs = Integer.parseInt(options.get("--runs"));
    int warmup = Integer.parseInt(options.get("--warmup"));
    PolicyFile file = PolicyFile.load(Path.of("src/test/resources/drift/policy.yaml"), ShippedKinds.registry());
    Seed seed = Seed.fromResource("drift/seed.yaml");
    EventDecoder decoder = new EventDecoder(ShippedKinds.registry());
    try (LocalCloud cloud = LocalCloud.start(seed); CloudClients clients = CloudClients.forEmulator(cloud.host())) {
      PolicyApplier engine = PolicyApplier.over(file.policy(), clients, ApplySettings.defaults(), ShippedKinds.plugins(),
          file.function().map(f -> f.serviceAccountEmail()));
      DriftRepair repair = DriftRepair.over(engine);
      List<Long> creation = new ArrayList<>();
      List<Long> repairs = new ArrayList<>();
      for (int i = 0; i < warmup + runs; i++) {
        cloud.reset();
        long created = timeCreation(decoder, engine, cloud);
        cloud.removeBinding("projects/" + PROJECT, DriftEvents.TRAINER_ROLE, DriftEvents.trainer(PROJECT),
            "bob@example.com");
        long repaired = timeRepair(decoder, repair, cloud);
        if (i >= warmup) {
          creation.add(created);
          repairs.add(repaired);
        }
      }
      Row.measured("6  drift repair: removal's entry delivered -> binding back (vs one creation event)",
          Samples.of(creation.stream().map(n -> n / 1e6).toList()),
          Samples.of(repairs.stream().map(n -> n / 1e6).toList()), "ms").print();
    }
  }

  /** A CreateCluster entry for the governed cluster, stamped now, decoded and applied until compliant. */
  private static long timeCreation(EventDecoder decoder, PolicyApplier engine, LocalCloud cloud) throws IOException {
    byte[] event = EventFixtures.edit("gke-create-first.eventarc.json", e -> {
      ObjectNode data = (ObjectNode) e.get("data");
      ObjectNode payload = (ObjectNode) data.get("protoPayload");
      payload.put("resourceName", "projects/" + PROJECT + "/zones/us-central1-a/clusters/train-gke-1");
      ((ObjectNode) data.get("resource").get("labels")).put("project_id", PROJECT).put("cluster_name", "train-gke-1");
      String now = Instant.now().toString();
      data.put("timestamp", now);
      e.put("time", now);  // the delivery's own time, from which the event's age counts
    });
    long start = System.nanoTime();
    Intake intake = decoder.decodeStructured(event);
    ApplyResult result = engine.apply(((Intake.Resource) intake).event());
    long elapsed = System.nanoTime() - start;
    require(result.status() == Outcome.APPLIED, "creation: " + result.status() + " " + result.reason());
    return elapsed;
  }

  /** The local cloud's own audit entry of the removal, delivered as Eventarc would, until the binding is back. */
  private static long timeRepair(EventDecoder decoder, DriftRepair repair, LocalCloud cloud) throws IOException {
    List<ObjectNode> entries = cloud.auditEntries();
    ObjectNode entry = entries.get(entries.size() - 1);
    ObjectNode event = JSON.createObjectNode().put("specversion", "1.0")
        .put("type", "google.cloud.audit.log.v1.written")
        .put("source", "//cloudaudit.googleapis.com/projects/" + PROJECT + "/logs/activity")
        .put("id", entry.path("insertId").asText()).put("time", Instant.now().toString());
    entry.put("timestamp", Instant.now().toString());
    event.set("data", entry);
    byte[] bytes = JSON.writeValueAsBytes(event);
    long start = System.nanoTime();
    Intake intake = decoder.decodeStructured(bytes);
    RepairOutcome outcome = repair.repair(((Intake.IamPolicyChanged) intake).change());
    long elapsed = System.nanoTime() - start;
    require(outcome.result().status() == Outcome.APPLIED,
        "repair: " + outcome.result().status() + " " + outcome.result().reason());
    require(cloud.iamPolicy("projects/" + PROJECT).getBindingsList().stream()
        .anyMatch(b -> b.getRole().equals(DriftEvents.TRAINER_ROLE)
            && b.getMembersList().contains(DriftEvents.trainer(PROJECT))), "the binding is not back");
    return elapsed;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
