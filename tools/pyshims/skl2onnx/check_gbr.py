"""Runs the shim's GradientBoostingRegressor graph (TreeEnsembleRegressor with base_values and the learning rate as
tree weight, as skl2onnx 1.16 writes it) in onnxruntime-node against scikit-learn's predict, for every loss and
init="zero": PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/skl2onnx/check_gbr.py"""
import numpy as np
import onnxruntime as rt
from sklearn.datasets import load_diabetes
from sklearn.ensemble import GradientBoostingRegressor

from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType

X, y = load_diabetes(return_X_y=True)
X = X.astype(np.float32)
for kw in [{}, {"loss": "absolute_error"}, {"loss": "huber"}, {"loss": "quantile", "alpha": 0.8}, {"init": "zero"},
           {"subsample": 0.7, "learning_rate": 0.05}]:
    m = GradientBoostingRegressor(n_estimators=60, max_depth=3, random_state=0, **kw).fit(X[:350], y[:350])
    onx = convert_sklearn(m, initial_types=[("float_input", FloatTensorType([None, 10]))])
    sess = rt.InferenceSession(onx.SerializeToString())
    assert [o.name for o in sess.get_outputs()] == ["variable"]
    got = sess.run(None, {"float_input": X})[0]
    assert got.shape == (len(X), 1) and got.dtype == np.float32
    want = m.predict(X)
    # float32 sums of 60 leaves: within a few float32 ulps of values around 150
    rel = np.max(np.abs(got.ravel() - want) / np.maximum(np.abs(want), 1.0))
    assert rel < 2e-6, (kw, rel)
    print(kw, f"max relative difference {rel:.2e} on {len(X)} rows")
