package dev.autobind.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How backfill drives the Pub/Sub Publisher.
 *
 * @param batchMessages a batch is sent once it holds this many messages...
 * @param batchBytes ...or this many bytes...
 * @param batchDelay ...or once its oldest message has waited this long
 * @param maxOutstandingMessages publishing blocks while this many messages await their result (flow control)
 * @param maxOutstandingBytes ...or this many bytes
 * @param totalTimeout how long the Publisher keeps retrying one batch; the client refuses less than 10 s
 * @param maxAttempts how many times the Publisher sends one batch within that time; 0 means no limit
 * @param retries how many more times backfill publishes a message whose publish failed with a retryable status
 * @param retryBackoff the wait before backfill's first retry of a message; it doubles with each retry
 */
public record PublishSettings(long batchMessages, long batchBytes, Duration batchDelay, long maxOutstandingMessages,
    long maxOutstandingBytes, Duration totalTimeout, int maxAttempts, int retries, Duration retryBackoff) {

  /** The Pub/Sub client's own floor for the total publish timeout. */
  public static final Duration MIN_TOTAL_TIMEOUT = Duration.ofSeconds(10);

  public PublishSettings {
    Objects.requireNonNull(batchDelay, "batchDelay");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (batchMessages < 1 || batchBytes < 1 || maxOutstandingMessages < 1 || maxOutstandingBytes < 1) {
      throw new IllegalArgumentException("batch and flow-control limits must be positive");
    }
    if (totalTimeout.compareTo(MIN_TOTAL_TIMEOUT) < 0) {
      throw new IllegalArgumentException("totalTimeout must be at least " + MIN_TOTAL_TIMEOUT + ", got "
          + totalTimeout);
    }
    if (maxAttempts < 0 || retries < 0) {
      throw new IllegalArgumentException("maxAttempts and retries must not be negative");
    }
  }

  /**
   * Batches of up to 1,000 messages sent within 10 ms, at most 10,000 messages in flight, and a minute
   * of the client's own retries per batch before backfill retries a message twice more.
   */
  public static PublishSettings defaults() {
    return new PublishSettings(1_000, 1 << 20, Duration.ofMillis(10), 10_000, 64L << 20, Duration.ofSeconds(60), 0,
        2, Duration.ofSeconds(1));
  }

  /** These settings with batching off: each message is sent on its own, at once. */
  public PublishSettings unbatched() {
    return new PublishSettings(1, batchBytes, Duration.ofMillis(1), maxOutstandingMessages, maxOutstandingBytes,
        totalTimeout, maxAttempts, retries, retryBackoff);
  }
}
