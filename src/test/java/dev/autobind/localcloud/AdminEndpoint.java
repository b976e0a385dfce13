package dev.autobind.localcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP endpoint on 127.0.0.1: {@code GET /state}, {@code GET /calls}, {@code POST /faults},
 * {@code POST /latency}, {@code POST /visibility}, {@code POST /reset}, and for audit entries
 * {@code POST /audit-sink}, {@code POST /iam/remove} and {@code POST /kubernetes/remove}. Bad requests get a 4xx with {@code {"error": "..."}}.
 */
final class AdminEndpoint {

  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final LocalCloud cloud;
  private final HttpServer server;
  private final ExecutorService executor;

  private AdminEndpoint(LocalCloud cloud, HttpServer server, ExecutorService executor) {
    this.cloud = cloud;
    this.server = server;
    this.executor = executor;
  }

  static AdminEndpoint start(LocalCloud cloud, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LocalCloud.LOOPBACK), port), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "local-cloud-admin");
      thread.setDaemon(true);
      return thread;
    });
    AdminEndpoint endpoint = new AdminEndpoint(cloud, server, executor);
    server.createContext("/", endpoint::handle);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  URI uri() {
    return URI.create("http://" + LocalCloud.LOOPBACK + ":" + server.getAddress().getPort());
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestBody());
      } catch (BadRequest e) {
        reply = Reply.error(e.status, e.getMessage());
      } catch (IllegalArgumentException e) {
        reply = Reply.error(400, e.getMessage());
      } catch (RuntimeException e) {
        reply = Reply.error(500, "local cloud failed: " + e);
      }
      byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(reply.status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Reply route(String method, String path, InputStream body) throws IOException {
    return switch (path) {
      case "/state" -> get(method, path, () -> cloud.stateJson());
      case "/kubernetes" -> get(method, path, () -> cloud.kubernetesJson());
      case "/calls" -> get(method, path, () -> json(StateJson.JSON.valueToTree(new TreeMap<>(cloud.calls()))));
      case "/faults" -> post(method, path, () -> faults(jsonBody(body)));
      case "/latency" -> post(method, path, () -> latency(jsonBody(body)));
      case "/visibility" -> post(method, path, () -> visibility(jsonBody(body)));
      case "/reset" -> post(method, path, () -> reset(text(body)));
      case "/audit-sink" -> post(method, path, () -> auditSink(jsonBody(body)));
      case "/iam/remove" -> post(method, path, () -> removeBinding(jsonBody(body)));
      case "/kubernetes/remove" -> post(method, path, () -> removeKubernetesObject(jsonBody(body)));
      default -> throw new BadRequest(404, "no such endpoint: " + path
          + "; try GET /state, GET /kubernetes, GET /calls, POST /faults, POST /latency, POST /visibility, POST /reset,"
          + " POST /audit-sink, POST /iam/remove or POST /kubernetes/remove");
    };
  }

  private static Reply get(String method, String path, Action action) throws IOException {
    if (!method.equals("GET")) {
      throw new BadRequest(405, "use GET for " + path);
    }
    return new Reply(200, action.run());
  }

  private static Reply post(String method, String path, Action action) throws IOException {
    if (!method.equals("POST")) {
      throw new BadRequest(405, "use POST for " + path);
    }
    return new Reply(200, action.run());
  }

  /** {@code {"method","code","count"}} or {@code {"method","code","probability","seed"}}, optional {@code "message"}. */
  private String faults(JsonNode body) {
    fields(body, Set.of("method", "code", "count", "probability", "seed", "message"));
    String method = requiredText(body, "method");
    Status.Code code = code(requiredText(body, "code"));
    String message = body.has("message") ? requiredText(body, "message") : null;
    if (body.has("count") == body.has("probability")) {
      throw new BadRequest(400, "give exactly one of \"count\" or \"probability\"");
    }
    if (body.has("count")) {
      cloud.failNext(method, code, (int) integer(body, "count", 1, 1_000_000), message == null ? "" : message);
    } else {
      if (!body.get("probability").isNumber()) {
        throw new BadRequest(400, "\"probability\" must be a number between 0 and 1");
      }
      long seed = body.has("seed") ? integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0;
      cloud.failRandomly(method, code, body.get("probability").doubleValue(), seed, message == null ? "" : message);
    }
    return ok();
  }

  /** {@code {"method","delayMs"}}; 0 removes the latency. */
  private String latency(JsonNode body) {
    fields(body, Set.of("method", "delayMs"));
    cloud.delay(requiredText(body, "method"), Duration.ofMillis(integer(body, "delayMs", 0, 600_000)));
    return ok();
  }

  /** {@code {"delayMs"}}: how long service accounts created from now on stay invisible. */
  private String visibility(JsonNode body) {
    fields(body, Set.of("delayMs"));
    cloud.visibilityDelay(Duration.ofMillis(integer(body, "delayMs", 0, 86_400_000)));
    return ok();
  }

  /**
   * {@code {"url", "caller"}}: deliver each IAM policy change's audit entry to {@code url} (an http URL on
   * 127.0.0.1, such as the function's) as Eventarc would, taking gRPC callers to be {@code caller}; an empty
   * body stops delivery.
   */
  private String auditSink(JsonNode body) {
    fields(body, Set.of("url", "caller"));
    if (!body.has("url")) {
      cloud.deliverAuditEntries(java.util.Optional.empty(), AuditTrail.DEFAULT_CALLER);
      return ok();
    }
    URI url;
    try {
      url = URI.create(requiredText(body, "url"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "\"url\" is not a URL: " + e.getMessage());
    }
    if (!"http".equals(url.getScheme()) || !LocalCloud.LOOPBACK.equals(url.getHost())) {
      throw new BadRequest(400, "\"url\" must be an http URL on " + LocalCloud.LOOPBACK + ", got " + url);
    }
    cloud.deliverAuditEntries(java.util.Optional.of(url),
        body.has("caller") ? requiredText(body, "caller") : AuditTrail.DEFAULT_CALLER);
    return ok();
  }

  /**
   * {@code {"resource", "role", "member", "principal", "form"}}: remove one member by hand, writing its audit entry;
   * {@code form} ({@code gcloud}, the default, or {@code console}) says how the entry names a service account.
   */
  private String removeBinding(JsonNode body) {
    fields(body, Set.of("resource", "role", "member", "principal", "form"));
    cloud.removeBinding(requiredText(body, "resource"), requiredText(body, "role"), requiredText(body, "member"),
        requiredText(body, "principal"), body.has("form") ? requiredText(body, "form") : "gcloud");
    return ok();
  }

  /**
   * {@code {"cluster", "kind", "namespace", "name", "principal"}}: delete one object inside a cluster
   * ({@code projects/P/locations/L/clusters/C}) as {@code principal} (default: the gRPC caller) would, writing the
   * {@code k8s.io} audit entry; {@code namespace} only for namespaced kinds.
   */
  private String removeKubernetesObject(JsonNode body) {
    fields(body, Set.of("cluster", "kind", "namespace", "name", "principal"));
    String cluster = requiredText(body, "cluster");
    if (!cluster.matches("projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/locations/[a-z][a-z0-9-]{0,62}/clusters/[a-z]([a-z0-9-]{0,38}[a-z0-9])?")) {
      throw new BadRequest(400, "\"cluster\" must be projects/P/locations/L/clusters/C, got '" + cluster + "'");
    }
    java.util.Optional<String> namespace = body.has("namespace")
        ? java.util.Optional.of(objectName(body, "namespace")) : java.util.Optional.empty();
    cloud.removeKubernetesObject(cluster, requiredText(body, "kind"), namespace, objectName(body, "name"),
        body.has("principal") ? requiredText(body, "principal") : AuditTrail.DEFAULT_CALLER);
    return ok();
  }

  /** An empty body returns to the current seed; a body is a new seed in the seed YAML format. */
  private String reset(String body) {
    if (body.isBlank()) {
      cloud.reset();
    } else {
      try {
        cloud.reset(Seed.parse(body, "POST /reset body"));
      } catch (SeedException e) {
        throw new BadRequest(400, e.getMessage());
      }
    }
    return ok();
  }

  private static Status.Code code(String name) {
    try {
      Status.Code code = Status.Code.valueOf(name.toUpperCase(Locale.ROOT));
      if (code != Status.Code.OK) {
        return code;
      }
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "\"code\" must be a gRPC status code name such as UNAVAILABLE, got '" + name + "'");
    }
    throw new BadRequest(400, "\"code\" must be an error status code, not OK");
  }

  private static JsonNode jsonBody(InputStream body) throws IOException {
    String text = text(body);
    try {
      JsonNode node = StateJson.JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new BadRequest(400, "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BadRequest(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void fields(JsonNode body, Set<String> known) {
    for (String name : (Iterable<String>) body::fieldNames) {
      if (!known.contains(name)) {
        throw new BadRequest(400, "unknown field \"" + name + "\"; expected " + known.stream().sorted().toList());
      }
    }
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw new BadRequest(400, "\"" + field + "\" must be a non-empty string");
    }
    return value.textValue();
  }

  /** A Kubernetes object name: lowercase letters, digits, '-', '.' and ':' (RBAC names), at most 253. */
  private static String objectName(JsonNode body, String field) {
    String name = requiredText(body, field);
    if (!name.matches("[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?")) {
      throw new BadRequest(400, "\"" + field + "\" is not a Kubernetes object name: '" + name + "'");
    }
    return name;
  }

  private static long integer(JsonNode body, String field, long min, long max) {
    JsonNode value = body.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()
        || value.longValue() < min || value.longValue() > max) {
      throw new BadRequest(400, "\"" + field + "\" must be an integer from " + min + " to " + max);
    }
    return value.longValue();
  }

  private static String ok() {
    ObjectNode node = StateJson.JSON.createObjectNode();
    node.put("status", "ok");
    return node.toString();
  }

  private static String json(JsonNode node) {
    return node.toString();
  }

  /** One endpoint's work, producing the JSON body of a 200 reply. */
  @FunctionalInterface
  private interface Action {
    String run() throws IOException;
  }

  /** A status code and JSON body. */
  private record Reply(int status, String body) {
    static Reply error(int status, String message) {
      ObjectNode node = StateJson.JSON.createObjectNode();
      node.put("error", message);
      return new Reply(status, node.toString());
    }
  }

  /** A request the endpoint refuses, with its HTTP status. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
