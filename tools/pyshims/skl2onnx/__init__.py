"""A faithful miniature of skl2onnx 1.16 for nb2svc's fixtures (skl2onnx itself cannot be installed here).

Fixture tooling only: nb2svc never imports it. `convert_sklearn` and `to_onnx` build with onnx.helper the graphs
skl2onnx 1.16 emits for the estimators listed in README.md (same node names and op types, attributes, variable
names, ZipMap by default, Cast nodes, opset imports and model header); anything else raises the error skl2onnx
raises for an estimator without a converter. Put `tools/pyshims` on PYTHONPATH to use it as `skl2onnx`.
"""
from uuid import uuid4

from onnx import helper

from . import _converters, _parse
from ._topology import (
    OPSET_TO_IR_VERSION,
    Container,
    Scope,
    __max_supported_opset__,
    ensure_topological_order,
    is_topologically_ordered,
    latest_tested_opset,
    remove_identity_nodes,
)
from .common.data_types import guess_data_type

__version__ = "1.16.0"
__producer__ = "skl2onnx"
__producer_version__ = __version__
__domain__ = "ai.onnx"
__model_version__ = 0

__all__ = ["convert_sklearn", "to_onnx", "update_registered_converter", "__version__", "__max_supported_opset__"]


def _main_opset(target_opset):
    if target_opset is None:
        return latest_tested_opset()
    if isinstance(target_opset, dict):
        return target_opset.get("", latest_tested_opset())
    return target_opset


def convert_sklearn(model, name=None, initial_types=None, doc_string="", target_opset=None,
                    custom_conversion_functions=None, custom_shape_calculators=None, custom_parsers=None,
                    options=None, intermediate=False, white_op=None, black_op=None, final_types=None, dtype=None,
                    naming=None, model_optim=True, verbose=0):
    if initial_types is None:
        raise ValueError("Initial types are required. See usage of convert(...) in skl2onnx.convert for details")
    if custom_conversion_functions or custom_shape_calculators or custom_parsers or final_types or naming:
        raise NotImplementedError("the fixture shim has no custom converters, parsers, final_types or naming")
    if name is None:
        name = str(uuid4().hex)
    onnx_opset = _main_opset(target_opset)
    if onnx_opset > helper.VERSION_TABLE[-1][2]:
        raise RuntimeError("Parameter target_opset {} > {} is higher than the version of the installed onnx "
                           "package.".format(onnx_opset, helper.VERSION_TABLE[-1][2]))
    scope = Scope(options)
    inputs = [scope.declare_input(n, t) for n, t in initial_types]
    outputs = _parse.parse(scope, model, inputs)

    container = Container(target_opset if target_opset is not None else onnx_opset)
    # skl2onnx's Topology.convert_operators: passes over the operators known when the pass starts, so operators a
    # converter declares (TfidfVectorizer declares a CountVectorizer and a TfidfTransformer) are converted, and name
    # their nodes and variables, after every operator the parser declared
    converted = set()
    while True:
        pending = [op for op in scope.operators if id(op) not in converted]
        if not pending:
            break
        for op in pending:
            op.target_opset = onnx_opset
            _converters.CONVERTERS[op.type](scope, op, container)
            converted.add(id(op))

    # an output keeps the name it was declared with (a pipeline's last `variable`, not `variable1`): names are
    # swapped with whatever holds it, as skl2onnx's convert_operators does
    for out in outputs:
        if out.raw_name != out.onnx_name:
            old, new = out.onnx_name, out.raw_name
            _swap_names(container, old, new)
            for v in scope.all_variables:
                if v.onnx_name == old:
                    v.onnx_name = new
                elif v.onnx_name == new:
                    v.onnx_name = old
    output_names = [v.onnx_name for v in outputs]
    nodes = container.nodes
    input_names = [v.onnx_name for v in inputs]
    init_names = [t.name for t in container.initializers]
    # skl2onnx always sorts nodes by (rank, op type, name); the shim only does when the converters' order is not
    # already topological (a converter declaring sub-operators), which keeps the graphs written before it unchanged
    if not is_topologically_ordered(nodes, input_names, init_names):
        nodes = ensure_topological_order(nodes, input_names, init_names)
    nodes = remove_identity_nodes(nodes, set(output_names))
    graph = helper.make_graph(
        nodes, name,
        [helper.make_value_info(v.onnx_name, v.type.to_onnx_type()) for v in inputs],
        [helper.make_value_info(v.onnx_name, v.type.to_onnx_type()) for v in outputs],
        container.initializers,
    )
    # opset_import: one entry per domain, the highest version of the operators used (skl2onnx's
    # _update_domain_version), the main domain added when no node uses it
    versions = {}
    for domain, version in container.domain_versions:
        versions[domain] = max(versions.get(domain, 0), version)
    main = min(onnx_opset, versions.get("", onnx_opset))
    opsets = [helper.make_opsetid(d, v) for d, v in versions.items()]
    if "" not in versions:
        opsets.append(helper.make_opsetid("", main))
    model_proto = helper.make_model(graph, opset_imports=opsets)
    model_proto.ir_version = OPSET_TO_IR_VERSION.get(main, model_proto.ir_version)
    model_proto.producer_name = __producer__
    model_proto.producer_version = __producer_version__
    model_proto.domain = __domain__
    model_proto.model_version = __model_version__
    model_proto.doc_string = doc_string
    return model_proto


def update_registered_converter(model, alias, shape_fct, convert_fct, overwrite=True, parser=None, options=None):
    """skl2onnx's: `model` (a class) converts with `convert_fct(scope, operator, container)` under `alias`, its output
    types set by `shape_fct(operator)`; a classifier registered with a 'zipmap' (or 'output_class_labels') option is
    parsed as skl2onnx parses its own classifiers (label, probabilities, then ZipMap unless disabled)."""
    import warnings

    previous = _parse.REGISTERED.get(model)
    if not overwrite and previous is not None and previous[0] != alias:
        warnings.warn("Model '{0}' was already registered under alias '{1}'.".format(model, previous[0]))
    if parser is None and options is not None and ("zipmap" in options or "output_class_labels" in options):
        parser = _parse_registered_classifier
    _parse.REGISTERED[model] = (alias, shape_fct, parser)
    _converters.CONVERTERS[alias] = convert_fct


def _parse_registered_classifier(scope, model, inputs, custom_parsers=None):
    return _parse.parse_classifier(scope, model, inputs)


def _swap_names(container, a, b):
    def swap(name):
        return b if name == a else a if name == b else name

    for node in container.nodes:
        node.input[:] = [swap(n) for n in node.input]
        node.output[:] = [swap(n) for n in node.output]
    for init in container.initializers:
        init.name = swap(init.name)


def _guess_initial_types(X):
    """skl2onnx's guess_initial_types (algebra/type_helper.py): a DataFrame gives one [None, 1] input per column, an
    array one input "X" of its shape with a free first dimension (X_text[:1], 1-D, gives a 1-D string input), a list
    is taken as the initial types; anything else (a pandas Series) is refused."""
    import numpy as np

    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if isinstance(X, np.ndarray):
        shape = list(X[:1].shape)
        if shape:
            shape[0] = None
        return [("X", guess_data_type(X.dtype, shape))]
    if pd is not None and isinstance(X, pd.DataFrame):
        return [(str(c), guess_data_type(X[c].dtype, [None, 1])) for c in X.columns]
    if isinstance(X, list):
        return X
    raise TypeError("Unexpected type %r, unable to guess type." % type(X))


def to_onnx(model, X=None, name=None, initial_types=None, target_opset=None, options=None, white_op=None,
            black_op=None, final_types=None, dtype=None, naming=None, model_optim=True, verbose=0):
    if initial_types is None:
        if X is None:
            raise RuntimeError("initial_types or X must be specified")
        initial_types = _guess_initial_types(X)
    return convert_sklearn(model, name=name, initial_types=initial_types, target_opset=target_opset,
                           options=options, white_op=white_op, black_op=black_op, final_types=final_types)
