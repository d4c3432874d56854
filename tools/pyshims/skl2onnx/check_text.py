"""Self-check of the shim's text converters: their graphs, run by onnxruntime-node through the onnxruntime shim,
against scikit-learn's own transform / predict / predict_proba.

    PYTHONPATH=tools/pyshims /usr/bin/python3 tools/pyshims/skl2onnx/check_text.py [-v]

skl2onnx's graph does not tokenize exactly as scikit-learn does (README.md, "Text"): its Tokenizer uses
`[a-zA-Z0-9_]+` for scikit-learn's default `(?u)\\b\\w\\w+\\b`, so one-character tokens and non-ASCII letters come out
differently, and stop words are not removed from inside a text. So every graph is checked twice:
- against a plain Python reading of what skl2onnx's graph computes (lowercase, that regular expression, the fitted
  vocabulary's n-gram counts, idf, norm): it must agree on every text (atol 1e-5, float32);
- against scikit-learn: on the texts whose tokens both agree on, vectors within 1e-5 and the same labels and
  probabilities within 1e-5; the share of texts on which they disagree is printed, never hidden.
Exits non-zero on the first failure.
"""
import re
import sys
import tempfile
import os

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, ComplementNB, MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

import onnxruntime as rt
from skl2onnx import convert_sklearn, to_onnx
from skl2onnx.common.data_types import StringTensorType
from skl2onnx._text import DEFAULT_TOKEN_PATTERN, ONNX_DEFAULT_TOKEN_PATTERN

VERBOSE = "-v" in sys.argv
ATOL = 1e-5
TMP = tempfile.mkdtemp()

# ---- a seeded corpus of support tickets in four classes, with what real text has: capitals, punctuation, digits,
# one-letter words ("I", "a"), accents, repeated words, and texts made only of unknown words ---------------------------
TOPICS = {
    "billing": "refund charge charged invoice payment card billing money price subscription twice overcharged plan "
               "receipt paid",
    "bug": "crash crashes error bug broken freeze freezes button page login screen loading fails exception 500 404 "
           "blank",
    "shipping": "delivery package shipping shipped arrived late tracking courier parcel address box damaged days "
                "week",
    "account": "password account email reset username locked profile settings verify code sign security two factor",
}
FILLER = ("i a the my it is was to and please help can you not this when on with for me still again "
          "hello thanks urgent asap today since yesterday").split()
EXTRA = "café naïve résumé x y 7 42 2024 v2 ok no".split()


def make_texts(n, seed):
    rng = np.random.RandomState(seed)
    names = sorted(TOPICS)
    texts, labels = [], []
    for _ in range(n):
        label = names[rng.randint(len(names))]
        words = TOPICS[label].split()
        k = rng.randint(3, 12)
        toks = []
        for _ in range(k):
            r = rng.rand()
            if r < 0.5:
                toks.append(words[rng.randint(len(words))])
            elif r < 0.9:
                toks.append(FILLER[rng.randint(len(FILLER))])
            else:
                toks.append(EXTRA[rng.randint(len(EXTRA))])
        if rng.rand() < 0.3:
            toks[0] = toks[0].capitalize()
        if rng.rand() < 0.2:
            toks = [t.upper() if rng.rand() < 0.3 else t for t in toks]
        text = " ".join(toks)
        text += [".", "!", "?", "!!", "", " :(", ", thanks."][rng.randint(7)]
        texts.append(text)
        labels.append(label)
    return texts, labels


TRAIN, Y_TRAIN = make_texts(600, 0)
TEST, Y_TEST = make_texts(300, 1)
TEST += ["", "   ", "zzz qqq", "I", "a a a a", "REFUND REFUND refund", "crash, crash; crash!", "café résumé"]
Y_TEST += ["bug"] * 8


def graph_stop_words(vec):
    """skl2onnx's StringNormalizer stop words: stop_words_ with set(stop_words), the letters of "english"."""
    return vec.stop_words_ | (set(vec.stop_words) if vec.stop_words else set())


def kept_rows(vec, texts):
    """StringNormalizer drops every input string equal to a stop word (case-insensitively when lowercase=True), so
    the graph answers one row fewer for each."""
    stop = graph_stop_words(vec)
    if vec.lowercase:
        stop = {w.lower() for w in stop}
        return [i for i, t in enumerate(texts) if t.lower() not in stop]
    return [i for i, t in enumerate(texts) if t not in stop]


def onnx_tokens(vec, text):
    """The tokens skl2onnx's graph sees: StringNormalizer lowercases (whatever `lowercase` says once a stop word
    exists), Tokenizer finds the regular expression's matches of at least one character."""
    pattern = vec.token_pattern
    if pattern == DEFAULT_TOKEN_PATTERN:
        pattern = ONNX_DEFAULT_TOKEN_PATTERN
    if vec.lowercase or graph_stop_words(vec):
        text = text.lower()
    return [t for t in re.findall(pattern, text) if len(t) >= 1]


def sklearn_tokens(vec, text):
    return vec.build_tokenizer()(vec.build_preprocessor()(text))


def ngrams(tokens, lo, hi):
    out = []
    for n in range(lo, hi + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def expected_onnx_counts(vec, texts):
    """What the graph's TfIdfVectorizer counts: every n-gram of the graph's tokens found in the vocabulary."""
    X = np.zeros((len(texts), len(vec.vocabulary_)), dtype=np.float64)
    for i, t in enumerate(texts):
        for g in ngrams(onnx_tokens(vec, t), *vec.ngram_range):
            j = vec.vocabulary_.get(g)
            if j is not None:
                X[i, j] += 1
    if vec.binary:
        X = (X > 0).astype(np.float64)
    return X


def tfidf_like(vec, counts):
    if not isinstance(vec, TfidfVectorizer):
        return counts
    X = counts * vec.idf_ if vec.use_idf else counts
    if vec.norm == "l2":
        n = np.sqrt((X ** 2).sum(axis=1, keepdims=True))
        X = np.divide(X, n, out=np.zeros_like(X), where=n != 0)
    elif vec.norm == "l1":
        n = np.abs(X).sum(axis=1, keepdims=True)
        X = np.divide(X, n, out=np.zeros_like(X), where=n != 0)
    return X


def same_tokens(vec, text):
    """Texts on which scikit-learn and the graph count the same n-grams of the vocabulary."""
    stop = set(vec.get_stop_words() or ())
    a = ngrams([t for t in sklearn_tokens(vec, text) if t not in stop], *vec.ngram_range)
    b = ngrams(onnx_tokens(vec, text), *vec.ngram_range)
    voc = vec.vocabulary_
    return sorted(g for g in a if g in voc) == sorted(g for g in b if g in voc)


def run(onx, texts, shape=(-1, 1)):
    path = os.path.join(TMP, "m.onnx")
    with open(path, "wb") as f:
        f.write(onx.SerializeToString())
    sess = rt.InferenceSession(path)
    return sess.run(None, {sess.get_inputs()[0].name: np.array(texts, dtype=object).reshape(shape)})


def check(cond, message):
    if not cond:
        print("FAIL:", message)
        sys.exit(1)


def report(name, agree, total, worst):
    print("  %-58s same tokens %3d/%3d   max |diff| %.2e" % (name, agree, total, worst))


VECTORIZERS = [
    ("CountVectorizer()", CountVectorizer()),
    ("CountVectorizer(binary=True, min_df=2)", CountVectorizer(binary=True, min_df=2)),
    ("CountVectorizer(ngram_range=(1, 2), max_features=300)", CountVectorizer(ngram_range=(1, 2), max_features=300)),
    ("CountVectorizer(stop_words='english')", CountVectorizer(stop_words="english")),
    ("CountVectorizer(token_pattern=r'[a-z]+', lowercase=False)",
     CountVectorizer(token_pattern=r"[a-z]+", lowercase=False)),
    ("TfidfVectorizer()", TfidfVectorizer()),
    ("TfidfVectorizer(ngram_range=(1, 2), min_df=2)", TfidfVectorizer(ngram_range=(1, 2), min_df=2)),
    ("TfidfVectorizer(norm='l1', max_df=0.5)", TfidfVectorizer(norm="l1", max_df=0.5)),
    ("TfidfVectorizer(use_idf=False, norm=None)", TfidfVectorizer(use_idf=False, norm=None)),
    ("TfidfVectorizer(ngram_range=(2, 2))", TfidfVectorizer(ngram_range=(2, 2))),
]

print("vectorizers (%d texts)" % len(TEST))
for name, vec in VECTORIZERS:
    vec.fit(TRAIN)
    onx = convert_sklearn(vec, initial_types=[("input", StringTensorType([None, 1]))])
    got = run(onx, TEST)[0]
    kept = kept_rows(vec, TEST)
    texts = [TEST[i] for i in kept]
    check(got.shape == (len(kept), len(vec.vocabulary_)), "%s: shape %s" % (name, got.shape))
    want_graph = tfidf_like(vec, expected_onnx_counts(vec, texts))
    err = np.abs(got - want_graph).max()
    check(err < ATOL, "%s: graph != skl2onnx's reading, max diff %g" % (name, err))
    ref = vec.transform(texts).toarray()
    mask = np.array([same_tokens(vec, t) for t in texts])
    worst = np.abs(got[mask] - ref[mask]).max()
    check(worst < ATOL, "%s: scikit-learn and the graph differ on texts with the same tokens (%g)" % (name, worst))
    report(name, mask.sum(), len(TEST), worst)
    if len(kept) < len(TEST):
        print("  %-58s %d texts equal to a stop word dropped from the batch: %s" % (
            "", len(TEST) - len(kept), [t for i, t in enumerate(TEST) if i not in kept]))

sub = TfidfTransformer().fit(CountVectorizer().fit_transform(TRAIN))
check(isinstance(sub, TfidfTransformer), "TfidfTransformer")

# sublinear_tf: skl2onnx 1.16 refuses it at opset >= 11 and approximates 1 + log(tf) by log(1 + tf) below
try:
    convert_sklearn(TfidfVectorizer(sublinear_tf=True).fit(TRAIN), initial_types=[("input", StringTensorType([None, 1]))])
    check(False, "sublinear_tf=True converted at opset 17")
except RuntimeError as e:
    check("sublinear_tf must be False" in str(e), "sublinear_tf message: %s" % e)


def pipelines():
    tf = lambda: TfidfVectorizer(ngram_range=(1, 2), min_df=2)  # noqa: E731
    cv = lambda: CountVectorizer()  # noqa: E731
    return [
        ("tfidf + LogisticRegression (4 string classes)", Pipeline([("v", tf()), ("c", LogisticRegression(max_iter=500))]),
         None),
        ("tfidf + LogisticRegression (binary int)", Pipeline([("v", tf()), ("c", LogisticRegression())]), "binary"),
        ("count + MultinomialNB", Pipeline([("v", cv()), ("c", MultinomialNB())]), None),
        ("count + MultinomialNB (binary int)", Pipeline([("v", cv()), ("c", MultinomialNB(alpha=0.5))]), "binary"),
        ("count + ComplementNB", Pipeline([("v", cv()), ("c", ComplementNB())]), None),
        ("count(binary) + BernoulliNB", Pipeline([("v", CountVectorizer(binary=True)), ("c", BernoulliNB())]), None),
        ("tfidf + BernoulliNB(binarize=0.1)", Pipeline([("v", tf()), ("c", BernoulliNB(binarize=0.1))]), None),
        ("tfidf + LinearSVC", Pipeline([("v", tf()), ("c", LinearSVC())]), None),
        ("tfidf + LinearSVC (binary)", Pipeline([("v", tf()), ("c", LinearSVC())]), "binary_str"),
        ("tfidf + SGDClassifier(hinge)", Pipeline([("v", tf()), ("c", SGDClassifier(random_state=0))]), None),
        ("tfidf + SGDClassifier(log_loss)",
         Pipeline([("v", tf()), ("c", SGDClassifier(loss="log_loss", random_state=0))]), None),
        ("tfidf + SGDClassifier(log_loss, binary)",
         Pipeline([("v", tf()), ("c", SGDClassifier(loss="log_loss", random_state=0))]), "binary"),
        ("tfidf + SGDClassifier(modified_huber)",
         Pipeline([("v", tf()), ("c", SGDClassifier(loss="modified_huber", random_state=0))]), None),
    ]


def scores_of(pipe, texts):
    clf = pipe.steps[-1][1]
    if hasattr(clf, "predict_proba") and not isinstance(clf, SGDClassifier) or (
            isinstance(clf, SGDClassifier) and clf.loss in ("log_loss", "modified_huber")):
        return pipe.predict_proba(texts)
    d = pipe.decision_function(texts)
    if isinstance(clf, SGDClassifier) and d.ndim == 1:
        return np.stack([-d, d], axis=1)
    return d.reshape(len(texts), -1)


print("pipelines, ZipMap off (%d texts)" % len(TEST))
for name, pipe, kind in pipelines():
    y = np.array(Y_TRAIN)
    if kind == "binary":
        y = (y == "billing").astype(np.int64)
    elif kind == "binary_str":
        y = np.where(y == "billing", "billing", "other")
    pipe.fit(TRAIN, y)
    clf = pipe.steps[-1][1]
    opts = {} if isinstance(clf, LinearSVC) else {id(clf): {"zipmap": False}}
    onx = convert_sklearn(pipe, initial_types=[("input", StringTensorType([None, 1]))], options=opts)
    label, proba = run(onx, TEST)
    vec = pipe.steps[0][1]
    mask = np.array([same_tokens(vec, t) for t in TEST])
    want_label = pipe.predict(TEST)
    want = scores_of(pipe, TEST)
    check(proba.shape == want.shape, "%s: probabilities shape %s != %s" % (name, proba.shape, want.shape))
    worst = np.abs(proba[mask] - want[mask]).max()
    same = (label[mask] == want_label[mask])
    # a label may only differ where the two best scores tie within float32
    top2 = np.sort(want[mask], axis=1)[:, -2:] if want.shape[1] > 1 else None
    ties = (np.abs(top2[:, 1] - top2[:, 0]) < ATOL) if top2 is not None else np.zeros(mask.sum(), bool)
    check(np.all(same | ties), "%s: labels differ on %d texts with the same tokens" % (name, (~same & ~ties).sum()))
    check(worst < ATOL, "%s: scores differ by %g on texts with the same tokens" % (name, worst))
    report(name, mask.sum(), len(TEST), worst)

print("the idioms: ZipMap dicts, to_onnx(pipe, X[:1]), np.array([[...]])")
pipe = Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=500))]).fit(TRAIN, Y_TRAIN)
onx = convert_sklearn(pipe, initial_types=[("input", StringTensorType([None, 1]))])
texts = [t for t in TEST if same_tokens(pipe.steps[0][1], t)][:40]
label, dicts = run(onx, texts)
check(list(label) == list(pipe.predict(texts)), "ZipMap labels")
for d, p in zip(dicts, pipe.predict_proba(texts)):
    check(sorted(d) == sorted(pipe.classes_), "ZipMap keys %s" % sorted(d))
    check(max(abs(d[c] - v) for c, v in zip(pipe.classes_, p)) < ATOL, "ZipMap values")
X_train = np.array(TRAIN).reshape(-1, 1)
nb = Pipeline([("vect", CountVectorizer()), ("nb", MultinomialNB())]).fit(TRAIN, Y_TRAIN)
onx = to_onnx(nb, X_train[:1], options={id(nb.steps[-1][1]): {"zipmap": False}})
check(onx.graph.input[0].name == "X", "to_onnx names the input X")
label, proba = run(onx, [["Refund please, I was charged twice"]], shape=(1, 1))
check(label[0] == nb.predict(["Refund please, I was charged twice"])[0], "to_onnx label")
print("ok")
