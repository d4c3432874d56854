"""onnxmltools.convert.xgboost.common: the model's parameters as the converters and shape calculators read them."""
import json


def get_xgb_params(xgb_node):
    if hasattr(xgb_node, "kwargs"):
        params = xgb_node.get_xgb_params()
    else:
        # an XGBModel built without extra keyword arguments has no `kwargs`: onnxmltools then reads its __dict__
        params = xgb_node.__dict__
    # onnxmltools tests hasattr("xgb_node", ...) (a string), so the configuration always comes from the booster
    config = json.loads(xgb_node.get_booster().save_config())
    params = {k: v for k, v in params.items() if v is not None}
    num_class = int(config["learner"]["learner_model_param"]["num_class"])
    if num_class > 0:
        params["num_class"] = num_class
    if "n_estimators" not in params and hasattr(xgb_node, "n_estimators"):
        if xgb_node.n_estimators is not None:
            params["n_estimators"] = xgb_node.n_estimators
    if "base_score" in config["learner"]["learner_model_param"]:
        raw = config["learner"]["learner_model_param"]["base_score"]
        if raw.startswith("[") and raw.endswith("]"):  # xgboost >= 3
            params["base_score"] = [float(x) for x in json.loads(raw)]
        else:
            params["base_score"] = [float(raw)]
    if "num_target" in config["learner"]["learner_model_param"]:
        params["n_targets"] = int(config["learner"]["learner_model_param"]["num_target"])
    else:
        params["n_targets"] = 1
    bst = xgb_node.get_booster()
    if hasattr(bst, "best_ntree_limit"):
        params["best_ntree_limit"] = bst.best_ntree_limit
    if "gradient_booster" in config["learner"]:
        gbp = config["learner"]["gradient_booster"]["gbtree_model_param"]
        if "num_trees" in gbp:
            params["best_ntree_limit"] = int(gbp["num_trees"])
    return params


def get_n_estimators_classifier(xgb_node, params, js_trees):
    if "n_estimators" not in params:
        num_class = params.get("num_class", 0)
        if num_class == 0:
            return len(js_trees)
        return len(js_trees) // num_class
    return params["n_estimators"]
