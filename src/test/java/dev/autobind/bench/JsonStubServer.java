package dev.autobind.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server that answers every request with 200 and an empty JSON object, which an
 * HTTP/JSON client reads as an empty message. It serves {@link TransportProbeFunction.Rest}; no
 * semantics, only the transport's cost.
 */
final class JsonStubServer implements AutoCloseable {
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private JsonStubServer(HttpServer server) {
    this.server = server;
  }

  static JsonStubServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, EMPTY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(EMPTY);
      }
    });
    server.start();
    return new JsonStubServer(server);
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
