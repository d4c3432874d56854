"""Fixture-only stand-in for Python's onnxruntime (not installable on this machine).

It exists so that the notebooks of test/corpus execute for real with Jupyter. Sessions load the
model with the `onnx` package to describe inputs and outputs the way onnxruntime does
(`NodeArg(name, type='tensor(float)', shape=[None, 4])`), and every `run` executes the graph with
onnxruntime-node (the same C++ runtime as Python's onnxruntime) through `_run_model.cjs`.
onnxruntime-node cannot return sequence/map values, so a ZipMap node whose output is fetched is
cut from the graph, its float input is fetched instead, and the shim zips it with the node's class
labels into a list of dicts, as onnxruntime's ZipMap kernel does.
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper

from .capi.onnxruntime_pybind11_state import (  # noqa: F401
    Fail,
    InvalidArgument,
    InvalidGraph,
    NoSuchFile,
)

__version__ = "1.30.0"  # the onnxruntime-node runtime that executes the graphs

_HERE = os.path.dirname(os.path.abspath(__file__))
_RUNNER = os.path.join(_HERE, "_run_model.cjs")

_ELEM_NAMES = {
    TensorProto.FLOAT: "float", TensorProto.UINT8: "uint8", TensorProto.INT8: "int8",
    TensorProto.UINT16: "uint16", TensorProto.INT16: "int16", TensorProto.INT32: "int32",
    TensorProto.INT64: "int64", TensorProto.STRING: "string", TensorProto.BOOL: "bool",
    TensorProto.FLOAT16: "float16", TensorProto.DOUBLE: "double", TensorProto.UINT32: "uint32",
    TensorProto.UINT64: "uint64",
}
# onnxruntime-node's tensor type names for each ONNX element type name.
_NODE_DTYPES = {
    "float": "float32", "double": "float64", "int64": "int64", "uint64": "uint64", "int32": "int32",
    "uint32": "uint32", "int16": "int16", "uint16": "uint16", "int8": "int8", "uint8": "uint8",
    "bool": "bool", "float16": "float16", "string": "string",
}
_NUMPY_FROM_NODE = {
    "float32": np.float32, "float64": np.float64, "int64": np.int64, "uint64": np.uint64,
    "int32": np.int32, "uint32": np.uint32, "int16": np.int16, "uint16": np.uint16,
    "int8": np.int8, "uint8": np.uint8, "bool": np.bool_, "float16": np.float16,
}
_ELEM_FROM_NUMPY = {
    np.dtype(np.float32): "float", np.dtype(np.float64): "double", np.dtype(np.int64): "int64",
    np.dtype(np.uint64): "uint64", np.dtype(np.int32): "int32", np.dtype(np.uint32): "uint32",
    np.dtype(np.int16): "int16", np.dtype(np.uint16): "uint16", np.dtype(np.int8): "int8",
    np.dtype(np.uint8): "uint8", np.dtype(np.bool_): "bool", np.dtype(np.float16): "float16",
}


def _type_str(tp):
    """onnxruntime's spelling of an ONNX TypeProto: tensor(float), seq(map(int64,tensor(float)))."""
    kind = tp.WhichOneof("value")
    if kind == "tensor_type":
        return "tensor(%s)" % _ELEM_NAMES.get(tp.tensor_type.elem_type, "undefined")
    if kind == "sequence_type":
        return "seq(%s)" % _type_str(tp.sequence_type.elem_type)
    if kind == "map_type":
        return "map(%s,%s)" % (_ELEM_NAMES[tp.map_type.key_type], _type_str(tp.map_type.value_type))
    if kind == "optional_type":
        return "optional(%s)" % _type_str(tp.optional_type.elem_type)
    return "undefined"


def _shape(tp):
    if tp.WhichOneof("value") != "tensor_type" or not tp.tensor_type.HasField("shape"):
        return []
    dims = []
    for d in tp.tensor_type.shape.dim:
        if d.HasField("dim_value"):
            dims.append(d.dim_value)
        elif d.HasField("dim_param"):
            dims.append(d.dim_param)
        else:
            dims.append(None)
    return dims


class NodeArg:
    def __init__(self, name, type, shape):  # noqa: A002 - onnxruntime's attribute names
        self.name = name
        self.type = type
        self.shape = shape

    def __repr__(self):
        return "NodeArg(name=%r, type=%r, shape=%r)" % (self.name, self.type, self.shape)


class ModelMetadata:
    def __init__(self, model):
        self.producer_name = model.producer_name
        self.graph_name = model.graph.name
        self.domain = model.domain
        self.description = model.doc_string
        self.graph_description = model.graph.doc_string
        self.version = model.model_version
        self.custom_metadata_map = {p.key: p.value for p in model.metadata_props}


class SessionOptions:
    def __init__(self):
        self.intra_op_num_threads = 0
        self.inter_op_num_threads = 0
        self.graph_optimization_level = None
        self.log_severity_level = 2


class RunOptions:
    def __init__(self):
        self.log_severity_level = 2


def get_device():
    return "CPU"


def get_available_providers():
    return ["CPUExecutionProvider"]


def _node_binary():
    node = shutil.which("node")
    if node is None:
        raise Fail("[ONNXRuntimeError] : 1 : FAIL : the onnxruntime shim needs `node` on PATH")
    return node


class InferenceSession:
    def __init__(self, path_or_bytes, sess_options=None, providers=None, provider_options=None, **kwargs):
        if isinstance(path_or_bytes, (bytes, bytearray)):
            data = bytes(path_or_bytes)
            self._model_path = None
        else:
            path = os.fspath(path_or_bytes)
            if not os.path.exists(path):
                raise NoSuchFile(
                    "[ONNXRuntimeError] : 3 : NO_SUCHFILE : Load model from %s failed:"
                    "Load model %s failed. File doesn't exist" % (path, path))
            with open(path, "rb") as f:
                data = f.read()
            self._model_path = path
        try:
            model = onnx.load_model_from_string(data)
        except Exception as e:  # noqa: BLE001 - surfaced like onnxruntime's own failure
            raise InvalidGraph("[ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model failed: %s" % e)
        self._model = model
        self._providers = list(providers) if providers else ["CPUExecutionProvider"]
        initializers = {i.name for i in model.graph.initializer}
        self._inputs = [NodeArg(v.name, _type_str(v.type), _shape(v.type))
                        for v in model.graph.input if v.name not in initializers]
        self._outputs = [NodeArg(v.name, _type_str(v.type), _shape(v.type)) for v in model.graph.output]
        self._zipmaps = {}
        for node in model.graph.node:
            if node.op_type == "ZipMap" and node.domain == "ai.onnx.ml":
                attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
                if "classlabels_strings" in attrs:
                    labels = [s.decode("utf-8") for s in attrs["classlabels_strings"]]
                else:
                    labels = [int(v) for v in attrs["classlabels_int64s"]]
                self._zipmaps[node.output[0]] = (node.input[0], labels)
        self._runnable_path = None
        self._tmpdir = tempfile.mkdtemp(prefix="ortshim-")

    def __del__(self):
        tmpdir = getattr(self, "_tmpdir", None)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)

    def get_inputs(self):
        return list(self._inputs)

    def get_outputs(self):
        return list(self._outputs)

    def get_overridable_initializers(self):
        return []

    def get_modelmeta(self):
        return ModelMetadata(self._model)

    def get_providers(self):
        return list(self._providers)

    def get_provider_options(self):
        return {p: {} for p in self._providers}

    def set_providers(self, providers=None, provider_options=None):
        self._providers = list(providers) if providers else ["CPUExecutionProvider"]

    def _runnable_model(self):
        """The model file onnxruntime-node runs: ZipMap nodes cut, their inputs made outputs."""
        if self._runnable_path is not None:
            return self._runnable_path
        path = os.path.join(self._tmpdir, "model.onnx")
        if not self._zipmaps and self._model_path is not None:
            self._runnable_path = os.path.abspath(self._model_path)
            return self._runnable_path
        model = onnx.ModelProto()
        model.CopyFrom(self._model)
        if self._zipmaps:
            graph = model.graph
            kept = [n for n in graph.node if not (n.op_type == "ZipMap" and n.domain == "ai.onnx.ml")]
            del graph.node[:]
            graph.node.extend(kept)
            outputs = [o for o in graph.output if o.name not in self._zipmaps]
            present = {o.name for o in outputs}
            for src, _ in self._zipmaps.values():
                if src not in present:
                    outputs.append(helper.make_tensor_value_info(src, TensorProto.FLOAT, None))
                    present.add(src)
            del graph.output[:]
            graph.output.extend(outputs)
        onnx.save(model, path)
        self._runnable_path = path
        return path

    def _encode_feed(self, arg, value):
        if not isinstance(value, np.ndarray):
            value = np.asarray(value)
        if value.dtype.kind in "OUS":
            actual = "string"
        else:
            actual = _ELEM_FROM_NUMPY.get(value.dtype)
            if actual is None:
                raise InvalidArgument(
                    "[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Unsupported numpy dtype %s for input %s"
                    % (value.dtype, arg.name))
        expected = arg.type[len("tensor("):-1] if arg.type.startswith("tensor(") else arg.type
        if actual != expected:
            raise InvalidArgument(
                "[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Unexpected input data type. "
                "Actual: (tensor(%s)) , expected: (tensor(%s))" % (actual, expected))
        if len(arg.shape) != value.ndim:
            raise InvalidArgument(
                "[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Invalid rank for input: %s Got: %d Expected: %d "
                "Please fix either the inputs/outputs or the model." % (arg.name, value.ndim, len(arg.shape)))
        bad = [(i, got, want) for i, (got, want) in enumerate(zip(value.shape, arg.shape))
               if isinstance(want, int) and got != want]
        if bad:
            lines = "".join(" index: %d Got: %d Expected: %d\n" % b for b in bad)
            raise InvalidArgument(
                "[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions for input: %s "
                "for the following indices\n%s Please fix either the inputs/outputs or the model." % (arg.name, lines))
        dims = list(value.shape)
        if actual == "string":
            return {"dtype": "string", "dims": dims, "strings": [str(s) for s in value.reshape(-1).tolist()]}
        data = np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<"), copy=False)
        return {"dtype": _NODE_DTYPES[actual], "dims": dims, "b64": base64.b64encode(data.tobytes()).decode("ascii")}

    @staticmethod
    def _decode(spec):
        dims = spec["dims"]
        if spec["dtype"] == "string":
            arr = np.empty(len(spec["strings"]), dtype=object)
            arr[:] = spec["strings"]
            return arr.reshape(dims)
        raw = base64.b64decode(spec["b64"])
        return np.frombuffer(raw, dtype=np.dtype(_NUMPY_FROM_NODE[spec["dtype"]]).newbyteorder("<")) \
            .astype(_NUMPY_FROM_NODE[spec["dtype"]]).reshape(dims)

    def run(self, output_names, input_feed, run_options=None):
        by_name = {a.name: a for a in self._inputs}
        missing = [a.name for a in self._inputs if a.name not in input_feed]
        if missing:
            raise ValueError("Required inputs (%s) are missing from input feed (%s)."
                             % (missing, list(input_feed)))
        for name in input_feed:
            if name not in by_name:
                raise InvalidArgument("[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Invalid input name: %s" % name)
        wanted = list(output_names) if output_names else [o.name for o in self._outputs]
        known = {o.name for o in self._outputs}
        for name in wanted:
            if name not in known:
                raise InvalidArgument("[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Invalid output name:%s" % name)
        fetches = []
        for name in wanted:
            src = self._zipmaps[name][0] if name in self._zipmaps else name
            if src not in fetches:
                fetches.append(src)
        request = {
            "model": self._runnable_model(),
            "fetches": fetches,
            "feeds": {name: self._encode_feed(by_name[name], value) for name, value in input_feed.items()},
        }
        req_path = os.path.join(self._tmpdir, "request.json")
        res_path = os.path.join(self._tmpdir, "response.json")
        with open(req_path, "w") as f:
            json.dump(request, f)
        proc = subprocess.run([_node_binary(), _RUNNER, req_path, res_path], capture_output=True, text=True)
        if proc.returncode != 0:
            raise Fail("[ONNXRuntimeError] : 1 : FAIL : %s" % proc.stderr.strip())
        with open(res_path) as f:
            response = json.load(f)
        if "error" in response:
            raise Fail("[ONNXRuntimeError] : 1 : FAIL : %s" % response["error"])
        fetched = {name: self._decode(spec) for name, spec in response["outputs"].items()}
        results = []
        for name in wanted:
            if name in self._zipmaps:
                src, labels = self._zipmaps[name]
                probs = fetched[src]
                if probs.ndim == 1:
                    probs = probs.reshape(1, -1)
                if probs.shape[1] != len(labels):
                    raise Fail("[ONNXRuntimeError] : 1 : FAIL : ZipMap: %d class labels for %d columns"
                               % (len(labels), probs.shape[1]))
                results.append([{lab: float(p) for lab, p in zip(labels, row)} for row in probs])
            else:
                results.append(fetched[name])
        return results
