package dev.autobind.kind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the deployment must set up for one kind: the APIs the function calls for it, and how the
 * function's own account may read it (and, with resource IAM, read and set its policy).
 *
 * @param apis the services to enable, the kind's own service
 * @param viewerRole a narrow predefined role that reads the kind, when one exists
 * @param permissions permissions no narrow predefined role holds, for autobind's custom role
 */
public record KindDeployment(List<String> apis, Optional<ViewerRole> viewerRole, List<String> permissions) {

  public KindDeployment {
    apis = List.copyOf(apis);
    Objects.requireNonNull(viewerRole, "viewerRole");
    permissions = List.copyOf(permissions);
  }

  /**
   * A predefined role granted unconditionally to the function's account.
   *
   * @param reason why the deployment grants it, as the deploy plan explains the step
   */
  public record ViewerRole(String role, String reason) {
    public ViewerRole {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
