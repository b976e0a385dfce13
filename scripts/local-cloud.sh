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

Admin endpoints: GET /state, GET /calls, GET /kubernetes, POST /faults, POST /latency, POST /visibility,
POST /reset, POST /audit-sink, POST /iam/remove,
  POST /kubernetes/remove (docs/try-local.md shows each in use).
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

# shellcheck source-path=SCRIPTDIR source=lib/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/build.sh"
autobind_build local-cloud

exec java "${autobind_java_options[@]}" -cp "$autobind_root/target/test-classes:$autobind_root/target/classes:$(autobind_dependencies)" \
  dev.autobind.localcloud.LocalCloudMain "$@"
