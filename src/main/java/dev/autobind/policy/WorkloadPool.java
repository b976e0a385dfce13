package dev.autobind.policy;

import dev.autobind.kind.NamingRules;

/** The one rule for a GKE Workload Identity pool's name: {@code PROJECT_ID.svc.id.goog}. */
public final class WorkloadPool {

  static final String SUFFIX = NamingRules.WORKLOAD_POOL_SUFFIX;
  static final String RULE = "is not a Workload Identity pool; use PROJECT_ID" + SUFFIX;

  private WorkloadPool() {}

  /** The pool GKE gives the clusters of {@code projectId}. */
  public static String of(String projectId) {
    return NamingRules.workloadPool(projectId);
  }

  static boolean wellFormed(String pool) {
    return pool.endsWith(SUFFIX) && Identifiers.projectId(pool.substring(0, pool.length() - SUFFIX.length()));
  }
}
