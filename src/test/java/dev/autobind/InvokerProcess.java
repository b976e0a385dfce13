package dev.autobind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real Functions Framework invoker serving {@link AutobindFunction} in a child JVM, with its own
 * environment, as the platform runs it. Its stdout lines are collected; it is stopped by PID.
 */
public final class InvokerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private InvokerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader = new Thread(this::collect, "invoker-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the invoker on a free loopback port with {@code env} added to this JVM's environment. */
  public static InvokerProcess start(Map<String, String> env) throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "com.google.cloud.functions.invoker.runner.Invoker",
        "--port", Integer.toString(port), "--target", AutobindFunction.class.getName())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    InvokerProcess invoker = new InvokerProcess(builder.start(), port);
    invoker.awaitListening(Duration.ofSeconds(60));
    return invoker;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Every line the function and the invoker printed so far. */
  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  /**
   * The lines that satisfy {@code wanted}, once there is at least one, or none after {@code limit}. The
   * child's output is read by another thread, so a line may trail the HTTP response that it belongs to.
   */
  public List<String> awaitLines(java.util.function.Predicate<String> wanted, Duration limit)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    List<String> found = lines().stream().filter(wanted).toList();
    while (found.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      found = lines().stream().filter(wanted).toList();
    }
    return found;
  }

  private void collect() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("invoker output unreadable: " + e);
    }
  }

  private void awaitListening(Duration limit) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("the invoker exited with " + process.exitValue() + ":\n" + String.join("\n", lines));
      }
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException("the invoker did not listen on port " + port + " within " + limit + ":\n"
        + String.join("\n", lines));
  }

  /** Stops the child JVM by PID, forcibly if it does not end within five seconds. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
