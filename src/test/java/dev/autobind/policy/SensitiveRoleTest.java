package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sensitive-role rule over real roles of the catalog, in each scope a grant can sit in: a role is
 * sensitive when it carries a privilege-escalation permission, named in the refusal.
 */
class SensitiveRoleTest {

  /** One role in one scope, and the refusal (empty when the role may be granted there). */
  record Case(String role, GrantScope scope, Optional<String> refusal) {
    @Override
    public String toString() {
      return role + " on " + scope.key() + " -> " + refusal.orElse("allowed");
    }
  }

  static Case refused(String role, GrantScope scope, String permission, String why) {
    return new Case(role, scope, Optional.of(role + " carries " + permission + ", which " + why));
  }

  static Case actAs(String role, GrantScope scope, String permission) {
    return new Case(role, scope, Optional.of(role + " on the " + (scope == GrantScope.PROJECT ? "project" : "resource")
        + " lets members act as every service account in it (" + permission + "); grant it under grant.serviceAccount"));
  }

  static Case allowed(String role, GrantScope scope) {
    return new Case(role, scope, Optional.empty());
  }

  static final String POLICY = "changes who has access";
  static final String CREDENTIALS = "mints keys or tokens that outlive the grant";
  static final String RUNS_AS = "makes code run as another identity";
  static final String CONSTRAINTS = "changes org policies, tags or the policies a project inherits";
  static final String CUSTOM = "is a custom role, whose permissions can be widened after validation";

  static Stream<Case> cases() {
    GrantScope project = GrantScope.PROJECT;
    GrantScope account = GrantScope.SERVICE_ACCOUNT;
    GrantScope resource = GrantScope.RESOURCE;
    return Stream.of(
        // the six the name rule let through
        refused("roles/cloudbuild.builds.editor", project, "cloudbuild.builds.create", RUNS_AS),
        refused("roles/run.developer", project, "run.jobs.update", RUNS_AS),
        refused("roles/cloudfunctions.developer", project, "cloudfunctions.functions.create", RUNS_AS),
        refused("roles/deploymentmanager.editor", project, "deploymentmanager.deployments.create", RUNS_AS),
        refused("roles/iam.serviceAccountKeyAdmin", account, "iam.serviceAccountKeys.create", CREDENTIALS),
        refused("roles/compute.instanceAdmin.v1", project, "compute.disks.setIamPolicy", POLICY),
        // more that run code or mint credentials
        refused("roles/container.developer", project, "container.serviceAccounts.createToken", CREDENTIALS),
        refused("roles/cloudbuild.builds.builder", project, "cloudbuild.builds.create", RUNS_AS),
        refused("roles/cloudscheduler.admin", project, "cloudscheduler.jobs.create", RUNS_AS),
        refused("roles/dataflow.admin", project, "cloudbuild.builds.create", RUNS_AS),
        refused("roles/iam.workloadIdentityPoolAdmin", project,
            "iam.googleapis.com/workloadIdentityPools.setIamPolicy", POLICY),
        // policy writers, with or without "admin" in the name
        refused("roles/storage.admin", project, "storage.buckets.setIamPolicy", POLICY),
        refused("roles/secretmanager.admin", project, "secretmanager.secrets.setIamPolicy", POLICY),
        refused("roles/aiplatform.admin", resource, "aiplatform.endpoints.setIamPolicy", POLICY),
        refused("roles/container.admin", project, "container.serviceAccounts.createToken", CREDENTIALS),
        refused("roles/iam.securityAdmin", project, "accesscontextmanager.policies.setIamPolicy", POLICY),
        refused("roles/iam.serviceAccountAdmin", account, "iam.serviceAccounts.setIamPolicy", POLICY),
        refused("roles/resourcemanager.projectIamAdmin", project, "resourcemanager.projects.setIamPolicy", POLICY),
        refused("roles/resourcemanager.folderAdmin", project, "resourcemanager.folders.setIamPolicy", POLICY),
        refused("roles/resourcemanager.tagAdmin", project, "resourcemanager.tagKeys.setIamPolicy", POLICY),
        refused("roles/storage.objectAdmin", project, "storage.objects.setIamPolicy", POLICY),
        refused("roles/storage.legacyBucketOwner", project, "storage.buckets.setIamPolicy", POLICY),
        refused("roles/bigquery.dataOwner", project, "bigquery.dataPolicies.setIamPolicy", POLICY),
        refused("roles/run.admin", project, "run.instances.setIamPolicy", POLICY),
        refused("roles/iam.denyAdmin", project, "iam.denypolicies.create", POLICY),
        refused("roles/iam.roleAdmin", project, "iam.roles.update", "widens a role someone holds"),
        // org policies, tags, moves
        refused("roles/orgpolicy.policyAdmin", project, "orgpolicy.policies.create", CONSTRAINTS),
        refused("roles/resourcemanager.tagUser", project, "alloydb.backups.createTagBinding", CONSTRAINTS),
        refused("roles/resourcemanager.projectMover", project, "resourcemanager.projects.move", CONSTRAINTS),
        refused("roles/logging.admin", project, "logging.views.setIamPolicy", POLICY),
        refused("roles/monitoring.admin", project, "monitoring.alertPolicies.createTagBinding", CONSTRAINTS),
        // custom roles
        new Case("organizations/123456789012/roles/mlTrainer", project,
            Optional.of("organizations/123456789012/roles/mlTrainer " + CUSTOM)),
        new Case("projects/${project}/roles/launcher", resource, Optional.of("projects/${project}/roles/launcher " + CUSTOM)),
        // acting as a service account: the point on one account, sensitive anywhere else
        actAs("roles/iam.serviceAccountUser", project, "iam.serviceAccounts.actAs"),
        actAs("roles/iam.serviceAccountTokenCreator", project, "iam.serviceAccounts.getAccessToken"),
        actAs("roles/iam.serviceAccountOpenIdTokenCreator", project, "iam.serviceAccounts.getOpenIdToken"),
        actAs("roles/iam.workloadIdentityUser", project, "iam.serviceAccounts.getAccessToken"),
        actAs("roles/iam.serviceAccountUser", resource, "iam.serviceAccounts.actAs"),
        allowed("roles/iam.serviceAccountUser", account),
        allowed("roles/iam.serviceAccountTokenCreator", account),
        allowed("roles/iam.workloadIdentityUser", account),
        // roles that carry none of the listed permissions, admins among them
        allowed("roles/aiplatform.user", project),
        allowed("roles/aiplatform.viewer", resource),
        allowed("roles/storage.objectViewer", project),
        allowed("roles/storage.objectCreator", project),
        allowed("roles/container.clusterViewer", project),
        allowed("roles/container.viewer", project),
        allowed("roles/logging.logWriter", project),
        allowed("roles/monitoring.metricWriter", project),
        allowed("roles/artifactregistry.reader", project),
        allowed("roles/artifactregistry.writer", project),
        allowed("roles/resourcemanager.tagViewer", project),
        allowed("roles/iam.securityReviewer", project),
        allowed("roles/tpu.viewer", project),
        allowed("roles/tpu.admin", project),
        allowed("roles/pubsub.publisher", project),
        allowed("roles/bigquery.dataViewer", project));
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
    } else if (c.scope() != GrantScope.SERVICE_ACCOUNT) {
      assertThat(RoleName.sensitive(c.role())).isFalse();
    }
  }

  @org.junit.jupiter.api.Test
  void theTableCoversAtLeastFortyRealRolesOfTheCatalog() {
    assertThat(cases().map(Case::role).filter(RoleCatalog.shipped()::known).distinct().count()).isGreaterThanOrEqualTo(40);
  }
}
