"""MultinomialNB, ComplementNB and BernoulliNB as skl2onnx 1.16 converts them (operator_converters/naive_bayes.py):
the joint log likelihood with MatMul/Add, ArgMax into the class labels, and probabilities as
exp(jll - logsumexp(jll))."""
import numpy as np
from onnx import TensorProto

from ._topology import apply_add, apply_cast, apply_exp, apply_log, apply_reshape, apply_sub
from .common.data_types import BooleanTensorType, DoubleTensorType, Int64TensorType


def _joint_log_likelihood_bernoulli(scope, container, input_name, feature_log_prob_name, class_log_prior_name,
                                    binarize, feature_count, proto_dtype, sum_result_name):
    constant_name = scope.get_unique_variable_name("constant")
    exp_result_name = scope.get_unique_variable_name("exp_result")
    sub_result_name = scope.get_unique_variable_name("sub_result")
    neg_prob_name = scope.get_unique_variable_name("neg_prob")
    sum_neg_prob_name = scope.get_unique_variable_name("sum_neg_prob")
    difference_matrix_name = scope.get_unique_variable_name("difference_matrix")
    dot_prod_name = scope.get_unique_variable_name("dot_prod")
    partial_sum_result_name = scope.get_unique_variable_name("partial_sum_result")
    # slightly above 1 so that log(1 - exp(feature_log_prob)) never sees 0
    container.add_initializer(constant_name, proto_dtype, [], [1.000000001])

    if binarize is not None:
        threshold_name = scope.get_unique_variable_name("threshold")
        condition_name = scope.get_unique_variable_name("condition")
        cast_values_name = scope.get_unique_variable_name("cast_values")
        zero_tensor_name = scope.get_unique_variable_name("zero_tensor")
        binarised_input_name = scope.get_unique_variable_name("binarised_input")
        num_features = feature_count.shape[1]
        container.add_initializer(threshold_name, proto_dtype, [1], [binarize])
        container.add_initializer(zero_tensor_name, proto_dtype, [1, num_features], np.zeros((1, num_features)).ravel())
        container.add_node("Greater", [input_name, threshold_name], condition_name,
                           name=scope.get_unique_operator_name("Greater"), op_version=9)
        apply_cast(scope, condition_name, cast_values_name, container, to=proto_dtype, op_version=9)
        apply_add(scope, [zero_tensor_name, cast_values_name], binarised_input_name, container)
        input_name = binarised_input_name

    apply_exp(scope, feature_log_prob_name, exp_result_name, container)
    apply_sub(scope, [constant_name, exp_result_name], sub_result_name, container)
    apply_log(scope, sub_result_name, neg_prob_name, container)
    if container.main_opset < 13:
        container.add_node("ReduceSum", neg_prob_name, sum_neg_prob_name, axes=[0],
                           name=scope.get_unique_operator_name("ReduceSum"))
    else:
        axis_name = scope.get_unique_variable_name("axis")
        container.add_initializer(axis_name, TensorProto.INT64, [1], [0])
        container.add_node("ReduceSum", [neg_prob_name, axis_name], sum_neg_prob_name,
                           name=scope.get_unique_operator_name("ReduceSum"))
    apply_sub(scope, [feature_log_prob_name, neg_prob_name], difference_matrix_name, container)
    container.add_node("MatMul", [input_name, difference_matrix_name], dot_prod_name,
                       name=scope.get_unique_operator_name("MatMul"))
    apply_add(scope, [dot_prod_name, sum_neg_prob_name], partial_sum_result_name, container)
    apply_add(scope, [partial_sum_result_name, class_log_prior_name], sum_result_name, container)
    return sum_result_name


def convert_naive_bayes(scope, operator, container):
    nb_op = operator.raw_operator
    double = isinstance(operator.inputs[0].type, DoubleTensorType)
    float_dtype = np.float64 if double else np.float32
    proto_dtype = TensorProto.DOUBLE if double else TensorProto.FLOAT
    classes = nb_op.classes_
    output_shape = (-1,)

    sum_result_name = scope.get_unique_variable_name("sum_result")
    argmax_output_name = scope.get_unique_variable_name("argmax_output")
    cast2_result_name = scope.get_unique_variable_name("cast2_result")
    reshaped_result_name = scope.get_unique_variable_name("reshaped_result")
    classes_name = scope.get_unique_variable_name("classes")
    reduce_log_sum_exp_result_name = scope.get_unique_variable_name("reduce_log_sum_exp_result")
    log_prob_name = scope.get_unique_variable_name("log_prob")
    array_feature_extractor_result_name = scope.get_unique_variable_name("array_feature_extractor_result")

    class_type = TensorProto.STRING
    if np.issubdtype(classes.dtype, np.floating) or classes.dtype == np.bool_:
        class_type = TensorProto.INT32
        classes = classes.astype(np.int32)
    elif np.issubdtype(classes.dtype, np.signedinteger):
        class_type = TensorProto.INT32
    else:
        classes = np.array([s.encode("utf-8") for s in classes])
    container.add_initializer(classes_name, class_type, classes.shape, classes)

    class_log_prior_name = scope.get_unique_variable_name("class_log_prior")
    feature_log_prob_name = scope.get_unique_variable_name("feature_log_prob")
    class_log_prior = nb_op.class_log_prior_.astype(float_dtype).reshape((1, -1))
    feature_log_prob = nb_op.feature_log_prob_.T.astype(float_dtype)
    container.add_initializer(feature_log_prob_name, proto_dtype, feature_log_prob.shape, feature_log_prob.flatten())
    container.add_initializer(class_log_prior_name, proto_dtype, class_log_prior.shape, class_log_prior.flatten())

    input_name = operator.inputs[0].full_name
    if type(operator.inputs[0].type) in (BooleanTensorType, Int64TensorType):
        cast_input_name = scope.get_unique_variable_name("cast_input")
        apply_cast(scope, input_name, cast_input_name, container, to=proto_dtype, op_version=9)
        input_name = cast_input_name

    if operator.type == "SklearnBernoulliNB":
        sum_result_name = _joint_log_likelihood_bernoulli(
            scope, container, input_name, feature_log_prob_name, class_log_prior_name, nb_op.binarize,
            nb_op.feature_count_, proto_dtype, sum_result_name)
    else:
        # MultinomialNB adds the class prior; ComplementNB does not (unless it saw one class only)
        with_prior = operator.type == "SklearnMultinomialNB" or len(classes) == 1
        matmul_result_name = scope.get_unique_variable_name("matmul_result") if with_prior else sum_result_name
        container.add_node("MatMul", [input_name, feature_log_prob_name], matmul_result_name,
                           name=scope.get_unique_operator_name("MatMul"))
        if with_prior:
            apply_add(scope, [matmul_result_name, class_log_prior_name], sum_result_name, container)

    container.add_node("ArgMax", sum_result_name, argmax_output_name, name=scope.get_unique_operator_name("ArgMax"),
                       axis=1)

    reshaped_log_prob_name = scope.get_unique_variable_name("reshaped_log_prob")
    if container.main_opset >= 18:
        axis_name = scope.get_unique_variable_name("axis")
        container.add_initializer(axis_name, TensorProto.INT64, [1], [1])
        container.add_node("ReduceLogSumExp", [sum_result_name, axis_name], reduce_log_sum_exp_result_name,
                           name=scope.get_unique_operator_name("ReduceLogSumExp"), keepdims=0)
    else:
        container.add_node("ReduceLogSumExp", sum_result_name, reduce_log_sum_exp_result_name,
                           name=scope.get_unique_operator_name("ReduceLogSumExp"), axes=[1], keepdims=0)
    apply_reshape(scope, reduce_log_sum_exp_result_name, reshaped_log_prob_name, container, desired_shape=[-1, 1],
                  op_version=5)
    apply_sub(scope, [sum_result_name, reshaped_log_prob_name], log_prob_name, container)
    apply_exp(scope, log_prob_name, operator.outputs[1].full_name, container)
    container.add_node("ArrayFeatureExtractor", [classes_name, argmax_output_name], array_feature_extractor_result_name,
                       op_domain="ai.onnx.ml", name=scope.get_unique_operator_name("ArrayFeatureExtractor"))
    if class_type == TensorProto.INT32:
        # skl2onnx casts to float before Reshape, then to int64
        apply_cast(scope, array_feature_extractor_result_name, cast2_result_name, container, to=proto_dtype,
                   op_version=9)
        apply_reshape(scope, cast2_result_name, reshaped_result_name, container, desired_shape=output_shape,
                      op_version=5)
        apply_cast(scope, reshaped_result_name, operator.outputs[0].full_name, container, to=TensorProto.INT64,
                   op_version=9)
    else:
        apply_reshape(scope, array_feature_extractor_result_name, operator.outputs[0].full_name, container,
                      desired_shape=output_shape, op_version=5)
