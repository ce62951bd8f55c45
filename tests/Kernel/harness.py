"""Small test harness for the kernel suites: a kernel in a temporary Jupyter prefix, message helpers, a runner.

Only the standard library and Debian's python3-jupyter-client are used (no pytest). Run under /usr/bin/python3.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = "marketlab-csharp-test"
HEADER_FIELDS = {"msg_id", "session", "username", "date", "msg_type", "version"}


def marketlab_command():
    """The marketlab command line: $MARKETLAB (split on spaces), else the built apphost."""
    if os.environ.get("MARKETLAB"):
        return os.environ["MARKETLAB"].split()
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    return [os.path.join(root, "src", "Cli", "bin", "Debug", "net10.0", "linux-x64", "marketlab")]


def install_kernelspec():
    """Installs the kernelspec into a temporary prefix and points JUPYTER_PATH at it; returns the prefix."""
    prefix = tempfile.mkdtemp(prefix="marketlab-kernel-test-")
    subprocess.run(marketlab_command() + ["kernel", "install", "--prefix", prefix, "--name", KERNEL_NAME],
                   check=True, stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    return prefix


def start(cwd=None):
    return start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=120, cwd=cwd or os.getcwd())


def collect(kc, msg_id, timeout=60):
    """IOPub messages whose parent is msg_id, up to and including its idle status."""
    messages = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        except Exception:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
    raise AssertionError(f"no idle for {msg_id} within {timeout} s; got {[m['msg_type'] for m in messages]}")


def reply(kc, msg_id, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise AssertionError(f"no reply to {msg_id}")


def execute(kc, code, timeout=120, **kwargs):
    """Runs code; returns (reply, iopub messages)."""
    msg_id = kc.execute(code, **kwargs)
    r = reply(kc, msg_id, timeout)
    return r, collect(kc, msg_id, timeout)


def of_type(messages, msg_type):
    return [m for m in messages if m["msg_type"] == msg_type]


def check_header(msg, msg_type=None):
    missing = HEADER_FIELDS - set(msg["header"])
    assert not missing, f"{msg['msg_type']} header lacks {missing}"
    assert msg["header"]["version"] == "5.3", msg["header"]["version"]
    if msg_type:
        assert msg["header"]["msg_type"] == msg_type, (msg["header"]["msg_type"], msg_type)
    assert msg["msg_id"] == msg["header"]["msg_id"]


def run_tests(tests):
    """Runs (name, function) pairs; prints one line per test and a closing 'N passed, M failed'; returns the exit code."""
    passed = failed = 0
    for name, test in tests:
        started = time.time()
        try:
            test()
            passed += 1
            print(f"PASS {name} ({time.time() - started:.1f} s)", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name} ({time.time() - started:.1f} s)\n{traceback.format_exc()}", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0
