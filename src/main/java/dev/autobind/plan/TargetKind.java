package dev.autobind.plan;

/** Which IAM policy a target is, and so which API reads and writes it. */
public enum TargetKind {
  /** A project policy: Resource Manager {@code projects/P}. */
  PROJECT,
  /** A service account's own policy: IAM {@code projects/P/serviceAccounts/EMAIL}. */
  SERVICE_ACCOUNT,
  /**
   * A governed resource's own policy, such as a Vertex AI model's: the kind whose full names start with
   * the target's service reads and writes it.
   */
  RESOURCE
}
