package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** function.jvmOptions by allowlist: flags that tune the JVM pass, flags that load or run code are refused. */
class JvmOptionsTest {

  /** One JVM option, and whether it is allowed; a refused one's message starts with {@code refusal}. */
  record Case(String option, boolean allowed, String refusal) {
    @Override
    public String toString() {
      return option + (allowed ? " allowed" : " refused");
    }
  }

  static Case allowed(String option) {
    return new Case(option, true, "");
  }

  static Case refused(String option, String why) {
    return new Case(option, false, why);
  }

  static final String TUNING = "jvmOptions takes only flags that tune memory, garbage collection, compilation, class"
      + " sharing and logging, such as -Xmx400m, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, -Xshare:auto or -Xlog:gc";

  static Stream<Case> cases() {
    return Stream.of(
        allowed("-XX:TieredStopAtLevel=1"), allowed("-XX:+UseSerialGC"), allowed("-XX:-UseG1GC"), allowed("-Xmx400m"),
        allowed("-Xss512k"), allowed("-XX:MaxRAMPercentage=75.0"), allowed("-XX:MaxMetaspaceSize=128m"),
        allowed("-XX:+ExitOnOutOfMemoryError"), allowed("-XX:ActiveProcessorCount=2"), allowed("-XX:+UseZGC"),
        allowed("-XX:MaxGCPauseMillis=200"), allowed("-XX:CICompilerCount=2"), allowed("-Xshare:auto"),
        allowed("-XX:SharedArchiveFile=/workspace/app.jsa"), allowed("-XX:AOTCache=app.aot"),
        allowed("-Xlog:gc*:stderr"), allowed("-verbose:gc"), allowed("-XX:NativeMemoryTracking=summary"),
        refused("-javaagent:/tmp/a.jar", "-javaagent:/tmp/a.jar is refused: it loads a Java agent into the function; "),
        refused("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-agentlib:jdwp=transport=dt_socket,server="
            + "y,address=5005 is refused: it loads a native agent into the function; "),
        refused("-agentpath:/lib/x.so", "-agentpath:/lib/x.so is refused: it loads a native agent into the function; "),
        refused("-XX:OnError=curl", "-XX:OnError=curl is refused: it runs a command when the JVM fails; "),
        refused("-XX:OnOutOfMemoryError=sh", "-XX:OnOutOfMemoryError=sh is refused: it runs a command when the JVM"
            + " runs out of memory; "),
        refused("-Xbootclasspath/a:/tmp/x.jar", "-Xbootclasspath/a:/tmp/x.jar is refused: it puts classes ahead of the"
            + " JDK's own; "),
        refused("--patch-module=java.base=/tmp", "--patch-module=java.base=/tmp is refused: it replaces classes of a"
            + " module; "),
        refused("-Djava.system.class.loader=x.Loader", "-Djava.system.class.loader=x.Loader is refused: it loads a"
            + " class loader of its choice; "),
        refused("-XX:+EnableDynamicAgentLoading", "-XX:+EnableDynamicAgentLoading is refused: it lets agents attach"
            + " to the running function; "),
        refused("-cp", "-cp is refused: "), refused("--class-path=/tmp", "--class-path=/tmp is refused: "),
        refused("-XX:+UnlockDiagnosticVMOptions", "-XX:+UnlockDiagnosticVMOptions is refused: "),
        refused("-XX:Flags=/tmp/f", "-XX:Flags=/tmp/f is refused: "),
        refused("-Dfoo=bar", "-Dfoo=bar is refused: "),
        refused("-Xmx400m;rm", "-Xmx400m;rm is refused: "),
        refused("-XX:SharedArchiveFile=../../etc/x$y", "-XX:SharedArchiveFile=../../etc/x$y is refused: "),
        refused("-Xlog:" + "a".repeat(300), "-Xlog:" + "a".repeat(54) + "... is refused: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyTuningFlagsPass(Case c) {
    if (c.allowed()) {
      assertThat(JvmOptions.problem(c.option())).isEmpty();
    } else {
      assertThat(JvmOptions.problem(c.option())).hasValueSatisfying(p -> {
        assertThat(p).startsWith(c.refusal());
        assertThat(p).endsWith(TUNING);
      });
    }
  }
}
