package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sensitive-role rule over real role names, in each scope a grant can sit in. */
class SensitiveRoleTest {

  /** One role in one scope, and the start of the refusal (empty when the role may be granted there). */
  record Case(String role, GrantScope scope, Optional<String> refusal) {
    @Override
    public String toString() {
      return role + " on " + scope.key() + " -> " + refusal.orElse("allowed");
    }
  }

  static Case refused(String role, GrantScope scope, String why) {
    return new Case(role, scope, Optional.of(role + " " + why));
  }

  static Case allowed(String role, GrantScope scope) {
    return new Case(role, scope, Optional.empty());
  }

  static final String ADMIN = "is an administrator role, which can change IAM policies or escalate privilege";
  static final String POLICY = "can change IAM policies, deny policies, tags or org policies";
  static final String CUSTOM = "is a custom role, whose permissions can be widened after validation";
  static final String ACT_AS = "lets members act as every service account in it; grant it under grant.serviceAccount";

  static Stream<Case> cases() {
    GrantScope project = GrantScope.PROJECT;
    GrantScope account = GrantScope.SERVICE_ACCOUNT;
    GrantScope resource = GrantScope.RESOURCE;
    return Stream.of(
        refused("roles/storage.admin", project, ADMIN),
        refused("roles/secretmanager.admin", project, ADMIN),
        refused("roles/aiplatform.admin", resource, ADMIN),
        refused("roles/container.admin", project, ADMIN),
        refused("roles/iam.securityAdmin", project, ADMIN),
        refused("roles/iam.roleAdmin", project, ADMIN),
        refused("roles/iam.organizationRoleAdmin", project, ADMIN),
        refused("roles/iam.serviceAccountAdmin", account, ADMIN),
        refused("roles/iam.serviceAccountKeyAdmin", account, ADMIN),
        refused("roles/iam.workloadIdentityPoolAdmin", project, ADMIN),
        refused("roles/resourcemanager.projectIamAdmin", project, ADMIN),
        refused("roles/resourcemanager.folderAdmin", project, ADMIN),
        refused("roles/resourcemanager.organizationAdmin", project, ADMIN),
        refused("roles/resourcemanager.tagAdmin", project, ADMIN),
        refused("roles/storage.objectAdmin", project, ADMIN),
        refused("roles/compute.instanceAdmin.v1", project, ADMIN),
        refused("roles/iam.denyAdmin", project, POLICY),
        refused("roles/orgpolicy.policyAdmin", project, POLICY),
        refused("roles/resourcemanager.tagUser", project, POLICY),
        refused("roles/resourcemanager.projectMover", project, POLICY),
        refused("roles/storage.legacyBucketOwner", project, POLICY),
        refused("roles/bigquery.dataOwner", project, POLICY),
        refused("organizations/123456789012/roles/mlTrainer", project, CUSTOM),
        refused("projects/ml-train-prod/roles/launcher", account, CUSTOM),
        refused("projects/${project}/roles/launcher", resource, CUSTOM),
        refused("roles/iam.serviceAccountUser", project, "on the project " + ACT_AS),
        refused("roles/iam.serviceAccountTokenCreator", project, "on the project " + ACT_AS),
        refused("roles/iam.serviceAccountOpenIdTokenCreator", project, "on the project " + ACT_AS),
        refused("roles/iam.workloadIdentityUser", project, "on the project " + ACT_AS),
        refused("roles/iam.serviceAccountUser", resource, "on the resource " + ACT_AS),
        allowed("roles/iam.serviceAccountUser", account),
        allowed("roles/iam.serviceAccountTokenCreator", account),
        allowed("roles/iam.workloadIdentityUser", account),
        allowed("roles/aiplatform.user", project),
        allowed("roles/aiplatform.viewer", resource),
        allowed("roles/storage.objectViewer", project),
        allowed("roles/storage.objectCreator", project),
        allowed("roles/container.developer", project),
        allowed("roles/container.clusterViewer", project),
        allowed("roles/logging.logWriter", project),
        allowed("roles/monitoring.metricWriter", project),
        allowed("roles/artifactregistry.reader", project),
        allowed("roles/resourcemanager.tagViewer", project),
        allowed("roles/iam.securityReviewer", project));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRuleRefusesExactlyTheSensitiveRoles(Case c) {
    assertThat(RoleName.sensitivity(c.role(), c.scope())).isEqualTo(c.refusal());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void allowSensitiveRolesMayNameARoleOnlyWhenTheRuleRefusesItSomewhere(Case c) {
    if (c.refusal().isPresent()) {
      assertThat(RoleName.sensitive(c.role())).isTrue();
    } else if (!RoleName.ACT_AS.contains(c.role())) {
      assertThat(RoleName.sensitive(c.role())).isFalse();
    }
  }
}
