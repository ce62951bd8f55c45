#!/usr/bin/env bash
# Multi-process check of the cluster mode (issue 18): PostgreSQL membership, 2 `marketlab worker` processes and a
# `marketlab automl --cluster` client on this machine; one worker is killed with SIGKILL mid-run; the search must
# still finish with every trial in the store (the client replays the store at the end: its leaderboard title counts
# the stored trials, and the replay fails if a stored trial does not match the tuner's proposal).
# Needs MARKETLAB_TEST_POSTGRES (source .ci/postgres.sh; postgres_start) and a built CLI (dotnet build src/Cli).
# Runs in about 1-2 minutes on 2 cores; gives up after 170 s.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MARKETLAB_TEST_POSTGRES:?set it to an Npgsql connection string (.ci/postgres.sh starts a server)}"
dll=${MARKETLAB_DLL:-src/Cli/bin/Debug/net10.0/linux-x64/marketlab.dll}
[[ -f "$dll" ]] || { echo "cluster-check: $dll not found; build src/Cli first (or set MARKETLAB_DLL)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# A fresh cluster id per run: stale rows of an earlier run's silos never meet this one.
conn="$MARKETLAB_TEST_POSTGRES;ClusterId=check-$$-$RANDOM"
# 400 rows of a seeded nonlinear binary problem (awk's generator: deterministic for a seed on one awk build).
awk 'BEGIN { srand(3); print "x1,x2,segment,label"; split("a b c", seg, " ");
  for (i = 0; i < 400; i++) { x1 = rand() * 4 - 2; x2 = rand() * 4 - 2; s = seg[int(rand() * 3) + 1];
    v = x1 * x2 + (s == "b") + rand() - 0.5; printf "%.6f,%.6f,%s,%s\n", x1, x2, s, (v > 0 ? "True" : "False") } }' > "$work/data.csv"

for w in a b; do
  dotnet "$dll" worker --cluster "$conn" --slots 1 > "$work/worker-$w.log" 2>&1 &
  pids+=($!)
  eval "pid_$w=$!"
done
for w in a b; do
  for _ in $(seq 1 60); do grep -q "joined" "$work/worker-$w.log" && break; sleep 1; done
  grep -q "joined" "$work/worker-$w.log" || { echo "cluster-check: worker $w did not join" >&2; cat "$work/worker-$w.log" >&2; exit 1; }
done
echo "cluster-check: 2 workers joined ($(cat "$work"/worker-*.log | grep -o 'silo [^ ]*' | tr '\n' ' '))"

trials=24
timeout 170 dotnet "$dll" automl --cluster "$conn" --data "$work/data.csv" --label label --task binary --max-trials "$trials" \
  --workers 2 --deterministic --time 160 --ensemble 0 --store "$work/store.db" > "$work/client.log" 2>&1 &
client=$!
pids+=($client)

# Kill worker a with SIGKILL once a few trials have finished.
for _ in $(seq 1 120); do [[ $(grep -c '^trial ' "$work/client.log" || true) -ge 4 ]] && break; sleep 0.5; done
echo "cluster-check: $(grep -c '^trial ' "$work/client.log" || true) trials done; kill -9 worker a (pid $pid_a)"
kill -9 "$pid_a"

status=0
wait "$client" || status=$?
cat "$work/client.log"
[[ $status -eq 0 ]] || { echo "cluster-check: the client exited with $status" >&2; cat "$work/worker-b.log" >&2; exit 1; }
grep -q "Completed: $trials trials" "$work/client.log" || { echo "cluster-check: the search did not complete $trials trials" >&2; exit 1; }
grep -q "Leaderboard (Auc, $trials trials" "$work/client.log" || { echo "cluster-check: the store does not hold $trials trials" >&2; exit 1; }
echo "cluster-check: OK: $trials trials in the store after worker a was killed mid-run"
