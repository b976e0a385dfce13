package dev.autobind.policy;

/** Where a grant's bindings go: the key under {@code grant:} in function.yaml. */
public enum GrantScope {
  /** The resource's project policy. */
  PROJECT("project"),
  /** The standard service account's own policy (e.g. Workload Identity). */
  SERVICE_ACCOUNT("serviceAccount"),
  /** The resource's own policy; only kinds with resource-level IAM have one. */
  RESOURCE("resource");

  private final String key;

  GrantScope(String key) {
    this.key = key;
  }

  /** The key in function.yaml. */
  public String key() {
    return key;
  }
}
