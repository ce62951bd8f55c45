#!/usr/bin/env bash
# jupyter console in tmux against the MarketLab kernel: `var x = 40;` then `x + 2` must print Out[2]: 42.
# Needs tmux and python3-jupyter-console; installs the kernelspec into a temporary prefix. Prints the screen.
set -euo pipefail
cd "$(dirname "$0")/../.."
marketlab=${MARKETLAB:-$PWD/src/Cli/bin/Debug/net10.0/linux-x64/marketlab}
prefix=$(mktemp -d)
session=marketlab-console-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$prefix"' EXIT
$marketlab kernel install --prefix "$prefix" --name marketlab-console-check >/dev/null
tmux new-session -d -s "$session" -x 120 -y 30 \
  "JUPYTER_PATH=$prefix/share/jupyter /usr/bin/python3 -m jupyter_console --kernel marketlab-console-check"
screen() { tmux capture-pane -p -t "$session" | grep -v '^$' || true; }
wait_for() { for _ in $(seq 1 120); do screen | grep -q "$1" && return 0; sleep 0.5; done; screen; echo "console-check: no '$1'" >&2; exit 1; }
wait_for 'In \[1\]'
# tmux reads a trailing ';' as a command separator: send it as hex.
tmux send-keys -t "$session" -l 'var x = 40'; tmux send-keys -t "$session" -H 3b; tmux send-keys -t "$session" Enter
wait_for 'In \[2\]'
tmux send-keys -t "$session" -l 'x + 2'; tmux send-keys -t "$session" Enter
wait_for 'Out\[2\]: 42'
screen
echo "console-check: passed"
