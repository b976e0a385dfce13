package dev.autobind.apply;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import java.util.Locale;
import java.util.Optional;

/** What an API failure means for the event: wait and redo, redeliver later, or give up. */
public enum Fault {
  /** ABORTED: the policy changed under us; redo the whole read-modify-write. */
  CONFLICT,
  /** The service is briefly unable to answer; the same call can succeed later. */
  TRANSIENT,
  /** The named thing does not exist (or is not visible to us). */
  NOT_FOUND,
  /** The service account autobind just created is not yet visible everywhere in IAM. */
  ACCOUNT_NOT_VISIBLE,
  /** No retry can fix it: missing permission, a role not grantable here, a policy too large. */
  PERMANENT;

  /** Whether the same call may succeed later by itself, so a delivery that needed its answer is worth redelivering. */
  public boolean passes() {
    return this == TRANSIENT || this == CONFLICT;
  }

  /**
   * Classifies a failure. {@code newAccount} is the email of a service account this invocation has
   * just created, if any: only for that account do "does not exist" and "(or it may not exist)" mean
   * "not visible yet" rather than a real error, since a missing permission reads the same way.
   */
  public static Fault of(ApiException e, Optional<String> newAccount) {
    StatusCode.Code code = e.getStatusCode().getCode();
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    boolean namesNewAccount = newAccount.map(a -> message.contains(a.toLowerCase(Locale.ROOT))).orElse(false);
    switch (code) {
      case ABORTED:
        return CONFLICT;
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case RESOURCE_EXHAUSTED:
      case INTERNAL:
      case UNKNOWN:
      case CANCELLED:
        return TRANSIENT;
      case NOT_FOUND:
        return NOT_FOUND;
      case INVALID_ARGUMENT:
        return namesNewAccount && message.contains("does not exist") ? ACCOUNT_NOT_VISIBLE : PERMANENT;
      case PERMISSION_DENIED:
        return newAccount.isPresent() && message.contains("may not exist") ? ACCOUNT_NOT_VISIBLE : PERMANENT;
      default:
        return PERMANENT;
    }
  }
}
