package dev.autobind.backfill;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one backfill message per resource. A publish that fails with a retryable status is tried
 * again a bounded number of times; a resource whose publish finally fails is reported by name.
 */
public final class BackfillPublisher implements Destination {

  /** The message attribute that names the schema, so subscribers can filter without parsing data. */
  public static final String SCHEMA_ATTRIBUTE = "autobind.schema";

  /** Sends one message and completes with its message id: the Pub/Sub Publisher, in production. */
  @FunctionalInterface
  public interface Sender {
    ApiFuture<String> send(PubsubMessage message);
  }

  private final Sender sender;
  private final AutoCloseable owned;
  private final BackfillReport report;
  private final int retries;
  private final Duration backoff;
  private final InFlight inFlight = new InFlight();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "backfill-publish-retry");
    thread.setDaemon(true);
    return thread;
  });

  /** A publisher that sends through {@code sender}, which the caller closes. */
  public BackfillPublisher(Sender sender, BackfillReport report, int retries, Duration backoff) {
    this(sender, () -> { }, report, retries, backoff);
  }

  private BackfillPublisher(Sender sender, AutoCloseable owned, BackfillReport report, int retries, Duration backoff) {
    this.sender = sender;
    this.owned = owned;
    this.report = report;
    this.retries = retries;
    this.backoff = backoff;
  }

  /**
   * A publisher to {@code topic} through the Pub/Sub client, on the emulator at {@code emulatorHost} when
   * one is given; closing it flushes and closes the client.
   */
  public static BackfillPublisher open(TopicName topic, Optional<String> emulatorHost, PublishSettings settings,
      BackfillReport report) {
    PubsubTopicSender sender = PubsubTopicSender.open(topic, emulatorHost, settings);
    return new BackfillPublisher(sender, sender, report, settings.retries(), settings.retryBackoff());
  }

  /** The backfill message for {@code resource}: its JSON as data, and the schema attribute. */
  public static PubsubMessage message(FoundResource resource) {
    return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(resource.message()))
        .putAttributes(SCHEMA_ATTRIBUTE, FoundResource.SCHEMA).build();
  }

  @Override
  public Mode mode() {
    return Mode.PUBLISH;
  }

  @Override
  public void accept(FoundResource resource) {
    inFlight.started();
    attempt(resource, message(resource), 0);
  }

  @Override
  public void finish() throws InterruptedException {
    inFlight.awaitNone();
  }

  /** Closes the Pub/Sub client it opened, which sends anything still batched, then stops retrying. */
  @Override
  public void close() {
    try {
      owned.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the Pub/Sub publisher failed", e);
    } finally {
      timer.shutdownNow();
    }
  }

  private void attempt(FoundResource resource, PubsubMessage message, int retry) {
    ApiFuture<String> sent;
    try {
      sent = sender.send(message);
    } catch (RuntimeException e) {
      settle(resource, message, retry, e);
      return;
    }
    ApiFutures.addCallback(sent, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(String messageId) {
        report.handled(Mode.PUBLISH.done());
        inFlight.ended();
      }

      @Override
      public void onFailure(Throwable failure) {
        settle(resource, message, retry, failure);
      }
    }, MoreExecutors.directExecutor());
  }

  private void settle(FoundResource resource, PubsubMessage message, int retry, Throwable failure) {
    if (retry < retries && ApiErrors.retryable(failure)) {
      long delay = backoff.toMillis() << retry;
      try {
        timer.schedule(() -> attempt(resource, message, retry + 1), delay, TimeUnit.MILLISECONDS);
        return;
      } catch (RejectedExecutionException e) {
        failure.addSuppressed(e);
      }
    }
    String tries = (retry + 1) + (retry == 0 ? " attempt" : " attempts");
    report.failed(resource, "publish failed after " + tries + ": " + ApiErrors.describe(failure));
    inFlight.ended();
  }
}
