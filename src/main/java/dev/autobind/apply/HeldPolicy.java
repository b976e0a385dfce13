package dev.autobind.apply;

import com.google.iam.v1.Policy;

/** One holder's IAM policy with the gateway that serves its type: what the applier reads and writes. */
public interface HeldPolicy {

  /** Reads the policy at version 3. */
  Policy read();

  /** Writes the policy, guarded by its etag. */
  Policy write(Policy policy);
}
