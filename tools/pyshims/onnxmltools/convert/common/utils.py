"""The checks of onnxmltools.convert.common.utils the converters use (same messages)."""


def sklearn_installed():
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def xgboost_installed():
    try:
        import xgboost  # noqa: F401
    except ImportError:
        return False
    from xgboost.core import _LIB

    try:
        _LIB.XGBoosterDumpModelEx
    except AttributeError:
        return False
    return True


def check_input_and_output_numbers(operator, input_count_range=None, output_count_range=None):
    def bounds(r):
        if isinstance(r, list):
            return r[0], r[1]
        if isinstance(r, int) or r is None:
            return r, r
        raise RuntimeError("input_count_range must be a list or an integer")

    min_in, max_in = bounds(input_count_range)
    min_out, max_out = bounds(output_count_range)
    if min_in is not None and len(operator.inputs) < min_in:
        raise RuntimeError(
            "For operator %s (type: %s), at least %s input(s) is(are) required but we got %s input(s) which are %s"
            % (operator.full_name, operator.type, min_in, len(operator.inputs), operator.input_full_names))
    if max_in is not None and len(operator.inputs) > max_in:
        raise RuntimeError(
            "For operator %s (type: %s), at most %s input(s) is(are) supported but we got %s input(s) which are %s"
            % (operator.full_name, operator.type, max_in, len(operator.inputs), operator.input_full_names))
    if min_out is not None and len(operator.outputs) < min_out:
        raise RuntimeError(
            "For operator %s (type: %s), at least %s output(s) is(are) produced but we got %s output(s) which are %s"
            % (operator.full_name, operator.type, min_out, len(operator.outputs), operator.output_full_names))
    if max_out is not None and len(operator.outputs) > max_out:
        raise RuntimeError(
            "For operator %s (type: %s), at most %s outputs(s) is(are) supported but we got %s output(s) which are %s"
            % (operator.full_name, operator.type, max_out, len(operator.outputs), operator.output_full_names))


def check_input_and_output_types(operator, good_input_types=None, good_output_types=None):
    if good_input_types is not None:
        for variable in operator.inputs:
            if type(variable.type) not in good_input_types:
                raise RuntimeError(
                    "Operator %s (type: %s) got an input %s with a wrong type %s. Only %s are allowed"
                    % (operator.full_name, operator.type, variable.full_name, type(variable.type), good_input_types))
    if good_output_types is not None:
        for variable in operator.outputs:
            if type(variable.type) not in good_output_types:
                raise RuntimeError(
                    "Operator %s (type: %s) got an output %s with a wrong type %s. Only %s are allowed"
                    % (operator.full_name, operator.type, variable.full_name, type(variable.type), good_output_types))
