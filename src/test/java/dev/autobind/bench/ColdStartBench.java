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
 * local cloud (no injected latency) versus {@link HelloFunction}, alternating, with peak RSS, CPU
 * time, the classes each loads, and the levers (CDS archive, JIT and GC options, lazy clients)
 * measured in the same run.
 *
 * <p>Usage: {@code ColdStartBench --jar target/autobind.jar --work target/bench [--runs 7] [--levers true]};
 * {@code --levers false} leaves out the runs that only measure a lever; {@code --baseline-jar OTHER.jar}
 * adds autobind from another build (e.g. before a pom change) to the alternation.
 */
public final class ColdStartBench {
  private static final String HELLO = HelloFunction.class.getName();
  private static final String AUTOBIND = AutobindFunction.class.getName();
  private static final String EAGER = EagerClientsFunction.class.getName();
  /** JVM options that suit a short-lived function: C1 only (no C2 compile threads), and the serial GC. */
  static final List<String> JIT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Path work;
  private final FunctionLaunch launch;
  private final Optional<FunctionLaunch> otherJar;
  private final LocalCloud cloud;
  private int events;

  private ColdStartBench(Path work, FunctionLaunch launch, Optional<FunctionLaunch> otherJar, LocalCloud cloud) {
    this.work = work;
    this.launch = launch;
    this.otherJar = otherJar;
    this.cloud = cloud;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args, Map.of("--jar", "target/autobind.jar",
        "--work", "target/bench", "--runs", "7", "--levers", "true", "--baseline-jar", ""));
    Path work = Path.of(options.get("--work")).toAbsolutePath();
    Path jar = Path.of(options.get("--jar")).toAbsolutePath();
    int runs = Integer.parseInt(options.get("--runs"));
    boolean levers = Boolean.parseBoolean(options.get("--levers"));
    Files.createDirectories(work);
    Path functions = benchFunctions(work.resolve("functions"));
    Optional<Path> otherJar = Optional.of(options.get("--baseline-jar")).filter(p -> !p.isEmpty()).map(Path::of);
    try (LocalCloud cloud = LocalCloud.start(Seed.fromResource(BenchEvents.SEED))) {
      Map<String, String> env = Map.of(
          "AUTOBIND_EMULATOR_HOST", cloud.host(),
          "AUTOBIND_POLICY", BenchEvents.POLICY.toAbsolutePath().toString());
      FunctionLaunch launch = new FunctionLaunch(invokerJar(), jar + ":" + functions, List.of(), env);
      Optional<FunctionLaunch> other = otherJar.map(p -> new FunctionLaunch(invokerJar(),
          p.toAbsolutePath() + ":" + functions, List.of(), env));
      new ColdStartBench(work, launch, other, cloud).run(runs, levers).forEach(Row::print);
    }
  }

  private List<Row> run(int runs, boolean levers) throws IOException, InterruptedException {
    Path autobindArchive = work.resolve("autobind.jsa");
    Path helloArchive = work.resolve("hello.jsa");
    // Untimed: writing the CDS archives also warms the page cache for both jars.
    archive(AUTOBIND, autobindArchive);
    archive(HELLO, helloArchive);
    List<String> autobindDeploy = concat(List.of("-XX:SharedArchiveFile=" + autobindArchive), JIT_FLAGS);
    List<String> helloDeploy = concat(List.of("-XX:SharedArchiveFile=" + helloArchive), JIT_FLAGS);

    Map<String, List<FunctionLaunch.Result>> results = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      add(results, "hello", start(HELLO, List.of()));
      add(results, "autobind", start(AUTOBIND, List.of()));
      add(results, "autobind+deploy", start(AUTOBIND, autobindDeploy));
      if (levers) {
        add(results, "hello+deploy", start(HELLO, helloDeploy));
        add(results, "autobind+cds", start(AUTOBIND, List.of("-XX:SharedArchiveFile=" + autobindArchive)));
        add(results, "autobind+jit", start(AUTOBIND, JIT_FLAGS));
        add(results, "eager", start(EAGER, List.of()));
      }
      if (otherJar.isPresent()) {
        add(results, "other jar", start(otherJar.get(), AUTOBIND, List.of()));
      }
    }
    ClassCensus hello = census(HELLO);
    ClassCensus autobind = census(AUTOBIND);

    List<Row> rows = new ArrayList<>();
    rows.add(Row.measured("1a cold start to the 1st response, GKE event, default JVM", millis(results, "hello"),
        millis(results, "autobind"), "ms"));
    rows.add(Row.measured("1b   autobind with deploy options (CDS, C1, serial GC)",
        millis(results, "hello"), millis(results, "autobind+deploy"), "ms"));
    rows.add(Row.measured("1c CPU time to the 1st response, default JVM",
        cpu(results, "hello"), cpu(results, "autobind"), "ms"));
    rows.add(Row.measured("1d   autobind with deploy options", cpu(results, "hello"),
        cpu(results, "autobind+deploy"), "ms"));
    rows.add(Row.measured("1e peak RSS (VmHWM), default JVM", rss(results, "hello"),
        rss(results, "autobind"), "MiB"));
    rows.add(Row.measured("1f   autobind with deploy options", rss(results, "hello"), rss(results, "autobind+deploy"),
        "MiB"));
    rows.add(Row.counted("1g classes loaded to the 1st response", Row.number(hello.total()),
        Row.number(autobind.total()) + " (aiplatform " + autobind.aiplatform() + ", asset " + autobind.asset() + ")",
        (double) autobind.total() / hello.total(), 1));
    if (levers) {
      rows.add(Row.measured("1h cold start, both with deploy options", millis(results, "hello+deploy"),
          millis(results, "autobind+deploy"), "ms"));
      rows.add(Row.measured("1i lever: CDS archive (vs autobind, default JVM)", millis(results, "autobind"),
          millis(results, "autobind+cds"), "ms"));
      rows.add(Row.measured("1j lever: C1 + serial GC (vs autobind, default JVM)", millis(results, "autobind"),
          millis(results, "autobind+jit"), "ms"));
      rows.add(Row.measured("1k lever: deploy options (vs autobind, default JVM)",
          millis(results, "autobind"), millis(results, "autobind+deploy"), "ms"));
      rows.add(Row.measured("1l lever: lazy clients (vs Vertex AI + Asset built eagerly)",
          millis(results, "eager"), millis(results, "autobind"), "ms"));
      rows.add(Row.measured("1m   same, CPU time", cpu(results, "eager"), cpu(results, "autobind"), "ms"));
    }
    if (otherJar.isPresent()) {
      rows.add(Row.measured("1n lever: this jar (vs --baseline-jar)", millis(results, "other jar"),
          millis(results, "autobind"), "ms"));
      rows.add(Row.measured("1o   same, CPU time", cpu(results, "other jar"), cpu(results, "autobind"), "ms"));
    }
    return rows;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private FunctionLaunch.Result start(String target, List<String> jvmOptions) throws IOException, InterruptedException {
    return start(launch, target, jvmOptions);
  }

  private FunctionLaunch.Result start(FunctionLaunch from, String target, List<String> jvmOptions)
      throws IOException, InterruptedException {
    cloud.reset();
    String id = "bench-cold-" + (++events);
    JsonNode event = BenchEvents.fresh(BenchEvents.GKE, Instant.now());
    FunctionLaunch.Result result = from.withJvmOptions(jvmOptions).coldStart(target, event, id);
    boolean ok = result.status() / 100 == 2 && (target.equals(HELLO) || result.logged(id, "applied"));
    if (!ok) {
      throw new IllegalStateException(target + " answered " + result.status() + " without the expected decision for "
          + id + ":\n" + String.join("\n", result.output()));
    }
    return result;
  }

  /** One run with {@code -XX:ArchiveClassesAtExit}; the JVM writes the archive as it stops. */
  private void archive(String target, Path archive) throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    start(target, concat(List.of("-XX:ArchiveClassesAtExit=" + archive), JIT_FLAGS));
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the JVM did not write the CDS archive " + archive);
    }
  }

  private ClassCensus census(String target) throws IOException, InterruptedException {
    Path log = work.resolve("classes-" + target.substring(target.lastIndexOf('.') + 1) + ".log");
    Files.deleteIfExists(log);
    start(target, List.of("-Xlog:class+load=info:file=" + log));
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
    for (Class<?> type : List.of(HelloFunction.class, EagerClientsFunction.class)) {
      String file = type.getSimpleName() + ".class";
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

  /** How many classes a JVM loaded, from its {@code -Xlog:class+load} file, and how many of them are unwanted. */
  record ClassCensus(long total, long aiplatform, long asset) {
    static ClassCensus of(Path log) throws IOException {
      List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).toList();
      return new ClassCensus(lines.size(), lines.stream().filter(l -> l.contains("aiplatform")).count(),
          lines.stream().filter(l -> l.contains("com.google.cloud.asset")).count());
    }
  }
}
