package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad policy under policies/bad is refused with exactly these problems: line, field path and message. */
class BadPolicyTest {

  static final String ALLOW = "; name it in policy.allowSensitiveRoles to grant it";
  static final String CEL_VALUES = "'.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES,"
      + " IDENTIFIER}";

  /** One fixture and every problem it must produce, in order. */
  record Case(String name, String file, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a typo in a role name", "role-typo.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/container.devloper is not a predefined role"
                + " in autobind's catalog (" + RoleCatalog.shipped().source() + "); did you mean"
                + " roles/container.developer? If Google added it since, refresh the catalog with"
                + " scripts/refresh-roles.sh, or list it under policy.allowUnknownRoles")),
        new Case("a role name in the wrong case", "role-wrong-case.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/Container.Developer is not a predefined"
                + " role: role names are case-sensitive; write roles/container.developer")),
        new Case("a consumer user", "member-gmail-user.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members[0]: user:someone@gmail.com is a consumer"
                + " account (gmail.com), outside any organization; list gmail.com under policy.memberDomains to allow it")),
        new Case("a consumer domain", "member-gmail-domain.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members[0]: domain:gmail.com is a consumer account"
                + " (gmail.com), outside any organization; list gmail.com under policy.memberDomains to allow it")),
        new Case("members outside memberDomains", "member-outside-domains.yaml", List.of(
            "function.yaml:14: policy.rules[0].grant.project[0].members[0]: group:ml-engineers@example.org is outside"
                + " policy.memberDomains (example.com); grant to members of the organization, or list example.org there",
            "function.yaml:14: policy.rules[0].grant.project[0].members[1]:"
                + " serviceAccount:builder@ci-tools.iam.gserviceaccount.com is outside policy.memberDomains"
                + " (example.com); grant to members of the organization, or list ci-tools.iam.gserviceaccount.com"
                + " there")),
        new Case("the four broken conditions of issue 21", "condition-broken.yaml", List.of(
            "function.yaml:16: policy.rules[0].grant.project[0].condition.expression: column 54: mismatched input"
                + " '<EOF>' expecting {'[', '{', '(', " + CEL_VALUES,
            "function.yaml:21: policy.rules[0].grant.project[1].condition.expression: column 26: mismatched input"
                + " '<EOF>' expecting {'[', '{', '(', ')', " + CEL_VALUES,
            "function.yaml:26: policy.rules[0].grant.project[2].condition.expression: column 9: undefined field 'nam'",
            "function.yaml:31: policy.rules[0].grant.project[3].condition.expression: column 4: undeclared reference to"
                + " 'foo' (in container '') (and 1 more)")),
        new Case("JVM options that load agents", "jvm-options-agent.yaml", List.of(
            "function.yaml:8: function.jvmOptions: -javaagent:/tmp/a.jar is refused: it loads a Java agent into the"
                + " function; " + JvmOptionsTest.TUNING,
            "function.yaml:8: function.jvmOptions: -agentlib:jdwp=transport=dt_socket,server=y,address=5005 is"
                + " refused: it loads a native agent into the function; " + JvmOptionsTest.TUNING)),
        new Case("basic role on the project", "basic-role-editor.yaml", List.of(
            "function.yaml:18: policy.rules[1].grant.project[0].role: roles/editor is a basic role; grant a predefined role instead")),
        new Case("basic role on the service account", "basic-role-owner-on-sa.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.serviceAccount[0].role: roles/owner is a basic role; grant a predefined role instead")),
        new Case("project IAM admin escalates", "escalating-project-iam-admin.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/resourcemanager.projectIamAdmin carries"
                + " resourcemanager.projects.setIamPolicy, which changes who has access" + ALLOW)),
        new Case("token creator on the project", "token-creator-on-project.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/iam.serviceAccountTokenCreator on the project lets"
                + " members act as every service account in it (iam.serviceAccounts.getAccessToken); grant it under grant.serviceAccount" + ALLOW)),
        new Case("serviceAccountUser at project level", "service-account-user-on-project.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/iam.serviceAccountUser on the project lets members act"
                + " as every service account in it (iam.serviceAccounts.actAs); grant it under grant.serviceAccount" + ALLOW)),
        new Case("workloadIdentityUser at project level", "workload-identity-user-on-project.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/iam.workloadIdentityUser on the project lets members act"
                + " as every service account in it (iam.serviceAccounts.getAccessToken); grant it under grant.serviceAccount" + ALLOW)),
        new Case("storage admin", "storage-admin.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/storage.admin carries"
                + " storage.buckets.setIamPolicy, which changes who has access" + ALLOW)),
        new Case("secret manager admin", "secretmanager-admin.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/secretmanager.admin carries"
                + " secretmanager.secrets.setIamPolicy, which changes who has access" + ALLOW)),
        new Case("tag user", "tag-user.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/resourcemanager.tagUser carries"
                + " alloydb.backups.createTagBinding, which changes org policies, tags or the policies a project inherits"
                + ALLOW)),
        new Case("custom organization role", "custom-org-role.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: organizations/123456789012/roles/mlTrainer is a custom"
                + " role, whose permissions can be widened after validation" + ALLOW)),
        new Case("custom role id too short (IAM wants 3-64 characters)", "custom-role-id-too-short.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: organizations/123456789012/roles/x is not a role;"
                + " write roles/NAME, or projects/PROJECT/roles/ID or organizations/ORG/roles/ID with an ID of 3 to 64"
                + " letters, digits, '_' or '.' (custom roles are refused unless allowSensitiveRoles lists them)")),
        new Case("eleven project roles", "eleven-project-roles.yaml", List.of(
            "function.yaml:7: policy.rules: the rules grant 11 distinct roles at grant.project scope; Google allows at most 10"
                + " roles in one modifiedGrantsByRole hasOnly list, the condition that bounds what the function may grant there:"
                + " split the policy or drop roles")),
        new Case("malformed and repeated Workload Identity pools", "workload-pool-malformed.yaml", List.of(
            "function.yaml:7: policy.workloadIdentityPools[1]: Attacker.svc.id.goog is not a Workload Identity pool;"
                + " use PROJECT_ID.svc.id.goog",
            "function.yaml:7: policy.workloadIdentityPools[2]: shared-gke.svc.id.goog is listed twice")),
        new Case("allUsers", "all-users.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.resource[0].members[0]: allUsers makes the grant public;"
                + " name users, groups or service accounts instead")),
        new Case("allAuthenticatedUsers", "all-authenticated-users.yaml", List.of(
            "function.yaml:15: policy.rules[0].grant.project[0].members[1]: allAuthenticatedUsers makes the grant public;"
                + " name users, groups or service accounts instead")),
        new Case("member without its type", "member-without-prefix.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members[0]: ml-engineers@example.com is not a supported member;"
                + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://")),
        new Case("user that is not an email", "member-bad-email.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members[0]: user:alice is not a valid member; expected user:EMAIL")),
        new Case("Workload Identity member without a namespace", "member-bad-workload-identity.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.serviceAccount[0].members[0]: serviceAccount:${workloadPool}[trainer] is not"
                + " a valid member; expected serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]")),
        new Case("deleted member", "member-deleted.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members[0]: deleted:user:bob@example.com?uid=123456789012345678901"
                + " is not a supported member; use user:, group:, serviceAccount:, domain:, principal:// or principalSet://")),
        new Case("role without roles/", "role-syntax.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: aiplatform.user is not a role;"
                + " write roles/NAME, or projects/PROJECT/roles/ID or organizations/ORG/roles/ID with an ID of 3 to 64"
                + " letters, digits, '_' or '.' (custom roles are refused unless allowSensitiveRoles lists them)")),
        new Case("legacy AI Platform role", "legacy-ml-role.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/ml.developer is a legacy AI Platform role;"
                + " grant a roles/aiplatform.* role instead")),
        new Case("account id too short", "account-id-too-short.yaml", List.of(
            "function.yaml:6: policy.serviceAccount.accountId: ml is not an account id; use 6-30 lowercase letters, digits"
                + " and hyphens, starting with a letter and ending with a letter or digit")),
        new Case("account id ends in a hyphen", "account-id-trailing-hyphen.yaml", List.of(
            "function.yaml:6: policy.serviceAccount.accountId: ml-trainer- is not an account id; use 6-30 lowercase letters,"
                + " digits and hyphens, starting with a letter and ending with a letter or digit")),
        new Case("condition without a title", "condition-without-title.yaml", List.of(
            "function.yaml:14: policy.rules[0].grant.project[0].condition.title: is required")),
        new Case("condition over 12 logical operators", "condition-too-many-operators.yaml", List.of(
            "function.yaml:16: policy.rules[0].grant.project[0].condition.expression: has 13 logical operators;"
                + " IAM allows at most 12")),
        new Case("duplicate rule name", "duplicate-rule-name.yaml", List.of(
            "function.yaml:14: policy.rules[1].name: duplicate rule name training; it is already used on line 8")),
        new Case("empty members", "empty-members.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.project[0].members: must name at least one member")),
        new Case("unknown resource kind", "unknown-resource-kind.yaml", List.of(
            "function.yaml:9: policy.rules[0].resources[1]: compute-instance is not a resource kind; use gke-cluster,"
                + " vertex-model, vertex-persistent-resource, vertex-endpoint, tpu-node or tpu-queued-resource")),
        new Case("regex that does not compile", "regex-does-not-compile.yaml", List.of(
            "function.yaml:11: policy.rules[0].match.name: regex (train|tune-[a-z]+ does not compile: Unclosed group")),
        new Case("glob that does not compile", "glob-does-not-compile.yaml", List.of(
            "function.yaml:4: policy.projects.include[1]: glob [ab-* does not compile: unclosed [ at position 1")),
        new Case("location glob in capitals", "location-glob-uppercase.yaml", List.of(
            "function.yaml:11: policy.rules[0].match.locations[0]: US-* is not a location glob;"
                + " use lowercase letters, digits, hyphens and * ? [ ]")),
        new Case("unknown placeholder", "unknown-placeholder.yaml", List.of(
            "function.yaml:13: policy.rules[0].grant.serviceAccount[0].members[0]: unknown placeholder ${cluster};"
                + " the placeholders are ${project}, ${projectNumber}, ${location}, ${name}, ${serviceAccount}, ${workloadPool}")),
        new Case("placeholder where none is filled in", "placeholder-in-account-id.yaml", List.of(
            "function.yaml:6: policy.serviceAccount.accountId: ${project} is not filled in here; write the value out")),
        new Case("resource grant on a GKE rule", "resource-grant-on-gke.yaml", List.of(
            "function.yaml:11: policy.rules[0].grant.resource: gke-cluster has no resource-level IAM policy;"
                + " grant access on the project with grant.project")),
        new Case("GKE role on a service account", "cluster-viewer-on-service-account.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.serviceAccount[0].role: roles/container.clusterViewer cannot be granted"
                + " on a service account; only roles/iam.* roles apply to one")),
        new Case("resource grant on the TPU and persistent-resource kinds", "resource-grant-on-tpu.yaml", List.of(
            "function.yaml:11: policy.rules[0].grant.resource: tpu-node, tpu-queued-resource and"
                + " vertex-persistent-resource have no resource-level IAM policy; grant access on the project with"
                + " grant.project")),
        new Case("TPU role on an endpoint", "storage-role-on-endpoint.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.resource[0].role: roles/tpu.viewer cannot be granted on a"
                + " vertex-endpoint; only roles/aiplatform.* roles apply to one")),
        new Case("storage role on a model", "storage-role-on-model.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.resource[0].role: roles/storage.objectViewer cannot be granted on a"
                + " vertex-model; only roles/aiplatform.* roles apply to one")),
        new Case("ordinary role in allowSensitiveRoles", "sensitive-allowlist-not-sensitive.yaml", List.of(
            "function.yaml:7: policy.allowSensitiveRoles[0]: roles/storage.objectViewer is not a sensitive role;"
                + " list only roles the guardrails refuse")),
        new Case("misspelt section", "unknown-key-top-level.yaml", List.of(
            "function.yaml:2: polcy: unknown key; expected one of function, policy",
            "function.yaml:2: policy: is required")),
        new Case("member instead of members", "unknown-key-in-grant.yaml", List.of(
            "function.yaml:12: policy.rules[0].grant.project[0].members: is required",
            "function.yaml:13: policy.rules[0].grant.project[0].member: unknown key; expected one of role, members, condition")),
        new Case("pubsub without a topic", "function-pubsub-without-topic.yaml", List.of(
            "function.yaml:2: function.topic: is required when trigger is pubsub")),
        new Case("governed scope: organization, own project, ungoverned projects, repeats; audit topic reused;"
            + " bad operators", "function-governed-scope-bad.yaml", List.of(
            "function.yaml:10: function.governedScope[0]: organizations/123456789012 is not a folder or project;"
                + " use folders/N or projects/PROJECT_ID (never the organization)",
            "function.yaml:11: function.governedScope[1]: projects/ml-platform-ops is the function's own project;"
                + " keep it outside the function's write reach",
            "function.yaml:12: function.governedScope[2]: projects/ml-x-sandbox is not governed: project ml-x-sandbox"
                + " is excluded by policy.projects.exclude *-sandbox",
            "function.yaml:13: function.governedScope[3]: projects/other-team is not governed: project other-team is"
                + " not in policy.projects.include",
            "function.yaml:15: function.governedScope[5]: folders/234567890123 is listed twice",
            "function.yaml:16: function.backfillTopic: autobind-audit is also function.topic; backfill needs a topic"
                + " of its own, so that only the sink can publish to the audit topic",
            "function.yaml:17: function.operators[0]: allUsers makes the grant public; name users, groups or service"
                + " accounts instead",
            "function.yaml:17: function.operators[1]: user:ops is not a valid member; expected user:EMAIL",
            "function.yaml:17: function.operators[3]: group:oncall@example.com is listed twice")),
        new Case("the function's own project governed by the policy", "function-own-project-governed.yaml", List.of(
            "function.yaml:4: function.project: ml-platform-ops is governed by policy.projects; add it to"
                + " policy.projects.exclude, so that the function never grants in its own project")),
        new Case("pubsub without a governed scope", "function-pubsub-without-governed-scope.yaml", List.of(
            "function.yaml:2: function.governedScope: is required")),
        new Case("project sink with a folder governed", "function-project-sink-other-governed.yaml", List.of(
            "function.yaml:9: function.governedScope: must be [projects/ml-train-prod] when sinkScope is a project:"
                + " the sink sees only that project, and the function's custom roles are defined there")),
        new Case("eventarc with governed scope, backfill topic and operators", "function-eventarc-with-access.yaml",
            List.of(
            "function.yaml:7: function.governedScope: applies only to trigger: pubsub; remove it for eventarc",
            "function.yaml:8: function.backfillTopic: applies only to trigger: pubsub; remove it for eventarc",
            "function.yaml:9: function.operators: applies only to trigger: pubsub; remove it for eventarc")),
        new Case("conditions where the policy takes none", "condition-on-service-account.yaml", List.of(
            "function.yaml:14: policy.rules[0].grant.serviceAccount[0].condition: a service account's IAM policy does not"
                + " accept conditional role bindings; put the condition on a grant.project entry",
            "function.yaml:18: policy.rules[0].grant.resource[0].condition: a resource's IAM policy does not accept"
                + " conditional role bindings; put the condition on a grant.project entry")),
        new Case("unknown trigger", "function-bad-trigger.yaml", List.of(
            "function.yaml:6: function.trigger: http is not a trigger; use pubsub or eventarc")),
        new Case("eventarc with a sink and too long a timeout", "function-eventarc-with-sink.yaml", List.of(
            "function.yaml:7: function.sinkScope: applies only to trigger: pubsub; remove it for eventarc",
            "function.yaml:9: function.timeoutSeconds: 900 is out of range; use 1 to 540")),
        new Case("strings where lists are expected", "members-is-a-string.yaml", List.of(
            "function.yaml:9: policy.rules[0].resources: expected a list, found a string",
            "function.yaml:13: policy.rules[0].grant.project[0].members: expected a list, found a string")),
        new Case("every problem is reported", "many-problems.yaml", List.of(
            "function.yaml:6: policy.serviceAccount.accountId: ML-Trainer is not an account id; use 6-30 lowercase letters,"
                + " digits and hyphens, starting with a letter and ending with a letter or digit",
            "function.yaml:12: policy.rules[0].grant.project[0].role: roles/viewer is a basic role; grant a predefined role instead",
            "function.yaml:13: policy.rules[0].grant.project[0].members[1]: allUsers makes the grant public;"
                + " name users, groups or service accounts instead",
            "function.yaml:14: policy.rules[0].grant.project[1].role: roles/iam.securityAdmin carries"
                + " accesscontextmanager.policies.setIamPolicy, which changes who has access" + ALLOW,
            "function.yaml:16: policy.rules[0].grant.resource: gke-cluster has no resource-level IAM policy;"
                + " grant access on the project with grant.project")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithEveryProblemNamed(Case c) {
    String yaml = Fixtures.text("policies/bad/" + c.file());

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()));

    assertThat(e).as("expected %s to be refused", c.file()).isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(c.problems());
  }

  @Test
  void everyBadFixtureHasACase() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/policies/bad"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(cases().map(Case::file).toList());
    }
  }

  @Test
  void oneTargetOverFifteenHundredMembersIsRefused() {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> PolicyFile.parse("function.yaml", membersPolicy(1_501, 0), ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly(
        "function.yaml:5: policy.rules: the rules can add 1,501 members to one project policy; IAM allows at most 1,500");
  }

  @Test
  void rulesTogetherOverFifteenHundredMembersAreRefused() {
    PolicyException e = catchThrowableOfType(PolicyException.class,
        () -> PolicyFile.parse("function.yaml", membersPolicy(800, 800), ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly(
        "function.yaml:5: policy.rules: the rules can add 1,600 members to one project policy; IAM allows at most 1,500");
  }

  @Test
  void fifteenHundredMembersAreAllowed() {
    assertThat(PolicyFile.parse("function.yaml", membersPolicy(1_000, 500), ShippedKinds.registry()).policy().rules()).hasSize(2);
  }

  /** A policy whose first rule grants to {@code first} users and whose second grants to {@code second} others. */
  private static String membersPolicy(int first, int second) {
    StringBuilder yaml = new StringBuilder("""
        policy:
          projects: {include: ["ml-*"]}
          serviceAccount: {accountId: ml-trainer}
          # large teams
          rules:
        """);
    appendRule(yaml, "first", 0, first);
    appendRule(yaml, "second", first, second);
    return yaml.toString();
  }

  private static void appendRule(StringBuilder yaml, String name, int from, int count) {
    if (count == 0) {
      return;
    }
    yaml.append("    - name: ").append(name).append("\n      resources: [gke-cluster]\n      grant:\n        project:\n")
        .append("          - role: roles/container.viewer\n            members:\n");
    for (int i = from; i < from + count; i++) {
      yaml.append("              - user:engineer").append(i).append("@example.com\n");
    }
  }
}
