"""Self-check of the onnxmltools shim: every graph it writes, run by onnxruntime-node (through the onnxruntime shim),
against xgboost's own predict / predict_proba.

    PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/onnxmltools/check_shim.py

Models: XGBClassifier binary (binary:logistic, also with a base_score, early stopping, NaN cells, a raw Booster,
a model trained on a DataFrame whose booster features were renamed f0..), multiclass (multi:softprob,
multi:softmax), XGBRegressor (reg:squarederror, also with early stopping and NaNs), XGBRFClassifier/Regressor, and a
scikit-learn Pipeline(StandardScaler, XGBClassifier) through the skl2onnx shim's update_registered_converter. Rows:
a few hundred per model (float32, as onnxruntime is fed). Labels must be equal; probabilities and values within
2e-6 (float32 sums in another order). Prints the largest differences; exits non-zero on the first disagreement.
Also checks the graph's shape (one TreeEnsemble node, names, types, opset_import, header) and onnxmltools' errors.
"""
import os
import tempfile

import numpy as np
import pandas as pd
import xgboost
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine, make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import onnxmltools
import onnxruntime as rt
from onnxmltools.convert import convert_xgboost
from onnxmltools.convert.common.data_types import DoubleTensorType, FloatTensorType

TOL = 2e-6
tmp = tempfile.mkdtemp()
worst = {}


def run(onx, X):
    path = os.path.join(tmp, "m.onnx")
    onnxmltools.utils.save_model(onx, path)
    sess = rt.InferenceSession(path, providers=["CPUExecutionProvider"])
    return sess, sess.run(None, {sess.get_inputs()[0].name: X.astype(np.float32)})


def check_classifier(tag, model, X, onx=None, n_classes=None, predict=None):
    n = X.shape[1]
    onx = onx or convert_xgboost(model, initial_types=[("input", FloatTensorType([None, n]))], target_opset=12)
    sess, (label, proba) = run(onx, X)
    assert [o.name for o in sess.get_outputs()] == ["label", "probabilities"], sess.get_outputs()
    assert sess.get_outputs()[0].type == "tensor(int64)" and sess.get_outputs()[1].type == "tensor(float)"
    node = onx.graph.node
    assert [x.op_type for x in node] == ["TreeEnsembleClassifier"] and node[0].name == "TreeEnsembleClassifier"
    assert [(o.domain, o.version) for o in onx.opset_import] == [("ai.onnx.ml", 1)], onx.opset_import
    assert (onx.producer_name, onx.producer_version, onx.domain, onx.ir_version) == (
        "OnnxMLTools", "1.16.0", "onnxconverter-common", 7), onx
    Xf = X.astype(np.float32)
    ref_proba = model.predict_proba(Xf) if predict is None else predict(Xf)[1]
    ref_label = model.predict(Xf) if predict is None else predict(Xf)[0]
    assert proba.shape == ref_proba.shape, (proba.shape, ref_proba.shape)
    diff = float(np.abs(proba - ref_proba).max())
    worst[tag] = diff
    assert diff <= TOL, (tag, diff)
    # the label is the argmax of probabilities; rows where two classes tie within float32 may differ
    clear = np.abs(np.sort(ref_proba, axis=1)[:, -1] - np.sort(ref_proba, axis=1)[:, -2]) > 1e-5
    assert (label[clear] == ref_label[clear]).all(), (tag, label[clear][:10], ref_label[clear][:10])
    print(f"{tag:42s} rows={len(X):4d} classes={proba.shape[1]} max|proba diff|={diff:.2e} labels equal")


def check_regressor(tag, model, X, onx=None, predict=None):
    n = X.shape[1]
    onx = onx or convert_xgboost(model, initial_types=[("input", FloatTensorType([None, n]))])
    sess, (value,) = run(onx, X)
    assert [o.name for o in sess.get_outputs()] == ["variable"] and sess.get_outputs()[0].shape == [None, 1]
    assert [(o.domain, o.version) for o in onx.opset_import] == [("ai.onnx.ml", 1)], onx.opset_import
    assert onx.ir_version == 8  # target_opset 15, onnxmltools' default with onnx 1.12
    ref = (model.predict(X.astype(np.float32)) if predict is None else predict(X.astype(np.float32)))
    diff = float(np.abs(value[:, 0] - ref).max())
    rel = diff / float(np.abs(ref).max())
    worst[tag] = diff
    assert rel <= TOL, (tag, diff, rel)
    print(f"{tag:42s} rows={len(X):4d} max|value diff|={diff:.2e} (relative {rel:.1e})")


def expect_error(fn, fragment):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - checking the message, whatever the class
        assert fragment in str(e), f"expected {fragment!r} in {e!r}"
        return
    raise AssertionError(f"no error, expected {fragment!r}")


# ---- binary ------------------------------------------------------------------------------------------------------
X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)
clf = xgboost.XGBClassifier(n_estimators=60, max_depth=4, learning_rate=0.2, random_state=0).fit(X_train, y_train)
check_classifier("XGBClassifier binary:logistic", clf, X_test)
node = convert_xgboost(clf, initial_types=[("input", FloatTensorType([None, 30]))]).graph.node[0]
attrs = {a.name for a in node.attribute}
assert "base_values" not in attrs and {"post_transform", "classlabels_int64s"} <= attrs, attrs

clf_bs = xgboost.XGBClassifier(n_estimators=30, max_depth=3, base_score=0.3, random_state=0).fit(X_train, y_train)
check_classifier("XGBClassifier binary, base_score=0.3", clf_bs, X_test)

clf_es = xgboost.XGBClassifier(n_estimators=300, max_depth=3, learning_rate=0.3, early_stopping_rounds=5,
                               random_state=0).fit(X_train, y_train, eval_set=[(X_test, y_test)], verbose=False)
assert len(clf_es.get_booster().get_dump()) > clf_es.best_ntree_limit
check_classifier("XGBClassifier binary, early stopping", clf_es, X_test)

X_nan = X_test.copy()
rng = np.random.default_rng(0)
X_nan[rng.random(X_nan.shape) < 0.2] = np.nan
X_train_nan = X_train.copy()
X_train_nan[rng.random(X_train_nan.shape) < 0.2] = np.nan
clf_nan = xgboost.XGBClassifier(n_estimators=40, max_depth=4, random_state=0).fit(X_train_nan, y_train)
check_classifier("XGBClassifier binary, 20% NaN cells", clf_nan, X_nan)

booster = xgboost.train({"objective": "binary:logistic", "max_depth": 3}, xgboost.DMatrix(X_train, y_train), 25)
check_classifier("xgboost.train Booster (binary:logistic)", None, X_test,
                 onx=convert_xgboost(booster, initial_types=[("input", FloatTensorType([None, 30]))], target_opset=12),
                 predict=lambda Xf: ((p := booster.predict(xgboost.DMatrix(Xf))) > 0.5,
                                     np.stack([1 - p, p], axis=1)))

# trained on a DataFrame: the dump names the columns, which onnxmltools refuses (onnxmltools issue #624)
Xdf, ydf = load_breast_cancer(return_X_y=True, as_frame=True)
clf_df = xgboost.XGBClassifier(n_estimators=10, max_depth=3).fit(Xdf, ydf)
expect_error(lambda: convert_xgboost(clf_df, initial_types=[("input", FloatTensorType([None, 30]))]),
             "Unable to interpret 'worst radius', feature names should follow pattern 'f%d'.")
clf_df.get_booster().feature_names = [f"f{i}" for i in range(30)]
check_classifier("XGBClassifier on a DataFrame, renamed f0..", clf_df, Xdf.values)

# ---- multiclass --------------------------------------------------------------------------------------------------
Xw, yw = load_wine(return_X_y=True)
clf_m = xgboost.XGBClassifier(n_estimators=40, max_depth=3, random_state=0).fit(Xw, yw)
check_classifier("XGBClassifier multi:softprob (3 classes)", clf_m, Xw)
node = convert_xgboost(clf_m, initial_types=[("input", FloatTensorType([None, 13]))]).graph.node[0]
base = [a for a in node.attribute if a.name == "base_values"][0].floats
assert list(base) == [0.5, 0.5, 0.5], base

Xs, ys = make_classification(n_samples=600, n_features=12, n_informative=8, n_classes=5, random_state=1)
clf_5 = xgboost.XGBClassifier(n_estimators=30, max_depth=4, random_state=0).fit(Xs[:300], ys[:300])
check_classifier("XGBClassifier multi:softprob (5 classes)", clf_5, Xs[300:])

clf_sm = xgboost.XGBClassifier(n_estimators=20, max_depth=3, objective="multi:softmax").fit(Xw, yw)
sess, (label, _) = run(convert_xgboost(clf_sm, initial_types=[("input", FloatTensorType([None, 13]))]), Xw)
assert (label == clf_sm.predict(Xw.astype(np.float32))).all()
print(f"{'XGBClassifier multi:softmax':42s} rows={len(Xw):4d} labels equal")

clf_rf = xgboost.XGBRFClassifier(n_estimators=20, max_depth=4, random_state=0).fit(X_train, y_train)
check_classifier("XGBRFClassifier binary", clf_rf, X_test)

# ---- regression --------------------------------------------------------------------------------------------------
Xd, yd = load_diabetes(return_X_y=True)
Xd_train, Xd_test, yd_train, yd_test = train_test_split(Xd, yd, test_size=0.5, random_state=0)
reg = xgboost.XGBRegressor(n_estimators=100, max_depth=3, learning_rate=0.1).fit(Xd_train, yd_train)
check_regressor("XGBRegressor reg:squarederror", reg, Xd_test)
node = convert_xgboost(reg, initial_types=[("input", FloatTensorType([None, 10]))]).graph.node[0]
assert node.op_type == "TreeEnsembleRegressor" and [a.floats for a in node.attribute if a.name == "base_values"][0] == [0.5]

reg_es = xgboost.XGBRegressor(n_estimators=500, max_depth=3, early_stopping_rounds=5).fit(
    Xd_train, yd_train, eval_set=[(Xd_test, yd_test)], verbose=False)
check_regressor("XGBRegressor, early stopping", reg_es, Xd_test)

Xd_nan = Xd_test.copy()
Xd_nan[rng.random(Xd_nan.shape) < 0.15] = np.nan
check_regressor("XGBRegressor, 15% NaN cells", reg, Xd_nan)

reg_rf = xgboost.XGBRFRegressor(n_estimators=30, max_depth=5, random_state=0).fit(Xd_train, yd_train)
check_regressor("XGBRFRegressor", reg_rf, Xd_test)

reg_bst = xgboost.train({"objective": "reg:squarederror", "max_depth": 3}, xgboost.DMatrix(Xd_train, yd_train), 40)
check_regressor("xgboost.train Booster (reg:squarederror)", None, Xd_test,
                onx=convert_xgboost(reg_bst, initial_types=[("input", FloatTensorType([None, 10]))]),
                predict=lambda Xf: reg_bst.predict(xgboost.DMatrix(Xf)))

yc = np.round(np.exp(1 + 2 * Xd_train[:, 2] + 3 * Xd_train[:, 8])).astype(float)
reg_poisson = xgboost.XGBRegressor(n_estimators=40, max_depth=3, objective="count:poisson").fit(Xd_train, yc)
onx = convert_xgboost(reg_poisson, initial_types=[("input", FloatTensorType([None, 10]))])
assert [n.op_type for n in onx.graph.node] == ["TreeEnsembleRegressor", "Exp", "Mul"]
sess, (value,) = run(onx, Xd_test)
ref = reg_poisson.predict(Xd_test.astype(np.float32))
diff = float(np.abs(value[:, 0] - ref).max())
worst["XGBRegressor count:poisson"] = diff
assert diff / float(np.abs(ref).max()) <= TOL, diff
print(f"{'XGBRegressor count:poisson (+ Exp, Mul)':42s} rows={len(Xd_test):4d} max|value diff|={diff:.2e}")

clf_hinge = xgboost.XGBClassifier(n_estimators=20, max_depth=3, objective="binary:hinge").fit(X_train, y_train)
onx = convert_xgboost(clf_hinge, initial_types=[("input", FloatTensorType([None, 30]))], target_opset=12)
assert [n.op_type for n in onx.graph.node] == ["TreeEnsembleClassifier", "Greater", "Where"]
sess, (label, proba) = run(onx, X_test)
assert (label == clf_hinge.predict(X_test.astype(np.float32))).all()
print(f"{'XGBClassifier binary:hinge (+ Greater, Where)':42s} rows={len(X_test):4d} labels equal")

# ---- inside scikit-learn: skl2onnx's tutorial ----------------------------------------------------------------------
from onnxmltools.convert.xgboost.operator_converters.XGBoost import convert_xgboost as xgb_converter  # noqa: E402
from skl2onnx import convert_sklearn, update_registered_converter  # noqa: E402
from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes  # noqa: E402

update_registered_converter(xgboost.XGBClassifier, "XGBoostXGBClassifier", calculate_linear_classifier_output_shapes,
                            xgb_converter, options={"nocl": [True, False], "zipmap": [True, False, "columns"]})
pipe = Pipeline([("scaler", StandardScaler()), ("xgb", xgboost.XGBClassifier(n_estimators=30, max_depth=3))])
pipe.fit(Xw, yw)
onx = convert_sklearn(pipe, "pipeline_xgboost", [("input", FloatTensorType([None, 13]))],
                      target_opset={"": 12, "ai.onnx.ml": 2})
assert [n.op_type for n in onx.graph.node] == ["Scaler", "TreeEnsembleClassifier", "Cast", "ZipMap"]
sess = rt.InferenceSession(onx.SerializeToString())
label, zipped = sess.run(None, {"input": Xw.astype(np.float32)})
proba = np.array([[d[k] for k in sorted(d)] for d in zipped], dtype=np.float32)
ref = pipe.predict_proba(Xw.astype(np.float32))
diff = float(np.abs(proba - ref).max())
worst["Pipeline(StandardScaler, XGBClassifier)"] = diff
assert diff <= TOL and (label == pipe.predict(Xw.astype(np.float32))).all(), diff
print(f"{'Pipeline(StandardScaler, XGBClassifier)':42s} rows={len(Xw):4d} classes=3 max|proba diff|={diff:.2e}"
      " labels equal (ZipMap)")

# ---- onnxmltools' errors -----------------------------------------------------------------------------------------
expect_error(lambda: convert_xgboost(clf), "Initial types are required.")
expect_error(lambda: convert_xgboost(clf, initial_types=[("input", FloatTensorType([None, 30]))], target_opset=17),
             "target_opset 17 is higher than the number of the installed onnx package or the converter support (15).")
expect_error(lambda: convert_xgboost(clf, initial_types=[("input", DoubleTensorType([None, 30]))]),
             "got an input input with a wrong type")
expect_error(lambda: convert_xgboost(StandardScaler().fit(X), initial_types=[("input", FloatTensorType([None, 30]))]),
             "No proper operator name found for")
expect_error(lambda: onnxmltools.utils.save_model(None, "x.onnx"), "Model is not a valid ONNX model.")
print(f"all agree; largest absolute difference {max(worst.values()):.2e} ({max(worst, key=worst.get)})")
