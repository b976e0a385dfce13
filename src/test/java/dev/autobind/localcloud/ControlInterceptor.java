package dev.autobind.localcloud;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;

/** Counts every call, then applies the injected latency and fault for its method. */
final class ControlInterceptor implements ServerInterceptor {

  private final CallControls controls;

  ControlInterceptor(CallControls controls) {
    this.controls = controls;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Duration> latency = controls.arrive(method);
    if (latency.isPresent() && !sleep(latency.get())) {
      return refuse(call, Status.CANCELLED.withDescription("local cloud interrupted during injected latency"));
    }
    Optional<Status> fault = controls.fault(method);
    if (fault.isPresent()) {
      return refuse(call, fault.get());
    }
    return next.startCall(call, headers);
  }

  /** Sleeps on the server's call executor, never on the transport's event loop. */
  private static boolean sleep(Duration latency) {
    try {
      Thread.sleep(latency.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
