#!/usr/bin/env bash
# The CLI installs and runs anywhere (issue "one workflow per task ... a CLI that installs anywhere"):
#   1. `dotnet build src/Cli -o DIR` and `dotnet publish src/Cli -c Release -o DIR` succeed;
#   2. from an empty folder, with only MARKETLAB_DATA set, the published CLI runs the quickstart, a CI spec and the
#      review-sentiment notebook (models and datasets resolve from the environment, never the program's folder);
#   3. `dotnet pack src/Cli` makes a .NET tool that installs from that local package folder and runs the quickstart.
# Usage: bash scripts/install-check.sh [WORK_DIR]   (needs ../shared beside the checkout; about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
export MARKETLAB_DATA=${MARKETLAB_DATA:-$(cd .. && pwd)/shared/datasets}
unset MARKETLAB_MODELS
step() { echo "install-check: $*"; }
# Run a build step quietly; on failure print its log and stop.
quiet() { local log="$work/step.log"; "$@" >"$log" 2>&1 || { cat "$log"; echo "install-check: failed: $*" >&2; exit 1; }; }

step "dotnet build src/Cli -o $work/build"
quiet dotnet build src/Cli -o "$work/build" -nologo
step "dotnet publish src/Cli -c Release -o $work/publish"
quiet dotnet publish src/Cli -c Release -o "$work/publish" -nologo

empty=$work/empty
mkdir -p "$empty"
cp experiments/ci/campaign-ab.yaml "$empty/"
cd "$empty"
step "published CLI from an empty folder: quickstart"
"$work/publish/marketlab" quickstart --store runs.db --artifacts quick | tail -2
step "published CLI: run campaign-ab.yaml"
"$work/publish/marketlab" run campaign-ab.yaml --store runs.db --artifacts runs | tail -2
step "published CLI: notebook run review-sentiment.ipynb"
"$work/publish/marketlab" notebook run "$repo/notebooks/review-sentiment.ipynb" --out "$empty/review-sentiment.ipynb" --html "$empty/review-sentiment.html" --timeout 300 | tail -2
cd "$repo"

step "dotnet pack src/Cli, then dotnet tool install from the local package folder"
quiet dotnet pack src/Cli -c Release -o "$work/package" -nologo
quiet dotnet tool install --tool-path "$work/tools" --add-source "$work/package" MarketLab.Cli
cd "$empty"
step "installed tool: quickstart"
"$work/tools/marketlab" quickstart --store tool-runs.db --artifacts tool | tail -2
step "all passed"
