"""Every notebook executed through `marketlab kernel` with nbclient (jupyter nbconvert --execute) must give, cell by
cell, the same text/plain outputs as `marketlab notebook run`: streams (consecutive writes to one stream joined),
text/plain of results and displays, and errors by name and value.

Usage: /usr/bin/python3 tests/Kernel/test_notebooks.py [NB.ipynb ...]   (default: notebooks/*.ipynb)
Prints one line per notebook and a closing 'N passed, M failed'; exits 1 when any failed.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = int(os.environ.get("MARKETLAB_NOTEBOOK_TIMEOUT", "600"))


def outputs(path):
    """Per code cell: the normalized outputs."""
    with open(path) as f:
        notebook = json.load(f)
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        normalized = []
        for o in cell.get("outputs", []):
            kind = o["output_type"]
            if kind == "stream":
                text = "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
                if normalized and normalized[-1][0] == "stream" and normalized[-1][1] == o["name"]:
                    normalized[-1] = ("stream", o["name"], normalized[-1][2] + text)
                else:
                    normalized.append(("stream", o["name"], text))
            elif kind in ("execute_result", "display_data"):
                plain = o["data"].get("text/plain", "")
                normalized.append((kind, "".join(plain) if isinstance(plain, list) else plain))
            elif kind == "error":
                normalized.append(("error", o["ename"], o["evalue"]))
        cells.append(normalized)
    return cells


def compare(notebook):
    work = tempfile.mkdtemp(prefix="marketlab-nb-")
    name = os.path.splitext(os.path.basename(notebook))[0]
    headless = os.path.join(work, name + ".run.ipynb")
    subprocess.run(h.marketlab_command() + ["notebook", "run", notebook, "--out", headless, "--timeout", str(TIMEOUT)],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["/usr/bin/jupyter-nbconvert", "--to", "notebook", "--execute", notebook,
                    f"--ExecutePreprocessor.kernel_name={h.KERNEL_NAME}", f"--ExecutePreprocessor.timeout={TIMEOUT}",
                    "--output-dir", work, "--output", name + ".kernel.ipynb"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    expected, actual = outputs(headless), outputs(os.path.join(work, name + ".kernel.ipynb"))
    assert len(expected) == len(actual), f"{len(expected)} code cells headless, {len(actual)} through the kernel"
    for index, (e, a) in enumerate(zip(expected, actual), start=1):
        assert e == a, f"code cell {index} differs:\n  notebook run: {e!r:.600}\n  kernel:       {a!r:.600}"


if __name__ == "__main__":
    h.install_kernelspec()
    notebooks = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    sys.exit(h.run_tests([(os.path.basename(nb), (lambda nb=nb: compare(nb))) for nb in notebooks]))
