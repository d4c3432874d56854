"""Scope, variables, operators and the node container: skl2onnx 1.16's naming and opset rules.

Names follow skl2onnx: a variable or node name is its seed the first time, then seed1, seed2, ... (one name set for
variables, one for nodes). Variables declared while parsing (label, probabilities, variable, output_label, ...) are
named before any converter runs, so converters' intermediate names (probability_tensor, shape_tensor, ...) come
after them, as in skl2onnx.
"""
import numpy as np
from onnx import TensorProto, defs, helper, mapping

from .common.data_types import TensorType

# skl2onnx.common._topology.OPSET_TO_IR_VERSION
OPSET_TO_IR_VERSION = {
    1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 4, 10: 5, 11: 6, 12: 7, 13: 7, 14: 7, 15: 8, 16: 8, 17: 8,
    18: 8, 19: 9, 20: 9, 21: 10,
}

__max_supported_opset__ = 19


def latest_tested_opset():
    return min(__max_supported_opset__, defs.onnx_opset_version())


def _unique(seed, existing):
    if seed == "":
        raise ValueError("Name seed must be a non-empty string.")
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
    def __init__(self, raw_name, onnx_name, type_):
        self.raw_name = raw_name
        self.onnx_name = onnx_name
        self.type = type_

    @property
    def full_name(self):
        return self.onnx_name

    def __repr__(self):
        return "Variable({!r}, {!r})".format(self.onnx_name, self.type)


class Operator:
    def __init__(self, onnx_name, type_, raw_operator):
        self.onnx_name = onnx_name
        self.type = type_
        self.raw_operator = raw_operator
        self.inputs = []
        self.outputs = []

    @property
    def input_full_names(self):
        return [v.full_name for v in self.inputs]

    @property
    def output_full_names(self):
        return [v.full_name for v in self.outputs]


class Scope:
    def __init__(self, options=None):
        self.variable_names = set()
        self.operator_names = set()
        self.operators = []
        self.input_variables = []
        self.options = options or {}
        self.all_variables = []

    def get_unique_variable_name(self, seed):
        return _unique(seed, self.variable_names)

    def get_unique_operator_name(self, seed):
        return _unique(seed, self.operator_names)

    def declare_input(self, name, type_):
        var = Variable(name, self.get_unique_variable_name(name), type_)
        self.input_variables.append(var)
        self.all_variables.append(var)
        return var

    def declare_local_variable(self, raw_name, type_):
        var = Variable(raw_name, self.get_unique_variable_name(raw_name), type_)
        self.all_variables.append(var)
        return var

    def declare_local_operator(self, type_, raw_model=None):
        op = Operator(self.get_unique_operator_name(type_), type_, raw_model)
        self.operators.append(op)
        return op

    def get_options(self, model, default_values=None):
        """Options given by id(model) win over options given by class, as in skl2onnx."""
        res = dict(default_values or {})
        for key in (type(model), id(model)):
            if key in self.options:
                res.update(self.options[key])
        return res


def _make_attribute_value(value):
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        value = [v.decode("utf-8") if isinstance(v, bytes) else v for v in value]
        value = [v.item() if isinstance(v, np.generic) else v for v in value]
    elif isinstance(value, np.generic):
        value = value.item()
    return value


class Container:
    """Nodes, initializers and the (domain, version) pairs the model's opset_import is made from."""

    def __init__(self, target_opset):
        self.target_opset = target_opset
        self.nodes = []
        self.initializers = []
        self.domain_versions = []
        self._versions = {}
        for schema in defs.get_all_schemas_with_history():
            self._versions.setdefault((schema.domain, schema.name), set()).add(schema.since_version)

    def target_opset_any_domain(self, domain):
        if isinstance(self.target_opset, dict):
            if domain in self.target_opset:
                return self.target_opset[domain]
            if domain == "":
                return defs.onnx_opset_version()
            return 1
        return self.target_opset

    @property
    def main_opset(self):
        """The opset of the main domain, what skl2onnx's converters compare with (container.target_opset there)."""
        return self.target_opset_any_domain("")

    def _op_version(self, domain, op_type):
        versions = sorted(self._versions.get((domain, op_type), {1}))
        highest = self.target_opset_any_domain(domain)
        for v in reversed(versions):
            if v <= highest:
                return v
        raise RuntimeError("Unable to find a suitable version for operator '{}' in domain '{}'.".format(op_type, domain))

    def add_initializer(self, name, onnx_type, shape, content):
        if isinstance(content, np.ndarray):
            content = content.ravel().tolist()
        if onnx_type == TensorProto.STRING:
            content = [c if isinstance(c, bytes) else str(c).encode("utf-8") for c in content]
        tensor = helper.make_tensor(name, onnx_type, list(shape), content)
        self.initializers.append(tensor)
        return tensor

    def add_node(self, op_type, inputs, outputs, op_domain="", op_version=None, name=None, **attrs):
        if name is None or name == "":
            name = "N%d" % len(self.nodes)
        if any(n.name == name for n in self.nodes):
            name += "-N%d" % len(self.nodes)
        if op_version is None:
            op_version = self._op_version(op_domain, op_type)
        if isinstance(inputs, str):
            inputs = [inputs]
        if isinstance(outputs, str):
            outputs = [outputs]
        clean = {k: _make_attribute_value(v) for k, v in attrs.items()}
        node = helper.make_node(op_type, list(inputs), list(outputs), name=name, domain=op_domain, **clean)
        pair = (op_domain, op_version)
        if pair not in self.domain_versions:
            self.domain_versions.append(pair)
        self.nodes.append(node)
        return node


# ---- the few helpers of skl2onnx.common._apply_operation the converters call ----------------------------------


def apply_cast(scope, input_name, output_name, container, to, op_version=None):
    container.add_node("Cast", input_name, output_name, name=scope.get_unique_operator_name("Cast"), to=to,
                       op_version=op_version)


def apply_identity(scope, input_name, output_name, container):
    container.add_node("Identity", input_name, output_name, name=scope.get_unique_operator_name("Identity"))


def apply_concat(scope, input_names, output_name, container, axis=0, op_version=None):
    container.add_node("Concat", input_names, output_name, name=scope.get_unique_operator_name("Concat"), axis=axis,
                       op_version=op_version)


def apply_reshape(scope, input_name, output_name, container, desired_shape, operator_name=None, op_version=None):
    shape_name = scope.get_unique_variable_name("shape_tensor")
    container.add_initializer(shape_name, TensorProto.INT64, [len(desired_shape)], list(desired_shape))
    container.add_node(
        "Reshape", [input_name, shape_name], output_name, name=operator_name or scope.get_unique_operator_name("Reshape"),
        op_version=op_version,
    )


def apply_slice(scope, input_name, output_name, container, starts, ends, axes, operator_name):
    inputs = [input_name]
    for seed, values in (("starts", starts), ("ends", ends), ("axes", axes)):
        n = scope.get_unique_variable_name(seed)
        container.add_initializer(n, TensorProto.INT64, [len(values)], values)
        inputs.append(n)
    container.add_node("Slice", inputs, output_name, name=operator_name)


def apply_normalizer(scope, input_name, output_name, container, norm):
    container.add_node(
        "Normalizer", input_name, output_name, op_domain="ai.onnx.ml", norm=norm,
        name=scope.get_unique_operator_name("Normalizer"),
    )


def _basic_numerical(scope, op_type, input_names, output_name, container):
    # onnxconverter-common's _apply_basic_numerical_operation: numpy broadcasting since opset 7, so version 7
    container.add_node(op_type, input_names, output_name, op_version=7, name=scope.get_unique_operator_name(op_type))


def _unary(scope, op_type, input_name, output_name, container):
    # onnxconverter-common's _apply_unary_operation: version 6 from opset 6 on
    container.add_node(op_type, input_name, output_name, op_version=6, name=scope.get_unique_operator_name(op_type))


def apply_add(scope, input_names, output_name, container):
    _basic_numerical(scope, "Add", input_names, output_name, container)


def apply_sub(scope, input_names, output_name, container):
    _basic_numerical(scope, "Sub", input_names, output_name, container)


def apply_mul(scope, input_names, output_name, container):
    _basic_numerical(scope, "Mul", input_names, output_name, container)


def apply_div(scope, input_names, output_name, container):
    _basic_numerical(scope, "Div", input_names, output_name, container)


def apply_exp(scope, input_name, output_name, container):
    _unary(scope, "Exp", input_name, output_name, container)


def apply_log(scope, input_name, output_name, container):
    _unary(scope, "Log", input_name, output_name, container)


def apply_reciprocal(scope, input_name, output_name, container):
    _unary(scope, "Reciprocal", input_name, output_name, container)


def apply_clip(scope, input_name, output_name, container, min_value, max_value):
    """skl2onnx's apply_clip from opset 12 on: min and max become scalar initializers of their numpy dtype."""
    inputs = [input_name]
    for seed, value in (("clip_min", min_value), ("clip_max", max_value)):
        value = np.array(value)
        name = scope.get_unique_variable_name(seed)
        container.add_initializer(name, mapping.NP_TYPE_TO_TENSOR_TYPE[value.dtype], [], [value.item()])
        inputs.append(name)
    container.add_node("Clip", inputs, output_name, op_version=12, name=scope.get_unique_operator_name("Clip"))


def ensure_topological_order(nodes, input_names, initializer_names):
    """skl2onnx's ModelComponentContainer.ensure_topological_order: a node's rank is one more than the highest rank
    of its inputs (graph inputs and initializers have rank 0, a node's outputs one more than the node), and nodes
    are sorted by (rank, op_type, name)."""
    order = {name: 0 for name in list(input_names) + list(initializer_names)}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if id(node) in order or any(name not in order for name in node.input):
                continue
            rank = max([order[name] for name in node.input], default=0) + 1
            order[id(node)] = rank
            for name in node.output:
                if name in order:
                    raise RuntimeError("Unable to sort a node (cycle). An output was already ordered with name %r." % name)
                order[name] = rank + 1
            changed = True
    missing = [n for n in nodes if id(n) not in order]
    if missing:
        raise RuntimeError("Unable to sort names %r. The graph may be disconnected." % sorted(
            {name for n in missing for name in n.input if name not in order}))
    return sorted(nodes, key=lambda n: (order[id(n)], n.op_type, n.name))


def is_topologically_ordered(nodes, input_names, initializer_names):
    known = set(input_names) | set(initializer_names)
    for node in nodes:
        if any(name not in known for name in node.input):
            return False
        known.update(node.output)
    return True


def remove_identity_nodes(nodes, graph_outputs):
    """skl2onnx's onnx_remove_node_identity for the graphs made here: an Identity that produces a graph output is
    removed by renaming its input where it is produced (and read); any other Identity by renaming its output."""
    nodes = list(nodes)
    changed = True
    while changed:
        changed = False
        for i, node in enumerate(nodes):
            if node.op_type != "Identity":
                continue
            src, dst = node.input[0], node.output[0]
            if dst in graph_outputs:
                old, new = src, dst
            else:
                old, new = dst, src
            del nodes[i]
            for n in nodes:
                for k, v in enumerate(n.input):
                    if v == old:
                        n.input[k] = new
                for k, v in enumerate(n.output):
                    if v == old:
                        n.output[k] = new
            changed = True
            break
    return nodes


def is_tensor_type(t):
    return isinstance(t, TensorType)
