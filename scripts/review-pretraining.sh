#!/usr/bin/env bash
# The learning experiment of docs/bert.md: BERT-tiny from scratch vs from our own MLM pre-training on the three UCI
# review sets (experiments/review-pretraining-{amazon,yelp,imdb}.yaml), then BERT versus AutoML on SST-2 train/dev
# (experiments/review-sentiment-sst2.yaml; skip it with SST2=0). The first spec pre-trains and caches the checkpoint
# under ARTIFACTS/pretrained/; the others reuse it. Prints each run's metrics.json path.
# Usage: scripts/review-pretraining.sh [ARTIFACTS]   (default artifacts/learning)
# Runs on a snapshot of the built CLI, so rebuilding the checkout meanwhile cannot disturb it. When Debian's
# libtcmalloc-minimal4 is installed (or MARKETLAB_TCMALLOC names the .so) it is preloaded: glibc's allocator makes
# AdamW on the 30,522-row embedding slow (docs/bert.md); the allocator does not change any result.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${1:-artifacts/learning}
mkdir -p "$artifacts"
source scripts/cli-snapshot.sh
snapshot=artifacts/cli-snapshot
snapshot_cli "$snapshot"
if tcmalloc=$(tcmalloc_path); then export LD_PRELOAD="$tcmalloc"; fi
for set in amazon yelp imdb; do
  "$snapshot/marketlab" run "experiments/review-pretraining-$set.yaml" --store "$artifacts/runs.db" --artifacts "$artifacts"
done
if [[ ${SST2:-1} != 0 ]]; then
  "$snapshot/marketlab" run experiments/review-sentiment-sst2.yaml --store "$artifacts/runs.db" --artifacts "$artifacts"
fi
