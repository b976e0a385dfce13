package dev.autobind.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.autobind.backfill.PublishSettings;
import dev.autobind.backfill.PubsubTopicSender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Pub/Sub emulator: started on a free port, used through the real client, stopped by PID. */
class PubsubEmulatorTest {

  @Test
  void publishedMessagesArePulledBackAndStoppingEndsTheWholeProcessTree() throws Exception {
    PubsubEmulator emulator = PubsubEmulator.start();
    ProcessHandle handle = ProcessHandle.of(emulator.pid()).orElseThrow();
    try {
      TopicName topic = emulator.createTopic("demo-ops", "emulator-check");
      SubscriptionName subscription = emulator.createSubscription(topic, "emulator-check-sub");
      try (PubsubTopicSender sender = PubsubTopicSender.open(topic, Optional.of(emulator.host()),
          PublishSettings.defaults())) {
        for (String text : List.of("one", "two", "three")) {
          sender.send(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(text)).build()).get();
        }
      }

      List<ReceivedMessage> received = emulator.pullAll(subscription, 3, Duration.ofSeconds(60));

      assertThat(received).extracting(r -> r.getMessage().getData().toStringUtf8())
          .containsExactlyInAnyOrder("one", "two", "three");
    } finally {
      emulator.close();
    }
    assertThat(emulator.isAlive()).isFalse();
    assertThat(handle.isAlive()).isFalse();
    assertThat(handle.descendants()).isEmpty();
  }

  @Test
  void aMissingEmulatorIsAnErrorThatSaysHowToInstallIt(@TempDir Path sdk) throws Exception {
    Files.createDirectories(sdk.resolve("platform/pubsub-emulator/lib"));

    assertThatThrownBy(() -> PubsubEmulator.jarIn(List.of(sdk))).isInstanceOf(IllegalStateException.class)
        .hasMessage("The Pub/Sub emulator is missing: no cloud-pubsub-emulator-*-all.jar under ["
            + sdk.resolve("platform/pubsub-emulator/lib") + "]. Install it with `gcloud components install"
            + " pubsub-emulator` (or the Debian package google-cloud-cli-pubsub-emulator), or set"
            + " AUTOBIND_PUBSUB_EMULATOR_JAR to the jar.");
    assertThatThrownBy(() -> PubsubEmulator.jarIn(List.of())).hasMessageStartingWith(
        "The Pub/Sub emulator is missing: no cloud-pubsub-emulator-*-all.jar under any Google Cloud CLI"
            + " (gcloud is not on PATH).");
  }
}
