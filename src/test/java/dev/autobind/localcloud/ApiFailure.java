package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.fail;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import io.grpc.Status;

/** What a client call failed with: the gax status code, the gRPC description, and the exception type. */
record ApiFailure(StatusCode.Code code, String description, Class<? extends ApiException> type) {

  /** Runs a client call that must fail with an ApiException. */
  static ApiFailure of(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return new ApiFailure(e.getStatusCode().getCode(), Status.fromThrowable(e).getDescription(), e.getClass());
    }
    return fail("the call succeeded; expected it to fail with an ApiException");
  }
}
