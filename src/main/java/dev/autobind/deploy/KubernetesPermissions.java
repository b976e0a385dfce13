package dev.autobind.deploy;

import dev.autobind.policy.ClusterSetup;
import dev.autobind.policy.ClusterSetup.RoleKind;
import java.util.List;
import java.util.TreeSet;

/**
 * The GKE IAM permissions the function needs to apply a {@code kubernetes:} section inside new clusters,
 * and no more: {@code create}, {@code get} and {@code update} (GKE maps PATCH, and so server-side apply,
 * to {@code update}) on each kind of object the section declares, never {@code delete} or {@code list};
 * and {@code bind} on the kinds of role its bindings name, since Kubernetes lets a binding be created only
 * by someone who holds the role's permissions or may bind it. IAM cannot name single roles, so
 * {@code container.clusterRoles.bind} covers every ClusterRole: see docs/deploy.md. The custom role
 * that holds them is {@link LeastPrivilege#KUBERNETES_OBJECTS}.
 */
public final class KubernetesPermissions {

  private static final List<String> VERBS = List.of("create", "get", "update");

  private KubernetesPermissions() {}

  /** The permissions for {@code setup}, sorted; empty only for a section that declares nothing. */
  public static List<String> of(ClusterSetup setup) {
    TreeSet<String> permissions = new TreeSet<>();
    if (!setup.namespaces().isEmpty()) {
      VERBS.forEach(v -> permissions.add("container.namespaces." + v));
    }
    if (!setup.serviceAccounts().isEmpty()) {
      VERBS.forEach(v -> permissions.add("container.serviceAccounts." + v));
    }
    for (ClusterSetup.Binding binding : setup.bindings()) {
      String collection = binding.namespace().isPresent() ? "roleBindings" : "clusterRoleBindings";
      VERBS.forEach(v -> permissions.add("container." + collection + "." + v));
      permissions.add(binding.roleKind() == RoleKind.ROLE ? "container.roles.bind" : "container.clusterRoles.bind");
    }
    return List.copyOf(permissions);
  }
}
