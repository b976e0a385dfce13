#!/usr/bin/env bash
# Runs the function locally, in the foreground, listening on 127.0.0.1 only. Use it instead of
# `mvn function:run`: the Functions Framework invoker 2.0.0 (which function:run starts) has no option for
# the address and listens on every interface, so anyone who can reach this machine could send it events.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/function.sh [--port N]

Serves dev.autobind.AutobindFunction on http://127.0.0.1:N/ (default 8080), through the Functions
Framework's own CloudEvent handler, and prints LISTENING http://127.0.0.1:N/ once it listens. It reads
the environment as the deployed function does: AUTOBIND_POLICY, AUTOBIND_EMULATOR_HOST (point it at
scripts/local-cloud.sh), AUTOBIND_DRY_RUN, AUTOBIND_MAX_EVENT_AGE. Stop it with SIGTERM or Ctrl-C.

Options:
  --port N    the port on 127.0.0.1 (0 picks a free one)
  -h, --help  show this help
EOF_USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --port) [[ $# -eq 2 && $2 =~ ^[0-9]{1,5}$ ]] || { usage >&2; exit 2; } ;;
  "") ;;
  *) echo "function.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=lib/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/build.sh"
autobind_build function

classpath="$autobind_root/target/classes:$autobind_root/target/test-classes:$(autobind_dependencies)"

# A missing or invalid policy is named here, one problem a line, rather than as the invoker's stack trace.
policy=${AUTOBIND_POLICY:-function.yaml}
if ! problems=$(java -cp "$classpath" dev.autobind.cli.Main validate "$policy" 2>&1); then
  printf '%s\n' "$problems" >&2
  echo "function.sh: $policy is not a policy the function can run with (see above); it was not started" >&2
  exit 2
fi

exec java "${autobind_java_options[@]}" -cp "$classpath" dev.autobind.LoopbackFunctionServer "$@"
