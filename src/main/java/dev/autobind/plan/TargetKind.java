package dev.autobind.plan;

/** Which IAM policy a target is, and so which API reads and writes it. */
public enum TargetKind {
  /** A project policy: Resource Manager {@code projects/P}. */
  PROJECT,
  /** A service account's own policy: IAM {@code projects/P/serviceAccounts/EMAIL}. */
  SERVICE_ACCOUNT,
  /** A Vertex AI model's policy: {@code projects/P/locations/L/models/M} on the regional endpoint. */
  VERTEX_MODEL
}
