"""scikit-learn objects to operators and variables (skl2onnx 1.16's _parse.py), with the output types its shape
calculators give them."""
import numpy as np

from .common.data_types import (
    DictionaryType,
    DoubleTensorType,
    FloatTensorType,
    Int64TensorType,
    SequenceType,
    StringTensorType,
    TensorType,
    guess_tensor_type,
)


# models added by update_registered_converter: class -> (alias, shape calculator, parser or None)
REGISTERED = {}


def _alias(model):
    from sklearn import cluster, ensemble, impute, linear_model, naive_bayes, neighbors, neural_network, preprocessing, svm, tree
    from sklearn.feature_extraction import text

    if type(model) in REGISTERED:
        return REGISTERED[type(model)][0]

    table = [
        (text.CountVectorizer, "SklearnCountVectorizer"),
        (text.TfidfVectorizer, "SklearnTfidfVectorizer"),
        (text.TfidfTransformer, "SklearnTfidfTransformer"),
        (naive_bayes.MultinomialNB, "SklearnMultinomialNB"),
        (naive_bayes.BernoulliNB, "SklearnBernoulliNB"),
        (naive_bayes.ComplementNB, "SklearnComplementNB"),
        (svm.LinearSVC, "SklearnLinearSVC"),
        (linear_model.SGDClassifier, "SklearnSGDClassifier"),
        (linear_model.LogisticRegression, "SklearnLinearClassifier"),
        (linear_model.LinearRegression, "SklearnLinearRegressor"),
        (linear_model.Ridge, "SklearnLinearRegressor"),
        (linear_model.Lasso, "SklearnLinearRegressor"),
        (tree.DecisionTreeClassifier, "SklearnDecisionTreeClassifier"),
        (tree.DecisionTreeRegressor, "SklearnDecisionTreeRegressor"),
        (ensemble.RandomForestClassifier, "SklearnRandomForestClassifier"),
        (ensemble.RandomForestRegressor, "SklearnRandomForestRegressor"),
        (ensemble.GradientBoostingClassifier, "SklearnGradientBoostingClassifier"),
        (ensemble.GradientBoostingRegressor, "SklearnGradientBoostingRegressor"),
        (neural_network.MLPClassifier, "SklearnMLPClassifier"),
        (neural_network.MLPRegressor, "SklearnMLPRegressor"),
        (neighbors.KNeighborsClassifier, "SklearnKNeighborsClassifier"),
        (neighbors.KNeighborsRegressor, "SklearnKNeighborsRegressor"),
        (cluster.KMeans, "SklearnKMeans"),
        (cluster.MiniBatchKMeans, "SklearnMiniBatchKMeans"),
        (svm.SVC, "SklearnSVC"),
        (svm.SVR, "SklearnSVR"),
        (preprocessing.StandardScaler, "SklearnScaler"),
        (preprocessing.MinMaxScaler, "SklearnMinMaxScaler"),
        (preprocessing.MaxAbsScaler, "SklearnMaxAbsScaler"),
        (preprocessing.RobustScaler, "SklearnRobustScaler"),
        (preprocessing.Normalizer, "SklearnNormalizer"),
        (preprocessing.Binarizer, "SklearnBinarizer"),
        (preprocessing.OneHotEncoder, "SklearnOneHotEncoder"),
        (impute.SimpleImputer, "SklearnSimpleImputer"),
    ]
    for cls, alias in table:
        if type(model) is cls:
            return alias
    raise RuntimeError(
        "Unable to find a shape calculator for type '{}'.\nIt usually means the pipeline being converted contains a\n"
        "transformer or a predictor with no corresponding converter\nimplemented in sklearn-onnx (fixture shim: {})."
        .format(type(model), ", ".join(sorted({a for _, a in table})))
    )


def _first_dim(var):
    return var.type.shape[0] if var.type.shape else None


def _width(variables):
    widths = [v.type.shape[1] if len(v.type.shape) > 1 else None for v in variables]
    return None if any(w is None for w in widths) else sum(widths)


def _is_classifier(model):
    from sklearn.base import is_classifier

    return is_classifier(model)


def _label_type(classes, n):
    if all(isinstance(c, str) for c in classes):
        return StringTensorType([n])
    return Int64TensorType([n])


TEXT_VECTORIZERS = ("SklearnCountVectorizer", "SklearnTfidfVectorizer")


def parse_simple_model(scope, model, inputs):
    alias = _alias(model)
    op = scope.declare_local_operator(alias, model)
    op.inputs = inputs
    n = _first_dim(inputs[0])
    if type(model) in REGISTERED:
        # skl2onnx's _parse_sklearn_simple_model: untyped outputs, then the registered shape calculator
        if _is_classifier(model):
            op.outputs.append(scope.declare_local_variable("label", Int64TensorType()))
            op.outputs.append(scope.declare_local_variable("probabilities", type(guess_tensor_type(inputs[0].type))()))
        else:
            op.outputs.append(scope.declare_local_variable("variable", type(guess_tensor_type(inputs[0].type))()))
        REGISTERED[type(model)][1](op)
        return op.outputs
    if _is_classifier(model):
        label = scope.declare_local_variable("label", _label_type(model.classes_, n))
        prob_cls = FloatTensorType if alias == "SklearnRandomForestClassifier" else type(guess_tensor_type(inputs[0].type))
        # a binary LinearSVC gives the positive class's score only (skl2onnx's linear classifier shape calculator)
        width = 1 if alias == "SklearnLinearSVC" and len(model.classes_) <= 2 else len(model.classes_)
        prob = scope.declare_local_variable("probabilities", prob_cls([n, width]))
        op.outputs += [label, prob]
    elif alias in TEXT_VECTORIZERS:
        if len(inputs) != 1 or not isinstance(inputs[0].type, StringTensorType):
            raise RuntimeError(
                "Operator {} expects one StringTensorType input, got {}.".format(alias, [v.type for v in inputs]))
        columns = max(model.vocabulary_.values()) + 1
        op.outputs.append(scope.declare_local_variable("variable", FloatTensorType([n, columns])))
    elif alias == "SklearnSimpleImputer":
        t = inputs[0].type
        cls = type(t) if isinstance(t, (Int64TensorType, StringTensorType)) else type(guess_tensor_type(t))
        op.outputs.append(scope.declare_local_variable("variable", cls([n, _width(inputs)])))
    elif alias in ("SklearnLinearRegressor", "SklearnDecisionTreeRegressor", "SklearnRandomForestRegressor",
                   "SklearnGradientBoostingRegressor", "SklearnSVR", "SklearnMLPRegressor", "SklearnKNeighborsRegressor"):
        cls = type(inputs[0].type) if isinstance(inputs[0].type, (FloatTensorType, DoubleTensorType)) else FloatTensorType
        targets = model.coef_.shape[0] if hasattr(model, "coef_") and len(model.coef_.shape) > 1 else (
            int(getattr(model, "n_outputs_", 1)))
        op.outputs.append(scope.declare_local_variable("variable", cls([n, targets])))
    elif alias in ("SklearnKMeans", "SklearnMiniBatchKMeans"):
        # skl2onnx's calculate_sklearn_kmeans_output_shapes: the cluster index and the distance to every center
        op.outputs.append(scope.declare_local_variable("label", Int64TensorType([n])))
        cls = DoubleTensorType if isinstance(inputs[0].type, DoubleTensorType) else FloatTensorType
        op.outputs.append(scope.declare_local_variable("scores", cls([n, model.n_clusters])))
    elif alias == "SklearnOneHotEncoder":
        total = 0
        for i, cats in enumerate(model.categories_):
            drop = getattr(model, "drop_idx_", None)
            total += len(cats) - (1 if drop is not None and drop[i] is not None else 0)
        op.outputs.append(scope.declare_local_variable("variable", guess_tensor_type(inputs[0].type).__class__([n, total])))
    else:
        cls = type(guess_tensor_type(inputs[0].type))
        op.outputs.append(scope.declare_local_variable("variable", cls([n, _width(inputs)])))
    return op.outputs


def _apply_zipmap(zipmap_options, scope, model, input_type, probability_tensor):
    classes = model.classes_
    if zipmap_options == "columns":
        zipmap_operator = scope.declare_local_operator("SklearnZipMapColumns")
        if np.issubdtype(classes.dtype, np.integer):
            classes_names = ["i%d" % c for c in classes]
        else:
            classes_names = ["s%s" % c for c in classes]
    else:
        zipmap_operator = scope.declare_local_operator("SklearnZipMap")
    zipmap_operator.inputs = probability_tensor
    label_type = Int64TensorType([None])
    if np.issubdtype(classes.dtype, np.floating):
        ints = np.array([int(x) for x in classes])
        if set(float(x) for x in ints) != set(classes):
            raise RuntimeError(
                "skl2onnx implicitly converts float class labels into integers but at least one label is not an "
                "integer. Class labels should be integers or strings."
            )
        zipmap_operator.classlabels_int64s = ints
    elif np.issubdtype(classes.dtype, np.integer):
        zipmap_operator.classlabels_int64s = classes
    else:
        zipmap_operator.classlabels_strings = np.array([s.encode("utf-8") for s in classes])
        label_type = StringTensorType([None])
    zipmap_operator.outputs.append(scope.declare_local_variable("output_label", label_type))
    if zipmap_options == "columns":
        prob_type = probability_tensor[-1].type
        for cl in classes_names:
            zipmap_operator.outputs.append(scope.declare_local_variable(cl, prob_type.__class__([None])))
    else:
        zipmap_operator.outputs.append(
            scope.declare_local_variable(
                "output_probability", SequenceType(DictionaryType(label_type, guess_tensor_type(input_type)))
            )
        )
    return zipmap_operator.outputs


def parse_classifier(scope, model, inputs):
    options = scope.get_options(model, dict(zipmap=True))
    from sklearn.svm import SVC

    no_zipmap = (isinstance(options["zipmap"], bool) and not options["zipmap"]) or (
        isinstance(model, SVC) and not model.probability
    )
    probability_tensor = parse_simple_model(scope, model, inputs)
    if no_zipmap:
        return probability_tensor
    return _apply_zipmap(options["zipmap"], scope, model, inputs[0].type, probability_tensor)


def _fetch_input_slice(scope, inputs, column_indices):
    if len(inputs) != 1:
        raise RuntimeError("Operator ArrayFeatureExtractor does not support multiple input tensors.")
    t = inputs[0].type
    if isinstance(t, TensorType) and len(t.shape) == 2 and t.shape[1] == len(column_indices):
        return inputs
    op = scope.declare_local_operator("SklearnArrayFeatureExtractor")
    op.inputs = inputs
    op.column_indices = column_indices
    out = scope.declare_local_variable("extracted_feature_columns", t.__class__([t.shape[0], len(column_indices)]))
    op.outputs.append(out)
    return op.outputs


def _column_indices(indices, inputs):
    """skl2onnx.common.utils.get_column_indices(multiple=True): {input position: [columns in that input]}."""
    res = {}
    if all(isinstance(i, str) for i in indices):
        names = [v.onnx_name for v in inputs]
        for name in indices:
            if name not in names:
                raise RuntimeError("Unable to find column name %r among names %r." % (name, names))
            res.setdefault(names.index(name), []).append(0)
        return res
    widths = [v.type.shape[1] for v in inputs]
    for i in indices:
        i = int(i)
        pos = 0
        while pos < len(widths) and i >= widths[pos]:
            i -= widths[pos]
            pos += 1
        if pos >= len(widths):
            raise RuntimeError("Column index out of range.")
        res.setdefault(pos, []).append(i)
    return res


def parse_column_transformer(scope, model, inputs):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.compose import ColumnTransformer

    do_not_merge = (OneHotEncoder, ColumnTransformer)
    results = []
    for name, op, column_indices in model.transformers_:
        if op == "drop":
            continue
        if isinstance(column_indices, slice):
            column_indices = list(range(column_indices.start or 0, column_indices.stop, column_indices.step or 1))
        elif isinstance(column_indices, (int, str)):
            column_indices = [column_indices]
        transform_inputs = []
        for var_index, cols in _column_indices(list(column_indices), inputs).items():
            transform_inputs.extend(_fetch_input_slice(scope, [inputs[var_index]], cols))
        merged = False
        if len(transform_inputs) > 1:
            first = op.steps[0][1] if isinstance(op, Pipeline) else op
            merged = not isinstance(first, do_not_merge)
        if merged:
            ty = transform_inputs[0].type.__class__([None, None])
            conc = scope.declare_local_operator("SklearnConcat")
            conc.inputs = transform_inputs
            conc.outputs.append(scope.declare_local_variable("merged_columns", ty))
            transform_inputs = conc.outputs
        model_obj = model.named_transformers_[name]
        if isinstance(model_obj, str):
            if model_obj == "passthrough":
                var_out = transform_inputs[0]
            else:
                var_out = None
        else:
            var_out = parse(scope, model_obj, transform_inputs)[0]
        if var_out is not None:
            results.append(var_out)
    if len(results) > 1:
        ty = results[0].type.__class__([None, None])
        conc = scope.declare_local_operator("SklearnConcat")
        conc.inputs = results
        conc.outputs.append(scope.declare_local_variable("transformed_column", ty))
        return conc.outputs
    return results


def parse(scope, model, inputs):
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    if isinstance(model, Pipeline):
        for _, step in model.steps:
            if step == "passthrough" or step is None:
                continue
            # skl2onnx's _parse_sklearn_pipeline: a pipeline's options (options={id(pipe): {"zipmap": False}}) go to
            # every step that has none of its own
            if id(model) in scope.options and id(step) not in scope.options and type(step) not in scope.options:
                scope.options[id(step)] = scope.options[id(model)]
            inputs = parse(scope, step, inputs)
        return inputs
    if isinstance(model, ColumnTransformer):
        return parse_column_transformer(scope, model, inputs)
    if type(model) in REGISTERED:
        parser = REGISTERED[type(model)][2]
        if parser is not None:
            return parser(scope, model, inputs, custom_parsers=None)
        return parse_simple_model(scope, model, inputs)
    from sklearn.svm import LinearSVC

    # skl2onnx registers every classifier's parser except LinearSVC's: no ZipMap after it, its scores are outputs
    if _is_classifier(model) and type(model) is not LinearSVC:
        return parse_classifier(scope, model, inputs)
    return parse_simple_model(scope, model, inputs)
