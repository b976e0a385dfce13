package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autobind.kinds.ShippedKinds;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code policy.kubernetes:} section and the typed and hand-written Kubernetes members: each bad
 * input is refused with exactly these problems, every one at once, naming the field.
 */
class KubernetesPolicyTest {

  static final String MEMBER_HEAD = "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount: {accountId: ml-trainer}\n  rules:\n    - name: wi\n      resources: [gke-cluster]\n      grant:\n        serviceAccount:\n          - role: roles/iam.workloadIdentityUser\n            members:\n";

  static final String KUBERNETES_HEAD = "policy:\n  projects: {include: [\"ml-*\"]}\n  serviceAccount: {accountId: ml-trainer}\n  rules:\n    - name: r\n      resources: [gke-cluster]\n      grant: {project: [{role: roles/container.clusterViewer, members: [\"group:a@example.com\"]}]}\n  kubernetes:\n";

  /** YAML text and the exact problems it must produce. */
  record Case(String name, String yaml, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("ksa with an uppercase namespace", MEMBER_HEAD + "              - ksa: {namespace: Training, name: trainer}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksa.namespace: Training is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit")),
        new Case("ksa without a name", MEMBER_HEAD + "              - ksa: {namespace: training}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksa.name: is required")),
        new Case("ksa written as a string", MEMBER_HEAD + "              - ksa: training/trainer\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksa: expected a mapping, found a string")),
        new Case("ksa with a path in the namespace", MEMBER_HEAD + "              - ksa: {namespace: \"../etc\", name: trainer}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksa.namespace: ../etc is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit")),
        new Case("ksa with an unknown key", MEMBER_HEAD + "              - ksa: {namespace: training, name: trainer, cluster: c}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksa.cluster: unknown key; expected one of namespace, name")),
        new Case("ksaSet with both namespace and cluster", MEMBER_HEAD + "              - ksaSet: {namespace: a, cluster: b}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet: name exactly one of namespace (every account in it, in every cluster of the project) and cluster (every account of one cluster)")),
        new Case("ksaSet with neither", MEMBER_HEAD + "              - ksaSet: {}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet: name exactly one of namespace (every account in it, in every cluster of the project) and cluster (every account of one cluster)")),
        new Case("ksaSet with a bad cluster name", MEMBER_HEAD + "              - ksaSet: {cluster: Bad_Cluster, location: us-central1}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet.cluster: Bad_Cluster is not a GKE cluster name; use up to 40 lowercase letters, digits and '-', starting with a letter")),
        new Case("ksaSet with a bad location", MEMBER_HEAD + "              - ksaSet: {cluster: train-1, location: US}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet.location: US is not a region or zone such as us-central1 or us-central1-a")),
        new Case("ksaSet namespace with a location", MEMBER_HEAD + "              - ksaSet: {namespace: training, location: us-central1}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].ksaSet.location: goes with cluster only")),
        new Case("ksa and ksaSet in one member", MEMBER_HEAD + "              - {ksa: {namespace: a, name: b}, ksaSet: {namespace: a}}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: write a member as a string, or as exactly one of ksa: {namespace, name} and ksaSet: {namespace} or {cluster}")),
        new Case("an unknown typed member", MEMBER_HEAD + "              - {gsa: ml-trainer}\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0].gsa: unknown key; expected one of ksa, ksaSet")),
        new Case("principal with the project id for the number", MEMBER_HEAD + "              - \"principal://iam.googleapis.com/projects/ml-train/locations/global/workloadIdentityPools/ml-train.svc.id.goog/subject/ns/training/sa/trainer\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principal://iam.googleapis.com/projects/ml-train/locations/global/workloadIdentityPools/ml-train.svc...: projects/ml-train must be the project number (digits), not the project id")),
        new Case("principalSet of a whole pool", MEMBER_HEAD + "              - \"principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.goog/*\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.i... has a wildcard; name one pool's subject, group, attribute or Kubernetes selector")),
        new Case("principal on a foreign host", MEMBER_HEAD + "              - \"principal://iam.example.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.goog/subject/ns/training/sa/trainer\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principal://iam.example.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.goog... is not on iam.googleapis.com; only workload and workforce identity pool principals are supported (use user:, group: or serviceAccount: for Google identities)")),
        new Case("principal with an invalid service account name", MEMBER_HEAD + "              - \"principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.goog/subject/ns/training/sa/Trainer\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.g...: Trainer is not a Kubernetes object name; use up to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit")),
        new Case("principalSet with an undocumented GKE selector", MEMBER_HEAD + "              - \"principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.id.goog/kubernetes.namespace/training\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-train.svc.i...: kubernetes.namespace/training is not a GKE selector; a GKE principalSet takes namespace/NAMESPACE or kubernetes.cluster/CLUSTER_URL")),
        new Case("principal in an invalid pool", MEMBER_HEAD + "              - \"principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ML_POOL/subject/x\"\n", List.of(
            "function.yaml:11: policy.rules[0].grant.serviceAccount[0].members[0]: principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ML_POOL/subject/x: ML_POOL is not a workload identity pool id (4-32 lowercase letters, digits and hyphens) nor a GKE pool (PROJECT_ID.svc.id.goog)")),
        new Case("a binding to cluster-admin", KUBERNETES_HEAD + "    clusterRoleBindings: [{name: admins, clusterRole: cluster-admin, subjects: [{group: a@example.com}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.clusterRoleBindings[0].clusterRole: cluster-admin grants every permission in every namespace; bind a narrower role, or set policy.kubernetes.allow.clusterAdmin: true")),
        new Case("a RoleBinding to cluster-admin", KUBERNETES_HEAD + "    roleBindings: [{namespace: training, name: admins, clusterRole: cluster-admin, subjects: [{group: a@example.com}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.roleBindings[0].clusterRole: cluster-admin grants every permission in every namespace; bind a narrower role, or set policy.kubernetes.allow.clusterAdmin: true")),
        new Case("system users and groups", KUBERNETES_HEAD + "    roleBindings: [{namespace: training, name: b, role: reader, subjects: [{group: \"system:masters\"}, {user: \"system:anonymous\"}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.roleBindings[0].subjects[0].group: system:masters is a Kubernetes system identity; bind people and workloads, or set policy.kubernetes.allow.systemSubjects: true",
            "function.yaml:9: policy.kubernetes.roleBindings[0].subjects[1].user: system:anonymous is a Kubernetes system identity; bind people and workloads, or set policy.kubernetes.allow.systemSubjects: true")),
        new Case("objects in kube-system and kube-public", KUBERNETES_HEAD + "    namespaces: [{name: kube-system}]\n    serviceAccounts: [{namespace: kube-public, name: x}]\n    roleBindings: [{namespace: training, name: b, clusterRole: view, subjects: [{serviceAccount: {namespace: kube-system, name: default}}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces[0].name: kube-system is a Kubernetes system namespace; autobind leaves kube-* alone unless policy.kubernetes.allow.systemNamespaces is true",
            "function.yaml:10: policy.kubernetes.serviceAccounts[0].namespace: kube-public is a Kubernetes system namespace; autobind leaves kube-* alone unless policy.kubernetes.allow.systemNamespaces is true",
            "function.yaml:11: policy.kubernetes.roleBindings[0].subjects[0].serviceAccount.namespace: kube-system is a Kubernetes system namespace; autobind leaves kube-* alone unless policy.kubernetes.allow.systemNamespaces is true")),
        new Case("wrong types", KUBERNETES_HEAD + "    namespaces: training\n    serviceAccounts: [{namespace: 3, name: [a]}]\n    roleBindings: {name: x}\n    allow: {clusterAdmin: \"yes\"}\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces: expected a list, found a string",
            "function.yaml:10: policy.kubernetes.serviceAccounts[0].name: expected a string, found a list",
            "function.yaml:11: policy.kubernetes.roleBindings: expected a list, found a mapping",
            "function.yaml:12: policy.kubernetes.allow.clusterAdmin: expected true or false, found yes")),
        new Case("unknown keys", KUBERNETES_HEAD + "    namespace: [{name: training}]\n    serviceAccounts: [{namespace: training, name: t, annotations: {a: b}}]\n    clusterRoleBindings: [{name: v, namespace: training, clusterRole: view, subjects: [{group: g}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespace: unknown key; expected one of namespaces, serviceAccounts, roleBindings, clusterRoleBindings, allow",
            "function.yaml:10: policy.kubernetes.serviceAccounts[0].annotations: unknown key; expected one of namespace, name, googleServiceAccount",
            "function.yaml:11: policy.kubernetes.clusterRoleBindings[0].namespace: unknown key; expected one of name, clusterRole, subjects")),
        new Case("hostile names", KUBERNETES_HEAD + "    namespaces: [{name: \"../../etc\"}, {name: \"Training\"}, {name: \"a\\u0000b\"}, {name: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]\n    serviceAccounts: [{namespace: training, name: \"t/../../x\"}]\n    roleBindings: [{namespace: training, name: b, clusterRole: \"view/../admin\", subjects: [{user: \"eve example\"}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces[0].name: ../../etc is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
            "function.yaml:9: policy.kubernetes.namespaces[1].name: Training is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
            "function.yaml:9: policy.kubernetes.namespaces[2].name: a\\u0000b is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
            "function.yaml:9: policy.kubernetes.namespaces[3].name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa is not a namespace name; use up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
            "function.yaml:10: policy.kubernetes.serviceAccounts[0].name: t/../../x is not a Kubernetes object name; use up to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
            "function.yaml:11: policy.kubernetes.roleBindings[0].clusterRole: view/../admin is not a role name; use up to 253 lowercase letters, digits, '-', '.' and ':', starting and ending with a letter or digit",
            "function.yaml:11: policy.kubernetes.roleBindings[0].subjects[0].user: eve example contains whitespace, control or non-ASCII characters")),
        new Case("role and clusterRole together, and neither", KUBERNETES_HEAD + "    roleBindings: [{namespace: training, name: b, role: r, clusterRole: view, subjects: [{group: g}]}, {namespace: training, name: c, subjects: [{group: g}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.roleBindings[0].role: name exactly one of role (a Role in the namespace) and clusterRole",
            "function.yaml:9: policy.kubernetes.roleBindings[1].role: name exactly one of role (a Role in the namespace) and clusterRole")),
        new Case("duplicates", KUBERNETES_HEAD + "    namespaces: [{name: training}, {name: training}]\n    roleBindings: [{namespace: training, name: b, clusterRole: view, subjects: [{group: g}, {group: g}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces[1]: training is declared twice; first on line 9",
            "function.yaml:10: policy.kubernetes.roleBindings[0].subjects[1]: this subject is listed twice")),
        new Case("a Google service account annotation that is not one", KUBERNETES_HEAD + "    serviceAccounts: [{namespace: training, name: t, googleServiceAccount: \"${name}\"}, {namespace: training, name: u, googleServiceAccount: \"alice@example.com\"}]\n", List.of(
            "function.yaml:9: policy.kubernetes.serviceAccounts[0].googleServiceAccount: ${name} is not filled in here; only ${project}, ${serviceAccount} are",
            "function.yaml:9: policy.kubernetes.serviceAccounts[1].googleServiceAccount: alice@example.com is not a Google service account email; write ${serviceAccount} for the standard account, or NAME@PROJECT.iam.gserviceaccount.com")),
        new Case("an empty section", KUBERNETES_HEAD + "    {}\n", List.of(
            "function.yaml:8: policy.kubernetes: declares nothing; add namespaces, serviceAccounts, roleBindings or clusterRoleBindings, or leave the section out")),
        new Case("bad labels", KUBERNETES_HEAD + "    namespaces: [{name: training, labels: {\"Bad Key\": x, team: \"bad value!\", \"example.com/ok\": \"yes\"}}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces[0].labels.Bad Key: Bad Key is not a label key; use [PREFIX/]NAME with a DNS subdomain PREFIX and a NAME of up to 63 letters, digits, '-', '_' and '.'",
            "function.yaml:9: policy.kubernetes.namespaces[0].labels.team: bad value! is not a label value; use up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit")),
        new Case("a subject of two kinds, and of none", KUBERNETES_HEAD + "    roleBindings: [{namespace: training, name: b, clusterRole: view, subjects: [{group: g, user: u}, {}]}]\n", List.of(
            "function.yaml:9: policy.kubernetes.roleBindings[0].subjects[0]: name exactly one of group, user and serviceAccount",
            "function.yaml:9: policy.kubernetes.roleBindings[0].subjects[1]: name exactly one of group, user and serviceAccount")),
        new Case("a binding with no subjects", KUBERNETES_HEAD + "    roleBindings: [{namespace: training, name: b, clusterRole: view, subjects: []}]\n", List.of(
            "function.yaml:9: policy.kubernetes.roleBindings[0].subjects: lists 0 subjects; list 1 to 20")),
        new Case("too many namespaces", KUBERNETES_HEAD + "    namespaces: [{name: ns-0}, {name: ns-1}, {name: ns-2}, {name: ns-3}, {name: ns-4}, {name: ns-5}, {name: ns-6}, {name: ns-7}, {name: ns-8}, {name: ns-9}, {name: ns-10}, {name: ns-11}, {name: ns-12}, {name: ns-13}, {name: ns-14}, {name: ns-15}, {name: ns-16}, {name: ns-17}, {name: ns-18}, {name: ns-19}, {name: ns-20}, {name: ns-21}, {name: ns-22}, {name: ns-23}, {name: ns-24}, {name: ns-25}, {name: ns-26}, {name: ns-27}, {name: ns-28}, {name: ns-29}, {name: ns-30}, {name: ns-31}, {name: ns-32}, {name: ns-33}, {name: ns-34}, {name: ns-35}, {name: ns-36}, {name: ns-37}, {name: ns-38}, {name: ns-39}, {name: ns-40}, {name: ns-41}, {name: ns-42}, {name: ns-43}, {name: ns-44}, {name: ns-45}, {name: ns-46}, {name: ns-47}, {name: ns-48}, {name: ns-49}, {name: ns-50}]\n", List.of(
            "function.yaml:9: policy.kubernetes.namespaces: lists 51 objects; the limit is 50")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithExactlyTheseProblems(Case c) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml", c.yaml(), ShippedKinds.registry()));

    assertThat(e).as("refused").isNotNull();
    assertThat(e.problems()).extracting(Problem::text).containsExactlyElementsOf(c.problems());
  }

  @Test
  void aValidSectionIsReadWithItsPlaceholdersAsWritten() {
    ClusterSetup setup = PolicyFile.parse("function.yaml", KUBERNETES_HEAD + """
            namespaces: [{name: training, labels: {team: ml}}]
            serviceAccounts: [{namespace: training, name: trainer, googleServiceAccount: "${serviceAccount}"}]
            roleBindings:
              - {namespace: training, name: edit, clusterRole: edit, subjects: [{group: "${project}-eng@example.com"},
                 {serviceAccount: {namespace: training, name: trainer}}]}
            clusterRoleBindings: [{name: view, clusterRole: view, subjects: [{user: alice@example.com}]}]
        """, ShippedKinds.registry()).policy().kubernetes().orElseThrow();

    assertThat(setup.namespaces()).containsExactly(new ClusterSetup.Namespace("training", java.util.Map.of("team", "ml")));
    assertThat(setup.serviceAccounts()).containsExactly(new ClusterSetup.ServiceAccount("training", "trainer",
        java.util.Optional.of("${serviceAccount}")));
    assertThat(setup.bindings()).extracting(ClusterSetup.Binding::kind).containsExactly("RoleBinding", "ClusterRoleBinding");
    assertThat(setup.boundRoles()).containsExactly("ClusterRole/edit", "ClusterRole/view");
    assertThat(setup.uses(Placeholder.PROJECT)).isTrue();
  }

  @Test
  void theGuardrailsGiveWayOnlyToAnExplicitAllow() {
    ClusterSetup setup = PolicyFile.parse("function.yaml", KUBERNETES_HEAD + """
            allow: {clusterAdmin: true, systemSubjects: true, systemNamespaces: true}
            serviceAccounts: [{namespace: kube-system, name: auditor}]
            clusterRoleBindings: [{name: break-glass, clusterRole: cluster-admin, subjects: [{group: "system:masters"}]}]
        """, ShippedKinds.registry()).policy().kubernetes().orElseThrow();

    assertThat(setup.bindings()).singleElement().satisfies(b -> assertThat(b.roleName()).isEqualTo("cluster-admin"));
  }

  @Test
  void aNamespaceSetIsValidButWarnsThatItCoversEveryClusterOfTheProject() {
    PolicyFile file = PolicyFile.parse("function.yaml", MEMBER_HEAD + "              - ksaSet: {namespace: training}\n", ShippedKinds.registry());

    assertThat(file.warnings()).extracting(Problem::text).containsExactly(PolicyFileTest.NO_MEMBER_DOMAINS, "function.yaml:11:"
        + " policy.rules[0].grant.serviceAccount[0].members[0]: warning: covers namespace training in every cluster of"
        + " the project that uses the pool, today's and future ones; name one cluster with ksaSet: {cluster: ...} to"
        + " narrow it");
  }

  @Test
  void typedMembersExpandToTheDocumentedPrincipalForms() {
    PolicyFile file = PolicyFile.parse("function.yaml", MEMBER_HEAD
        + "              - ksa: {namespace: training, name: trainer}\n"
        + "              - ksaSet: {cluster: \"${name}\"}\n"
        + "              - ksaSet: {cluster: train-1, location: us-central1-a}\n", ShippedKinds.registry());

    String pool = "iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${workloadPool}";
    assertThat(file.policy().rules().get(0).grant().serviceAccount().get(0).members()).containsExactly(
        "principal://" + pool + "/subject/ns/training/sa/trainer",
        "principalSet://" + pool + "/kubernetes.cluster/https://container.googleapis.com/v1/projects/${project}"
            + "/locations/${location}/clusters/${name}",
        "principalSet://" + pool + "/kubernetes.cluster/https://container.googleapis.com/v1/projects/${project}"
            + "/locations/us-central1-a/clusters/train-1");
  }

  @Test
  void aClusterSetOfTheNewClusterNeedsARuleForClustersOnly() {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyFile.parse("function.yaml",
        MEMBER_HEAD.replace("[gke-cluster]", "[gke-cluster, vertex-model]") + "              - ksaSet: {cluster: \"${name}\"}\n", ShippedKinds.registry()));

    assertThat(e.problems()).extracting(Problem::text).containsExactly("function.yaml:11:"
        + " policy.rules[0].grant.serviceAccount[0].members[0].ksaSet.cluster: a cluster set with ${name} or ${location}"
        + " (or no location) means the new cluster, so the rule must cover gke-cluster only; name the cluster and its"
        + " location");
  }
}
