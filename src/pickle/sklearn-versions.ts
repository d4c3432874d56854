// Which scikit-learn releases' pickled layouts are read. Attribute names and meanings change between releases
// (OneHotEncoder's `drop_idx_` and `_drop_idx_after_grouping`, `sparse` -> `sparse_output`, TfidfTransformer's
// `_idf_diag` -> `idf_`, SimpleImputer's `_fit_dtype`), so every fitted object says which release wrote it
// (`_sklearn_version`, which BaseEstimator.__getstate__ adds) and objects from other releases are refused by name.
import type { PyValue } from "../python/values.ts";
import { isUnrebuilt } from "./unrebuilt.ts";

/**
 * scikit-learn classes whose layout is plain data in every release: make_column_selector (not an estimator, so it
 * carries no version) and HashingVectorizer (stateless: its parameters are all it holds, and a notebook may build
 * one without fitting or pickling it, so that no release is named).
 */
const UNVERSIONED: ReadonlySet<string> = new Set(["make_column_selector", "HashingVectorizer"]);

/** The releases read: 1.0 to 1.5 (as major.minor, inclusive). */
export const SKLEARN_VERSIONS_READ = { first: [1, 0], last: [1, 5] } as const;
export const SKLEARN_VERSIONS_TEXT = "1.0 to 1.5";

/** The `_sklearn_version` of a fitted object's state, when it has one. */
export function sklearnVersion(state: PyValue): string | null {
  if (state.k !== "dict") return null;
  const e = state.entries.find(([k]) => k.k === "str" && k.v === "_sklearn_version");
  return e && e[1].k === "str" ? e[1].v : null;
}

/** True when scikit-learn `version` (`1.2.1`, `1.4.dev0`, `1.3.0rc1`) writes a layout this reader knows. */
export function isVersionRead(version: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2])];
  const cmp = (a: readonly number[], b: readonly number[]) => (a[0]! - b[0]!) || (a[1]! - b[1]!);
  return cmp(v, SKLEARN_VERSIONS_READ.first) >= 0 && cmp(v, SKLEARN_VERSIONS_READ.last) <= 0;
}

/**
 * The first scikit-learn object in `value` (depth first) whose layout is not read, with why; null when every
 * scikit-learn object came from a release that is read.
 */
export function unreadSklearnLayout(value: PyValue): string | null {
  const stack: PyValue[] = [value];
  let seen = 0;
  while (stack.length) {
    const v = stack.pop()!;
    if (++seen > 10_000_000) return null;
    switch (v.k) {
      case "object": {
        if (isUnrebuilt(v)) break;
        if (v.cls.startsWith("sklearn.") && !UNVERSIONED.has(v.cls.split(".").pop()!)) {
          const version = sklearnVersion(v.state);
          const short = v.cls.split(".").pop();
          if (version === null) {
            return `the ${short} in the pickle does not say which scikit-learn release wrote it (no _sklearn_version: scikit-learn before 0.18), and only the layouts of ${SKLEARN_VERSIONS_TEXT} are read`;
          }
          if (!isVersionRead(version)) {
            return `the ${short} in the pickle was written by scikit-learn ${version}; nb2svc reads the layouts of scikit-learn ${SKLEARN_VERSIONS_TEXT}`;
          }
        }
        stack.push(v.state);
        break;
      }
      case "list":
      case "tuple":
      case "set":
        for (const x of v.items) stack.push(x);
        break;
      case "dict":
        for (const [k, x] of v.entries) stack.push(k, x);
        break;
      default:
        break;
    }
  }
  return null;
}
