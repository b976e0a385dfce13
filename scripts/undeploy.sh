#!/usr/bin/env bash
# Removes what scripts/deploy.sh created, idempotently, in reverse order. See docs/deploy.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/undeploy.sh [--dry-run] [--yes] [--policy FILE]

Removes what scripts/deploy.sh created for the function: section of function.yaml, in reverse order:
  - trigger: eventarc  the extra audit-log triggers;
  - the function, with its own trigger and that trigger's subscription;
  - trigger: pubsub    the Log Router sink and the topic;
  - the grants of the function's own service account, its custom role, and the account itself.
Each step runs only while what it removes is still there, so running the script again is safe.

It leaves in place, and says how to remove: the standard service accounts autobind created in governed
projects and every binding it granted there (they are what the policy is for), the enabled APIs, and
the build account's roles/cloudbuild.builds.builder (other deployments in the project may need it).

It checks first that the policy is valid and holds none of the shipped example's values and that gcloud
has an active account; then it lists the steps and asks to go ahead.

Options:
  --dry-run      print every command, one per line, runnable as printed (in order, in one bash shell);
                 run none of them
  --yes          go ahead without asking; needed when standard input is not a terminal
  --policy FILE  the policy file (default: $AUTOBIND_POLICY, else function.yaml)
  -h, --help     show this help

Exit codes: 0 removed (or printed), 1 a step failed or the answer was no, 2 bad arguments, an invalid
function.yaml, example values, or no --yes without a terminal.
USAGE
}

# shellcheck source=lib/steps.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/steps.sh"

read_change_options "$@"

policy=$(absolute "$policy")
ensure_jar

plan=$(mktemp)
trap 'rm -f -- "$plan"' EXIT
status=0
checks=()
# A run for real refuses the shipped example's values before anything changes.
$dry_run || checks=(--refuse-example-values)
write_plan "$plan" "$dry_run" undeploy-plan --policy "$policy" "${checks[@]}" || status=$?
if ((status != 0)); then
  printf '%s: %s cannot be undeployed (see above); nothing was changed\n' "${0##*/}" "$policy" >&2
  exit "$status"
fi

if $dry_run; then
  cat -- "$plan"
  printf '%s: dry run: no command was run\n' "${0##*/}" >&2
  exit 0
fi

command -v gcloud >/dev/null 2>&1 || die "gcloud is not installed; see https://cloud.google.com/sdk/docs/install"
account=$(active_account)
confirm_steps "$plan" "$account" "$yes" "about to remove what deploy.sh created from ${policy##*/}"
run_steps "$plan"
printf '%s: removed; the standard service accounts, their bindings and the enabled APIs stay (see above)\n' \
  "${0##*/}"
