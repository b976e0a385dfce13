package dev.autobind.backfill;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import io.grpc.StatusRuntimeException;
import java.util.Set;

/** Describes API failures in one short line, and sorts them into worth retrying or not. */
final class ApiErrors {
  static final int MAX_CHARS = 300;

  private static final Set<StatusCode.Code> RETRYABLE = Set.of(StatusCode.Code.UNAVAILABLE,
      StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED, StatusCode.Code.ABORTED,
      StatusCode.Code.INTERNAL, StatusCode.Code.UNKNOWN, StatusCode.Code.CANCELLED);

  private ApiErrors() {}

  /** {@code CODE: what the server said}, on one line and at most {@value #MAX_CHARS} characters. */
  static String describe(Throwable failure) {
    String text;
    if (failure instanceof ApiException api) {
      text = api.getStatusCode().getCode() + ": " + serverMessage(api);
    } else {
      text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
      if (failure.getCause() != null && failure.getCause().getMessage() != null) {
        text += ": " + failure.getCause().getMessage();
      }
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "...";
  }

  /** A failure another attempt may not meet: the server was unavailable, slow, busy or aborted. */
  static boolean retryable(Throwable failure) {
    return failure instanceof ApiException api && RETRYABLE.contains(api.getStatusCode().getCode());
  }

  /** The API is not enabled in the project, so it holds none of that API's resources. */
  static boolean serviceDisabled(ApiException failure) {
    return "SERVICE_DISABLED".equals(failure.getReason());
  }

  /** The caller named something that does not exist, or that it may not see. */
  static boolean refused(ApiException failure) {
    StatusCode.Code code = failure.getStatusCode().getCode();
    return code == StatusCode.Code.NOT_FOUND || code == StatusCode.Code.PERMISSION_DENIED
        || code == StatusCode.Code.INVALID_ARGUMENT;
  }

  private static String serverMessage(ApiException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc && grpc.getStatus().getDescription() != null) {
        return grpc.getStatus().getDescription();
      }
    }
    return String.valueOf(failure.getMessage());
  }
}
