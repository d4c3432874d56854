"""onnxmltools.utils.main: reading and writing models, with onnxmltools' checks and messages."""
import numbers
import os
from os import path

from onnx import onnx_pb as onnx_proto


def load_model(file_path):
    if not path.exists(file_path):
        raise FileNotFoundError("{0} was not found.".format(file_path))
    model = onnx_proto.ModelProto()
    with open(file_path, "rb") as f:
        model.ParseFromString(f.read())
    return model


def save_model(model, file_path):
    if model is None or not isinstance(model, onnx_proto.ModelProto):
        raise ValueError("Model is not a valid ONNX model.")
    directory = os.path.dirname(os.path.abspath(file_path))
    if not path.exists(directory):
        raise FileNotFoundError("Directory does not exist {0}".format(directory))
    try:
        with open(file_path, "wb") as f:
            f.write(model.SerializeToString())
    except IOError:
        raise IOError("Unable to write file to path '{0}', check if you have permissions.".format(file_path))


def save_text(model, file_path):
    if model is None or not isinstance(model, onnx_proto.ModelProto):
        raise ValueError("Model is not a valid ONNX model.")
    with open(file_path, "w") as f:
        f.write(str(model))


def set_model_domain(model, domain):
    if model is None or not isinstance(model, onnx_proto.ModelProto):
        raise ValueError("Model is not a valid ONNX model.")
    if not isinstance(domain, str):
        raise ValueError("Domain must be a string type.")
    model.domain = domain


def set_model_version(model, version):
    if model is None or not isinstance(model, onnx_proto.ModelProto):
        raise ValueError("Model is not a valid ONNX model.")
    if not isinstance(version, numbers.Number):
        raise ValueError("Version must be a numeric type.")
    model.model_version = version


def set_model_doc_string(model, doc, override=False):
    if model is None or not isinstance(model, onnx_proto.ModelProto):
        raise ValueError("Model is not a valid ONNX model.")
    if not isinstance(doc, str):
        raise ValueError("Doc must be a string type.")
    if model.doc_string and not doc and override is False:
        raise ValueError(
            "Failing to overwrite the doc string with a blank string, set override to True if intentional.")
    model.doc_string = doc
