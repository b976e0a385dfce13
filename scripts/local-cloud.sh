#!/usr/bin/env bash
# Runs the local cloud (autobind's gRPC emulator of Resource Manager, IAM, GKE, Vertex AI and Cloud Asset)
# in the foreground. It lives in the test code, so this script compiles the tests when they are stale and
# caches the test classpath in target/localcloud.classpath.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/local-cloud.sh --seed FILE [--port N] [--admin-port M]

Starts the local cloud in the foreground from a seed YAML file and prints:
  AUTOBIND_EMULATOR_HOST=127.0.0.1:N        (export it to point autobind at the local cloud)
  AUTOBIND_LOCAL_CLOUD_ADMIN=http://127.0.0.1:M
Stop it with SIGTERM or Ctrl-C.

Options:
  --seed FILE       the world to serve (see src/test/resources/localcloud/demo-seed.yaml)
  --port N          gRPC port on 127.0.0.1 (default: any free port)
  --admin-port M    admin HTTP port on 127.0.0.1 (default: any free port)
  -h, --help        show this help

Admin endpoints: GET /state, GET /calls, POST /faults, POST /latency, POST /visibility, POST /reset.
EOF
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done
if [[ $# -eq 0 ]]; then
  usage >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
main_class="$root/target/test-classes/dev/autobind/localcloud/LocalCloudMain.class"
built_stamp="$root/target/localcloud.built"
classpath_file="$root/target/localcloud.classpath"

# Maven's own output goes to stderr (without the bare colour resets some Maven builds print) so that
# stdout carries only the two lines above.
maven() {
  mvn -B -q -Dstyle.color=never -f "$root/pom.xml" "$@" 2>&1 | sed $'s/\e\\[0m//g' >&2
}

if [[ ! -f "$main_class" || ! -f "$built_stamp" ]] \
    || [[ -n "$(find "$root/src" "$root/pom.xml" -newer "$built_stamp" -print -quit)" ]]; then
  echo "local-cloud: compiling the test classes" >&2
  maven test-compile
  touch "$built_stamp"
fi
if [[ ! -s "$classpath_file" ]] || [[ "$root/pom.xml" -nt "$classpath_file" ]]; then
  echo "local-cloud: resolving the test classpath" >&2
  maven dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
fi

exec java -cp "$root/target/test-classes:$root/target/classes:$(cat "$classpath_file")" \
  dev.autobind.localcloud.LocalCloudMain "$@"
