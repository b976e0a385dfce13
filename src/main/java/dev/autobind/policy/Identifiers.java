package dev.autobind.policy;

import dev.autobind.kind.NamingRules;
import java.util.regex.Pattern;

/** Google Cloud naming rules the policy file is checked against, with the words used to refuse a name. */
final class Identifiers {

  /** The project id rule, kept once in {@link NamingRules}. */
  static final Pattern PROJECT_ID = Pattern.compile(NamingRules.PROJECT_ID_REGEX);
  static final String PROJECT_ID_RULE =
      "is not a project id; use 6-30 lowercase letters, digits and hyphens, starting with a letter";

  static final Pattern ACCOUNT_ID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])");
  static final String ACCOUNT_ID_RULE = "is not an account id; use 6-30 lowercase letters, digits and hyphens,"
      + " starting with a letter and ending with a letter or digit";

  private Identifiers() {}

  static boolean projectId(String value) {
    return NamingRules.isProjectId(value);
  }

  /** The service account id rule: 6-30 characters, {@code ^[a-z]([-a-z0-9]*[a-z0-9])$}. */
  static boolean accountId(String value) {
    return value.length() >= 6 && value.length() <= 30 && ACCOUNT_ID.matcher(value).matches();
  }
}
