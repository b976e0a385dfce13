package dev.autobind.localcloud;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the local cloud standalone in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "local-cloud", mixinStandardHelpOptions = true,
    description = "Serves Resource Manager, IAM, GKE, Vertex AI and Cloud Asset from a seed file over gRPC on"
        + " 127.0.0.1, with an admin HTTP endpoint (GET /state, GET /calls, GET /kubernetes, POST /faults,"
        + " POST /latency, POST /visibility, POST /reset, POST /audit-sink, POST /iam/remove, POST /kubernetes/remove).")
public final class LocalCloudMain implements Callable<Integer> {

  static final int EXIT_BAD_SEED = 2;
  static final int EXIT_CANNOT_START = 1;

  @Option(names = "--seed", required = true, paramLabel = "FILE", description = "The seed YAML file.")
  Path seed;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "The gRPC port on 127.0.0.1 (default: any free port).")
  int port;

  @Option(names = "--admin-port", paramLabel = "M", defaultValue = "0",
      description = "The admin HTTP port on 127.0.0.1 (default: any free port).")
  int adminPort;

  private final PrintStream out;
  private final PrintStream err;

  LocalCloudMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new LocalCloudMain(System.out, System.err)).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Seed world;
    try {
      world = Seed.load(seed);
    } catch (SeedException e) {
      err.println("local-cloud: bad seed: " + e.getMessage());
      return EXIT_BAD_SEED;
    }
    LocalCloud cloud;
    try {
      cloud = LocalCloud.builder().seed(world).port(port).adminPort(adminPort).start();
    } catch (IOException | IllegalArgumentException e) {
      err.println("local-cloud: cannot start: " + reason(e));
      return EXIT_CANNOT_START;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cloud.close();
      err.println("local-cloud: stopped");
    }, "local-cloud-stop"));
    out.println("AUTOBIND_EMULATOR_HOST=" + cloud.host());
    out.println("AUTOBIND_LOCAL_CLOUD_ADMIN=" + cloud.adminUri().orElseThrow());
    out.flush();
    err.println("local-cloud: serving " + world.projects().size() + " project(s) from " + seed
        + "; stop with SIGTERM or Ctrl-C");
    cloud.awaitTermination();
    return 0;
  }

  private static String reason(Exception e) {
    return e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
  }
}
