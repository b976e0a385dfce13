package dev.autobind.localcloud;

import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import com.google.iam.admin.v1.ListServiceAccountsRequest;
import com.google.iam.admin.v1.ListServiceAccountsResponse;
import com.google.iam.admin.v1.ServiceAccount;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** google.iam.admin.v1.IAM: service accounts and their own IAM policies. */
final class ServiceAccountsService extends IAMGrpc.IAMImplBase {

  private static final Pattern PROJECT = Pattern.compile("projects/([^/]+)");
  private static final Pattern ACCOUNT = Pattern.compile("projects/([^/]+)/serviceAccounts/([^/]+)");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z]([-a-z0-9]{4,28})[a-z0-9]");

  private final World world;

  ServiceAccountsService(World world) {
    this.world = world;
  }

  @Override
  public void createServiceAccount(CreateServiceAccountRequest request, StreamObserver<ServiceAccount> observer) {
    Rpc.unary(world, observer, () -> {
      World.Project project = world.project(group(PROJECT, request.getName(), "projects/PROJECT", 1));
      if (!ACCOUNT_ID.matcher(request.getAccountId()).matches()) {
        throw Rpc.invalid("Invalid account id '" + request.getAccountId() + "': it must be 6-30 lowercase letters,"
            + " digits or hyphens, start with a letter and not end with a hyphen.");
      }
      ServiceAccount wanted = request.getServiceAccount();
      return toProto(world.createAccount(project, request.getAccountId(), wanted.getDisplayName(),
          wanted.getDescription()));
    });
  }

  @Override
  public void getServiceAccount(GetServiceAccountRequest request, StreamObserver<ServiceAccount> observer) {
    Rpc.unary(world, observer, () -> toProto(account(request.getName())));
  }

  @Override
  public void listServiceAccounts(ListServiceAccountsRequest request,
      StreamObserver<ListServiceAccountsResponse> observer) {
    Rpc.unary(world, observer, () -> {
      World.Project project = world.project(group(PROJECT, request.getName(), "projects/PROJECT", 1));
      List<ServiceAccount> all = world.visibleAccounts(project).stream()
          .map(ServiceAccountsService::toProto).toList();
      Page<ServiceAccount> page = Page.of(all, request.getPageSize(), request.getPageToken(), 20);
      return ListServiceAccountsResponse.newBuilder().addAllAccounts(page.items())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.policy(account(request.getResource()),
        request.getOptions().getRequestedPolicyVersion()));
  }

  @Override
  public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> observer) {
    Rpc.unary(world, observer, () -> world.setPolicy(account(request.getResource()), request));
  }

  private World.Account account(String name) {
    String expected = "projects/PROJECT_OR_-/serviceAccounts/EMAIL_OR_UNIQUE_ID";
    return world.account(group(ACCOUNT, name, expected, 1), group(ACCOUNT, name, expected, 2));
  }

  private static String group(Pattern pattern, String name, String expected, int group) {
    Matcher m = pattern.matcher(name);
    if (!m.matches()) {
      throw Rpc.invalid("Invalid resource name '" + name + "'; expected " + expected + ".");
    }
    return m.group(group);
  }

  static ServiceAccount toProto(World.Account account) {
    return ServiceAccount.newBuilder()
        .setName("projects/" + account.project.id + "/serviceAccounts/" + account.email)
        .setProjectId(account.project.id)
        .setUniqueId(account.uniqueId)
        .setOauth2ClientId(account.uniqueId)
        .setEmail(account.email)
        .setDisplayName(account.displayName)
        .setDescription(account.description)
        .build();
  }
}
