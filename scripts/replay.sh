#!/usr/bin/env bash
# Delivers retained events to the deployed function again by seeking its trigger subscription.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/replay.sh (--since TIME | --snapshot NAME) [--dry-run] [--policy FILE]

Finds the deployed function's trigger subscription and seeks it, so that Pub/Sub delivers again
every retained message after that point. autobind is idempotent: resources that already comply
are left as they are. Needs trigger: pubsub (deploy.sh keeps acknowledged messages for 7 days).

Options:
  --since TIME     deliver again what was published from this RFC 3339 time on,
                   e.g. 2026-11-26T07:00:00Z (at most 7 days back)
  --snapshot NAME  return the subscription to a snapshot taken earlier with
                   gcloud pubsub snapshots create NAME --subscription=SUBSCRIPTION
  --dry-run        print every command, one per line, runnable as printed; run none
  --policy FILE    the policy file (default: $AUTOBIND_POLICY, else function.yaml)
  -h, --help       show this help

Exit codes: 0 done (or printed), 1 a step failed, 2 bad arguments or an invalid function.yaml.
USAGE
}

# shellcheck source=lib/steps.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/steps.sh"

dry_run=false
policy=${AUTOBIND_POLICY:-function.yaml}
seek=()
while (($# > 0)); do
  case $1 in
    --dry-run) dry_run=true ;;
    --since | --snapshot | --policy)
      (($# >= 2)) || die_usage "$1 needs a value"
      if [[ $1 == --policy ]]; then policy=$2; else seek+=("$1" "$2"); fi
      shift
      ;;
    --since=* | --snapshot=*) seek+=("${1%%=*}" "${1#*=}") ;;
    --policy=*) policy=${1#--policy=} ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die_usage "unknown argument: $1" ;;
  esac
  shift
done
((${#seek[@]} == 2)) || die_usage "give exactly one of --since TIME or --snapshot NAME"

policy=$(absolute "$policy")
ensure_jar

plan=$(mktemp)
trap 'rm -f -- "$plan"' EXIT
status=0
write_plan "$plan" "$dry_run" replay-plan "${seek[@]}" --policy "$policy" || status=$?
if ((status != 0)); then
  exit "$status"
fi

if $dry_run; then
  cat -- "$plan"
  exit 0
fi

command -v gcloud >/dev/null 2>&1 || die "gcloud is not installed; see https://cloud.google.com/sdk/docs/install"
run_steps "$plan"
printf '%s: the subscription was sought; retained events are being delivered again\n' "${0##*/}"
