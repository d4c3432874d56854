"""Runs the shim's MLPClassifier / MLPRegressor graphs (as skl2onnx 1.16 writes them) in onnxruntime-node against
scikit-learn: PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/skl2onnx/check_mlp.py"""
import warnings

import numpy as np
import onnxruntime as rt
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skl2onnx import to_onnx

warnings.simplefilter("ignore", ConvergenceWarning)


def run(model, X, options=None):
    onx = to_onnx(model, X[:1], options=options)
    sess = rt.InferenceSession(onx.SerializeToString())
    return [o.name for o in sess.get_outputs()], sess.run(None, {sess.get_inputs()[0].name: X})


checks = 0
for loader, names in [(load_wine, None), (load_breast_cancer, None), (load_wine, ["a", "b", "c"])]:
    X, y = loader(return_X_y=True)
    X = X.astype(np.float32)
    if names:
        y = np.array(names)[y]
    for activation in ["relu", "tanh", "logistic", "identity"]:
        clf = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(16, 8), activation=activation,
                                                            max_iter=300, random_state=0)).fit(X, y)
        outputs, (label, proba) = run(clf, X, {id(clf.steps[-1][1]): {"zipmap": False}})
        assert outputs == ["label", "probabilities"], outputs
        assert (label == clf.predict(X)).all(), (loader.__name__, activation)
        diff = np.abs(proba - clf.predict_proba(X)).max()
        assert diff < 1e-5, (loader.__name__, activation, diff)
        checks += 1
    # the default: Cast to output_label and a ZipMap
    outputs, (label, dicts) = run(clf, X)
    assert outputs == ["output_label", "output_probability"] and (label == clf.predict(X)).all()
    assert abs(dicts[0][clf.classes_[0]] - clf.predict_proba(X[:1])[0, 0]) < 1e-5
    checks += 1

X, y = load_diabetes(return_X_y=True)
X = X.astype(np.float32)
reg = MLPRegressor(hidden_layer_sizes=(32,), max_iter=500, random_state=0).fit(X, y)
outputs, (pred,) = run(reg, X)
assert outputs == ["variable"] and pred.shape == (len(X), 1)
rel = np.max(np.abs(pred.ravel() - reg.predict(X)) / np.maximum(np.abs(reg.predict(X)), 1.0))
assert rel < 1e-5, rel
checks += 1
print(f"{checks} MLP graphs match scikit-learn (labels equal, probabilities within 1e-5, regression within 1e-5 relative)")
