#!/usr/bin/env bash
# A person's view of the kernel (docs/images/kernel-quickstart.png): executes NB (default notebooks/quickstart.ipynb)
# through the MarketLab kernel with nbclient, opens it in Debian's Jupyter Notebook (jupyter-notebook) with the
# notebook's kernel set to ours, and screenshots the page in headless Chromium. Run by hand, not in CI.
# Needs: jupyter-notebook, jupyter-nbconvert, chromium (apt). Usage: scripts/kernel-screenshot.sh [NB] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
nb=${1:-notebooks/quickstart.ipynb}
out=$(realpath -m "${2:-docs/images/kernel-quickstart.png}")
marketlab=${MARKETLAB:-$PWD/src/Cli/bin/Debug/net10.0/linux-x64/marketlab}
work=$(mktemp -d); port=8899
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export JUPYTER_PATH=$work/share/jupyter
$marketlab kernel install --prefix "$work" >/dev/null
name=$(basename "$nb")
cp "$nb" "$work/$name"
/usr/bin/jupyter-nbconvert --to notebook --execute "$work/$name" --output "$work/$name" \
  --ExecutePreprocessor.kernel_name=marketlab-csharp --ExecutePreprocessor.timeout=300
# As Jupyter does once the user picks "C# (MarketLab)" for a notebook whose .net-csharp kernel is not installed.
/usr/bin/python3 - "$work/$name" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
nb["metadata"]["kernelspec"] = {"display_name": "C# (MarketLab)", "language": "C#", "name": "marketlab-csharp"}
json.dump(nb, open(sys.argv[1], "w"), indent=1)
# Trust it (as `jupyter trust` would): Jupyter shows SVG and HTML outputs of trusted notebooks only.
import nbformat
from nbformat.sign import NotebookNotary
signed = nbformat.read(sys.argv[1], 4)
NotebookNotary().sign(signed)
PY
/usr/bin/python3 -m notebook --no-browser --allow-root --port $port --ip 127.0.0.1 --NotebookApp.token='' \
  --NotebookApp.password='' --notebook-dir="$work" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.5; done
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2300 --virtual-time-budget=20000 \
  --screenshot="$out" "http://127.0.0.1:$port/notebooks/$name" 2>/dev/null
echo "Wrote $out"
