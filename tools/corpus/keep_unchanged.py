"""Keep the committed bytes of files whose re-execution changed nothing that matters.

Two things differ on every run although nothing real changed: skl2onnx names each graph with a
fresh uuid4, and `%time`/`%%time` print the run's timings. For each given file tracked in git:
an .onnx file equal to HEAD's once `graph.name` is blanked, or an .ipynb equal to HEAD's once
the "CPU times:"/"Wall time:" lines are dropped, is written back as committed, so that
re-executing the corpus leaves a clean work tree when the answers and models are the same.
"""
import os
import re
import subprocess
import sys

import onnx

TIMING = re.compile(r'^\s*"(CPU times: |Wall time: ).*\n', re.M)


def committed(path):
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    try:
        return subprocess.run(["git", "-C", ROOT, "show", f"HEAD:{rel}"], capture_output=True, check=True).stdout
    except subprocess.CalledProcessError:
        return None  # new file: nothing to keep


def same_onnx(old, new):
    a, b = onnx.load_model_from_string(old), onnx.load_model_from_string(new)
    a.graph.name = b.graph.name = ""
    return a.SerializeToString() == b.SerializeToString()


def same_notebook(old, new):
    return TIMING.sub("", old.decode("utf-8")) == TIMING.sub("", new.decode("utf-8"))


ROOT = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                      cwd=os.path.dirname(os.path.abspath(__file__)), check=True).stdout.strip()
kept = 0
for path in sys.argv[1:]:
    old = committed(path)
    if old is None:
        continue
    with open(path, "rb") as f:
        new = f.read()
    if old == new:
        continue
    same = same_onnx(old, new) if path.endswith(".onnx") else same_notebook(old, new) if path.endswith(".ipynb") else False
    if same:
        with open(path, "wb") as f:
            f.write(old)
        kept += 1
if kept:
    print(f"    kept {kept} committed file(s) that differed only by graph name or timings")
