package dev.autobind.apply;

import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.FieldMask;
import dev.autobind.kind.PolicyHolder;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@link IamPolicyGateway} over one client library's getIamPolicy/setIamPolicy pair. The clients autobind
 * writes through share the request types but no interface, so each is adapted here (a kind with its own
 * policy adapts its client in its {@link dev.autobind.apply.KindAccess}). The request's {@code resource} is the
 * holder's {@link PolicyHolder#resource()}; the client call is handed the holder too, e.g. to pick a regional
 * client by the resource's location.
 *
 * @param <H> the holders it serves
 */
public final class ClientIamPolicyGateway<H extends PolicyHolder> implements IamPolicyGateway<H> {
  /** Version 3 returns conditional bindings intact; lower versions would mangle them. */
  static final int POLICY_VERSION = 3;

  private static final FieldMask UPDATE_MASK = FieldMask.newBuilder().addPaths("bindings").addPaths("etag").build();

  private final BiFunction<H, GetIamPolicyRequest, Policy> get;
  private final BiFunction<H, SetIamPolicyRequest, Policy> set;

  /** A gateway over one client's getIamPolicy and setIamPolicy calls. */
  public ClientIamPolicyGateway(BiFunction<H, GetIamPolicyRequest, Policy> get,
      BiFunction<H, SetIamPolicyRequest, Policy> set) {
    this.get = Objects.requireNonNull(get, "get");
    this.set = Objects.requireNonNull(set, "set");
  }

  /** Project policies, through Resource Manager v3: resource {@code projects/P}. */
  public static IamPolicyGateway<PolicyHolder.Project> projects(Supplier<ProjectsClient> client) {
    return new ClientIamPolicyGateway<>((h, r) -> client.get().getIamPolicy(r), (h, r) -> client.get().setIamPolicy(r));
  }

  /** A service account's own policy, through IAM Admin v1: resource {@code projects/P/serviceAccounts/EMAIL}. */
  public static IamPolicyGateway<PolicyHolder.ServiceAccount> serviceAccounts(Supplier<IAMClient> client) {
    return new ClientIamPolicyGateway<>((h, r) -> client.get().getIamPolicy(r), (h, r) -> client.get().setIamPolicy(r));
  }

  @Override
  public Policy read(H holder) {
    return get.apply(holder, GetIamPolicyRequest.newBuilder()
        .setResource(holder.resource())
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(POLICY_VERSION))
        .build());
  }

  @Override
  public Policy write(H holder, Policy policy) {
    return set.apply(holder, SetIamPolicyRequest.newBuilder()
        .setResource(holder.resource())
        .setPolicy(policy)
        .setUpdateMask(UPDATE_MASK)
        .build());
  }
}
