package dev.autobind.policy;

import java.util.List;

/** What a rule grants, per scope. */
public record Grant(List<RoleGrant> project, List<RoleGrant> serviceAccount, List<RoleGrant> resource) {

  public Grant {
    project = List.copyOf(project);
    serviceAccount = List.copyOf(serviceAccount);
    resource = List.copyOf(resource);
  }

  /** The entries for one scope. */
  public List<RoleGrant> in(GrantScope scope) {
    return switch (scope) {
      case PROJECT -> project;
      case SERVICE_ACCOUNT -> serviceAccount;
      case RESOURCE -> resource;
    };
  }
}
