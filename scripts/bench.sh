#!/usr/bin/env bash
# Runs autobind's benchmarks and prints one table. Every figure is a ratio against a baseline measured
# in the same run, because absolute times on a shared machine mean little. Not part of CI.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [--quick] [--only FIGURES]

Builds what it needs (target/autobind.jar and the test classes, when stale) and prints one table:
figure, baseline, autobind, ratio (autobind / baseline), runs (baseline+autobind), and autobind's
min/median/max.

  1  cold start through the Functions Framework invoker: autobind on a GKE event against the local
     cloud vs a hello-world CloudEventsFunction under the same JDK and JVM options, alternating; wall
     and CPU time, peak RSS, classes loaded; Java 17 and 25 (where installed), C1 + serial GC, CDS and
     the AOT cache, lazy clients, and REST instead of gRPC
  2  warm decode+plan per event vs a bare Jackson tree parse of the same bytes
  3  API calls per event vs a naive loop and vs the minimum possible; round trips on the critical
     path and time to compliance at +100 ms per call vs the sequential applier of before
  4  a burst of 200 deliveries (50 clusters) at concurrency 16 with 30 ms per call, vs an applier
     with no in-process coalescing
  5  backfill of 10,000 resources through the real Pub/Sub emulator vs a sequential publish loop
  6  the deployed jar vs the full runtime classpath
  7  the scheduled reconcile of 100 and 1,000 projects under the shipped function.yaml at +20 ms per call:
     wall time and calls per project vs the sequential discovery of before (--quick: 100 only)

Options:
  --quick          fewer runs and samples, no lever-only cold starts
  --only FIGURES   run only these figures, a comma-separated list such as 4 or 2,3 (figure 6 also runs the
                   drift benchmark, whose rows are numbered 6); without --quick their rows replace the same
                   figures' rows in docs/performance.md, and the rest of the table stays as it was
  -h, --help       show this help

Rows starting with ROW on a benchmark's stdout make up the table; everything else goes to
target/bench/log.txt. See docs/performance.md for what each figure means.
EOF
}

quick=false
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true ;;
    --only)
      if [[ $# -lt 2 ]]; then echo "bench: --only needs a list of figures, such as 4 or 2,3" >&2; exit 2; fi
      only="$2"; shift ;;
    --only=*) only="${1#--only=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ -n "$only" && ! "$only" =~ ^[1-7](,[1-7])*$ ]]; then
  echo "bench: --only takes figure numbers 1 to 7 separated by commas, such as 4 or 2,3; got '$only'" >&2
  exit 2
fi

# Whether figure $1 is to run: every figure, or those --only lists.
wants() {
  [[ -z "$only" || ",$only," == *",$1,"* ]]
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/target/bench"
rows="$work/rows.tsv"
log="$work/log.txt"
started=$SECONDS

# Runs Maven, its output to the log; when it fails, says which goal and shows the end of what it said,
# instead of stopping silently. Online, so that a fresh Maven cache can fill.
maven() {
  if ! mvn -B -q -Dstyle.color=never "$@" >"$work/maven.out" 2>&1; then
    sed $'s/\e\\[0m//g' "$work/maven.out" >>"$log"
    echo "bench: mvn $* failed; its last lines (all of it in $log):" >&2
    sed $'s/\e\\[0m//g' "$work/maven.out" | tail -n 15 >&2
    exit 1
  fi
  sed $'s/\e\\[0m//g' "$work/maven.out" >>"$log"
}

step() {
  printf 'bench: [%3ds] %s\n' "$((SECONDS - started))" "$*" >&2
}

# --- build -------------------------------------------------------------------------------------
mkdir -p "$work"
: >"$rows"
: >"$log"
built_stamp="$root/target/bench.built"
if [[ ! -f "$root/target/autobind.jar" || ! -f "$built_stamp" ]] \
    || [[ -n "$(find "$root/src" "$root/pom.xml" -newer "$built_stamp" -print -quit)" ]]; then
  step "building target/autobind.jar and the test classes"
  maven -DskipTests package
  touch "$built_stamp"
fi

# The test classpath, with the invoker jar last: it bundles an older Jackson that must not shadow ours.
classpath_file="$work/test.classpath"
runtime_file="$work/runtime.classpath"
if [[ ! -s "$classpath_file" || "$root/pom.xml" -nt "$classpath_file" ]]; then
  step "resolving the classpaths"
  maven dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$work/test.classpath.raw"
  maven dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$runtime_file"
  tr ':' '\n' <"$work/test.classpath.raw" | { grep -v java-function-invoker || true; } | paste -sd: - \
    >"$classpath_file.tmp"
  invoker="$(tr ':' '\n' <"$work/test.classpath.raw" | grep java-function-invoker)"
  printf '%s:%s\n' "$(cat "$classpath_file.tmp")" "$invoker" >"$classpath_file"
  rm -f "$classpath_file.tmp" "$work/test.classpath.raw"
fi
classpath="$root/target/test-classes:$root/target/classes:$(cat "$classpath_file")"

# Runs one benchmark main; its ROW lines go to the table, the rest to the log.
bench() {
  local main="$1"
  shift
  step "$main $*"
  local out="$work/$main.out"
  if ! java -cp "$classpath" "dev.autobind.bench.$main" "$@" >"$out" 2>>"$log"; then
    cat "$out" >>"$log"
    echo "bench: $main failed; see $log" >&2
    exit 1
  fi
  grep '^ROW' "$out" | cut -f2- >>"$rows" || true
  grep -v '^ROW' "$out" >>"$log" || true
}

row() {
  local IFS=$'\t'
  printf '%s\n' "$*" >>"$rows"
}

# --- figures -----------------------------------------------------------------------------------
if $quick; then
  if wants 1; then bench ColdStartBench --jar "$root/target/autobind.jar" --work "$work" --runs 3 --levers false; fi
  if wants 2; then bench WarmPathBench --samples 7 --batch 1000 --warmup-seconds 3; fi
  if wants 3; then bench ApiCallsBench; bench CriticalPathBench --runs 3; fi
  if wants 4; then bench BurstBench --runs 1; fi
  if wants 6; then bench DriftBench --runs 5 --warmup 2; fi
  if wants 7; then bench ReconcileBench --projects 100 --converge-at 0; fi
else
  if wants 1; then bench ColdStartBench --jar "$root/target/autobind.jar" --work "$work" --runs 7 --levers true; fi
  if wants 2; then bench WarmPathBench --samples 15 --batch 2000 --warmup-seconds 5; fi
  if wants 3; then bench ApiCallsBench; bench CriticalPathBench --runs 7; fi
  if wants 4; then bench BurstBench --runs 3; fi
  if wants 6; then bench DriftBench --runs 15 --warmup 5; fi
  if wants 7; then bench ReconcileBench --projects 100,1000 --converge-at 100; fi
fi

# Figure 5: dev.autobind.bench.BackfillBench (from the backfill work) publishes 10,000 backfill messages
# to the real Pub/Sub emulator batched, one at a time, and through the whole backfill command. It prints
# one line per measurement, "  NAME: ...  PUBLISHED in SECONDS s = RATE msg/s"; the rows compare times.
backfill_figure="5 backfill of 10,000 via the Pub/Sub emulator (vs sequential publish loop)"
backfill_out="$work/BackfillBench.out"
if ! wants 5; then
  :  # not asked for
elif ! { step "BackfillBench 10000"; java -cp "$classpath" dev.autobind.bench.BackfillBench 10000 >"$backfill_out" 2>>"$log"; }; then
  cat "$backfill_out" >>"$log"
  row "$backfill_figure" "-" "failed; see target/bench/log.txt" "-" "-" "-"
else
  cat "$backfill_out" >>"$log"
  awk -v figure="$backfill_figure" '
    /^ +(batched|sequential|command):.* in +[0-9.]+ s = +[0-9]+ msg\/s$/ {
      name = $1; sub(/:$/, "", name)
      for (i = 1; i <= NF; i++) if ($i == "in") { seconds[name] = $(i + 1); rate[name] = $(i + 4) }
    }
    function cell(name) { return sprintf("%.2f s (%d msg/s)", seconds[name], rate[name]) }
    END {
      if (!("batched" in seconds) || !("sequential" in seconds) || !("command" in seconds)) {
        printf "%s\t-\tunreadable output; see target/bench/log.txt\t-\t-\t-\n", figure
        exit
      }
      printf "5a%s\t%s\t%s\t%.3fx\t1+1\t-\n",
        substr(figure, 2), cell("sequential"), cell("batched"), seconds["batched"] / seconds["sequential"]
      printf "5b   the whole command: Asset search, then publish\t%s\t%s\t%.3fx\t1+1\t-\n",
        cell("sequential"), cell("command"), seconds["command"] / seconds["sequential"]
    }' "$backfill_out" >>"$rows"
fi

if wants 6; then
jar_bytes="$(stat -c %s "$root/target/autobind.jar")"
classpath_bytes="$(tr ':' '\n' <"$runtime_file" | xargs stat -c %s | awk '{s += $1} END {print s}')"
classpath_jars="$(tr ':' '\n' <"$runtime_file" | wc -l)"
mib() {
  awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'
}
row "6 deployed jar vs the full runtime classpath ($classpath_jars jars)" \
  "$(mib "$classpath_bytes")" "$(mib "$jar_bytes")" \
  "$(awk -v a="$jar_bytes" -v b="$classpath_bytes" 'BEGIN {printf "%.2fx", a / b}')" "1" "-"
fi

# --- the table ---------------------------------------------------------------------------------
table="$work/table.txt"
# Aligns tab-separated rows (a header first) into the table's columns.
align() {
  awk -F'\t' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } n = NR }
  END {
    for (r = 1; r <= n; r++) {
      line = ""
      for (i = 1; i <= 6; i++) line = line sprintf("%-" width[i] "s", cell[r, i]) (i < 6 ? "  " : "")
      sub(/ +$/, "", line)
      print line
      if (r == 1) { rule = ""; for (i = 1; i <= 6; i++) rule = rule sprintf("%" width[i] "s", "") (i < 6 ? "  " : ""); gsub(/ /, "-", rule); print rule }
    }
  }'
}
header=$'figure\tbaseline\tautobind\tratio\truns\tmin/median/max'
{ printf '%s\n' "$header"; cat "$rows"; } | align >"$table"
machine="machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM, load average $(cut -d' ' -f1-3 /proc/loadavg),\
 $(java -version 2>&1 | head -1); $((SECONDS - started)) s$($quick && echo ', --quick')$([[ -n "$only" ]] && echo ", --only $only")"
cat "$table"
echo
echo "$machine"

# A full run writes its table into docs/performance.md, between the markers, so that the document
# shows what the last run measured and nothing older (DocFiguresTest holds README to it).
doc="$root/docs/performance.md"
start_marker='<!-- bench.sh table: start -->'
end_marker='<!-- bench.sh table: end -->'
if ! $quick && [[ -n "$only" ]] && grep -qF "$start_marker" "$doc" && grep -qF "$end_marker" "$doc"; then
  # Only some figures ran: cut the table in the document back into its cells (by where each header word
  # starts), swap in this run's rows for the figures it ran, keep every other row, and align them again.
  # A row belongs to the figure its first digits name; a row starting with spaces, to the row above's.
  # Under the table, a line per partial run says when those figures were measured.
  merged="$work/merged.tsv"
  awk -v start="$start_marker" -v only=",$only," -v rows="$rows" '
    function figure(line) { return match(line, /^[0-9]+/) ? substr(line, 1, RLENGTH) : last }
    $0 == start { inside = 1; next }
    inside && /^```/ { if (++fences == 2) exit; next }
    inside && fences == 1 && ++n == 1 {
      cols = 0
      for (i = 1; i <= length($0); i++)
        if (substr($0, i, 1) != " " && (i == 1 || substr($0, i - 1, 1) == " ")) at[++cols] = i
      next
    }
    inside && fences == 1 && n == 2 { next }
    inside && fences == 1 {
      last = figure($0)
      if (index(only, "," last ",")) next
      line = ""
      for (c = 1; c <= cols; c++) {
        cell = c < cols ? substr($0, at[c], at[c + 1] - at[c]) : substr($0, at[c])
        sub(/ +$/, "", cell)
        line = line cell (c < cols ? "\t" : "")
      }
      kept[last] = kept[last] line "\n"; seen[last] = 1
    }
    END {
      last = ""
      while ((getline line < rows) > 0) { f = figure(line); last = f; kept[f] = kept[f] line "\n"; seen[f] = 1 }
      for (f = 1; f <= 99; f++) if (f in seen) printf "%s", kept[f]
    }' "$doc" >"$merged"
  { printf '%s\n' "$header"; cat "$merged"; } | align >"$work/merged.txt"
  note="\`figures $only re-measured alone (bench.sh --only $only): $machine\`"
  awk -v start="$start_marker" -v end="$end_marker" -v table="$work/merged.txt" -v note="$note" \
      -v mine="\`figures $only re-measured alone" '
    $0 == start { print; inside = 1; next }
    inside && /^```/ && !done { if (++fences == 2) { print "```"; while ((getline line < table) > 0) print line;
                                                    print "```"; done = 1 } next }
    inside && !done { next }
    inside && ($0 == "" || index($0, mine) == 1) { next }
    inside && $0 != end { print ""; print; next }
    $0 == end { print ""; print note; print; inside = 0; next }
    { print }' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
  step "wrote figures $only into docs/performance.md"
elif ! $quick && grep -qF "$start_marker" "$doc" && grep -qF "$end_marker" "$doc"; then
  awk -v start="$start_marker" -v end="$end_marker" -v table="$table" -v machine="$machine" '
    $0 == start { print; print "```"; while ((getline line < table) > 0) print line; print "```"; print "";
                  print "`" machine "`"; skipping = 1; next }
    $0 == end { skipping = 0 }
    !skipping { print }' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
  step "wrote the table into docs/performance.md"
fi
