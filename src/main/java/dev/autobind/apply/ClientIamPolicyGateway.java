package dev.autobind.apply;

import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.FieldMask;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link IamPolicyGateway} over one client library's getIamPolicy/setIamPolicy pair. The clients autobind
 * writes through share the request types but no interface, so each is adapted here (a kind with its own
 * policy adapts its client in its {@link dev.autobind.apply.KindAccess}).
 */
public final class ClientIamPolicyGateway implements IamPolicyGateway {
  /** Version 3 returns conditional bindings intact; lower versions would mangle them. */
  static final int POLICY_VERSION = 3;

  private static final FieldMask UPDATE_MASK = FieldMask.newBuilder().addPaths("bindings").addPaths("etag").build();

  private final Function<GetIamPolicyRequest, Policy> get;
  private final Function<SetIamPolicyRequest, Policy> set;

  /** A gateway over one client's getIamPolicy and setIamPolicy calls. */
  public ClientIamPolicyGateway(Function<GetIamPolicyRequest, Policy> get, Function<SetIamPolicyRequest, Policy> set) {
    this.get = Objects.requireNonNull(get, "get");
    this.set = Objects.requireNonNull(set, "set");
  }

  /** Project policies, through Resource Manager v3: resource {@code projects/P}. */
  public static IamPolicyGateway projects(Supplier<ProjectsClient> client) {
    return new ClientIamPolicyGateway(r -> client.get().getIamPolicy(r), r -> client.get().setIamPolicy(r));
  }

  /** A service account's own policy, through IAM Admin v1: resource {@code projects/P/serviceAccounts/EMAIL}. */
  public static IamPolicyGateway serviceAccounts(Supplier<IAMClient> client) {
    return new ClientIamPolicyGateway(r -> client.get().getIamPolicy(r), r -> client.get().setIamPolicy(r));
  }

  @Override
  public Policy read(String resource) {
    return get.apply(GetIamPolicyRequest.newBuilder()
        .setResource(resource)
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(POLICY_VERSION))
        .build());
  }

  @Override
  public Policy write(String resource, Policy policy) {
    return set.apply(SetIamPolicyRequest.newBuilder()
        .setResource(resource)
        .setPolicy(policy)
        .setUpdateMask(UPDATE_MASK)
        .build());
  }
}
