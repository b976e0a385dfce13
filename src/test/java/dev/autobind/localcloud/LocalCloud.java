package dev.autobind.localcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.iam.v1.Policy;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local cloud: Resource Manager, IAM Admin, GKE, Vertex AI (models, persistent resources and endpoints, with
 * its IAM and Locations mixins), Cloud TPU, Cloud Asset and Cloud Logging's ListLogEntries
 * served over real gRPC on a loopback port, from a seeded world, with test controls.
 *
 * <p>Typical use: {@code try (LocalCloud cloud = LocalCloud.builder().seed(seed).clock(clock).start())},
 * then point {@code CloudClients.forEmulator(cloud.host())} at it.
 */
public final class LocalCloud implements AutoCloseable {

  static final String LOOPBACK = "127.0.0.1";
  private static final Pattern PROJECT = Pattern.compile("projects/([^/]+)");
  private static final Pattern ACCOUNT = Pattern.compile("projects/[^/]+/serviceAccounts/([^/]+)");

  private final World world;
  private final AuditTrail audit;
  private final List<KindFake> fakes;
  private final CallControls controls;
  private final CloudLog log;
  private final Server server;
  private volatile AdminEndpoint admin;
  private volatile Seed seed;

  private LocalCloud(World world, List<KindFake> fakes, CallControls controls, CloudLog log, Server server,
      Seed seed) {
    this.world = world;
    this.audit = new AuditTrail(world.clock());
    world.audit(audit);
    this.fakes = fakes;
    this.controls = controls;
    this.log = log;
    this.server = server;
    this.seed = seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a local cloud on any free loopback port, with the system clock and no admin endpoint. */
  public static LocalCloud start(Seed seed) throws IOException {
    return builder().seed(seed).start();
  }

  /** {@code 127.0.0.1:PORT}, the value for {@code AUTOBIND_EMULATOR_HOST}. */
  public String host() {
    return LOOPBACK + ":" + port();
  }

  public int port() {
    return server.getPort();
  }

  /** The admin HTTP endpoint, when the builder asked for one. */
  public Optional<URI> adminUri() {
    return Optional.ofNullable(admin).map(AdminEndpoint::uri);
  }

  public Clock clock() {
    return world.clock();
  }

  /** The seed that {@link #reset()} returns to. */
  public Seed seed() {
    return seed;
  }

  /** The whole world in the {@code /state} format. */
  public JsonNode state() {
    synchronized (world) {
      return StateJson.of(world);
    }
  }

  /**
   * A client of the Kubernetes API of cluster {@code projects/P/locations/L/clusters/C}, once GetCluster
   * has started it; the caller closes it.
   */
  public Optional<io.fabric8.kubernetes.client.KubernetesClient> kubernetes(String cluster) {
    return world.kubernetes.client(cluster);
  }

  /** Each started cluster's namespaces, service accounts and bindings, as JSON text ({@code GET /kubernetes}). */
  public String kubernetesJson() {
    try {
      return StateJson.JSON.writeValueAsString(world.kubernetes.json());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the clusters' Kubernetes objects", e);
    }
  }

  /** The whole world in the {@code /state} format, as JSON text. */
  public String stateJson() {
    try {
      return StateJson.JSON.writeValueAsString(state());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the local cloud's state", e);
    }
  }

  /**
   * The stored policy (version 3 form, with its current etag) of {@code projects/P},
   * {@code projects/P/serviceAccounts/EMAIL} (visible or not, P may be {@code -}) or
   * {@code projects/P/locations/L/models/ID}.
   */
  public Policy iamPolicy(String resource) {
    synchronized (world) {
      return holder(resource).policy;
    }
  }

  /** Whether a service account with this email exists, visible or not yet. */
  public boolean serviceAccountExists(String email) {
    synchronized (world) {
      return world.findAccount(email).isPresent();
    }
  }

  /** Whether a service account with this email exists and reads can see it now. */
  public boolean serviceAccountVisible(String email) {
    synchronized (world) {
      return world.findAccount(email).filter(world::isVisible).isPresent();
    }
  }

  /**
   * Delivers the audit entry of every IAM policy change from now on to {@code sink}, as Eventarc would
   * (empty: keep them only), taking gRPC callers to be {@code caller}.
   */
  public void deliverAuditEntries(Optional<URI> sink, String caller) {
    audit.deliverTo(sink, caller);
  }

  /** Every audit entry the local cloud has written, oldest first: LogEntry JSON, as the platform writes it. */
  public List<com.fasterxml.jackson.databind.node.ObjectNode> auditEntries() {
    return audit.entries();
  }

  /**
   * Removes {@code member} from {@code role} on {@code resource}'s policy, as {@code principal} would by hand,
   * writing the audit entry of the change.
   *
   * @throws IllegalArgumentException when the resource does not exist or no binding of the role holds the member
   */
  public void removeBinding(String resource, String role, String member, String principal) {
    removeBinding(resource, role, member, principal, AuditTrail.Form.GCLOUD);
  }

  /** As above, the audit entry naming a service account as {@code form} ({@code gcloud} or {@code console}) does. */
  public void removeBinding(String resource, String role, String member, String principal, String form) {
    removeBinding(resource, role, member, principal, AuditTrail.Form.of(form));
  }

  void removeBinding(String resource, String role, String member, String principal, AuditTrail.Form form) {
    synchronized (world) {
      world.removeMember(holder(resource), role, member, principal, form);
    }
  }

  /**
   * Deletes one object inside {@code cluster} ({@code projects/P/locations/L/clusters/C}), as {@code principal}
   * would with kubectl, writing the {@code k8s.io} audit entry of the deletion.
   *
   * @throws IllegalArgumentException when the cluster's API never started, or the object is not there
   */
  public void removeKubernetesObject(String cluster, String kind, Optional<String> namespace, String name,
      String principal) {
    world.kubernetes.remove(cluster, kind, namespace, name);
    audit.kubernetesObjectDeleted(cluster, kind, namespace, name, principal);
  }

  /**
   * The standard output of Cloud Run service {@code service} (a function, 2nd gen) in {@code project} and
   * {@code region}: each line written becomes one entry of its {@code run.googleapis.com/stdout} log, stamped on
   * {@link #clock()}, as Cloud Run writes it, and ListLogEntries serves it.
   */
  public java.io.OutputStream functionStdout(String project, String region, String service) {
    return log.stdout(project, region, service);
  }

  /** Stores one log entry as it is, for ListLogEntries to serve (an insert id is added when it has none). */
  public void writeLogEntry(com.google.logging.v2.LogEntry entry) {
    log.write(entry);
  }

  /** Every log entry stored so far, oldest first. */
  public List<com.google.logging.v2.LogEntry> logEntries() {
    return log.entries();
  }

  /** Calls so far per full gRPC method name (e.g. {@code google.iam.admin.v1.IAM/SetIamPolicy}); only methods called. */
  public Map<String, Long> calls() {
    return controls.counts();
  }

  /** Calls so far to one full gRPC method name. */
  public long calls(String method) {
    return controls.count(method);
  }

  /** Every full gRPC method name the local cloud serves (implemented or UNIMPLEMENTED). */
  public Set<String> methods() {
    return controls.methods();
  }

  /** The next {@code count} calls to {@code method} fail with {@code code}. */
  public void failNext(String method, Status.Code code, int count) {
    controls.failNext(method, code, count, null);
  }

  /** As {@link #failNext(String, Status.Code, int)}, with the status message the client will see. */
  public void failNext(String method, Status.Code code, int count, String message) {
    controls.failNext(method, code, count, message);
  }

  /** Each call to {@code method} fails with {@code code} with this probability, drawn from {@code seed}. */
  public void failRandomly(String method, Status.Code code, double probability, long seed) {
    controls.failRandomly(method, code, probability, seed, null);
  }

  /** As {@link #failRandomly(String, Status.Code, double, long)}, with the status message the client will see. */
  public void failRandomly(String method, Status.Code code, double probability, long seed, String message) {
    controls.failRandomly(method, code, probability, seed, message);
  }

  public void clearFaults() {
    controls.clearFaults();
  }

  /** Every call to {@code method} waits this long before it is served; {@link Duration#ZERO} removes it. */
  public void delay(String method, Duration latency) {
    controls.delay(method, latency);
  }

  /** The latency injected into each call of {@code method} so far, in call order. */
  public List<Duration> injectedDelays(String method) {
    return controls.injectedDelays(method);
  }

  /** How long a service account created from now on stays invisible, measured on {@link #clock()}. */
  public void visibilityDelay(Duration delay) {
    synchronized (world) {
      world.visibilityDelay(delay);
    }
  }

  /** Back to the seed the cloud was started or last reset with; clears counters, faults and latency. */
  public void reset() {
    reset(seed);
  }

  /** Replaces the world with this seed; clears counters, faults and latency. */
  public void reset(Seed newSeed) {
    Objects.requireNonNull(newSeed, "seed");
    synchronized (world) {
      world.load(newSeed);
      seed = newSeed;
    }
    controls.reset();
    audit.clear();
    log.clear();
  }

  /** Blocks until the gRPC server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.stop();
    }
    audit.stop();
    server.shutdownNow();
    world.kubernetes.close();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private World.PolicyHolder holder(String resource) {
    Matcher project = PROJECT.matcher(resource);
    Matcher account = ACCOUNT.matcher(resource);
    Optional<? extends World.PolicyHolder> found;
    if (project.matches()) {
      found = world.findProject(project.group(1));
    } else if (account.matches()) {
      found = world.findAccount(account.group(1));
    } else {
      found = resourcePolicy(resource);
    }
    return found.orElseThrow(() -> new IllegalArgumentException("no such resource in the local cloud: " + resource));
  }

  /** A resource's own policy; a name some fake knows but that names nothing is no resource either. */
  private Optional<World.PolicyHolder> resourcePolicy(String resource) {
    try {
      return ResourceIamService.find(world, fakes, resource);
    } catch (StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /** Builds and starts a local cloud. */
  public static final class Builder {
    private Seed seed = Seed.empty();
    private Clock clock = Clock.systemUTC();
    private int port;
    private int adminPort = -1;
    private final List<KindFake> fakes = new ArrayList<>(KindFakes.SHIPPED);

    private Builder() {}

    /** Also serve the fake of a kind a test adds, after the shipped kinds' fakes. */
    Builder fake(KindFake fake) {
      fakes.add(Objects.requireNonNull(fake, "fake"));
      return this;
    }

    public Builder seed(Seed value) {
      this.seed = Objects.requireNonNull(value, "seed");
      return this;
    }

    /** The clock visibility delays are measured on; a {@link ManualClock} makes them deterministic. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The gRPC port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int value) {
      this.port = checkPort(value);
      return this;
    }

    /** Also serve the admin HTTP endpoint on 127.0.0.1; 0 picks a free port. Off by default. */
    public Builder adminPort(int value) {
      this.adminPort = checkPort(value);
      return this;
    }

    public LocalCloud start() throws IOException {
      World world = new World(clock);
      world.load(seed);
      CloudLog log = new CloudLog(clock);
      List<BindableService> services = new ArrayList<>(List.of(new ProjectsService(world), new FoldersService(world),
          new ServiceAccountsService(world), new ResourceIamService(world, fakes), new AssetSearchService(world),
          new LoggingService(world, log)));
      fakes.forEach(fake -> services.addAll(fake.services(world)));
      List<ServerServiceDefinition> definitions = services.stream().map(BindableService::bindService).toList();
      CallControls controls = new CallControls(definitions.stream()
          .flatMap(d -> d.getMethods().stream())
          .map(m -> m.getMethodDescriptor().getFullMethodName())
          .collect(Collectors.toSet()));
      NettyServerBuilder server = NettyServerBuilder
          .forAddress(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port))
          .intercept(new ControlInterceptor(controls));
      definitions.forEach(server::addService);
      LocalCloud cloud = new LocalCloud(world, List.copyOf(fakes), controls, log, server.build().start(), seed);
      if (adminPort >= 0) {
        try {
          cloud.admin = AdminEndpoint.start(cloud, adminPort);
        } catch (IOException e) {
          cloud.close();
          throw e;
        }
      }
      return cloud;
    }

    private static int checkPort(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + value);
      }
      return value;
    }
  }
}
