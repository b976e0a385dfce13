package dev.autobind.localcloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Kubernetes API of each local-cloud cluster: one fabric8 mock API server in CRUD mode per cluster,
 * on a loopback port, started the first time GetCluster reports the cluster's endpoint. It speaks the
 * real Kubernetes REST protocol (objects are stored, read back, listed and patched), but it does not
 * implement server-side apply; see {@code KubernetesClusterGateway}.
 */
final class ClusterApis implements AutoCloseable {

  /** The mock logs every request at INFO; kept referenced so the level holds. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

  private final Map<String, KubernetesMockServer> servers = new TreeMap<>();

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** {@code 127.0.0.1:PORT} of the cluster's API server, starting it on first use. */
  synchronized String endpoint(String cluster) {
    KubernetesMockServer server = servers.computeIfAbsent(cluster, c -> start());
    return LocalCloud.LOOPBACK + ":" + server.getPort();
  }

  /** A client of the cluster's API server, when it was started; the caller closes it. */
  synchronized Optional<KubernetesClient> client(String cluster) {
    return Optional.ofNullable(servers.get(cluster)).map(KubernetesMockServer::createClient);
  }

  /**
   * Deletes one object of a kind autobind applies ({@code Namespace}, {@code ServiceAccount}, {@code RoleBinding},
   * {@code ClusterRoleBinding}) from the cluster's API server, as a person with kubectl would.
   *
   * @throws IllegalArgumentException when the cluster's API server never started, the kind is another, or the
   *     object is not there
   */
  synchronized void remove(String cluster, String kind, Optional<String> namespace, String name) {
    if (!List.of("Namespace", "ServiceAccount", "RoleBinding", "ClusterRoleBinding").contains(kind)) {
      throw new IllegalArgumentException("\"kind\" must be Namespace, ServiceAccount, RoleBinding or"
          + " ClusterRoleBinding, got '" + kind + "'");
    }
    KubernetesMockServer server = servers.get(cluster);
    if (server == null) {
      throw new IllegalArgumentException("the API server of " + cluster + " never started (no GetCluster yet)");
    }
    boolean namespaced = !kind.equals("Namespace") && !kind.equals("ClusterRoleBinding");
    if (namespaced != namespace.isPresent()) {
      throw new IllegalArgumentException(kind + (namespaced ? " needs a \"namespace\"" : " takes no \"namespace\""));
    }
    try (KubernetesClient client = server.createClient()) {
      Resource<? extends HasMetadata> object = switch (kind) {
        case "Namespace" -> client.namespaces().withName(name);
        case "ServiceAccount" -> client.serviceAccounts().inNamespace(namespace.get()).withName(name);
        case "RoleBinding" -> client.rbac().roleBindings().inNamespace(namespace.get()).withName(name);
        case "ClusterRoleBinding" -> client.rbac().clusterRoleBindings().withName(name);
        default -> throw new IllegalStateException("kind " + kind + " was checked above");
      };
      if (object.get() == null) {
        throw new IllegalArgumentException(kind + " " + namespace.map(ns -> ns + "/").orElse("") + name
            + " does not exist in " + cluster);
      }
      object.delete();
    }
  }

  /** Every started cluster's namespaces, service accounts and bindings, by cluster: what try-local shows. */
  synchronized ObjectNode json() {
    ObjectNode out = StateJson.JSON.createObjectNode();
    servers.forEach((cluster, server) -> {
      try (KubernetesClient client = server.createClient()) {
        ObjectNode node = out.putObject(cluster);
        names(node.putArray("namespaces"), client.namespaces().list().getItems());
        names(node.putArray("serviceAccounts"), client.serviceAccounts().inAnyNamespace().list().getItems());
        names(node.putArray("roleBindings"), client.rbac().roleBindings().inAnyNamespace().list().getItems());
        names(node.putArray("clusterRoleBindings"), client.rbac().clusterRoleBindings().list().getItems());
      }
    });
    return out;
  }

  private static void names(ArrayNode into, List<? extends HasMetadata> objects) {
    objects.stream().map(o -> (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
        + o.getMetadata().getName()).sorted().forEach(into::add);
  }

  /** Stops every cluster's API server; clusters start afresh on their next GetCluster. */
  synchronized void reset() {
    servers.values().forEach(KubernetesMockServer::destroy);
    servers.clear();
  }

  @Override
  public void close() {
    reset();
  }

  private static KubernetesMockServer start() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    try {
      server.init(InetAddress.getByName(LocalCloud.LOOPBACK), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + LocalCloud.LOOPBACK, e);
    }
    return server;
  }
}
