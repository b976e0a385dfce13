package dev.autobind.apply;

import com.google.iam.v1.Policy;

/** Reads and writes the IAM policy of one kind of target. Holds no decisions. */
public interface IamPolicyGateway {

  /** Reads the policy at version 3, so conditional bindings come back whole. */
  Policy read(String resource);

  /** Writes the policy; its etag makes the write fail with ABORTED if the policy changed since the read. */
  Policy write(String resource, Policy policy);
}
