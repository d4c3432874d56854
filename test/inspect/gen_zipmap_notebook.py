"""Writes test/inspect/fixtures/zipmap_notebook/: a notebook that exports a scikit-learn classifier with skl2onnx's
defaults (ZipMap) and post-processes the ZipMap's list of {class: probability} dicts, as notebooks written for
skl2onnx do. onnxruntime cannot be installed here, so the cells' displayed answers are scikit-learn's
(predict_proba in float64, rounded as the notebook rounds; the generator checks that float32 cannot round otherwise).

    /usr/bin/python3 test/inspect/gen_zipmap_notebook.py
"""
import os
import sys

import nbformat
import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "zipmap_notebook")
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "pyshims"))

from skl2onnx import convert_sklearn  # noqa: E402
from skl2onnx.common.data_types import FloatTensorType  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

SETUP = """import numpy as np
import onnxruntime as rt
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType"""

TRAIN = """iris = load_iris()
species = np.array(["setosa", "versicolor", "virginica"])[iris.target]
clf = LogisticRegression(max_iter=1000).fit(iris.data.astype(np.float32), species)
onx = convert_sklearn(clf, "iris_lr", initial_types=[("float_input", FloatTensorType([None, 4]))])
with open("iris_lr.onnx", "wb") as f:
    f.write(onx.SerializeToString())"""

SESSION = """sess = rt.InferenceSession("iris_lr.onnx")"""

FUNCTIONS = """def preprocess(features):
    return {"float_input": np.array([features], dtype=np.float32)}


def postprocess(outputs):
    labels, probabilities = outputs
    probs = probabilities[0]
    best = max(probs, key=probs.get)
    return {"species": best, "confidence": round(probs[best], 4), "label": str(labels[0])}"""

EXAMPLES = [[5.1, 3.5, 1.4, 0.2], [6.0, 2.7, 5.1, 1.6], [6.9, 3.1, 5.4, 2.1]]


def main():
    os.makedirs(OUT, exist_ok=True)
    iris = load_iris()
    species = np.array(["setosa", "versicolor", "virginica"])[iris.target]
    clf = LogisticRegression(max_iter=1000).fit(iris.data.astype(np.float32), species)
    onx = convert_sklearn(clf, "iris_lr", initial_types=[("float_input", FloatTensorType([None, 4]))])
    onnx.save(onx, os.path.join(OUT, "iris_lr.onnx"))
    cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(TRAIN), nbformat.v4.new_code_cell(SESSION),
             nbformat.v4.new_code_cell(FUNCTIONS)]
    for n, x in enumerate(EXAMPLES):
        p = clf.predict_proba(np.array([x], dtype=np.float32))[0]
        k = int(np.argmax(p))
        # float32's answer may differ by ~1e-7: it must not change the 4-decimal rounding
        assert abs(p[k] * 1e4 - np.floor(p[k] * 1e4) - 0.5) > 0.01, (x, p[k])
        answer = {"species": clf.classes_[k], "confidence": round(float(p[k]), 4), "label": clf.classes_[k]}
        cell = nbformat.v4.new_code_cell(f"postprocess(sess.run(None, preprocess({x!r})))", execution_count=5 + n)
        cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": repr(answer)}, execution_count=5 + n)]
        cells.append(cell)
    for i, c in enumerate(cells[:4]):
        c.execution_count = i + 1
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, os.path.join(OUT, "zipmap_notebook.ipynb"))
    print("wrote", OUT)


main()
