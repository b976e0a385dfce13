package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autobind.kinds.ShippedKinds;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Policy#uses}: whether any grant (its role, a member, its condition) or the kubernetes: section names a
 * placeholder. The applier reads the project number only when the policy uses it, so a wrong answer either costs a
 * GetProject on every event or plans without a value the policy needs.
 */
class PolicyUsesTest {
  private static final String HEAD = """
      policy:
        projects: {include: ["ml-*"]}
        serviceAccount: {accountId: ml-trainer}
        rules:
          - name: r
            resources: [gke-cluster]
            grant:
      """;
  private static final String PLAIN = "        project: [{role: roles/container.clusterViewer, members: [\"group:a@example.com\"]}]\n";

  record Case(String name, String grants, Placeholder asked, boolean used) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing uses any placeholder", PLAIN, Placeholder.PROJECT_NUMBER, false),
        new Case("a ksa member needs the project number", """
                    project: [{role: roles/container.clusterViewer, members: [{ksa: {namespace: training, name: trainer}}]}]
            """, Placeholder.PROJECT_NUMBER, true),
        new Case("a member names the standard account, not the project", """
                    project: [{role: roles/container.clusterViewer, members: ["serviceAccount:${serviceAccount}"]}]
            """, Placeholder.PROJECT, false),
        new Case("a member names the standard account", """
                    project: [{role: roles/container.clusterViewer, members: ["serviceAccount:${serviceAccount}"]}]
            """, Placeholder.SERVICE_ACCOUNT, true),
        new Case("only a condition's description names the project", """
                    project:
                      - role: roles/storage.objectViewer
                        members: ["group:a@example.com"]
                        condition: {title: t, description: "the ${project} bucket", expression: "resource.name == 'b'"}
            """, Placeholder.PROJECT, true),
        new Case("only a condition's expression names the cluster", """
                    project:
                      - role: roles/storage.objectViewer
                        members: ["group:a@example.com"]
                        condition: {title: t, expression: "resource.name == 'projects/_/buckets/${name}'"}
            """, Placeholder.NAME, true),
        new Case("a condition that names nothing", """
                    project:
                      - role: roles/storage.objectViewer
                        members: ["group:a@example.com"]
                        condition: {title: t, expression: "resource.name == 'b'"}
            """, Placeholder.NAME, false),
        new Case("only a grant on the standard account's own policy uses it", PLAIN + """
                    serviceAccount: [{role: roles/iam.serviceAccountUser, members: ["group:${project}-eng@example.com"]}]
            """, Placeholder.PROJECT, true),
        new Case("only the kubernetes: section uses it", PLAIN + """
              kubernetes:
                namespaces: [{name: training}]
                roleBindings:
                  - {namespace: training, name: e, clusterRole: edit, subjects: [{group: "${project}-eng@example.com"}]}
            """, Placeholder.PROJECT, true),
        new Case("the kubernetes: section uses another", PLAIN + """
              kubernetes:
                namespaces: [{name: training}]
                roleBindings:
                  - {namespace: training, name: e, clusterRole: edit, subjects: [{group: "${project}-eng@example.com"}]}
            """, Placeholder.PROJECT_NUMBER, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void usesIsTrueExactlyWhenSomethingNamesThePlaceholder(Case c) {
    Policy policy = PolicyFile.parse("function.yaml", HEAD + c.grants(), ShippedKinds.registry()).policy();

    assertThat(policy.uses(c.asked())).isEqualTo(c.used());
  }
}
