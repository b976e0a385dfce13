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

ensure_jar() {
  if [[ ! -f $autobind_jar ]]; then
    printf '%s: building %s\n' "${0##*/}" "$autobind_jar" >&2
    mvn -B -q -DskipTests -f "$autobind_root/pom.xml" package >&2 || die "the build failed; run mvn -B -DskipTests package to see why"
  fi
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
