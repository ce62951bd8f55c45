#!/usr/bin/env bash
# Longer masked-LM pre-training for the learning experiment of docs/bert.md, and its repeated-split evaluation.
# Stage 1 pre-trains BERT-tiny for 20,000 steps on the learning corpus (the 67,349 SST-2 training phrases and the
# 35,311 PriceRunner titles, in that order; the same sentences and settings as the review-pretraining-* specs' cached
# checkpoint); stages 2 and 3 continue it (`bert pretrain --from`) for 20,000 and 30,000 more steps, each with a fresh
# warm-up and decay. Then scripts/review-pretraining-seeds.sh compares every checkpoint with scratch on 6 seeds x 3
# UCI sets. A stage whose checkpoint exists is skipped, so the script can be re-run after a stop (a stopped stage
# resumes from its .partial state: run the script again). About 100 min of pre-training and 40 min of fine-tuning on 2 cores.
# Usage: scripts/review-pretraining-long.sh [ARTIFACTS]   (default artifacts/learning)
# Tables: /usr/bin/python3 scripts/bert_seeds_table.py ARTIFACTS/seeds-{20k,40k,70k}/runs.db
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${1:-artifacts/learning}
models=$artifacts/pretrained
mkdir -p "$models"
shared=${MARKETLAB_SHARED:-../shared}/datasets/text
corpus=$artifacts/corpus-sst2-pricerunner.txt
# The corpus as the specs read it: SST-2's sentence column (header skipped), PriceRunner's second CSV field (no
# quoting), each trimmed, blank lines dropped.
{ tail -n +2 "$shared/sst2/train.tsv" | awk -F'\t' '{sub(/\r$/,""); NF--; print}' OFS='\t'
  awk -F, '{sub(/\r$/,"")} NF>1 {print $2}' "$shared/pricerunner_product_category/pricerunner_aggregate.csv"
} | sed 's/^[[:space:]]*//;s/[[:space:]]*$//' | grep -v '^$' > "$corpus"
source scripts/cli-snapshot.sh
snapshot=artifacts/cli-snapshot-long
snapshot_cli "$snapshot"
preload=(); if tcmalloc=$(tcmalloc_path); then preload=(env LD_PRELOAD="$tcmalloc"); fi
common=(--corpus "$corpus" --batch-size 64 --lr 1e-3 --whole-word --threads 2 --max-length 64)
stage() { # OUT STEPS SEED [--from DIR | --size tiny]
  local out=$1 steps=$2 seed=$3; shift 3
  if [[ -f "$out/model.safetensors" && ! -f "$out/pretrain-state.json" ]]; then echo "$out exists; skipped."; return; fi
  "${preload[@]}" "$snapshot/marketlab" bert pretrain "${common[@]}" --steps "$steps" --seed "$seed" --out "$out" "$@" | grep -v '^step '
}
stage "$models/mlm-20k" 20000 42 --size tiny
stage "$models/mlm-40k" 20000 43 --from "$models/mlm-20k"
stage "$models/mlm-70k" 30000 44 --from "$models/mlm-40k"
for k in 20k 40k 70k; do
  scripts/review-pretraining-seeds.sh "$models/mlm-$k" "$artifacts/seeds-$k/runs.db" 1 2 3 4 5 6
done
