package dev.autobind.localcloud;

import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Name checks and finished operations shared by the local cloud's training-kind services. */
final class TrainingNames {

  private static final AtomicLong OPERATIONS = new AtomicLong(7_000_000_000_000_000_000L);

  private TrainingNames() {}

  /** The match of {@code pattern} on {@code name}, or INVALID_ARGUMENT naming the expected form. */
  static Matcher matched(Pattern pattern, String name, String expected) {
    Matcher m = pattern.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid resource name '" + name + "'; expected " + expected + ".");
    }
    return m;
  }

  /** A done operation under {@code parent}: the resource for Vertex AI, the zone for Cloud TPU. */
  static Operation doneOperation(String parent, Any response) {
    return Operation.newBuilder()
        .setName(parent + "/operations/" + OPERATIONS.incrementAndGet())
        .setDone(true)
        .setResponse(response)
        .build();
  }
}
