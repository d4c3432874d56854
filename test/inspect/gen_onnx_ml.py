"""Writes test/inspect/fixtures/: small scikit-learn models converted by the skl2onnx 1.16 miniature
(tools/pyshims/skl2onnx), each with scikit-learn's own predictions on its test rows, and a few hand-built graphs
onnxruntime-node must refuse. Run with /usr/bin/python3 (Debian's scikit-learn 1.2, onnx 1.12, numpy):

    /usr/bin/python3 test/inspect/gen_onnx_ml.py

Each fixture is NAME.onnx (plus NAME.onnx.data for external data) and an entry of cases.json:
  kind: "classifier" | "regressor" | "raw" | "refused"
  request: "records" (one value per column input) or "tensors" (nested arrays by input name)
  rows: the test inputs in that form (a list of records, or {input: nested list})
  expected: scikit-learn's answers: labels and probabilities (classifiers), predictions (regressors)
  ops: the operator types of the graph ("domain:op" for ai.onnx.ml)
"""
import json
import os
import sys

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "pyshims"))

from skl2onnx import convert_sklearn  # noqa: E402
from skl2onnx.common.data_types import DoubleTensorType, FloatTensorType, Int64TensorType, StringTensorType  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import (  # noqa: E402
    Binarizer,
    MaxAbsScaler,
    MinMaxScaler,
    Normalizer,
    OneHotEncoder,
    RobustScaler,
    StandardScaler,
)
from sklearn.svm import SVC, SVR  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

OUT = os.path.join(HERE, "fixtures")
CASES = {}

iris = load_iris()
X = iris.data.astype(np.float32)
y = iris.target
names = np.array(["setosa", "versicolor", "virginica"])[y]
# every 7th row is a test row; the rest train
test = np.arange(len(X)) % 7 == 3
Xtr, Xte = X[~test], X[test]


def ops_of(model):
    """The operator types of the graph and of its subgraphs (a Scan's body), as nb2svc's reader lists them."""
    def nodes(graph):
        for n in graph.node:
            yield n
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    yield from nodes(a.g)
    return sorted({(n.domain + ":" if n.domain else "") + n.op_type for n in nodes(model.graph)})


def save(name, onx, kind, request, rows, expected, note):
    onnx.checker.check_model(onx)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(onx, path)
    CASES[name] = {"kind": kind, "request": request, "rows": rows, "expected": expected, "ops": ops_of(onx), "note": note}


def classifier_expected(clf, X_):
    labels = clf.predict(X_)
    return {
        "labels": [x.item() if hasattr(x, "item") else x for x in labels],
        "probabilities": clf.predict_proba(X_).tolist(),
        "classes": [c.item() if hasattr(c, "item") else c for c in clf.classes_],
    }


def tensors(**arrays):
    return {k: v.tolist() for k, v in arrays.items()}


def records(df):
    out = []
    for r in df.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()})
    return out


# ---- classifiers on one float tensor -------------------------------------------------------------------------

two = y[~test] < 2
clf = LogisticRegression(max_iter=1000).fit(Xtr[two], y[~test][two])
Xb = Xte[y[test] < 2]
save("lr_binary", convert_sklearn(clf, "lr_binary", initial_types=[("float_input", FloatTensorType([None, 4]))]),
     "classifier", "tensors", tensors(float_input=Xb), classifier_expected(clf, Xb),
     "LogisticRegression, two int classes, ZipMap (skl2onnx's default)")

clf = LogisticRegression(max_iter=1000).fit(Xtr, names[~test])
save("lr_multi_str", convert_sklearn(clf, "lr_multi_str", initial_types=[("float_input", FloatTensorType([None, 4]))]),
     "classifier", "tensors", tensors(float_input=Xte), classifier_expected(clf, Xte),
     "LogisticRegression, multinomial, string classes, ZipMap")

clf = DecisionTreeClassifier(max_depth=3, random_state=0).fit(Xtr, y[~test])
save("tree_int", convert_sklearn(clf, "tree_int", initial_types=[("X", FloatTensorType([None, 4]))],
                                 options={id(clf): {"zipmap": False}}),
     "classifier", "tensors", tensors(X=Xte), classifier_expected(clf, Xte),
     "DecisionTreeClassifier, zipmap=False: label int64[?], probabilities float[?,3]")

clf = RandomForestClassifier(n_estimators=4, max_depth=3, random_state=0).fit(Xtr, names[~test])
save("forest_str_nozipmap", convert_sklearn(clf, "forest_str_nozipmap", initial_types=[("X", FloatTensorType([None, 4]))],
                                            options={id(clf): {"zipmap": False}}),
     "classifier", "tensors", tensors(X=Xte), classifier_expected(clf, Xte),
     "RandomForestClassifier, string classes, zipmap=False: label string[?] (the readiness bug of issue 11)")

clf = GradientBoostingClassifier(n_estimators=5, max_depth=2, random_state=0).fit(Xtr, y[~test])
save("boosting", convert_sklearn(clf, "boosting", initial_types=[("X", FloatTensorType([None, 4]))]),
     "classifier", "tensors", tensors(X=Xte), classifier_expected(clf, Xte),
     "GradientBoostingClassifier, three classes: TreeEnsembleClassifier with base_values and SOFTMAX, ZipMap")

clf = SVC(probability=True, random_state=0, gamma=0.5).fit(Xtr, names[~test])
save("svc", convert_sklearn(clf, "svc", initial_types=[("X", FloatTensorType([None, 4]))]),
     "classifier", "tensors", tensors(X=Xte), classifier_expected(clf, Xte),
     "SVC(probability=True), RBF kernel, string classes: SVMClassifier with prob_a/prob_b, ZipMap")

clf = LogisticRegression(max_iter=1000).fit(Xtr, y[~test])
save("lr_columns", convert_sklearn(clf, "lr_columns", initial_types=[("X", FloatTensorType([None, 4]))],
                                   options={id(clf): {"zipmap": "columns"}}),
     "raw", "tensors", tensors(X=Xte), classifier_expected(clf, Xte),
     "zipmap='columns': output_label and one float output per class (i0, i1, i2), all tensors")

def untied(pipe, X_, k):
    """Rows whose k nearest training rows are not tied with the next one: TopK and scikit-learn's argpartition may
    order tied neighbours differently (skl2onnx's documented caveat), so only these make exact fixtures."""
    Xt = pipe[:-1].transform(X_).astype(np.float32)
    fit = pipe[-1]._fit_X.astype(np.float32)
    d = np.sort(np.sqrt(((Xt[:, None, :] - fit[None, :, :]) ** 2).sum(-1)), axis=1)
    return X_[np.abs(d[:, k - 1] - d[:, k]) > 1e-4 * np.maximum(d[:, k], 1)]


clf = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier(n_neighbors=5))]).fit(Xtr, names[~test])
Xk = untied(clf, Xte, 5)
save("knn_str", convert_sklearn(clf, "knn_str", initial_types=[("X", FloatTensorType([None, 4]))]),
     "classifier", "tensors", tensors(X=Xk), classifier_expected(clf, Xk),
     "Pipeline(StandardScaler, KNeighborsClassifier), string classes: Scan cdist, TopK, Equal/ReduceSum votes, ZipMap")

# ---- regressors ----------------------------------------------------------------------------------------------

target = X[:, 3].astype(np.float64)
feats = X[:, :3]
reg = Pipeline([("scale", StandardScaler()), ("lin", LinearRegression())]).fit(feats[~test], target[~test])
save("linear_pipeline", convert_sklearn(reg, "linear_pipeline", initial_types=[("X", FloatTensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=feats[test]), {"predictions": reg.predict(feats[test]).tolist()},
     "Pipeline(StandardScaler, LinearRegression): Scaler, LinearRegressor; output `variable` (names swapped)")

reg = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsRegressor(n_neighbors=3))]).fit(feats[~test], target[~test])
fk = untied(reg, feats[test], 3)
save("knn_regressor", convert_sklearn(reg, "knn_regressor", initial_types=[("X", FloatTensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=fk), {"predictions": reg.predict(fk).reshape(-1, 1).tolist()},
     "Pipeline(StandardScaler, KNeighborsRegressor): Scan cdist, TopK, ReduceMean (keepdims): variable [N, 1]")

km = Pipeline([("scale", StandardScaler()), ("km", KMeans(n_clusters=3, n_init=10, random_state=0))]).fit(Xtr)
save("kmeans", convert_sklearn(km, "kmeans", initial_types=[("X", FloatTensorType([None, 4]))]),
     "regressor", "tensors", tensors(X=Xte), {"predictions": km.predict(Xte).tolist(), "scores": km.transform(Xte).tolist()},
     "Pipeline(StandardScaler, KMeans): Gemm distances, ArgMin -> label (compared with predict), scores (with transform)")

Xd = X[:, :3].astype(np.float64)
reg = LinearRegression().fit(Xd[~test], target[~test])
save("linear_double", convert_sklearn(reg, "linear_double", initial_types=[("X", DoubleTensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=Xd[test]), {"predictions": reg.predict(Xd[test]).tolist()},
     "LinearRegression on double input: MatMul, Add, Reshape in double (a float64 tensor in and out)")

Xi = (X[:, :3] * 10).astype(np.int64)
reg = Ridge(alpha=0.5).fit(Xi[~test], target[~test])
save("ridge_int64", convert_sklearn(reg, "ridge_int64", initial_types=[("X", Int64TensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=Xi[test]), {"predictions": reg.predict(Xi[test]).tolist()},
     "Ridge on int64 input: Cast to float, LinearRegressor")

reg = RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0).fit(feats[~test], target[~test])
save("forest_regressor", convert_sklearn(reg, "forest_regressor", initial_types=[("X", FloatTensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=feats[test]), {"predictions": reg.predict(feats[test]).tolist()},
     "RandomForestRegressor: TreeEnsembleRegressor")

reg = Pipeline([("scale", RobustScaler()), ("svr", SVR(C=2.0, gamma=0.3))]).fit(feats[~test], target[~test])
save("svr", convert_sklearn(reg, "svr", initial_types=[("X", FloatTensorType([None, 3]))]),
     "regressor", "tensors", tensors(X=feats[test]), {"predictions": reg.predict(feats[test]).tolist()},
     "Pipeline(RobustScaler, SVR): Scaler, SVMRegressor")

# several named float inputs given to one scaler: FeatureVectorizer (an int64 input goes through a unit Scaler)
cols = pd.DataFrame({"sepal_length": X[:, 0], "sepal_width": X[:, 1], "petal_length": X[:, 2]})
reg = Pipeline([("scale", MinMaxScaler()), ("norm", Normalizer()), ("tree", DecisionTreeRegressor(max_depth=4, random_state=0))])
reg.fit(cols.values[~test], target[~test])
onx = convert_sklearn(reg, "feature_vectorizer", initial_types=[(c, FloatTensorType([None, 1])) for c in cols.columns])
save("feature_vectorizer", onx, "regressor", "records", records(cols[test]),
     {"predictions": reg.predict(cols.values[test]).tolist()},
     "three [N,1] float inputs fed to MinMaxScaler: FeatureVectorizer, Scaler, Normalizer, TreeEnsembleRegressor")

# integer columns of one input: ArrayFeatureExtractor; Binarizer and MaxAbsScaler on them
ct = ColumnTransformer([("bin", Binarizer(threshold=3.0), [0, 2]), ("abs", MaxAbsScaler(), [1, 3])])
reg = Pipeline([("ct", ct), ("lin", LinearRegression())]).fit(X[~test], y[~test].astype(np.float64))
save("column_subsets", convert_sklearn(reg, "column_subsets", initial_types=[("X", FloatTensorType([None, 4]))]),
     "regressor", "tensors", tensors(X=Xte), {"predictions": reg.predict(Xte).tolist()},
     "ColumnTransformer on integer columns of one input: ArrayFeatureExtractor, Binarizer, Scaler, Cast, Concat")

# ---- one input per DataFrame column, strings among them ------------------------------------------------------

rng = np.random.RandomState(0)
n = 240
df = pd.DataFrame({
    "age": rng.randint(18, 80, n).astype(np.float32),
    "income": (rng.lognormal(10, 0.5, n)).astype(np.float32),
    "city": rng.choice(["Austin", "Boston", "Paris", "São Paulo", "東京"], n),
    "plan": rng.choice(["basic", "pro", ""], n),
})
df.loc[rng.rand(n) < 0.1, "income"] = np.nan
score = (df["age"] / 80 + (df["city"] == "Paris") * 0.8 + (df["plan"] == "pro") * 0.6 + rng.rand(n) * 0.5)
churn = np.where(score > 1.1, "yes", "no")
train, testrows = df.iloc[:200], df.iloc[200:212]

num = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
ct = ColumnTransformer([
    ("num", num, ["age", "income"]),
    ("city", OneHotEncoder(handle_unknown="error"), ["city"]),
    ("plan", Pipeline([("fill", SimpleImputer(strategy="constant", missing_values="", fill_value="nan")),
                       ("onehot", OneHotEncoder(handle_unknown="ignore"))]), ["plan"]),
])
clf = Pipeline([("ct", ct), ("clf", LogisticRegression(max_iter=1000))]).fit(train, churn[:200])
types = [("age", FloatTensorType([None, 1])), ("income", FloatTensorType([None, 1])),
         ("city", StringTensorType([None, 1])), ("plan", StringTensorType([None, 1]))]
save("churn_columns", convert_sklearn(clf, "churn_columns", initial_types=types),
     "classifier", "records", records(testrows), classifier_expected(clf, testrows),
     "ColumnTransformer over four [N,1] inputs (two float with NaN imputed, two string, one with empty strings "
     "imputed as 'nan', the only string fill skl2onnx 1.16 accepts): Imputer, Scaler, OneHotEncoder (handle_unknown='error' and 'ignore'), LabelEncoder, "
     "ArrayFeatureExtractor, Where, Cast, Concat, LinearClassifier, Normalizer, ZipMap")

# ---- hand-built graphs onnxruntime-node must refuse, and one with external data ------------------------------


def tiny(name, node, opsets, x_type=TensorProto.FLOAT):
    g = helper.make_graph([node], name, [helper.make_tensor_value_info("x", x_type, [None, 4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 4])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets], producer_name="nb2svc-fixtures")
    m.ir_version = 8
    return m


def refused(name, model, note):
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    CASES[name] = {"kind": "refused", "ops": ops_of(model), "note": note}


refused("custom_domain", tiny("custom_domain", helper.make_node("Frobnicate", ["x"], ["y"], name="frob", domain="com.example"),
                              [("", 13), ("com.example", 1)]), "an operator of a custom domain")
refused("training_op", tiny("training_op", helper.make_node("Gradient", ["x"], ["y"], name="grad", domain="ai.onnx.preview.training",
                                                            xs=["x"], y="x"), [("", 13), ("ai.onnx.preview.training", 1)]),
        "a training operator")
refused("ml_opset_too_new", tiny("ml_opset_too_new", helper.make_node("Normalizer", ["x"], ["y"], name="norm", domain="ai.onnx.ml", norm="L1"),
                                 [("", 13), ("ai.onnx.ml", 99)]), "ai.onnx.ml imported at an opset beyond onnxruntime's")
refused("unknown_ml_op", tiny("unknown_ml_op", helper.make_node("TreeEnsembleMagic", ["x"], ["y"], name="magic", domain="ai.onnx.ml"),
                              [("", 13), ("ai.onnx.ml", 3)]), "an ai.onnx.ml operator that does not exist")
seq = helper.make_graph(
    [helper.make_node("SequenceConstruct", ["x", "x"], ["y"], name="pack")], "seq_output",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
    [helper.make_value_info("y", helper.make_sequence_type_proto(helper.make_tensor_type_proto(TensorProto.FLOAT, [None, 4])))])
m = helper.make_model(seq, opset_imports=[helper.make_opsetid("", 13)])
m.ir_version = 8
refused("sequence_output", m, "a sequence output that is not a ZipMap's")

# a map input (what DictVectorizer takes) and a float16 input: types the service cannot take from JSON
map_type = onnx.TypeProto()
map_type.map_type.key_type = TensorProto.INT64
map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
g = helper.make_graph(
    [helper.make_node("CastMap", ["x"], ["y"], name="castmap", domain="ai.onnx.ml", cast_to="TO_FLOAT", map_form="DENSE")],
    "map_input", [helper.make_value_info("x", map_type)],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, None])])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
m.ir_version = 8
refused("map_input", m, "a map input (DictVectorizer's)")
refused("half_input", tiny("half_input", helper.make_node("Cast", ["x"], ["y"], name="widen", to=TensorProto.FLOAT), [("", 13)],
                           x_type=TensorProto.FLOAT16), "a float16 input")

# a model that loads but cannot run on one row: the service's warm-up would fail, so inspect refuses it
shape = numpy_helper.from_array(np.array([2, -1], dtype=np.int64), "pairs")
g = helper.make_graph([helper.make_node("Reshape", ["x", "pairs"], ["y"], name="pair_rows")], "warmup_fails",
                      [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, None])], [shape])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
m.ir_version = 8
refused("warmup_fails", m, "a Reshape of the rows into pairs: one row cannot run")

W = numpy_helper.from_array(np.arange(4 * 300, dtype=np.float32).reshape(4, 300) / 1000, "W")
g = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["mm"], name="matmul"),
                       helper.make_node("Normalizer", ["mm"], ["y"], name="norm", domain="ai.onnx.ml", norm="L2")],
                      "external", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 300])], [W])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
m.ir_version = 8
# onnx appends to an existing data file: start from none
if os.path.exists(os.path.join(OUT, "external_data.onnx.data")):
    os.remove(os.path.join(OUT, "external_data.onnx.data"))
onnx.save_model(m, os.path.join(OUT, "external_data.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                location="external_data.onnx.data", size_threshold=0)
xs = Xte[:3]
mm = xs.astype(np.float64) @ (np.arange(4 * 300).reshape(4, 300) / 1000)
CASES["external_data"] = {"kind": "regressor", "request": "tensors", "rows": tensors(x=xs), "ops": ["MatMul", "ai.onnx.ml:Normalizer"],
                          "expected": {"predictions": (mm / np.linalg.norm(mm, axis=1, keepdims=True)).tolist()},
                          "note": "a MatMul weight in external_data.onnx.data (numpy's answer for MatMul + L2 Normalizer)"}

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(CASES, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(CASES), "fixtures to", OUT)
