#!/usr/bin/env bash
# Cluster throughput on this machine (docs/benchmarks.md, "AutoML cluster mode"): the same 40-trial deterministic search
# (seed 0, CFO, 400 rows, 20% holdout) run in one process with one worker thread, then on 1 and 2 local worker processes
# (`marketlab automl --workers-processes N --workers N`). Prints the wall time of each command (process and silo start-up
# included), the search time (for the cluster runs: from the coordinator's start) and the mean trial time. Run on an idle machine; needs a built CLI (dotnet build src/Cli).
set -euo pipefail
cd "$(dirname "$0")/.."
dll=${MARKETLAB_DLL:-src/Cli/bin/Debug/net10.0/linux-x64/marketlab.dll}
trials=${TRIALS:-40}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'BEGIN { srand(3); print "x1,x2,segment,label"; split("a b c", seg, " ");
  for (i = 0; i < 400; i++) { x1 = rand() * 4 - 2; x2 = rand() * 4 - 2; s = seg[int(rand() * 3) + 1];
    v = x1 * x2 + (s == "b") + rand() - 0.5; printf "%.6f,%.6f,%s,%s\n", x1, x2, s, (v > 0 ? "True" : "False") } }' > "$work/data.csv"
common=(automl --data "$work/data.csv" --label label --task binary --max-trials "$trials" --deterministic --time 600 --ensemble 0)

run() {
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  dotnet "$dll" "${common[@]}" "$@" --store "$work/$name.db" > "$work/$name.log" 2>&1
  end=$(date +%s.%N)
  printf '%-22s wall %6.1f s  %s\n' "$name" "$(echo "$end - $start" | bc)" "$(grep -h 'Search throughput' "$work/$name.log")"
}
run in-process --workers 1
run silo-processes-1 --workers 1 --workers-processes 1
run silo-processes-2 --workers 2 --workers-processes 2
run in-process-again --workers 1
