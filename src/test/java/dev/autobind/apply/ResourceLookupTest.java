package dev.autobind.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.resourcemanager.v3.Project;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.GkeCluster;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lookup that reads the project beside the resource (a reference by project id, a policy that needs the project
 * number): the facts carry the number, and a failure is the one the reads in turn would have thrown, the project's
 * first.
 */
class ResourceLookupTest {
  private static final ExecutorService BESIDE = Executors.newSingleThreadExecutor();
  private static final ResourceRef CLUSTER = ResourceRef.of(GkeCluster.KIND, "ml-train-a", "us-central1-a", "gke-1");

  record Case(String name, Optional<Status.Code> project, Optional<Status.Code> resource, Optional<Status.Code> thrown) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Optional<Status.Code> none = Optional.empty();
    return Stream.of(
        new Case("both read: the facts carry the number", none, none, none),
        new Case("the cluster does not exist", none, Optional.of(Status.Code.NOT_FOUND), Optional.of(Status.Code.NOT_FOUND)),
        new Case("the project may not be read", Optional.of(Status.Code.PERMISSION_DENIED), none,
            Optional.of(Status.Code.PERMISSION_DENIED)),
        new Case("both fail: the project's failure, as in turn", Optional.of(Status.Code.PERMISSION_DENIED),
            Optional.of(Status.Code.NOT_FOUND), Optional.of(Status.Code.PERMISSION_DENIED)));
  }

  @AfterAll
  static void stop() {
    BESIDE.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsTheProjectBesideTheResource(Case c) {
    ResourceGateway resources = new ResourceGateway() {
      @Override
      public ResourceFacts facts(ResourceKind kind, ResourceName name, Optional<String> projectNumber) {
        c.resource().ifPresent(code -> { throw failure(code); });
        return new ResourceFacts(name.project(), projectNumber, Optional.of(Map.of("team", "ml")),
            Optional.of(name.project() + ".svc.id.goog"));
      }

      @Override
      public Project project(String name) {
        c.project().ifPresent(code -> { throw failure(code); });
        return Project.newBuilder().setName("projects/123456789012").setProjectId("ml-train-a").build();
      }
    };
    ApiCalls calls = new ApiCalls();

    Throwable thrown = catchThrowable(() -> {
      ResourceFacts facts = new ResourceLookup(resources, calls).facts(CLUSTER, true, BESIDE);
      assertThat(facts).isEqualTo(new ResourceFacts("ml-train-a", Optional.of("123456789012"),
          Optional.of(Map.of("team", "ml")), Optional.of("ml-train-a.svc.id.goog")));
    });

    assertThat(Optional.ofNullable(thrown).map(t -> ((ApiException) t).getStatusCode().getCode().name()))
        .isEqualTo(c.thrown().map(Status.Code::name));
    assertThat(calls.counts().reads()).as("both reads are made and counted").isEqualTo(2);
  }

  private static ApiException failure(Status.Code code) {
    return ApiExceptionFactory.createException(new RuntimeException(code.name()), GrpcStatusCode.of(code), false);
  }
}
