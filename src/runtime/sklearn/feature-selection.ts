// SelectKBest, SelectPercentile and VarianceThreshold (sklearn/feature_selection): a fitted column mask, applied by SelectorMixin's
// transform to dense data (frames and arrays, dtype kept) or to a CSR matrix (a text vectorizer's output). The
// scoring function a SelectKBest names is never called: its `scores_` were saved.
import { PyError } from "../core.ts";
import { NDArray, allocate } from "../ndarray.ts";
import { array as npArray } from "../np-base.ts";
import type { PyDict } from "../pydict.ts";
import { Estimator, toNumber, type Kwargs } from "./base.ts";
import { CsrMatrix } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** What SelectorMixin gives every selector: the mask, transform, get_support, get_feature_names_out. */
abstract class Selector extends Estimator {
  /** `_get_support_mask()`: true for each input column kept. */
  protected abstract mask(): boolean[];

  /** Whether NaN passes `_validate_data` (the estimator's `allow_nan` tag). */
  protected abstract readonly allowNaN: boolean;

  transform(X: unknown): NDArray | CsrMatrix {
    const mask = this.mask();
    const kept = mask.flatMap((m, j) => (m ? [j] : []));
    if (X instanceof CsrMatrix) {
      this.checkNFeatures(X.cols);
      return selectCsrColumns(X, kept);
    }
    const x = this.numeric(X, "numeric", this.allowNaN);
    const [n, m] = x.shape as [number, number];
    if (m !== mask.length) throw new PyError("ValueError", `X has ${m} features, but ${this.pyTypeName} is expecting ${mask.length} features as input.`);
    // no column kept: scikit-learn warns and returns an (n, 0) array
    const out = allocate(x.dtype, n * kept.length);
    const src = x.data;
    for (let i = 0; i < n; i++) for (let k = 0; k < kept.length; k++) out[i * kept.length + k] = src[i * m + kept[k]!]!;
    return new NDArray(out, [n, kept.length], x.dtype);
  }

  /** `get_support(indices=False)`: the boolean mask, or the kept columns' indices. */
  private support(indices: unknown): NDArray {
    const mask = this.mask();
    return indices === true ? npArray(mask.flatMap((m, j) => (m ? [j] : [])), "int64") : npArray(mask, "bool");
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_support: (a, k) => this.support(Estimator.arg(a, k, 0, "indices", false)),
      get_feature_names_out: (a, k) => {
        const names = this.featureNamesIn(Estimator.arg(a, k, 0, "input_features", null));
        const mask = this.mask();
        return names.filter((_, j) => mask[j]);
      },
    };
  }
}

/** `X[:, kept]` of a CSR matrix: each row's entries in kept columns, renumbered, in their order. */
function selectCsrColumns(X: CsrMatrix, kept: readonly number[]): CsrMatrix {
  const newIndex = new Map(kept.map((j, k) => [j, k]));
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    const row: [number, number][] = [];
    for (let p = X.indptr[i]!; p < X.indptr[i + 1]!; p++) {
      const k = newIndex.get(X.indices[p]!);
      if (k !== undefined) row.push([k, X.data[p]!]);
    }
    row.sort((a, b) => a[0] - b[0]);
    for (const [k, v] of row) {
      indices.push(k);
      values.push(v);
    }
    indptr.push(indices.length);
  }
  const data = allocate(X.dtype, values.length);
  for (let p = 0; p < values.length; p++) data[p] = values[p]!;
  return new CsrMatrix(X.rows, kept.length, data, indices, indptr, X.dtype);
}

export class SelectKBest extends Selector {
  protected readonly allowNaN = false;

  constructor(state: PyDict) {
    super("SelectKBest", state);
  }

  /** The k best scores (NaN counting as the lowest), ties broken as a stable ascending sort's last k do. */
  protected mask(): boolean[] {
    const scores = Array.from(this.a.array("scores_").values() as ArrayLike<number>, (s) => (Number.isNaN(s) ? -Number.MAX_VALUE : s));
    const k = this.a.raw("k");
    if (k === "all") return scores.map(() => true);
    const n = toNumber(k);
    if (n === undefined || !Number.isInteger(n) || n < 0) throw new PyError("ValueError", `k should be between 0 and n_features (${scores.length}) or "all"; got ${String(k)}`);
    const order = scores.map((_, j) => j).sort((a, b) => scores[a]! - scores[b]! || a - b);
    const mask = scores.map(() => false);
    for (const j of n === 0 ? [] : order.slice(-n)) mask[j] = true;
    return mask;
  }
}

export class SelectPercentile extends Selector {
  protected readonly allowNaN = false;

  constructor(state: PyDict) {
    super("SelectPercentile", state);
  }

  /**
   * Scores above the (100 - percentile)th percentile (NaN counting as the lowest float), then ties at it in column
   * order up to `int(n * percentile / 100)` features in all (a negative count slices from the end, as Python does).
   */
  protected mask(): boolean[] {
    const raw = this.a.array("scores_").values() as ArrayLike<number>;
    const p = this.a.num("percentile", 10);
    if (p === 100) return Array.from(raw, () => true);
    if (p === 0) return Array.from(raw, () => false);
    const scores = Array.from(raw, (s) => (Number.isNaN(s) ? -Number.MAX_VALUE : s));
    const threshold = percentile(scores, 100 - p);
    const mask = scores.map((s) => s > threshold);
    const ties = scores.flatMap((s, j) => (s === threshold ? [j] : []));
    const room = Math.trunc((scores.length * p) / 100) - mask.filter(Boolean).length;
    for (const j of ties.slice(0, room >= 0 ? room : Math.max(ties.length + room, 0))) mask[j] = true;
    return mask;
  }
}

/** np.percentile(a, q) with numpy's default linear method (numpy 1.22+: index (n - 1) q / 100, `_lerp`). */
function percentile(a: readonly number[], q: number): number {
  const s = [...a].sort((x, y) => x - y);
  const v = (s.length - 1) * (q / 100);
  const i = Math.floor(v);
  if (v >= s.length - 1) return s[s.length - 1]!;
  const g = v - i;
  const lo = s[i]!;
  const diff = s[i + 1]! - lo;
  return g >= 0.5 ? s[i + 1]! - diff * (1 - g) : lo + diff * g;
}

export class VarianceThreshold extends Selector {
  protected readonly allowNaN = true;

  constructor(state: PyDict) {
    super("VarianceThreshold", state);
  }

  protected mask(): boolean[] {
    const t = this.a.num("threshold", 0);
    return Array.from(this.a.array("variances_").values() as ArrayLike<number>, (v) => v > t);
  }
}

export const restoreSelectKBest = (s: PyDict): SelectKBest => new SelectKBest(s);
export const restoreSelectPercentile = (s: PyDict): SelectPercentile => new SelectPercentile(s);
export const restoreVarianceThreshold = (s: PyDict): VarianceThreshold => new VarianceThreshold(s);
