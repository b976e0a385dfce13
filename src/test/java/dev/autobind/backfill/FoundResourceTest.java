package dev.autobind.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import dev.autobind.event.EventDecoder;
import dev.autobind.event.Intake;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.TpuNode;
import dev.autobind.kinds.TpuQueuedResource;
import dev.autobind.kinds.VertexEndpoint;
import dev.autobind.kinds.VertexModel;
import dev.autobind.kinds.VertexPersistentResource;
import dev.autobind.pubsub.MessagePublished;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The backfill message for each kind, and that the function's own intake reads it back to the same resource. */
class FoundResourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<FoundResource> resources() {
    return Stream.of(
        new FoundResource(GkeCluster.KIND, "ml-train-a", "us-central1-a", "train-gke-1"),
        new FoundResource(GkeCluster.KIND, "ml-train-a", "europe-west4", "regional-1"),
        new FoundResource(VertexModel.KIND, "ml-serve-b", "us-central1", "4567890123456789012"),
        new FoundResource(VertexModel.KIND, "ml-serve-b", "us-central1", "fraud-xgb"),
        new FoundResource(VertexPersistentResource.KIND, "ml-train-a", "us-central1", "ray-train-1"),
        new FoundResource(VertexEndpoint.KIND, "ml-serve-b", "europe-west4", "1234567890123456789"),
        new FoundResource(TpuNode.KIND, "ml-train-a", "us-central2-b", "tpu-v4-32"),
        new FoundResource(TpuQueuedResource.KIND, "ml-train-a", "us-central2-b", "Sweep_01.b~2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void messageIsTheSchemaAndTheFullNameOnly(FoundResource resource) throws Exception {
    PubsubMessage message = BackfillPublisher.message(resource);

    assertThat(JSON.readValue(message.getData().toStringUtf8(), Map.class))
        .isEqualTo(Map.of("schema", "autobind.backfill/v1", "resource", resource.fullName()));
    assertThat(message.getData().toStringUtf8()).startsWith("{\"schema\":\"autobind.backfill/v1\",\"resource\":\"//");
    assertThat(message.getAttributesMap()).isEqualTo(Map.of("autobind.schema", "autobind.backfill/v1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void intakeDecodesTheMessageToTheSameResource(FoundResource resource) {
    PubsubMessage published = BackfillPublisher.message(resource).toBuilder().setMessageId("7001")
        .setPublishTime(Timestamp.newBuilder().setSeconds(1_795_000_000L)).build();

    Intake intake = new EventDecoder(ShippedKinds.registry()).decode(MessagePublished.event(published,
        SubscriptionName.of("ml-platform-ops", "autobind-sub"), "projects/ml-platform-ops/topics/autobind-audit"));

    assertThat(intake).isInstanceOf(Intake.Resource.class);
    ResourceEvent event = ((Intake.Resource) intake).event();
    assertThat(List.of(event.kind(), event.project(), event.location(), event.name(), event.resource()))
        .containsExactly(resource.kind(), resource.project(), resource.location(), resource.name(),
            resource.fullName());
    assertThat(event.method()).isEqualTo(FoundResource.SCHEMA);
  }
}
