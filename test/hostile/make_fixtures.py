#!/usr/bin/env python3
"""Writes the hostile-notebook corpus (test/hostile/<case>/notebook.ipynb and the files beside it).

Each notebook is untrusted input that tries something: strings that would break generated code, model and data
paths that lead outside the notebook's folder, code that would run a command. The notebooks are written, not
executed: their "outputs" are what the notebook would have displayed, computed here with the same Python.
Run: /usr/bin/python3 test/hostile/make_fixtures.py
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.path.join(HERE, "..", "..", "examples", "iris", "iris.onnx")

HOSTILE = [
    "it's",
    'say "hi"',
    "back`tick",
    "${process.exit(1)}",
    "*/ evil /*",
    "</script><script>alert(1)</script>",
    "line\nbreak",
    "sep\u2028arator\u2029",
    "\\\\'\"",
    "'); require('child_process').execSync('touch /tmp/nb2svc-pwned'); ('",
]


def notebook(cells):
    out = []
    for i, c in enumerate(cells):
        if isinstance(c, str):
            c = {"source": c}
        cell = {"id": f"c{i}", "cell_type": "code", "metadata": {"tags": c.get("tags", [])}, "execution_count": i + 1, "source": c["source"].splitlines(True), "outputs": []}
        if "result" in c:
            cell["outputs"].append({"output_type": "execute_result", "execution_count": i + 1, "metadata": {}, "data": {"text/plain": c["result"].splitlines(True)}})
        out.append(cell)
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}, "cells": out}


def write(case, cells, files=None, model=True):
    d = os.path.join(HERE, case)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "notebook.ipynb"), "w") as f:
        json.dump(notebook(cells), f, indent=1, ensure_ascii=False)
    if model:
        shutil.copy(IRIS, os.path.join(d, "model.onnx"))
    for name, content in (files or {}).items():
        with open(os.path.join(d, name), "w") as f:
            f.write(content)


IMPORTS = "import json\nimport numpy as np\nimport torch"
EXPORT = 'torch.onnx.export(model, torch.zeros(1, 4), "model.onnx", input_names=["features"], output_names=["logits"], dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}})'


def golden(labels_expr_result):
    return {"source": "x = preprocess([5.1, 3.5, 1.4, 0.2])\nwith torch.no_grad():\n    y = model(torch.from_numpy(x)).numpy()\npostprocess(y)", "result": labels_expr_result}


# 1. hostile strings in labels (literal), in a vocabulary saved to JSON, and in dict keys of the answer
labels = HOSTILE[:3]
vocab = {s: i for i, s in enumerate(HOSTILE)}
write(
    "strings",
    [
        IMPORTS,
        "LABELS = " + json.dumps(labels, ensure_ascii=False),
        "NAMES = " + repr(HOSTILE),
        "VOCAB = {s: i for i, s in enumerate(NAMES)}\nwith open('vocab.json', 'w') as f:\n    json.dump(VOCAB, f)",
        "def preprocess(features):\n    return np.asarray(features, dtype=np.float32).reshape(1, -1)\n\n"
        "def postprocess(logits):\n    i = int(np.argmax(logits[0]))\n    out = {NAMES[j]: VOCAB[NAMES[j]] + i for j in range(len(NAMES))}\n    out['label'] = LABELS[i]\n    out['note'] = '*/ ${x} `y`'\n    return out",
        EXPORT,
        # iris.onnx answers class 1 on this (unscaled) input
        golden(repr({**{s: vocab[s] + 1 for s in HOSTILE}, "label": labels[1], "note": "*/ ${x} `y`"})),
    ],
    files={"vocab.json": json.dumps(vocab, ensure_ascii=False)},
)

# 2. model paths leading outside the notebook's folder
write("model-path-traversal", [IMPORTS, 'torch.onnx.export(model, torch.zeros(1, 4), "../../../../../etc/passwd")'], model=False)
write("model-path-absolute", [IMPORTS, 'torch.onnx.export(model, torch.zeros(1, 4), "/etc/passwd")'], model=False)
write("model-path-symlink", [IMPORTS, 'torch.onnx.export(model, torch.zeros(1, 4), "linked/model.onnx")'], model=False)

# 3. constants read from files outside the notebook's folder
write(
    "data-outside",
    [
        IMPORTS,
        "SECRET = open('/etc/hostname').read().strip()\nCFG = json.load(open('../../../../../etc/passwd'))",
        "def preprocess(features):\n    return np.asarray(features, dtype=np.float32).reshape(1, -1)\n\ndef postprocess(logits):\n    return SECRET + str(CFG)",
        EXPORT,
    ],
)

# 4. code that tries to run a command, at conversion or in the service
write(
    "command",
    [
        IMPORTS,
        "import os, subprocess\nos.system('touch /tmp/nb2svc-pwned-convert')",
        "def preprocess(features):\n    __import__('os').system('touch /tmp/nb2svc-pwned-service')\n    return np.asarray(features, dtype=np.float32).reshape(1, -1)\n\ndef postprocess(logits):\n    subprocess.run(['touch', '/tmp/nb2svc-pwned-service'])\n    return int(np.argmax(logits))",
        EXPORT,
    ],
)
print("wrote", sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d))))
