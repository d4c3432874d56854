"""Converters: one function per scikit-learn estimator, emitting the nodes skl2onnx 1.16's converter emits
(operator_converters/*.py there), with the same node names, attributes and intermediate names."""
import numbers

import numpy as np
from onnx import TensorProto

from ._topology import (
    apply_cast,
    apply_concat,
    apply_identity,
    apply_normalizer,
    apply_reshape,
    apply_slice,
)
from ._mlp import convert_mlp_classifier, convert_mlp_regressor
from ._naive_bayes import convert_naive_bayes
from ._neighbors import convert_kmeans, convert_knn_classifier, convert_knn_regressor
from ._sgd import convert_sgd_classifier
from ._text import convert_text_vectorizer, convert_tfidf_transformer, convert_tfidf_vectorizer
from .common.data_types import (
    BooleanTensorType,
    DoubleTensorType,
    FloatTensorType,
    Int32TensorType,
    Int64TensorType,
    StringTensorType,
)


def _dtype_of(var):
    return np.float64 if isinstance(var.type, DoubleTensorType) else np.float32


def _class_label_attrs(classes, int_key):
    if all(isinstance(i, (numbers.Real, bool, np.bool_)) for i in classes):
        return {int_key: [int(i) for i in classes]}
    if all(isinstance(i, str) for i in classes):
        return {"classlabels_strings": [str(i) for i in classes]}
    raise ValueError("Labels must be all integers or all strings.")


# ---- linear models ---------------------------------------------------------------------------------------------


def convert_linear_classifier(scope, operator, container):
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    op = operator.raw_operator
    if isinstance(operator.inputs[0].type, DoubleTensorType):
        raise NotImplementedError("the fixture shim converts classifiers on float inputs only")
    coefficients = op.coef_.flatten().astype(float).tolist()
    classes = op.classes_
    number_of_classes = len(classes)
    options = scope.get_options(op, dict(raw_scores=False))
    use_raw_scores = options["raw_scores"]

    if isinstance(op.intercept_, (float, np.float32)) and op.intercept_ == 0:
        intercepts = [0.0] * number_of_classes if number_of_classes != 2 else [0.0]
    else:
        intercepts = op.intercept_.tolist()
    if number_of_classes == 2:
        coefficients = [-x for x in coefficients] + coefficients
        intercepts = [-x for x in intercepts] + intercepts

    multi_class = 0
    if hasattr(op, "multi_class"):
        multi_class = 1 if op.multi_class == "ovr" else 2

    attrs = {"name": scope.get_unique_operator_name("LinearClassifier")}
    attrs["coefficients"] = coefficients
    attrs["intercepts"] = intercepts
    attrs["multi_class"] = 1 if multi_class == 2 else 0
    if use_raw_scores or isinstance(op, LinearSVC):
        attrs["post_transform"] = "NONE"
    elif isinstance(op, LogisticRegression):
        ovr = op.multi_class in ("ovr", "warn") or (
            op.multi_class == "auto" and (op.classes_.size <= 2 or op.solver == "liblinear")
        )
        attrs["post_transform"] = "LOGISTIC" if ovr else "SOFTMAX"
    else:
        attrs["post_transform"] = "LOGISTIC" if multi_class == 1 else "SOFTMAX"
    attrs.update(_class_label_attrs(classes, "classlabels_ints"))

    label_name = operator.outputs[0].full_name
    input_name = operator.inputs[0].full_name
    if isinstance(operator.inputs[0].type, BooleanTensorType):
        cast_input_name = scope.get_unique_variable_name("cast_input")
        apply_cast(scope, input_name, cast_input_name, container, to=TensorProto.FLOAT)
        input_name = cast_input_name

    if use_raw_scores:
        container.add_node(
            "LinearClassifier", input_name, [label_name, operator.outputs[1].full_name], op_domain="ai.onnx.ml", **attrs
        )
    elif isinstance(op, LinearSVC) and len(classes) <= 2:
        # a binary LinearSVC answers the positive class's score, column 1 of LinearClassifier's two
        raw_scores_tensor_name = scope.get_unique_variable_name("raw_scores_tensor")
        positive_class_index_name = scope.get_unique_variable_name("positive_class_index")
        container.add_initializer(positive_class_index_name, TensorProto.INT64, [], [1])
        container.add_node(
            "LinearClassifier", input_name, [label_name, raw_scores_tensor_name], op_domain="ai.onnx.ml", **attrs
        )
        container.add_node(
            "ArrayFeatureExtractor", [raw_scores_tensor_name, positive_class_index_name],
            operator.outputs[1].full_name, op_domain="ai.onnx.ml",
            name=scope.get_unique_operator_name("ArrayFeatureExtractor"),
        )
    elif multi_class > 0 and not isinstance(op, LinearSVC):
        # the probabilities are made to sum to 1 over the classes
        probability_tensor_name = scope.get_unique_variable_name("probability_tensor")
        container.add_node(
            "LinearClassifier", input_name, [label_name, probability_tensor_name], op_domain="ai.onnx.ml", **attrs
        )
        apply_normalizer(scope, probability_tensor_name, operator.outputs[1].full_name, container, norm="L1")
    else:
        container.add_node(
            "LinearClassifier", input_name, [label_name, operator.outputs[1].full_name], op_domain="ai.onnx.ml", **attrs
        )


def convert_linear_regressor(scope, operator, container):
    op = operator.raw_operator
    if isinstance(operator.inputs[0].type, DoubleTensorType):
        # LinearRegressor computes in float: skl2onnx keeps doubles with MatMul + Add + Reshape
        coef = scope.get_unique_variable_name("coef")
        model_coef = op.coef_.reshape((-1, 1)) if len(op.coef_.shape) == 1 else op.coef_.T
        container.add_initializer(coef, TensorProto.DOUBLE, model_coef.shape, model_coef.ravel().tolist())
        intercept = scope.get_unique_variable_name("intercept")
        value_intercept = np.asarray(op.intercept_).reshape((-1,))
        container.add_initializer(intercept, TensorProto.DOUBLE, value_intercept.shape, value_intercept.ravel().tolist())
        multiplied = scope.get_unique_variable_name("multiplied")
        container.add_node("MatMul", [operator.inputs[0].full_name, coef], multiplied,
                           name=scope.get_unique_operator_name("MatMul"))
        resh = scope.get_unique_variable_name("resh")
        container.add_node("Add", [multiplied, intercept], resh, name=scope.get_unique_operator_name("Add"))
        last_dim = 1 if len(model_coef.shape) == 1 else model_coef.shape[-1]
        apply_reshape(scope, resh, operator.outputs[0].full_name, container, desired_shape=(-1, last_dim))
        return
    dtype = np.float32
    attrs = {"name": scope.get_unique_operator_name("LinearRegressor")}
    attrs["coefficients"] = op.coef_.astype(dtype).ravel()
    attrs["intercepts"] = np.array([op.intercept_], dtype=dtype).ravel()
    if len(op.coef_.shape) == 2:
        attrs["targets"] = op.coef_.shape[0]
    input_name = operator.input_full_names
    if type(operator.inputs[0].type) in (BooleanTensorType, Int64TensorType):
        cast_input_name = scope.get_unique_variable_name("cast_input")
        apply_cast(scope, operator.input_full_names, cast_input_name, container, to=TensorProto.FLOAT)
        input_name = cast_input_name
    container.add_node("LinearRegressor", input_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml", **attrs)


# ---- trees -----------------------------------------------------------------------------------------------------


def _tree_classifier_attrs():
    return {
        "post_transform": "NONE",
        "nodes_treeids": [],
        "nodes_nodeids": [],
        "nodes_featureids": [],
        "nodes_modes": [],
        "nodes_values": [],
        "nodes_truenodeids": [],
        "nodes_falsenodeids": [],
        "nodes_missing_value_tracks_true": [],
        "nodes_hitrates": [],
        "class_treeids": [],
        "class_nodeids": [],
        "class_ids": [],
        "class_weights": [],
    }


def _tree_regressor_attrs():
    return {
        "post_transform": "NONE",
        "n_targets": 0,
        "nodes_treeids": [],
        "nodes_nodeids": [],
        "nodes_featureids": [],
        "nodes_modes": [],
        "nodes_values": [],
        "nodes_truenodeids": [],
        "nodes_falsenodeids": [],
        "nodes_missing_value_tracks_true": [],
        "nodes_hitrates": [],
        "target_treeids": [],
        "target_nodeids": [],
        "target_ids": [],
        "target_weights": [],
    }


def sklearn_threshold(dy, dtype, mode):
    """scikit-learn compares (float)x with a double threshold: the float threshold that gives the same answers
    (skl2onnx.common.tree_ensemble.sklearn_threshold, float32 inputs)."""
    if mode != "BRANCH_LEQ":
        raise RuntimeError("Threshold is only changed for mode 'BRANCH_LEQ'.")
    if dtype != np.float32:
        raise TypeError("the fixture shim converts trees on float inputs only")
    fy = np.float32(dy)
    if fy == dy:
        return np.float64(fy)
    if fy < dy:
        return np.float64(fy)
    eps = max(abs(fy), np.finfo(np.float32).eps) * 10
    nfy = np.nextafter([fy], [fy - eps], dtype=np.float32)[0]
    return np.float64(nfy)


def _add_node(attrs, is_classifier, tree_id, tree_weight, node_id, feature_id, mode, value, true_id, false_id,
              weights, weight_id_bias, leaf_weights_are_counts, adjust_threshold, dtype):
    attrs["nodes_treeids"].append(tree_id)
    attrs["nodes_nodeids"].append(node_id)
    attrs["nodes_featureids"].append(feature_id)
    attrs["nodes_modes"].append(mode)
    if adjust_threshold and mode != "LEAF":
        attrs["nodes_values"].append(sklearn_threshold(value, dtype, mode))
    else:
        attrs["nodes_values"].append(value)
    attrs["nodes_truenodeids"].append(true_id)
    attrs["nodes_falsenodeids"].append(false_id)
    attrs["nodes_missing_value_tracks_true"].append(False)
    attrs["nodes_hitrates"].append(1.0)
    if mode == "LEAF":
        flat = weights.flatten()
        factor = tree_weight
        if leaf_weights_are_counts:
            s = sum(flat)
            factor /= float(s) if s != 0.0 else 1.0
        flat = [w * factor for w in flat]
        if len(flat) == 2 and is_classifier:
            flat = [flat[1]]
        prefix = "class" if is_classifier else "target"
        for i, w in enumerate(flat):
            attrs[prefix + "_treeids"].append(tree_id)
            attrs[prefix + "_nodeids"].append(node_id)
            attrs[prefix + "_ids"].append(i + weight_id_bias)
            attrs[prefix + "_weights"].append(w)


def add_tree_to_attribute_pairs(attrs, is_classifier, tree, tree_id, tree_weight, weight_id_bias,
                                leaf_weights_are_counts, adjust_threshold=False, dtype=None):
    for i in range(tree.node_count):
        weight = tree.value[i]
        if tree.children_left[i] > i or tree.children_right[i] > i:
            mode = "BRANCH_LEQ"
            feat_id = int(tree.feature[i])
            threshold = tree.threshold[i]
            left, right = int(tree.children_left[i]), int(tree.children_right[i])
        else:
            mode, feat_id, threshold, left, right = "LEAF", 0, 0.0, 0, 0
        _add_node(attrs, is_classifier, tree_id, tree_weight, i, feat_id, mode, threshold, left, right, weight,
                  weight_id_bias, leaf_weights_are_counts, adjust_threshold, dtype)


def _float_tree_attrs(attrs, dtype):
    for k in attrs:
        if k in ("nodes_values", "class_weights", "target_weights", "nodes_hitrates", "base_values"):
            attrs[k] = np.array(attrs[k], dtype=dtype).ravel()


def _tree_input(scope, operator, container, cast_types):
    input_name = operator.input_full_names
    if type(operator.inputs[0].type) in cast_types:
        cast_input_name = scope.get_unique_variable_name("cast_input")
        apply_cast(scope, input_name, cast_input_name, container, to=TensorProto.FLOAT)
        input_name = cast_input_name
    return input_name


def convert_decision_tree_classifier(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    if op.n_outputs_ != 1:
        raise NotImplementedError("multi-output trees are not in the fixture shim")
    attrs = _tree_classifier_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleClassifier")
    attrs.update(_class_label_attrs(op.classes_, "classlabels_int64s"))
    add_tree_to_attribute_pairs(attrs, True, op.tree_, 0, 1.0, 0, True, True, dtype=dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType,))
    _float_tree_attrs(attrs, dtype)
    container.add_node(
        "TreeEnsembleClassifier", input_name, [operator.outputs[0].full_name, operator.outputs[1].full_name],
        op_domain="ai.onnx.ml", op_version=1, **attrs,
    )


def convert_random_forest_classifier(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    if op.n_outputs_ != 1:
        raise NotImplementedError("multi-output forests are not in the fixture shim")
    attrs = _tree_classifier_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleClassifier")
    attrs.update(_class_label_attrs(op.classes_, "classlabels_int64s"))
    tree_weight = 1.0 / len(op.estimators_)
    for tree_id, est in enumerate(op.estimators_):
        add_tree_to_attribute_pairs(attrs, True, est.tree_, tree_id, tree_weight, 0, True, True, dtype=dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType,))
    _float_tree_attrs(attrs, np.float32)
    container.add_node(
        "TreeEnsembleClassifier", input_name, [operator.outputs[0].full_name, operator.outputs[1].full_name],
        op_domain="ai.onnx.ml", op_version=1, **attrs,
    )


def convert_decision_tree_regressor(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    attrs = _tree_regressor_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleRegressor")
    attrs["n_targets"] = int(op.n_outputs_)
    add_tree_to_attribute_pairs(attrs, False, op.tree_, 0, 1.0, 0, False, True, dtype=dtype)
    _float_tree_attrs(attrs, dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType, Int64TensorType))
    container.add_node("TreeEnsembleRegressor", input_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml",
                       op_version=1, **attrs)


def convert_random_forest_regressor(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    attrs = _tree_regressor_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleRegressor")
    attrs["n_targets"] = int(op.n_outputs_)
    tree_weight = 1.0 / len(op.estimators_)
    for tree_id, est in enumerate(op.estimators_):
        add_tree_to_attribute_pairs(attrs, False, est.tree_, tree_id, tree_weight, 0, False, True, dtype=dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType, Int64TensorType))
    _float_tree_attrs(attrs, np.float32)
    container.add_node("TreeEnsembleRegressor", input_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml",
                       op_version=1, **attrs)


def convert_gradient_boosting_classifier(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    if op.loss not in ("deviance", "log_loss"):
        raise NotImplementedError("Loss '{0}' is not supported yet.".format(op.loss))
    attrs = _tree_classifier_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleClassifier")
    transform = "LOGISTIC" if op.n_classes_ == 2 else "SOFTMAX"
    if op.init == "zero":
        base_values = np.zeros(op.n_classes_ if op.n_classes_ > 2 else 1)
    elif op.init is None:
        x0 = np.zeros((1, op.estimators_[0, 0].n_features_in_))
        base_values = op._raw_predict_init(x0).ravel()
    else:
        raise NotImplementedError("Setting init to an estimator is not supported.")
    attrs["base_values"] = [float(v) for v in base_values]
    options = scope.get_options(op, dict(raw_scores=False))
    if not options["raw_scores"]:
        attrs["post_transform"] = transform
    attrs.update(_class_label_attrs(op.classes_, "classlabels_int64s"))
    tree_weight = op.learning_rate
    n_est = op.n_estimators_
    if op.n_classes_ == 2:
        for tree_id in range(n_est):
            add_tree_to_attribute_pairs(attrs, True, op.estimators_[tree_id][0].tree_, tree_id, tree_weight, 0,
                                        False, True, dtype=dtype)
    else:
        for i in range(n_est):
            for c in range(op.n_classes_):
                add_tree_to_attribute_pairs(attrs, True, op.estimators_[i][c].tree_, i * op.n_classes_ + c,
                                            tree_weight, c, False, True, dtype=dtype)
    _float_tree_attrs(attrs, dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType,))
    container.add_node(
        "TreeEnsembleClassifier", input_name, [operator.outputs[0].full_name, operator.outputs[1].full_name],
        op_domain="ai.onnx.ml", op_version=1, **attrs,
    )


def convert_gradient_boosting_regressor(scope, operator, container):
    op = operator.raw_operator
    dtype = _dtype_of(operator.inputs[0])
    attrs = _tree_regressor_attrs()
    attrs["name"] = scope.get_unique_operator_name("TreeEnsembleRegressor")
    attrs["n_targets"] = 1
    if op.init == "zero":
        cst = np.zeros(op._loss.K if hasattr(op, "_loss") else 1)
    elif op.init is None:
        # scikit-learn >= 0.21 keeps the initial prediction in a DummyRegressor (mean, median or quantile)
        if hasattr(op.init_, "constant_"):
            cst = [float(x) for x in np.asarray(op.init_.constant_).ravel()]
        elif op.loss in ("ls", "squared_error"):
            cst = [op.init_.mean]
        else:
            cst = [op.init_.quantile]
    else:
        raise NotImplementedError("Setting init to an estimator is not supported, you may raise an issue for it.")
    attrs["base_values"] = [float(x) for x in cst]
    tree_weight = op.learning_rate
    n_est = op.n_estimators_ if hasattr(op, "n_estimators_") else op.n_estimators
    for i in range(n_est):
        add_tree_to_attribute_pairs(attrs, False, op.estimators_[i][0].tree_, i, tree_weight, 0, False, True,
                                    dtype=dtype)
    _float_tree_attrs(attrs, dtype)
    input_name = _tree_input(scope, operator, container, (BooleanTensorType, Int64TensorType))
    container.add_node("TreeEnsembleRegressor", input_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml",
                       op_version=1, **attrs)


# ---- support vector machines -----------------------------------------------------------------------------------


def _svm_attrs(scope, op, op_type):
    attrs = {"name": scope.get_unique_operator_name(op_type)}
    params = op.get_params()
    attrs["kernel_type"] = params["kernel"].upper()
    gamma = getattr(op, "_gamma", None)
    if gamma is None:
        gamma = params["gamma"]
    attrs["kernel_params"] = np.array([float(gamma), float(params["coef0"]), float(params["degree"])], dtype=np.float32)
    return attrs


def convert_svc(scope, operator, container):
    op = operator.raw_operator
    if op.kernel == "precomputed":
        raise NotImplementedError("a precomputed kernel is not supported")
    attrs = _svm_attrs(scope, op, "SVMClassifier")
    attrs["support_vectors"] = op.support_vectors_.ravel().astype(np.float32)
    attrs["vectors_per_class"] = op.n_support_.tolist()
    attrs["coefficients"] = op.dual_coef_.ravel().astype(np.float32)
    attrs["rho"] = op.intercept_.astype(np.float32)
    if op.probability:
        if len(op.probA_) > 0:
            attrs["prob_a"] = op.probA_.astype(np.float32)
        if len(op.probB_) > 0:
            attrs["prob_b"] = op.probB_.astype(np.float32)
    attrs.update(_class_label_attrs(op.classes_, "classlabels_ints"))
    if op.break_ties or op.decision_function_shape != "ovr":
        raise NotImplementedError("the fixture shim converts SVC(decision_function_shape='ovr') only")
    if not op.probability:
        raise NotImplementedError("the fixture shim converts SVC(probability=True) only")
    container.add_node(
        "SVMClassifier", operator.inputs[0].full_name,
        [operator.outputs[0].full_name, operator.outputs[1].full_name], op_domain="ai.onnx.ml", **attrs,
    )


def convert_svr(scope, operator, container):
    op = operator.raw_operator
    attrs = _svm_attrs(scope, op, "SVMRegressor")
    attrs["support_vectors"] = op.support_vectors_.ravel().astype(np.float32)
    attrs["coefficients"] = op.dual_coef_.ravel().astype(np.float32)
    attrs["rho"] = op.intercept_.astype(np.float32)
    attrs["n_supports"] = len(op.support_)
    attrs["post_transform"] = "NONE"
    container.add_node("SVMRegressor", operator.inputs[0].full_name, operator.outputs[0].full_name,
                       op_domain="ai.onnx.ml", **attrs)


# ---- transformers ----------------------------------------------------------------------------------------------


def convert_integer_to_float(scope, variable, container):
    scaled_name = scope.get_unique_variable_name(variable.full_name + "_scaled")
    container.add_node("Scaler", variable.full_name, scaled_name, op_domain="ai.onnx.ml",
                       name=scope.get_unique_operator_name("Scaler"), scale=[1.0], offset=[0.0])
    return scaled_name


def concatenate_variables(scope, variables, container):
    """Several inputs to one float tensor: int64 columns through a unit Scaler, then a FeatureVectorizer."""
    input_names, input_dims = [], []
    for variable in variables:
        if isinstance(variable.type, Int64TensorType):
            input_names.append(convert_integer_to_float(scope, variable, container))
        else:
            input_names.append(variable.full_name)
        input_dims.append(variable.type.shape[1])
    if len(input_names) == 1:
        return input_names[0]
    concatenated_name = scope.get_unique_variable_name("concatenated")
    container.add_node("FeatureVectorizer", input_names, concatenated_name, op_domain="ai.onnx.ml",
                       name=scope.get_unique_operator_name("FeatureVectorizer"), inputdimensions=input_dims)
    return concatenated_name


def convert_scaler(scope, operator, container):
    from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler

    if any(isinstance(v.type, DoubleTensorType) for v in operator.inputs):
        # ai.onnx.ml's Scaler answers float whatever it is given: a double pipeline would not type-check
        raise NotImplementedError("the fixture shim converts scalers on float inputs only")
    if len(operator.inputs) > 1:
        feature_name = concatenate_variables(scope, operator.inputs, container)
    else:
        feature_name = operator.inputs[0].full_name
    op = operator.raw_operator
    attrs = {"name": scope.get_unique_operator_name("Scaler")}
    C = operator.inputs[0].type.shape[1]
    if isinstance(op, StandardScaler):
        attrs["offset"] = op.mean_ if op.with_mean else [0.0] * C
        attrs["scale"] = 1.0 / op.scale_ if op.with_std else [1.0] * C
    elif isinstance(op, RobustScaler):
        attrs["offset"] = op.center_ if op.with_centering else [0.0] * C
        attrs["scale"] = 1.0 / op.scale_ if op.with_scaling else [1.0] * C
    elif isinstance(op, MinMaxScaler):
        attrs["scale"] = op.scale_
        # skl2onnx adds 1e-8 so that a constant column does not divide by 0
        attrs["offset"] = -op.min_ / (op.scale_ + 1e-8)
    elif isinstance(op, MaxAbsScaler):
        attrs["scale"] = 1.0 / op.scale_
        attrs["offset"] = [0.0] * C
    else:
        raise ValueError("Only scikit-learn StandardScaler and RobustScaler are supported but got %s." % type(op))
    for k, v in list(attrs.items()):
        if isinstance(v, np.ndarray) and v.dtype == np.float32:
            attrs[k] = v.astype(np.float64)
    options = scope.get_options(op, dict(div="std"))
    if options["div"] != "std":
        raise NotImplementedError("the fixture shim has no option div=%r" % options["div"])
    container.add_node("Scaler", feature_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml", **attrs)


def convert_normalizer(scope, operator, container):
    if len(operator.inputs) > 1:
        feature_name = concatenate_variables(scope, operator.inputs, container)
    else:
        feature_name = operator.inputs[0].full_name
    op = operator.raw_operator
    norm_map = {"max": "MAX", "l1": "L1", "l2": "L2"}
    attrs = {"name": scope.get_unique_operator_name("Normalizer")}
    if op.norm not in norm_map:
        raise RuntimeError("Invalid norm: %s" % op.norm)
    attrs["norm"] = norm_map[op.norm]
    container.add_node("Normalizer", feature_name, operator.outputs[0].full_name, op_domain="ai.onnx.ml", **attrs)


def convert_binarizer(scope, operator, container):
    op = operator.raw_operator
    container.add_node("Binarizer", operator.inputs[0].full_name, operator.outputs[0].full_name,
                       op_domain="ai.onnx.ml", name=scope.get_unique_operator_name("Binarizer"),
                       threshold=float(op.threshold))


def convert_imputer(scope, operator, container):
    op = operator.raw_operator
    attrs = {"name": scope.get_unique_operator_name("Imputer")}
    if hasattr(op, "fill_value") and isinstance(op.fill_value, str) and op.fill_value.lower() != "nan":
        # skl2onnx checks this before the string branch, so string columns cannot be imputed with a constant string
        raise RuntimeError("Imputer cannot fill missing values with a string '%s'." % op.fill_value)
    if isinstance(operator.inputs[0].type, StringTensorType):
        zero = scope.get_unique_variable_name("zero")
        container.add_initializer(zero, TensorProto.INT64, [1], [0])
        concatenated_feature = concatenate_variables(scope, operator.inputs, container)
        names = []
        for i in range(op.statistics_.size):
            fill_value = scope.get_unique_variable_name("fillvalue")
            if op.fill_value is None:
                raise ValueError("fill_value is not specified in the model %r." % op)
            container.add_node("LabelEncoder", [zero], [fill_value], keys_int64s=[0],
                               values_strings=[op.statistics_[i]], default_string=op.fill_value,
                               op_domain="ai.onnx.ml", op_version=2)
            init = scope.get_unique_variable_name("i%d" % i)
            container.add_initializer(init, TensorProto.INT64, [1], [i])
            name = scope.get_unique_variable_name("impi%d" % i)
            container.add_node("ArrayFeatureExtractor", [concatenated_feature, init], [name], op_domain="ai.onnx.ml")
            cond = scope.get_unique_variable_name("impc%d" % i)
            container.add_node("LabelEncoder", [name], [cond], keys_strings=[str(op.missing_values)],
                               values_int64s=[1], default_int64=0, op_domain="ai.onnx.ml", op_version=2)
            condb = scope.get_unique_variable_name("impc%d" % i)
            container.add_node("Cast", [cond], [condb], to=TensorProto.BOOL)
            repli = scope.get_unique_variable_name("nomiss%d" % i)
            container.add_node("Where", [condb, fill_value, name], [repli])
            names.append(repli)
        apply_concat(scope, names, operator.outputs[0].full_name, container, axis=1)
        return
    if isinstance(operator.inputs[0].type, Int64TensorType):
        attrs["imputed_value_int64s"] = op.statistics_.astype(np.int64)
        use_int = True
        if np.max(np.abs(attrs["imputed_value_int64s"] - op.statistics_)) != 0:
            raise RuntimeError("SimpleImputer takes integer as input but nan values are replaced by float.")
    else:
        attrs["imputed_value_floats"] = op.statistics_.astype(np.float32)
        use_int = False
    if isinstance(op.missing_values, str) and op.missing_values == "NaN":
        attrs["replaced_value_float"] = np.nan
    elif isinstance(op.missing_values, float):
        if use_int:
            attrs["replaced_value_int64"] = int(np.array([op.missing_values]).astype(np.int64)[0])
        else:
            attrs["replaced_value_float"] = float(op.missing_values)
    else:
        raise RuntimeError("Unsupported proposed value '{0}'.".format(op.missing_values))
    concatenated_feature = concatenate_variables(scope, operator.inputs, container)
    container.add_node("Imputer", concatenated_feature, operator.outputs[0].full_name, op_domain="ai.onnx.ml",
                       **attrs)


def convert_one_hot_encoder(scope, operator, container):
    ohe_op = operator.raw_operator
    if len(operator.inputs) > 1:
        all_shapes = [inp.type.shape[1] for inp in operator.inputs]
        if any(not isinstance(x, int) or x < 1 for x in all_shapes):
            raise RuntimeError("Shapes must be known when OneHotEncoder is converted.")
        if sum(all_shapes) != len(ohe_op.categories_):
            raise RuntimeError("Mismatch between the number of sets of categories and the input columns.")
        enum_cats = []
        index_inputs = 0
        for index, cats in enumerate(ohe_op.categories_):
            while sum(all_shapes[: index_inputs + 1]) <= index:
                index_inputs += 1
            index_in_input = index - sum(all_shapes[:index_inputs])
            inp = operator.inputs[index_inputs]
            afeat = all_shapes[index_inputs] != 1
            enum_cats.append((afeat, index_in_input, inp.full_name, cats, inp.type))
    else:
        inp = operator.inputs[0]
        enum_cats = [(True, i, inp.full_name, cats, inp.type) for i, cats in enumerate(ohe_op.categories_)]

    result, categories_len = [], 0
    for index, (afeat, index_in, name, categories, inp_type) in enumerate(enum_cats):
        if len(categories) == 0:
            continue
        if afeat:
            index_name = scope.get_unique_variable_name(name + str(index_in))
            container.add_initializer(index_name, TensorProto.INT64, [1], [index_in])
            out_name = scope.get_unique_variable_name(name + str(index_in))
            container.add_node("Gather", [name, index_name], out_name, axis=1,
                               name=scope.get_unique_operator_name("Gather"))
            name = out_name
        attrs = {"name": scope.get_unique_operator_name("OneHotEncoder")}
        attrs["zeros"] = 1 if ohe_op.handle_unknown == "ignore" else 0
        if isinstance(inp_type, (Int64TensorType, Int32TensorType)):
            attrs["cats_int64s"] = categories.astype(np.int64)
        elif isinstance(inp_type, StringTensorType):
            attrs["cats_strings"] = [str(s).encode("utf-8") for s in categories]
        elif isinstance(inp_type, (FloatTensorType, DoubleTensorType)):
            for c in categories:
                if int(c) != c:
                    raise RuntimeError("Category %r is not an int64." % (c,))
            attrs["cats_int64s"] = categories.astype(np.int64)
        else:
            raise RuntimeError("Input type {} is not supported for OneHotEncoder.".format(inp_type))
        ohe_output = scope.get_unique_variable_name(name + "out")
        if "cats_int64s" in attrs:
            cast_feature = scope.get_unique_variable_name(name + "cast")
            apply_cast(scope, name, cast_feature, container, to=TensorProto.INT64)
            name = cast_feature
        container.add_node("OneHotEncoder", name, ohe_output, op_domain="ai.onnx.ml", **attrs)
        if getattr(ohe_op, "drop_idx_", None) is not None and ohe_op.drop_idx_[index] is not None:
            extracted_outputs_name = scope.get_unique_variable_name("extracted_outputs")
            indices_to_keep_name = scope.get_unique_variable_name("indices_to_keep")
            indices_to_keep = np.delete(np.arange(len(categories)), ohe_op.drop_idx_[index])
            container.add_initializer(indices_to_keep_name, TensorProto.INT64, indices_to_keep.shape, indices_to_keep)
            container.add_node("Gather", [ohe_output, indices_to_keep_name], extracted_outputs_name, axis=-1,
                               name=scope.get_unique_operator_name("Gather"))
            ohe_output, categories = extracted_outputs_name, indices_to_keep
        result.append(ohe_output)
        categories_len += len(categories)

    concat_result_name = scope.get_unique_variable_name("concat_result")
    apply_concat(scope, result, concat_result_name, container, axis=-1)
    reshape_input = concat_result_name
    if np.issubdtype(ohe_op.dtype, np.signedinteger):
        reshape_input = scope.get_unique_variable_name("cast")
        apply_cast(scope, concat_result_name, reshape_input, container, to=TensorProto.INT64)
    apply_reshape(scope, reshape_input, operator.outputs[0].full_name, container, desired_shape=(-1, categories_len))


def convert_array_feature_extractor(scope, operator, container):
    column_indices_name = scope.get_unique_variable_name("column_indices")
    for ind in operator.column_indices:
        if not isinstance(ind, (int, np.integer)):
            raise RuntimeError("Column {0} cannot be fetched. Only integer indices are supported.".format(ind))
    container.add_initializer(column_indices_name, TensorProto.INT64, [len(operator.column_indices)],
                              [int(i) for i in operator.column_indices])
    container.add_node("ArrayFeatureExtractor", [operator.inputs[0].full_name, column_indices_name],
                       operator.outputs[0].full_name, name=scope.get_unique_operator_name("ArrayFeatureExtractor"),
                       op_domain="ai.onnx.ml")


def convert_concat(scope, operator, container):
    # skl2onnx compares each input's type with the output *variable*, which never matches: every input is cast
    exptype = operator.outputs[0]
    new_inputs = []
    for inp in operator.inputs:
        name = scope.get_unique_variable_name("{}_cast".format(inp.full_name))
        et = exptype.type.to_onnx_type().tensor_type.elem_type
        apply_cast(scope, inp.full_name, name, container, to=et)
        new_inputs.append(name)
    apply_concat(scope, new_inputs, operator.outputs[0].full_name, container, axis=1)


def convert_zipmap(scope, operator, container):
    attrs = {"name": scope.get_unique_operator_name("ZipMap")}
    if hasattr(operator, "classlabels_int64s"):
        attrs["classlabels_int64s"] = operator.classlabels_int64s
        apply_cast(scope, operator.inputs[0].full_name, operator.outputs[0].full_name, container, to=TensorProto.INT64)
    else:
        attrs["classlabels_strings"] = operator.classlabels_strings
        apply_identity(scope, operator.inputs[0].full_name, operator.outputs[0].full_name, container)
    container.add_node("ZipMap", operator.inputs[1].full_name, operator.outputs[1].full_name, op_domain="ai.onnx.ml",
                       **attrs)


def convert_zipmap_columns(scope, operator, container):
    if hasattr(operator, "classlabels_int64s"):
        apply_cast(scope, operator.inputs[0].full_name, operator.outputs[0].full_name, container, to=TensorProto.INT64)
    else:
        apply_identity(scope, operator.inputs[0].full_name, operator.outputs[0].full_name, container)
    probs = operator.inputs[1].full_name
    for i in range(1, len(operator.outputs)):
        out = operator.outputs[i].full_name
        flat = scope.get_unique_variable_name(out)
        apply_slice(scope, probs, flat, container, starts=[i - 1], ends=[i], axes=[1],
                    operator_name=scope.get_unique_operator_name("Slice"))
        apply_reshape(scope, flat, out, container, desired_shape=(-1,),
                      operator_name=scope.get_unique_operator_name("reshape"))


CONVERTERS = {
    "SklearnLinearClassifier": convert_linear_classifier,
    "SklearnLinearSVC": convert_linear_classifier,
    "SklearnCountVectorizer": convert_text_vectorizer,
    "SklearnTfidfVectorizer": convert_tfidf_vectorizer,
    "SklearnTfidfTransformer": convert_tfidf_transformer,
    "SklearnMultinomialNB": convert_naive_bayes,
    "SklearnComplementNB": convert_naive_bayes,
    "SklearnBernoulliNB": convert_naive_bayes,
    "SklearnSGDClassifier": convert_sgd_classifier,
    "SklearnLinearRegressor": convert_linear_regressor,
    "SklearnDecisionTreeClassifier": convert_decision_tree_classifier,
    "SklearnDecisionTreeRegressor": convert_decision_tree_regressor,
    "SklearnRandomForestClassifier": convert_random_forest_classifier,
    "SklearnRandomForestRegressor": convert_random_forest_regressor,
    "SklearnGradientBoostingClassifier": convert_gradient_boosting_classifier,
    "SklearnGradientBoostingRegressor": convert_gradient_boosting_regressor,
    "SklearnMLPClassifier": convert_mlp_classifier,
    "SklearnMLPRegressor": convert_mlp_regressor,
    "SklearnKNeighborsClassifier": convert_knn_classifier,
    "SklearnKNeighborsRegressor": convert_knn_regressor,
    "SklearnKMeans": convert_kmeans,
    "SklearnMiniBatchKMeans": convert_kmeans,
    "SklearnSVC": convert_svc,
    "SklearnSVR": convert_svr,
    "SklearnScaler": convert_scaler,
    "SklearnMinMaxScaler": convert_scaler,
    "SklearnMaxAbsScaler": convert_scaler,
    "SklearnRobustScaler": convert_scaler,
    "SklearnNormalizer": convert_normalizer,
    "SklearnBinarizer": convert_binarizer,
    "SklearnSimpleImputer": convert_imputer,
    "SklearnOneHotEncoder": convert_one_hot_encoder,
    "SklearnArrayFeatureExtractor": convert_array_feature_extractor,
    "SklearnConcat": convert_concat,
    "SklearnZipMap": convert_zipmap,
    "SklearnZipMapColumns": convert_zipmap_columns,
}
