package dev.autobind.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which JVM flags {@code function.jvmOptions} may carry: an allowlist of flags that tune memory, garbage
 * collection, compilation, class sharing and logging. Anything else is refused, because a JVM flag can load
 * code into the function (an agent, a boot class path, a system class loader) or run a command (on an error
 * or out of memory), and the function holds the right to change IAM policies.
 */
final class JvmOptions {

  private static final String SIZE = "[0-9]{1,12}[kKmMgGtT]?";
  private static final String NUMBER = "[0-9]{1,9}";
  private static final String PERCENT = "[0-9]{1,3}(\\.[0-9]{1,3})?";
  private static final String FILE = "[-A-Za-z0-9_./]{1,255}";

  /** Each allowed flag's pattern, by what it tunes. */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "memory", List.of("-Xm[sxn]" + SIZE, "-Xss" + SIZE,
          "-XX:(Max|Min|Initial)RAMPercentage=" + PERCENT,
          "-XX:(MaxMetaspaceSize|MetaspaceSize|ReservedCodeCacheSize|MaxDirectMemorySize|CompressedClassSpaceSize"
              + "|InitialHeapSize|MaxHeapSize|MinHeapSize)=" + SIZE,
          "-XX:[+-](UseCompressedOops|UseCompressedClassPointers|AlwaysPreTouch|UseContainerSupport"
              + "|ExitOnOutOfMemoryError|CrashOnOutOfMemoryError|HeapDumpOnOutOfMemoryError)",
          "-XX:ActiveProcessorCount=" + NUMBER),
      "garbage collection", List.of("-XX:[+-]Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC",
          "-XX:[+-](ZGenerational|UseStringDeduplication|ExplicitGCInvokesConcurrent|UseAdaptiveSizePolicy)",
          "-XX:(MaxGCPauseMillis|ParallelGCThreads|ConcGCThreads|GCTimeRatio|G1HeapRegionSize|MinHeapFreeRatio"
              + "|MaxHeapFreeRatio|NewRatio|SurvivorRatio|MaxTenuringThreshold)=" + SIZE),
      "compilation", List.of("-XX:TieredStopAtLevel=[0-4]", "-XX:[+-](TieredCompilation|UseCodeCacheFlushing)",
          "-XX:CICompilerCount=" + NUMBER, "-Xint", "-Xmixed"),
      "class sharing", List.of("-Xshare:(auto|on|off)", "-XX:SharedArchiveFile=" + FILE,
          "-XX:[+-]AutoCreateSharedArchive", "-XX:AOTCache=" + FILE, "-XX:AOTMode=(auto|on|off)",
          "-XX:[+-]UseSharedSpaces"),
      "logging", List.of("-Xlog:[-A-Za-z0-9_,=+*:.]{1,200}", "-verbose:(gc|class|module|jni)",
          "-XX:[+-](PrintCommandLineFlags|PrintFlagsFinal|ShowCodeDetailsInExceptionMessages)",
          "-XX:NativeMemoryTracking=(off|summary|detail)"));

  private static final List<Pattern> PATTERNS = ALLOWED.values().stream().flatMap(List::stream)
      .map(Pattern::compile).toList();

  /** Flags that load or run code, with why, so the refusal says what the flag would do. */
  private static final Map<String, String> DANGEROUS = Map.of(
      "-javaagent", "loads a Java agent into the function",
      "-agentlib", "loads a native agent into the function",
      "-agentpath", "loads a native agent into the function",
      "-XX:OnError", "runs a command when the JVM fails",
      "-XX:OnOutOfMemoryError", "runs a command when the JVM runs out of memory",
      "-Xbootclasspath", "puts classes ahead of the JDK's own",
      "--patch-module", "replaces classes of a module",
      "-Djava.system.class.loader", "loads a class loader of its choice",
      "-XX:+EnableDynamicAgentLoading", "lets agents attach to the running function");

  private JvmOptions() {}

  /** Why {@code option} (one word of jvmOptions) is refused, or empty when the allowlist has it. */
  static Optional<String> problem(String option) {
    if (PATTERNS.stream().anyMatch(p -> p.matcher(option).matches())) {
      return Optional.empty();
    }
    String shown = Problems.shown(option, 60);
    Optional<String> danger = DANGEROUS.entrySet().stream().filter(e -> option.startsWith(e.getKey()))
        .map(Map.Entry::getValue).findFirst();
    return Optional.of(shown + " is refused: " + danger.map(d -> "it " + d + "; ").orElse("")
        + "jvmOptions takes only flags that tune memory, garbage collection, compilation, class sharing and"
        + " logging, such as -Xmx400m, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, -Xshare:auto or -Xlog:gc");
  }
}
