"""onnxmltools.convert.main: the entry points, each importing its converter lazily as onnxmltools does."""
from .common import utils


def convert_xgboost(*args, **kwargs):
    if not utils.xgboost_installed():
        raise RuntimeError("xgboost is not installed. Please install xgboost to use this feature.")

    from .xgboost.convert import convert

    return convert(*args, **kwargs)


def convert_sklearn(model, name=None, initial_types=None, doc_string="", target_opset=None,
                    targeted_onnx=None, custom_conversion_functions=None, custom_shape_calculators=None):
    # onnxmltools hands scikit-learn models to skl2onnx (here: the skl2onnx shim beside this package)
    if not utils.sklearn_installed():
        raise RuntimeError("scikit-learn is not installed. Please install scikit-learn to use this feature.")
    from skl2onnx import convert_sklearn as convert_skl2onnx

    return convert_skl2onnx(model, name, initial_types, doc_string, target_opset,
                            custom_conversion_functions, custom_shape_calculators)
