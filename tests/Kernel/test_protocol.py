"""Protocol tests of `marketlab kernel` on jupyter_client, in the manner of jupyter_kernel_test.

Usage: /usr/bin/python3 tests/Kernel/test_protocol.py   (MARKETLAB=path/to/marketlab to choose the binary)
Prints one line per test and a closing 'N passed, M failed'; exits 1 when any failed.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
from jupyter_client.session import Session  # noqa: E402

h.install_kernelspec()
started = time.time()
km, kc = h.start()  # waits for kernel_info_reply
KERNEL_INFO_SECONDS = time.time() - started


def test_latency():
    t = time.time()
    r, _ = h.execute(kc, "1+1")
    first = time.time() - t
    print(f"  latency: kernel_info reply {KERNEL_INFO_SECONDS:.2f} s after start, first 1+1 {first:.2f} s after it")
    assert r["content"]["status"] == "ok"


def test_kernel_info():
    msg_id = kc.kernel_info()
    r = h.reply(kc, msg_id)
    h.check_header(r, "kernel_info_reply")
    assert r["parent_header"]["msg_id"] == msg_id
    c = r["content"]
    assert c["status"] == "ok" and c["protocol_version"] == "5.3", c
    li = c["language_info"]
    assert (li["name"], li["file_extension"], li["pygments_lexer"]) == ("C#", ".cs", "csharp"), li
    io = h.collect(kc, msg_id)
    states = [m["content"]["execution_state"] for m in io if m["msg_type"] == "status"]
    assert states[0] == "busy" and states[-1] == "idle", states


def test_execute_result_and_iopub_order():
    t = time.time()
    msg_id = kc.execute("6 * 7")
    first = kc.get_iopub_msg(timeout=10)
    while first["parent_header"].get("msg_id") != msg_id:
        first = kc.get_iopub_msg(timeout=10)
    assert first["msg_type"] == "status" and first["content"]["execution_state"] == "busy", first["msg_type"]
    assert time.time() - t < 1.0, f"busy after {time.time() - t:.2f} s"
    rest = h.collect(kc, msg_id)
    io = [first] + rest
    for m in io:
        h.check_header(m)
        assert m["parent_header"]["msg_id"] == msg_id
    assert io[-1]["msg_type"] == "status" and io[-1]["content"]["execution_state"] == "idle"
    echo = h.of_type(io, "execute_input")
    assert len(echo) == 1 and echo[0]["content"]["code"] == "6 * 7", echo
    result = h.of_type(io, "execute_result")
    assert len(result) == 1 and result[0]["content"]["data"]["text/plain"] == "42", result
    r = h.reply(kc, msg_id)
    h.check_header(r, "execute_reply")
    assert r["content"]["status"] == "ok"
    assert r["content"]["execution_count"] == result[0]["content"]["execution_count"] == echo[0]["content"]["execution_count"]


def test_execution_count_silent_and_store_history():
    r1, _ = h.execute(kc, "1")
    n = r1["content"]["execution_count"]
    r2, io = h.execute(kc, "Console.WriteLine(\"quiet\"); 2", silent=True)
    assert r2["content"]["status"] == "ok"
    assert [m["msg_type"] for m in io] == ["status", "status"], [m["msg_type"] for m in io]
    r3, _ = h.execute(kc, "3", store_history=False)
    r4, _ = h.execute(kc, "4")
    assert r3["content"]["execution_count"] == n and r4["content"]["execution_count"] == n + 1, (n, r3["content"], r4["content"])


def test_streams_in_order():
    _, io = h.execute(kc, 'Console.WriteLine("a"); Console.Error.WriteLine("b"); Console.WriteLine("c");')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in h.of_type(io, "stream")]
    assert streams == [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")], streams


def test_display_mime_types_and_update():
    _, io = h.execute(kc, 'display("<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>"); display(new[] { new { A = 1, B = "x" } }); var handle = display(1); handle.Update(2);')
    shown = h.of_type(io, "display_data")
    assert "image/svg+xml" in shown[0]["content"]["data"], shown[0]["content"]
    assert "text/html" in shown[1]["content"]["data"] and "<th>A</th>" in shown[1]["content"]["data"]["text/html"]
    assert all("text/plain" in m["content"]["data"] for m in shown)
    updates = h.of_type(io, "update_display_data")
    assert len(updates) == 1 and updates[0]["content"]["data"]["text/plain"] == "2"
    assert updates[0]["content"]["transient"]["display_id"] == shown[2]["content"]["transient"]["display_id"]


def test_error_form():
    r, io = h.execute(kc, 'throw new InvalidOperationException("boom");')
    errors = h.of_type(io, "error")
    assert len(errors) == 1, [m["msg_type"] for m in io]
    e = errors[0]["content"]
    assert (e["ename"], e["evalue"]) == ("InvalidOperationException", "boom"), e
    assert isinstance(e["traceback"], list) and e["traceback"] and all(isinstance(l, str) for l in e["traceback"])
    assert r["content"]["status"] == "error" and r["content"]["ename"] == "InvalidOperationException"
    r, io = h.execute(kc, "int y = ;")
    assert len(h.of_type(io, "error")) == 1 and h.of_type(io, "error")[0]["content"]["ename"] == "CompilationErrorException"


def test_state_across_cells():
    h.execute(kc, "var x = 40;")
    _, io = h.execute(kc, "x + 2")
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def complete(code, cursor=None):
    msg_id = kc.complete(code, len(code) if cursor is None else cursor)
    r = h.reply(kc, msg_id)
    h.check_header(r, "complete_reply")
    h.collect(kc, msg_id)
    return r["content"]


def test_completions():
    c = complete("Consol")
    assert c["status"] == "ok" and "Console" in c["matches"], c["matches"][:10]
    assert (c["cursor_start"], c["cursor_end"]) == (0, 6), c
    c = complete("SufficientStat")
    assert "SufficientStatistics" in c["matches"], c["matches"][:10]
    c = complete("Console.WriteL")
    assert "WriteLine" in c["matches"], c["matches"][:10]
    c = complete("x.CompareT")  # x from an earlier cell
    assert "CompareTo" in c["matches"], c["matches"][:10]


def is_complete(code):
    msg_id = kc.is_complete(code)
    r = h.reply(kc, msg_id)
    h.collect(kc, msg_id)
    return r["content"]


def test_is_complete():
    assert is_complete("var a = 1;")["status"] == "complete"
    c = is_complete("for (int i = 0; i < 3; i++) {")
    assert c["status"] == "incomplete" and "indent" in c, c
    assert is_complete('var s = "open')["status"] in ("incomplete", "invalid")
    assert is_complete("var = ) 1;")["status"] == "invalid", is_complete("var = ) 1;")


def test_inspect():
    msg_id = kc.inspect("Console.WriteLine", 3)
    r = h.reply(kc, msg_id)
    h.collect(kc, msg_id)
    assert r["content"]["status"] == "ok" and r["content"]["found"] is True
    assert "System.Console" in r["content"]["data"]["text/plain"], r["content"]
    msg_id = kc.inspect("   ", 1)
    r = h.reply(kc, msg_id)
    h.collect(kc, msg_id)
    assert r["content"]["found"] is False


def test_comm_info_and_history():
    msg_id = kc.comm_info()
    r = h.reply(kc, msg_id)
    h.collect(kc, msg_id)
    assert r["content"] == {"status": "ok", "comms": {}}, r["content"]
    msg_id = kc.history()
    r = h.reply(kc, msg_id)
    h.collect(kc, msg_id)
    assert r["content"]["status"] == "ok" and r["content"]["history"] == []


def test_wrong_hmac_is_ignored():
    forged = Session(key=b"not-the-key", username="intruder")
    msg = forged.msg("execute_request", {"code": "Console.WriteLine(\"forged\");", "silent": False, "store_history": True,
                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    forged.send(kc.shell_channel.socket, msg)
    try:
        got = kc.get_shell_msg(timeout=2)
        raise AssertionError(f"a reply to a forged message: {got['msg_type']}")
    except AssertionError:
        raise
    except Exception:
        pass  # queue.Empty: no reply, as wanted
    _, io = h.execute(kc, "1 + 1")
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "2"


def test_input_request():
    msg_id = kc.execute('var line = Console.ReadLine(); line + "!"', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request" and request["parent_header"]["msg_id"] == msg_id
    kc.input("hello")
    r = h.reply(kc, msg_id)
    io = h.collect(kc, msg_id)
    assert r["content"]["status"] == "ok"
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "hello!"


def test_interrupt_keeps_state():
    h.execute(kc, "var kept = 7;")
    msg_id = kc.execute("while (true) {}")
    time.sleep(1.0)
    km.interrupt_kernel()
    r = h.reply(kc, msg_id, timeout=15)
    io = h.collect(kc, msg_id, timeout=15)
    assert r["content"]["status"] == "error" and len(h.of_type(io, "error")) == 1, r["content"]
    assert io[-1]["content"]["execution_state"] == "idle"
    _, io = h.execute(kc, "kept * 6")
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_background_task_exception_and_huge_output():
    r, io = h.execute(kc, 'Task.Run(() => throw new Exception("background")); Console.Write(new string(\'x\', 100_000_000)); 5')
    text = "".join(m["content"]["text"] for m in h.of_type(io, "stream"))
    assert len(text) < 1_100_000 and "[output truncated" in text, len(text)
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "5"
    _, io = h.execute(kc, "kept")
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "7"


def test_dataframe_renders_as_table():
    _, io = h.execute(kc, "using Microsoft.Data.Analysis;\nnew DataFrame(new Int32DataFrameColumn(\"n\", new[] { 1, 2, 3 }))")
    data = h.of_type(io, "execute_result")[0]["content"]["data"]
    assert "text/html" in data and "<table" in data["text/html"] and "Int32" in data["text/html"], data


def test_restart_and_shutdown():
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    _, io = h.execute(kc, "1 + 2")
    assert h.of_type(io, "execute_result")[0]["content"]["data"]["text/plain"] == "3"
    process = km.provisioner.process if hasattr(km, "provisioner") else km.kernel
    r = kc.shutdown(reply=True, timeout=15)  # jupyter_client 7 sends it on the control channel
    h.check_header(r, "shutdown_reply")
    assert r["content"]["status"] == "ok" and r["content"]["restart"] is False
    process.wait(timeout=15)


def write_connection(path, ports, key="secret"):
    names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
    with open(path, "w") as f:
        json.dump(dict(zip(names, ports), ip="127.0.0.1", transport="tcp", key=key, signature_scheme="hmac-sha256"), f)


def test_bad_connection_file_and_port_in_use():
    folder = tempfile.mkdtemp()
    bad = os.path.join(folder, "bad.json")
    with open(bad, "w") as f:
        f.write("{ not json")
    p = subprocess.run(h.marketlab_command() + ["kernel", bad], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "not JSON" in p.stderr, (p.returncode, p.stderr)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    free = []
    for _ in range(4):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        free.append(s)
    ports = [port] + [s.getsockname()[1] for s in free]
    for s in free:
        s.close()
    conn = os.path.join(folder, "busy.json")
    write_connection(conn, ports)
    p = subprocess.run(h.marketlab_command() + ["kernel", "--connection-file", conn], capture_output=True, text=True, timeout=60)
    busy.close()
    assert p.returncode == 2 and "in use" in p.stderr, (p.returncode, p.stderr)


TESTS = [(name, fn) for name, fn in list(globals().items()) if name.startswith("test_")]

if __name__ == "__main__":
    code = h.run_tests(TESTS)
    try:
        if km.is_alive():
            km.shutdown_kernel(now=True)
    finally:
        sys.exit(code)
