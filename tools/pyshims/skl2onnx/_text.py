"""CountVectorizer, TfidfVectorizer and TfidfTransformer as skl2onnx 1.16 converts them
(operator_converters/text_vectoriser.py, tfidf_vectoriser.py, tfidf_transformer.py there).

The graph: Reshape to 1-D + StringNormalizer (lowercasing, stop words) -> Tokenizer (com.microsoft, a regular
expression) -> Flatten -> TfIdfVectorizer (mode TF, the fitted vocabulary's n-grams) [-> Cast to bool and back when
binary] -> Mul by idf_ -> Normalizer. It is skl2onnx's, with skl2onnx's known differences from scikit-learn, which
the shim keeps on purpose (README.md lists them): `(?u)\\b\\w\\w+\\b` becomes `[a-zA-Z0-9_]+`, stop words only remove
whole input strings, and sublinear_tf is refused at opset >= 11.
"""
import warnings
from collections import Counter

import numpy as np
from onnx import TensorProto

from ._topology import apply_add, apply_cast, apply_identity, apply_log, apply_mul, apply_normalizer, apply_reshape
from .common.data_types import DoubleTensorType, FloatTensorType

DEFAULT_TOKEN_PATTERN = "(?u)\\b\\w\\w+\\b"
# what skl2onnx writes instead of scikit-learn's default pattern (re2 has no \b with (?u))
ONNX_DEFAULT_TOKEN_PATTERN = "[a-zA-Z0-9_]+"

_TEXT_OPTIONS = {"separators", "tokenexp", "nan", "keep_empty_string", "locale"}


def _check_options(scope, model, allowed):
    given = scope.get_options(model)
    for k in given:
        if k not in allowed:
            raise NameError("Option '{}' not in {} for class '{}'.".format(
                k, list(sorted(allowed)), model.__class__.__name__))


def _split_ngram(text, op, tokenizer, existing):
    """skl2onnx's _intelligent_split: scikit-learn names an n-gram by joining its tokens with spaces, so the
    converter splits each vocabulary entry back into tokens, refusing the entries it cannot split unambiguously."""
    vocabulary = op.vocabulary_
    if op.analyzer == "word":
        if op.ngram_range[0] == op.ngram_range[1] == 1:
            spl = [text]
        elif op.ngram_range[0] == 1 and len(text) >= 2:
            p1 = len(text) - len(text.lstrip())
            p2_ = len(text) - len(text.rstrip())
            p2 = len(text) if p2_ == 0 else -p2_
            spl = text[p1:p2].split()
            if len(spl) <= 1:
                spl = [text]
            else:
                spl[0] = " " * p1 + spl[0]
                spl[-1] = spl[-1] + " " * p2_
            exc = None
            if len(spl) == 2:
                if spl[0] not in vocabulary or spl[1] not in vocabulary:
                    spl = [text]
            elif len(spl) == 3:
                stok = (all(s in vocabulary for s in spl), spl)
                spl12 = (spl[2] in vocabulary and (spl[0] + " " + spl[1]) in vocabulary,
                         [spl[0] + " " + spl[1], spl[2]])
                spl23 = (spl[0] in vocabulary and (spl[1] + " " + spl[2]) in vocabulary,
                         [spl[0], spl[1] + " " + spl[2]])
                c = Counter(t[0] for t in (stok, spl12, spl23))
                if c.get(True, -1) == 0:
                    spl = [text]
                found = [el[1] for el in (stok, spl12, spl23) if el[0]]
                if len(found) == 1:
                    spl = found[0]
                elif len(found) == 0:
                    spl = [text]
                elif not stok[0]:
                    exc = "More than one decomposition in tokens: [" + ", ".join("-".join(t) for t in found) + "]."
            elif len(spl) > 3 and any(g in vocabulary for g in spl):
                exc = "Unable to identify tokens in n-grams."
            if exc:
                raise RuntimeError(
                    "Unable to split n-grams '{}' into tokens. {} This happens when a token contain spaces. Token '{}' "
                    "may be a token or a n-gram '{}'.".format(text, exc, text, spl))
        else:
            spl = tokenizer(text)
    else:
        spl = list(text)
    spl = tuple(spl)
    if spl in existing:
        raise RuntimeError(
            "The converter cannot guess how to split expression {!r} into tokens. This case happens when tokens have "
            "spaces.".format(text))
    if op.ngram_range[0] == 1 and (len(op.ngram_range) == 1 or op.ngram_range[1] > 1):
        for g in spl:
            if g not in vocabulary:
                raise RuntimeError(
                    "Unable to split n-grams '{}' into tokens {} existing in the vocabulary. Token '{}' does not exist "
                    "in the vocabulary..".format(text, spl, g))
    existing.add(spl)
    return spl


def convert_text_vectorizer(scope, operator, container):
    op = operator.raw_operator
    if operator.target_opset < 9:
        raise RuntimeError("Converter for '{}' only works for opset >= 9.".format(op.__class__.__name__))
    if op.analyzer == "char_wb":
        raise NotImplementedError(
            "CountVectorizer cannot be converted, only tokenizer='word' is fully supported. You may raise an issue at "
            "https://github.com/onnx/sklearn-onnx/issues.")
    if op.analyzer == "char":
        warnings.warn(
            "The conversion of CountVectorizer may not work. only tokenizer='word' is fully supported. You may raise "
            "an issue at https://github.com/onnx/sklearn-onnx/issues.", UserWarning)
    if op.strip_accents is not None:
        raise NotImplementedError(
            "CountVectorizer cannot be converted, only strip_accents=None is supported. You may raise an issue at "
            "https://github.com/onnx/sklearn-onnx/issues.")

    _check_options(scope, op, _TEXT_OPTIONS)
    options = scope.get_options(op, dict(separators="DEFAULT", tokenexp=None, nan=False, keep_empty_string=False,
                                         locale=None))
    if options["keep_empty_string"]:
        # skl2onnx then runs StringNormalizer inside a Scan over the rows
        raise NotImplementedError("the fixture shim does not write option keep_empty_string=True")

    if op.analyzer == "word":
        if options["separators"] == "DEFAULT" and options["tokenexp"] is None:
            regex = op.token_pattern
            if regex == DEFAULT_TOKEN_PATTERN:
                regex = ONNX_DEFAULT_TOKEN_PATTERN
            default_separators = None
        elif options["tokenexp"] is not None:
            if options["tokenexp"]:
                regex = options["tokenexp"]
            else:
                regex = op.token_pattern
                if regex == DEFAULT_TOKEN_PATTERN:
                    regex = ONNX_DEFAULT_TOKEN_PATTERN
            default_separators = None
        else:
            regex = None
            default_separators = options["separators"]
    else:
        if options["separators"] != "DEFAULT":
            raise RuntimeError("Option separators has no effect if analyser != 'word'.")
        regex = options["tokenexp"] if options["tokenexp"] else "."
        default_separators = None

    if op.preprocessor is not None:
        raise NotImplementedError(
            "Custom preprocessor cannot be converted into ONNX. You may raise an issue at "
            "https://github.com/onnx/sklearn-onnx/issues.")
    if op.tokenizer is not None:
        raise NotImplementedError(
            "Custom tokenizer cannot be converted into ONNX. You may raise an issue at "
            "https://github.com/onnx/sklearn-onnx/issues.")

    # skl2onnx's union: stop_words_ (the terms min_df, max_df and max_features dropped) and stop_words, which for
    # stop_words="english" is the set of that word's letters, as set("english") is
    if hasattr(op, "stop_words_"):
        stop_words = op.stop_words_ | (set(op.stop_words) if op.stop_words else set())
    else:
        stop_words = set()
    for w in stop_words:
        if not isinstance(w, str):
            raise TypeError("One stop word is not a string {!r} in stop_words={}.".format(w, stop_words))

    if op.lowercase or stop_words:
        if len(operator.inputs) != 1:
            raise RuntimeError("Only one input is allowed, found {}.".format(operator.input_full_names))
        attrs = {"name": scope.get_unique_operator_name("StringNormalizer")}
        normalized = scope.get_unique_variable_name("normalized")
        if operator.target_opset >= 10:
            attrs.update({"case_change_action": "LOWER", "is_case_sensitive": not op.lowercase})
            op_version, domain = 10, ""
        else:
            attrs.update({"casechangeaction": "LOWER", "is_case_sensitive": not op.lowercase})
            op_version, domain = 9, "com.microsoft"
        if options["locale"] is not None:
            attrs["locale"] = options["locale"]
        if stop_words:
            attrs["stopwords"] = list(sorted(stop_words))
        flatten = scope.get_unique_variable_name("flattened")
        apply_reshape(scope, operator.inputs[0].full_name, flatten, container, desired_shape=(-1,), op_version=5)
        container.add_node("StringNormalizer", flatten, normalized, op_version=1 if domain else op_version,
                           op_domain=domain, **attrs)
    else:
        normalized = operator.input_full_names

    padvalue = "#"
    while padvalue in op.vocabulary_:
        padvalue += "#"
    attrs = {"name": scope.get_unique_operator_name("Tokenizer"), "pad_value": padvalue, "mark": False,
             "mincharnum": 1}
    if regex is None:
        attrs["separators"] = default_separators
    else:
        attrs["tokenexp"] = regex
    tokenized = scope.get_unique_variable_name("tokenized")
    container.add_node("Tokenizer", normalized, tokenized, op_domain="com.microsoft", **attrs)

    # Tokenizer answers [N, T] for a 1-D input and [N, 1, T] for [N, 1]: TfIdfVectorizer wants 2-D
    flatt_tokenized = scope.get_unique_variable_name("flattened")
    container.add_node("Flatten", tokenized, flatt_tokenized, name=scope.get_unique_operator_name("Flatten"))
    tokenized = flatt_tokenized

    C = max(op.vocabulary_.values()) + 1
    words = [None] * C
    weights = [0] * C
    for k, v in op.vocabulary_.items():
        words[v] = k
        weights[v] = 1.0

    # scikit-learn numbers n-grams alphabetically; TfIdfVectorizer wants its pool grouped by n
    tokenizer = op.build_tokenizer()
    split_words = []
    existing = set()
    errors = []
    for w in words:
        try:
            spl = _split_ngram(w, op, tokenizer, existing)
        except RuntimeError as e:
            errors.append(e)
            continue
        split_words.append((spl, w))
    if errors:
        raise RuntimeError(
            "There were ambiguities between n-grams and tokens. {} errors occurred. You can fix it by using class "
            "Traceable{}.\nYou can learn more at https://github.com/scikit-learn/scikit-learn/issues/13733.\n{}".format(
                len(errors), op.__class__.__name__, "\n".join(map(str, errors))))

    ng_split_words = sorted((len(a[0]), a[0], i) for i, a in enumerate(split_words))
    key_indices = [a[2] for a in ng_split_words]
    ngcounts = [0 for _ in range(op.ngram_range[0])]
    pool = list(ng_split_words[0][1])
    for i in range(1, len(ng_split_words)):
        if ng_split_words[i - 1][0] != ng_split_words[i][0]:
            ngcounts.append(len(pool))
        pool.extend(ng_split_words[i][1])
    weights_ = [weights[a[2]] for a in ng_split_words]
    weights = list(weights_)
    for i, ind in enumerate(key_indices):
        weights[ind] = weights_[i]

    attrs = {
        "name": scope.get_unique_operator_name("TfIdfVectorizer"),
        "min_gram_length": op.ngram_range[0],
        "max_gram_length": op.ngram_range[1],
        "mode": "TF",
        "max_skip_count": 0,
        "pool_strings": pool,
        "ngram_indexes": key_indices,
        "ngram_counts": ngcounts,
        "weights": [np.float32(w) for w in weights],
    }
    # the input is a string tensor, so skl2onnx's proto type is float (its double branch never applies)
    output = scope.get_unique_variable_name("output")
    container.add_node("TfIdfVectorizer", tokenized, output, op_domain="", op_version=9, **attrs)

    if op.binary:
        cast_result_name = scope.get_unique_variable_name("cast_result")
        output_name = scope.get_unique_variable_name("output_name")
        apply_cast(scope, output, cast_result_name, container, to=TensorProto.BOOL, op_version=9)
        apply_cast(scope, cast_result_name, output_name, container, to=TensorProto.FLOAT, op_version=9)
        output = output_name

    if options["nan"]:
        output = _replace_zeros_by_nan(scope, container, output, TensorProto.FLOAT)
    apply_identity(scope, output, operator.outputs[0].full_name, container)


def _replace_zeros_by_nan(scope, container, output, proto_dtype):
    cst_nan_name = scope.get_unique_variable_name("nan_name")
    container.add_initializer(cst_nan_name, proto_dtype, [1], [np.nan])
    cst_zero_name = scope.get_unique_variable_name("zero_name")
    container.add_initializer(cst_zero_name, proto_dtype, [1], [0])
    mask_name = scope.get_unique_variable_name("mask_name")
    container.add_node("Equal", [output, cst_zero_name], mask_name, name=scope.get_unique_operator_name("Equal"))
    where_name = scope.get_unique_variable_name("where_name")
    container.add_node("Where", [mask_name, cst_nan_name, output], where_name,
                       name=scope.get_unique_operator_name("Where"))
    return where_name


def convert_tfidf_vectorizer(scope, operator, container):
    """A TfidfVectorizer is converted as the CountVectorizer and the TfidfTransformer it is made of: two operators
    declared here, converted after every operator the parser declared."""
    tfidf_op = operator.raw_operator
    cv_operator = scope.declare_local_operator("SklearnCountVectorizer", tfidf_op)
    cv_operator.inputs = operator.inputs
    columns = max(tfidf_op.vocabulary_.values()) + 1
    cv_output = scope.declare_local_variable("count_vec_output", FloatTensorType([None, columns]))
    cv_operator.outputs.append(cv_output)

    tfidf_operator = scope.declare_local_operator("SklearnTfidfTransformer", tfidf_op)
    tfidf_operator.inputs.append(cv_output)
    tfidf_output = scope.declare_local_variable("tfidf_output", FloatTensorType())
    tfidf_operator.outputs.append(tfidf_output)

    apply_identity(scope, tfidf_output.full_name, operator.outputs[0].full_name, container)


def convert_tfidf_transformer(scope, operator, container):
    op = operator.raw_operator
    double = isinstance(operator.inputs[0].type, DoubleTensorType)
    float_type = np.float64 if double else np.float32
    proto_dtype = TensorProto.DOUBLE if double else TensorProto.FLOAT
    _check_options(scope, op, _TEXT_OPTIONS if hasattr(op, "vocabulary_") else {"nan"})
    data = operator.input_full_names
    output_name = scope.get_unique_variable_name("tfidftr_output")

    if op.sublinear_tf:
        # scikit-learn computes 1 + log(tf) on the stored (non-zero) counts only. Without sparse tensors skl2onnx
        # 1.16 approximates it by log(tf + 1) below opset 11 and refuses above.
        if operator.target_opset < 11:
            plus1 = scope.get_unique_variable_name("plus1")
            C = operator.inputs[0].type.shape[1]
            ones = scope.get_unique_variable_name("ones")
            container.add_initializer(ones, proto_dtype, [C], np.ones((C,), dtype=float_type))
            apply_add(scope, data + [ones], plus1, container)
            plus1logged = scope.get_unique_variable_name("plus1logged")
            apply_log(scope, plus1, plus1logged, container)
            data = [plus1logged]
        else:
            raise RuntimeError("ONNX does not support sparse tensors before opset < 11, sublinear_tf must be False.")

    if op.use_idf:
        cst = op.idf_.astype(float_type)
        if len(cst.shape) > 1:
            cst = np.diag(cst)
        cst = cst.ravel().flatten()
        idfcst = scope.get_unique_variable_name("idfcst")
        container.add_initializer(idfcst, proto_dtype, [len(cst)], cst)
        apply_mul(scope, data + [idfcst], output_name, container)
    else:
        output_name = data[0]

    if op.norm is not None:
        norm_name = scope.get_unique_variable_name("tfidftr_norm")
        if double:
            raise NotImplementedError("the fixture shim writes the float Normalizer only (skl2onnx switches to "
                                      "ReduceSumSquare + Sqrt + Div on doubles)")
        apply_normalizer(scope, output_name, norm_name, container, norm=op.norm.upper())
        output_name = norm_name

    if scope.get_options(op, dict(nan=False))["nan"]:
        output_name = _replace_zeros_by_nan(scope, container, output_name, proto_dtype)
    apply_identity(scope, output_name, operator.outputs[0].full_name, container)
