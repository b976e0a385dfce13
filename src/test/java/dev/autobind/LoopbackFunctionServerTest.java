package dev.autobind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The local function server listens on 127.0.0.1 only, and serves CloudEvents as the invoker does. */
class LoopbackFunctionServerTest {

  @Test
  void itListensOnLoopbackOnlyAndAnswersACloudEvent() throws Exception {
    try (LoopbackFunctionServer server = LoopbackFunctionServer.start(0)) {
      InetSocketAddress address = server.address();

      assertThat(address.getAddress().isLoopbackAddress()).as(address.toString()).isTrue();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()))
          .header("ce-specversion", "1.0").header("ce-id", "loopback-1").header("ce-source", "//test")
          .header("ce-type", "google.cloud.audit.log.v1.written").header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"protoPayload\": ")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("an invalid event is acknowledged, not redelivered").isEqualTo(200);
    }
  }

  @Test
  void anotherAddressOfThisHostIsRefused() throws Exception {
    List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .filter(LoopbackFunctionServerTest::up).flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).toList();
    Assumptions.assumeFalse(others.isEmpty(), "this host has no address but loopback to try");
    try (LoopbackFunctionServer server = LoopbackFunctionServer.start(0)) {
      int port = server.address().getPort();

      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(others.get(0), port), 2_000);
        }
      }).as("connecting to %s:%d", others.get(0), port).isInstanceOf(IOException.class);
    }
  }

  private static boolean up(NetworkInterface i) {
    try {
      return i.isUp();
    } catch (IOException e) {
      return false;
    }
  }
}
