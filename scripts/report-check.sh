#!/usr/bin/env bash
# Loads a MarketLab HTML report in headless Chromium, fails on console errors or network requests, and takes a
# screenshot. Not run by the tests (they must not need a browser); run by hand after report changes:
#   scripts/report-check.sh artifacts/<run-id>/report.html docs/images/report.png
# Installs Debian's chromium when missing (needs root or sudo and apt).
set -euo pipefail
report=${1:?usage: report-check.sh REPORT.html SCREENSHOT.png}
shot=${2:?usage: report-check.sh REPORT.html SCREENSHOT.png}

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  sudo=$( [[ $(id -u) -eq 0 ]] && echo "" || echo sudo )
  # `env` so the assignment works with and without sudo (an empty $sudo left DEBIAN_FRONTEND=... as the command);
  # a private archive folder works around the image's apt cleanup hook.
  mkdir -p /tmp/apt-archives/partial
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o Dir::Cache::Archives=/tmp/apt-archives chromium fonts-dejavu-core >/dev/null
  browser=$(command -v chromium)
fi

profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
url="file://$(realpath "$report")"
mkdir -p "$(dirname "$shot")"
# A fresh profile, no GPU, no background traffic; console messages go to stderr through --enable-logging.
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-extensions \
  --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size=1100,2400 --hide-scrollbars --screenshot="$(realpath -m "$shot")" "$url" 2>"$log" || true

if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$log"; then
  echo "report-check: console errors in $report (above)" >&2
  exit 1
fi
# A self-contained report names no remote resource (the SVG/XML namespaces are identifiers, not requests).
if grep -Eo '(src|href)="(https?:)?//[^"]*"' "$report"; then
  echo "report-check: $report references remote resources (above)" >&2
  exit 1
fi
[[ -s "$shot" ]] || { echo "report-check: no screenshot written" >&2; cat "$log" >&2; exit 1; }
echo "report-check: $report loaded without console errors; screenshot $shot"
