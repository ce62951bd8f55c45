#!/usr/bin/env bash
# Repeated random splits for the pretrained-encoder issue: on each UCI review set (amazon, yelp, imdb) and each seed, a
# fresh stratified 70/30 split and three candidates on the same split: MiniLM (all-MiniLM-L6-v2 imported by
# `marketlab models get`) fine-tuned, BERT-tiny from scratch (the settings of scripts/review-pretraining-seeds.sh) and
# AutoML (20 SMAC trials as in experiments/review-sentiment.yaml, each scored on a 20% holdout instead of 5-fold CV to fit the time). Every candidate's wall time is stored with its outcome.
# Usage: scripts/pretrained-seeds.sh STORE [SEEDS...]   (default seeds 1..6)
# Summarise with: /usr/bin/python3 scripts/bert_seeds_table.py --prefix pretrained- --baseline bert_scratch --challenger minilm STORE
#            and: /usr/bin/python3 scripts/bert_seeds_table.py --prefix pretrained- --baseline automl --challenger minilm STORE
set -euo pipefail
cd "$(dirname "$0")/.."
store=$1; shift
seeds=("$@"); [[ ${#seeds[@]} -gt 0 ]] || seeds=(1 2 3 4 5 6)
artifacts=$(dirname "$store")/pretrained-runs
specs=$(dirname "$store")/pretrained-specs
mkdir -p "$artifacts" "$specs"
source scripts/cli-snapshot.sh
snapshot=artifacts/cli-snapshot-pretrained
snapshot_cli "$snapshot"
"$snapshot/marketlab" models get all-minilm-l6-v2 >/dev/null
for seed in "${seeds[@]}"; do
  for set in amazon yelp imdb; do
    spec="$specs/pretrained-$set-$seed.yaml"
    cat > "$spec" <<SPEC
name: pretrained-$set-$seed
description: Repeated-split pretrained-encoder check, $set, seed $seed.
task: text_classification
seed: $seed
dataset:
  name: uci_sentiment_$set
  split: 0.3
candidates:
  - name: minilm
    kind: bert
    parameters: {init: model, model: all-minilm-l6-v2, epochs: 4, batch_size: 16, learning_rate: 5e-5, max_length: 64, threads: 2, validation: 0}
  - name: bert_scratch
    kind: bert
    parameters: {size: tiny, epochs: 10, batch_size: 16, learning_rate: 5e-4, max_length: 64, threads: 2, validation: 0}
  - name: automl
    kind: automl
    parameters: {trials: 20, tuner: smac, folds: 0, primary: auc}
SPEC
    "$snapshot/marketlab" run "$spec" --store "$store" --artifacts "$artifacts" --new | grep -E 'accuracy|Report' | tail -4 || true
  done
done
