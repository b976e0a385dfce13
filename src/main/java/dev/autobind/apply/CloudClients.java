package dev.autobind.apply;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EndpointServiceSettings;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceClient;
import com.google.cloud.aiplatform.v1.PersistentResourceServiceSettings;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.admin.v1.IAMSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.cloud.tpu.v2.TpuClient;
import com.google.cloud.tpu.v2.TpuSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place that builds the Google Cloud clients: against the real endpoints with Application
 * Default Credentials, or against the local cloud ({@code AUTOBIND_EMULATOR_HOST}) in plaintext with no
 * credentials. Each client is built on first use and cached, so a GKE event never loads Vertex AI classes.
 */
public final class CloudClients implements AutoCloseable {

  /** The environment variable that sends every Google Cloud call except Pub/Sub to the local cloud. */
  public static final String EMULATOR_HOST_VARIABLE = "AUTOBIND_EMULATOR_HOST";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):[0-9]{1,5}");
  private static final Pattern LOCATION = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}");

  private final Optional<String> emulatorHost;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Map<String, ModelServiceClient> models = new HashMap<>();
  private final Map<String, PersistentResourceServiceClient> persistentResources = new HashMap<>();
  private final Map<String, EndpointServiceClient> endpoints = new HashMap<>();
  private ProjectsClient projects;
  private IAMClient iam;
  private ClusterManagerClient clusters;
  private AssetServiceClient assets;
  private TpuClient tpu;
  private boolean closed;

  private CloudClients(Optional<String> emulatorHost) {
    this.emulatorHost = emulatorHost;
  }

  /** Reads {@code AUTOBIND_EMULATOR_HOST}: set and non-blank means the local cloud, else Google Cloud. */
  public static CloudClients fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()}, over a given environment. */
  public static CloudClients fromEnvironment(Map<String, String> env) {
    String host = env.get(EMULATOR_HOST_VARIABLE);
    return host == null || host.isBlank() ? forGoogleCloud() : forEmulator(host.trim());
  }

  /** Clients for the real endpoints with Application Default Credentials. */
  public static CloudClients forGoogleCloud() {
    return new CloudClients(Optional.empty());
  }

  /** Clients for the local cloud at {@code host:port}, in plaintext with no credentials. */
  public static CloudClients forEmulator(String hostPort) {
    Objects.requireNonNull(hostPort, "hostPort");
    boolean valid = HOST_PORT.matcher(hostPort).matches()
        && Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) <= 65535;
    if (!valid) {
      throw new IllegalArgumentException(EMULATOR_HOST_VARIABLE + " must be HOST:PORT such as 127.0.0.1:8790, got '"
          + hostPort + "'");
    }
    return new CloudClients(Optional.of(hostPort));
  }

  /** The local cloud's {@code host:port}, when the clients talk to it. */
  public Optional<String> emulatorHost() {
    return emulatorHost;
  }

  /** Resource Manager v3 projects. */
  public synchronized ProjectsClient projects() {
    if (projects == null) {
      projects = open(() -> ResourceManager.create(this), "Resource Manager");
    }
    return projects;
  }

  /** IAM Admin v1: service accounts and their policies. */
  public synchronized IAMClient iam() {
    if (iam == null) {
      iam = open(() -> IamAdmin.create(this), "IAM Admin");
    }
    return iam;
  }

  /** GKE cluster manager v1. */
  public synchronized ClusterManagerClient clusters() {
    if (clusters == null) {
      clusters = open(() -> Gke.create(this), "GKE");
    }
    return clusters;
  }

  /** Vertex AI models on the regional endpoint of {@code location}, one cached client per location. */
  public synchronized ModelServiceClient models(String location) {
    return regional(models, location, VertexAi::create);
  }

  /** Vertex AI persistent resources on the regional endpoint of {@code location}, one cached client per location. */
  public synchronized PersistentResourceServiceClient persistentResources(String location) {
    return regional(persistentResources, location, VertexPersistentResources::create);
  }

  /** Vertex AI endpoints on the regional endpoint of {@code location}, one cached client per location. */
  public synchronized EndpointServiceClient endpoints(String location) {
    return regional(endpoints, location, VertexEndpoints::create);
  }

  /** Cloud TPU v2: nodes and queued resources in every zone, on the global endpoint. */
  public synchronized TpuClient tpu() {
    if (tpu == null) {
      tpu = open(() -> CloudTpu.create(this), "Cloud TPU");
    }
    return tpu;
  }

  private <T extends AutoCloseable> T regional(Map<String, T> cache, String location, RegionalFactory<T> factory) {
    String endpoint = vertexEndpoint(location);
    T client = cache.get(location);
    if (client == null) {
      client = open(() -> factory.create(this, endpoint), "Vertex AI (" + location + ")");
      cache.put(location, client);
    }
    return client;
  }

  /** Cloud Asset Inventory, for backfill. */
  public synchronized AssetServiceClient assets() {
    if (assets == null) {
      assets = open(() -> CloudAsset.create(this), "Cloud Asset");
    }
    return assets;
  }

  /** {@code {location}-aiplatform.googleapis.com:443}; a location that is not a region name is refused. */
  static String vertexEndpoint(String location) {
    if (location == null || !LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException("Vertex AI location must be a region such as us-central1, got '"
          + location + "'");
    }
    return location + "-aiplatform.googleapis.com:443";
  }

  /** Closes every client built so far; later calls build nothing. */
  @Override
  public synchronized void close() {
    closed = true;
    RuntimeException failure = null;
    for (AutoCloseable client : opened) {
      try {
        client.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a Google Cloud client failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S settings(B builder,
      String endpoint) throws IOException {
    if (emulatorHost.isPresent()) {
      String host = emulatorHost.get();
      builder.setEndpoint(host)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(host)
              .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
              .build());
    } else if (endpoint != null) {
      builder.setEndpoint(endpoint);
    }
    return builder.build();
  }

  private <T extends AutoCloseable> T open(ClientFactory<T> factory, String what) {
    if (closed) {
      throw new IllegalStateException("the Google Cloud clients are closed; cannot open the " + what + " client");
    }
    try {
      T client = factory.create();
      opened.add(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the " + what + " client"
          + emulatorHost.map(h -> " for the local cloud at " + h).orElse(""), e);
    }
  }

  // One small class per client kind: the JVM verifier loads a settings builder's class wherever it is
  // passed as a ClientSettings.Builder, so keeping those calls out of CloudClients keeps a GKE event from
  // loading any Vertex AI (or Cloud Asset) class.

  /** Builds the Resource Manager client. */
  private static final class ResourceManager {
    static ProjectsClient create(CloudClients clients) throws IOException {
      return ProjectsClient.create(clients.settings(ProjectsSettings.newBuilder(), null));
    }
  }

  /** Builds the IAM Admin client. */
  private static final class IamAdmin {
    static IAMClient create(CloudClients clients) throws IOException {
      return IAMClient.create(clients.settings(IAMSettings.newBuilder(), null));
    }
  }

  /** Builds the GKE client. */
  private static final class Gke {
    static ClusterManagerClient create(CloudClients clients) throws IOException {
      return ClusterManagerClient.create(clients.settings(ClusterManagerSettings.newBuilder(), null));
    }
  }

  /** Builds one regional Vertex AI model client. */
  private static final class VertexAi {
    static ModelServiceClient create(CloudClients clients, String endpoint) throws IOException {
      return ModelServiceClient.create(clients.settings(ModelServiceSettings.newBuilder(), endpoint));
    }
  }

  /** Builds one regional Vertex AI persistent-resource client. */
  private static final class VertexPersistentResources {
    static PersistentResourceServiceClient create(CloudClients clients, String endpoint) throws IOException {
      return PersistentResourceServiceClient.create(
          clients.settings(PersistentResourceServiceSettings.newBuilder(), endpoint));
    }
  }

  /** Builds one regional Vertex AI endpoint client. */
  private static final class VertexEndpoints {
    static EndpointServiceClient create(CloudClients clients, String endpoint) throws IOException {
      return EndpointServiceClient.create(clients.settings(EndpointServiceSettings.newBuilder(), endpoint));
    }
  }

  /** Builds the Cloud TPU client. */
  private static final class CloudTpu {
    static TpuClient create(CloudClients clients) throws IOException {
      return TpuClient.create(clients.settings(TpuSettings.newBuilder(), null));
    }
  }

  /** Builds the Cloud Asset client. */
  private static final class CloudAsset {
    static AssetServiceClient create(CloudClients clients) throws IOException {
      return AssetServiceClient.create(clients.settings(AssetServiceSettings.newBuilder(), null));
    }
  }

  /** Creates one client for a regional endpoint. */
  @FunctionalInterface
  private interface RegionalFactory<T> {
    T create(CloudClients clients, String endpoint) throws IOException;
  }

  /** Creates one client; the client libraries' factories throw IOException. */
  @FunctionalInterface
  private interface ClientFactory<T> {
    T create() throws IOException;
  }
}
