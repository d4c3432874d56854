"""KNeighborsClassifier / KNeighborsRegressor and KMeans / MiniBatchKMeans as skl2onnx 1.16 writes them
(operator_converters/nearest_neighbours.py, k_means.py and algebra/complex_functions.py there).

Nearest neighbours: the distances to every training row come from a Scan over the training rows (onnx_cdist's
default, no `optim`): the body subtracts one training row from the whole batch and ReduceSumSquare's it, the Scan's
stacked output [n_train, N] is transposed (and Sqrt'ed for the euclidean metric, Pow(1/p) of summed Abs^p for a
Minkowski p != 2, summed Abs for manhattan); TopK(largest=0, sorted=1) keeps the k nearest; their training labels
(`_y`, class indices for a classifier) are gathered by ArrayFeatureExtractor over the flattened indices and
reshaped to [N, k]. A classifier counts, per class, Equal(labels, class) (times 1/max(distance, 1e-6) for
weights="distance"), ReduceSum's, Concat's, divides by the total (probabilities) and ArgMax's into the classes (the
label); a regressor takes the ReduceMean (uniform) or the weighted sum over the weights' sum.

k-means: Gemm(X, centers, 0, alpha=-2, transB=1) + ReduceSumSquare(X) + |centers|^2 is the squared distance to
each center; ArgMin gives `label`, Sqrt the `scores` (what `transform` gives), as skl2onnx's converter.

The algebra API skl2onnx uses here names nodes `<prefix>_<OpType>` (the prefix is the op type's first two letters
unless the converter sets one: `knny`, `wei`, `norm`, `bprob`, `blab`, `cdistd`) and their outputs after the op
schema's output names; constants are initializers named after the node."""
import numpy as np
from onnx import TensorProto, helper, mapping

from .common.data_types import DoubleTensorType, Int64TensorType


def _proto(var):
    return TensorProto.DOUBLE if isinstance(var.type, DoubleTensorType) else TensorProto.FLOAT


def _np(proto):
    return np.float64 if proto == TensorProto.DOUBLE else np.float32


class _Algebra:
    """The few parts of skl2onnx's algebra naming the converters below rely on."""

    def __init__(self, scope, container):
        self.scope = scope
        self.container = container

    def node(self, op_type, inputs, outputs=None, prefix=None, domain="", op_version=None, **attrs):
        prefix = prefix or op_type[:2]
        name = self.scope.get_unique_operator_name("{}_{}".format(prefix, op_type))
        if outputs is None:
            outputs = [self.scope.get_unique_variable_name("{}_{}0".format(prefix, o)) for o in _OUTPUTS[op_type]]
        elif isinstance(outputs, str):
            outputs = [outputs]
        self.container.add_node(op_type, inputs, outputs, op_domain=domain, op_version=op_version, name=name, **attrs)
        return outputs[0] if len(outputs) == 1 else outputs

    def const(self, prefix, op_type, array, proto=None):
        array = np.asarray(array)
        name = self.scope.get_unique_variable_name("{}_{}cst".format(prefix or op_type[:2], op_type))
        if proto is None:
            proto = mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype]
        if proto == TensorProto.STRING:
            content = [str(s).encode("utf-8") for s in array.ravel()]
        else:
            content = array.ravel()
        self.container.add_initializer(name, proto, array.shape, content)
        return name


# output names of the op schemas (what the algebra API names a node's outputs after)
_OUTPUTS = {
    "Scan": ["UU000UU", "UU001UU"], "Transpose": ["transposed"], "Sqrt": ["Y"], "Pow": ["Z"], "TopK": ["Values", "Indices"],
    "Flatten": ["output"], "ArrayFeatureExtractor": ["Z"], "Reshape": ["reshaped"], "Cast": ["output"], "Equal": ["C"],
    "Mul": ["C"], "ReduceSum": ["reduced"], "ReduceMean": ["reduced"], "Concat": ["concat_result"], "Div": ["C"],
    "ArgMax": ["reduced"], "ArgMin": ["reduced"], "Max": ["max"], "Reciprocal": ["Y"], "Shape": ["shape"],
    "ReduceSumSquare": ["reduced"], "Gemm": ["Y"], "Add": ["C"], "Abs": ["Y"],
}


def _scan_body(proto, dim_in, metric, p):
    """onnx_cdist's Scan body: carries the batch, emits one training row's distances to every batch row."""
    nodes = [
        helper.make_node("Identity", ["next_in"], ["next_out"], name="cdistd_Identity"),
        helper.make_node("Sub", ["next_in", "next"], ["diff"], name="cdistd_Sub"),
    ]
    inits = []
    if metric in ("euclidean", "sqeuclidean"):
        nodes.append(helper.make_node("ReduceSumSquare", ["diff"], ["norm"], name="cdistd_ReduceSumSquare", axes=[1],
                                      keepdims=0))
    else:
        nodes.append(helper.make_node("Abs", ["diff"], ["cdistd_Y0"], name="cdistd_Abs"))
        summed = "cdistd_Y0"
        if metric == "minkowski":
            inits.append(helper.make_tensor("cdistd_Powcst", proto, [1], [float(p)]))
            nodes.append(helper.make_node("Pow", ["cdistd_Y0", "cdistd_Powcst"], ["cdistd_Z0"], name="cdistd_Pow"))
            summed = "cdistd_Z0"
        inits.append(helper.make_tensor("cdistd_ReduceSumcst", TensorProto.INT64, [1], [1]))
        nodes.append(helper.make_node("ReduceSum", [summed, "cdistd_ReduceSumcst"], ["norm"], name="cdistd_ReduceSum",
                                      keepdims=0))
    nodes.append(helper.make_node("Identity", ["norm"], ["scan_out"], name="cdistd_Identity1"))
    return helper.make_graph(
        nodes, "OnnxIdentity",
        [helper.make_tensor_value_info("next_in", proto, [None, dim_in]), helper.make_tensor_value_info("next", proto, None)],
        [helper.make_tensor_value_info("next_out", proto, None), helper.make_tensor_value_info("scan_out", proto, None)],
        inits,
    )


def _cdist(alg, X, neighbours, metric, p, proto):
    """cdist(X, neighbours) [N, n_train] through Scan + Transpose (+ Sqrt / Pow)."""
    const = alg.const("Sc", "Scan", neighbours.astype(_np(proto)), proto)
    body = _scan_body(proto, neighbours.shape[1], metric, p)
    _, stacked = alg.node("Scan", [X, const], num_scan_inputs=1, body=body)
    dist = alg.node("Transpose", [stacked], perm=[1, 0])
    if metric == "euclidean":
        dist = alg.node("Sqrt", [dist])
    elif metric == "minkowski":
        dist = alg.node("Pow", [dist, alg.const("Po", "Pow", np.array([1.0 / p], dtype=_np(proto)), proto)])
    return dist


def _nearest(scope, operator, container):
    """The common part: top indices, distances, the neighbours' training labels [N, k], weights and their sum."""
    alg = _Algebra(scope, container)
    op = operator.raw_operator
    X = operator.inputs[0].full_name
    proto = _proto(operator.inputs[0])
    if isinstance(operator.inputs[0].type, Int64TensorType):
        X = alg.node("Cast", [X], to=proto)
    metric = getattr(op, "effective_metric_", op.metric)
    p = getattr(op, "p", 2)
    if metric == "minkowski":
        if p == 2:
            metric = "euclidean"
        elif p == 1:
            metric = "manhattan"
    if metric == "cityblock":
        metric = "manhattan"
    if metric not in ("euclidean", "sqeuclidean", "minkowski", "manhattan"):
        raise NotImplementedError("metric='{}' is not implemented.".format(metric))
    if callable(op.weights) or op.weights not in ("uniform", "distance"):
        raise RuntimeError("Unable to convert KNeighborsRegressor when weights is callable.")
    if op._y is not None and len(op._y.shape) > 1 and op._y.shape[1] > 1:
        raise NotImplementedError("multi-output nearest neighbours are not in the fixture shim")
    k = op.n_neighbors
    dist = _cdist(alg, X, op._fit_X, metric, p, proto)
    values, indices = alg.node("TopK", [dist, alg.const("To", "TopK", np.array([k], dtype=np.int64))], largest=0,
                               sorted=1)
    top_distances = None
    if op.weights == "distance":
        top_distances = alg.node("Mul", [values, alg.const("Mu", "Mul", np.array([-1], dtype=_np(proto)), proto)])
    labels = op._y.ravel()
    if labels.dtype == np.int32:
        labels = labels.astype(np.int64)
    flattened = alg.node("Flatten", [indices])
    extracted = alg.node("ArrayFeatureExtractor", [alg.const("Ar", "ArrayFeatureExtractor", labels), flattened],
                         domain="ai.onnx.ml")
    reshaped = alg.node("Reshape", [extracted, alg.const("knny", "Reshape", np.array([-1, k], dtype=np.int64))],
                        prefix="knny")
    wei = norm = None
    if top_distances is not None:
        modified = alg.node("Max", [top_distances, alg.const("Ma", "Max", np.array([1e-6], dtype=_np(proto)), proto)])
        wei = alg.node("Reciprocal", [modified], prefix="wei")
        norm = alg.node("ReduceSum", [wei, alg.const("norm", "ReduceSum", np.array([1], dtype=np.int64))],
                        prefix="norm", keepdims=0)
    return alg, proto, reshaped, wei, norm


def convert_knn_classifier(scope, operator, container):
    alg, proto, reshaped, wei, _ = _nearest(scope, operator, container)
    op = operator.raw_operator
    classes = op.classes_
    if isinstance(classes, list):
        raise NotImplementedError("multi-label KNeighborsClassifier is not in the fixture shim")
    counts = []
    for cl in range(len(classes)):
        eq = alg.node("Equal", [reshaped, alg.const("Eq", "Equal", np.array([cl], dtype=np.int64))])
        mat = alg.node("Cast", [eq], to=proto)
        if wei is not None:
            mat = alg.node("Mul", [mat, wei])
        counts.append(alg.node("ReduceSum", [mat, alg.const("Re", "ReduceSum", np.array([1], dtype=np.int64))]))
    together = alg.node("Concat", counts, axis=1)
    total = alg.node("ReduceSum", [together, alg.const("Re", "ReduceSum", np.array([1], dtype=np.int64))], keepdims=1)
    best = alg.node("ArgMax", [together], axis=1, keepdims=0)
    alg.node("Div", [together, total], operator.outputs[1].full_name, prefix="bprob")
    is_integer = np.issubdtype(classes.dtype, np.floating) or classes.dtype == np.bool_ or np.issubdtype(
        classes.dtype, np.integer)
    if np.issubdtype(classes.dtype, np.floating) or classes.dtype == np.bool_:
        classes = classes.astype(np.int32)
    if is_integer:
        label = alg.node("ArrayFeatureExtractor", [alg.const("Ar", "ArrayFeatureExtractor", classes), best],
                         domain="ai.onnx.ml")
        label = alg.node("Cast", [label], to=TensorProto.INT64)
    else:
        label = alg.node("ArrayFeatureExtractor", [
            alg.const("Ar", "ArrayFeatureExtractor", np.array([str(c) for c in classes]), TensorProto.STRING), best],
            domain="ai.onnx.ml")
    alg.node("Reshape", [label, alg.const("blab", "Reshape", np.array([-1], dtype=np.int64))],
             operator.outputs[0].full_name, prefix="blab")


def convert_knn_regressor(scope, operator, container):
    alg, proto, reshaped, wei, norm = _nearest(scope, operator, container)
    out = operator.outputs[0].full_name
    cast = alg.node("Cast", [reshaped], to=proto)
    if wei is None:
        # skl2onnx 1.16 keeps the axis for a single target: [N, 1]
        alg.node("ReduceMean", [cast], out, axes=[1], keepdims=1)
        return
    weighted = alg.node("Mul", [cast, wei])
    res = alg.node("ReduceSum", [weighted, alg.const("final", "ReduceSum", np.array([1], dtype=np.int64))],
                   prefix="final", keepdims=0)
    shape = alg.node("Shape", [res])
    norm = alg.node("Reshape", [norm, shape], prefix="normr")
    res = alg.node("Div", [res, norm])
    alg.node("Reshape", [res, alg.const("Re", "Reshape", np.array([-1, 1], dtype=np.int64))], out)


def convert_kmeans(scope, operator, container):
    alg = _Algebra(scope, container)
    op = operator.raw_operator
    X = operator.inputs[0].full_name
    proto = _proto(operator.inputs[0])
    dtype = _np(proto)
    if isinstance(operator.inputs[0].type, Int64TensorType):
        X = alg.node("Cast", [X], to=TensorProto.FLOAT)
    centers = op.cluster_centers_
    # sklearn.utils.extmath.row_norms(C, squared=True), computed in float64 then cast as skl2onnx does
    c2 = np.einsum("ij,ij->i", centers, centers).astype(dtype)
    rs = alg.node("ReduceSumSquare", [X], axes=[1], keepdims=1)
    zeros = alg.node("Mul", [rs, alg.const("Mu", "Mul", np.array([0], dtype=dtype), proto)])
    gemm = alg.node("Gemm", [X, alg.const("Ge", "Gemm", centers.astype(dtype), proto), zeros], alpha=-2.0, transB=1)
    z = alg.node("Add", [rs, gemm])
    y2 = alg.node("Add", [alg.const("Ad", "Add", c2, proto), z])
    alg.node("ArgMin", [y2], operator.outputs[0].full_name, axis=1, keepdims=0)
    alg.node("Sqrt", [y2], operator.outputs[1].full_name)
