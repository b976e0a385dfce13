package dev.autobind.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Every event under src/test/resources/events with the outcome intake must give for it. */
public final class EventFixtures {

  private static final String GKE_RULES = " breaks the GKE naming rules (lowercase letters, digits and hyphens,"
      + " starting with a letter, ending with a letter or digit, at most 40 characters)";
  private static final String PERSISTENT_RULES = " breaks the Vertex AI naming rules (1 to 63 lowercase letters,"
      + " digits or hyphens, starting with a letter, not ending with a hyphen)";
  private static final String ENDPOINT_RULES = " breaks the Vertex AI naming rules (up to 63 lowercase letters, digits"
      + " or hyphens starting with a letter and not ending with a hyphen, or a number without a leading zero)";
  private static final String NODE_RULES = " breaks the Cloud TPU naming rules (1 to 63 lowercase letters, digits"
      + " or hyphens, starting with a letter, not ending with a hyphen)";
  private static final String QUEUED_RULES = " breaks the Cloud TPU naming rules (1 to 63 letters, digits or the"
      + " characters _ . ~ + % -, and not . or ..)";
  private static final String PROJECT_RULES = " is neither a project id (6 to 30 lowercase letters, digits or hyphens,"
      + " starting with a letter, not ending with a hyphen) nor a project number";

  /**
   * One fixture and its expected decode line: for a resource the fields named in {@code fields}, for an
   * ignored event its reason, for an invalid one its error.
   */
  private static final String PROJECT_ID_RULES = " (6 to 30 lowercase letters, digits or hyphens, starting with a"
      + " letter, not ending with a hyphen)";

  public record Case(String file, String outcome, Map<String, String> fields) {
    @Override
    public String toString() {
      return file;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventFixtures() {}

  public static List<Case> all() {
    return Stream.of(creations(), IamChangeFixtures.all(), KubernetesChangeFixtures.all()).flatMap(List::stream)
        .toList();
  }

  private static List<Case> creations() {
    return List.of(
        // Reference events handed out with the issue.
        gke("gke-create-first.eventarc.json", "demo-train", "us-central1-a", "trainer-1", "first", "eventarc"),
        gke("gke-create-last.eventarc.json", "demo-train", "us-central1-a", "trainer-1", "last", "eventarc"),
        ignored("gke-create-failed.eventarc.json",
            "creation failed with status code 3: \"No valid versions with the prefix \\\"1.29.6\\\" found.\""),
        vertex("vertex-upload.pubsub.json", "demo-models", "us-central1", "9988776655443322110", "first", "pubsub-log"),

        // GKE: regional and zonal names, v1beta1, both delivery paths, Pub/Sub id fields in every spelling.
        gke("gke-regional-locations.eventarc.json", "demo-train", "us-central1", "trainer-r", "first", "eventarc"),
        gke("gke-regional-zones-form.eventarc.json", "demo-train", "europe-west4", "eu-trainer", "first", "eventarc"),
        gke("gke-v1beta1.eventarc.json", "demo-train", "us-east4-b", "beta-1", "first", "eventarc"),
        gke("gke-no-resource-labels.eventarc.json", "demo-train", "us-central1-a", "trainer-1", "first", "eventarc"),
        gke("gke-create-first.data-base64.eventarc.json", "demo-train", "us-central1-a", "trainer-1", "first",
            "eventarc"),
        gke("gke-create-last.pubsub.json", "demo-train", "us-central1-a", "trainer-1", "last", "pubsub-log"),
        gke("gke-create-first.pubsub-duplicate-ids.json", "demo-train", "us-central1-a", "trainer-1", "first",
            "pubsub-log"),
        gke("gke-create-first.pubsub-snake-case-ids.json", "demo-train", "us-central1-a", "trainer-1", "first",
            "pubsub-log"),

        // Vertex AI: ui and v1beta1 surfaces, the last entry, and an entry that names only the project number.
        vertex("vertex-upload-ui.eventarc.json", "demo-models", "europe-west4", "4242424242", "first", "eventarc"),
        // UploadModelRequest.model_id lets the uploader choose the id instead of taking a number.
        vertex("vertex-upload-chosen-id.eventarc.json", "demo-models", "europe-west4", "churn-model_v3", "first",
            "eventarc"),
        vertex("vertex-upload-v1beta1-last.eventarc.json", "demo-models", "us-central1", "9988776655443322110",
            "last", "eventarc"),
        vertex("vertex-upload-project-number-only.pubsub.json", "210987654321", "us-central1",
            "9988776655443322110", "first", "pubsub-log"),

        // Backfill messages.
        gke("backfill-gke.pubsub.json", "demo-train", "us-central1", "trainer-r", "none", "backfill"),
        vertex("backfill-vertex-chosen-id.pubsub.json", "210987654321", "us-central1", "fraud-xgb_v2", "none",
            "backfill"),
        vertex("backfill-vertex-numeric-id.pubsub.json", "demo-models", "europe-west4", "4242424242", "none",
            "backfill"),
        invalid("backfill-bad-schema.pubsub.json",
            "data.message.data.schema: unknown schema \"autobind.backfill/v9\", expected autobind.backfill/v1"),
        invalid("backfill-unwatched-service.pubsub.json", "data.message.data.resource: service"
            + " \"compute.googleapis.com\" is not watched (aiplatform.googleapis.com, container.googleapis.com,"
            + " tpu.googleapis.com)"),
        invalid("backfill-hostile-name.pubsub.json",
            "data.message.data.resource: cluster name \"x$(curl evil)\"" + GKE_RULES),
        invalid("backfill-vertex-operation-name.pubsub.json", "data.message.data.resource:"
            + " \"projects/demo-models/locations/us-central1/models/42/operations/7\" is not a Vertex AI model name"
            + " (projects/P/locations/L/models/M)"),
        invalid("backfill-wrong-type.pubsub.json", "data.message.data.resource: expected a string, got a number"),

        // The scheduled reconcile request: it names no resource and no scope; anything else is refused.
        new Case("reconcile-scheduled.pubsub.json", "reconcile", Map.of()),
        new Case("reconcile-extra-field.pubsub.json", "reconcile", Map.of()),
        invalid("reconcile-unknown-request.pubsub.json", "data.message.data.reconcile: unknown reconcile request"
            + " \"organizations/1\", expected scheduled or project"),
        // One project, as the reconcile's fan-out publishes it: a project id and nothing else.
        new Case("reconcile-project.pubsub.json", "reconcile", Map.of("project", "demo-train")),
        invalid("reconcile-project-missing.pubsub.json", "data.message.data.project: missing"),
        invalid("reconcile-project-number.pubsub.json", "data.message.data.project: project \"123456789012\" is not a"
            + " project id" + PROJECT_ID_RULES),
        invalid("reconcile-project-hostile.pubsub.json", "data.message.data.project: project"
            + " \"demo-train/../../organizations/1\" is not a project id" + PROJECT_ID_RULES),
        invalid("reconcile-project-wrong-type.pubsub.json", "data.message.data.project: expected a string, got an"
            + " array"),
        invalid("reconcile-project-oversized.pubsub.json", "data.message.data.project: project \"" + "p".repeat(80)
            + "...\" (5000 characters) is not a project id" + PROJECT_ID_RULES),
        invalid("reconcile-scheduled-with-project.pubsub.json", "data.message.data.project: a scheduled reconcile"
            + " names no project; send reconcile: project for one"),
        invalid("reconcile-with-resource.pubsub.json", "data.message.data.resource: a reconcile message names no"
            + " resource; send one or the other"),
        invalid("reconcile-wrong-type.pubsub.json", "data.message.data.reconcile: expected a string, got a boolean"),

        // Vertex AI persistent resources: v1, v1beta1 and ui, first and last entries, both delivery paths.
        persistent("vertex-persistent-create-first.eventarc.json", "ray-train-1", "first", "eventarc"),
        persistent("vertex-persistent-create-last.pubsub.json", "ray-train-1", "last", "pubsub-log"),
        persistent("vertex-persistent-v1beta1.eventarc.json", "ray-beta", "first", "eventarc"),
        persistent("vertex-persistent-ui.eventarc.json", "ray-console", "first", "eventarc"),
        ignored("vertex-persistent-create-failed.eventarc.json", "creation failed with status code 8: \"The following"
            + " quota metrics exceed quota limits: aiplatform.googleapis.com/custo...\" (113 characters)"),
        invalid("hostile-persistent-id.eventarc.json", "data.protoPayload.request.persistentResourceId:"
            + " persistent resource id \"Ray_Train\"" + PERSISTENT_RULES),
        invalid("hostile-persistent-zone.eventarc.json", "data.protoPayload.resourceName: location \"us-central1-a\""
            + " is a zone; Vertex AI takes a region (such as us-central1)"),
        invalid("vertex-persistent-ids-disagree.eventarc.json", "data.operation.id: persistent resource id"
            + " \"ray-train-2\" disagrees with \"ray-train-1\" in data.protoPayload.request.persistentResourceId"),
        invalid("vertex-persistent-no-id.eventarc.json", "data.protoPayload.resourceName: names no persistent"
            + " resource, and neither the request, operation.id nor the response names one"),
        invalid("wrong-type-persistent-id.eventarc.json",
            "data.protoPayload.request.persistentResourceId: expected a string, got a number"),

        // Vertex AI endpoints: an assigned id only in the operation name, chosen ids, the last entry.
        endpoint("vertex-endpoint-create-first.eventarc.json", "1234567890123456789", "first", "eventarc"),
        endpoint("vertex-endpoint-chosen-id.pubsub.json", "fraud-serving", "first", "pubsub-log"),
        endpoint("vertex-endpoint-create-last.eventarc.json", "1234567890123456789", "last", "eventarc"),
        endpoint("vertex-endpoint-ui.eventarc.json", "987654321", "first", "eventarc"),
        invalid("hostile-endpoint-id-leading-zero.eventarc.json",
            "data.protoPayload.request.endpointId: endpoint id \"0123\"" + ENDPOINT_RULES),
        invalid("hostile-endpoint-id-hyphen-end.pubsub.json",
            "data.message.data.protoPayload.request.endpointId: endpoint id \"fraud-\"" + ENDPOINT_RULES),
        invalid("vertex-endpoint-ids-disagree.pubsub.json", "data.message.data.operation.id: endpoint id"
            + " \"fraud-serving-2\" disagrees with \"fraud-serving\" in data.message.data.protoPayload.resourceName"),
        invalid("wrong-type-endpoint-id.eventarc.json",
            "data.protoPayload.request.endpointId: expected a string, got an array"),
        invalid("hostile-endpoint-other-collection.eventarc.json", "data.protoPayload.resourceName:"
            + " \"projects/demo-models/locations/europe-west4/models/fraud-serving\" is neither a Vertex AI location"
            + " nor an endpoint name (projects/P/locations/L[/endpoints/ID])"),

        // Cloud TPU nodes: v2 and v2alpha1, the node named by the request, resourceName and metadata.target.
        tpuNode("tpu-node-create-first.eventarc.json", "tpu-v4-32", "first", "eventarc"),
        tpuNode("tpu-node-v2alpha1.pubsub.json", "alpha-node", "first", "pubsub-log"),
        tpuNode("tpu-node-create-last.eventarc.json", "tpu-v4-32", "last", "eventarc"),
        ignored("tpu-node-create-failed.eventarc.json", "creation failed with status code 8: \"There is no more"
            + " capacity in the zone \\\"us-central2-b\\\"; you can try in another zo...\" (116 characters)"),
        invalid("hostile-tpu-node-id.eventarc.json",
            "data.protoPayload.request.nodeId: node id \"tpu;curl evil\"" + NODE_RULES),
        invalid("hostile-tpu-region.eventarc.json", "data.protoPayload.resourceName: location \"us-central2\" is a"
            + " region; Cloud TPU takes a zone (such as us-central2-b)"),
        invalid("tpu-node-ids-disagree.eventarc.json", "data.protoPayload.response.metadata.target: node id"
            + " \"tpu-v4-33\" disagrees with \"tpu-v4-32\" in data.protoPayload.request.nodeId"),
        invalid("tpu-node-no-id.eventarc.json", "data.protoPayload.resourceName: names no node, and neither the"
            + " request, operation.id nor the response names one"),
        invalid("wrong-type-tpu-node-id.eventarc.json", "data.protoPayload.request.nodeId: expected a string, got a"
            + " boolean"),

        // Cloud TPU queued resources, including the wider characters queued_resource_id allows.
        tpuQueued("tpu-queued-create-first.eventarc.json", "llm-pretrain", "first", "eventarc"),
        tpuQueued("tpu-queued-v2alpha1.pubsub.json", "Sweep_01.b", "first", "pubsub-log"),
        tpuQueued("tpu-queued-create-last.eventarc.json", "llm-pretrain", "last", "eventarc"),
        invalid("hostile-tpu-queued-id.eventarc.json", "data.protoPayload.request.queuedResourceId: queued resource"
            + " id \"qr\\\"}, {\\\"role\\\": \\\"roles/owner\"" + QUEUED_RULES),
        invalid("hostile-tpu-queued-traversal.eventarc.json", "data.protoPayload.resourceName:"
            + " \"projects/demo-train/locations/us-central2-b/queuedResources/../../../../organiza...\" (90 characters)"
            + " is neither a Cloud TPU location nor a queued resource name (projects/P/locations/L[/queuedResources/ID])"),
        invalid("tpu-queued-ids-disagree.pubsub.json", "data.message.data.protoPayload.response.metadata.target:"
            + " queued resource id \"llm-finetune\" disagrees with \"llm-pretrain\" in"
            + " data.message.data.protoPayload.resourceName"),
        invalid("wrong-type-tpu-queued-target.eventarc.json",
            "data.protoPayload.response.metadata.target: expected a string, got a number"),
        invalid("tpu-queued-other-project.eventarc.json", "data.protoPayload.response.metadata.target: project"
            + " \"demo-other\" disagrees with the entry's project \"demo-train\""),

        // Backfill messages for the training kinds.
        tpuNode("backfill-tpu-node.pubsub.json", "tpu-v4-32", "none", "backfill"),
        tpuQueued("backfill-tpu-queued.pubsub.json", "llm-pretrain", "none", "backfill"),
        resource("backfill-vertex-endpoint.pubsub.json", "vertex-endpoint", "demo-models", "europe-west4",
            "1234567890123456789", "none", "backfill", "//aiplatform.googleapis.com/projects/demo-models/locations/"
            + "europe-west4/endpoints/1234567890123456789"),
        persistent("backfill-vertex-persistent.pubsub.json", "ray-train-1", "none", "backfill"),
        invalid("backfill-tpu-other-collection.pubsub.json", "data.message.data.resource:"
            + " \"projects/demo-train/locations/us-central2-b/acceleratorTypes/v4-32\" is not a Cloud TPU node name"
            + " (projects/P/locations/L/nodes/ID)"),

        // Ignored.
        ignored("vertex-upload-failed.pubsub.json",
            "creation failed with status code 7: \"Permission denied on resource project demo-models.\""),
        ignored("gke-data-access.eventarc.json", "data-access audit logs are not watched"),
        ignored("gke-delete-cluster.eventarc.json",
            "method \"google.container.v1.ClusterManager.DeleteCluster\" is not watched"),
        ignored("foreign-type.storage.json", "event type \"google.cloud.storage.object.v1.finalized\" is not watched"),

        // Hostile names: each would otherwise end up inside a resource path or an IAM member string.
        invalid("hostile-brief-example.eventarc.json",
            "data.protoPayload.resourceName: project \"x\"" + PROJECT_RULES),
        invalid("hostile-cluster-quote.eventarc.json",
            "data.protoPayload.resourceName: cluster name \"a\\\"b\"" + GKE_RULES),
        invalid("hostile-cluster-uppercase.eventarc.json",
            "data.protoPayload.resourceName: cluster name \"Trainer-1\"" + GKE_RULES),
        invalid("hostile-cluster-colon.eventarc.json",
            "data.protoPayload.resourceName: cluster name \"x:user:eve@example.com\"" + GKE_RULES),
        invalid("hostile-cluster-space.eventarc.json",
            "data.protoPayload.resourceName: cluster name \"trainer 1\"" + GKE_RULES),
        invalid("hostile-cluster-200-chars.eventarc.json", "data.protoPayload.resourceName: cluster name \""
            + "a".repeat(80) + "...\" (200 characters)" + GKE_RULES),
        invalid("hostile-path-traversal.eventarc.json", "data.protoPayload.resourceName:"
            + " \"projects/demo-train/zones/us-central1-a/clusters/../../../../organizations/1234\" is not a GKE"
            + " cluster name (projects/P/locations/L/clusters/C or projects/P/zones/Z/clusters/C)"),
        invalid("hostile-project-domain-scoped.eventarc.json",
            "data.protoPayload.resourceName: project \"example.com:demo-train\"" + PROJECT_RULES),
        invalid("hostile-location-uppercase.eventarc.json", "data.protoPayload.resourceName: location"
            + " \"US-CENTRAL1-A\" is not a region or zone name (such as us-central1 or us-central1-a)"),
        invalid("hostile-vertex-model-id.pubsub.json", "data.message.data.protoPayload.resourceName: model id"
            + " \"fraud\\\"model\" breaks the Vertex AI naming rules (1 to 19 digits, or up to 63 lowercase letters, digits,"
            + " hyphens or underscores starting with a letter)"),
        invalid("gke-labels-disagree.eventarc.json", "data.resource.labels.cluster_name: \"trainer-2\" disagrees"
            + " with protoPayload.resourceName, which names \"trainer-1\""),
        invalid("vertex-upload-ids-disagree.pubsub.json", "data.message.data.operation.id: model id"
            + " \"9988776655443322110\" disagrees with \"1111\" in data.message.data.protoPayload.resourceName"),
        invalid("vertex-upload-no-model-name.pubsub.json", "data.message.data.protoPayload.resourceName:"
            + " names no model, and neither operation.id nor the response names one"),

        // Malformed envelopes and payloads.
        invalid("pubsub-bad-base64.json", "data.message.data: is not valid base64 (Illegal base64 character 20)"),
        invalid("pubsub-non-json-data.json",
            "data.message.data: malformed JSON at line 1, column 1: Unrecognized token 'cluster'"),
        invalid("pubsub-truncated-logentry.json",
            "data.message.data: malformed JSON at line 1, column 617: Unexpected end-of-input in VALUE_STRING"),
        invalid("truncated.eventarc.json",
            "event: malformed JSON at line 31, column 4: Unexpected end-of-input: expected close marker for Object"),
        invalid("missing-protopayload.eventarc.json", "data.protoPayload: missing"),
        invalid("missing-data.eventarc.json", "data: missing"),
        invalid("pubsub-missing-message.json", "data.message: missing"),
        invalid("not-a-cloudevent.json", "event: is not a CloudEvent: Missing mandatory specversion attribute"),
        invalid("wrong-type-resourcename.eventarc.json",
            "data.protoPayload.resourceName: expected a string, got a number"),
        invalid("wrong-type-operation-first.eventarc.json", "data.operation.first: expected a boolean, got a string"),
        invalid("wrong-type-data-array.eventarc.json", "data: expected a JSON object, got an array"),
        invalid("wrong-type-vertex-response-name.pubsub.json",
            "data.message.data.protoPayload.response.name: expected a string, got a number"),
        invalid("pubsub-bad-publish-time.json",
            "data.message.publishTime: \"yesterday\" is not an RFC 3339 timestamp"));
  }

  public static Path directory() {
    try {
      return Path.of(EventFixtures.class.getResource("/events").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the events fixture directory has no file path", e);
    }
  }

  public static byte[] read(String file) {
    try {
      return Files.readAllBytes(directory().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file, e);
    }
  }

  /** A fixture changed by {@code change}, for variants that differ from it in one field. */
  public static byte[] edit(String file, Consumer<ObjectNode> change) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(read(file));
      change.accept(event);
      return JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot edit fixture " + file, e);
    }
  }

  /** A well-formed Eventarc event whose request carries 600 KiB of detail: too large to keep as a file. */
  public static byte[] oversizedEvent() {
    String first = new String(read("gke-create-first.eventarc.json"), StandardCharsets.UTF_8);
    String padded = first.replace("\"autopilot\": {}", "\"autopilot\": {}, \"description\": \""
        + "x".repeat(600 * 1024) + "\"");
    if (padded.length() <= EventDecoder.MAX_EVENT_BYTES) {
      throw new IllegalStateException("the oversized event is not over the limit");
    }
    return padded.getBytes(StandardCharsets.UTF_8);
  }

  /** The names of every JSON fixture on disk, so a fixture without an expectation is noticed. */
  public static List<String> filesOnDisk() {
    try (Stream<Path> files = Files.list(directory())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the events fixture directory", e);
    }
  }

  private static Case gke(String file, String project, String location, String name, String phase, String path) {
    return resource(file, "gke-cluster", project, location, name, phase, path,
        "//container.googleapis.com/projects/" + project + "/locations/" + location + "/clusters/" + name);
  }

  private static Case vertex(String file, String project, String location, String name, String phase, String path) {
    return resource(file, "vertex-model", project, location, name, phase, path,
        "//aiplatform.googleapis.com/projects/" + project + "/locations/" + location + "/models/" + name);
  }

  /** A persistent resource in demo-train's us-central1, as the training fixtures name them. */
  private static Case persistent(String file, String name, String phase, String path) {
    return resource(file, "vertex-persistent-resource", "demo-train", "us-central1", name, phase, path,
        "//aiplatform.googleapis.com/projects/demo-train/locations/us-central1/persistentResources/" + name);
  }

  /** An endpoint in demo-models' europe-west4. */
  private static Case endpoint(String file, String name, String phase, String path) {
    return resource(file, "vertex-endpoint", "demo-models", "europe-west4", name, phase, path,
        "//aiplatform.googleapis.com/projects/demo-models/locations/europe-west4/endpoints/" + name);
  }

  /** A TPU node in demo-train's zone us-central2-b. */
  private static Case tpuNode(String file, String name, String phase, String path) {
    return resource(file, "tpu-node", "demo-train", "us-central2-b", name, phase, path,
        "//tpu.googleapis.com/projects/demo-train/locations/us-central2-b/nodes/" + name);
  }

  /** A TPU queued resource in demo-train's zone us-central2-b. */
  private static Case tpuQueued(String file, String name, String phase, String path) {
    return resource(file, "tpu-queued-resource", "demo-train", "us-central2-b", name, phase, path,
        "//tpu.googleapis.com/projects/demo-train/locations/us-central2-b/queuedResources/" + name);
  }

  private static Case resource(String file, String kind, String project, String location, String name,
      String phase, String path, String resource) {
    return new Case(file, "resource", Map.of("kind", kind, "project", project, "location", location,
        "name", name, "phase", phase, "path", path, "resource", resource));
  }

  private static Case ignored(String file, String reason) {
    return new Case(file, "ignored", Map.of("reason", reason));
  }

  private static Case invalid(String file, String error) {
    return new Case(file, "invalid", Map.of("error", error));
  }
}
