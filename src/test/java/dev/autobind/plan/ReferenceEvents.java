package dev.autobind.plan;

import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexModel;
import java.time.Instant;
import java.util.Optional;

/** ResourceEvents as intake decodes the reference events in ../shared/events, plus variants for planner cases. */
public final class ReferenceEvents {

  private ReferenceEvents() {}

  /** gke-create-first.eventarc.json. */
  public static ResourceEvent gkeCreateFirst() {
    return gke("demo-train", "us-central1-a", "trainer-1", Phase.FIRST);
  }

  /** gke-create-last.eventarc.json: the operation's closing entry, with no principal. */
  public static ResourceEvent gkeCreateLast() {
    return new ResourceEvent(ResourceRef.of(GkeCluster.KIND, "demo-train", "us-central1-a", "trainer-1"), Phase.LAST,
        "google.container.v1.ClusterManager.CreateCluster", Optional.empty(),
        Optional.of(Instant.parse("2026-11-20T10:00:00Z")), DeliveryPath.EVENTARC,
        "projects/demo-train/logs/cloudaudit.googleapis.com%2Factivityxb9e6dbf3b2123");
  }

  /** vertex-upload.pubsub.json: an UploadModel entry through a Log Router sink. */
  public static ResourceEvent vertexUpload() {
    return vertex("demo-models", "us-central1", "9988776655443322110");
  }

  public static ResourceEvent gke(String project, String location, String name, Phase phase) {
    return new ResourceEvent(ResourceRef.of(GkeCluster.KIND, project, location, name), phase,
        "google.container.v1.ClusterManager.CreateCluster", Optional.of("alice@example.com"),
        Optional.of(Instant.parse("2026-11-20T10:00:00Z")), DeliveryPath.EVENTARC, "event-" + name);
  }

  public static ResourceEvent vertex(String project, String location, String modelId) {
    return new ResourceEvent(ResourceRef.of(VertexModel.KIND, project, location, modelId), Phase.FIRST,
        "google.cloud.aiplatform.v1.ModelService.UploadModel", Optional.of("alice@example.com"),
        Optional.of(Instant.parse("2026-11-20T10:00:00Z")), DeliveryPath.PUBSUB_LOG, "9876543210");
  }
}
