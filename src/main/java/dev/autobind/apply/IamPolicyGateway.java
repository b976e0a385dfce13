package dev.autobind.apply;

import com.google.iam.v1.Policy;
import dev.autobind.kind.PolicyHolder;

/**
 * Reads and writes the IAM policies of one type of holder (projects, service accounts, or one kind's resources).
 * Holds no decisions.
 *
 * @param <H> the holders it serves; it is handed them typed, so it never parses a name back
 */
public interface IamPolicyGateway<H extends PolicyHolder> {

  /** Reads the policy at version 3, so conditional bindings come back whole. */
  Policy read(H holder);

  /** Writes the policy; its etag makes the write fail with ABORTED if the policy changed since the read. */
  Policy write(H holder, Policy policy);
}
