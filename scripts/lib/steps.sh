# shellcheck shell=bash
# Shared by deploy.sh and replay.sh: build the CLI if needed, and run the steps a plan command printed.
# The plans come from `java -jar target/autobind.jar deploy-plan|replay-plan --format=tsv`: one step per
# line, NAME<TAB>SETS<TAB>CHECK<TAB>COMMAND, with CHECK and COMMAND already quoted for bash.

autobind_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
autobind_jar=$autobind_root/target/autobind.jar

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

die_usage() {
  printf '%s: %s\nRun %s --help for usage.\n' "${0##*/}" "$1" "${0##*/}" >&2
  exit 2
}

# An absolute path for $1, resolved against the caller's working directory.
absolute() {
  if [[ $1 == /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi
}

# Builds target/autobind.jar when it is missing or older than a source file or the pom, so that what is
# deployed is what the sources say.
ensure_jar() {
  local newer=""
  if [[ -f $autobind_jar ]]; then
    newer=$(find "$autobind_root/src/main" "$autobind_root/pom.xml" -type f -newer "$autobind_jar" -print -quit \
      2>/dev/null || true)
  fi
  if [[ ! -f $autobind_jar || -n $newer ]]; then
    printf '%s: building %s%s\n' "${0##*/}" "$autobind_jar" "${newer:+ (${newer#"$autobind_root"/} is newer)}" >&2
    mvn -B -q -DskipTests -f "$autobind_root/pom.xml" package >&2 || die "the build failed; run mvn -B -DskipTests package to see why"
  fi
}

# The account gcloud acts as; stops the script, changing nothing, when there is none.
active_account() {
  local account
  account=$(gcloud auth list --filter=status:ACTIVE --format='value(account)' 2>/dev/null | sed -n 1p) || true
  [[ -n $account ]] || die "gcloud has no active account; run gcloud auth login (nothing was changed)"
  printf '%s\n' "$account"
}

# confirm_steps FILE ACCOUNT YES WHAT: lists the steps of a TSV plan and asks before WHAT. YES=true skips
# the question; without a terminal to ask on, it must be given, so that nothing changes unconfirmed.
confirm_steps() {
  local file=$1 account=$2 yes=$3 what=$4 answer
  printf '%s: %s as %s, in %d steps (--dry-run prints each command):\n' "${0##*/}" "$what" "$account" \
    "$(wc -l <"$file")"
  awk -F'\t' '{ printf "  %2d. %s\n", NR, $1 }' "$file"
  [[ $yes == true ]] && return 0
  if [[ ! -t 0 ]]; then
    printf '%s: standard input is not a terminal, so nobody can confirm; pass --yes to go ahead (nothing was changed)\n' \
      "${0##*/}" >&2
    exit 2
  fi
  read -r -p "Go ahead? [y/N] " answer
  if [[ $answer != [yY] && $answer != [yY][eE][sS] ]]; then
    printf '%s: nothing was changed\n' "${0##*/}" >&2
    exit 1
  fi
}

# read_change_options ARGS...: the options deploy.sh and undeploy.sh share, into dry_run, yes and policy
# (the file to read: --policy, else $AUTOBIND_POLICY, else function.yaml). The caller defines usage.
# shellcheck disable=SC2034 # the variables are the caller's
read_change_options() {
  dry_run=false
  yes=false
  policy=${AUTOBIND_POLICY:-function.yaml}
  while (($# > 0)); do
    case $1 in
      --dry-run) dry_run=true ;;
      --yes | -y) yes=true ;;
      --policy)
        (($# >= 2)) || die_usage "--policy needs a FILE"
        policy=$2
        shift
        ;;
      --policy=*) policy=${1#--policy=} ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) die_usage "unknown argument: $1" ;;
    esac
    shift
  done
}

autobind_cli() {
  java -jar "$autobind_jar" "$@"
}

# write_plan FILE DRY_RUN COMMAND [ARGS...]: the CLI's plan into FILE, as TSV for run_steps, or as the
# runnable shell lines people read when DRY_RUN is true. Returns the CLI's exit status.
write_plan() {
  local file=$1 dry_run=$2 format=tsv
  shift 2
  if [[ $dry_run == true ]]; then format=shell; fi
  autobind_cli "$@" --format "$format" >"$file"
}

# run_steps FILE: runs each step in order. A step whose CHECK succeeds is skipped. COMMAND runs in this
# shell, so a step that sets a variable (SETS) leaves it for the steps after it. The first failure stops
# everything, naming the step.
run_steps() {
  local file=$1 total n=0 name sets check command
  total=$(wc -l <"$file")
  while IFS=$'\t' read -r name sets check command <&3; do
    n=$((n + 1))
    if [[ $check != - ]] && eval "$check" >/dev/null 2>&1 </dev/null; then
      printf '[%d/%d] %s: already done\n' "$n" "$total" "$name"
      continue
    fi
    printf '[%d/%d] %s\n' "$n" "$total" "$name"
    if ! eval "$command" </dev/null; then
      die "step $n/$total failed: $name
  command: $command
Fix the cause and run the script again; steps that are done are skipped or repeat harmlessly."
    fi
    if [[ $sets != - && -z ${!sets:-} ]]; then
      die "step $n/$total printed nothing: $name
  command: $command"
    fi
  done 3<"$file"
}
