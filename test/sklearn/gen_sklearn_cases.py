#!/usr/bin/python3
"""Generate test/sklearn/fixtures/: fitted scikit-learn transformers saved as a notebook saves them, and what
scikit-learn itself answers when they transform (the TypeScript runtime must give the same numbers).

Run with Debian's Python (scikit-learn 1.2.1, numpy 1.24, pandas 1.5, joblib 1.2):
    /usr/bin/python3 test/sklearn/gen_sklearn_cases.py

Each case is saved five ways: joblib.dump (plain), joblib.dump(compress=3) (zlib), pickle protocols 2, 4 and 5.
cases.json: [{name, cls, files: {variant: file}, calls: [{method, args, kwargs, expected, atol?}], attrs: {..}}]
Values are encoded so that JSON keeps what Python distinguishes:
  None/bool/int/str as themselves; floats {"f": x} (x a number or "nan"/"inf"/"-inf"); tuples {"tuple": [...]};
  dicts {"dict": [[k, v], ...]}; numeric arrays {"nd": [flat C-order values], "dtype", "shape"} (NaN as "nan");
  string/object arrays {"obj": nested lists, "shape"}; sparse matrices {"sparse": <nd of the dense array>};
  pandas frames {"frame": {"columns": [...], "cols": [<nd or obj column>...]}}; errors {"error": {type, message}}.
"""
import json
import math
import os
import pickle
import sys
import warnings

import joblib

if os.environ.get("PYTHONHASHSEED") != "0":
    # sets pickle in hash order: a fixed seed makes the fixtures the same on every run
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)
import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (
    Binarizer,
    FunctionTransformer,
    LabelBinarizer,
    LabelEncoder,
    MaxAbsScaler,
    MinMaxScaler,
    Normalizer,
    OneHotEncoder,
    OrdinalEncoder,
    PolynomialFeatures,
    RobustScaler,
    StandardScaler,
)

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")
rng = np.random.default_rng(20240611)
CASES = []
os.makedirs(OUT, exist_ok=True)


def enc_float(x):
    x = float(x)
    if math.isnan(x):
        return {"f": "nan"}
    if math.isinf(x):
        return {"f": "inf" if x > 0 else "-inf"}
    return {"f": x}


def enc_num(x):
    x = x.item() if isinstance(x, np.generic) else x
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x


def enc(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return enc_float(v)
    if sp.issparse(v):
        return {"sparse": enc(v.toarray())}
    if isinstance(v, pd.DataFrame):
        return {"frame": {"columns": [str(c) for c in v.columns], "cols": [enc_column(v[c]) for c in v.columns]}}
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "biuf":
            return {"nd": [enc_num(x) for x in v.reshape(-1).tolist()], "dtype": str(v.dtype), "shape": list(v.shape)}
        return {"obj": enc(v.tolist()), "shape": list(v.shape)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"set": sorted(enc(x) for x in v)}
    raise TypeError(f"cannot encode {type(v)}")


def enc_column(s):
    a = s.to_numpy()
    if a.dtype.kind in "biuf":
        return enc(a)
    return {"obj": enc(a.tolist()), "shape": [len(a)]}


def save(name, obj):
    files = {}
    joblib.dump(obj, os.path.join(OUT, f"{name}.joblib"))
    files["joblib"] = f"{name}.joblib"
    joblib.dump(obj, os.path.join(OUT, f"{name}.z3.joblib"), compress=3)
    files["joblib-zlib"] = f"{name}.z3.joblib"
    for proto in (2, 4, 5):
        with open(os.path.join(OUT, f"{name}.p{proto}.pkl"), "wb") as f:
            pickle.dump(obj, f, protocol=proto)
        files[f"pickle-{proto}"] = f"{name}.p{proto}.pkl"
    return files


def run(obj, method, args, kwargs):
    """method: a method name, or attributes then a method (`transformer_.inverse_transform`)."""
    try:
        *path, name = method.split(".")
        for attr in path:
            obj = getattr(obj, attr)
        out = getattr(obj, name)(*args, **kwargs)
        return enc(out)
    except Exception as e:  # the runtime must raise the same exception type with the same message
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def case(name, obj, calls, attrs=(), tol=None):
    """calls: (method, args[, kwargs][, atol]) tuples; attrs: fitted attribute names to compare."""
    files = save(name, obj)
    out_calls = []
    for c in calls:
        method, args = c[0], c[1]
        kwargs = c[2] if len(c) > 2 else {}
        entry = {"method": method, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()}, "expected": run(obj, method, args, kwargs)}
        if len(c) > 3:
            entry["atol"] = c[3]
        out_calls.append(entry)
    CASES.append(
        {
            "name": name,
            "cls": type(obj).__module__ + "." + type(obj).__qualname__,
            "files": files,
            "calls": out_calls,
            "attrs": {a: enc(getattr(obj, a)) for a in attrs},
        }
    )


def dot_atol(X, mean, components):
    """1e-12 of the largest sum of |terms| of a row of (X - mean) @ components.T: BLAS sums in its own order."""
    centred = np.abs(np.asarray(X, dtype=float) - mean)
    return float(1e-12 * max(1.0, (centred @ np.abs(components).T).max()))


# ---- data -----------------------------------------------------------------------------------------------------

X = rng.normal(size=(40, 4)) * [1.0, 10.0, 0.01, 1000.0] + [0.0, -5.0, 3.0, 1e4]
X[:, 2][::7] = 3.25  # repeated values for medians and quantiles
X_nan = X.copy()
X_nan[3, 1] = np.nan
X_nan[10, 3] = np.nan
X_const = np.column_stack([X[:, :2], np.full(40, 7.0)])  # a constant column: scale_ 1
T = rng.normal(size=(5, 4)) * [1.0, 10.0, 0.01, 1000.0] + [0.0, -5.0, 3.0, 1e4]
T_nan = T.copy()
T_nan[1, 2] = np.nan
T32 = T.astype(np.float32)
T_int = [[1, 2, 3, 4], [-5, 0, 7, 10000]]
df_num = pd.DataFrame(X, columns=["a", "b", "c", "d"])
tdf_num = pd.DataFrame(T, columns=["a", "b", "c", "d"])
tdf_swapped = pd.DataFrame(T, columns=["b", "a", "c", "d"])

# ---- scalers --------------------------------------------------------------------------------------------------

common_errors = [
    ("transform", [T[0]]),  # 1-D: reshape error
    ("transform", [T[:, :3]]),  # wrong number of features
    ("transform", [[[1.0, 2.0, np.inf, 4.0]]]),
]
case(
    "standard_scaler",
    StandardScaler().fit(X_nan),
    [("transform", [T]), ("transform", [T_nan]), ("transform", [T32]), ("transform", [T_int]), ("inverse_transform", [T]), ("get_feature_names_out", []), ("get_feature_names_out", [["p", "q", "r", "s"]])]
    + common_errors,
    attrs=["mean_", "var_", "scale_", "n_features_in_"],
)
case("standard_scaler_const", StandardScaler().fit(X_const), [("transform", [T[:, :3]]), ("inverse_transform", [T[:, :3]])], attrs=["scale_"])
case("standard_scaler_no_mean", StandardScaler(with_mean=False).fit(X), [("transform", [T]), ("inverse_transform", [T32])])
case("standard_scaler_no_std", StandardScaler(with_std=False).fit(X), [("transform", [T]), ("inverse_transform", [T])])
case(
    "standard_scaler_frame",
    StandardScaler().fit(df_num),
    [("transform", [tdf_num]), ("transform", [T]), ("transform", [tdf_swapped]), ("get_feature_names_out", [])],
    attrs=["feature_names_in_"],
)
Xw = rng.normal(size=(30, 300)) * np.arange(1, 301)
case("standard_scaler_wide", StandardScaler().fit(Xw), [("transform", [rng.normal(size=(2, 300))])])  # arrays past 256 values: base64 in modules
case("minmax_scaler", MinMaxScaler(feature_range=(-1, 2)).fit(X_nan), [("transform", [T]), ("transform", [T_nan]), ("transform", [T32]), ("inverse_transform", [T])], attrs=["min_", "scale_", "data_min_", "data_max_"])
case("minmax_scaler_clip", MinMaxScaler(clip=True).fit(X), [("transform", [T * 3]), ("transform", [T32 * 3])])
case("maxabs_scaler", MaxAbsScaler().fit(X_nan), [("transform", [T]), ("transform", [T_nan]), ("transform", [T32]), ("inverse_transform", [T])], attrs=["scale_", "max_abs_"])
case("robust_scaler", RobustScaler().fit(X_nan), [("transform", [T]), ("transform", [T_nan]), ("transform", [T32]), ("inverse_transform", [T])], attrs=["center_", "scale_"])
case("robust_scaler_options", RobustScaler(with_centering=False, quantile_range=(10.0, 90.0), unit_variance=True).fit(X), [("transform", [T]), ("inverse_transform", [T])])
for norm in ("l1", "l2", "max"):
    case(
        f"normalizer_{norm}",
        Normalizer(norm=norm).fit(X),
        [("transform", [T]), ("transform", [T32]), ("transform", [T_int]), ("transform", [np.zeros((2, 4))]), ("transform", [T_nan])],
    )
case("binarizer", Binarizer(threshold=0.5).fit(X), [("transform", [T]), ("transform", [T_int]), ("transform", [T32]), ("transform", [T_nan])])
P = rng.normal(size=(20, 3))
PT = rng.normal(size=(4, 3))
for name, pf in [
    ("poly_2", PolynomialFeatures(2)),
    ("poly_3", PolynomialFeatures(3)),
    ("poly_interaction", PolynomialFeatures(3, interaction_only=True)),
    ("poly_no_bias", PolynomialFeatures(2, include_bias=False)),
    ("poly_2_3", PolynomialFeatures((2, 3))),
    ("poly_2_3_no_bias", PolynomialFeatures((2, 3), include_bias=False)),
]:
    case(name, pf.fit(P), [("transform", [PT]), ("transform", [PT.astype(np.float32)]), ("get_feature_names_out", []), ("get_feature_names_out", [["u", "v", "w"]])], attrs=["powers_", "n_output_features_"])

# ---- imputers -------------------------------------------------------------------------------------------------

Xi = X_nan.copy()
Xi[5:9, 0] = np.nan
Ti = T_nan.copy()
Ti[0, 0] = np.nan
for strategy in ("mean", "median", "most_frequent", "constant"):
    kw = {"fill_value": -7.5} if strategy == "constant" else {}
    case(f"imputer_{strategy}", SimpleImputer(strategy=strategy, **kw).fit(Xi), [("transform", [Ti]), ("transform", [Ti.astype(np.float32)]), ("get_feature_names_out", [])], attrs=["statistics_"])
case("imputer_indicator", SimpleImputer(strategy="median", add_indicator=True).fit(Xi), [("transform", [Ti]), ("transform", [T]), ("get_feature_names_out", [])])
Xe = Xi.copy()
Xe[:, 2] = np.nan
case("imputer_empty_dropped", SimpleImputer().fit(Xe), [("transform", [Ti])])
case("imputer_empty_kept", SimpleImputer(keep_empty_features=True).fit(Xe), [("transform", [Ti])])
Xm = np.array([[1, 2], [-1, 3], [7, -1], [7, 2], [4, 4]])
case("imputer_int_missing", SimpleImputer(missing_values=-1, strategy="most_frequent").fit(Xm), [("transform", [[[-1, -1], [3, 9]]]), ("transform", [np.array([[-1, 5]])])])
cats = np.array([["red", "S"], ["blue", None], ["red", "M"], [np.nan, "M"], ["green", "L"]], dtype=object)
case("imputer_strings", SimpleImputer(strategy="most_frequent").fit(cats), [("transform", [[["blue", None], [np.nan, "XL"]]])])
cats_none = np.array([["red", "S"], ["blue", None], ["red", "M"], [None, "M"], ["green", "L"]], dtype=object)
case("imputer_strings_none", SimpleImputer(strategy="constant", fill_value="unknown", missing_values=None).fit(cats_none), [("transform", [[["blue", None], ["red", "S"]]]), ("transform", [[["blue", np.nan]]])])

# ---- encoders -------------------------------------------------------------------------------------------------

C = np.array(
    [["red", "S", 1], ["blue", "M", 2], ["red", "L", 3], ["green", "M", 1], ["blue", "", 2], ["rouge é", "S", 3], ["red", "M", 2]],
    dtype=object,
)
CT = [["blue", "L", 3], ["purple", "S", 1], ["rouge é", "", 2]]
CT_known = [["blue", "L", 3], ["red", "S", 1], ["rouge é", "", 2]]
case(
    "onehot_ignore",
    OneHotEncoder(handle_unknown="ignore").fit(C),
    [("transform", [CT]), ("get_feature_names_out", []), ("get_feature_names_out", [["colour", "size", "n"]]), ("inverse_transform", [np.array([[0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1], [0] * 11])])],
    attrs=["categories_", "drop_idx_"],
)
case("onehot_dense_error", OneHotEncoder(sparse_output=False).fit(C), [("transform", [CT_known]), ("transform", [CT]), ("inverse_transform", [OneHotEncoder(sparse_output=False).fit(C).transform(CT_known)])])
case("onehot_drop_first", OneHotEncoder(drop="first", sparse_output=False).fit(C), [("transform", [CT_known]), ("get_feature_names_out", []), ("inverse_transform", [OneHotEncoder(drop="first", sparse_output=False).fit(C).transform(CT_known)])], attrs=["drop_idx_"])
case("onehot_drop_if_binary", OneHotEncoder(drop="if_binary", sparse_output=False).fit(np.array([["a", "x"], ["b", "y"], ["a", "z"]], dtype=object)), [("transform", [[["b", "z"], ["a", "x"]]]), ("get_feature_names_out", [])])
case("onehot_drop_explicit", OneHotEncoder(drop=["blue", "M", 3], sparse_output=False, handle_unknown="ignore").fit(C), [("transform", [CT]), ("get_feature_names_out", [])])
Cn = rng.integers(0, 4, size=(30, 2)).astype(float)
Cn[4, 1] = np.nan
case("onehot_numeric", OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=np.float32).fit(Cn), [("transform", [[[0.0, 1.0], [3.0, np.nan], [9.0, 2.0]]]), ("transform", [np.array([[1, 3]])]), ("get_feature_names_out", [])], attrs=["categories_"])
case("onehot_numeric_error", OneHotEncoder().fit(Cn), [("transform", [[[0.0, 1.0], [9.0, 2.0]]])])
freq = np.array([["a"] * 5 + ["b"] * 20 + ["c"] * 10 + ["d"] * 3], dtype=object).T
case("onehot_infrequent", OneHotEncoder(max_categories=3, sparse_output=False, handle_unknown="infrequent_if_exist").fit(freq), [("transform", [[["a"], ["b"], ["c"], ["zzz"]]]), ("get_feature_names_out", []), ("inverse_transform", [np.array([[0, 0, 1], [1, 0, 0]])])])
case("onehot_min_frequency", OneHotEncoder(min_frequency=6, sparse_output=False, handle_unknown="ignore").fit(freq), [("transform", [[["a"], ["b"], ["c"], ["zzz"]]]), ("get_feature_names_out", [])])
case("onehot_infrequent_drop", OneHotEncoder(min_frequency=6, drop="first", sparse_output=False, handle_unknown="infrequent_if_exist").fit(freq), [("transform", [[["a"], ["b"], ["c"], ["zzz"]]]), ("get_feature_names_out", [])])
Cm = np.array([["a", 1.0], [None, 2.0], ["b", np.nan], [np.nan, 1.0], ["a", 2.0]], dtype=object)
case("onehot_missing", OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(Cm), [("transform", [[[None, np.nan], [np.nan, 2.0], ["b", 1.0]]]), ("get_feature_names_out", [])], attrs=["categories_"])
df_mix = pd.DataFrame({"plan": ["basic", "pro", "basic", "team", "pro"], "seats": [1, 5, 2, 20, 5], "region": ["eu", "us", "eu", "apac", "us"]})
tdf_mix = pd.DataFrame({"plan": ["pro", "enterprise"], "seats": [5, 3], "region": ["apac", "eu"]})
case("onehot_frame", OneHotEncoder(handle_unknown="ignore").fit(df_mix), [("transform", [tdf_mix]), ("get_feature_names_out", [])], attrs=["feature_names_in_", "categories_"])
case(
    "ordinal",
    OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(C),
    [("transform", [CT]), ("inverse_transform", [np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0]])]), ("get_feature_names_out", [])],
    attrs=["categories_"],
)
case("ordinal_error", OrdinalEncoder().fit(C), [("transform", [CT_known]), ("transform", [CT])])
case("ordinal_missing", OrdinalEncoder(encoded_missing_value=-2, dtype=np.int64).fit(Cm), [("transform", [[[None, np.nan], [np.nan, 2.0], ["b", 1.0]]])])
case("ordinal_nan", OrdinalEncoder().fit(Cm), [("transform", [[[None, np.nan], ["a", 2.0]]])])
case("ordinal_numeric", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(Cn), [("transform", [[[0.0, 1.0], [3.0, np.nan], [9.0, 2.0]]])])

# ---- labels ---------------------------------------------------------------------------------------------------

y_str = ["setosa", "versicolor", "virginica", "setosa", "virginica"]
case(
    "label_encoder_str",
    LabelEncoder().fit(y_str),
    [("transform", [["virginica", "setosa"]]), ("transform", [["virginica", "daisy"]]), ("inverse_transform", [[2, 0, 1]]), ("inverse_transform", [[3]]), ("transform", [[]])],
    attrs=["classes_"],
)
case("label_encoder_int", LabelEncoder().fit([10, 3, 7, 3]), [("transform", [[7, 10]]), ("transform", [[4]]), ("inverse_transform", [np.array([0, 2])])], attrs=["classes_"])
case("label_binarizer_multi", LabelBinarizer().fit(y_str), [("transform", [["virginica", "setosa", "daisy"]]), ("inverse_transform", [np.array([[0, 1, 0], [0.2, 0.3, 0.5]])])], attrs=["classes_", "y_type_"])
case("label_binarizer_binary", LabelBinarizer(neg_label=-1, pos_label=2).fit(["no", "yes", "no"]), [("transform", [["yes", "no", "maybe"]]), ("inverse_transform", [np.array([[2], [-1]])])], attrs=["classes_", "y_type_"])

# ---- functions, pipelines, columns ----------------------------------------------------------------------------

Xpos = np.abs(X)
case("function_log1p", FunctionTransformer(np.log1p).fit(Xpos), [("transform", [np.abs(T)]), ("transform", [[[0.0, 1.0], [2.0, 3.0]]])])
case("function_validate", FunctionTransformer(np.sqrt, inverse_func=np.square, validate=True, feature_names_out="one-to-one").fit(Xpos), [("transform", [np.abs(T)]), ("inverse_transform", [np.abs(T)]), ("get_feature_names_out", [])])
case("function_identity", FunctionTransformer().fit(X), [("transform", [T])])


def log_plus_one(x):
    return np.log1p(x) + 1


# a function of the notebook: the pickle names `__main__.log_plus_one`, translated from the notebook's source
case("function_notebook", FunctionTransformer(log_plus_one).fit(Xpos), [("transform", [np.abs(T)])])
case(
    "pipeline_impute_scale",
    make_pipeline(SimpleImputer(strategy="median"), StandardScaler()).fit(Xi),
    [("transform", [Ti]), ("inverse_transform", [T]), ("get_feature_names_out", [])],
)
pca_pipe = Pipeline([("scale", StandardScaler()), ("pca", PCA(n_components=2, whiten=True))]).fit(X)
case("pipeline_scale_pca", pca_pipe, [("transform", [T], {}, 1e-11), ("get_feature_names_out", [])])
ct_df = pd.DataFrame(
    {
        "age": [22.0, 35.0, np.nan, 58.0, 41.0, 29.0],
        "income": [30e3, 72e3, 51e3, np.nan, 88e3, 45e3],
        "plan": ["basic", "pro", "basic", "team", "pro", None],
        "city": ["Paris", "Lyon", "Paris", "Nice", "Lyon", "Paris"],
        "text": ["great product", "terrible support", "great price, great support", "ok", "Support was great!", ""],
        "flag": [1, 0, 1, 1, 0, 1],
    }
)
ct_t = pd.DataFrame({"age": [30.0, np.nan], "income": [60e3, 20e3], "plan": ["team", "gold"], "city": ["Nice", "Brest"], "text": ["great support", "awful"], "flag": [0, 1]})
num_pipe = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
cat_pipe = make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore"))
ct = ColumnTransformer([("num", num_pipe, ["age", "income"]), ("cat", cat_pipe, ["plan", "city"]), ("txt", TfidfVectorizer(), "text")], remainder="passthrough", sparse_threshold=0).fit(ct_df)
case("column_transformer_frame", ct, [("transform", [ct_t]), ("get_feature_names_out", []), ("transform", [ct_t.drop(columns=["city"])])])
ct_sparse = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), ["plan", "city"]), ("num", StandardScaler(), ["flag"])], remainder="drop", sparse_threshold=0.9).fit(ct_df.fillna({"plan": "none"}))
case("column_transformer_sparse", ct_sparse, [("transform", [ct_t])])
ct_sel = ColumnTransformer([("num", StandardScaler(), make_column_selector(dtype_include=np.number)), ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), make_column_selector(dtype_include=object))]).fit(df_mix)
case("column_transformer_selector", ct_sel, [("transform", [tdf_mix]), ("get_feature_names_out", [])])
ct_idx = ColumnTransformer([("scale", MinMaxScaler(), [0, 2]), ("bin", Binarizer(threshold=0.0), slice(1, 2))], remainder="passthrough", verbose_feature_names_out=False).fit(X)
case("column_transformer_index", ct_idx, [("transform", [T]), ("get_feature_names_out", [])])
ct_mask = ColumnTransformer([("a", StandardScaler(), [True, False, True, False])], remainder=MaxAbsScaler(), transformer_weights={"a": 2.0}).fit(X)
case("column_transformer_mask", ct_mask, [("transform", [T])])

# ---- text ----------------------------------------------------------------------------------------------------

docs = [
    "The quick brown fox jumps over the lazy dog.",
    "Never jump over the lazy dog quickly; the dog sleeps.",
    "Brown dogs and brown foxes: a café story, naïve but fun!",
    "Le renard brun rapide — déjà vu, ÉTÉ 2024.",
    "Numbers 42 and 3.14 are tokens too, x y z.",
    "",
]
new_docs = ["The lazy fox, the brown DOG!", "entirely unseen words", "", "café DÉJÀ vu été", "dog dog dog fox"]
for name, v in [
    ("count_default", CountVectorizer()),
    ("count_bigrams_stop", CountVectorizer(ngram_range=(1, 2), stop_words="english")),
    ("count_list_stop_binary", CountVectorizer(stop_words=["the", "over", "and"], binary=True, lowercase=False)),
    ("count_max_features", CountVectorizer(max_features=6, min_df=1, max_df=0.9)),
    ("count_char_wb", CountVectorizer(analyzer="char_wb", ngram_range=(2, 3))),
    ("count_char", CountVectorizer(analyzer="char", ngram_range=(1, 2), max_features=30)),
    ("count_pattern", CountVectorizer(token_pattern=r"(?u)\b\w+\b", strip_accents="ascii")),
    ("tfidf_default", TfidfVectorizer()),
    ("tfidf_sublinear_l1", TfidfVectorizer(sublinear_tf=True, norm="l1", ngram_range=(1, 2))),
    ("tfidf_no_norm_no_smooth", TfidfVectorizer(norm=None, smooth_idf=False, strip_accents="unicode")),
    ("tfidf_no_idf", TfidfVectorizer(use_idf=False, stop_words="english")),
    ("tfidf_float32", TfidfVectorizer(dtype=np.float32, max_features=10)),
]:
    v.fit(docs)
    calls = [("transform", [new_docs]), ("transform", [docs[:3]]), ("get_feature_names_out", []), ("transform", ["a single string"])]
    if name.startswith("count"):
        calls.append(("inverse_transform", [v.transform(new_docs[:2]).toarray()]))
    attrs = ["vocabulary_"] + (["idf_"] if name.startswith("tfidf") and v.use_idf else [])
    case(name, v, calls, attrs=attrs)

# HashingVectorizer: stateless (nothing fitted); hash collisions and alternate signs show in a small n_features
hash_docs = docs + ["dog dog dog fox", "zebra " * 5 + "ZEBRA", "¿Qué tal? naïve façade 北京"]
for name, v in [
    ("hashing_signed_l2", HashingVectorizer(n_features=50)),
    ("hashing_small_unsigned", HashingVectorizer(n_features=16, alternate_sign=False)),
    ("hashing_signed_no_norm", HashingVectorizer(n_features=8, norm=None)),
    ("hashing_binary_l1_bigrams", HashingVectorizer(n_features=32, binary=True, norm="l1", ngram_range=(1, 2), stop_words="english")),
    ("hashing_char_wb_float32", HashingVectorizer(n_features=64, analyzer="char_wb", ngram_range=(2, 3), dtype=np.float32, strip_accents="unicode")),
    ("hashing_int_counts", HashingVectorizer(n_features=10, norm=None, alternate_sign=False, dtype=np.int64, lowercase=False)),
]:
    case(name, v, [("transform", [hash_docs]), ("transform", [new_docs]), ("transform", ["a single string"])])

# ---- dict vectorizer, PCA --------------------------------------------------------------------------------------

records = [{"city": "Paris", "temp": 21.5, "tags": ["sunny", "windy"]}, {"city": "Lyon", "temp": 18.0, "rain": True}, {"city": "Paris", "temp": 25.0, "tags": ["sunny"]}]
new_records = [{"city": "Lyon", "temp": 10.0, "rain": False, "unseen": 3.0}, {"city": "Nice", "tags": ["windy", "foggy"]}, {}]
case("dict_vectorizer", DictVectorizer().fit(records), [("transform", [new_records]), ("get_feature_names_out", []), ("transform", [{"temp": 1.5}])], attrs=["feature_names_", "vocabulary_"])
case("dict_vectorizer_dense", DictVectorizer(sparse=False, sort=False, separator="|").fit(records), [("transform", [new_records]), ("inverse_transform", [np.array([[1.0, 2.0, 0.0, 0.0, 0.0, 1.0]])]), ("get_feature_names_out", [])])
Xp = rng.normal(size=(50, 5)) @ rng.normal(size=(5, 5))
Tp = rng.normal(size=(4, 5)) @ rng.normal(size=(5, 5))
for name, p in [("pca", PCA(n_components=3)), ("pca_whiten", PCA(n_components=2, whiten=True))]:
    p.fit(Xp)
    atol = dot_atol(Tp, p.mean_, p.components_ / (np.sqrt(p.explained_variance_)[:, None] if p.whiten else 1))
    case(name, p, [("transform", [Tp], {}, atol), ("inverse_transform", [p.transform(Tp)], {}, 1e-11), ("get_feature_names_out", [])], attrs=["components_", "explained_variance_", "mean_"])
p32 = PCA(n_components=2).fit(Xp.astype(np.float32))
case("pca_float32", p32, [("transform", [Tp.astype(np.float32)], {}, 1e-5)])



# ---- feature selection: a fitted column mask (NaN scores of a constant column, ties, "all", frames, CSR text) -----
from sklearn.feature_selection import SelectKBest, VarianceThreshold, chi2, f_classif

y_sel = (X[:, 0] + X[:, 1] / 10 > -0.5).astype(int)
X_dup = np.column_stack([X[:, :2], X[:, :2], X[:, 2:]])
T_dup = np.column_stack([T[:, :2], T[:, :2], T[:, 2:]])
sel_calls = lambda t: [("transform", [t]), ("get_support", []), ("get_support", [True]), ("get_feature_names_out", [])]
case("select_k_best", SelectKBest(f_classif, k=2).fit(X, y_sel), sel_calls(T) + [("transform", [T_nan]), ("transform", [T.astype(np.float32)])], attrs=["scores_"])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    case("select_k_best_nan_scores", SelectKBest(f_classif, k=2).fit(X_const, y_sel), sel_calls(T[:, :3]))
case("select_k_best_ties", SelectKBest(f_classif, k=3).fit(X_dup, y_sel), sel_calls(T_dup))
case("select_k_best_all_frame", SelectKBest(k="all").fit(df_num, y_sel), sel_calls(tdf_num) + [("transform", [tdf_swapped])])
case("select_k_best_frame", SelectKBest(f_classif, k=1).fit(df_num, y_sel), sel_calls(tdf_num) + [("get_feature_names_out", [["a", "b", "c", "d"]])])
case("variance_threshold", VarianceThreshold(threshold=0.5).fit(X), sel_calls(T) + [("transform", [T_nan])])
case("variance_threshold_const", VarianceThreshold().fit(X_const), sel_calls(T[:, :3]))
text_sel = Pipeline([("vec", CountVectorizer()), ("sel", SelectKBest(chi2, k=4))]).fit(docs, [0, 1, 0, 1, 0, 1])
case("pipeline_count_chi2", text_sel, [("transform", [new_docs]), ("get_feature_names_out", [])])

# FeatureUnion: word and character n-grams side by side (sparse, one weighted), and a dense union
from sklearn.pipeline import FeatureUnion

union_text = FeatureUnion([("word", TfidfVectorizer()), ("char", CountVectorizer(analyzer="char_wb", ngram_range=(2, 3), max_features=20)), ("off", "drop")], transformer_weights={"char": 0.5}).fit(docs)
case("feature_union_text", union_text, [("transform", [new_docs]), ("get_feature_names_out", [])])
union_dense = FeatureUnion([("mm", MinMaxScaler()), ("std", StandardScaler())]).fit(df_num)
case("feature_union_dense", union_dense, [("transform", [tdf_num]), ("transform", [T]), ("get_feature_names_out", [])])

# ---- non-linear per-feature transformers: power, quantile and binning (their own generator: the data above stays) ---
from sklearn.compose import TransformedTargetRegressor
from sklearn.feature_selection import SelectPercentile, f_regression
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import KBinsDiscretizer, PowerTransformer, QuantileTransformer

rng_nl = np.random.default_rng(77)
Xs = np.column_stack([rng_nl.lognormal(0, 1, 60), rng_nl.normal(0, 3, 60), rng_nl.exponential(2, 60) + 0.1, -rng_nl.gamma(2, 1, 60)])
Xs[::9, 1] = 0.0  # repeated values: repeated quantiles
Ts = np.array([[0.5, -7.0, 0.3, -0.2], [4.0, 0.0, 12.0, -9.0], [1e-3, 2.5, 0.1, -1.5], [30.0, 11.0, 1.0, -0.01]])
Ts_nan = Ts.copy()
Ts_nan[1, 0] = np.nan
Ts_nan[2, 3] = np.nan
df_s = pd.DataFrame(Xs, columns=["income", "delta", "wait", "loss"])
tdf_s = pd.DataFrame(Ts, columns=["income", "delta", "wait", "loss"])
pt = PowerTransformer().fit(Xs)
# float32 powers are glibc's powf, within an ulp of the correctly rounded power the runtime computes; `x ** (1 / lmbda) - 1`
# amplifies that ulp (1e-7 absolute here), hence the absolute tolerance of the float32 inverse
pt_calls = [("transform", [Ts]), ("transform", [Ts.astype(np.float32)]), ("transform", [Ts_nan]), ("inverse_transform", [pt.transform(Ts)]), ("inverse_transform", [pt.transform(Ts).astype(np.float32)], {}, 1e-6), ("get_feature_names_out", []), ("transform", [Ts[:, :3]])]
case("power_yeo_johnson", pt, pt_calls, attrs=["lambdas_"])
case("power_yeo_johnson_raw_frame", PowerTransformer(standardize=False).fit(df_s), [("transform", [tdf_s]), ("inverse_transform", [Ts]), ("get_feature_names_out", [])])
# lambdas of exactly 0 and 2 take the log branches
pt_edge = PowerTransformer(standardize=False).fit(Xs)
pt_edge.lambdas_ = np.array([0.0, 2.0, 0.5, 2.0])
case("power_yeo_johnson_log_branches", pt_edge, [("transform", [Ts]), ("inverse_transform", [Ts]), ("inverse_transform", [-Ts])])
Xpos = np.abs(Xs) + 0.05
Tpos = np.abs(Ts) + 0.05
pt_bc = PowerTransformer(method="box-cox").fit(Xpos)
case("power_box_cox", pt_bc, [("transform", [Tpos]), ("transform", [Tpos.astype(np.float32)]), ("transform", [Ts]), ("inverse_transform", [pt_bc.transform(Tpos)])], attrs=["lambdas_"])
case("power_box_cox_raw", PowerTransformer(method="box-cox", standardize=False).fit(Xpos), [("transform", [Tpos]), ("inverse_transform", [Ts / 10])])
Tq = np.vstack([Ts, Xs[:3], [Xs[:, 0].min(), 0.0, Xs[:, 2].max(), Xs[:, 3].max()], [-100.0, 100.0, -1.0, 5.0]])
for dist in ("uniform", "normal"):
    qt = QuantileTransformer(n_quantiles=25, output_distribution=dist).fit(Xs)
    qt_out = qt.transform(Tq)
    case(f"quantile_{dist}", qt, [("transform", [Tq]), ("transform", [Tq.astype(np.float32)]), ("transform", [Ts_nan]), ("inverse_transform", [qt_out]), ("inverse_transform", [qt_out.astype(np.float32)]), ("get_feature_names_out", [])], attrs=["quantiles_"])
case("quantile_frame", QuantileTransformer(n_quantiles=100).fit(df_s), [("transform", [tdf_s]), ("get_feature_names_out", [])])
Tk = np.vstack([Ts, Xs[:4], [-50.0, -50.0, -50.0, -50.0], [50.0, 50.0, 50.0, 50.0]])
for name, kb in [
    ("kbins_ordinal_uniform", KBinsDiscretizer(n_bins=4, encode="ordinal", strategy="uniform")),
    ("kbins_onehot_dense_quantile", KBinsDiscretizer(n_bins=[3, 5, 4, 2], encode="onehot-dense", strategy="quantile")),
    ("kbins_onehot_kmeans", KBinsDiscretizer(n_bins=3, encode="onehot", strategy="kmeans")),
    ("kbins_ordinal_float32", KBinsDiscretizer(n_bins=5, encode="ordinal", dtype=np.float32)),
]:
    kb.fit(Xs)
    # bin edges themselves fall in the bin on their right
    edges = np.column_stack([kb.bin_edges_[j][1:3] for j in range(4)])
    case(name, kb, [("transform", [Tk]), ("transform", [Tk.astype(np.float32)]), ("transform", [edges]), ("transform", [Ts_nan]), ("get_feature_names_out", [])], attrs=["n_bins_"])
case("kbins_frame_onehot_dense", KBinsDiscretizer(n_bins=3, encode="onehot-dense").fit(df_s), [("transform", [tdf_s]), ("get_feature_names_out", [])])
y_s = Xs[:, 0] * 2 + Xs[:, 1] + rng_nl.normal(0, 0.5, 60)
Xs_dup = np.column_stack([Xs, Xs[:, :2]])
Ts_dup = np.column_stack([Ts, Ts[:, :2]])
sel_calls_s = lambda t: [("transform", [t]), ("get_support", []), ("get_support", [True]), ("get_feature_names_out", [])]
for pct in (10, 34, 50, 100):
    case(f"select_percentile_{pct}", SelectPercentile(f_regression, percentile=pct).fit(Xs_dup, y_s), sel_calls_s(Ts_dup), attrs=["scores_"])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    case("select_percentile_nan_scores", SelectPercentile(f_regression, percentile=60).fit(np.column_stack([Xs[:, :2], np.ones(60)]), y_s), sel_calls_s(Ts[:, :3]))
# saved whole; the notebook reads its fitted target transformer (the regressor is a placeholder)
for name, ttr in [
    ("transformed_target_scaler", TransformedTargetRegressor(regressor=LinearRegression(), transformer=StandardScaler())),
    ("transformed_target_log1p", TransformedTargetRegressor(regressor=LinearRegression(), func=np.log1p, inverse_func=np.expm1)),
    ("transformed_target_quantile", TransformedTargetRegressor(regressor=LinearRegression(), transformer=QuantileTransformer(n_quantiles=30, output_distribution="normal"))),
]:
    ttr.fit(Xs, np.abs(y_s))
    raw = ttr.regressor_.predict(Ts).reshape(-1, 1)
    case(name, ttr, [("transformer_.inverse_transform", [raw]), ("transformer_.transform", [np.abs(y_s[:5]).reshape(-1, 1)])])

# ---- models saved beside transformers: a pipeline ending in a tree (structured Tree nodes) and a gradient-boosting
# model (numpy RandomState) in one dict; the reader keeps the models by class name only (src/pickle/unrebuilt.ts)
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.tree import DecisionTreeClassifier

y_models = (X[:, 0] > 0).astype(int)
models_bundle = {
    "pipe": Pipeline([("scaler", StandardScaler()), ("tree", DecisionTreeClassifier(max_depth=2, random_state=0))]).fit(X, y_models),
    "model": GradientBoostingClassifier(n_estimators=2, random_state=0).fit(X, y_models),
    "features": ["a", "b", "c", "d"],
}
save("models_bundle", models_bundle)
# a transformer nb2svc does not rebuild: refused with a fix for a transformer (translate.test.ts)
from sklearn.impute import KNNImputer

save("knn_imputer", KNNImputer(n_neighbors=2).fit(X_nan))
models_bundle_scaled = models_bundle["pipe"].named_steps["scaler"].transform(T)
with open(os.path.join(OUT, "models_bundle.json"), "w") as f:
    json.dump({"scaler_transform": enc(models_bundle_scaled), "T": enc(T)}, f)

# ---- plain values: what the reader makes of numpy and Python data in every protocol ---------------------------

WIDENED = {"int8": "int32", "int16": "int32", "uint16": "int32", "uint32": "int64", "uint64": "int64", "float16": "float32"}


def pyvalue(v):
    """The analysis's PyValue for a Python value, as docs/sklearn.md says the reader gives it."""
    if v is None:
        return {"k": "none"}
    if isinstance(v, bool):
        return {"k": "bool", "v": v}
    if isinstance(v, np.bool_):
        return {"k": "npscalar", "dtype": "bool", "v": bool(v)}
    if isinstance(v, np.generic):
        d = str(v.dtype)
        if d in ("object",):
            return pyvalue(v.item())
        if v.dtype.kind == "U":
            return {"k": "str", "v": str(v)}
        return {"k": "npscalar", "dtype": WIDENED.get(d, d), "v": enc_num(v)}
    if isinstance(v, int):
        return {"k": "int", "v": v}
    if isinstance(v, float):
        return {"k": "float", "v": enc_num(v)}
    if isinstance(v, str):
        return {"k": "str", "v": v}
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "OU":
            return pyvalue(v.tolist())
        d = v.dtype.newbyteorder("=").name
        flat = [enc_num(x) if not isinstance(x, bool) else x for x in v.reshape(-1).tolist()]
        # PyValue arrays are nested lists: an empty array keeps only its first dimension (documented)
        shape = list(v.shape) if v.size else list(v.shape[:1])
        return {"k": "ndarray", "dtype": WIDENED.get(d, d), "flat": flat, "shape": shape}
    if isinstance(v, list):
        return {"k": "list", "items": [pyvalue(x) for x in v]}
    if isinstance(v, tuple):
        return {"k": "tuple", "items": [pyvalue(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"k": "set", "items": [pyvalue(x) for x in v]}
    if isinstance(v, dict):
        return {"k": "dict", "entries": [[pyvalue(k), pyvalue(x)] for k, x in v.items()]}
    if isinstance(v, slice):
        return {"k": "object", "cls": "builtins.slice", "state": pyvalue((v.start, v.stop, v.step))}
    if isinstance(v, np.ufunc):
        return {"k": "object", "cls": "numpy.ufunc", "state": {"k": "str", "v": v.__name__}}
    if v in (float, int, str, bool):
        return {"k": "str", "v": {float: "float64", int: "int64", str: "str", bool: "bool"}[v]}
    if isinstance(v, type) and issubclass(v, np.generic):
        return {"k": "str", "v": np.dtype(v).name}
    if isinstance(v, np.dtype):
        return {"k": "str", "v": v.name if v.kind not in "OU" else {"O": "object", "U": "str"}[v.kind]}
    raise TypeError(type(v))


from collections import OrderedDict

VALUES = {
    "scalars": [None, True, False, 0, -1, 255, 65535, -(2**31), 2**40, -(2**53) + 1, 1.5, -0.0, float("nan"), float("inf"), "", "é ☃ 𝄞", "a\nb"],
    "containers": [[1, [2, [3]]], (1, "a"), (), {"b": 1, "a": 2, 3: "c", (1, 2): None}, OrderedDict([("z", 1), ("y", 2)]), {1, 2}, frozenset(["x"]), slice(1, 5, 2), slice(None, 3, None)],
    "numpy_scalars": [np.float64(2.5), np.float32(0.1), np.float16(1.5), np.int64(-7), np.int32(7), np.int8(-3), np.uint8(200), np.uint16(60000), np.uint32(4000000000), np.bool_(True), np.str_("np str")],
    "arrays": [
        np.arange(6.0).reshape(2, 3),
        np.asfortranarray(np.arange(12).reshape(3, 4)),
        np.arange(5, dtype=np.float32) / 3,
        np.array([1, -2, 3], dtype=np.int8),
        np.array([1, 2], dtype=np.int16),
        np.array([65535], dtype=np.uint16),
        np.array([2**32 - 1], dtype=np.uint32),
        np.array([0.5, 65504.0], dtype=np.float16),
        np.array([[True, False]]),
        np.array([1.0, 2.0], dtype=">f8"),
        np.array([7], dtype=">i4"),
        np.array(3.25),
        np.zeros((0, 3)),
        np.array(["a", "bb", "ccc é"]),
        np.array([["x", None], [1.5, "y"]], dtype=object),
        np.array([np.nan, -np.inf, 1e-300]),
    ],
    "types": [np.float64, np.float32, np.int64, np.bool_, float, int, str, np.dtype("float32"), np.dtype("O"), np.log1p, np.sqrt],
}
VALUE_CASES = []
for name, value in VALUES.items():
    files = {}
    for proto in (0, 1, 2, 3, 4, 5):
        fn = f"values_{name}.p{proto}.pkl"
        with open(os.path.join(OUT, fn), "wb") as f:
            pickle.dump(value, f, protocol=proto)
        files[f"pickle-{proto}"] = fn
    for label, kw in (("joblib", {}), ("joblib-zlib", {"compress": 3}), ("joblib-gzip", {"compress": ("gzip", 3)})):
        fn = f"values_{name}.{label}"
        joblib.dump(value, os.path.join(OUT, fn), **kw)
        files[label] = fn
    VALUE_CASES.append({"name": name, "files": files, "expected": pyvalue(value)})
with open(os.path.join(OUT, "values.json"), "w") as f:
    json.dump(VALUE_CASES, f, indent=1, ensure_ascii=False)
    f.write("\n")

# ---- text normalisation the vectorizers rely on ----------------------------------------------------------------

from sklearn.feature_extraction.text import strip_accents_ascii, strip_accents_unicode

TEXTS = ["café naïve", "ÉTÉ Ångström", "Ǆemal ǅ ǆ", "ﬁne ﬂow", "Ⅻ ½ ①", "ḍḥ ṣ", "हिन्दी", "ไทย", "한국어", "Ελληνικά", "İstanbul", "ß straße", "ĳ", "x\u0301\u0316y", "𝒜𝔅", "ü\u034f"]
with open(os.path.join(OUT, "text.json"), "w") as f:
    json.dump([{"text": t, "unicode": strip_accents_unicode(t), "ascii": strip_accents_ascii(t), "tokens": CountVectorizer(strip_accents="unicode").build_analyzer()(t)} for t in TEXTS], f, indent=1, ensure_ascii=False)
    f.write("\n")


def main():
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "joblib": joblib.__version__, "cases": CASES}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
