"""skl2onnx.common.shape_calculator: the shape calculators `update_registered_converter` is given for models skl2onnx
does not know (the XGBoost tutorial registers XGBClassifier with calculate_linear_classifier_output_shapes)."""
import numbers

import numpy as np

from .data_types import BooleanTensorType, DoubleTensorType, FloatTensorType, Int64TensorType, StringTensorType


def _check(operator, inputs, outputs):
    if len(operator.inputs) != inputs:
        raise RuntimeError("For operator %s (type: %s), %s input(s) is(are) required but we got %s input(s) which are %s"
                           % (operator.onnx_name, operator.type, inputs, len(operator.inputs),
                              operator.input_full_names))
    if not outputs[0] <= len(operator.outputs) <= outputs[1]:
        raise RuntimeError("For operator %s (type: %s), %s output(s) is(are) produced but we got %s output(s) which "
                           "are %s" % (operator.onnx_name, operator.type, outputs, len(operator.outputs),
                                       operator.output_full_names))
    good = (BooleanTensorType, DoubleTensorType, FloatTensorType, Int64TensorType)
    for v in operator.inputs:
        if type(v.type) not in good:
            raise RuntimeError("Operator %s (type: %s) got an input %s with a wrong type %s. Only %s are allowed"
                               % (operator.onnx_name, operator.type, v.full_name, type(v.type), list(good)))


def calculate_linear_classifier_output_shapes(operator):
    """label [N] (int64, or string for string classes), probabilities [N, classes] of the probabilities' type."""
    _check(operator, 1, (2, 2))
    N = operator.inputs[0].type.shape[0] if operator.inputs[0].type.shape else None
    class_labels = operator.raw_operator.classes_
    if all(isinstance(i, str) for i in class_labels):
        operator.outputs[0].type = StringTensorType(shape=[N])
    elif all(isinstance(i, (numbers.Real, bool, np.bool_)) for i in class_labels):
        operator.outputs[0].type = Int64TensorType(shape=[N])
    else:
        raise ValueError("Label types must be all integers or all strings.")
    operator.outputs[1].type = operator.outputs[1].type.__class__([N, len(class_labels)])


def calculate_linear_regressor_output_shapes(operator):
    _check(operator, 1, (1, 1))
    inp = operator.inputs[0].type
    cls = inp.__class__ if isinstance(inp, (FloatTensorType, DoubleTensorType)) else FloatTensorType
    N = inp.shape[0] if inp.shape else None
    # xgboost's coef_ raises AttributeError for tree boosters: no coefficients, one target
    coef = getattr(operator.raw_operator, "coef_", None)
    operator.outputs[0].type = cls([N, coef.shape[0]] if coef is not None and len(coef.shape) > 1 else [N, 1])
