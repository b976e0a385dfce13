package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How each API failure is classed, including the messages that mean "the new account is not visible yet". */
class FaultTest {
  static final String NEW = "ml-trainer@ml-train-a.iam.gserviceaccount.com";

  record Case(String name, Status.Code code, String message, Optional<String> newAccount, Fault expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Optional<String> none = Optional.empty();
    Optional<String> fresh = Optional.of(NEW);
    return Stream.of(
        new Case("etag conflict", Status.Code.ABORTED, "There were concurrent policy changes.", none, Fault.CONFLICT),
        new Case("unavailable", Status.Code.UNAVAILABLE, "try again", none, Fault.TRANSIENT),
        new Case("deadline", Status.Code.DEADLINE_EXCEEDED, "slow", none, Fault.TRANSIENT),
        new Case("quota", Status.Code.RESOURCE_EXHAUSTED, "quota", none, Fault.TRANSIENT),
        new Case("not found", Status.Code.NOT_FOUND, "no cluster", none, Fault.NOT_FOUND),
        new Case("permission denied", Status.Code.PERMISSION_DENIED, "denied", none, Fault.PERMANENT),
        new Case("permission denied, may not exist, account not new", Status.Code.PERMISSION_DENIED,
            "Permission 'iam.serviceAccounts.getIamPolicy' denied on resource (or it may not exist).", none,
            Fault.PERMANENT),
        new Case("permission denied, may not exist, account just created", Status.Code.PERMISSION_DENIED,
            "Permission 'iam.serviceAccounts.getIamPolicy' denied on resource (or it may not exist).", fresh,
            Fault.ACCOUNT_NOT_VISIBLE),
        new Case("our new account does not exist yet", Status.Code.INVALID_ARGUMENT,
            "Service account " + NEW + " does not exist.", fresh, Fault.ACCOUNT_NOT_VISIBLE),
        new Case("another account does not exist", Status.Code.INVALID_ARGUMENT,
            "Service account someone@else.iam.gserviceaccount.com does not exist.", fresh, Fault.PERMANENT),
        new Case("a member does not exist, nothing created", Status.Code.INVALID_ARGUMENT,
            "Service account " + NEW + " does not exist.", none, Fault.PERMANENT),
        new Case("role not grantable", Status.Code.INVALID_ARGUMENT,
            "Role roles/container.clusterViewer is not supported for this resource.", fresh, Fault.PERMANENT),
        new Case("failed precondition", Status.Code.FAILED_PRECONDITION, "no", none, Fault.PERMANENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifies(Case c) {
    var e = ApiExceptionFactory.createException(c.message(), null, GrpcStatusCode.of(c.code()), false);

    assertThat(Fault.of(e, c.newAccount())).isEqualTo(c.expected());
  }

  /** Only a failure that may pass by itself makes a delivery worth redelivering when the gate needed its answer. */
  @ParameterizedTest(name = "{0} passes: {1}")
  @org.junit.jupiter.params.provider.CsvSource({"CONFLICT, true", "TRANSIENT, true", "NOT_FOUND, false",
      "ACCOUNT_NOT_VISIBLE, false", "PERMANENT, false"})
  void passesOnlyForTransientFailuresAndConflicts(Fault fault, boolean passes) {
    assertThat(fault.passes()).isEqualTo(passes);
  }

  @org.junit.jupiter.api.Test
  void everyFaultHasARowAbove() {
    assertThat(Fault.values()).hasSize(5);
  }
}
