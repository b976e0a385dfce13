# shellcheck shell=bash
# Sourced by the scripts in scripts/: builds what they run from, and caches the test classpath.
# The local cloud lives in the test code, so the scripts run from target/test-classes and target/classes
# plus the test-scope classpath that Maven resolves once into target/localcloud.classpath.

autobind_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
autobind_built_stamp="$autobind_root/target/localcloud.built"
autobind_classpath_file="$autobind_root/target/localcloud.classpath"

# Options for the short-lived JVMs the scripts start. On a small machine the optimizing JIT compiler
# and parallel GC threads compete with the work itself for the cores; a quick compiler and the serial
# collector make the local demo faster, and a local emulator or a test run needs no peak throughput.
# shellcheck disable=SC2034 # read by the scripts that source this file
autobind_java_options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# Runs Maven quietly with its output on stderr (without the bare colour resets some Maven builds
# print), so that a script's stdout carries only what the script itself prints.
autobind_maven() {
  mvn -B -q -Dstyle.color=never -f "$autobind_root/pom.xml" "$@" 2>&1 | sed $'s/\e\\[0m//g' >&2
}

# Compiles the main and test classes when anything under src/ or the pom changed since the last build,
# and resolves the test classpath when the pom changed; both in one Maven run when both are needed.
# $1 names the caller in the progress lines on stderr.
autobind_build() {
  local who=$1 goals=() compile=false
  if [[ ! -f "$autobind_root/target/test-classes/dev/autobind/localcloud/LocalCloudMain.class" \
      || ! -f "$autobind_built_stamp" ]] \
      || [[ -n "$(find "$autobind_root/src" "$autobind_root/pom.xml" -newer "$autobind_built_stamp" -print -quit)" ]]; then
    echo "$who: compiling the classes and the test classes" >&2
    goals+=(test-compile)
    compile=true
  fi
  if [[ ! -s "$autobind_classpath_file" ]] || [[ "$autobind_root/pom.xml" -nt "$autobind_classpath_file" ]]; then
    echo "$who: resolving the test classpath" >&2
    # The default scope is test, which the local cloud needs. Naming it (-DincludeScope=test) reorders the
    # classpath so that the invoker jar, which bundles an older Jackson, comes before jackson-core.
    goals+=(dependency:build-classpath -Dmdep.outputFile="$autobind_classpath_file")
  fi
  if ((${#goals[@]})); then
    # Stamped with the time the build started, so a file edited during the build counts as changed.
    mkdir -p "$autobind_root/target"
    touch "$autobind_built_stamp.new"
    autobind_maven "${goals[@]}"
    if [[ $compile == true ]]; then
      mv "$autobind_built_stamp.new" "$autobind_built_stamp"
    fi
    rm -f "$autobind_built_stamp.new"
  fi
}

# The resolved dependency jars (test scope, so with the Functions Framework invoker), colon-separated.
autobind_dependencies() {
  cat "$autobind_classpath_file"
}
