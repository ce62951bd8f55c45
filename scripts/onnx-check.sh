#!/usr/bin/env bash
# Dev check (not CI) for docs/models.md: fine-tune a classifier, export it with `marketlab bert export`, and run
# Debian's python3-onnx checker on the file (scripts/onnx_check.py: check_model(..., full_check=True)).
# Default: all-minilm-l6-v2 fine-tuned for one epoch on UCI Yelp (installed into the model cache on first use).
# Usage: bash scripts/onnx-check.sh [CHECKPOINT_DIR] [WORK_DIR]
#   CHECKPOINT_DIR: an existing fine-tuned folder (bert train --out) to export instead of training one.
# Needs /usr/bin/python3 with python3-onnx: apt-get install python3-onnx (see docs/models.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${2:-$(mktemp -d)}
mkdir -p "$work"
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
marketlab() { dotnet run -c Release --project src/Cli --no-build -- "$@"; }
checkpoint=${1:-}
if [ -z "$checkpoint" ]; then
  checkpoint=$work/minilm-yelp
  marketlab bert train --data text/uci_sentiment_labelled/yelp_labelled.txt --model all-minilm-l6-v2 --epochs 1 \
    --lr 5e-5 --max-length 64 --threads 2 --out "$checkpoint"
fi
marketlab bert export --model "$checkpoint" --out "$work/model.onnx" --max-length 64
/usr/bin/python3 scripts/onnx_check.py "$work/model.onnx"
