package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.ShippedKinds;
import dev.autobind.policy.PolicyFile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesPermissionsTest {

  private static final String HEAD = """
      policy:
        projects: {include: ["ml-*"]}
        serviceAccount: {accountId: ml-trainer}
        rules:
          - {name: r, resources: [gke-cluster], grant: {project: [{role: roles/container.clusterViewer, members: ["group:g@example.com"]}]}}
        kubernetes:
      """;

  /** A kubernetes: section and the permissions it needs, exactly. */
  record Case(String name, String section, List<String> permissions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("namespaces only", "    namespaces: [{name: training}]", List.of(
            "container.namespaces.create", "container.namespaces.get", "container.namespaces.update")),
        new Case("service accounts only", "    serviceAccounts: [{namespace: training, name: trainer}]", List.of(
            "container.serviceAccounts.create", "container.serviceAccounts.get", "container.serviceAccounts.update")),
        new Case("a RoleBinding to a Role", "    roleBindings: [{namespace: training, name: b, role: reader,"
            + " subjects: [{group: g}]}]", List.of("container.roleBindings.create", "container.roleBindings.get",
            "container.roleBindings.update", "container.roles.bind")),
        new Case("a RoleBinding and a ClusterRoleBinding to ClusterRoles", "    roleBindings: [{namespace: training,"
            + " name: b, clusterRole: edit, subjects: [{group: g}]}]\n    clusterRoleBindings: [{name: c, clusterRole:"
            + " view, subjects: [{group: g}]}]", List.of("container.clusterRoleBindings.create",
            "container.clusterRoleBindings.get", "container.clusterRoleBindings.update", "container.clusterRoles.bind",
            "container.roleBindings.create", "container.roleBindings.get", "container.roleBindings.update")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void grantsOnlyWhatTheSectionDeclares(Case c) {
    var setup = PolicyFile.parse("function.yaml", HEAD + c.section() + "\n", ShippedKinds.registry()).policy().kubernetes().orElseThrow();

    assertThat(KubernetesPermissions.of(setup)).containsExactlyElementsOf(c.permissions())
        .noneMatch(p -> p.endsWith(".delete") || p.endsWith(".list") || p.endsWith(".escalate"));
  }
}
