#!/usr/bin/env bash
# The Jupyter kernel's checks (issue 15), called by .ci/run after the dotnet test step (which built src/Cli):
# 1. the protocol suite on jupyter_client (tests/Kernel/test_protocol.py);
# 2. every notebook through the kernel with nbclient, compared with `marketlab notebook run` (tests/Kernel/test_notebooks.py).
# Installs Debian's Jupyter packages when they are missing. Ends with one summary line; exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3-jupyter-client python3-nbclient jupyter-nbconvert python3-jupyter-console)
if ! /usr/bin/python3 -c 'import jupyter_client, nbclient' 2>/dev/null || [[ ! -x /usr/bin/jupyter-nbconvert ]]; then
  sudo=""; if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  mkdir -p /tmp/apt-archives/partial
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o Dir::Cache::Archives=/tmp/apt-archives "${packages[@]}" >/dev/null
fi

apphost=src/Cli/bin/Debug/net10.0/linux-x64/marketlab
if [[ ! -x $apphost ]]; then dotnet build src/Cli -v quiet -nologo; fi
export MARKETLAB="$PWD/$apphost"

set +e
/usr/bin/python3 tests/Kernel/test_protocol.py
protocol=$?
/usr/bin/python3 tests/Kernel/test_notebooks.py
notebooks=$?
set -e
echo "kernel-tests: protocol suite $([[ $protocol -eq 0 ]] && echo passed || echo FAILED), notebooks through the kernel $([[ $notebooks -eq 0 ]] && echo passed || echo FAILED)"
[[ $protocol -eq 0 && $notebooks -eq 0 ]]
