package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Roles checked against the role catalog and members against policy.memberDomains, through the whole file:
 * what is refused, what is only warned about, and what passes.
 */
class RoleAndMemberRulesTest {

  /** A policy's extra keys and one grant; the problems (exit 2) or warnings it must produce, exactly. */
  record Case(String name, String extra, String role, String members, List<String> problems, List<String> warnings) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String DOMAINS = "  memberDomains: [example.com]\n";
  static final String GROUP = "\"group:ml-engineers@example.com\"";
  static final String ROLE_AT = "function.yaml:9: policy.rules[0].grant.project[0].role: ";
  static final String MEMBER_AT = "function.yaml:9: policy.rules[0].grant.project[0].members[0]: ";
  static final String REFRESH = " If Google added it since, refresh the catalog with scripts/refresh-roles.sh, or list it"
      + " under policy.allowUnknownRoles";

  static String yaml(Case c) {
    return "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount: {accountId: ml-trainer}\n" + c.extra()
        + "  rules:\n    - name: r\n      resources: [gke-cluster]\n      grant:\n        project:\n"
        + "          - {role: " + c.role() + ", members: [" + c.members() + "]}\n";
  }

  static Case refused(String name, String extra, String role, String members, String... problems) {
    return new Case(name, extra, role, members, List.of(problems), List.of());
  }

  static Case valid(String name, String extra, String role, String members, String... warnings) {
    return new Case(name, extra, role, members, List.of(), List.of(warnings));
  }

  static Stream<Case> cases() {
    String source = RoleCatalog.shipped().source();
    return Stream.of(
        refused("a typo, with the nearest name", DOMAINS, "roles/container.devloper", GROUP,
            ROLE_AT.replace(":9:", ":10:") + "roles/container.devloper is not a predefined role in autobind's catalog ("
                + source + "); did you mean roles/container.developer?" + REFRESH),
        refused("capitals where Google has none", DOMAINS, "roles/Container.Developer", GROUP,
            ROLE_AT.replace(":9:", ":10:") + "roles/Container.Developer is not a predefined role: role names are"
                + " case-sensitive; write roles/container.developer"),
        refused("a name nothing is close to", DOMAINS, "roles/zzzzzz.qqqqqq", GROUP,
            ROLE_AT.replace(":9:", ":10:") + "roles/zzzzzz.qqqqqq is not a predefined role in autobind's catalog ("
                + source + ")." + REFRESH),
        valid("a role newer than the catalog, allowed as unknown and as sensitive",
            DOMAINS + "  allowUnknownRoles: [roles/aiplatform.brandNewRole]\n"
                + "  allowSensitiveRoles: [roles/aiplatform.brandNewRole]\n", "roles/aiplatform.brandNewRole", GROUP),
        refused("a role newer than the catalog is sensitive, since what it can do is unknown",
            DOMAINS + "  allowUnknownRoles: [roles/aiplatform.brandNewRole]\n", "roles/aiplatform.brandNewRole", GROUP,
            ROLE_AT.replace(":9:", ":11:") + "roles/aiplatform.brandNewRole is not in autobind's role catalog, so what"
                + " it can do is unknown; name it in policy.allowSensitiveRoles to grant it"),
        refused("allowSensitiveRoles may not name an unknown role either", DOMAINS
                + "  allowSensitiveRoles: [roles/storage.admn]\n", "roles/storage.objectViewer", GROUP,
            "function.yaml:5: policy.allowSensitiveRoles[0]: roles/storage.admn is not a predefined role in autobind's"
                + " catalog (" + source + "); did you mean roles/storage.admin?" + REFRESH),
        valid("allowUnknownRoles naming a known role only warns", DOMAINS
                + "  allowUnknownRoles: [roles/storage.objectViewer]\n", "roles/storage.objectViewer", GROUP,
            "function.yaml:5: policy.allowUnknownRoles[0]: warning: roles/storage.objectViewer is in the role catalog"
                + " now; remove it from allowUnknownRoles"),
        refused("allowUnknownRoles takes predefined names only", DOMAINS
                + "  allowUnknownRoles: [projects/p-123456/roles/x1y, \"roles/a b\"]\n", "roles/storage.objectViewer",
            GROUP,
            "function.yaml:5: policy.allowUnknownRoles[0]: projects/p-123456/roles/x1y is not a predefined role name;"
                + " allowUnknownRoles lists roles/... names newer than autobind's role catalog",
            "function.yaml:5: policy.allowUnknownRoles[1]: roles/a b is not a predefined role name; allowUnknownRoles"
                + " lists roles/... names newer than autobind's role catalog"),
        valid("a deprecated role is granted with a warning", DOMAINS, "roles/apigee.apiReader", GROUP,
            ROLE_AT.replace(":9:", ":10:") + "warning: roles/apigee.apiReader is deprecated by Google; grant the role"
                + " that replaces it"),
        refused("a sensitive role of the issue, without an allowance", DOMAINS, "roles/cloudbuild.builds.editor", GROUP,
            ROLE_AT.replace(":9:", ":10:") + "roles/cloudbuild.builds.editor carries cloudbuild.builds.create, which"
                + " makes code run as another identity; name it in policy.allowSensitiveRoles to grant it"),
        valid("the same role, allowed", DOMAINS + "  allowSensitiveRoles: [roles/cloudbuild.builds.editor]\n",
            "roles/cloudbuild.builds.editor", GROUP),
        valid("a member inside memberDomains", DOMAINS, "roles/storage.objectViewer", GROUP),
        valid("a member of a subdomain", DOMAINS, "roles/storage.objectViewer", "\"user:ana@eng.example.com\""),
        valid("the standard account and accounts of the resource's project", DOMAINS, "roles/storage.objectViewer",
            "\"serviceAccount:${serviceAccount}\", \"serviceAccount:job@${project}.iam.gserviceaccount.com\""),
        valid("a user-managed account of a governed project", DOMAINS, "roles/storage.objectViewer",
            "\"serviceAccount:trainer@ml-shared.iam.gserviceaccount.com\""),
        valid("an account whose domain is listed", "  memberDomains: [example.com, ci-tools.iam.gserviceaccount.com]\n",
            "roles/storage.objectViewer", "\"serviceAccount:builder@ci-tools.iam.gserviceaccount.com\""),
        refused("a user outside memberDomains", DOMAINS, "roles/storage.objectViewer", "\"user:eve@example.org\"",
            MEMBER_AT.replace(":9:", ":10:") + "user:eve@example.org is outside policy.memberDomains (example.com);"
                + " grant to members of the organization, or list example.org there"),
        refused("a look-alike domain is not a subdomain", DOMAINS, "roles/storage.objectViewer",
            "\"group:g@evilexample.com\"",
            MEMBER_AT.replace(":9:", ":10:") + "group:g@evilexample.com is outside policy.memberDomains (example.com);"
                + " grant to members of the organization, or list evilexample.com there"),
        refused("an account of an ungoverned project", DOMAINS, "roles/storage.objectViewer",
            "\"serviceAccount:x-123@other-org-proj.iam.gserviceaccount.com\"",
            MEMBER_AT.replace(":9:", ":10:") + "serviceAccount:x-123@other-org-proj.iam.gserviceaccount.com is outside"
                + " policy.memberDomains (example.com); grant to members of the organization, or list"
                + " other-org-proj.iam.gserviceaccount.com there"),
        refused("a service agent with a literal number", DOMAINS, "roles/storage.objectViewer",
            "\"serviceAccount:service-123@gcp-sa-aiplatform.iam.gserviceaccount.com\"",
            MEMBER_AT.replace(":9:", ":10:") + "serviceAccount:service-123@gcp-sa-aiplatform.iam.gserviceaccount.com is"
                + " outside policy.memberDomains (example.com); grant to members of the organization, or list"
                + " gcp-sa-aiplatform.iam.gserviceaccount.com there"),
        refused("a domain member outside memberDomains", DOMAINS, "roles/storage.objectViewer", "\"domain:example.net\"",
            MEMBER_AT.replace(":9:", ":10:") + "domain:example.net is outside policy.memberDomains (example.com); grant"
                + " to members of the organization, or list example.net there"),
        refused("a domain written with a placeholder", DOMAINS, "roles/storage.objectViewer",
            "\"user:ops@${project}.example.com\"",
            MEMBER_AT.replace(":9:", ":10:") + "user:ops@${project}.example.com: its domain is known only per resource,"
                + " so policy.memberDomains cannot vouch for it; write the domain out"),
        refused("a consumer account without memberDomains", "", "roles/storage.objectViewer",
            "\"user:someone@gmail.com\"",
            MEMBER_AT + "user:someone@gmail.com is a consumer account (gmail.com), outside any organization; list"
                + " gmail.com under policy.memberDomains to allow it"),
        refused("every consumer account, in capitals", "", "roles/storage.objectViewer", "\"domain:GoogleMail.com\"",
            MEMBER_AT + "domain:GoogleMail.com is a consumer account (googlemail.com), outside any organization; list"
                + " googlemail.com under policy.memberDomains to allow it"),
        valid("a consumer domain listed on purpose", "  memberDomains: [gmail.com]\n", "roles/storage.objectViewer",
            "\"user:someone@gmail.com\""),
        valid("no memberDomains: one warning, on the policy", "", "roles/storage.objectViewer", GROUP,
            PolicyFileTest.NO_MEMBER_DOMAINS),
        refused("memberDomains that are not domains", "  memberDomains: [Example.COM, \"*.example.com\", \"a\\nb.com\"]\n",
            "roles/storage.objectViewer", GROUP,
            "function.yaml:4: policy.memberDomains[0]: Example.COM is not a domain; write it in lowercase, e.g."
                + " example.com",
            "function.yaml:4: policy.memberDomains[1]: *.example.com is not a domain; write it in lowercase, e.g."
                + " example.com",
            "function.yaml:4: policy.memberDomains[2]: a\\u000ab.com is not a domain; write it in lowercase, e.g."
                + " example.com"),
        refused("memberDomains empty", "  memberDomains: []\n", "roles/storage.objectViewer", GROUP,
            "function.yaml:4: policy.memberDomains: lists 0 domains; list 1 to 50"),
        refused("memberDomains not a list", "  memberDomains: {example.com: true}\n", "roles/storage.objectViewer",
            GROUP, "function.yaml:4: policy.memberDomains: expected a list, found a mapping"),
        refused("memberDomains too long", "  memberDomains: [" + "x.example.com, ".repeat(51) + "example.com]\n",
            "roles/storage.objectViewer", GROUP, "function.yaml:4: policy.memberDomains: lists 52 domains; list 1 to 50"),
        refused("a domain over 253 characters", "  memberDomains: [" + "a".repeat(60) + ".b" + ".cdefghij".repeat(25)
                + "]\n", "roles/storage.objectViewer", GROUP,
            "function.yaml:4: policy.memberDomains[0]: " + "a".repeat(60) + ".b" + ".cdefghij".repeat(4) + ".c..."
                + " is not a domain; write it in lowercase, e.g. example.com"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusedOrWarnedExactlyAsStated(Case c) {
    String yaml = yaml(c);
    if (c.problems().isEmpty()) {
      assertThat(PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()).warnings()).extracting(Problem::text)
          .containsExactlyElementsOf(c.warnings());
    } else {
      PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", yaml, ShippedKinds.registry()));
      assertThat(e).as("expected the policy to be refused:\n%s", yaml).isNotNull();
      assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(c.problems());
    }
  }

  /** Operators and Kubernetes subjects follow the same rule as the members of a grant. */
  record Outside(String name, String yaml, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Outside> outsiders() {
    String function = "function:\n  name: autobind\n  project: ml-platform-ops\n  region: us-central1\n"
        + "  trigger: pubsub\n  topic: autobind-audit\n  sinkScope: folders/234567890123\n"
        + "  governedScope: [folders/234567890123]\n  backfillTopic: autobind-backfill\n  serviceAccount: autobind-fn\n";
    String policy = "policy:\n  projects: {include: [\"ml-*\"], exclude: [ml-platform-ops]}\n"
        + "  serviceAccount: {accountId: ml-trainer}\n  memberDomains: [example.com]\n  rules:\n    - name: r\n"
        + "      resources: [gke-cluster]\n      grant: {project: [{role: roles/tpu.viewer, members: [" + GROUP + "]}]}\n";
    return Stream.of(
        new Outside("an operator outside memberDomains", function + "  operators: [\"user:oncall@gmail.com\"]\n" + policy,
            "function.yaml:11: function.operators[0]: user:oncall@gmail.com is outside policy.memberDomains"
                + " (example.com); grant to members of the organization, or list gmail.com there"),
        new Outside("an operator account of the function's own, ungoverned project",
            function + "  operators: [\"serviceAccount:cron@ml-platform-ops.iam.gserviceaccount.com\"]\n" + policy,
            "function.yaml:11: function.operators[0]: serviceAccount:cron@ml-platform-ops.iam.gserviceaccount.com is"
                + " outside policy.memberDomains (example.com); grant to members of the organization, or list"
                + " ml-platform-ops.iam.gserviceaccount.com there"),
        new Outside("a Kubernetes group outside memberDomains", policy
                + "  kubernetes:\n    clusterRoleBindings:\n      - {name: v, clusterRole: view, subjects: [{group: g@example.org}]}\n",
            "function.yaml:11: policy.kubernetes.clusterRoleBindings[0].subjects[0].group: group:g@example.org is outside"
                + " policy.memberDomains (example.com); grant to members of the organization, or list example.org there"),
        new Outside("a Kubernetes user with a consumer account", policy
                + "  kubernetes:\n    roleBindings:\n      - {namespace: t, name: e, clusterRole: edit, subjects: [{user: a@gmail.com}]}\n",
            "function.yaml:11: policy.kubernetes.roleBindings[0].subjects[0].user: user:a@gmail.com is outside"
                + " policy.memberDomains (example.com); grant to members of the organization, or list gmail.com there"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outsiders")
  void operatorsAndKubernetesSubjectsStayInsideTheDomainsToo(Outside c) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", c.yaml(), ShippedKinds.registry()));

    assertThat(e).as("expected the file to be refused:\n%s", c.yaml()).isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactly(c.problem());
  }
}
