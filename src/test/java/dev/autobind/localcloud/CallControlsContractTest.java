package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.AbortedException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InternalException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnauthenticatedException;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.IAMPolicyGrpc;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.autobind.apply.CloudClients;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kinds.VertexModel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fault injection, latency injection and call counters, observed through the real clients. */
class CallControlsContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final String SET_PROJECT_POLICY = ProjectsGrpc.getSetIamPolicyMethod().getFullMethodName();
  private static final String GET_PROJECT_POLICY = ProjectsGrpc.getGetIamPolicyMethod().getFullMethodName();
  private static final String GET_PROJECT = ProjectsGrpc.getGetProjectMethod().getFullMethodName();
  private static final String GET_MODEL_POLICY = IAMPolicyGrpc.getGetIamPolicyMethod().getFullMethodName();
  private static final String CREATE_ACCOUNT = IAMGrpc.getCreateServiceAccountMethod().getFullMethodName();
  private static final String GET_CLUSTER = ClusterManagerGrpc.getGetClusterMethod().getFullMethodName();
  private static final String MODEL = "projects/ml-serve-b/locations/us-central1/models/4567890123456789012";

  private static Policy readProjectPolicy() {
    return LOCAL.clients().projects().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource("projects/ml-train-a")
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
  }

  private static void writeProjectPolicy(Policy policy) {
    LOCAL.clients().projects().setIamPolicy(
        SetIamPolicyRequest.newBuilder().setResource("projects/ml-train-a").setPolicy(policy).build());
  }

  private static void readModelPolicy(CloudClients clients) {
    VertexModel.Access.client(clients, "us-central1").getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(MODEL).build());
  }

  /** One injected status code and the gax exception the client must throw for it. */
  record InjectedCode(Status.Code code, Class<? extends ApiException> exception) {
    @Override
    public String toString() {
      return code.name();
    }
  }

  static Stream<InjectedCode> injectedCodes() {
    return Stream.of(
        new InjectedCode(Status.Code.ABORTED, AbortedException.class),
        new InjectedCode(Status.Code.PERMISSION_DENIED, PermissionDeniedException.class),
        new InjectedCode(Status.Code.RESOURCE_EXHAUSTED, ResourceExhaustedException.class),
        new InjectedCode(Status.Code.UNAVAILABLE, UnavailableException.class),
        new InjectedCode(Status.Code.DEADLINE_EXCEEDED, DeadlineExceededException.class),
        new InjectedCode(Status.Code.INVALID_ARGUMENT, InvalidArgumentException.class),
        new InjectedCode(Status.Code.NOT_FOUND, NotFoundException.class),
        new InjectedCode(Status.Code.FAILED_PRECONDITION, FailedPreconditionException.class),
        new InjectedCode(Status.Code.INTERNAL, InternalException.class),
        new InjectedCode(Status.Code.UNAUTHENTICATED, UnauthenticatedException.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injectedCodes")
  void injectedFaultsArriveAsTheMatchingApiException(InjectedCode c) {
    Policy read = readProjectPolicy();
    String before = LOCAL.cloud().stateJson();
    LOCAL.cloud().failNext(SET_PROJECT_POLICY, c.code(), 1);

    ApiFailure failure = ApiFailure.of(() -> writeProjectPolicy(read));

    assertThat(failure.type()).isEqualTo(c.exception());
    assertThat(failure.code()).isEqualTo(StatusCode.Code.valueOf(c.code().name()));
    assertThat(failure.description()).isEqualTo("Injected fault " + c.code() + " on " + SET_PROJECT_POLICY);
    assertThat(LOCAL.cloud().stateJson()).isEqualTo(before);
    assertThat(LOCAL.cloud().calls(SET_PROJECT_POLICY)).isEqualTo(1);
  }

  /** One method of another service, a call to it, and a fault its client does not retry. */
  record ServiceCall(String method, Consumer<CloudClients> call) {
    @Override
    public String toString() {
      return method;
    }
  }

  static Stream<ServiceCall> serviceCalls() {
    return Stream.of(
        new ServiceCall(GET_MODEL_POLICY, CallControlsContractTest::readModelPolicy),
        new ServiceCall(CREATE_ACCOUNT, c -> c.iam().createServiceAccount(CreateServiceAccountRequest.newBuilder()
            .setName("projects/ml-train-a").setAccountId("trainer-sa").build())),
        new ServiceCall(GET_CLUSTER, c -> GkeCluster.Access.client(c).getCluster(
            "projects/ml-train-a/locations/us-central1-a/clusters/train-gke-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serviceCalls")
  void everyServiceGetsFaultsWithTheGivenMessage(ServiceCall c) {
    LOCAL.cloud().failNext(c.method(), Status.Code.PERMISSION_DENIED, 1, "Permission 'x' denied on resource");

    ApiFailure failure = ApiFailure.of(() -> c.call().accept(LOCAL.clients()));

    assertThat(failure.type()).isEqualTo(PermissionDeniedException.class);
    assertThat(failure.description()).isEqualTo("Permission 'x' denied on resource");
    c.call().accept(LOCAL.clients());
    assertThat(LOCAL.cloud().calls(c.method())).isEqualTo(2);
  }

  @Test
  void aCountedFaultHitsExactlyTheNextNCalls() {
    LOCAL.cloud().failNext(GET_MODEL_POLICY, Status.Code.PERMISSION_DENIED, 2);

    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outcomes.add(outcome(() -> readModelPolicy(LOCAL.clients())));
    }

    assertThat(outcomes).containsExactly("PERMISSION_DENIED", "PERMISSION_DENIED", "OK", "OK");
    assertThat(LOCAL.cloud().calls(GET_MODEL_POLICY)).isEqualTo(4);
  }

  @Test
  void theClientRetriesAnUnavailableGetProjectOnItsOwn() {
    LOCAL.cloud().failNext(GET_PROJECT, Status.Code.UNAVAILABLE, 1);

    assertThat(LOCAL.clients().projects().getProject("projects/ml-train-a").getProjectId()).isEqualTo("ml-train-a");
    assertThat(LOCAL.cloud().calls(GET_PROJECT)).isEqualTo(2);
  }

  @Test
  void probabilisticFaultsRepeatForTheSameSeed() {
    List<String> first = randomOutcomes(0.5, 42);
    List<String> second = randomOutcomes(0.5, 42);

    assertThat(first).isEqualTo(second).contains("OK", "UNAVAILABLE");
    assertThat(randomOutcomes(0, 42)).containsOnly("OK");
    assertThat(randomOutcomes(1, 42)).containsOnly("UNAVAILABLE");
  }

  private static List<String> randomOutcomes(double probability, long seed) {
    LOCAL.cloud().reset();
    LOCAL.cloud().failRandomly(GET_MODEL_POLICY, Status.Code.UNAVAILABLE, probability, seed);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      outcomes.add(outcome(() -> readModelPolicy(LOCAL.clients())));
    }
    return outcomes;
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return "OK";
    } catch (ApiException e) {
      return e.getStatusCode().getCode().name();
    }
  }

  @Test
  void injectedLatencyDelaysTheCall() {
    LOCAL.cloud().delay(GET_PROJECT_POLICY, Duration.ofMillis(300));

    long start = System.nanoTime();
    readProjectPolicy();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(LOCAL.cloud().injectedDelays(GET_PROJECT_POLICY)).containsExactly(Duration.ofMillis(300));
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(LOCAL.cloud().injectedDelays(GET_PROJECT)).isEmpty();

    LOCAL.cloud().delay(GET_PROJECT_POLICY, Duration.ZERO);
    readProjectPolicy();
    assertThat(LOCAL.cloud().injectedDelays(GET_PROJECT_POLICY)).hasSize(1);
  }

  @Test
  void countersCountEveryCallPerMethod() {
    Policy read = readProjectPolicy();
    writeProjectPolicy(read);
    ApiFailure.of(() -> writeProjectPolicy(read));
    LOCAL.clients().projects().getProject("projects/ml-train-a");
    readModelPolicy(LOCAL.clients());

    assertThat(LOCAL.cloud().calls()).isEqualTo(Map.of(
        GET_PROJECT_POLICY, 1L, SET_PROJECT_POLICY, 2L, GET_PROJECT, 1L, GET_MODEL_POLICY, 1L));
    assertThat(LOCAL.cloud().calls(CREATE_ACCOUNT)).isZero();
  }

  @Test
  void resetClearsCountersFaultsAndLatency() {
    readProjectPolicy();
    LOCAL.cloud().failNext(GET_PROJECT, Status.Code.PERMISSION_DENIED, 5);
    LOCAL.cloud().delay(GET_PROJECT, Duration.ofMillis(50));

    LOCAL.cloud().reset();

    assertThat(LOCAL.cloud().calls()).isEmpty();
    assertThat(LOCAL.clients().projects().getProject("projects/ml-train-a").getProjectId()).isEqualTo("ml-train-a");
    assertThat(LOCAL.cloud().injectedDelays(GET_PROJECT)).isEmpty();
  }

  /** One control request the local cloud refuses, and its message. */
  record BadControl(String name, Consumer<LocalCloud> control, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadControl> badControls() {
    return Stream.of(
        new BadControl("unknown method", c -> c.failNext("google.cloud.resourcemanager.v3.Projects/Nope",
            Status.Code.UNAVAILABLE, 1), "unknown gRPC method 'google.cloud.resourcemanager.v3.Projects/Nope'; use a"
            + " full method name such as google.cloud.resourcemanager.v3.Projects/SetIamPolicy"),
        new BadControl("short method name", c -> c.delay("SetIamPolicy", Duration.ofMillis(1)),
            "unknown gRPC method 'SetIamPolicy'; use a full method name such as"
                + " google.cloud.resourcemanager.v3.Projects/SetIamPolicy"),
        new BadControl("zero count", c -> c.failNext(GET_PROJECT, Status.Code.UNAVAILABLE, 0),
            "fault count must be at least 1, got 0"),
        new BadControl("OK is no fault", c -> c.failNext(GET_PROJECT, Status.Code.OK, 1),
            "a fault needs an error status code, not OK"),
        new BadControl("probability above 1", c -> c.failRandomly(GET_PROJECT, Status.Code.UNAVAILABLE, 1.5, 1),
            "fault probability must be between 0 and 1, got 1.5"),
        new BadControl("NaN probability", c -> c.failRandomly(GET_PROJECT, Status.Code.UNAVAILABLE, Double.NaN, 1),
            "fault probability must be between 0 and 1, got NaN"),
        new BadControl("negative latency", c -> c.delay(GET_PROJECT, Duration.ofMillis(-1)),
            "latency must not be negative, got PT-0.001S"),
        new BadControl("negative visibility delay", c -> c.visibilityDelay(Duration.ofSeconds(-1)),
            "visibility delay must not be negative: PT-1S"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badControls")
  void badControlsAreRefused(BadControl c) {
    assertThatThrownBy(() -> c.control().accept(LOCAL.cloud()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(c.message());
    assertThat(LOCAL.clients().projects().getProject("projects/ml-train-a").getProjectId()).isEqualTo("ml-train-a");
  }
}
