#!/usr/bin/env bash
# Repeated random splits for the learning experiment of docs/bert.md: for each seed and each UCI review set, a fresh
# stratified 70/30 split, BERT-tiny fine-tuned from scratch and from CHECKPOINT with the settings of
# experiments/review-pretraining-*.yaml (10 epochs, batch 16, lr 5e-4, max length 64, 2 threads). One fine-tuning
# seed and one split per run is noisy on 300 test sentences; the paired differences over seeds x sets are not.
# Usage: scripts/review-pretraining-seeds.sh CHECKPOINT STORE [SEEDS...]   (default seeds 1..8)
# Summarise with: /usr/bin/python3 scripts/bert_seeds_table.py STORE
set -euo pipefail
cd "$(dirname "$0")/.."
checkpoint=$1 store=$2; shift 2
seeds=("$@"); [[ ${#seeds[@]} -gt 0 ]] || seeds=(1 2 3 4 5 6 7 8)
[[ -f "$checkpoint/model.safetensors" ]] || { echo "no checkpoint at $checkpoint (model.safetensors missing)" >&2; exit 2; }
artifacts=$(dirname "$store")/seed-runs
specs=$(dirname "$store")/seed-specs
mkdir -p "$artifacts" "$specs"
source scripts/cli-snapshot.sh
snapshot=artifacts/cli-snapshot-seeds
snapshot_cli "$snapshot"
if tcmalloc=$(tcmalloc_path); then export LD_PRELOAD="$tcmalloc"; fi
common="size: tiny, epochs: 10, batch_size: 16, learning_rate: 5e-4, max_length: 64, threads: 2"
for seed in "${seeds[@]}"; do
  for set in amazon yelp imdb; do
    spec="$specs/seeds-$set-$seed.yaml"
    cat > "$spec" <<SPEC
name: seeds-$set-$seed
description: Repeated-split learning check, $set, seed $seed, checkpoint $checkpoint.
task: text_classification
seed: $seed
dataset:
  name: uci_sentiment_$set
  split: 0.3
candidates:
  - name: bert_scratch
    kind: bert
    parameters: {$common}
  - name: bert_pretrained
    kind: bert
    parameters: {$common, init: checkpoint, checkpoint: "$(realpath "$checkpoint")"}
SPEC
    "$snapshot/marketlab" run "$spec" --store "$store" --artifacts "$artifacts" --new | grep -E 'accuracy|metrics.json' | tail -3 || true
  done
done
