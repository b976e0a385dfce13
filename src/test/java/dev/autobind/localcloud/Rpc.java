package dev.autobind.localcloud;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs one unary call against the world under its lock, and builds the gRPC statuses it refuses with. */
final class Rpc {

  private Rpc() {}

  /** Computes the answer while holding the world's lock, then sends it or the status it failed with. */
  static <T> void unary(World world, StreamObserver<T> observer, Supplier<T> body) {
    T answer;
    try {
      synchronized (world) {
        answer = body.get();
      }
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      observer.onError(Status.INTERNAL.withDescription("local cloud failed: " + e).withCause(e).asRuntimeException());
      return;
    }
    observer.onNext(answer);
    observer.onCompleted();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException aborted(String message) {
    return Status.ABORTED.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String message) {
    return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
  }
}
