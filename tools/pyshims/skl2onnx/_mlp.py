"""MLPClassifier / MLPRegressor as skl2onnx 1.16 writes them (operator_converters/multilayer_perceptron.py there):
Cast of the input, then per layer MatMul by coefs_[i] and Add of intercepts_[i] (shape [1, n]), the hidden
activation between layers and the output activation (Softmax, Sigmoid or Identity) last; a binary classifier's
probabilities are Concat(1 - p, p); the label is ArgMax of the probabilities through ArrayFeatureExtractor into the
classes (int32 classes reshaped and cast to int64, as skl2onnx does)."""
import numpy as np
from onnx import TensorProto

from ._topology import apply_add, apply_cast, apply_concat, apply_identity, apply_reshape, apply_sub
from .common.data_types import DoubleTensorType

_ACTIVATIONS = {"identity": "Identity", "tanh": "Tanh", "logistic": "Sigmoid", "relu": "Relu", "softmax": "Softmax"}


def _proto_dtype(operator):
    return TensorProto.DOUBLE if isinstance(operator.inputs[0].type, DoubleTensorType) else TensorProto.FLOAT


def _forward(scope, container, model, input_name, proto_dtype):
    last = scope.get_unique_variable_name("out_activations_result")
    current = input_name
    added = None
    for i in range(model.n_layers_ - 1):
        coef = scope.get_unique_variable_name("coefficient")
        bias = scope.get_unique_variable_name("intercepts")
        product = scope.get_unique_variable_name("mul_result")
        added = scope.get_unique_variable_name("add_result")
        container.add_initializer(coef, proto_dtype, model.coefs_[i].shape, model.coefs_[i].ravel())
        container.add_initializer(bias, proto_dtype, [1, len(model.intercepts_[i])], model.intercepts_[i])
        container.add_node("MatMul", [current, coef], product, name=scope.get_unique_operator_name("MatMul"))
        apply_add(scope, [product, bias], added, container)
        if i + 1 != model.n_layers_ - 1:
            hidden = scope.get_unique_variable_name("next_activations")
            op = _ACTIVATIONS[model.activation]
            container.add_node(op, added, hidden, name=scope.get_unique_operator_name(op))
            current = hidden
    # skl2onnx names the output layer's node after the hidden activation, whatever the output activation is
    container.add_node(_ACTIVATIONS[model.out_activation_], added, last,
                       name=scope.get_unique_operator_name(_ACTIVATIONS[model.activation]))
    return last


def _predict(scope, operator, container, model, proto_dtype):
    cast_input = scope.get_unique_variable_name("cast_input")
    apply_cast(scope, operator.inputs[0].full_name, cast_input, container, to=proto_dtype)
    return _forward(scope, container, model, cast_input, proto_dtype)


def convert_mlp_classifier(scope, operator, container):
    op = operator.raw_operator
    classes = op.classes_
    class_type = TensorProto.STRING
    argmax_output = scope.get_unique_variable_name("argmax_output")
    extracted = scope.get_unique_variable_name("array_feature_extractor_result")
    proto_dtype = _proto_dtype(operator)
    y_pred = _predict(scope, operator, container, op, proto_dtype)

    if np.issubdtype(classes.dtype, np.floating):
        class_type = TensorProto.INT32
        classes = classes.astype(np.int32)
    elif np.issubdtype(classes.dtype, np.signedinteger):
        class_type = TensorProto.INT32
    else:
        classes = np.array([s.encode("utf-8") for s in classes])

    if len(classes) == 2:
        unity = scope.get_unique_variable_name("unity")
        negative = scope.get_unique_variable_name("negative_class_proba")
        container.add_initializer(unity, proto_dtype, [], [1])
        apply_sub(scope, [unity, y_pred], negative, container)
        apply_concat(scope, [negative, y_pred], operator.outputs[1].full_name, container, axis=1)
    else:
        apply_identity(scope, y_pred, operator.outputs[1].full_name, container)

    if op._label_binarizer.y_type_ == "multilabel-indicator":
        raise NotImplementedError("multi-label MLPClassifier is not in the fixture shim")
    classes_name = scope.get_unique_variable_name("classes")
    container.add_initializer(classes_name, class_type, classes.shape, classes)
    container.add_node("ArgMax", operator.outputs[1].full_name, argmax_output, axis=1,
                       name=scope.get_unique_operator_name("ArgMax"))
    container.add_node("ArrayFeatureExtractor", [classes_name, argmax_output], extracted, op_domain="ai.onnx.ml",
                       name=scope.get_unique_operator_name("ArrayFeatureExtractor"))
    if class_type == TensorProto.INT32:
        reshaped = scope.get_unique_variable_name("reshaped_result")
        apply_reshape(scope, extracted, reshaped, container, desired_shape=(-1,))
        apply_cast(scope, reshaped, operator.outputs[0].full_name, container, to=TensorProto.INT64)
    else:
        apply_reshape(scope, extracted, operator.outputs[0].full_name, container, desired_shape=(-1,))


def convert_mlp_regressor(scope, operator, container):
    op = operator.raw_operator
    y_pred = _predict(scope, operator, container, op, _proto_dtype(operator))
    apply_reshape(scope, y_pred, operator.outputs[0].full_name, container, desired_shape=(-1, 1))
