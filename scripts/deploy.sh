#!/usr/bin/env bash
# Deploys autobind as function.yaml describes it, idempotently. See docs/deploy.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/deploy.sh [--dry-run] [--yes] [--policy FILE]

Deploys autobind as the function: section of function.yaml describes it:
  - the function's own service account and its least-privilege grants;
  - trigger: pubsub   the audit and backfill topics, the Log Router sink on sinkScope, the sink's
                      right to publish to the audit topic and the operators' to the backfill topic,
                      the function with a trigger on each, and 7 days of retained messages for replay;
  - trigger: eventarc the function with an audit-log trigger, and one more trigger per watched method.
Every step is idempotent: a step whose check shows it is done is skipped, the others are safe to
repeat. The first step that fails stops the script and is named.

Before its first change it checks that the policy is valid and holds none of the shipped example's
values (its organization, the project ml-platform-ops, example.com members), and that gcloud has an
active account; then it lists the steps and asks to go ahead. scripts/undeploy.sh removes it again.

It builds target/autobind.jar if it is missing or older than the sources, and stages it with the policy
file (as function.yaml) in target/deploy-source: that directory is what gets deployed, so the function
reads the same policy.

Options:
  --dry-run      stage the source, then print every command, one per line, runnable as printed
                 (in order, in one bash shell); run none of them
  --yes          go ahead without asking; needed when standard input is not a terminal
  --policy FILE  the policy file (default: $AUTOBIND_POLICY, else function.yaml)
  -h, --help     show this help

Exit codes: 0 deployed (or printed), 1 a step failed or the answer was no, 2 bad arguments, an
invalid function.yaml, example values, or no --yes without a terminal.
USAGE
}

# shellcheck source=lib/steps.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/steps.sh"

read_change_options "$@"

policy=$(absolute "$policy")
source_dir=$autobind_root/target/deploy-source
ensure_jar

plan=$(mktemp)
trap 'rm -f -- "$plan"' EXIT
status=0
checks=()
# A run for real refuses the shipped example's values before anything changes.
$dry_run || checks=(--refuse-example-values)
write_plan "$plan" "$dry_run" deploy-plan --policy "$policy" --source "$source_dir" "${checks[@]}" || status=$?
if ((status != 0)); then
  printf '%s: %s is not deployable (see above); nothing was changed\n' "${0##*/}" "$policy" >&2
  exit "$status"
fi

stage() {
  rm -rf -- "$source_dir"
  mkdir -p -- "$source_dir"
  cp -- "$autobind_jar" "$source_dir/autobind.jar"
  cp -- "$policy" "$source_dir/function.yaml"
}

if $dry_run; then
  stage
  cat -- "$plan"
  printf '%s: dry run: staged %s; no command was run\n' "${0##*/}" "$source_dir" >&2
  exit 0
fi

command -v gcloud >/dev/null 2>&1 || die "gcloud is not installed; see https://cloud.google.com/sdk/docs/install"
account=$(active_account)
confirm_steps "$plan" "$account" "$yes" "about to deploy ${policy##*/}"
stage
run_steps "$plan"
printf '%s: deployed\n' "${0##*/}"
