"""A miniature of onnxmltools 1.13 (with onnxconverter-common 1.16) for nb2svc's fixtures: onnxmltools cannot be
installed here.

Fixture tooling only: nb2svc never imports it. `convert_xgboost` builds with onnx.helper the graph onnxmltools emits
for XGBClassifier, XGBRegressor, XGBRF* and a raw xgboost.Booster (one ai.onnx.ml TreeEnsembleClassifier or
TreeEnsembleRegressor node, same attributes, names, opset_import and model header), read from the booster's JSON dump
as onnxmltools reads it. `onnxmltools.utils.save_model` / `load_model` are onnxmltools' own. The converter function
`onnxmltools.convert.xgboost.operator_converters.XGBoost.convert_xgboost` also plugs into the skl2onnx shim through
`update_registered_converter`, as skl2onnx's tutorial does. Put `tools/pyshims` on PYTHONPATH to use it.
"""
__version__ = "1.13.0"
__author__ = "ONNX"
__producer__ = "OnnxMLTools"
__producer_version__ = __version__
__domain__ = "onnxml"
__model_version__ = 0

from .convert import convert_sklearn, convert_xgboost  # noqa: E402
from .utils import load_model, save_model  # noqa: E402

__all__ = ["convert_xgboost", "convert_sklearn", "load_model", "save_model", "__version__"]
