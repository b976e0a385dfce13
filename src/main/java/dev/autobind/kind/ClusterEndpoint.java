package dev.autobind.kind;

import java.util.Objects;

/**
 * Where a GKE cluster's Kubernetes API answers, as {@code GetCluster} reports it.
 *
 * @param host the DNS-based control-plane endpoint when the cluster has one, else its IP endpoint
 * @param caCertificate the cluster's CA certificate, base64-encoded PEM ({@code masterAuth.clusterCaCertificate});
 *     empty when GKE reports none
 * @param dnsBased whether {@code host} is the DNS-based endpoint, which serves a publicly trusted certificate
 */
public record ClusterEndpoint(String host, String caCertificate, boolean dnsBased) {

  public ClusterEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(caCertificate, "caCertificate");
  }
}
