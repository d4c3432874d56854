"""onnxmltools.convert.common.data_types: onnxconverter-common's types, which skl2onnx uses too, so the classes are
the skl2onnx shim's (a FloatTensorType from either package is accepted by both converters, as with the real ones)."""
from skl2onnx.common.data_types import (  # noqa: F401
    BooleanTensorType,
    DataType,
    DictionaryType,
    DoubleTensorType,
    FloatTensorType,
    FloatType,
    Int32TensorType,
    Int64TensorType,
    Int64Type,
    SequenceType,
    StringTensorType,
    StringType,
    TensorType,
)
