// The safe pickle reader: joblib and pickle files as Python data (`PyValue`), fitted scikit-learn objects as
// `{k: "object", cls, state}`, nothing ever run. Depends only on the analysis's value type. See docs/sklearn.md.
export { readPickleFile, pickleStream, type FileOptions, type ReadResult } from "./joblib.ts";
export { PickleError, type PickleErrorKind } from "./errors.ts";
export { allowedGlobal, allowedSklearnClasses, SKLEARN_CLASSES, NUMPY_UFUNCS, type AllowedGlobal } from "./allowlist.ts";
export { unreadSklearnLayout, isVersionRead, sklearnVersion, SKLEARN_VERSIONS_TEXT } from "./sklearn-versions.ts";
export { isUnrebuilt } from "./unrebuilt.ts";
