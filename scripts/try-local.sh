#!/usr/bin/env bash
# The one-command local demo: the function, run by the real Functions Framework invoker, applies the
# shipped function.yaml to the local cloud, receiving events the way the platform delivers them. It needs
# no cloud account and no network beyond loopback (and Maven Central for the first build).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/try-local.sh

Runs autobind end to end on this machine, with no cloud account:
  1. builds the classes if anything changed (the first build takes a few minutes);
  2. starts the local cloud from scripts/demo/seed.yaml: projects demo-train (with the GKE cluster
     trainer-1) and demo-models (with the Vertex AI model 9988776655443322110), which already hold
     bindings autobind did not make, some of them conditional;
  3. starts the function with the Functions Framework's CloudEvent handler, listening on 127.0.0.1 only,
     with AUTOBIND_POLICY=function.yaml and AUTOBIND_EMULATOR_HOST pointing at the local cloud;
  4. delivers four events, each stamped with the current time, the way the platform does:
       a GKE CreateCluster audit-log event from Eventarc, in binary mode;
       a Vertex AI UploadModel audit-log entry in a Pub/Sub messagePublished event (Log Router sink);
       the GKE event again, as a redelivery;
       the GKE operation's last entry (the cluster is running): the kubernetes: section of
       function.yaml is applied inside the cluster, then the same entry again, which changes nothing;
       a Pub/Sub message whose LogEntry is cut short (malformed);
  5. prints each event's decision record, and each IAM policy that changed, before and after;
  6. lists the namespaces, service accounts and role bindings in the new cluster's Kubernetes API
     (a fabric8 mock API server the local cloud reports as the cluster's endpoint).

It stops everything it started, and exits 0 only when every event got a 2xx answer and the expected
decision (applied, applied, compliant, applied, compliant, invalid), no binding was removed, and
every Kubernetes object function.yaml declares exists in the cluster.

Needs java 17+, mvn, jq and curl. Options:
  -h, --help   show this help
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "try-local: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac

for tool in java mvn jq curl timeout; do
  command -v "$tool" >/dev/null || { echo "try-local: $tool is required but not installed" >&2; exit 2; }
done

scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/build.sh
source "$scripts/lib/build.sh"
seed="$scripts/demo/seed.yaml"
events="$autobind_root/src/test/resources/events"
# Seconds to wait for a process to start serving, and for one event to be answered. They only guard
# against a hang; a normal run needs a few seconds for each.
start_limit=120
event_limit=120

work=$(mktemp -d "${TMPDIR:-/tmp}/try-local.XXXXXX")
pids=()
ok=false

# Ends a process this script started: SIGTERM, then SIGKILL if it is still running after ten seconds.
stop_process() {
  local pid=$1 state i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
    [[ $state == Z || $state == gone ]] && break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# On every exit: stops what was started, and keeps the logs when the run failed.
finish() {
  local status=$? pid log
  for pid in "${pids[@]}"; do
    stop_process "$pid"
  done
  if [[ $ok == true ]]; then
    rm -rf "$work"
  else
    echo "try-local: failed (exit $status); the logs are kept in $work" >&2
    for log in "$work"/*.log; do
      if [[ -s $log ]]; then
        echo "--- last lines of $log" >&2
        tail -n 20 "$log" >&2
      fi
    done
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Waits until FILE has a line matching the extended regex, while PID runs; prints the line.
await_line() {
  local file=$1 regex=$2 pid=$3 what=$4 i
  for ((i = 0; i < start_limit * 10; i++)); do
    if grep -Eq "$regex" "$file" 2>/dev/null; then
      grep -E -m 1 "$regex" "$file"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "try-local: $what exited before it was ready" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "try-local: $what was not ready within $start_limit s" >&2
  return 1
}

# A section heading, with the seconds since the start (so a slow machine shows where the time goes).
step() {
  printf '\n== %s  [%d s]\n' "$*" "$SECONDS"
}

step "Building what changed"
autobind_build try-local

step "Starting the local cloud and the function"
"$scripts/local-cloud.sh" --seed "$seed" >"$work/local-cloud.out" 2>"$work/local-cloud.log" &
pids+=($!)
await_line "$work/local-cloud.out" '^AUTOBIND_LOCAL_CLOUD_ADMIN=' "${pids[0]}" "the local cloud" >/dev/null
emulator=$(sed -n 's/^AUTOBIND_EMULATOR_HOST=//p' "$work/local-cloud.out")
admin=$(sed -n 's/^AUTOBIND_LOCAL_CLOUD_ADMIN=//p' "$work/local-cloud.out")
echo "local cloud: gRPC on $emulator, admin on $admin (seed: ${seed#"$autobind_root"/})"

# The Functions Framework's CloudEvent handler on 127.0.0.1 only (the invoker 2.0.0 has no option for the
# address and would listen on every interface; see LoopbackFunctionServer), on a free port (--port 0).
AUTOBIND_EMULATOR_HOST="$emulator" AUTOBIND_POLICY="$autobind_root/function.yaml" AUTOBIND_DRY_RUN=false \
  java "${autobind_java_options[@]}" \
  -cp "$autobind_root/target/classes:$autobind_root/target/test-classes:$(autobind_dependencies)" \
  dev.autobind.LoopbackFunctionServer --port 0 >"$work/function.out" 2>"$work/function.log" &
pids+=($!)
listening=$(await_line "$work/function.log" '^LISTENING http://127\.0\.0\.1:[0-9]+/$' "${pids[1]}" "the function")
url=${listening#LISTENING }
echo "function:    dev.autobind.AutobindFunction on $url (AUTOBIND_POLICY=function.yaml)"

curl -fsS "$admin/state" >"$work/before.json"

# Each delivery: what it is, the stored event sent (in binary mode, stamped with the current time),
# and the decision it must get.
deliveries=(
  "GKE CreateCluster, Eventarc audit-log trigger (binary mode)|gke-create-first.eventarc.json|applied"
  "Vertex AI UploadModel, Log Router sink -> Pub/Sub messagePublished|vertex-upload.pubsub.json|applied"
  "the same GKE event delivered again|gke-create-first.eventarc.json|compliant"
  "GKE CreateCluster done: the operation's last entry (Kubernetes objects)|gke-create-last.eventarc.json|applied"
  "the last entry delivered again|gke-create-last.eventarc.json|compliant"
  "malformed: a Pub/Sub message whose LogEntry is cut short|pubsub-truncated-logentry.json|invalid"
)

# The decision record the function logged for the Nth delivery of event ID, as one JSON line.
decision_for() {
  local id=$1 nth=$2
  jq -R -c --arg id "$id" 'fromjson? | select(type == "object" and .eventId == $id)' "$work/function.out" \
    | sed -n "${nth}p"
}

step "Delivering events"
failures=0
declare -A seen=()
n=0
for delivery in "${deliveries[@]}"; do
  IFS='|' read -r what file expected <<<"$delivery"
  n=$((n + 1))
  id=$(jq -r .id "$events/$file")
  seen[$id]=$((${seen[$id]:-0} + 1))
  sent=$(timeout "$event_limit" "$scripts/send-event.sh" --now "$events/$file" "$url" 2>&1) || true
  status=$(sed -nE 's/.* -> HTTP ([0-9]{3}) .*/\1/p' <<<"$sent")
  decision=$(decision_for "$id" "${seen[$id]}")
  outcome=$(jq -r '.outcome // "none"' <<<"${decision:-null}")
  verdict=ok
  if [[ $status != 2?? || $outcome != "$expected" ]]; then
    verdict="FAILED (expected HTTP 2xx and $expected)"
    failures=$((failures + 1))
  fi
  printf '%d. %s\n   event %s (%s)\n   HTTP %s, decision: %s  -> %s\n' \
    "$n" "$what" "${file}" "$(jq -r .type "$events/$file")" "${status:-none}" "$outcome" "$verdict"
  if [[ -n $decision ]]; then
    jq -r '"   \(.severity): \(.message)"' <<<"$decision"
  else
    printf '   no decision record for event id %s; send-event.sh said: %s\n' "$id" "$sent"
  fi
done

step "Drift repair: a standard binding removed by hand comes back"
# The local cloud writes the audit entry of every IAM policy change and, from here on, delivers it to the
# function as Eventarc would. gRPC callers are taken to be the function's own account (function.yaml).
fn_account=$(awk '/^function:/ {f = 1; next} /^[a-z]/ {f = 0}
  f && $1 == "serviceAccount:" {a = $2} f && $1 == "project:" {p = $2}
  END {print a "@" p ".iam.gserviceaccount.com"}' "$autobind_root/function.yaml")
curl -fsS -X POST "$admin/audit-sink" -d "{\"url\": \"$url\", \"caller\": \"$fn_account\"}" >/dev/null
removed_role=roles/aiplatform.user
removed_member=serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com
echo "dana@example.com removes $removed_role for $removed_member from project demo-train"
curl -fsS -X POST "$admin/iam/remove" -d "{\"resource\": \"projects/demo-train\", \"role\": \"$removed_role\",
  \"member\": \"$removed_member\", \"principal\": \"dana@example.com\"}" >/dev/null

# The first decision record with this outcome, waiting for the entry's delivery.
await_decision() {
  local outcome=$1 reason=$2 line
  for _ in $(seq 1 $((event_limit * 10))); do
    line=$(jq -R -c --arg o "$outcome" --arg r "$reason" 'fromjson? | select(type == "object" and .outcome == $o
      and (.reason // "" | startswith($r)))' "$work/function.out" | head -1)
    if [[ -n $line ]]; then
      printf '%s\n' "$line"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

if repaired=$(await_decision repaired ""); then
  jq -r '"   \(.severity): \(.message)",
    "   removed by \(.changedBy) at \(.changedAt); restored:",
    (.restored[] | "     \(.role) for \(.member) on \(.target) (rule \(.rule))"),
    "   API calls: \(.apiCalls.reads) reads, \(.apiCalls.writes) write(s)"' <<<"$repaired"
else
  echo "   FAILED: no repaired decision record within $event_limit s"
  failures=$((failures + 1))
fi
# Autobind's own write is an audit entry too; it must be recognised and left alone, so nothing loops.
if own=$(await_decision ignored "changed by autobind's own account"); then
  jq -r '"   then its own write came back as an audit entry: \(.outcome): \(.reason)"' <<<"$own"
else
  echo "   FAILED: autobind's own write was not delivered back and ignored within $event_limit s"
  failures=$((failures + 1))
fi
back=$(curl -fsS "$admin/state" | jq --arg r "$removed_role" --arg m "$removed_member" '[.projects[]
  | select(.id == "demo-train") | .iamPolicy.bindings[] | select(.role == $r and (.members | index($m)))] | length')
if ((back != 1)); then
  echo "   FAILED: $removed_role for $removed_member is not back on project demo-train"
  failures=$((failures + 1))
fi
curl -fsS -X POST "$admin/audit-sink" -d '{}' >/dev/null

curl -fsS "$admin/state" >"$work/after.json"

# Every (policy, role, condition, member) grant in a /state document, policy by policy in state order.
# shellcheck disable=SC2016
grants='
  def policies: .projects[] as $p
    | ({name: "project \($p.id)", policy: $p.iamPolicy},
       ($p.serviceAccounts[] | {name: "service account \(.email)", policy: .iamPolicy}),
       ($p.models[] | {name: "model projects/\($p.id)/locations/\(.location)/models/\(.id)", policy: .iamPolicy}));
  def grants: [policies | .name as $name | (.policy.bindings // [])[]
    | {policy: $name, role, condition: (.condition // null), member: .members[]}];'

step "IAM policies that changed (+ added by autobind; - removed, which must never happen)"
# shellcheck disable=SC2016
jq -n -r --slurpfile before "$work/before.json" --slurpfile after "$work/after.json" "$grants"'
  ($before[0] | grants) as $b | ($after[0] | grants) as $a
  | def count($n; $noun): "\($n) \($noun)\(if $n == 1 then "" else "s" end)";
    def bindings($gs): count($gs | map({role, condition}) | unique | length; "binding");
  def mark($g): if ($b | index([$g])) == null then "+" elif ($a | index([$g])) == null then "-" else " " end;
  ($a + $b | map(.policy) | reduce .[] as $p ([]; if index([$p]) == null then . + [$p] else . end))[]
  | . as $policy
  | [$b[] | select(.policy == $policy)] as $pb | [$a[] | select(.policy == $policy)] as $pa
  | select(($pb | sort) != ($pa | sort))
  | ($pa - $pb | length) as $added
  | "\n\($policy): \(bindings($pb)) before, \(bindings($pa)) after; \(count($added; "grant")) added",
    (($pb + $pa) | unique | group_by([.role, .condition])[]
      | "    \(.[0].role)\(if .[0].condition then "  [condition: \(.[0].condition.title)]" else "" end)",
        (.[] | "  \(mark(.))   \(.member)"))'

# A grant is one member in one role binding, as the decision records count them.
jq -n -r --slurpfile before "$work/before.json" --slurpfile after "$work/after.json" "$grants"'
  ($before[0] | grants) as $b | ($after[0] | grants) as $a | ($a - $b) as $added
  | ($added | map(.policy) | unique | length) as $policies
  | "\nin all: \($added | length) grant\(if ($added | length) == 1 then "" else "s" end) added to \($policies)"
    + " polic\(if $policies == 1 then "y" else "ies" end)"'

removed=$(jq -n --slurpfile before "$work/before.json" --slurpfile after "$work/after.json" "$grants"'
  ($before[0] | grants) - ($after[0] | grants) | length')
if ((removed > 0)); then
  echo "try-local: $removed member(s) were removed from a policy; autobind must only add" >&2
  failures=$((failures + 1))
fi

step "Kubernetes objects in cluster trainer-1 (applied by autobind inside the cluster)"
cluster="projects/demo-train/locations/us-central1-a/clusters/trainer-1"
curl -fsS "$admin/kubernetes" >"$work/kubernetes.json"
# shellcheck disable=SC2016
jq -r --arg c "$cluster" '.[$c] // {} | to_entries[] | "  \(.key): \(.value | join(", "))"' "$work/kubernetes.json"
# What function.yaml's kubernetes: section declares, as GET /kubernetes names it.
declared='{"namespaces":["training"],"serviceAccounts":["training/trainer"],
  "roleBindings":["training/ml-engineers-edit"],"clusterRoleBindings":["ml-engineers-view"]}'
# shellcheck disable=SC2016
missing=$(jq -r --arg c "$cluster" --argjson want "$declared" '(.[$c] // {}) as $have
  | [$want | to_entries[] | .key as $k | .value[] | select(($have[$k] // []) | index(.) | not) | "\($k) \(.)"]
  | join(", ")' "$work/kubernetes.json")
if [[ -n $missing ]]; then
  echo "try-local: not in the cluster after the last entry: $missing" >&2
  failures=$((failures + 1))
fi

step "Result"
if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
ok=true
echo "every decision was as expected, no binding was removed, and the cluster holds what function.yaml"\
  "declares (${SECONDS} s)"
