from onnx.defs import onnx_opset_version

from ._topology import occ_maximum_opset_supported


def get_maximum_opset_supported():
    return min(onnx_opset_version(), max(15, occ_maximum_opset_supported()))
