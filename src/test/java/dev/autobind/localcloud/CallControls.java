package dev.autobind.localcloud;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/** Per-method call counters, injected faults and injected latency, shared by every service. */
final class CallControls {

  private final Set<String> methods;
  private final Map<String, Long> counts = new TreeMap<>();
  private final Map<String, List<Fault>> faults = new TreeMap<>();
  private final Map<String, Duration> latencies = new TreeMap<>();
  private final Map<String, List<Duration>> injectedDelays = new TreeMap<>();

  /** {@code methods} are the full gRPC method names served; controls for other names are refused. */
  CallControls(Set<String> methods) {
    this.methods = Set.copyOf(methods);
  }

  Set<String> methods() {
    return methods;
  }

  synchronized void failNext(String method, Status.Code code, int count, String message) {
    if (count < 1) {
      throw new IllegalArgumentException("fault count must be at least 1, got " + count);
    }
    faults.computeIfAbsent(known(method), m -> new ArrayList<>())
        .add(new Fault(status(code, message, method), count, 0, null));
  }

  synchronized void failRandomly(String method, Status.Code code, double probability, long seed, String message) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("fault probability must be between 0 and 1, got " + probability);
    }
    faults.computeIfAbsent(known(method), m -> new ArrayList<>())
        .add(new Fault(status(code, message, method), 0, probability, new Random(seed)));
  }

  synchronized void delay(String method, Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    if (latency.isZero()) {
      latencies.remove(known(method));
    } else {
      latencies.put(known(method), latency);
    }
  }

  synchronized Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  synchronized long count(String method) {
    return counts.getOrDefault(known(method), 0L);
  }

  synchronized List<Duration> injectedDelays(String method) {
    return List.copyOf(injectedDelays.getOrDefault(known(method), List.of()));
  }

  synchronized void clearFaults() {
    faults.clear();
  }

  /** Clears counters, faults, latency and the record of injected delays. */
  synchronized void reset() {
    counts.clear();
    faults.clear();
    latencies.clear();
    injectedDelays.clear();
  }

  /** Counts one arriving call and returns the latency to inject into it, recording it. */
  synchronized Optional<Duration> arrive(String method) {
    counts.merge(method, 1L, Long::sum);
    Duration latency = latencies.get(method);
    if (latency != null) {
      injectedDelays.computeIfAbsent(method, m -> new ArrayList<>()).add(latency);
    }
    return Optional.ofNullable(latency);
  }

  /** The fault this call of {@code method} fails with, if one fires. */
  synchronized Optional<Status> fault(String method) {
    for (Fault fault : faults.getOrDefault(method, List.of())) {
      if (fault.fires()) {
        return Optional.of(fault.status);
      }
    }
    return Optional.empty();
  }

  private String known(String method) {
    if (!methods.contains(method)) {
      throw new IllegalArgumentException("unknown gRPC method '" + method
          + "'; use a full method name such as google.cloud.resourcemanager.v3.Projects/SetIamPolicy");
    }
    return method;
  }

  private static Status status(Status.Code code, String message, String method) {
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("a fault needs an error status code, not OK");
    }
    String text = message == null || message.isEmpty() ? "Injected fault " + code + " on " + method : message;
    return code.toStatus().withDescription(text);
  }

  /** One fault rule: the next {@code remaining} calls, or each call with a seeded probability. */
  private static final class Fault {
    private final Status status;
    private int remaining;
    private final double probability;
    private final Random random;

    Fault(Status status, int remaining, double probability, Random random) {
      this.status = status;
      this.remaining = remaining;
      this.probability = probability;
      this.random = random;
    }

    boolean fires() {
      if (random != null) {
        return random.nextDouble() < probability;
      }
      if (remaining > 0) {
        remaining--;
        return true;
      }
      return false;
    }
  }
}
