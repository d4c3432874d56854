// scikit-learn's scalers and element-wise transformers (sklearn/preprocessing/_data.py, _polynomial.py,
// _function_transformer.py) as fitted objects: the same operations in the same order as scikit-learn 1.2 (`X -= mean_`
// then `X /= scale_`, each rounded to X's dtype: float32 input stays float32), so results are scikit-learn's numbers.
import { PyError } from "../core.ts";
import { NDArray, allocate } from "../ndarray.ts";
import { PyDict } from "../pydict.ts";
import * as R from "../np-reduce.ts";
import { Estimator, isNone, toNumber, typeError, valueError, type Kwargs } from "./base.ts";
import { Table, toNumeric2D, tableToNumeric } from "./data.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** A fitted per-feature vector (mean_, scale_, ...) as plain doubles. */
export function vector(a: NDArray | null, what: string): Float64Array {
  if (!a) throw typeError(`the fitted ${what} is missing`);
  const v = a.values();
  return Float64Array.from(v as ArrayLike<number>);
}

/** X[i, j] = f(X[i, j], j) in place on a fresh C-contiguous float array, each result rounded to X's dtype. */
export function perColumn(X: NDArray, f: (v: number, j: number) => number): NDArray {
  const [n, m] = X.shape as [number, number];
  const d = X.data;
  if (X.dtype === "float32") {
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < m; j++, k++) d[k] = Math.fround(f(d[k]!, j));
  } else {
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < m; j++, k++) d[k] = f(d[k]!, j);
  }
  return X;
}

/** numpy's broadcasting error for an in-place `X op= v` with a vector of the wrong length. */
function checkWidth(X: NDArray, v: Float64Array): void {
  const m = X.shape[1]!;
  if (v.length !== m) {
    const s = `(${X.shape.join(",")})`;
    throw valueError(`operands could not be broadcast together with shapes ${s} (${v.length},) ${s} `);
  }
}

/** A one-to-one transformer's get_feature_names_out: the input feature names. */
export abstract class OneToOne extends Estimator {
  protected namesOut(args: unknown[], kwargs: Kwargs): string[] {
    return this.featureNamesIn(Estimator.arg(args, kwargs, 0, "input_features", null));
  }
}

// ---- scalers -------------------------------------------------------------------------------------------------

export class StandardScaler extends OneToOne {
  constructor(state: PyDict) {
    super("StandardScaler", state);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", true);
    if (this.a.bool("with_mean", true)) {
      const mean = vector(this.a.optArray("mean_"), "mean_");
      checkWidth(x, mean);
      perColumn(x, (v, j) => v - mean[j]!);
    }
    if (this.a.bool("with_std", true)) {
      const scale = vector(this.a.optArray("scale_"), "scale_");
      checkWidth(x, scale);
      perColumn(x, (v, j) => v / scale[j]!);
    }
    return x;
  }

  inverseTransform(X: unknown): NDArray {
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: true });
    if (this.a.bool("with_std", true)) {
      const scale = vector(this.a.optArray("scale_"), "scale_");
      checkWidth(x, scale);
      perColumn(x, (v, j) => v * scale[j]!);
    }
    if (this.a.bool("with_mean", true)) {
      const mean = vector(this.a.optArray("mean_"), "mean_");
      checkWidth(x, mean);
      perColumn(x, (v, j) => v + mean[j]!);
    }
    return x;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

export class MinMaxScaler extends OneToOne {
  constructor(state: PyDict) {
    super("MinMaxScaler", state);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", true);
    const scale = vector(this.a.optArray("scale_"), "scale_");
    const min = vector(this.a.optArray("min_"), "min_");
    checkWidth(x, scale);
    perColumn(x, (v, j) => v * scale[j]!);
    perColumn(x, (v, j) => v + min[j]!);
    if (this.a.bool("clip", false)) {
      const range = this.a.list("feature_range").map((r) => toNumber(r)!);
      // np.clip(X, lo, hi) with the bounds cast to X's dtype; NaN stays NaN
      const lo = x.dtype === "float32" ? Math.fround(range[0]!) : range[0]!;
      const hi = x.dtype === "float32" ? Math.fround(range[1]!) : range[1]!;
      perColumn(x, (v) => (v < lo ? lo : v > hi ? hi : v));
    }
    return x;
  }

  inverseTransform(X: unknown): NDArray {
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: true });
    const scale = vector(this.a.optArray("scale_"), "scale_");
    const min = vector(this.a.optArray("min_"), "min_");
    checkWidth(x, min);
    perColumn(x, (v, j) => v - min[j]!);
    perColumn(x, (v, j) => v / scale[j]!);
    return x;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

export class MaxAbsScaler extends OneToOne {
  constructor(state: PyDict) {
    super("MaxAbsScaler", state);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", true);
    const scale = vector(this.a.optArray("scale_"), "scale_");
    checkWidth(x, scale);
    return perColumn(x, (v, j) => v / scale[j]!);
  }

  inverseTransform(X: unknown): NDArray {
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: true });
    const scale = vector(this.a.optArray("scale_"), "scale_");
    checkWidth(x, scale);
    return perColumn(x, (v, j) => v * scale[j]!);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

export class RobustScaler extends OneToOne {
  constructor(state: PyDict) {
    super("RobustScaler", state);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", true);
    if (this.a.bool("with_centering", true)) {
      const c = vector(this.a.optArray("center_"), "center_");
      checkWidth(x, c);
      perColumn(x, (v, j) => v - c[j]!);
    }
    if (this.a.bool("with_scaling", true)) {
      const s = vector(this.a.optArray("scale_"), "scale_");
      checkWidth(x, s);
      perColumn(x, (v, j) => v / s[j]!);
    }
    return x;
  }

  inverseTransform(X: unknown): NDArray {
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: true });
    if (this.a.bool("with_scaling", true)) {
      const s = vector(this.a.optArray("scale_"), "scale_");
      checkWidth(x, s);
      perColumn(x, (v, j) => v * s[j]!);
    }
    if (this.a.bool("with_centering", true)) {
      const c = vector(this.a.optArray("center_"), "center_");
      checkWidth(x, c);
      perColumn(x, (v, j) => v + c[j]!);
    }
    return x;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

// ---- row-wise and thresholding -------------------------------------------------------------------------------

/** float64 eps and float32 eps: `_handle_zeros_in_scale` treats norms below 10 eps as zero. */
const EPS: Readonly<Record<string, number>> = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 };

/** sklearn.preprocessing.normalize(X, norm, axis=1) on a fresh float array, in place. */
export function normalizeRows(x: NDArray, norm: string): NDArray {
  const [n, m] = x.shape as [number, number];
  const d = x.data;
  const r = x.dtype === "float32" ? Math.fround : (v: number) => v;
  let norms: ArrayLike<number>;
  if (norm === "l1") {
    // np.abs(X).sum(axis=1): numpy's pairwise summation along each row
    const abs = allocate(x.dtype, n * m);
    for (let k = 0; k < n * m; k++) abs[k] = Math.abs(d[k]!);
    norms = R.sum(new NDArray(abs, [n, m], x.dtype), 1).values();
  } else if (norm === "l2") {
    // row_norms: sqrt(einsum("ij,ij->i", X, X))
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s = r(s + r(d[i * m + j]! * d[i * m + j]!));
      out[i] = r(Math.sqrt(s));
    }
    norms = out;
  } else if (norm === "max") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let j = 0; j < m; j++) {
        const v = Math.abs(d[i * m + j]!);
        if (v > mx || Number.isNaN(v)) mx = v;
        if (Number.isNaN(mx)) break;
      }
      out[i] = mx;
    }
    norms = out;
  } else throw valueError(`'${norm}' is not a supported norm`);
  const eps = 10 * EPS[x.dtype]!;
  for (let i = 0; i < n; i++) {
    const nv = norms[i]! < eps ? 1 : norms[i]!;
    for (let j = 0; j < m; j++) d[i * m + j] = r(d[i * m + j]! / nv);
  }
  return x;
}

export class Normalizer extends OneToOne {
  constructor(state: PyDict) {
    super("Normalizer", state);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", false);
    return normalizeRows(x, this.a.str("norm", "l2"));
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

export class Binarizer extends OneToOne {
  constructor(state: PyDict) {
    super("Binarizer", state);
  }

  transform(X: unknown): NDArray {
    // check_array keeps numeric dtypes (ints stay ints) and refuses NaN
    const x = this.numeric(X, "numeric", false);
    const t = this.a.num("threshold", 0);
    const d = x.data;
    for (let k = 0; k < d.length; k++) d[k] = d[k]! > t ? 1 : 0;
    return x;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

// ---- polynomial features -------------------------------------------------------------------------------------

/** itertools.combinations / combinations_with_replacement of range(n), r items, in Python's order. */
function* combos(n: number, r: number, replacement: boolean): Generator<number[]> {
  if (r === 0) {
    yield [];
    return;
  }
  const idx = replacement ? new Array<number>(r).fill(0) : Array.from({ length: r }, (_, i) => i);
  if (!replacement && r > n) return;
  if (replacement && n === 0) return;
  for (;;) {
    yield idx.slice();
    let i = r - 1;
    if (replacement) {
      while (i >= 0 && idx[i] === n - 1) i--;
      if (i < 0) return;
      const v = idx[i]! + 1;
      for (let k = i; k < r; k++) idx[k] = v;
    } else {
      while (i >= 0 && idx[i] === i + n - r) i--;
      if (i < 0) return;
      idx[i]!++;
      for (let k = i + 1; k < r; k++) idx[k] = idx[k - 1]! + 1;
    }
  }
}

export class PolynomialFeatures extends Estimator {
  private readonly minDegree: number;
  private readonly maxDegree: number;

  constructor(state: PyDict) {
    super("PolynomialFeatures", state);
    const deg = this.a.raw("degree");
    if (this.a.has("_max_degree")) {
      this.minDegree = this.a.num("_min_degree", 0);
      this.maxDegree = this.a.num("_max_degree");
    } else if (Array.isArray(deg)) {
      this.minDegree = toNumber(deg[0])!;
      this.maxDegree = toNumber(deg[1])!;
    } else {
      this.minDegree = 0;
      this.maxDegree = this.a.num("degree", 2);
    }
  }

  private nIn(): number {
    const n = this.nFeaturesIn();
    if (n === null) throw typeError("PolynomialFeatures in the pickle has no n_features_in_");
    return n;
  }

  /** `_combinations`: the index tuples of the output columns, in order. */
  private combinations(): number[][] {
    const n = this.nIn();
    const interaction = this.a.bool("interaction_only", false);
    const out: number[][] = [];
    if (this.a.bool("include_bias", true)) out.push([]);
    for (let d = Math.max(1, this.minDegree); d <= this.maxDegree; d++) for (const c of combos(n, d, !interaction)) out.push(c);
    return out;
  }

  /** The dense path of scikit-learn 1.2's transform: degree-d columns as products of degree-(d-1) columns. */
  transform(X: unknown): NDArray {
    this.nIn();
    const x = this.numeric(X, "float", false);
    const [n, m] = x.shape as [number, number];
    const interaction = this.a.bool("interaction_only", false);
    const includeBias = this.a.bool("include_bias", true);
    const r = x.dtype === "float32" ? Math.fround : (v: number) => v;
    // _n_out_full: every combination from degree 0 (or 1) to max, as the loop below fills them
    let full = includeBias ? 1 : 0;
    for (let d = 1; d <= this.maxDegree; d++) for (const _ of combos(m, d, !interaction)) full++;
    const cols: Float64Array[] = [];
    for (let c = 0; c < full; c++) cols.push(new Float64Array(n));
    let current = 0;
    if (includeBias) {
      cols[0]!.fill(1);
      current = 1;
    }
    if (this.maxDegree > 0) {
      for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) cols[current + j]![i] = x.data[i * m + j]!;
      let index = Array.from({ length: m }, (_, j) => current + j);
      current += m;
      index.push(current);
      for (let deg = 2; deg <= this.maxDegree; deg++) {
        const next: number[] = [];
        const end = index[index.length - 1]!;
        for (let f = 0; f < m; f++) {
          let start = index[f]!;
          next.push(current);
          if (interaction) start += index[f + 1]! - index[f]!;
          const nextCol = current + end - start;
          if (nextCol <= current) break;
          for (let c = start; c < end; c++) {
            const src = cols[c]!;
            const dst = cols[current + c - start]!;
            for (let i = 0; i < n; i++) dst[i] = r(src[i]! * x.data[i * m + f]!);
          }
          current = nextCol;
        }
        next.push(current);
        index = next;
      }
    }
    // the columns of degree < min_degree are cut afterwards (keeping the bias column)
    const want = this.combinations().length;
    const keep: number[] = [];
    if (this.minDegree > 1) {
      if (includeBias) keep.push(0);
      for (let c = full - want + (includeBias ? 1 : 0); c < full; c++) keep.push(c);
    } else for (let c = 0; c < full; c++) keep.push(c);
    const out = allocate(x.dtype, n * keep.length);
    keep.forEach((c, k) => {
      for (let i = 0; i < n; i++) out[i * keep.length + k] = cols[c]![i]!;
    });
    return new NDArray(out, [n, keep.length], x.dtype);
  }

  /** `powers_`: the exponent of each input feature in each output column. */
  powers(): NDArray {
    const n = this.nIn();
    const rows = this.combinations();
    const out = allocate("int64", rows.length * n);
    rows.forEach((c, i) => c.forEach((f) => (out[i * n + f]! += 1)));
    return new NDArray(out, [rows.length, n], "int64");
  }

  namesOut(inputFeatures: unknown): string[] {
    const names = this.featureNamesIn(inputFeatures);
    const n = this.nIn();
    return this.combinations().map((c) => {
      const counts = new Array<number>(n).fill(0);
      for (const f of c) counts[f]!++;
      const parts: string[] = [];
      counts.forEach((e, f) => {
        if (e) parts.push(e === 1 ? names[f]! : `${names[f]}^${e}`);
      });
      return parts.length ? parts.join(" ") : "1";
    });
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return { powers_: () => this.powers(), n_output_features_: () => this.combinations().length };
  }
}

// ---- FunctionTransformer -------------------------------------------------------------------------------------

/** A function a FunctionTransformer holds: a numpy ufunc or a translated notebook function. */
export type PyFunction = (...args: unknown[]) => unknown;

export class FunctionTransformer extends Estimator {
  constructor(state: PyDict) {
    super("FunctionTransformer", state);
    for (const name of ["func", "inverse_func"]) {
      const f = this.a.raw(name);
      if (!isNone(f) && typeof f !== "function") throw typeError(`FunctionTransformer.${name} in the pickle is not a function the runtime can call`);
    }
    const fno = this.a.raw("feature_names_out");
    if (!isNone(fno) && fno !== "one-to-one") throw typeError("FunctionTransformer(feature_names_out=callable) is not supported: its names come from a function the pickle only names");
  }

  private call(name: "func" | "inverse_func", kwName: "kw_args" | "inv_kw_args", X: unknown): unknown {
    let x = X;
    if (this.a.bool("validate", false)) {
      x = name === "func" ? this.numeric(X, "numeric", false) : toNumeric2D(X, this.pyTypeName, { dtype: "numeric", allowNaN: false });
    }
    const f = this.a.raw(name);
    if (isNone(f)) return x;
    const kw = this.a.raw(kwName);
    if (kw instanceof PyDict && kw.size > 0) throw typeError(`FunctionTransformer(${kwName}=...) is not supported: pass the values inside the function instead`);
    return (f as PyFunction)(x instanceof Table ? tableArg(x) : x);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.call("func", "kw_args", a[0]),
      inverse_transform: (a) => this.call("inverse_func", "inv_kw_args", a[0]),
      get_feature_names_out: (a, k) => {
        if (this.a.raw("feature_names_out") !== "one-to-one") {
          throw new PyError("AttributeError", "This 'FunctionTransformer' has no attribute 'get_feature_names_out'");
        }
        return this.featureNamesIn(Estimator.arg(a, k, 0, "input_features", null));
      },
    };
  }
}

/** What a function receives for table data: numbers as an array (strings stay a table). */
function tableArg(t: Table): unknown {
  return t.columns.every((c) => c.kind === "num") ? tableToNumeric(t, "numeric") : t;
}

// ---- restore functions (the pylib table's entries) -----------------------------------------------------------

export const restoreStandardScaler = (s: PyDict): StandardScaler => new StandardScaler(s);
export const restoreMinMaxScaler = (s: PyDict): MinMaxScaler => new MinMaxScaler(s);
export const restoreMaxAbsScaler = (s: PyDict): MaxAbsScaler => new MaxAbsScaler(s);
export const restoreRobustScaler = (s: PyDict): RobustScaler => new RobustScaler(s);
export const restoreNormalizer = (s: PyDict): Normalizer => new Normalizer(s);
export const restoreBinarizer = (s: PyDict): Binarizer => new Binarizer(s);
export const restorePolynomialFeatures = (s: PyDict): PolynomialFeatures => new PolynomialFeatures(s);
export const restoreFunctionTransformer = (s: PyDict): FunctionTransformer => new FunctionTransformer(s);
