// The sklearn names translated code may use (see types.ts): fitted scikit-learn classes, under every qualified name
// a pickle records them by (scikit-learn 0.22 to 1.5 module paths, so that an old release's pickle reaches the
// version check and is refused by its version, not as an unknown class) and their public names, each rebuilt by a
// `restore<Name>` of src/runtime/sklearn/. Plus the values those objects hold that have no plain form: slices,
// numpy ufuncs, scipy CSR matrices. The pickle reader's allow-list (src/pickle/allowlist.ts)
// names the same classes; a test keeps the two in step.
import type { LibraryClass, LibraryTable } from "./types.ts";

interface SklearnClass {
  readonly module: string;
  /** Module paths scikit-learn pickles the class under, newest first (0.22 to 1.5). */
  readonly paths: readonly string[];
  /** The public path (`from sklearn.preprocessing import StandardScaler`). */
  readonly public: string;
}

const CLASSES: Readonly<Record<string, SklearnClass>> = {
  StandardScaler: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  MinMaxScaler: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  MaxAbsScaler: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  RobustScaler: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  Normalizer: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  Binarizer: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  PolynomialFeatures: {
    module: "sklearn/preprocessing",
    paths: ["sklearn.preprocessing._polynomial", "sklearn.preprocessing._data", "sklearn.preprocessing.data"],
    public: "sklearn.preprocessing",
  },
  PowerTransformer: { module: "sklearn/nonlinear", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  QuantileTransformer: { module: "sklearn/nonlinear", paths: ["sklearn.preprocessing._data", "sklearn.preprocessing.data"], public: "sklearn.preprocessing" },
  KBinsDiscretizer: {
    module: "sklearn/nonlinear",
    paths: ["sklearn.preprocessing._discretization", "sklearn.preprocessing.discretization"],
    public: "sklearn.preprocessing",
  },
  FunctionTransformer: { module: "sklearn/preprocessing", paths: ["sklearn.preprocessing._function_transformer"], public: "sklearn.preprocessing" },
  OneHotEncoder: { module: "sklearn/encoders", paths: ["sklearn.preprocessing._encoders"], public: "sklearn.preprocessing" },
  OrdinalEncoder: { module: "sklearn/encoders", paths: ["sklearn.preprocessing._encoders"], public: "sklearn.preprocessing" },
  LabelEncoder: { module: "sklearn/label", paths: ["sklearn.preprocessing._label", "sklearn.preprocessing.label"], public: "sklearn.preprocessing" },
  LabelBinarizer: { module: "sklearn/label", paths: ["sklearn.preprocessing._label", "sklearn.preprocessing.label"], public: "sklearn.preprocessing" },
  SimpleImputer: { module: "sklearn/impute", paths: ["sklearn.impute._base", "sklearn.impute"], public: "sklearn.impute" },
  MissingIndicator: { module: "sklearn/impute", paths: ["sklearn.impute._base", "sklearn.impute"], public: "sklearn.impute" },
  Pipeline: { module: "sklearn/compose", paths: ["sklearn.pipeline"], public: "sklearn.pipeline" },
  FeatureUnion: { module: "sklearn/compose", paths: ["sklearn.pipeline"], public: "sklearn.pipeline" },
  ColumnTransformer: { module: "sklearn/compose", paths: ["sklearn.compose._column_transformer"], public: "sklearn.compose" },
  TransformedTargetRegressor: { module: "sklearn/compose", paths: ["sklearn.compose._target"], public: "sklearn.compose" },
  make_column_selector: { module: "sklearn/compose", paths: ["sklearn.compose._column_transformer"], public: "sklearn.compose" },
  CountVectorizer: { module: "sklearn/text", paths: ["sklearn.feature_extraction.text"], public: "sklearn.feature_extraction.text" },
  TfidfVectorizer: { module: "sklearn/text", paths: ["sklearn.feature_extraction.text"], public: "sklearn.feature_extraction.text" },
  TfidfTransformer: { module: "sklearn/text", paths: ["sklearn.feature_extraction.text"], public: "sklearn.feature_extraction.text" },
  HashingVectorizer: { module: "sklearn/text", paths: ["sklearn.feature_extraction.text"], public: "sklearn.feature_extraction.text" },
  DictVectorizer: {
    module: "sklearn/dict-vectorizer",
    paths: ["sklearn.feature_extraction._dict_vectorizer", "sklearn.feature_extraction.dict_vectorizer"],
    public: "sklearn.feature_extraction",
  },
  PCA: { module: "sklearn/decomposition", paths: ["sklearn.decomposition._pca", "sklearn.decomposition.pca"], public: "sklearn.decomposition" },
  SelectKBest: {
    module: "sklearn/feature-selection",
    paths: ["sklearn.feature_selection._univariate_selection", "sklearn.feature_selection.univariate_selection"],
    public: "sklearn.feature_selection",
  },
  SelectPercentile: {
    module: "sklearn/feature-selection",
    paths: ["sklearn.feature_selection._univariate_selection", "sklearn.feature_selection.univariate_selection"],
    public: "sklearn.feature_selection",
  },
  VarianceThreshold: {
    module: "sklearn/feature-selection",
    paths: ["sklearn.feature_selection._variance_threshold", "sklearn.feature_selection.variance_threshold"],
    public: "sklearn.feature_selection",
  },
};

/** Values inside fitted objects that the pickle reader gives as objects (see src/pickle/reader.ts `toValue`). */
const VALUES: Readonly<Record<string, LibraryClass>> = {
  "builtins.slice": { kind: "class", module: "sklearn/values", restore: "restoreSlice" },
  "numpy.ufunc": { kind: "class", module: "sklearn/values", restore: "restoreUfunc" },
  "scipy.sparse._csr.csr_matrix": { kind: "class", module: "sklearn/sparse", restore: "restoreCsrMatrix" },
  "scipy.sparse.csr.csr_matrix": { kind: "class", module: "sklearn/sparse", restore: "restoreCsrMatrix" },
  "scipy.sparse._csr.csr_array": { kind: "class", module: "sklearn/sparse", restore: "restoreCsrMatrix" },
};

export const SKLEARN: LibraryTable = (() => {
  const t: Record<string, LibraryClass> = { ...VALUES };
  for (const [name, c] of Object.entries(CLASSES)) {
    const entry: LibraryClass = { kind: "class", module: c.module, restore: `restore${name[0]!.toUpperCase()}${name.slice(1).replace(/_(\w)/g, (_, x: string) => x.toUpperCase())}` };
    for (const p of [...c.paths, c.public]) t[`${p}.${name}`] = entry;
  }
  return t;
})();
