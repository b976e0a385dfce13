package dev.autobind.apply;

import com.google.iam.admin.v1.ServiceAccount;

/** Reads and creates service accounts through the IAM Admin API. Holds no decisions. */
public interface ServiceAccountGateway {

  /** Gets {@code projects/-/serviceAccounts/EMAIL}; throws the API's NOT_FOUND when it is absent or not yet visible. */
  ServiceAccount get(String email);

  /** Creates the account; throws the API's ALREADY_EXISTS when it is there already. */
  ServiceAccount create(String project, String accountId, String displayName, String description);
}
