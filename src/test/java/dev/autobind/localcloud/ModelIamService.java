package dev.autobind.localcloud;

import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.IAMPolicyGrpc;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import io.grpc.stub.StreamObserver;

/**
 * google.iam.v1.IAMPolicy, the mixin Vertex AI's clients call for the policies of models and endpoints.
 * Only those resources have a policy here; any other resource is NOT_FOUND.
 */
final class ModelIamService extends IAMPolicyGrpc.IAMPolicyImplBase {

  private final World world;

  ModelIamService(World world) {
    this.world = world;
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

  private World.PolicyHolder holder(String resource) {
    if (EndpointsService.NAME.matcher(resource).matches()) {
      return EndpointsService.endpoint(world, world.training(), resource);
    }
    if (!ModelsService.MODEL.matcher(resource).matches()) {
      throw Rpc.notFound("Resource " + resource + " not found; the local cloud serves IAM policies of models and"
          + " endpoints only.");
    }
    return ModelsService.model(world, resource);
  }
}
