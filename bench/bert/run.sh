#!/usr/bin/env bash
# BERT speed: MarketLab's TorchSharp classifier against the same model in Debian's python3-torch (1.13), one process
# per side and size, interleaved: tiny (2 x 128, 2 heads) and mini (4 x 256, 4 heads), batch 32, sequence 128,
# 2 threads on both sides. Each process measures its own float32 matmul rate, training steps (forward, backward,
# AdamW), inference batches (no_grad) and its peak resident memory (VmHWM). Writes a markdown table to stdout and to
# artifacts/bench-bert/table.md (raw JSON beside it). Needs: the .NET SDK, /usr/bin/python3 with python3-torch, and
# Debian's libopenblas0-pthread (Debian's torch links the reference BLAS, ~6.5 GFLOP/s; OpenBLAS is loaded through
# LD_LIBRARY_PATH for the peer only, the system alternative is left alone).
# Knobs: SIZES ("tiny mini"; also "minilm": all-MiniLM-L6-v2's 6 x 384 architecture on both sides), THREADS (2), BATCH (32), SEQ (128), WARMUP (3), ITERATIONS (10), ROUNDS (1).
# On a shared machine run it under a lock, e.g. `flock /work/heavy.lock bash bench/bert/run.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"tiny mini"} THREADS=${THREADS:-2} BATCH=${BATCH:-32} SEQ=${SEQ:-128}
WARMUP=${WARMUP:-3} ITERATIONS=${ITERATIONS:-10} ROUNDS=${ROUNDS:-1}
OPENBLAS_DIR=${OPENBLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-pthread}
PYTHON=${PYTHON:-/usr/bin/python3}
out=artifacts/bench-bert
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ ! -e "$OPENBLAS_DIR/libblas.so.3" ]]; then
  echo "bench/bert/run.sh: $OPENBLAS_DIR/libblas.so.3 not found; install Debian's libopenblas0-pthread (or set OPENBLAS_DIR)." >&2
  exit 2
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "bench/bert/run.sh: $PYTHON cannot import torch; install Debian's python3-torch." >&2
  exit 2
fi

dotnet build -c Release src/Cli -v:q -nologo >/dev/null
cli=src/Cli/bin/Release/net10.0/linux-x64/marketlab
rm -rf "$out" && mkdir -p "$out"
common=(--size SIZE --batch-size "$BATCH" --max-length "$SEQ" --threads "$THREADS" --warmup "$WARMUP" --iterations "$ITERATIONS")
for round in $(seq 1 "$ROUNDS"); do
  for size in $SIZES; do
    args=("${common[@]/SIZE/$size}")
    echo "round $round, $size: TorchSharp..." >&2
    OMP_NUM_THREADS=$THREADS "$cli" bert bench "${args[@]}" --json "$out/torchsharp-$size-$round.json" >/dev/null
    echo "round $round, $size: PyTorch..." >&2
    OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      "$PYTHON" bench/bert/torch_peer.py "${args[@]}" --json "$out/pytorch-$size-$round.json" >/dev/null
  done
done
"$PYTHON" bench/bert/table.py "$out" | tee "$out/table.md"
