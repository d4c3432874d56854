"""onnxmltools.convert.xgboost.convert.convert: an xgboost model (XGBClassifier, XGBRegressor, XGBRF*, or a raw
Booster) to an ONNX ModelProto."""
from uuid import uuid4

import onnx
import xgboost

from ..common._topology import Topology, convert_topology
from ..common.onnx_ex import get_maximum_opset_supported
from ._parse import WrappedBooster, parse_xgboost
from .operator_converters.XGBoost import CONVERTERS
from .shape_calculators import SHAPE_CALCULATORS


def convert(model, name=None, initial_types=None, doc_string="", target_opset=None,
            targeted_onnx=onnx.__version__, custom_conversion_functions=None, custom_shape_calculators=None):
    if initial_types is None:
        raise ValueError(
            "Initial types are required. See usage of convert(...) in                            "
            "onnxmltools.convert.xgboost.convert for details")
    if name is None:
        name = str(uuid4().hex)
    if isinstance(model, xgboost.Booster):
        model = WrappedBooster(model)
    target_opset = target_opset if target_opset else get_maximum_opset_supported()
    converters = dict(CONVERTERS, **(custom_conversion_functions or {}))
    shape_calculators = dict(SHAPE_CALCULATORS, **(custom_shape_calculators or {}))
    topology = parse_xgboost(Topology(model, target_opset, shape_calculators), model, initial_types)
    topology.compile()
    onnx_model = convert_topology(topology, name, doc_string, target_opset, converters)
    opsets = {d.domain: d.version for d in onnx_model.opset_import}
    if "" in opsets and opsets[""] < 9 and target_opset >= 9:
        opsets[""] = 9
        del onnx_model.opset_import[:]
        for k, v in opsets.items():
            op = onnx_model.opset_import.add()
            op.domain = k
            op.version = v
    return onnx_model
