#!/usr/bin/env bash
# SASRec training speed: MarketLab's TorchSharp model and loss (MarketLab.Bench --sasrec-train) against the same model
# in Debian's python3-torch 1.13 (bench/recsys/sasrec_peer.py), on the same Amazon Games batches (the first
# WARMUP + ITERATIONS batches of training sequences in file order), same loss, batch, maxlen, hidden, blocks, heads,
# dropout and thread count; each side times forward + loss + backward + Adam per step and reports the median.
# The sides alternate for ROUNDS rounds, so a load change on a shared machine hits both. Prints one JSON line per
# process and the ratio TorchSharp / PyTorch in training samples (sequences) per second, per loss.
# Knobs: LOSSES ("bce ce"), THREADS (1), BATCH (128), MAXLEN (50), HIDDEN (50), WARMUP (5), ITERATIONS (40), ROUNDS (2),
# ALLOC (default | nommap: GLIBC_TUNABLES that keep glibc from mmap-ing and unmapping every large temporary, set for
# BOTH sides). Needs the .NET SDK, /usr/bin/python3 with python3-torch, and Debian's libopenblas0-pthread (Debian's
# torch links the reference BLAS; OpenBLAS is loaded through LD_LIBRARY_PATH for the peer only).
set -euo pipefail
cd "$(dirname "$0")/../.."
LOSSES=${LOSSES:-"bce ce"} THREADS=${THREADS:-1} BATCH=${BATCH:-128} MAXLEN=${MAXLEN:-50} HIDDEN=${HIDDEN:-50}
WARMUP=${WARMUP:-5} ITERATIONS=${ITERATIONS:-40} ROUNDS=${ROUNDS:-2} ALLOC=${ALLOC:-default}
OPENBLAS_DIR=${OPENBLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-pthread}
PYTHON=${PYTHON:-/usr/bin/python3}
out=artifacts/bench-recsys
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ ! -e "$OPENBLAS_DIR/libblas.so.3" ]]; then
  echo "bench/recsys/run.sh: $OPENBLAS_DIR/libblas.so.3 not found; install Debian's libopenblas0-pthread (or set OPENBLAS_DIR)." >&2
  exit 2
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "bench/recsys/run.sh: $PYTHON cannot import torch; install Debian's python3-torch." >&2
  exit 2
fi
case "$ALLOC" in
  default) tunables="" ;;
  nommap) tunables="glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=100000000000" ;;
  *) echo "bench/recsys/run.sh: ALLOC='$ALLOC' is not one of default, nommap." >&2; exit 2 ;;
esac

dotnet build -c Release bench -v:q -nologo >/dev/null
bench=bench/bin/Release/net10.0/linux-x64/MarketLab.Bench
[[ -x "$bench" ]] || bench=$(find bench/bin/Release -name MarketLab.Bench -type f | head -1)
rm -rf "$out" && mkdir -p "$out"
args=(--batch "$BATCH" --max-length "$MAXLEN" --hidden "$HIDDEN" --threads "$THREADS" --warmup "$WARMUP" --iterations "$ITERATIONS")
for round in $(seq 1 "$ROUNDS"); do
  for loss in $LOSSES; do
    echo "round $round, $loss: TorchSharp..." >&2
    GLIBC_TUNABLES=$tunables OMP_NUM_THREADS=$THREADS "$bench" --sasrec-train --loss "$loss" "${args[@]}" | tail -1 | tee "$out/torchsharp-$loss-$round.json"
    echo "round $round, $loss: PyTorch..." >&2
    GLIBC_TUNABLES=$tunables OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      "$PYTHON" bench/recsys/sasrec_peer.py --loss "$loss" "${args[@]}" --json "$out/pytorch-$loss-$round.json" | tail -1
  done
done
"$PYTHON" - "$out" "$LOSSES" "$ALLOC" <<'PY'
import glob, json, os, statistics, sys
out, losses, alloc = sys.argv[1], sys.argv[2].split(), sys.argv[3]
print(f"\nSASRec training, samples/s (median step of each process; median over rounds), allocator: {alloc}")
print("| loss | TorchSharp samples/s | PyTorch samples/s | TorchSharp / PyTorch |")
print("|---|---|---|---|")
for loss in losses:
    rate = {side: statistics.median(json.load(open(f))["samples_per_s"] for f in glob.glob(os.path.join(out, f"{side}-{loss}-*.json")))
            for side in ("torchsharp", "pytorch")}
    print(f"| {loss} | {rate['torchsharp']:.0f} | {rate['pytorch']:.0f} | {rate['torchsharp'] / rate['pytorch']:.2f}x |")
PY
