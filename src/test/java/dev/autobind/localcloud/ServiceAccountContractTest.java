package dev.autobind.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.ListServiceAccountsRequest;
import com.google.iam.admin.v1.ServiceAccount;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Service accounts through the real IAMClient: creation, ALREADY_EXISTS and delayed visibility. */
class ServiceAccountContractTest {

  @RegisterExtension
  static final LocalCloudExtension LOCAL = LocalCloudExtension.seeded("localcloud/demo-seed.yaml");

  private static final String EMAIL = "trainer-sa@ml-train-a.iam.gserviceaccount.com";
  private static final String NAME = "projects/-/serviceAccounts/" + EMAIL;

  private static IAMClient iam() {
    return LOCAL.clients().iam();
  }

  private static ServiceAccount create(String accountId) {
    return iam().createServiceAccount(CreateServiceAccountRequest.newBuilder().setName("projects/ml-train-a")
        .setAccountId(accountId).setServiceAccount(ServiceAccount.newBuilder().setDisplayName("Trainer")).build());
  }

  private static Policy grantOnProject(String member) {
    ProjectsClient projects = LOCAL.clients().projects();
    Policy read = projects.getIamPolicy(GetIamPolicyRequest.newBuilder().setResource("projects/ml-train-a")
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
    return projects.setIamPolicy(SetIamPolicyRequest.newBuilder().setResource("projects/ml-train-a")
        .setPolicy(read.toBuilder().setVersion(3)
            .addBindings(Binding.newBuilder().setRole("roles/aiplatform.user").addMembers(member)))
        .build());
  }

  @Test
  void createdAccountIsInvisibleUntilTheDelayPasses() {
    LOCAL.cloud().visibilityDelay(Duration.ofSeconds(30));

    ServiceAccount created = create("trainer-sa");

    assertThat(created.getEmail()).isEqualTo(EMAIL);
    assertThat(created.getName()).isEqualTo("projects/ml-train-a/serviceAccounts/" + EMAIL);
    assertThat(ApiFailure.of(() -> iam().getServiceAccount(NAME)).code()).isEqualTo(StatusCode.Code.NOT_FOUND);
    assertThat(ApiFailure.of(() -> iam().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(NAME).build()))
        .code()).isEqualTo(StatusCode.Code.NOT_FOUND);
    ApiFailure grant = ApiFailure.of(() -> grantOnProject("serviceAccount:" + EMAIL));
    assertThat(grant.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(grant.description()).isEqualTo("Service account " + EMAIL + " does not exist.");
    assertThat(iam().listServiceAccounts("projects/ml-train-a").iterateAll())
        .extracting(ServiceAccount::getEmail).doesNotContain(EMAIL);
    assertThat(LOCAL.cloud().serviceAccountExists(EMAIL)).isTrue();
    assertThat(LOCAL.cloud().serviceAccountVisible(EMAIL)).isFalse();

    LOCAL.clock().advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(ApiFailure.of(() -> iam().getServiceAccount(NAME)).code()).isEqualTo(StatusCode.Code.NOT_FOUND);

    LOCAL.clock().advance(Duration.ofMillis(1));
    assertThat(iam().getServiceAccount(NAME)).isEqualTo(created);
    assertThat(grantOnProject("serviceAccount:" + EMAIL).getBindingsList()).flatExtracting(Binding::getMembersList)
        .contains("serviceAccount:" + EMAIL);
    assertThat(iam().listServiceAccounts("projects/ml-train-a").iterateAll())
        .extracting(ServiceAccount::getEmail).contains(EMAIL);
  }

  @Test
  void withoutADelayACreatedAccountIsVisibleAtOnce() {
    ServiceAccount created = create("trainer-sa");

    assertThat(iam().getServiceAccount(NAME)).isEqualTo(created);
  }

  @Test
  void creatingAnExistingAccountIsAlreadyExistsEvenWhileInvisible() {
    LOCAL.cloud().visibilityDelay(Duration.ofMinutes(5));
    create("trainer-sa");

    ApiFailure again = ApiFailure.of(() -> create("trainer-sa"));
    ApiFailure seeded = ApiFailure.of(() -> create("legacy-runner"));

    assertThat(again.code()).isEqualTo(StatusCode.Code.ALREADY_EXISTS);
    assertThat(again.description()).isEqualTo("Service account trainer-sa already exists within project projects/ml-train-a.");
    assertThat(seeded.code()).isEqualTo(StatusCode.Code.ALREADY_EXISTS);
  }

  /** One name form for GetServiceAccount and whether it finds the seeded account. */
  record NameForm(String name, StatusCode.Code outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NameForm> nameForms() {
    String email = "legacy-runner@ml-train-a.iam.gserviceaccount.com";
    return Stream.of(
        new NameForm("projects/-/serviceAccounts/" + email, StatusCode.Code.OK),
        new NameForm("projects/ml-train-a/serviceAccounts/" + email, StatusCode.Code.OK),
        new NameForm("projects/111111111111/serviceAccounts/" + email, StatusCode.Code.OK),
        new NameForm("projects/-/serviceAccounts/100000000000000000001", StatusCode.Code.OK),
        new NameForm("projects/ml-serve-b/serviceAccounts/" + email, StatusCode.Code.NOT_FOUND),
        new NameForm("projects/-/serviceAccounts/nobody@ml-train-a.iam.gserviceaccount.com", StatusCode.Code.NOT_FOUND),
        new NameForm("projects/-/serviceAccounts/999", StatusCode.Code.NOT_FOUND),
        new NameForm("serviceAccounts/" + email, StatusCode.Code.INVALID_ARGUMENT),
        new NameForm("projects/-/serviceAccounts/" + email + "/keys", StatusCode.Code.INVALID_ARGUMENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nameForms")
  void getServiceAccountNameForms(NameForm c) {
    if (c.outcome() == StatusCode.Code.OK) {
      assertThat(iam().getServiceAccount(c.name()).getUniqueId()).isEqualTo("100000000000000000001");
    } else {
      assertThat(ApiFailure.of(() -> iam().getServiceAccount(c.name())).code()).isEqualTo(c.outcome());
    }
  }

  static Stream<String> badAccountIds() {
    return Stream.of("short", "Upper-case-id", "1starts-with-digit", "ends-with-hyphen-", "has_underscore",
        "a-very-long-account-id-over-30-chars", "", "trainer sa", "../../etc");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("badAccountIds")
  void invalidAccountIdsAreRefused(String accountId) {
    ApiFailure failure = ApiFailure.of(() -> create(accountId));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(failure.description()).isEqualTo("Invalid account id '" + accountId + "': it must be 6-30 lowercase"
        + " letters, digits or hyphens, start with a letter and not end with a hyphen.");
    assertThat(LOCAL.cloud().calls("google.iam.admin.v1.IAM/CreateServiceAccount")).isEqualTo(1);
  }

  @Test
  void creatingInAMissingProjectIsNotFound() {
    ApiFailure failure = ApiFailure.of(() -> iam().createServiceAccount(CreateServiceAccountRequest.newBuilder()
        .setName("projects/no-such-project").setAccountId("trainer-sa").build()));

    assertThat(failure.code()).isEqualTo(StatusCode.Code.NOT_FOUND);
    assertThat(failure.description()).isEqualTo("Project no-such-project not found.");
  }

  @Test
  void listingPagesThroughAccounts() {
    create("trainer-sa");
    create("trainer-sb");

    IAMClient.ListServiceAccountsPage first = iam().listServiceAccounts(ListServiceAccountsRequest.newBuilder()
        .setName("projects/ml-train-a").setPageSize(2).build()).getPage();

    assertThat(first.getValues()).extracting(ServiceAccount::getEmail).containsExactly(
        "legacy-runner@ml-train-a.iam.gserviceaccount.com", "trainer-sa@ml-train-a.iam.gserviceaccount.com");
    assertThat(first.hasNextPage()).isTrue();
    IAMClient.ListServiceAccountsPage second = first.getNextPage();
    assertThat(second.getValues()).extracting(ServiceAccount::getEmail)
        .containsExactly("trainer-sb@ml-train-a.iam.gserviceaccount.com");
    assertThat(second.hasNextPage()).isFalse();
  }
}
