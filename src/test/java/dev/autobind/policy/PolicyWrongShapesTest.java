package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value of the wrong shape for each reader of function.yaml: a string where a mapping or a list is expected, a
 * mapping or a list where a string, a number or a boolean is. Each is refused with the one problem that names
 * the field, and reading goes on without an exception.
 */
class PolicyWrongShapesTest {

  private static final String PROJECTS = "  projects: {include: [\"ml-*\"]}\n";
  private static final String ACCOUNT = "  serviceAccount: {accountId: ml-trainer}\n";
  private static final String HEAD = "policy:\n" + PROJECTS + ACCOUNT;
  private static final String GRANT = "grant: {project: [{role: roles/aiplatform.user, members: [\"user:a@example.com\"]}]}";
  /** A rule on line 4. */
  private static final String RULES = "  rules: [{name: a, resources: [gke-cluster], " + GRANT + "}]\n";
  private static final String WI = "  rules: [{name: a, resources: [gke-cluster], grant: {serviceAccount: [{role:"
      + " roles/iam.workloadIdentityUser, members: [%s]}]}}]\n";
  private static final String BINDING = "{namespace: training, name: edit, clusterRole: edit, subjects: %s}";

  /** YAML text and the one problem it must produce. */
  record Case(String name, String yaml, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("the file is a string", "policy\n", "function.yaml:1: expected a mapping, found a string"),
        new Case("function is a string", "function: autobind\n" + HEAD + RULES,
            "function.yaml:1: function: expected a mapping, found a string"),
        new Case("policy.projects is a string", "policy:\n  projects: ml-*\n" + ACCOUNT + RULES,
            "function.yaml:2: policy.projects: expected a mapping, found a string"),
        new Case("policy.projects.include is a string", "policy:\n  projects: {include: ml-*}\n" + ACCOUNT + RULES,
            "function.yaml:2: policy.projects.include: expected a list, found a string"),
        new Case("policy.projects.exclude is a mapping", "policy:\n  projects: {include: [\"*\"], exclude: {a: b}}\n"
            + ACCOUNT + RULES, "function.yaml:2: policy.projects.exclude: expected a list, found a mapping"),
        new Case("policy.serviceAccount is a string", "policy:\n" + PROJECTS + "  serviceAccount: ml-trainer\n" + RULES,
            "function.yaml:3: policy.serviceAccount: expected a mapping, found a string"),
        new Case("policy.serviceAccount.displayName is a list", "policy:\n" + PROJECTS
            + "  serviceAccount: {accountId: ml-trainer, displayName: [a]}\n" + RULES,
            "function.yaml:3: policy.serviceAccount.displayName: expected a string, found a list"),
        new Case("policy.workloadIdentityPools is a string", HEAD + RULES + "  workloadIdentityPools: a.svc.id.goog\n",
            "function.yaml:5: policy.workloadIdentityPools: expected a list, found a string"),
        new Case("a rule is a string", HEAD + "  rules: [training]\n",
            "function.yaml:4: policy.rules[0]: expected a mapping, found a string"),
        new Case("a rule's name is a mapping", HEAD + "  rules: [{name: {a: b}, resources: [gke-cluster], " + GRANT + "}]\n",
            "function.yaml:4: policy.rules[0].name: expected a string, found a mapping"),
        new Case("a rule's resources is a string", HEAD + "  rules: [{name: a, resources: gke-cluster, " + GRANT + "}]\n",
            "function.yaml:4: policy.rules[0].resources: expected a list, found a string"),
        new Case("a rule's match is a string", HEAD + rule("match: anywhere"),
            "function.yaml:4: policy.rules[0].match: expected a mapping, found a string"),
        new Case("a rule's match.labels is a string", HEAD + rule("match: {labels: team}"),
            "function.yaml:4: policy.rules[0].match.labels: expected a mapping, found a string"),
        new Case("a rule's match.locations is a string", HEAD + rule("match: {locations: us-central1}"),
            "function.yaml:4: policy.rules[0].match.locations: expected a list, found a string"),
        new Case("a rule's match.name is a list", HEAD + rule("match: {name: [a]}"),
            "function.yaml:4: policy.rules[0].match.name: expected a string, found a list"),
        new Case("a rule's grant is a string", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: all}]\n",
            "function.yaml:4: policy.rules[0].grant: expected a mapping, found a string"),
        new Case("a grant entry is a string", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project:"
            + " [roles/aiplatform.user]}}]\n", "function.yaml:4: policy.rules[0].grant.project[0]: expected a mapping,"
            + " found a string"),
        new Case("a grant entry's members is a string", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant:"
            + " {project: [{role: roles/aiplatform.user, members: \"user:a@example.com\"}]}}]\n",
            "function.yaml:4: policy.rules[0].grant.project[0].members: expected a list, found a string"),
        new Case("a condition is a string", HEAD + "  rules: [{name: a, resources: [gke-cluster], grant: {project:"
            + " [{role: roles/aiplatform.user, members: [\"user:a@example.com\"], condition: \"true\"}]}}]\n",
            "function.yaml:4: policy.rules[0].grant.project[0].condition: expected a mapping, found a string"),
        new Case("a ksaSet member is a string", HEAD + String.format(WI, "{ksaSet: training}"),
            "function.yaml:4: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet: expected a mapping, found a string"),
        new Case("an exemption is a string", HEAD + RULES + "  exemptions: [ml-legacy]\n",
            "function.yaml:5: policy.exemptions[0]: expected a mapping, found a string"),
        new Case("exemptions is a mapping", HEAD + RULES + "  exemptions: {projects: [ml-legacy]}\n",
            "function.yaml:5: policy.exemptions: expected a list, found a mapping"),
        new Case("an exemption's projects is a string", HEAD + RULES + "  exemptions: [{projects: ml-legacy, reason: r,"
            + " expires: 2027-03-31}]\n", "function.yaml:5: policy.exemptions[0].projects: expected a list, found a string"),
        new Case("an exemption's expires is a list", HEAD + RULES + "  exemptions: [{projects: [ml-legacy], reason: r,"
            + " expires: [2027-03-31]}]\n", "function.yaml:5: policy.exemptions[0].expires: expected a string, found a list"),
        new Case("kubernetes is a string", HEAD + RULES + "  kubernetes: none\n",
            "function.yaml:5: policy.kubernetes: expected a mapping, found a string"),
        new Case("kubernetes.allow is a string", HEAD + RULES + "  kubernetes: {allow: everything}\n",
            "function.yaml:5: policy.kubernetes.allow: expected a mapping, found a string"),
        new Case("kubernetes.allow.clusterAdmin is a number", HEAD + RULES + "  kubernetes: {allow: {clusterAdmin: 1},"
            + " namespaces: [{name: training}]}\n",
            "function.yaml:5: policy.kubernetes.allow.clusterAdmin: expected true or false, found 1"),
        new Case("kubernetes.namespaces is a string", HEAD + RULES + "  kubernetes: {namespaces: training}\n",
            "function.yaml:5: policy.kubernetes.namespaces: expected a list, found a string"),
        new Case("a namespace is a string", HEAD + RULES + "  kubernetes: {namespaces: [training]}\n",
            "function.yaml:5: policy.kubernetes.namespaces[0]: expected a mapping, found a string"),
        new Case("a namespace's labels is a string", HEAD + RULES + "  kubernetes: {namespaces: [{name: t, labels: x}]}\n",
            "function.yaml:5: policy.kubernetes.namespaces[0].labels: expected a mapping, found a string"),
        new Case("a namespace label is a list", HEAD + RULES + "  kubernetes: {namespaces: [{name: t, labels: {a: [b]}}]}\n",
            "function.yaml:5: policy.kubernetes.namespaces[0].labels.a: expected a string, found a list"),
        new Case("a Kubernetes service account is a string", HEAD + RULES + "  kubernetes: {serviceAccounts: [trainer]}\n",
            "function.yaml:5: policy.kubernetes.serviceAccounts[0]: expected a mapping, found a string"),
        new Case("a role binding is a string", HEAD + RULES + "  kubernetes: {roleBindings: [edit]}\n",
            "function.yaml:5: policy.kubernetes.roleBindings[0]: expected a mapping, found a string"),
        new Case("a cluster role binding is a string", HEAD + RULES + "  kubernetes: {clusterRoleBindings: [view]}\n",
            "function.yaml:5: policy.kubernetes.clusterRoleBindings[0]: expected a mapping, found a string"),
        new Case("a binding's subjects is a string", HEAD + RULES + "  kubernetes: {roleBindings: ["
            + String.format(BINDING, "alice") + "]}\n",
            "function.yaml:5: policy.kubernetes.roleBindings[0].subjects: expected a list, found a string"),
        new Case("a subject is a string", HEAD + RULES + "  kubernetes: {roleBindings: ["
            + String.format(BINDING, "[alice]") + "]}\n",
            "function.yaml:5: policy.kubernetes.roleBindings[0].subjects[0]: expected a mapping, found a string"),
        new Case("a subject's serviceAccount is a string", HEAD + RULES + "  kubernetes: {roleBindings: ["
            + String.format(BINDING, "[{serviceAccount: trainer}]") + "]}\n",
            "function.yaml:5: policy.kubernetes.roleBindings[0].subjects[0].serviceAccount: expected a mapping, found a string"),
        new Case("a binding's clusterRole is a mapping", HEAD + RULES + "  kubernetes: {clusterRoleBindings: [{name: v,"
            + " clusterRole: {a: b}, subjects: [{user: alice}]}]}\n",
            "function.yaml:5: policy.kubernetes.clusterRoleBindings[0].clusterRole: expected a string, found a mapping"),
        new Case("maxInstances is a string", function("maxInstances: ten"),
            "function.yaml:1: function.maxInstances: expected a whole number from 1 to 1000, found ten"),
        new Case("maxInstances is a list", function("maxInstances: [1]"),
            "function.yaml:1: function.maxInstances: expected a whole number from 1 to 1000, found a list"),
        new Case("dryRun is a string", function("dryRun: \"true\""),
            "function.yaml:1: function.dryRun: expected true or false, found true"),
        new Case("cpu is a mapping", function("cpu: {count: 1}"),
            "function.yaml:1: function.cpu: expected a string, found a mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWrongShapeIsNamed(Case c) {
    assertThat(PolicyBoundariesTest.problems(c.yaml())).containsExactly(c.problem());
  }

  private static String rule(String extra) {
    return "  rules: [{name: a, resources: [gke-cluster], " + extra + ", " + GRANT + "}]\n";
  }

  private static String function(String setting) {
    return "function: {name: autobind, project: ml-platform-ops, region: us-central1, trigger: eventarc,"
        + " serviceAccount: autobind-fn, " + setting + "}\n" + HEAD + RULES;
  }
}
