package dev.autobind.backfill;

import com.google.api.core.ApiFuture;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A google-cloud-pubsub {@link Publisher} for one topic, with batching, flow control and bounded
 * retries. With {@code PUBSUB_EMULATOR_HOST} set it talks to the emulator over a plaintext channel with
 * no credentials, as Google's emulator guide shows.
 */
public final class PubsubTopicSender implements BackfillPublisher.Sender, AutoCloseable {

  /** The standard variable that points Pub/Sub clients at the emulator. */
  public static final String EMULATOR_HOST_VARIABLE = "PUBSUB_EMULATOR_HOST";

  private static final Pattern HOST_PORT = Pattern.compile("[^\\s/,]{1,253}:[0-9]{1,5}");
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final Publisher publisher;
  private final Optional<ManagedChannel> channel;
  private final Duration totalTimeout;

  private PubsubTopicSender(Publisher publisher, Optional<ManagedChannel> channel, Duration totalTimeout) {
    this.publisher = publisher;
    this.channel = channel;
    this.totalTimeout = totalTimeout;
  }

  /**
   * Opens a publisher for {@code topic}, on the emulator at {@code emulatorHost} when one is given.
   *
   * @throws BadInput when {@code emulatorHost} is not HOST:PORT
   */
  public static PubsubTopicSender open(TopicName topic, Optional<String> emulatorHost, PublishSettings settings) {
    Optional<ManagedChannel> channel = emulatorHost.map(PubsubTopicSender::emulatorChannel);
    Publisher.Builder builder = Publisher.newBuilder(topic)
        .setBatchingSettings(batching(settings))
        .setRetrySettings(retry(settings));
    channel.ifPresent(c -> builder
        .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(c)))
        .setCredentialsProvider(NoCredentialsProvider.create()));
    try {
      return new PubsubTopicSender(builder.build(), channel, settings.totalTimeout());
    } catch (IOException e) {
      channel.ifPresent(ManagedChannel::shutdownNow);
      throw new UncheckedIOException("cannot create the Pub/Sub publisher for " + topic, e);
    }
  }

  @Override
  public ApiFuture<String> send(PubsubMessage message) {
    return publisher.publish(message);
  }

  /** Sends what is batched, waits for the results, then closes the publisher and its channel. */
  @Override
  public void close() {
    try {
      publisher.shutdown();
      publisher.awaitTermination(totalTimeout.plus(SHUTDOWN_GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.ifPresent(ManagedChannel::shutdownNow);
    }
  }

  private static ManagedChannel emulatorChannel(String hostPort) {
    if (!HOST_PORT.matcher(hostPort).matches()) {
      throw new BadInput(EMULATOR_HOST_VARIABLE + " must be HOST:PORT such as 127.0.0.1:8085, got "
          + Echo.quoted(hostPort));
    }
    return ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
  }

  private static BatchingSettings batching(PublishSettings settings) {
    return BatchingSettings.newBuilder()
        .setElementCountThreshold(settings.batchMessages())
        .setRequestByteThreshold(settings.batchBytes())
        .setDelayThresholdDuration(settings.batchDelay())
        .setFlowControlSettings(FlowControlSettings.newBuilder()
            .setMaxOutstandingElementCount(settings.maxOutstandingMessages())
            .setMaxOutstandingRequestBytes(settings.maxOutstandingBytes())
            .setLimitExceededBehavior(FlowController.LimitExceededBehavior.Block)
            .build())
        .build();
  }

  private static RetrySettings retry(PublishSettings settings) {
    return RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(100))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
        .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
        .setTotalTimeoutDuration(settings.totalTimeout())
        .setMaxAttempts(settings.maxAttempts())
        .build();
  }
}
