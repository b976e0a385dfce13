package dev.autobind;

import com.google.cloud.functions.invoker.BackgroundFunctionExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves {@link AutobindFunction} on 127.0.0.1 only, for local runs (scripts/try-local.sh, scripts/function.sh).
 *
 * <p>The Functions Framework invoker 2.0.0 cannot do this: its {@code Invoker} gives its Jetty
 * {@code ServerConnector} a port and never a host, so it listens on every interface, and its options are only
 * {@code --port}, {@code --target} and {@code --classpath}. This server uses the invoker's own CloudEvent
 * handler ({@code BackgroundFunctionExecutor}, which decodes binary and structured CloudEvents and calls the
 * function) behind a connector bound to the loopback address. It lives in test code, never in the jar.
 */
public final class LoopbackFunctionServer implements AutoCloseable {
  /** The only address it listens on. */
  public static final String HOST = "127.0.0.1";
  /** The line it prints once it listens, followed by the URL. */
  public static final String READY = "LISTENING ";
  private static final int THREADS = 16;

  private final Server server;
  private final ServerConnector connector;

  private LoopbackFunctionServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts serving the function on {@code port} of 127.0.0.1; 0 picks a free port. */
  public static LoopbackFunctionServer start(int port) throws Exception {
    Server server = new Server(new QueuedThreadPool(THREADS));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(HOST);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(BackgroundFunctionExecutor.forClass(AutobindFunction.class));
    server.start();
    return new LoopbackFunctionServer(server, connector);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return new InetSocketAddress(Objects.requireNonNull(connector.getHost()), connector.getLocalPort());
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return "http://" + HOST + ":" + connector.getLocalPort() + "/";
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** {@code [--port N]}: serves until the process is stopped; prints {@link #READY} and the URL once listening. */
  public static void main(String[] args) throws Exception {
    int port = 8080;
    if (args.length == 2 && args[0].equals("--port") && args[1].matches("[0-9]{1,5}")) {
      port = Integer.parseInt(args[1]);
    } else if (args.length != 0) {
      System.err.println("usage: LoopbackFunctionServer [--port N]   (0 picks a free port; default 8080)");
      System.exit(2);
    }
    LoopbackFunctionServer running;
    try {
      running = start(port);
    } catch (Exception e) {
      // A bad policy or environment setting: one line naming it and its causes, never a stack trace.
      StringBuilder why = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t.getMessage() != null && !why.toString().contains(t.getMessage())) {
          why.append(why.length() == 0 ? "" : ": ").append(t.getMessage().lines().findFirst().orElse(""));
        }
      }
      System.err.println("function.sh: the function cannot start: " + (why.length() == 0 ? e : why));
      System.exit(2);
      return;
    }
    System.err.println(READY + running.url());
    running.server.join();
  }
}
