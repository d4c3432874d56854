"""The input and output types of skl2onnx 1.16 (skl2onnx.common.data_types), as far as the fixtures use them."""
import numbers

from onnx import TensorProto, TypeProto


class DataType:
    def __init__(self, shape=None):
        self.shape = list(shape) if shape is not None else []

    def __repr__(self):
        return "{}(shape={})".format(self.__class__.__name__, self.shape)

    def to_onnx_type(self):
        raise NotImplementedError()


class TensorType(DataType):
    elem_type = TensorProto.UNDEFINED

    def _get_element_onnx_type(self):
        return self.elem_type

    def to_onnx_type(self):
        t = TypeProto()
        t.tensor_type.elem_type = self._get_element_onnx_type()
        # skl2onnx writes a dimension for every axis: a value when known, a name when symbolic, nothing when None
        shape = t.tensor_type.shape
        for d in self.shape:
            dim = shape.dim.add()
            if d is None:
                pass
            elif isinstance(d, numbers.Integral):
                dim.dim_value = int(d)
            elif isinstance(d, str):
                dim.dim_param = d
            else:
                raise ValueError("Unsupported dimension type {}.".format(type(d)))
        return t


class FloatTensorType(TensorType):
    elem_type = TensorProto.FLOAT


class DoubleTensorType(TensorType):
    elem_type = TensorProto.DOUBLE


class Int64TensorType(TensorType):
    elem_type = TensorProto.INT64


class Int32TensorType(TensorType):
    elem_type = TensorProto.INT32


class BooleanTensorType(TensorType):
    elem_type = TensorProto.BOOL


class StringTensorType(TensorType):
    elem_type = TensorProto.STRING


class Int64Type(DataType):
    pass


class FloatType(DataType):
    pass


class StringType(DataType):
    pass


class DictionaryType(DataType):
    def __init__(self, key_type, value_type, shape=None):
        super().__init__(shape)
        self.key_type = key_type
        self.value_type = value_type

    def to_onnx_type(self):
        t = TypeProto()
        t.map_type.key_type = self.key_type._get_element_onnx_type()
        t.map_type.value_type.CopyFrom(self.value_type.to_onnx_type())
        return t


class SequenceType(DataType):
    def __init__(self, element_type, shape=None):
        super().__init__(shape)
        self.element_type = element_type

    def to_onnx_type(self):
        t = TypeProto()
        t.sequence_type.elem_type.CopyFrom(self.element_type.to_onnx_type())
        return t


def guess_tensor_type(data_type):
    """skl2onnx's rule: outputs computed from an input are float, double stays double."""
    if isinstance(data_type, DoubleTensorType):
        return DoubleTensorType()
    if isinstance(data_type, DictionaryType):
        return guess_tensor_type(data_type.value_type)
    return FloatTensorType()


def guess_data_type(type_, shape=None):
    """The type of a numpy dtype (used by to_onnx)."""
    import numpy as np

    dt = np.dtype(type_)
    if dt == np.float32:
        return FloatTensorType(shape)
    if dt == np.float64:
        return DoubleTensorType(shape)
    if dt == np.int64:
        return Int64TensorType(shape)
    if dt == np.int32:
        return Int32TensorType(shape)
    if dt == np.bool_:
        return BooleanTensorType(shape)
    if dt.kind in ("U", "O", "S"):
        return StringTensorType(shape)
    raise NotImplementedError("Unsupported dtype {}.".format(dt))
