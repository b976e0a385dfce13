package dev.autobind.kind;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about a resource beyond its event, as the apply engine reads it from the API.
 * An empty value means "not known" (offline, or not looked up); the planner never guesses it.
 *
 * @param projectId the project id
 * @param projectNumber the project number
 * @param labels the resource's labels
 * @param workloadPool the Workload Identity pool, {@code PROJECT.svc.id.goog}; empty when the cluster
 *     has Workload Identity off, or when it was not looked up
 * @param clusterEndpoint where a cluster's Kubernetes API answers; empty for other kinds, or when not looked up
 */
public record ResourceFacts(String projectId, Optional<String> projectNumber, Optional<Map<String, String>> labels,
    Optional<String> workloadPool, Optional<ClusterEndpoint> clusterEndpoint) {

  public ResourceFacts {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(projectNumber, "projectNumber");
    labels = labels.map(l -> Collections.unmodifiableMap(new TreeMap<>(l)));
    Objects.requireNonNull(workloadPool, "workloadPool");
    Objects.requireNonNull(clusterEndpoint, "clusterEndpoint");
  }

  /** Facts without a cluster endpoint. */
  public ResourceFacts(String projectId, Optional<String> projectNumber, Optional<Map<String, String>> labels,
      Optional<String> workloadPool) {
    this(projectId, projectNumber, labels, workloadPool, Optional.empty());
  }

  /**
   * What the {@code plan} command knows without calling any API: the project id from the event, no
   * project number, no labels, and the workload pool, which GKE always names {@code PROJECT.svc.id.goog}.
   */
  public static ResourceFacts offline(String projectId) {
    return new ResourceFacts(projectId, Optional.empty(), Optional.empty(), Optional.of(workloadPoolOf(projectId)));
  }

  /** The Workload Identity pool GKE uses for a project. */
  public static String workloadPoolOf(String projectId) {
    return NamingRules.workloadPool(projectId);
  }
}
