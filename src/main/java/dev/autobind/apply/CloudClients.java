package dev.autobind.apply;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.admin.v1.IAMSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
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
 * The clients of the governed kinds are built by each kind's {@link dev.autobind.apply.KindAccess} through
 * {@link #client}; this class names none of their APIs.
 */
public final class CloudClients implements AutoCloseable {

  /** The environment variable that sends every Google Cloud call except Pub/Sub to the local cloud. */
  public static final String EMULATOR_HOST_VARIABLE = "AUTOBIND_EMULATOR_HOST";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):[0-9]{1,5}");

  private final Optional<String> emulatorHost;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Map<String, AutoCloseable> byKey = new HashMap<>();
  private ProjectsClient projects;
  private IAMClient iam;
  private AssetServiceClient assets;
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

  /**
   * The client cached under {@code key}, built by {@code factory} on first use.
   *
   * @param what names the client in errors, e.g. {@code GKE}
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends AutoCloseable> T client(String key, String what, ClientFactory<T> factory) {
    AutoCloseable client = byKey.get(key);
    if (client == null) {
      client = open(factory, what);
      byKey.put(key, client);
    }
    return (T) client;
  }

  /** Cloud Asset Inventory, for backfill. */
  public synchronized AssetServiceClient assets() {
    if (assets == null) {
      assets = open(() -> CloudAsset.create(this), "Cloud Asset");
    }
    return assets;
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

  /**
   * Finishes a client's settings: the local cloud in plaintext with no credentials, or {@code endpoint}
   * (when not null) with Application Default Credentials.
   */
  public <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S settings(B builder,
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
  // loading any Vertex AI (or Cloud Asset) class. The kinds build theirs in their KindAccess classes for
  // the same reason, never in the pure half every event loads.

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

  /** Builds the Cloud Asset client. */
  private static final class CloudAsset {
    static AssetServiceClient create(CloudClients clients) throws IOException {
      return AssetServiceClient.create(clients.settings(AssetServiceSettings.newBuilder(), null));
    }
  }

  /** Creates one client; the client libraries' factories throw IOException. */
  @FunctionalInterface
  public interface ClientFactory<T> {
    T create() throws IOException;
  }
}
