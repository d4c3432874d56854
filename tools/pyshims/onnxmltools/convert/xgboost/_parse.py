"""onnxmltools.convert.xgboost._parse: the model to one operator with its input and output variables."""
import json

import numpy as np
from xgboost import XGBClassifier, XGBRegressor

try:
    from xgboost import XGBRFClassifier, XGBRFRegressor
except ImportError:  # pragma: no cover - old xgboost
    XGBRFClassifier, XGBRFRegressor = None, None

from ..common.data_types import FloatTensorType

xgboost_classifier_list = [XGBClassifier]
xgboost_operator_name_map = {XGBClassifier: "XGBClassifier", XGBRegressor: "XGBRegressor"}
if XGBRFClassifier:
    xgboost_operator_name_map.update({XGBRFClassifier: "XGBRFClassifier", XGBRFRegressor: "XGBRFRegressor"})
    xgboost_classifier_list.append(XGBRFClassifier)


def _append_covers(node):
    res = []
    if "cover" in node:
        res.append(node["cover"])
    for ch in node.get("children", []):
        res.extend(_append_covers(ch))
    return res


def _get_attributes(booster):
    """What onnxmltools guesses of a raw Booster (xgboost >= 1.5): classes from the configuration's num_class or the
    ratio of trees to iterations, a regression when every cover is an integer (hessians of the squared error)."""
    atts = booster.attributes()
    res = [json.loads(d) for d in booster.get_dump(dump_format="json", with_stats=True)]
    trees = len(res)
    ntrees = getattr(booster, "best_ntree_limit", trees)
    config = json.loads(booster.save_config())["learner"]["learner_model_param"]
    num_class = int(config["num_class"]) if "num_class" in config else 0
    if num_class == 0 and ntrees > 0:
        num_class = trees // ntrees
    if num_class == 0:
        raise RuntimeError(
            f"Unable to retrieve the number of classes, num_class={num_class}, trees={trees}, ntrees={ntrees}, "
            f"config={config}.")
    kwargs = atts.copy()
    kwargs["feature_names"] = booster.feature_names
    kwargs["n_estimators"] = ntrees
    covs = []
    for tr in res:
        covs.extend(_append_covers(tr))
    if all(int(x) == x for x in set(covs)):
        kwargs["num_target"] = num_class
        kwargs["num_class"] = 0
        kwargs["objective"] = "reg:squarederror"
    else:
        kwargs["num_class"] = num_class
        if num_class != 1:
            att = json.loads(booster.save_config())
            kwargs["objective"] = att["learner"]["objective"]["name"]
            nc = int(att["learner"]["learner_model_param"]["num_class"])
            if nc != num_class:
                raise RuntimeError("Mismatched value %r != %r from\n%s" % (nc, num_class, att))
        else:
            kwargs["objective"] = "binary:logistic"
    if "base_score" not in kwargs:
        kwargs["base_score"] = [0.5]
    elif isinstance(kwargs["base_score"], str):
        s = kwargs["base_score"]
        kwargs["base_score"] = [float(x) for x in json.loads(s)] if s.startswith("[") and s.endswith("]") else [float(s)]
    return kwargs


class WrappedBooster:
    def __init__(self, booster):
        self.booster_ = booster
        self.kwargs = _get_attributes(booster)
        if self.kwargs["num_class"] > 0:
            self.classes_ = self._generate_classes(self.kwargs)
            self.operator_name = "XGBClassifier"
        else:
            self.operator_name = "XGBRegressor"

    def get_xgb_params(self):
        return {k: v for k, v in self.kwargs.items() if v is not None}

    def get_booster(self):
        return self.booster_

    def _generate_classes(self, model_dict):
        if model_dict["num_class"] == 1:
            return np.asarray([0, 1])
        return np.arange(model_dict["num_class"])


def _get_xgboost_operator_name(model):
    if isinstance(model, WrappedBooster):
        return model.operator_name
    if type(model) not in xgboost_operator_name_map:
        raise ValueError("No proper operator name found for '%s'" % type(model))
    return xgboost_operator_name_map[type(model)]


def _parse_xgboost_simple_model(scope, model, inputs):
    op = scope.declare_local_operator(_get_xgboost_operator_name(model), model)
    op.inputs = inputs
    if type(model) in xgboost_classifier_list or getattr(model, "operator_name", None) in (
            "XGBClassifier", "XGBRFClassifier"):
        # types are fixed by the shape calculators
        op.outputs.append(scope.declare_local_variable("label", FloatTensorType()))
        op.outputs.append(scope.declare_local_variable("probabilities", FloatTensorType()))
    else:
        op.outputs.append(scope.declare_local_variable("variable", FloatTensorType()))
    return op.outputs


def parse_xgboost(topology, model, initial_types):
    scope = topology.scope
    inputs = [scope.declare_local_variable(name, t) for name, t in initial_types]
    topology.input_variables.extend(inputs)
    topology.output_variables.extend(_parse_xgboost_simple_model(scope, model, inputs))
    return topology
