package dev.autobind.localcloud;

import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.IAMPolicyGrpc;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;

/**
 * google.iam.v1.IAMPolicy, the mixin that resource clients (such as ModelServiceClient) call for a
 * resource's own policy. It finds the policy by resource name among the registered kind fakes; any other
 * resource is NOT_FOUND.
 */
final class ResourceIamService extends IAMPolicyGrpc.IAMPolicyImplBase {

  private final World world;
  private final List<KindFake> fakes;

  ResourceIamService(World world, List<KindFake> fakes) {
    this.world = world;
    this.fakes = List.copyOf(fakes);
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.policy(holder(request.getResource()),
        request.getOptions().getRequestedPolicyVersion()));
  }

  @Override
  public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.setPolicy(holder(request.getResource()), request));
  }

  /** The local cloud's caller holds every permission, so every permission asked about is granted. */
  @Override
  public void testIamPermissions(TestIamPermissionsRequest request,
      StreamObserver<TestIamPermissionsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      holder(request.getResource());
      return TestIamPermissionsResponse.newBuilder().addAllPermissions(request.getPermissionsList()).build();
    });
  }

  /** The holder of a resource-level policy; the caller holds the world's monitor. */
  static Optional<World.PolicyHolder> find(World world, List<KindFake> fakes, String resource) {
    return fakes.stream().map(f -> f.policy(world, resource)).flatMap(Optional::stream).findFirst();
  }

  private World.PolicyHolder holder(String resource) {
    return find(world, fakes, resource).orElseThrow(() -> Rpc.notFound("Resource " + resource
        + " not found; the local cloud serves IAM policies of " + titles() + " only."));
  }

  private String titles() {
    return String.join(" and ", fakes.stream().filter(KindFake::hasResourceIam).map(KindFake::title).toList());
  }
}
