package dev.autobind.policy;

import java.util.Objects;

/**
 * The standard service account autobind creates in every governed project.
 *
 * @param accountId the part before {@code @}, e.g. {@code ml-trainer}
 * @param displayName shown in the console; may use {@code ${project}}; empty when not set
 * @param description may use {@code ${project}}; empty when not set
 */
public record StandardAccount(String accountId, String displayName, String description) {

  public StandardAccount {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(description, "description");
  }

  /** Its email in {@code projectId}. */
  public String email(String projectId) {
    return accountId + "@" + projectId + ".iam.gserviceaccount.com";
  }
}
