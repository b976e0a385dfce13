package dev.autobind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autobind.AutobindFunction;
import dev.autobind.localcloud.LocalCloud;
import dev.autobind.localcloud.Seed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Figure 1: cold start through the Functions Framework invoker, autobind on a GKE event against the
 * local cloud (no injected latency) versus {@link HelloFunction}, alternating, each pair under the same
 * JDK and the same JVM options, with CPU time next to wall time, peak RSS, the classes each loads, and
 * the levers (a newer runtime, CDS or the AOT cache, JIT and GC options, lazy clients, REST instead of
 * gRPC) measured in the same run.
 *
 * <p>Usage: {@code ColdStartBench --jar target/autobind.jar --work target/bench [--runs 7] [--levers true]
 * [--jdks 17=/usr/lib/jvm/java-17-openjdk-amd64,25=/usr/lib/jvm/temurin-25-jdk-amd64]}; {@code --levers
 * false} leaves out the runs that only measure a lever; {@code --baseline-jar OTHER.jar} adds autobind from
 * another build (e.g. before a pom change) to the alternation. The first JDK of {@code --jdks} is the
 * old runtime, the last the newest (which the lever-only runs use); a JDK from 25 on gets the AOT cache
 * where an older one gets CDS.
 */
public final class ColdStartBench {
  private static final String HELLO = HelloFunction.class.getName();
  private static final String AUTOBIND = AutobindFunction.class.getName();
  private static final String EAGER = EagerClientsFunction.class.getName();
  private static final String GRPC_PROBE = TransportProbeFunction.Grpc.class.getName();
  private static final String REST_PROBE = TransportProbeFunction.Rest.class.getName();
  /** JVM options that suit a short-lived function: C1 only (no C2 compile threads), and the serial GC. */
  static final List<String> JIT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Path work;
  private final FunctionLaunch launch;
  private final Optional<FunctionLaunch> otherJar;
  private final LocalCloud cloud;
  private int events;

  /** A JDK under test: its name in the table ("17"), its home, and its feature release. */
  record Jdk(String name, Path home, int feature) {
    /** JDK 25 brought {@code -XX:AOTCacheOutput}, which records a training run and writes the cache in one step. */
    boolean hasAotCache() {
      return feature >= 25;
    }

    String archiveName() {
      return hasAotCache() ? "AOT cache" : "CDS archive";
    }

    static Jdk parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--jdks entries are NAME=JAVA_HOME, got '" + spec + "'");
      }
      Path home = Path.of(spec.substring(eq + 1));
      return new Jdk(spec.substring(0, eq), home, feature(home));
    }

    /** The feature release from the JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"}). */
    private static int feature(Path home) {
      try {
        String version = Files.readAllLines(home.resolve("release")).stream()
            .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no JAVA_VERSION in " + home.resolve("release")))
            .replaceAll("[^0-9.]", "");
        return Integer.parseInt(version.split("\\.")[0]);
      } catch (IOException e) {
        throw new IllegalArgumentException("--jdks: " + home + " is not a JDK (no release file)", e);
      }
    }
  }

  /** What one cold start runs: which function, on which JDK, with which options (named for the results). */
  private record Variant(String key, String target, Jdk jdk, List<String> options) {}

  private ColdStartBench(Path work, FunctionLaunch launch, Optional<FunctionLaunch> otherJar, LocalCloud cloud) {
    this.work = work;
    this.launch = launch;
    this.otherJar = otherJar;
    this.cloud = cloud;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--jar", "target/autobind.jar",
        "--work", "target/bench", "--runs", "7", "--levers", "true", "--baseline-jar", "",
        "--jdks", defaultJdks()));
    Path work = Path.of(options.get("--work")).toAbsolutePath();
    Path jar = Path.of(options.get("--jar")).toAbsolutePath();
    int runs = Integer.parseInt(options.get("--runs"));
    boolean levers = Boolean.parseBoolean(options.get("--levers"));
    List<Jdk> jdks = Stream.of(options.get("--jdks").split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(Jdk::parse).toList();
    Files.createDirectories(work);
    Path functions = benchFunctions(work.resolve("functions"));
    Optional<Path> otherJar = Optional.of(options.get("--baseline-jar")).filter(p -> !p.isEmpty()).map(Path::of);
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource(BenchEvents.SEED));
        JsonStubServer rest = JsonStubServer.start()) {
      Map<String, String> env = Map.of(
          "AUTOBIND_EMULATOR_HOST", cloud.host(),
          "AUTOBIND_POLICY", BenchEvents.POLICY.toAbsolutePath().toString(),
          TransportProbeFunction.REST_HOST_VARIABLE, rest.host());
      Path java = Path.of(System.getProperty("java.home"));
      FunctionLaunch launch = new FunctionLaunch(java, invokerJar(), jar + ":" + functions, List.of(), env);
      Optional<FunctionLaunch> other = otherJar.map(p -> new FunctionLaunch(java, invokerJar(),
          p.toAbsolutePath() + ":" + functions, List.of(), env));
      new ColdStartBench(work, launch, other, cloud).run(jdks, runs, levers).forEach(Row::print);
    }
  }

  /** This JVM's JDK as "17" (or whatever it is), and Temurin 25 where it is installed. */
  private static String defaultJdks() {
    Path self = Path.of(System.getProperty("java.home"));
    String own = Runtime.version().feature() + "=" + self;
    Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    return Runtime.version().feature() < 25 && Files.isDirectory(temurin25) ? own + ",25=" + temurin25 : own;
  }

  private List<Row> run(List<Jdk> jdks, int runs, boolean levers) throws IOException, InterruptedException {
    Jdk old = jdks.get(0);
    Jdk newest = jdks.get(jdks.size() - 1);
    List<Variant> variants = new ArrayList<>();
    for (Jdk jdk : jdks) {
      for (String target : List.of(HELLO, AUTOBIND)) {
        variants.add(new Variant(key(target, jdk, "default"), target, jdk, List.of()));
        variants.add(new Variant(key(target, jdk, "jit"), target, jdk, JIT_FLAGS));
        // Untimed: writing the archive also warms the page cache for both jars.
        variants.add(new Variant(key(target, jdk, "archive"), target, jdk, concat(archive(target, jdk), JIT_FLAGS)));
      }
    }
    if (levers) {
      variants.add(new Variant("eager", EAGER, newest, JIT_FLAGS));
      variants.add(new Variant("grpc probe", GRPC_PROBE, newest, JIT_FLAGS));
      variants.add(new Variant("rest probe", REST_PROBE, newest, JIT_FLAGS));
    }

    Map<String, List<FunctionLaunch.Result>> results = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      for (Variant v : variants) {
        add(results, v.key(), start(launch.withJava(v.jdk().home()), v.target(), v.options()));
      }
      if (otherJar.isPresent()) {
        add(results, "other jar", start(otherJar.get().withJava(newest.home()), AUTOBIND, JIT_FLAGS));
      }
    }

    List<Row> rows = new ArrayList<>();
    int figure = 0;
    for (Jdk jdk : jdks) {
      for (String options : List.of("default", "jit", "archive")) {
        String what = "Java " + jdk.name() + ", " + switch (options) {
          case "default" -> "default JVM";
          case "jit" -> "C1 + serial GC";
          default -> jdk.archiveName() + " + C1 + serial GC";
        } + (options.equals("jit") ? " (deploy options)" : "");
        String label = "1" + letter(figure++);
        rows.add(Row.measured(label + " cold start to the 1st response, " + what + ", hello world vs autobind",
            millis(results, key(HELLO, jdk, options)), millis(results, key(AUTOBIND, jdk, options)), "ms"));
        rows.add(Row.measured(label + "   CPU time to the 1st response, same",
            cpu(results, key(HELLO, jdk, options)), cpu(results, key(AUTOBIND, jdk, options)), "ms"));
      }
    }
    rows.add(Row.measured("1" + letter(figure++) + " peak RSS (VmHWM), Java " + newest.name()
        + ", C1 + serial GC", rss(results, key(HELLO, newest, "jit")), rss(results, key(AUTOBIND, newest, "jit")),
        "MiB"));
    for (Jdk jdk : jdks) {
      ClassCensus hello = census(HELLO, jdk, List.of(), "");
      ClassCensus autobind = census(AUTOBIND, jdk, List.of(), "");
      rows.add(Row.counted("1" + letter(figure) + " classes loaded to the 1st response, Java " + jdk.name(),
          Row.number(hello.total()), autobind.describe(), (double) autobind.total() / hello.total(), 1));
      ClassCensus archived = census(AUTOBIND, jdk, archiveUse(AUTOBIND, jdk), "-archived");
      rows.add(Row.counted("1" + letter(figure++) + "   of them from the " + jdk.archiveName() + ", autobind",
          Row.number(archived.total()), Row.number(archived.shared()),
          (double) archived.shared() / archived.total(), 1));
    }
    if (jdks.size() > 1) {
      String lever = "1" + letter(figure++) + " lever: Java " + newest.name() + " vs Java " + old.name();
      rows.add(Row.measured(lever + ", autobind, default JVM", millis(results, key(AUTOBIND, old, "default")),
          millis(results, key(AUTOBIND, newest, "default")), "ms"));
      rows.add(Row.measured(lever + ", autobind, C1 + serial GC", millis(results, key(AUTOBIND, old, "jit")),
          millis(results, key(AUTOBIND, newest, "jit")), "ms"));
      rows.add(Row.measured("     same, CPU time", cpu(results, key(AUTOBIND, old, "jit")),
          cpu(results, key(AUTOBIND, newest, "jit")), "ms"));
      rows.add(Row.measured(lever + ", hello world, C1 + serial GC", millis(results, key(HELLO, old, "jit")),
          millis(results, key(HELLO, newest, "jit")), "ms"));
    }
    for (Jdk jdk : jdks) {
      String lever = "1" + letter(figure++) + " lever: " + jdk.archiveName() + " on Java " + jdk.name()
          + " (vs C1 + serial GC alone), autobind";
      rows.add(Row.measured(lever, millis(results, key(AUTOBIND, jdk, "jit")),
          millis(results, key(AUTOBIND, jdk, "archive")), "ms"));
      rows.add(Row.measured("     same, CPU time", cpu(results, key(AUTOBIND, jdk, "jit")),
          cpu(results, key(AUTOBIND, jdk, "archive")), "ms"));
    }
    if (levers) {
      String lazy = key(AUTOBIND, newest, "jit");
      rows.add(Row.measured("1" + letter(figure) + " lever: lazy clients (vs Vertex AI + Asset built eagerly)",
          millis(results, "eager"), millis(results, lazy), "ms"));
      rows.add(Row.measured("1" + letter(figure++) + "   same, CPU time", cpu(results, "eager"), cpu(results, lazy),
          "ms"));
      ClassCensus grpc = census(GRPC_PROBE, newest, JIT_FLAGS, "");
      ClassCensus rest = census(REST_PROBE, newest, JIT_FLAGS, "");
      String label = "1" + letter(figure++);
      rows.add(Row.measured(label + " lever: REST for GKE + Resource Manager (IAM Admin has only gRPC), probe",
          millis(results, "grpc probe"), millis(results, "rest probe"), "ms"));
      rows.add(Row.measured(label + "   same, CPU time", cpu(results, "grpc probe"), cpu(results, "rest probe"), "ms"));
      rows.add(Row.counted(label + "   same, classes loaded", Row.number(grpc.total()), rest.describe(),
          (double) rest.total() / grpc.total(), 1));
    }
    if (otherJar.isPresent()) {
      String label = "1" + letter(figure);
      rows.add(Row.measured(label + " lever: this jar (vs --baseline-jar)", millis(results, "other jar"),
          millis(results, key(AUTOBIND, newest, "jit")), "ms"));
      rows.add(Row.measured(label + "   same, CPU time", cpu(results, "other jar"),
          cpu(results, key(AUTOBIND, newest, "jit")), "ms"));
    }
    return rows;
  }

  private static char letter(int index) {
    return (char) ('a' + index);
  }

  private static String key(String target, Jdk jdk, String options) {
    return target.substring(target.lastIndexOf('.') + 1) + "@" + jdk.name() + "+" + options;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private FunctionLaunch.Result start(FunctionLaunch from, String target, List<String> jvmOptions)
      throws IOException, InterruptedException {
    cloud.reset();
    String id = "bench-cold-" + (++events);
    JsonNode event = BenchEvents.fresh(BenchEvents.GKE, Instant.now());
    FunctionLaunch.Result result = from.withJvmOptions(jvmOptions).coldStart(target, event, id);
    boolean expectsDecision = target.equals(AUTOBIND) || target.equals(EAGER);
    boolean ok = result.status() / 100 == 2 && (!expectsDecision || result.logged(id, "applied"));
    if (!ok) {
      throw new IllegalStateException(target + " answered " + result.status() + " without the expected decision for "
          + id + ":\n" + String.join("\n", result.output()));
    }
    return result;
  }

  private Path archivePath(String target, Jdk jdk) {
    String file = target.substring(target.lastIndexOf('.') + 1) + "-" + jdk.name();
    return work.resolve(file + (jdk.hasAotCache() ? ".aot" : ".jsa"));
  }

  /** The options that use the archive of {@code target} on {@code jdk}. */
  private List<String> archiveUse(String target, Jdk jdk) {
    Path archive = archivePath(target, jdk);
    return List.of((jdk.hasAotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
  }

  /**
   * Writes the archive of {@code target} on {@code jdk} with one untimed training run under the same
   * JIT and GC options, and returns the options that use it. JDK 17 writes a dynamic CDS archive as it
   * exits ({@code -XX:ArchiveClassesAtExit}); JDK 25 records the run and then assembles the AOT cache
   * ({@code -XX:AOTCacheOutput}, JEP 514), which also holds linked classes and method profiles.
   */
  private List<String> archive(String target, Jdk jdk) throws IOException, InterruptedException {
    Path archive = archivePath(target, jdk);
    Files.deleteIfExists(archive);
    String write = (jdk.hasAotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    FunctionLaunch.Result training = start(launch.withJava(jdk.home()), target, concat(List.of(write), JIT_FLAGS));
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("Java " + jdk.name() + " did not write the " + jdk.archiveName() + " " + archive
          + ":\n" + String.join("\n", training.output()));
    }
    return archiveUse(target, jdk);
  }

  private ClassCensus census(String target, Jdk jdk, List<String> options, String suffix)
      throws IOException, InterruptedException {
    Path log = work.resolve("classes-" + target.substring(target.lastIndexOf('.') + 1) + "-" + jdk.name() + suffix
        + ".log");
    Files.deleteIfExists(log);
    start(launch.withJava(jdk.home()), target, concat(options, List.of("-Xlog:class+load=info:file=" + log)));
    return ClassCensus.of(log);
  }

  private static void add(Map<String, List<FunctionLaunch.Result>> results, String variant, FunctionLaunch.Result r) {
    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
  }

  private static Samples millis(Map<String, List<FunctionLaunch.Result>> results, String variant) {
    return Samples.of(results.get(variant).stream().map(r -> r.nanosToFirstResponse() / 1e6).toList());
  }

  private static Samples cpu(Map<String, List<FunctionLaunch.Result>> results, String variant) {
    return Samples.of(results.get(variant).stream().map(FunctionLaunch.Result::cpuMillis).toList());
  }

  private static Samples rss(Map<String, List<FunctionLaunch.Result>> results, String variant) {
    return Samples.of(results.get(variant).stream().map(r -> r.peakRssKib() / 1024.0).toList());
  }

  /** The benchmark's own functions, copied out of the test classes so the child sees nothing else of them. */
  private static Path benchFunctions(Path dir) throws IOException {
    Path pkg = dir.resolve("dev/autobind/bench");
    Files.createDirectories(pkg);
    for (Class<?> type : List.of(HelloFunction.class, EagerClientsFunction.class, TransportProbeFunction.class,
        TransportProbeFunction.Grpc.class, TransportProbeFunction.Rest.class)) {
      String file = type.getName().substring(type.getPackageName().length() + 1) + ".class";
      try (InputStream in = type.getResourceAsStream(file)) {
        if (in == null) {
          throw new IOException("class file not found: " + file);
        }
        Files.copy(in, pkg.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  /** The java-function-invoker jar from this JVM's (test) classpath. */
  static Path invokerJar() {
    try (Stream<String> entries = Stream.of(System.getProperty("java.class.path").split(":"))) {
      return entries.filter(e -> e.contains("java-function-invoker-")).map(Path::of).findFirst()
          .orElseThrow(() -> new IllegalStateException("java-function-invoker is not on the classpath"));
    }
  }

  /**
   * How many classes a JVM loaded, from its {@code -Xlog:class+load} file: in all, from a CDS archive
   * or AOT cache ("shared objects file"), of gRPC and Netty, of gax's HTTP/JSON transport, and of Vertex
   * AI and Cloud Asset (which a GKE event should not need).
   */
  record ClassCensus(long total, long shared, long grpc, long httpJson, long aiplatform, long asset) {
    static ClassCensus of(Path log) throws IOException {
      List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).toList();
      return new ClassCensus(lines.size(), count(lines, "source: shared objects file"),
          count(lines, "] io.grpc.") + count(lines, "] io.netty.") + count(lines, "] io.perfmark."),
          count(lines, "] com.google.api.gax.httpjson.") + count(lines, "] com.google.api.client."),
          count(lines, "aiplatform"), count(lines, "com.google.cloud.asset"));
    }

    private static long count(List<String> lines, String part) {
      return lines.stream().filter(l -> l.contains(part)).count();
    }

    String describe() {
      return Row.number(total) + " (gRPC+Netty " + grpc + ", HTTP/JSON " + httpJson + ", aiplatform " + aiplatform
          + ", asset " + asset + ")";
    }
  }
}
