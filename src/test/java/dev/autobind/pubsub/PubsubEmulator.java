package dev.autobind.pubsub;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Pub/Sub emulator that ships with the Google Cloud CLI, run as a child process on a free
 * loopback port, with the admin and pull calls tests need. It is stopped by PID, child processes first.
 * A missing emulator is an error, never a reason to skip.
 */
public final class PubsubEmulator implements AutoCloseable {

  /** Overrides where the emulator's jar is looked for. */
  public static final String JAR_VARIABLE = "AUTOBIND_PUBSUB_EMULATOR_JAR";
  /** Only guards against a hung emulator; nothing asserts on how fast it starts. */
  static final Duration START_GUARD = Duration.ofSeconds(90);
  private static final String JAR_DIRECTORY = "platform/pubsub-emulator/lib";
  private static final String JAR_GLOB = "cloud-pubsub-emulator-*-all.jar";

  private final Process process;
  private final int port;
  private final Path log;
  private final ManagedChannel channel;
  private final TopicAdminClient topics;
  private final SubscriptionAdminClient subscriptions;
  private final Thread stopOnExit;

  private PubsubEmulator(Process process, int port, Path log) throws IOException {
    this.process = process;
    this.port = port;
    this.log = log;
    this.channel = ManagedChannelBuilder.forTarget(host()).usePlaintext().build();
    TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    this.topics = TopicAdminClient.create(TopicAdminSettings.newBuilder().setTransportChannelProvider(channels)
        .setCredentialsProvider(NoCredentialsProvider.create()).build());
    this.subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
        .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
    this.stopOnExit = new Thread(this::stopProcess, "pubsub-emulator-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts the emulator and waits until it answers.
   *
   * @throws IllegalStateException when the emulator is not installed or does not come up
   */
  public static PubsubEmulator start() throws IOException, InterruptedException {
    Path jar = jar();
    int port = freeLoopbackPort();
    Path log = Files.createTempFile("pubsub-emulator-", ".log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--host=127.0.0.1", "--port=" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitReady(process, port, log);
      return new PubsubEmulator(process, port, log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(process.toHandle());
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT}, the value for {@code PUBSUB_EMULATOR_HOST}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public TopicName createTopic(String project, String topic) {
    TopicName name = TopicName.of(project, topic);
    topics.createTopic(name);
    return name;
  }

  /** A pull subscription to {@code topic}, with a minute to acknowledge. */
  public SubscriptionName createSubscription(TopicName topic, String subscription) {
    SubscriptionName name = SubscriptionName.of(topic.getProject(), subscription);
    subscriptions.createSubscription(name, topic, PushConfig.getDefaultInstance(), 60);
    return name;
  }

  /**
   * Pulls and acknowledges until {@code expected} messages have arrived, then checks once more that no
   * further message is waiting. Returns every message pulled, so a test sees extras too.
   *
   * @throws IllegalStateException when fewer arrive within {@code guard}
   */
  public List<ReceivedMessage> pullAll(SubscriptionName subscription, int expected, Duration guard) {
    List<ReceivedMessage> received = new ArrayList<>();
    Instant deadline = Instant.now().plus(guard);
    while (received.size() < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + received.size() + " of " + expected + " messages arrived on "
            + subscription + " within " + guard);
      }
      received.addAll(pullOnce(subscription, false));
    }
    received.addAll(pullOnce(subscription, true));
    return received;
  }

  /** Stops the emulator: its child processes first, then itself, by PID. */
  public void stop() {
    stopProcess();
  }

  @Override
  public void close() {
    try {
      topics.close();
      subscriptions.close();
      channel.shutdownNow();
    } finally {
      stopProcess();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down, and the hook is running or has run.
      }
    }
  }

  /** The emulator's own output, for failure messages. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator's log " + log, e);
    }
  }

  private List<ReceivedMessage> pullOnce(SubscriptionName subscription, boolean returnImmediately) {
    @SuppressWarnings("deprecation")
    PullRequest request = PullRequest.newBuilder().setSubscription(subscription.toString()).setMaxMessages(1_000)
        .setReturnImmediately(returnImmediately).build();
    PullResponse response = subscriptions.pullCallable().call(request);
    List<ReceivedMessage> messages = response.getReceivedMessagesList();
    if (!messages.isEmpty()) {
      subscriptions.acknowledge(subscription, messages.stream().map(ReceivedMessage::getAckId).toList());
    }
    return messages;
  }

  private void stopProcess() {
    stop(process.toHandle());
  }

  private static void stop(ProcessHandle handle) {
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    try {
      handle.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
    }
  }

  private static void awaitReady(Process process, int port, Path log) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_GUARD);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Pub/Sub emulator exited with code " + process.exitValue()
            + " before it answered; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the Pub/Sub emulator did not answer on port " + port + " within " + START_GUARD
        + "; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The emulator jar: from {@value #JAR_VARIABLE}, else under the Google Cloud CLI that {@code gcloud} belongs to. */
  static Path jar() throws IOException, InterruptedException {
    String override = System.getenv(JAR_VARIABLE);
    if (override != null && !override.isBlank()) {
      Path jar = Path.of(override.trim());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(JAR_VARIABLE + " names " + jar + ", which is not a file");
      }
      return jar;
    }
    List<Path> roots = new ArrayList<>();
    gcloudOnPath().map(g -> g.getParent().getParent()).ifPresent(roots::add);
    if (roots.isEmpty() || jarUnder(roots.get(0)).isEmpty()) {
      sdkRootFromGcloud().ifPresent(roots::add);
    }
    return jarIn(roots);
  }

  /**
   * The emulator jar under the first Google Cloud CLI root that has one.
   *
   * @throws IllegalStateException saying where it looked and how to install the emulator
   */
  static Path jarIn(List<Path> sdkRoots) throws IOException {
    for (Path root : sdkRoots) {
      Optional<Path> jar = jarUnder(root);
      if (jar.isPresent()) {
        return jar.get();
      }
    }
    throw new IllegalStateException("The Pub/Sub emulator is missing: no " + JAR_GLOB + " under "
        + (sdkRoots.isEmpty() ? "any Google Cloud CLI (gcloud is not on PATH)"
            : sdkRoots.stream().map(r -> r.resolve(JAR_DIRECTORY).toString()).distinct().toList())
        + ". Install it with `gcloud components install pubsub-emulator` (or the Debian package"
        + " google-cloud-cli-pubsub-emulator), or set " + JAR_VARIABLE + " to the jar.");
  }

  private static Optional<Path> gcloudOnPath() throws IOException {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path gcloud = Path.of(dir, "gcloud");
      if (Files.isExecutable(gcloud)) {
        return Optional.of(gcloud.toRealPath());
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> sdkRootFromGcloud() throws IOException, InterruptedException {
    if (gcloudOnPath().isEmpty()) {
      return Optional.empty();
    }
    Process info = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!info.waitFor(60, TimeUnit.SECONDS) || info.exitValue() != 0 || out.isEmpty()) {
      info.destroyForcibly();
      return Optional.empty();
    }
    return Optional.of(Path.of(out));
  }

  private static Optional<Path> jarUnder(Path root) throws IOException {
    Path dir = root.resolve(JAR_DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, JAR_GLOB)) {
      for (Path jar : jars) {
        return Optional.of(jar);
      }
    }
    return Optional.empty();
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
