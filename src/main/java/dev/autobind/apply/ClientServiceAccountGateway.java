package dev.autobind.apply;

import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.ServiceAccount;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link ServiceAccountGateway} over the IAM Admin v1 client. */
public final class ClientServiceAccountGateway implements ServiceAccountGateway {
  private final Supplier<IAMClient> client;

  public ClientServiceAccountGateway(Supplier<IAMClient> client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public ServiceAccount get(String email) {
    return client.get().getServiceAccount("projects/-/serviceAccounts/" + email);
  }

  @Override
  public ServiceAccount create(String project, String accountId, String displayName, String description) {
    return client.get().createServiceAccount(CreateServiceAccountRequest.newBuilder()
        .setName("projects/" + project)
        .setAccountId(accountId)
        .setServiceAccount(ServiceAccount.newBuilder().setDisplayName(displayName).setDescription(description))
        .build());
  }
}
