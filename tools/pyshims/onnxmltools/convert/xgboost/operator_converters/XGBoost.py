"""onnxmltools' XGBoost converter (onnxmltools/convert/xgboost/operator_converters/XGBoost.py): the trees of the
booster's JSON dump (`get_dump(with_stats=True, dump_format="json")`) as the attributes of one TreeEnsembleClassifier
or TreeEnsembleRegressor node.

What the ONNX graph computes is what xgboost computes: xgboost stores thresholds and leaves as float32 and dumps them
with 9 significant digits, so `float(split_condition)` stored as an ONNX float attribute is the same float32; splits
are BRANCH_LT (xgboost goes left when x < threshold) with the missing-value direction of each node; the margin starts
at base_score (regression), logit(base_score) (binary:logistic; omitted when base_score is 0.5, i.e. 0) or
base_score for every class (softmax, where it cancels), then LOGISTIC / SOFTMAX post-transforms. Classifiers end
with the TreeEnsembleClassifier's own outputs (`label` int64, `probabilities` float [N, classes]): onnxmltools adds no
ZipMap for XGBoost (skl2onnx adds one when the converter is registered into it with a `zipmap` option).

`convert_xgboost(scope, operator, container)` is also the function skl2onnx's tutorial registers with
`update_registered_converter`; it only uses the scope's unique names and the container's add_node/add_initializer,
which both the onnxmltools and the skl2onnx shims provide.
"""
import json
from copy import deepcopy

import numpy as np
from onnx import TensorProto
from xgboost import XGBClassifier

try:
    from xgboost import XGBRFClassifier
except ImportError:  # pragma: no cover
    XGBRFClassifier = None

from ..common import get_n_estimators_classifier, get_xgb_params


class XGBConverter:
    @staticmethod
    def get_xgb_params(xgb_node):
        return get_xgb_params(xgb_node)

    @staticmethod
    def validate(xgb_node):
        params = XGBConverter.get_xgb_params(xgb_node)
        if "objective" not in params:
            raise RuntimeError("Missing attribute in XGBoost model ojective")
        if hasattr(xgb_node, "missing") and not np.isnan(xgb_node.missing):
            raise RuntimeError(
                "Cannot convert a XGBoost model where missing values are not nan but {}.".format(xgb_node.missing))

    @staticmethod
    def common_members(xgb_node, inputs):
        params = XGBConverter.get_xgb_params(xgb_node)
        objective = params["objective"]
        base_score = params["base_score"]
        if hasattr(xgb_node, "best_ntree_limit"):
            best_ntree_limit = xgb_node.best_ntree_limit
        elif hasattr(xgb_node, "best_iteration"):
            best_ntree_limit = xgb_node.best_iteration + 1
        else:
            best_ntree_limit = params.get("best_ntree_limit", None)
        if base_score is None:
            base_score = [0.5]
        booster = xgb_node.get_booster()
        js_trees = [json.loads(s) for s in booster.get_dump(with_stats=True, dump_format="json")]
        js_trees = XGBConverter._process_categorical_features(js_trees)
        return objective, base_score, js_trees, best_ntree_limit

    # ---- categorical splits: a list of categories becomes a chain of BRANCH_EQ nodes -----------------------------

    @staticmethod
    def _clone_node_skeleton(source):
        node = {k: v for k, v in source.items() if k not in ("children", "split_condition")}
        node["decision_type"] = "BRANCH_EQ"
        return node

    @staticmethod
    def _maybe_transform_categorical(node):
        split_condition = node.get("split_condition")
        if not isinstance(split_condition, list):
            return False
        if len(split_condition) == 0:
            raise ValueError("split_condition is an empty array. ")
        children = node.get("children")
        if not (isinstance(children, list) and len(children) == 2):
            raise ValueError("Expected a split node with two children before categorical transform.")
        orig_left, orig_right = children
        node["decision_type"] = "BRANCH_EQ"
        node["split_condition"] = split_condition[0]
        yes_left = orig_left["nodeid"] == node["yes"]
        current = node
        for cat in split_condition[1:]:
            new_node = XGBConverter._clone_node_skeleton(current)
            new_node["split_condition"] = cat
            if yes_left:
                current["children"] = [deepcopy(orig_left), new_node]
            else:
                current["children"] = [new_node, deepcopy(orig_right)]
            current = new_node
        current["children"] = [orig_left, orig_right]
        return True

    @staticmethod
    def _process_node(node):
        if "children" not in node or not isinstance(node["children"], list):
            return False
        any_child = False
        for child in node["children"]:
            # onnxmltools keeps only the last child's answer
            any_child = XGBConverter._process_node(child)
        transformed = XGBConverter._maybe_transform_categorical(node)
        if not transformed:
            node["decision_type"] = "BRANCH_LT"
        return any_child or transformed

    @staticmethod
    def _update_node_ids(node, counter):
        node["nodeid"] = counter
        counter += 1
        children = node.get("children")
        if not (isinstance(children, list) and len(children) == 2):
            return counter
        left, right = children
        missing_yes = node.get("missing", -1) == node["yes"]
        yes_left = left["nodeid"] == node["yes"]
        node["yes" if yes_left else "no"] = counter
        if (missing_yes and yes_left) or (not missing_yes and not yes_left):
            node["missing"] = counter
        counter = XGBConverter._update_node_ids(left, counter)
        node["no" if yes_left else "yes"] = counter
        if (not missing_yes and yes_left) or (missing_yes and yes_left):
            node["missing"] = counter
        return XGBConverter._update_node_ids(right, counter)

    @staticmethod
    def _process_categorical_features(js_tree):
        roots = js_tree if isinstance(js_tree, list) else [js_tree]
        if not isinstance(js_tree, (list, dict)):
            raise TypeError("js_tree must be a dict (single tree) or list of dicts (forest).")
        for root in roots:
            if isinstance(root, dict) and XGBConverter._process_node(root):
                XGBConverter._update_node_ids(root, 0)
        return js_tree

    # ---- attributes ------------------------------------------------------------------------------------------------

    @staticmethod
    def _get_default_tree_attribute_pairs(is_classifier):
        keys = ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true"]
        if is_classifier:
            keys += ["class_treeids", "class_nodeids", "class_ids", "class_weights"]
        else:
            keys += ["target_treeids", "target_nodeids", "target_ids", "target_weights"]
        return {k: [] for k in keys}

    @staticmethod
    def _feature_index(feature_id):
        if not isinstance(feature_id, str):
            return feature_id
        # xgboost names features f0, f1, ... unless it was trained with names (a DataFrame's columns): onnxmltools
        # cannot map names to input columns and refuses them
        if feature_id[0] == "f":
            try:
                return int(feature_id[1:])
            except ValueError:
                raise RuntimeError(
                    "Unable to interpret '{0}', feature names should follow pattern 'f%d'.".format(feature_id))
        try:
            return int(float(feature_id))
        except ValueError:
            raise RuntimeError(
                "Unable to interpret '{0}', feature names should follow pattern 'f%d'.".format(feature_id))

    @staticmethod
    def _add_node(attr_pairs, is_classifier, tree_id, tree_weight, node_id, feature_id, mode, value, true_child_id,
                  false_child_id, weights, weight_id_bias, missing, hitrate):
        feature_id = XGBConverter._feature_index(feature_id)
        attr_pairs["nodes_treeids"].append(tree_id)
        attr_pairs["nodes_nodeids"].append(node_id)
        attr_pairs["nodes_featureids"].append(feature_id)
        attr_pairs["nodes_modes"].append(mode)
        attr_pairs["nodes_values"].append(float(value))
        attr_pairs["nodes_truenodeids"].append(true_child_id)
        attr_pairs["nodes_falsenodeids"].append(false_child_id)
        attr_pairs["nodes_missing_value_tracks_true"].append(missing)
        if "nodes_hitrates" in attr_pairs:
            attr_pairs["nodes_hitrates"].append(hitrate)
        if mode == "LEAF":
            prefix = "class" if is_classifier else "target"
            for i, w in enumerate(weights):
                attr_pairs[prefix + "_treeids"].append(tree_id)
                attr_pairs[prefix + "_nodeids"].append(node_id)
                attr_pairs[prefix + "_ids"].append(i + weight_id_bias)
                attr_pairs[prefix + "_weights"].append(float(tree_weight * w))

    @staticmethod
    def _fill_node_attributes(treeid, tree_weight, jsnode, attr_pairs, is_classifier, remap):
        if "children" in jsnode:
            XGBConverter._add_node(
                attr_pairs=attr_pairs, is_classifier=is_classifier, tree_id=treeid, tree_weight=tree_weight,
                value=jsnode["split_condition"], node_id=remap[jsnode["nodeid"]], feature_id=jsnode["split"],
                mode=jsnode["decision_type"], true_child_id=remap[jsnode["yes"]],
                false_child_id=remap[jsnode["no"]], weights=None, weight_id_bias=None,
                missing=jsnode.get("missing", -1) == jsnode["yes"], hitrate=jsnode.get("cover", 0))
            for ch in jsnode["children"]:
                if "children" in ch or "leaf" in ch:
                    XGBConverter._fill_node_attributes(treeid, tree_weight, ch, attr_pairs, is_classifier, remap)
                else:
                    raise RuntimeError("Unable to convert this node {0}".format(ch))
        else:
            XGBConverter._add_node(
                attr_pairs=attr_pairs, is_classifier=is_classifier, tree_id=treeid, tree_weight=tree_weight,
                value=0.0, node_id=remap[jsnode["nodeid"]], feature_id=0, mode="LEAF", true_child_id=0,
                false_child_id=0, weights=[jsnode["leaf"]], weight_id_bias=0, missing=False,
                hitrate=jsnode.get("cover", 0))

    @staticmethod
    def _remap_nodeid(jsnode, remap=None):
        """Node ids in depth-first order (xgboost numbers them breadth-first)."""
        if remap is None:
            remap = {}
        remap[jsnode["nodeid"]] = len(remap)
        for ch in jsnode.get("children", []):
            XGBConverter._remap_nodeid(ch, remap)
        return remap

    @staticmethod
    def fill_tree_attributes(js_xgb_node, attr_pairs, tree_weights, is_classifier):
        if not isinstance(js_xgb_node, list):
            raise TypeError("js_xgb_node must be a list")
        for treeid, (jstree, w) in enumerate(zip(js_xgb_node, tree_weights)):
            remap = XGBConverter._remap_nodeid(jstree)
            XGBConverter._fill_node_attributes(treeid, w, jstree, attr_pairs, is_classifier, remap)


class XGBRegressorConverter(XGBConverter):
    @staticmethod
    def _get_default_tree_attribute_pairs():
        attrs = XGBConverter._get_default_tree_attribute_pairs(False)
        attrs["post_transform"] = "NONE"
        attrs["n_targets"] = 1
        return attrs

    @staticmethod
    def convert(scope, operator, container):
        xgb_node = operator.raw_operator
        objective, base_score, js_trees, best_ntree_limit = XGBConverter.common_members(xgb_node, operator.inputs)
        if objective in ["reg:gamma", "reg:tweedie"]:
            raise RuntimeError("Objective '{}' not supported.".format(objective))
        attr_pairs = XGBRegressorConverter._get_default_tree_attribute_pairs()
        attr_pairs["base_values"] = base_score if isinstance(base_score, list) else [base_score]
        if best_ntree_limit and best_ntree_limit < len(js_trees):
            js_trees = js_trees[:best_ntree_limit]
        XGBConverter.fill_tree_attributes(js_trees, attr_pairs, [1 for _ in js_trees], False)
        attr_pairs["n_targets"] = XGBConverter.get_xgb_params(xgb_node)["n_targets"]
        if objective == "count:poisson":
            names = [scope.get_unique_variable_name("tree")]
            del attr_pairs["base_values"]
        else:
            names = operator.output_full_names
        container.add_node("TreeEnsembleRegressor", operator.input_full_names, names, op_domain="ai.onnx.ml",
                           name=scope.get_unique_operator_name("TreeEnsembleRegressor"), **attr_pairs)
        if objective == "count:poisson":
            cst = scope.get_unique_variable_name("poisson")
            container.add_initializer(cst, TensorProto.FLOAT, [len(base_score)], base_score)
            new_name = scope.get_unique_variable_name("exp")
            container.add_node("Exp", names, [new_name])
            container.add_node("Mul", [new_name, cst], operator.output_full_names)


class XGBClassifierConverter(XGBConverter):
    @staticmethod
    def _get_default_tree_attribute_pairs():
        return XGBConverter._get_default_tree_attribute_pairs(True)

    @staticmethod
    def convert(scope, operator, container):
        xgb_node = operator.raw_operator
        objective, base_score, js_trees, best_ntree_limit = XGBConverter.common_members(xgb_node, operator.inputs)
        params = XGBConverter.get_xgb_params(xgb_node)
        n_estimators = get_n_estimators_classifier(xgb_node, params, js_trees)
        num_class = params.get("num_class", None)

        attr_pairs = XGBClassifierConverter._get_default_tree_attribute_pairs()
        XGBConverter.fill_tree_attributes(js_trees, attr_pairs, [1 for _ in js_trees], True)
        if num_class is not None:
            ncl = num_class
            n_estimators = len(js_trees) // ncl
        else:
            ncl = (max(attr_pairs["class_treeids"]) + 1) // n_estimators

        # early stopping: only the trees of the best iteration, as xgboost's predict uses
        best_ntree_limit = best_ntree_limit or len(js_trees)
        if ncl > 0:
            best_ntree_limit *= ncl
        if 0 < best_ntree_limit < len(js_trees):
            js_trees = js_trees[:best_ntree_limit]
            attr_pairs = XGBClassifierConverter._get_default_tree_attribute_pairs()
            XGBConverter.fill_tree_attributes(js_trees, attr_pairs, [1 for _ in js_trees], True)

        if len(attr_pairs["class_treeids"]) == 0:
            raise RuntimeError("XGBoost model is empty.")

        if ncl <= 1:
            ncl = 2
            if objective != "binary:hinge":
                attr_pairs["post_transform"] = "LOGISTIC"
                attr_pairs["class_ids"] = [0 for _ in attr_pairs["class_treeids"]]
                if js_trees[0].get("leaf", None) == 0:
                    attr_pairs["base_values"] = base_score
                else:
                    bs_val = base_score[0]
                    if bs_val != 0.5:
                        # the margin starts at logit(base_score), 0 for the default 0.5
                        attr_pairs["base_values"] = [-np.log(1 / np.float32(bs_val) - 1.0)]
            else:
                attr_pairs["base_values"] = base_score
        else:
            attr_pairs["post_transform"] = "SOFTMAX"
            attr_pairs["base_values"] = base_score * ncl if len(base_score) == 1 else base_score
            # trees cycle through the classes: tree i adds to class i % ncl
            attr_pairs["class_ids"] = [v % ncl for v in attr_pairs["class_treeids"]]

        classes = xgb_node.classes_
        if (np.issubdtype(classes.dtype, np.floating) or np.issubdtype(classes.dtype, np.integer)
                or np.issubdtype(classes.dtype, np.bool_)):
            attr_pairs["classlabels_int64s"] = classes.astype("int")
        else:
            attr_pairs["classlabels_strings"] = np.array([s.encode("utf-8") for s in classes])

        if objective in ("binary:logistic", "binary:hinge"):
            if objective == "binary:hinge":
                attr_pairs["post_transform"] = "NONE"
                output_names = [operator.output_full_names[0], scope.get_unique_variable_name("output_prob")]
            else:
                output_names = operator.output_full_names
            container.add_node("TreeEnsembleClassifier", operator.input_full_names, output_names,
                               op_domain="ai.onnx.ml", name=scope.get_unique_operator_name("TreeEnsembleClassifier"),
                               **attr_pairs)
            if objective == "binary:hinge":
                if container.target_opset < 9:
                    raise RuntimeError(
                        f"hinge function cannot be implemented because opset={container.target_opset}<9.")
                zero = scope.get_unique_variable_name("zero")
                one = scope.get_unique_variable_name("one")
                container.add_initializer(zero, TensorProto.FLOAT, [1], [0.0])
                container.add_initializer(one, TensorProto.FLOAT, [1], [1.0])
                greater = scope.get_unique_variable_name("output_prob")
                container.add_node("Greater", [output_names[1], zero], [greater])
                container.add_node("Where", [greater, one, zero], operator.output_full_names[1])
        elif objective in ("multi:softprob", "multi:softmax", "reg:logistic"):
            if objective == "multi:softmax":
                attr_pairs["post_transform"] = "NONE"
            container.add_node("TreeEnsembleClassifier", operator.input_full_names, operator.output_full_names,
                               op_domain="ai.onnx.ml", name=scope.get_unique_operator_name("TreeEnsembleClassifier"),
                               **attr_pairs)
        else:
            raise RuntimeError("Unexpected objective: {0}".format(objective))


def convert_xgboost(scope, operator, container):
    xgb_node = operator.raw_operator
    classifiers = tuple(c for c in (XGBClassifier, XGBRFClassifier) if c is not None)
    if isinstance(xgb_node, classifiers) or getattr(xgb_node, "operator_name", None) in (
            "XGBClassifier", "XGBRFClassifier"):
        cls = XGBClassifierConverter
    else:
        cls = XGBRegressorConverter
    cls.validate(xgb_node)
    cls.convert(scope, operator, container)


CONVERTERS = {
    "XGBClassifier": convert_xgboost,
    "XGBRFClassifier": convert_xgboost,
    "XGBRegressor": convert_xgboost,
    "XGBRFRegressor": convert_xgboost,
}
