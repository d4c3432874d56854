// The only globals a pickle may name: fitted scikit-learn transformers (data: their attribute dicts), numpy's array,
// dtype and scalar reconstructors, a few harmless builtins, joblib's array wrapper. Every other global is refused by
// name when the reader meets it, before anything refers to it. None of these is ever called: the reader builds the
// data each one would build (an array from bytes, a dict from pairs, an object from its attribute dict).

/** What an allowed global stands for in the reader. */
export type AllowedGlobal =
  /** A scikit-learn (or scipy.sparse) class: instances become `{k: "object", cls, state}` from their attribute dict. */
  | { readonly kind: "class"; readonly cls: string }
  /** A list subclass (ColumnTransformer's remainder column list): its items, as a list. */
  | { readonly kind: "list-class"; readonly cls: string }
  /** `numpy.core.multiarray._reconstruct(ndarray, (0,), b"b")`: an empty array whose BUILD gives shape, dtype, data. */
  | { readonly kind: "np-reconstruct" }
  /** `numpy.core.multiarray.scalar(dtype, bytes)`: a numpy scalar. */
  | { readonly kind: "np-scalar" }
  /** `numpy.dtype(spec, align, copy)` (BUILD gives the byte order). */
  | { readonly kind: "np-dtype" }
  /** `numpy.core.numeric._frombuffer(buffer, dtype, shape, order)`: arrays pickled with protocol 5. */
  | { readonly kind: "np-frombuffer" }
  /** `numpy.core._ufunc_reconstruct(module, name)`: a numpy ufunc, by name. */
  | { readonly kind: "np-ufunc-reconstruct" }
  /** `numpy.ndarray` as the class argument of `_reconstruct` (and joblib's `subclass`). */
  | { readonly kind: "np-ndarray" }
  /** A numpy ufunc named directly (`numpy.core._multiarray_umath.log1p`, `numpy.log1p`). */
  | { readonly kind: "np-ufunc"; readonly name: string }
  /** A type used as a dtype value (`dtype=np.float64`, `dtype=float`): the dtype's name. */
  | { readonly kind: "dtype-type"; readonly dtype: string }
  /** Builtins that make plain data from plain data. */
  | { readonly kind: "codecs-encode" | "bytes" | "bytearray" | "set" | "frozenset" | "slice" | "ordered-dict" }
  /** `copyreg._reconstructor(cls, object, None)` (protocols 0 and 1): an empty instance of an allowed class. */
  | { readonly kind: "reconstructor" }
  /** builtins.object, the base argument of `_reconstructor`. */
  | { readonly kind: "object-type" }
  /** joblib's NumpyArrayWrapper: the array's bytes follow its BUILD in the file. */
  | { readonly kind: "joblib-array" }
  /** A function of the notebook (`__main__.log_transform`, a FunctionTransformer's func): a name, never called. */
  | { readonly kind: "notebook-function"; readonly name: string }
  /**
   * Any other scikit-learn global (an estimator: `sklearn.tree._classes.DecisionTreeClassifier`, its `Tree`, a loss)
   * and numpy's random state: kept by name only. Whatever the pickle builds from it (instances, REDUCE results, their
   * state) is skipped as one opaque value, which the service cannot use (see unrebuilt.ts); the transformers and
   * data beside it (a pipeline's scaler, a bundle's feature list) are read as usual.
   */
  | { readonly kind: "unrebuilt"; readonly name: string };

/**
 * Fitted scikit-learn classes read, by class name, with every module path scikit-learn 0.22 to 1.5 pickles them
 * under (older releases are then refused by version, with a message naming it, rather than by an unknown global).
 */
export const SKLEARN_CLASSES: Readonly<Record<string, readonly string[]>> = {
  StandardScaler: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  MinMaxScaler: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  MaxAbsScaler: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  RobustScaler: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  Normalizer: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  Binarizer: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  PolynomialFeatures: ["sklearn.preprocessing._polynomial", "sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  OneHotEncoder: ["sklearn.preprocessing._encoders"],
  OrdinalEncoder: ["sklearn.preprocessing._encoders"],
  LabelEncoder: ["sklearn.preprocessing._label", "sklearn.preprocessing.label"],
  LabelBinarizer: ["sklearn.preprocessing._label", "sklearn.preprocessing.label"],
  PowerTransformer: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  QuantileTransformer: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"],
  KBinsDiscretizer: ["sklearn.preprocessing._discretization", "sklearn.preprocessing.discretization"],
  FunctionTransformer: ["sklearn.preprocessing._function_transformer"],
  SimpleImputer: ["sklearn.impute._base", "sklearn.impute"],
  MissingIndicator: ["sklearn.impute._base", "sklearn.impute"],
  Pipeline: ["sklearn.pipeline"],
  FeatureUnion: ["sklearn.pipeline"],
  ColumnTransformer: ["sklearn.compose._column_transformer"],
  TransformedTargetRegressor: ["sklearn.compose._target"],
  make_column_selector: ["sklearn.compose._column_transformer"],
  CountVectorizer: ["sklearn.feature_extraction.text"],
  TfidfVectorizer: ["sklearn.feature_extraction.text"],
  TfidfTransformer: ["sklearn.feature_extraction.text"],
  HashingVectorizer: ["sklearn.feature_extraction.text"],
  DictVectorizer: ["sklearn.feature_extraction._dict_vectorizer", "sklearn.feature_extraction.dict_vectorizer"],
  PCA: ["sklearn.decomposition._pca", "sklearn.decomposition.pca"],
  SelectKBest: ["sklearn.feature_selection._univariate_selection", "sklearn.feature_selection.univariate_selection"],
  SelectPercentile: ["sklearn.feature_selection._univariate_selection", "sklearn.feature_selection.univariate_selection"],
  VarianceThreshold: ["sklearn.feature_selection._variance_threshold", "sklearn.feature_selection.variance_threshold"],
};

/** scipy.sparse matrices scikit-learn keeps in fitted state (TfidfTransformer's `_idf_diag` before 1.3). */
const SCIPY_SPARSE: readonly string[] = [
  "scipy.sparse._csr.csr_matrix",
  "scipy.sparse.csr.csr_matrix",
  "scipy.sparse._csr.csr_array",
];

/** numpy ufuncs a FunctionTransformer may hold (the runtime implements each). */
export const NUMPY_UFUNCS: ReadonlySet<string> = new Set(
  (
    "log log1p log2 log10 exp expm1 exp2 sqrt cbrt square abs absolute fabs negative positive sign floor ceil trunc rint " +
    "sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh reciprocal isnan isinf isfinite"
  ).split(" "),
);

const DTYPE_TYPES: Readonly<Record<string, string>> = {
  "numpy.float64": "float64",
  "numpy.float32": "float32",
  "numpy.float16": "float16",
  "numpy.int64": "int64",
  "numpy.int32": "int32",
  "numpy.int16": "int16",
  "numpy.int8": "int8",
  "numpy.uint64": "uint64",
  "numpy.uint32": "uint32",
  "numpy.uint16": "uint16",
  "numpy.uint8": "uint8",
  "numpy.bool_": "bool",
  "numpy.object_": "object",
  "numpy.str_": "str",
  "numpy.intc": "int32",
  "numpy.int_": "int64",
  "numpy.float_": "float64",
  // abstract numpy types: what make_column_selector(dtype_include=np.number) holds
  "numpy.number": "number",
  "numpy.integer": "integer",
  "numpy.signedinteger": "signedinteger",
  "numpy.unsignedinteger": "unsignedinteger",
  "numpy.floating": "floating",
  "numpy.generic": "generic",
  "builtins.float": "float64",
  "builtins.int": "int64",
  "builtins.bool": "bool",
  "builtins.str": "str",
};

const NUMPY_CORE = ["numpy.core", "numpy._core"];

const TABLE: ReadonlyMap<string, AllowedGlobal> = (() => {
  const m = new Map<string, AllowedGlobal>();
  for (const [name, modules] of Object.entries(SKLEARN_CLASSES)) {
    for (const mod of modules) m.set(`${mod}.${name}`, { kind: "class", cls: `${mod}.${name}` });
  }
  m.set("sklearn.compose._column_transformer._RemainderColsList", { kind: "list-class", cls: "sklearn.compose._column_transformer._RemainderColsList" });
  for (const cls of SCIPY_SPARSE) m.set(cls, { kind: "class", cls });
  for (const core of NUMPY_CORE) {
    m.set(`${core}.multiarray._reconstruct`, { kind: "np-reconstruct" });
    m.set(`${core}.multiarray.scalar`, { kind: "np-scalar" });
    m.set(`${core}.numeric._frombuffer`, { kind: "np-frombuffer" });
    m.set(`${core}._ufunc_reconstruct`, { kind: "np-ufunc-reconstruct" });
  }
  m.set("numpy.dtype", { kind: "np-dtype" });
  m.set("numpy.ndarray", { kind: "np-ndarray" });
  // numpy 1.x pickles a ufunc under the module that defines it, numpy 2 under `numpy`
  for (const u of NUMPY_UFUNCS) {
    for (const mod of ["numpy", "numpy.core._multiarray_umath", "numpy._core._multiarray_umath", "numpy.core.umath", "numpy._core.umath"]) {
      m.set(`${mod}.${u}`, { kind: "np-ufunc", name: u });
    }
  }
  for (const [q, dtype] of Object.entries(DTYPE_TYPES)) m.set(q, { kind: "dtype-type", dtype });
  m.set("_codecs.encode", { kind: "codecs-encode" });
  m.set("builtins.bytes", { kind: "bytes" });
  m.set("builtins.bytearray", { kind: "bytearray" });
  m.set("builtins.set", { kind: "set" });
  m.set("builtins.frozenset", { kind: "frozenset" });
  m.set("builtins.slice", { kind: "slice" });
  m.set("builtins.object", { kind: "object-type" });
  m.set("collections.OrderedDict", { kind: "ordered-dict" });
  m.set("copyreg._reconstructor", { kind: "reconstructor" });
  m.set("joblib.numpy_pickle.NumpyArrayWrapper", { kind: "joblib-array" });
  m.set("sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper", { kind: "joblib-array" });
  return m;
})();

/** Python 2 module names that Python 3 writes into protocol 0-2 pickles (`fix_imports`), mapped back. */
const PY2_MODULES: Readonly<Record<string, string>> = { __builtin__: "builtins", copy_reg: "copyreg" };
/** Python 2 names of builtins that Python 3 writes for its own types (pickle's _compat_pickle). */
const PY2_NAMES: Readonly<Record<string, string>> = { "__builtin__.long": "builtins.int", "__builtin__.unicode": "builtins.str" };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What `module.name` is to the reader, or undefined when it is refused. */
export function allowedGlobal(module: string, name: string): AllowedGlobal | undefined {
  const mod = PY2_MODULES[module] ?? module;
  const found = TABLE.get(PY2_NAMES[`${module}.${name}`] ?? `${mod}.${name}`);
  if (found) return found;
  // a notebook function is only a name here: the reader never calls anything, and a name cannot run
  if (mod === "__main__" && IDENTIFIER.test(name)) return { kind: "notebook-function", name };
  if ((mod.startsWith("sklearn.") || mod.startsWith("numpy.random.")) && IDENTIFIER.test(name)) return { kind: "unrebuilt", name: `${mod}.${name}` };
  return undefined;
}

/** Every allowed scikit-learn class, by qualified name (for the runtime table's consistency test and the docs). */
export function allowedSklearnClasses(): string[] {
  return [...TABLE.values()].filter((g): g is { kind: "class"; cls: string } => g.kind === "class" && g.cls.startsWith("sklearn.")).map((g) => g.cls);
}
