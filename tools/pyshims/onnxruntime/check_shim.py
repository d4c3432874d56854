"""Self-check of the onnxruntime shim against the frameworks' own answers.

    PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/onnxruntime/check_shim.py

Exits non-zero on the first disagreement: torch outputs bit-for-bit through a dynamic batch,
ZipMap dicts (int and string classes) equal to the probabilities tensor and to scikit-learn's
predict_proba within float32 precision, string labels as object arrays, NodeArg descriptions,
and onnxruntime's errors for a wrong element type, rank, dimension, missing or unknown input.
"""
import os
import tempfile

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import onnxruntime as rt
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType

tmp = tempfile.mkdtemp()
X, y = load_iris(return_X_y=True)
Xf = X.astype(np.float32)


def expect_error(fn, fragment):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - checking the message, whatever the class
        assert fragment in str(e), f"expected {fragment!r} in {e!r}"
        return
    raise AssertionError(f"no error, expected {fragment!r}")


# torch: same floats, dynamic batch, NodeArgs
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
path = os.path.join(tmp, "net.onnx")
torch.onnx.export(net, torch.zeros(1, 4), path, input_names=["x"], output_names=["y"],
                  dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
sess = rt.InferenceSession(path, providers=["CPUExecutionProvider"])
assert repr(sess.get_inputs()[0]) == "NodeArg(name='x', type='tensor(float)', shape=['batch', 4])", sess.get_inputs()
out = sess.run(None, {"x": Xf[:7]})[0]
with torch.no_grad():
    ref = net(torch.from_numpy(Xf[:7])).numpy()
assert out.dtype == np.float32 and out.shape == (7, 3)
assert np.allclose(out, ref, rtol=1e-6, atol=1e-6), np.abs(out - ref).max()

expect_error(lambda: sess.run(None, {"x": X[:2]}),
             "Unexpected input data type. Actual: (tensor(double)) , expected: (tensor(float))")
expect_error(lambda: sess.run(None, {"x": Xf[0]}), "Invalid rank for input: x Got: 1 Expected: 2")
expect_error(lambda: sess.run(None, {"x": Xf[:2, :3]}), "index: 1 Got: 3 Expected: 4")
expect_error(lambda: sess.run(None, {}), "Required inputs (['x']) are missing")
expect_error(lambda: sess.run(None, {"x": Xf[:1], "z": Xf[:1]}), "Invalid input name: z")
expect_error(lambda: rt.InferenceSession(os.path.join(tmp, "missing.onnx")), "NO_SUCHFILE")

# skl2onnx classifiers: ZipMap with int and string classes, zipmap disabled
for classes in (y, np.array(["setosa", "versicolor", "virginica"])[y]):
    clf = LogisticRegression(max_iter=500).fit(X, classes)
    onx = convert_sklearn(clf, initial_types=[("float_input", FloatTensorType([None, 4]))])
    s = rt.InferenceSession(onx.SerializeToString())
    kind = "string" if classes.dtype.kind == "U" else "int64"
    assert s.get_outputs()[1].type == f"seq(map({kind},tensor(float)))", s.get_outputs()[1]
    label, dicts = s.run(None, {"float_input": Xf})
    assert (label == clf.predict(X)).all()
    probs = np.array([[d[c] for c in clf.classes_.tolist()] for d in dicts])
    assert all(type(k) is (str if kind == "string" else int) for k in dicts[0])
    assert all(type(v) is float for v in dicts[0].values())
    assert np.allclose(probs, clf.predict_proba(X), atol=1e-5), np.abs(probs - clf.predict_proba(X)).max()
    if kind == "string":
        assert label.dtype == object and isinstance(label[0], str)

    raw = convert_sklearn(clf, initial_types=[("float_input", FloatTensorType([None, 4]))],
                          options={id(clf): {"zipmap": False}})
    s2 = rt.InferenceSession(raw.SerializeToString())
    label2, proba2 = s2.run(["label", "probabilities"], {"float_input": Xf})
    assert (label2 == label).all()
    assert np.array_equal(proba2, probs.astype(np.float32)), "ZipMap values differ from the tensor they zip"

print("onnxruntime shim: all checks passed")
