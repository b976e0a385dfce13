package dev.autobind.plan;

import dev.autobind.kind.PolicyHolder;
import java.util.Objects;

/** The standard service account a plan ensures exists, with its names filled in for one project. */
public record ServiceAccountSpec(String project, String accountId, String email, String displayName, String description) {

  public ServiceAccountSpec {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(description, "description");
  }

  /** {@code projects/P/serviceAccounts/EMAIL}, as IAM's GetServiceAccount takes it. */
  public String resourceName() {
    return "projects/" + project + "/serviceAccounts/" + email;
  }

  /** Its own IAM policy, where {@code grant.serviceAccount} bindings go. */
  public PolicyHolder.ServiceAccount target() {
    return PolicyHolder.serviceAccount(project, email);
  }
}
