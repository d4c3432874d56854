"""Runs the shim's KNeighborsClassifier / KNeighborsRegressor / KMeans graphs (as skl2onnx 1.16 writes them) in
onnxruntime-node against scikit-learn: PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/skl2onnx/check_neighbors.py

TopK and scikit-learn's argpartition may order tied distances differently (skl2onnx's documented caveat): rows whose
k-th and (k+1)-th distances tie are skipped, every other row must match.

weights="distance": skl2onnx 1.16 negates the TopK distances (onnx_nearest_neighbors_indices_k, keep_distances) before
Max(d, 1e-6) and Reciprocal, so every neighbour weighs 1e6 and the graph answers what weights="uniform" answers
(the probabilities users see differ from predict_proba's: sklearn-onnx issue #611). The shim writes that graph; the
check compares it with the uniform model."""
import numpy as np
import onnxruntime as rt
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import load_diabetes, load_iris, load_wine
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skl2onnx import to_onnx


def run(model, X, options=None):
    onx = to_onnx(model, X[:1], options=options)
    sess = rt.InferenceSession(onx.SerializeToString())
    return [o.name for o in sess.get_outputs()], sess.run(None, {sess.get_inputs()[0].name: X})


def untied(knn, X, k):
    """Rows whose k nearest training rows are not tied with the next one (float32 distances)."""
    Xt = knn[:-1].transform(X) if hasattr(knn, "steps") else X
    est = knn[-1] if hasattr(knn, "steps") else knn
    fit = est._fit_X.astype(np.float32)
    d = np.sqrt(((Xt.astype(np.float32)[:, None, :] - fit[None, :, :]) ** 2).sum(-1))
    d.sort(axis=1)
    return np.abs(d[:, k - 1] - d[:, k]) > 1e-4 * np.maximum(d[:, k], 1)


checks = 0
rows = 0
for loader, names in [(load_iris, None), (load_wine, None), (load_iris, ["setosa", "versicolor", "virginica"])]:
    X, y = loader(return_X_y=True)
    X = X.astype(np.float32)
    if names:
        y = np.array(names)[y]
    Xtr, Xte = X[::2], X[1::2]
    ytr = y[::2]
    for weights in ["uniform", "distance"]:
        for k, p in [(5, 2), (3, 1), (7, 3)]:
            clf = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k, weights=weights, p=p)).fit(Xtr, ytr)
            ref = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k, p=p)).fit(Xtr, ytr)
            ok = untied(clf, Xte, k) if p == 2 else np.ones(len(Xte), bool)
            outputs, (label, proba) = run(clf, Xte, {id(clf.steps[-1][1]): {"zipmap": False}})
            assert outputs == ["label", "probabilities"], outputs
            assert (label[ok] == ref.predict(Xte)[ok]).all(), (loader.__name__, weights, k, p)
            diff = np.abs(proba[ok] - ref.predict_proba(Xte)[ok]).max()
            assert diff < 1e-5, (loader.__name__, weights, k, p, diff)
            checks += 1
            rows += int(ok.sum())
    # the default: Cast to output_label and a ZipMap
    outputs, (label, dicts) = run(clf, Xte)
    assert outputs == ["output_label", "output_probability"] and (label[ok] == ref.predict(Xte)[ok]).all()
    i = int(np.argmax(ok))
    assert abs(dicts[i][clf.classes_[0]] - ref.predict_proba(Xte[i:i + 1])[0, 0]) < 1e-5
    checks += 1

X, y = load_diabetes(return_X_y=True)
X = X.astype(np.float32)
Xtr, Xte, ytr = X[::2], X[1::2], y[::2]
for weights in ["uniform", "distance"]:
    reg = KNeighborsRegressor(n_neighbors=5, weights=weights).fit(Xtr, ytr)
    ref = KNeighborsRegressor(n_neighbors=5).fit(Xtr, ytr)
    ok = untied(reg, Xte, 5)
    outputs, (pred,) = run(reg, Xte)
    assert outputs == ["variable"] and pred.shape == (len(Xte), 1), (outputs, pred.shape)
    rel = np.max(np.abs(pred.ravel()[ok] - ref.predict(Xte)[ok]) / np.maximum(np.abs(ref.predict(Xte)[ok]), 1.0))
    assert rel < 1e-5, (weights, rel)
    checks += 1
    rows += int(ok.sum())

for loader in [load_iris, load_wine]:
    X, _ = loader(return_X_y=True)
    X = X.astype(np.float32)
    for cls, n in [(KMeans, 3), (KMeans, 5), (MiniBatchKMeans, 4)]:
        km = make_pipeline(StandardScaler(), cls(n_clusters=n, n_init=10, random_state=0)).fit(X)
        outputs, (label, scores) = run(km, X)
        assert outputs == ["label", "scores"], outputs
        assert (label == km.predict(X)).all(), (loader.__name__, cls.__name__, n)
        diff = np.abs(scores - km.transform(X)).max()
        assert diff < 1e-4, (loader.__name__, cls.__name__, n, diff)
        checks += 1
        rows += len(X)
print(f"{checks} nearest-neighbour and k-means graphs match scikit-learn on {rows} rows (labels equal, probabilities "
      "within 1e-5, regression within 1e-5 relative, k-means distances within 1e-4)")
