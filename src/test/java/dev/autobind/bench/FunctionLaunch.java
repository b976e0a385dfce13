package dev.autobind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One cold start of a function in the deployed shape: a fresh JVM running the Functions Framework
 * invoker jar, with the function's jar on the invoker's {@code --classpath}. It is timed from just
 * before the JVM is launched until the first event's HTTP response arrives.
 *
 * @param javaHome the JDK that runs the invoker (the runtime under test)
 * @param invokerJar the java-function-invoker jar
 * @param functionClasspath what the invoker loads the function from
 * @param jvmOptions extra JVM options (CDS archives, class-load logging)
 * @param env variables added to the child's environment
 */
record FunctionLaunch(
    Path javaHome, Path invokerJar, String functionClasspath, List<String> jvmOptions, Map<String, String> env) {

  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FunctionLaunch {
    jvmOptions = List.copyOf(jvmOptions);
    env = Map.copyOf(env);
  }

  FunctionLaunch withJvmOptions(List<String> options) {
    List<String> all = new ArrayList<>(jvmOptions);
    all.addAll(options);
    return new FunctionLaunch(javaHome, invokerJar, functionClasspath, all, env);
  }

  FunctionLaunch withJava(Path home) {
    return new FunctionLaunch(home, invokerJar, functionClasspath, jvmOptions, env);
  }

  /** What one cold start measured, and everything the child printed. */
  record Result(long nanosToFirstResponse, int status, long peakRssKib, long cpuMillis, List<String> output) {
    Result {
      output = List.copyOf(output);
    }

    /** The decision line the function logged for {@code eventId}, if it logged one. */
    boolean logged(String eventId, String outcome) {
      return output.stream().filter(l -> l.startsWith("{")).map(Result::json)
          .anyMatch(j -> j.path("eventId").asText().equals(eventId) && j.path("outcome").asText().equals(outcome));
    }

    private static JsonNode json(String line) {
      try {
        return BenchEvents.JSON.readTree(line);
      } catch (IOException e) {
        return BenchEvents.JSON.missingNode();
      }
    }
  }

  /**
   * Starts the function {@code target}, posts {@code event} (binary mode) as soon as the port accepts,
   * reads the child's peak RSS, then stops it (SIGTERM, so a CDS archive asked for is written).
   */
  Result coldStart(String target, JsonNode event, String eventId) throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", invokerJar.toString(), "--port", Integer.toString(port), "--target", target,
        "--classpath", functionClasspath));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    HttpRequest request = binaryMode(event, eventId, port);
    List<String> output = new CopyOnWriteArrayList<>();

    long start = System.nanoTime();
    Process process = builder.start();
    Thread reader = collect(process, output);
    try {
      HttpResponse<String> response = firstResponse(request, process, output);
      long elapsed = System.nanoTime() - start;
      long rss = peakRssKib(process.pid());
      long cpu = cpuMillis(process.pid());
      awaitDecisionLine(output, eventId);
      return new Result(elapsed, response.statusCode(), rss, cpu, output);
    } finally {
      stop(process);
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  private static HttpResponse<String> firstResponse(HttpRequest request, Process process, List<String> output)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the invoker exited with " + process.exitValue() + ":\n" + String.join("\n", output));
      }
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException notListeningYet) {
        Thread.sleep(2);
      }
    }
    throw new IOException("no response within " + LIMIT + ":\n" + String.join("\n", output));
  }

  /** The line is printed before the response is sent, but the reader thread may not have seen it yet. */
  private static void awaitDecisionLine(List<String> output, String eventId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && output.stream().noneMatch(l -> l.contains(eventId))) {
      Thread.sleep(5);
    }
  }

  private static HttpRequest binaryMode(JsonNode event, String eventId, int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(LIMIT)
        .header("Content-Type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", eventId)
        .header("ce-source", event.path("source").asText())
        .header("ce-type", event.path("type").asText())
        .header("ce-time", event.path("time").asText())
        .POST(HttpRequest.BodyPublishers.ofString(event.path("data").toString()))
        .build();
  }

  /** {@code VmHWM} from /proc: the most resident memory the process has had. */
  static long peakRssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid + "/status");
  }

  /**
   * User plus system CPU time of every thread of the process so far (JIT and GC included), from
   * {@code /proc/PID/stat}, whose times are in clock ticks of 10 ms on Linux.
   */
  static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /**
   * SIGTERM through the process handle, which leaves the output pipe open: {@code Process.destroy()}
   * also closes it, and a JVM that writes an AOT cache at exit (and logs as it does) then dies on the
   * closed pipe without writing it.
   */
  private static void stop(Process process) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static Thread collect(Process process, List<String> output) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          output.add(line);
        }
      } catch (IOException e) {
        output.add("child output unreadable: " + e);
      }
    }, "function-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
