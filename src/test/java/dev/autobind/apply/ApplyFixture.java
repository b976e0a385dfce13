package dev.autobind.apply;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.kinds.GkeCluster;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.ShippedKinds;
import dev.autobind.kinds.VertexModel;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.ManualClock;
import dev.autobind.policy.PolicyFile;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shared pieces of the apply-engine tests: the test policy, events, and an applier on the local cloud's clock. */
final class ApplyFixture {
  static final Path POLICY_FILE = Path.of("src/test/resources/apply/policy.yaml");
  static final dev.autobind.policy.Policy POLICY = PolicyFile.load(POLICY_FILE, ShippedKinds.registry()).policy();

  static final String SET_PROJECT_POLICY =
      com.google.cloud.resourcemanager.v3.ProjectsGrpc.getSetIamPolicyMethod().getFullMethodName();
  static final String SET_ACCOUNT_POLICY = com.google.iam.admin.v1.IAMGrpc.getSetIamPolicyMethod().getFullMethodName();
  static final String SET_MODEL_POLICY = com.google.iam.v1.IAMPolicyGrpc.getSetIamPolicyMethod().getFullMethodName();
  static final String CREATE_ACCOUNT =
      com.google.iam.admin.v1.IAMGrpc.getCreateServiceAccountMethod().getFullMethodName();
  static final List<String> WRITES = List.of(SET_PROJECT_POLICY, SET_ACCOUNT_POLICY, SET_MODEL_POLICY, CREATE_ACCOUNT);

  private ApplyFixture() {}

  /** An applier whose backoff sleeps advance the manual clock instead of waiting. */
  static Reconciler applier(CloudClients clients, ManualClock clock, ApplySettings settings) {
    return applier(Gateways.over(clients, ShippedKinds.plugins()), clock, settings);
  }

  /** The same, over {@code gateways} (e.g. a {@link CallTrace}'s). */
  static Reconciler applier(Gateways gateways, ManualClock clock, ApplySettings settings) {
    RetryLoop retry = new RetryLoop(clock::advance, () -> 0.5, () -> nanos(clock.instant()));
    return new Reconciler(gateways, settings, retry, new TargetLocks(), clock);
  }

  static ApplySettings settings() {
    return ApplySettings.defaults();
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  static ResourceEvent cluster(String project, String location, String name, Instant time) {
    return new ResourceEvent(ResourceRef.of(GkeCluster.KIND, project, location, name), Phase.FIRST,
        "google.container.v1.ClusterManager.CreateCluster", Optional.of("alice@example.com"), Optional.of(time),
        DeliveryPath.EVENTARC, "event-" + name);
  }

  static ResourceEvent model(String project, String location, String id, Instant time) {
    return new ResourceEvent(ResourceRef.of(VertexModel.KIND, project, location, id), Phase.FIRST,
        "google.cloud.aiplatform.v1.ModelService.UploadModel", Optional.of("alice@example.com"), Optional.of(time),
        DeliveryPath.PUBSUB_LOG, "event-" + id);
  }

  static long writes(LocalCloud cloud) {
    return WRITES.stream().mapToLong(cloud::calls).sum();
  }

  static long calls(LocalCloud cloud) {
    return cloud.calls().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The bindings of a stored policy whose role is {@code role}. */
  static List<Binding> bindings(Policy policy, String role) {
    return policy.getBindingsList().stream().filter(b -> b.getRole().equals(role)).toList();
  }

  static String method(MethodDescriptor<?, ?> method) {
    return method.getFullMethodName();
  }

  static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
