from ...common.data_types import FloatTensorType
from ...common.utils import check_input_and_output_numbers


def calculate_linear_regressor_output_shapes(operator):
    """onnxconverter_common.shape_calculator's: [N, C] -> [N, n_outputs_ or 1]."""
    check_input_and_output_numbers(operator, input_count_range=1, output_count_range=1)
    N = operator.inputs[0].type.shape[0]
    op = operator.raw_operator
    nout = op.n_outputs_ if hasattr(op, "n_outputs_") else 1
    operator.outputs[0].type = FloatTensorType([N, nout])
