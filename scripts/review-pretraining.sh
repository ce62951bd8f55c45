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
dotnet build src/Cli -v:q -nologo >/dev/null
snapshot=artifacts/cli-snapshot
rm -rf "$snapshot" && mkdir -p "$snapshot" && cp -r src/Cli/bin/Debug/net10.0/linux-x64/. "$snapshot/"
tcmalloc=${MARKETLAB_TCMALLOC:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}
if [[ -f "$tcmalloc" ]]; then export LD_PRELOAD="$tcmalloc"; fi
for set in amazon yelp imdb; do
  "$snapshot/marketlab" run "experiments/review-pretraining-$set.yaml" --store "$artifacts/runs.db" --artifacts "$artifacts"
done
if [[ ${SST2:-1} != 0 ]]; then
  "$snapshot/marketlab" run experiments/review-sentiment-sst2.yaml --store "$artifacts/runs.db" --artifacts "$artifacts"
fi
