"""onnxconverter-common 1.16's topology as onnxmltools uses it: one scope whose variables and operators get unique
names (seed, then seed1, seed2, ...), output types set by shape calculators, a container whose nodes keep the
op_version their converter gives (1 unless said otherwise), and `convert_topology` / `make_model_ex` writing the
model: opset_import from the (domain, version) pairs the nodes used (the default entry onnx.helper adds is
overwritten by the first of them, so a graph of ai.onnx.ml nodes only imports ai.onnx.ml), the IR version of the
main opset (or of target_opset when the graph has no main-domain node), producer OnnxMLTools with
onnxconverter-common's version and domain.
"""
import logging
import warnings

from onnx import defs, helper
from onnx import onnx_pb as onnx_proto

from .data_types import FloatType, Int64Type, StringType, TensorType

# onnxconverter_common.onnx_ex
DEFAULT_OPSET_NUMBER = 15
OPSET_TO_IR_VERSION = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 4, 10: 5, 11: 6, 12: 7, 13: 7, 14: 7, 15: 8}

# onnxconverter_common.__init__: what utils.get_producer() and friends return
OCC_PRODUCER = "OnnxMLTools"
OCC_VERSION = "1.16.0"
OCC_DOMAIN = "onnxconverter-common"
OCC_MODEL_VERSION = 0


def occ_maximum_opset_supported():
    return min(DEFAULT_OPSET_NUMBER, defs.onnx_opset_version())


def _unique(seed, existing):
    if seed not in existing:
        existing.add(seed)
        return seed
    i = 1
    while seed + str(i) in existing:
        i += 1
    name = seed + str(i)
    existing.add(name)
    return name


class Variable:
    def __init__(self, raw_name, onnx_name, scope, type=None):
        self.raw_name = raw_name
        self.onnx_name = onnx_name
        self.scope = scope
        self.type = type

    @property
    def full_name(self):
        return self.onnx_name

    def __repr__(self):
        return "Variable(raw_name={!r}, onnx_name={!r}, type={!r})".format(self.raw_name, self.onnx_name, self.type)


class Operator:
    def __init__(self, onnx_name, scope, type, raw_operator, target_opset):
        self.onnx_name = onnx_name
        self.scope = scope
        self.type = type
        self.raw_operator = raw_operator
        self.target_opset = target_opset
        self.inputs = []
        self.outputs = []

    @property
    def full_name(self):
        return self.onnx_name

    @property
    def input_full_names(self):
        return [v.full_name for v in self.inputs]

    @property
    def output_full_names(self):
        return [v.full_name for v in self.outputs]


class Scope:
    def __init__(self, name, target_opset):
        self.name = name
        self.target_opset = target_opset
        self.onnx_variable_names = set()
        self.onnx_operator_names = set()
        self.variables = {}
        self.operators = {}

    def get_unique_variable_name(self, seed):
        return _unique(seed, self.onnx_variable_names)

    def get_unique_operator_name(self, seed):
        return _unique(seed, self.onnx_operator_names)

    def declare_local_variable(self, raw_name, type=None):
        var = Variable(raw_name, self.get_unique_variable_name(raw_name), self.name, type)
        self.variables[var.onnx_name] = var
        return var

    def declare_local_operator(self, type, raw_model=None):
        op = Operator(self.get_unique_operator_name(type), self.name, type, raw_model, self.target_opset)
        self.operators[op.onnx_name] = op
        return op


class ModelComponentContainer:
    """onnxconverter_common.container.ModelComponentContainer: nodes keep the version their converter passes."""

    def __init__(self, target_opset):
        self.inputs = []
        self.outputs = []
        self.initializers = []
        self.value_info = []
        self.nodes = []
        # a set in onnxconverter-common; kept in insertion order here so that opset_import's order does not depend on
        # the hash seed (it only matters for graphs mixing domains)
        self.node_domain_version_pair_sets = {}
        self.target_opset = target_opset

    @staticmethod
    def _make_value_info(variable):
        value_info = helper.ValueInfoProto()
        value_info.name = variable.full_name
        value_info.type.CopyFrom(variable.type.to_onnx_type())
        return value_info

    def add_input(self, variable):
        self.inputs.append(self._make_value_info(variable))

    def add_output(self, variable):
        self.outputs.append(self._make_value_info(variable))

    def add_initializer(self, name, onnx_type, shape, content):
        if any(d is None for d in shape):
            raise ValueError("Shape of initializer cannot contain None")
        self.initializers.append(helper.make_tensor(name, onnx_type, shape, content))

    def add_node(self, op_type, inputs, outputs, op_domain="", op_version=1, **attrs):
        if isinstance(inputs, str):
            inputs = [inputs]
        if isinstance(outputs, str):
            outputs = [outputs]
        if not isinstance(inputs, (list, tuple)) or not all(isinstance(s, str) for s in inputs):
            raise ValueError("Inputs must be a list of string but get [%s]" % ",".join(str(type(s)) for s in inputs))
        if not isinstance(outputs, (list, tuple)) or not all(isinstance(s, str) for s in outputs):
            raise ValueError("Outputs must be a list of string but get [%s]" % ",".join(str(type(s)) for s in outputs))
        for k, v in attrs.items():
            if v is None:
                raise ValueError("Failed to create ONNX node. Undefined attribute pair (%s, %s) found" % (k, v))
        node = helper.make_node(op_type, inputs, outputs, **attrs)
        node.domain = op_domain
        self.node_domain_version_pair_sets[(op_domain, op_version)] = None
        self.nodes.append(node)


class Topology:
    """The parsed model: one scope, the model's inputs and outputs in declaration order, shape calculators run by
    compile() in topological order (a converter here only ever has one operator, or a few in a chain)."""

    def __init__(self, raw_model, target_opset, shape_calculators):
        self.raw_model = raw_model
        self.target_opset = target_opset
        self.scope = Scope("__root__", target_opset)
        self.input_variables = []
        self.output_variables = []
        self._shape_calculators = shape_calculators

    def compile(self):
        for op in self.scope.operators.values():
            self._shape_calculators[op.type](op)


def _main_opset_version(model):
    for op in model.opset_import:
        if op.domain in ("", "ai.onnx"):
            return op.version
    return None


def make_model_ex(graph, imported_opset_pairs, target_default_opset, **kwargs):
    onnx_model = helper.make_model(graph, **kwargs)
    purified = {}
    for op_domain, op_version in imported_opset_pairs:
        if op_domain not in purified:
            if op_domain == "" and op_version < 8 and target_default_opset is not None and target_default_opset >= 8:
                # initializers are no longer graph inputs from IR 4 (opset 8) on
                op_version = 8
            purified[op_domain] = op_version
        else:
            purified[op_domain] = max(purified[op_domain], op_version)
    for i, (op_domain, op_version) in enumerate(purified.items()):
        if i == 0 and len(onnx_model.opset_import) == 1:
            op_set = onnx_model.opset_import[0]
        else:
            op_set = onnx_model.opset_import.add()
        op_set.domain = op_domain
        op_set.version = op_version
        if op_domain in ("", "ai.onnx"):
            if target_default_opset < op_version:
                raise RuntimeError(
                    "The specified opset %d is too low to convert this model, which requires at least opset %d."
                    % (target_default_opset, op_version))
            if target_default_opset > op_version:
                logging.getLogger("onnxmltools").warning(
                    "The maximum opset needed by this model is only %d." % op_version)
    opv = _main_opset_version(onnx_model) or target_default_opset
    onnx_model.ir_version = OPSET_TO_IR_VERSION.get(opv, onnx_proto.IR_VERSION)
    onnx_model.producer_name = OCC_PRODUCER
    onnx_model.producer_version = OCC_VERSION
    onnx_model.domain = OCC_DOMAIN
    onnx_model.model_version = OCC_MODEL_VERSION
    return onnx_model


def _check_names(names, what):
    invalid = []
    for name in names:
        n = name.replace("_", "").replace(":", "").replace("/", "")
        if n and (n[0].isdigit() or not n.isalnum()):
            invalid.append(name)
    if invalid:
        warnings.warn("Some %s names are not compliant with ONNX naming convention: %s" % (what, invalid))


def convert_topology(topology, model_name, doc_string, target_opset, converters):
    opset_from_onnx_version = occ_maximum_opset_supported()
    if target_opset is None:
        target_opset = opset_from_onnx_version
    elif target_opset > opset_from_onnx_version:
        raise RuntimeError(
            ("target_opset %d is higher than the number of the installed onnx package"
             + " or the converter support (%d).") % (target_opset, opset_from_onnx_version))
    container = ModelComponentContainer(target_opset)
    _check_names([v.raw_name for v in topology.input_variables], "input")
    for v in topology.input_variables:
        if isinstance(v.type, (TensorType, Int64Type, FloatType, StringType)):
            container.add_input(v)
    _check_names([v.raw_name for v in topology.output_variables], "output")
    for v in topology.output_variables:
        container.add_output(v)
    for op in topology.scope.operators.values():
        converters[op.type](topology.scope, op, container)
    inputs = list(container.inputs)
    if container.target_opset < 9:
        # before opset 9 (IR 4) initializers must also be graph inputs
        known = {vi.name for vi in inputs}
        inputs += [helper.make_tensor_value_info(t.name, t.data_type, t.dims)
                   for t in container.initializers if t.name not in known]
    graph = helper.make_graph(container.nodes, model_name, inputs, container.outputs, container.initializers)
    graph.value_info.extend(container.value_info)
    return make_model_ex(graph, container.node_domain_version_pair_sets, target_opset, doc_string=doc_string)
