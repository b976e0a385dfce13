package dev.autobind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.events.cloud.audit.v1.LogEntryData;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.plan.Plan;
import dev.autobind.plan.PlanOutcome;
import dev.autobind.plan.Planner;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.policy.Policy;
import dev.autobind.policy.PolicyFile;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Figure 2: the warm cost of one event without I/O, decode plus plan, against the floor of a bare
 * Jackson tree parse of the same bytes (the CloudEvent data the invoker hands over). Batches of the
 * two alternate; each sample is one batch's time per event. Two more rows split the GKE figure: the
 * protobuf JsonFormat merge alone (the parser the design prescribes) and the planner alone.
 *
 * <p>Usage: {@code WarmPathBench [--samples 15] [--batch 2000] [--warmup-seconds 5]}
 */
public final class WarmPathBench {
  private static final ObjectMapper FLOOR = new ObjectMapper();
  private static final JsonFormat.Parser PROTO_JSON = JsonFormat.parser().ignoringUnknownFields();

  private final EventDecoder decoder = new EventDecoder(ShippedKinds.registry());
  private final Policy policy = PolicyFile.load(BenchEvents.POLICY, ShippedKinds.registry()).policy();
  private long sink;

  /** One workload: the event as the invoker builds it, and the facts the apply stage would have looked up. */
  record Workload(String name, CloudEvent event, ResourceFacts facts) {
    byte[] bytes() {
      return event.getData().toBytes();
    }
  }

  public static void main(String[] args) {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--samples", "15", "--batch", "2000",
        "--warmup-seconds", "5"));
    int samples = Integer.parseInt(options.get("--samples"));
    int batch = Integer.parseInt(options.get("--batch"));
    long warmupNanos = (long) (Double.parseDouble(options.get("--warmup-seconds")) * 1e9);
    WarmPathBench bench = new WarmPathBench();
    Instant now = Instant.now();
    List<Workload> workloads = List.of(
        new Workload("GKE event, Eventarc binary mode", event(BenchEvents.GKE, now),
            new ResourceFacts("ml-train-a", Optional.empty(), Optional.of(Map.of("purpose", "training")),
                Optional.of("ml-train-a.svc.id.goog"))),
        new Workload("Vertex event wrapped in Pub/Sub", event(BenchEvents.VERTEX_PUBSUB, now),
            new ResourceFacts("ml-serve-b", Optional.of("222222222222"), Optional.of(Map.of("team", "risk")),
                Optional.of("ml-serve-b.svc.id.goog"))));
    String[] labels = {"2a", "2b"};
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      bench.requirePlan(w);
      bench.warm(w, warmupNanos);
      bench.compare(labels[i] + " warm decode+plan, " + w.name() + " (vs readTree)", w, samples, batch,
          bench::decodeAndPlan);
    }
    Workload gke = workloads.get(0);
    bench.compare("2c   GKE: protobuf JsonFormat merge alone (vs readTree)", gke, samples, batch,
        bench::jsonFormatOnly);
    ResourceEvent decoded = bench.decode(gke);
    bench.compare("2d   GKE: plan alone (vs readTree)", gke, samples, batch,
        w -> bench.planOnly(decoded, w));
    // Printed so the JIT cannot drop the work whose results feed it.
    System.err.println("warm path checksum " + bench.sink);
  }

  private void compare(String figure, Workload w, int samples, int batch, ToIntFunction<Workload> op) {
    List<Double> floor = new ArrayList<>();
    List<Double> autobind = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      floor.add(nanosPerEvent(w, batch, this::floor));
      autobind.add(nanosPerEvent(w, batch, op));
    }
    Row.measured(figure, Samples.of(floor.stream().map(n -> n / 1000).toList()),
        Samples.of(autobind.stream().map(n -> n / 1000).toList()), "us").print();
  }

  private void requirePlan(Workload w) {
    PlanOutcome outcome = plan(w);
    if (!(outcome instanceof Plan plan) || plan.bindings().isEmpty()) {
      throw new IllegalStateException(w.name() + " did not plan any binding: " + outcome);
    }
  }

  private void warm(Workload w, long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      nanosPerEvent(w, 200, this::floor);
      nanosPerEvent(w, 200, this::decodeAndPlan);
    }
  }

  private double nanosPerEvent(Workload w, int batch, ToIntFunction<Workload> op) {
    long start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += op.applyAsInt(w);
    }
    return (System.nanoTime() - start) / (double) batch;
  }

  private int floor(Workload w) {
    try {
      JsonNode tree = FLOOR.readTree(w.bytes());
      return tree.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int decodeAndPlan(Workload w) {
    return plan(w) instanceof Plan plan ? plan.bindings().size() : -1;
  }

  private PlanOutcome plan(Workload w) {
    return Planner.plan(decode(w).ref(), policy, w.facts());
  }

  private ResourceEvent decode(Workload w) {
    Intake intake = decoder.decode(w.event());
    if (!(intake instanceof Intake.Resource resource)) {
      throw new IllegalStateException(w.name() + " did not decode to a resource: " + intake);
    }
    return resource.event();
  }

  private int planOnly(ResourceEvent event, Workload w) {
    return Planner.plan(event.ref(), policy, w.facts()) instanceof Plan plan ? plan.bindings().size() : -1;
  }

  private int jsonFormatOnly(Workload w) {
    try {
      LogEntryData.Builder entry = LogEntryData.newBuilder();
      PROTO_JSON.merge(new String(w.bytes(), java.nio.charset.StandardCharsets.UTF_8), entry);
      return entry.getInsertId().length();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the benchmark LogEntry does not parse", e);
    }
  }

  /** The fixture as the invoker hands it over in binary mode: attributes from headers, data as bytes. */
  static CloudEvent event(java.nio.file.Path fixture, Instant now) {
    JsonNode json = BenchEvents.fresh(fixture, now);
    return CloudEventBuilder.v1()
        .withId(json.path("id").asText())
        .withSource(URI.create(json.path("source").asText()))
        .withType(json.path("type").asText())
        .withTime(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(json.path("data").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .build();
  }
}
