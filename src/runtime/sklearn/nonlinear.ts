// Non-linear per-feature transformers (sklearn/preprocessing/_data.py, _discretization.py): PowerTransformer,
// QuantileTransformer and KBinsDiscretizer. As in preprocessing.ts, each step is scikit-learn 1.2's numpy operation
// in the input's dtype: for float32 data numpy casts the float64 fitted scalar (a lambda) to float32 and rounds each
// result, so the runtime rounds at the same places.
import { NDArray, allocate, isDType } from "../ndarray.ts";
import { astype } from "../np-base.ts";
import type { PyDict } from "../pydict.ts";
import { callMethod } from "../py-builtins.ts";
import { floatRepr } from "../pyformat.ts";
import { Estimator, valueError, type Kwargs } from "./base.ts";
import { toNumeric2D } from "./data.ts";
import { OneToOne, perColumn, vector } from "./preprocessing.ts";
import { ndtr, ndtri } from "./special.ts";
import { csrFromRows, type CsrMatrix } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;
type Round = (v: number) => number;

const same: Round = (v) => v;
const rounding = (x: NDArray): Round => (x.dtype === "float32" ? Math.fround : same);

/** np.spacing(1.0): PowerTransformer's test for a lambda of 0 or 2. */
const SPACING_1 = 2.220446049250313e-16;

// ---- PowerTransformer ----------------------------------------------------------------------------------------

/** `_yeo_johnson_transform` of one value; `L` is lambda as numpy casts it to X's dtype. */
function yeoJohnson(v: number, lam: number, r: Round): number {
  if (v >= 0) {
    if (Math.abs(lam) < SPACING_1) return r(Math.log1p(v));
    const L = r(lam);
    return r(r(r(Math.pow(r(v + 1), L)) - 1) / L);
  }
  // NaN goes here too (`pos = x >= 0` is False) and stays NaN
  if (Math.abs(lam - 2) > SPACING_1) {
    const e = r(2 - lam);
    return r(-r(r(Math.pow(r(-v + 1), e)) - 1) / e);
  }
  return r(-r(Math.log1p(-v)));
}

function yeoJohnsonInverse(v: number, lam: number, r: Round): number {
  if (v >= 0) {
    if (Math.abs(lam) < SPACING_1) return r(r(Math.exp(v)) - 1);
    return r(r(Math.pow(r(r(v * r(lam)) + 1), r(1 / lam))) - 1);
  }
  if (Math.abs(lam - 2) > SPACING_1) return r(1 - r(Math.pow(r(r(r(-(2 - lam)) * v) + 1), r(1 / (2 - lam)))));
  return r(1 - r(Math.exp(-v)));
}

/** scipy.special.boxcox (a float32 input goes through its float loop: lambda cast to float32, computed in double). */
function boxCox(v: number, lam: number, r: Round): number {
  const L = r(lam);
  return r(Math.abs(L) < 1e-19 ? Math.log(v) : Math.expm1(L * Math.log(v)) / L);
}

/** `_box_cox_inverse_tranform`: `(x * lmbda + 1) ** (1 / lmbda)`, or exp(x) for a lambda of 0. */
function boxCoxInverse(v: number, lam: number, r: Round): number {
  if (lam === 0) return r(Math.exp(v));
  return r(Math.pow(r(r(v * r(lam)) + 1), r(1 / lam)));
}

export class PowerTransformer extends OneToOne {
  constructor(state: PyDict) {
    super("PowerTransformer", state);
  }

  private lambdas(): Float64Array {
    return vector(this.a.array("lambdas_"), "lambdas_");
  }

  /** `_check_input`: finite or NaN floats, strictly positive for Box-Cox when asked, one lambda per feature. */
  private checked(X: unknown, lambdas: Float64Array, checkPositive: boolean): NDArray {
    const x = this.numeric(X, "float", true);
    const boxCox = this.a.str("method", "yeo-johnson") === "box-cox";
    if (checkPositive && boxCox && nanMin(x) <= 0) throw valueError("The Box-Cox transformation can only be applied to strictly positive data");
    const m = x.shape[1]!;
    if (m !== lambdas.length) {
      throw valueError(`Input data has a different number of features than fitting data. Should have ${lambdas.length}, data has ${m}`);
    }
    return x;
  }

  transform(X: unknown): NDArray {
    const lambdas = this.lambdas();
    const x = this.checked(X, lambdas, true);
    const f = this.a.str("method", "yeo-johnson") === "box-cox" ? boxCox : yeoJohnson;
    const r = rounding(x);
    perColumn(x, (v, j) => f(v, lambdas[j]!, r));
    return this.a.bool("standardize", true) ? (callMethod(this.a.required("_scaler"), "transform", [x]) as NDArray) : x;
  }

  inverseTransform(X: unknown): NDArray {
    const lambdas = this.lambdas();
    let x = this.checked(X, lambdas, false);
    if (this.a.bool("standardize", true)) x = callMethod(this.a.required("_scaler"), "inverse_transform", [x]) as NDArray;
    const f = this.a.str("method", "yeo-johnson") === "box-cox" ? boxCoxInverse : yeoJohnsonInverse;
    const r = rounding(x);
    return perColumn(x, (v, j) => f(v, lambdas[j]!, r));
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

/** np.nanmin of the whole array (NaN when every value is NaN). */
function nanMin(x: NDArray): number {
  let m = NaN;
  const d = x.data;
  for (let k = 0; k < d.length; k++) if (d[k]! < m || Number.isNaN(m)) m = d[k]!;
  return m;
}

// ---- QuantileTransformer -------------------------------------------------------------------------------------

/** QuantileTransformer's BOUNDS_THRESHOLD. */
const BOUNDS = 1e-7;
/** The clip of the normal output, `stats.norm.ppf(BOUNDS_THRESHOLD - np.spacing(1))` and its mirror. */
const CLIP_MIN = ndtri(BOUNDS - SPACING_1);
const CLIP_MAX = ndtri(1 - (BOUNDS - SPACING_1));

/**
 * np.interp(x, xp, fp) for one finite x and increasing xp: the last xp[j] <= x, the value at an exact knot (no
 * interpolation through repeated knots), and numpy's retry from the right knot when the slope gives NaN.
 */
export function interp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const n = xp.length;
  if (x < xp[0]!) return fp[0]!;
  if (x > xp[n - 1]!) return fp[n - 1]!;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x >= xp[mid]!) lo = mid + 1;
    else hi = mid;
  }
  const j = lo - 1;
  if (j === n - 1 || xp[j] === x) return fp[j]!;
  const slope = (fp[j + 1]! - fp[j]!) / (xp[j + 1]! - xp[j]!);
  let y = slope * (x - xp[j]!) + fp[j]!;
  if (Number.isNaN(y)) {
    y = slope * (x - xp[j + 1]!) + fp[j + 1]!;
    if (Number.isNaN(y) && fp[j] === fp[j + 1]) y = fp[j]!;
  }
  return y;
}

export class QuantileTransformer extends OneToOne {
  constructor(state: PyDict) {
    super("QuantileTransformer", state);
  }

  transform(X: unknown): NDArray {
    return this.apply(X, false);
  }

  inverseTransform(X: unknown): NDArray {
    return this.apply(X, true);
  }

  /** `_transform`: each column through `_transform_col` with its quantiles. */
  private apply(X: unknown, inverse: boolean): NDArray {
    const q = this.a.array("quantiles_");
    const refs = vector(this.a.array("references_"), "references_");
    const x = this.numeric(X, "float", true);
    const [n, m] = x.shape as [number, number];
    const [nq, mq] = q.shape as [number, number];
    const qv = q.values() as ArrayLike<number>;
    const normal = this.a.str("output_distribution", "uniform") === "normal";
    const col = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const quantiles = Float64Array.from({ length: nq }, (_, i) => qv[i * mq + j]!);
      for (let i = 0; i < n; i++) col[i] = x.data[i * m + j]!;
      const out = inverse ? this.inverseColumn(col, quantiles, refs, normal, rounding(x)) : this.forwardColumn(col, quantiles, refs, normal, rounding(x));
      for (let i = 0; i < n; i++) x.data[i * m + j] = out[i]!;
    }
    return x;
  }

  /** `_transform_col(inverse=False)`: X_col is a view of X, so every assignment rounds to X's dtype. */
  private forwardColumn(col: Float64Array, quantiles: Float64Array, refs: Float64Array, normal: boolean, r: Round): Float64Array {
    const lo = r(quantiles[0]!);
    const hi = r(quantiles[quantiles.length - 1]!);
    const b = r(BOUNDS);
    const negQ = quantiles.map((v) => -v).reverse();
    const negR = refs.map((v) => -v).reverse();
    return col.map((v) => {
      if (Number.isNaN(v)) return v;
      const atLow = normal ? r(v - b) < lo : v === lo;
      const atHigh = normal ? r(v + b) > hi : v === hi;
      // interpolated both ways and averaged: repeated quantiles map to the middle of their references
      let y = r(0.5 * (interp(v, quantiles, refs) - interp(-v, negQ, negR)));
      if (atHigh) y = 1;
      if (atLow) y = 0;
      if (!normal) return y;
      // stats.norm.ppf of a float32 column goes through ndtri's float loop
      const z = r(ndtri(y));
      return r(z < CLIP_MIN ? CLIP_MIN : z > CLIP_MAX ? CLIP_MAX : z);
    });
  }

  /** `_transform_col(inverse=True)`: with a normal output, stats.norm.cdf makes X_col a new float64 array. */
  private inverseColumn(col: Float64Array, quantiles: Float64Array, refs: Float64Array, normal: boolean, r: Round): Float64Array {
    const lo = quantiles[0]!;
    const hi = quantiles[quantiles.length - 1]!;
    const inner: Round = normal ? same : r;
    return col.map((v0) => {
      const v = normal ? ndtr(v0) : v0;
      if (Number.isNaN(v)) return v;
      const atLow = normal ? v - BOUNDS < 0 : v === 0;
      const atHigh = normal ? v + BOUNDS > 1 : v === 1;
      let y = inner(interp(v, refs, quantiles));
      if (atHigh) y = inner(hi);
      if (atLow) y = inner(lo);
      return r(y);
    });
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

// ---- KBinsDiscretizer ----------------------------------------------------------------------------------------

export class KBinsDiscretizer extends Estimator {
  constructor(state: PyDict) {
    super("KBinsDiscretizer", state);
  }

  /** `bin_edges_` (an object array of one float array per feature). */
  private edges(): Float64Array[] {
    const e = this.a.required("bin_edges_");
    const items = e instanceof NDArray ? (e.tolist() as unknown[]) : (e as unknown[]);
    return items.map((a) => vector(a instanceof NDArray ? a : null, "bin_edges_"));
  }

  /** Each value's bin index, in X's float dtype (scikit-learn 1.1+: `np.searchsorted(edges[1:-1], x, side="right")`). */
  private bins(X: unknown): NDArray {
    const edges = this.edges();
    const dtype = this.a.raw("dtype");
    let x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: false, nFeatures: this.nFeaturesIn(), featureNamesIn: this.a.featureNamesIn() });
    if (typeof dtype === "string" && isDType(dtype) && x.dtype !== dtype) x = astype(x, dtype);
    const r = rounding(x);
    // 1.0 added a tolerance and binned with np.digitize over edges[1:], then clipped to the last bin
    const legacy = /^1\.0\./.test(this.a.str("_sklearn_version"));
    return perColumn(x, (v, j) => {
      const e = edges[j]!;
      if (!legacy) return upperBound(e, 1, e.length - 1, v);
      const eps = r(r(1e-8) + r(r(1e-5) * Math.abs(v)));
      return Math.min(upperBound(e, 1, e.length, r(v + eps)), e.length - 2);
    });
  }

  transform(X: unknown): NDArray | CsrMatrix {
    const xt = this.bins(X);
    const encode = this.a.str("encode", "onehot");
    if (encode === "ordinal") return xt;
    // the fitted OneHotEncoder over range(n_bins) for each feature, in Xt's dtype
    const nBins = Array.from(vector(this.a.array("n_bins_"), "n_bins_"));
    const offsets = nBins.map((_, j) => nBins.slice(0, j).reduce((s, b) => s + b, 0));
    const width = nBins.reduce((s, b) => s + b, 0);
    const [n, m] = xt.shape as [number, number];
    const rows = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => [offsets[j]! + xt.data[i * m + j]!, 1] as const));
    if (encode === "onehot") return csrFromRows(width, rows, xt.dtype);
    const out = allocate(xt.dtype, n * width);
    rows.forEach((row, i) => {
      for (const [c] of row) out[i * width + c] = 1;
    });
    return new NDArray(out, [n, width], xt.dtype);
  }

  private namesOut(args: unknown[], kwargs: Kwargs): string[] {
    const names = this.featureNamesIn(Estimator.arg(args, kwargs, 0, "input_features", null));
    if (this.a.str("encode", "onehot") === "ordinal") return names;
    // the encoder's categories are the float bin indices
    const nBins = Array.from(vector(this.a.array("n_bins_"), "n_bins_"));
    return names.flatMap((name, j) => Array.from({ length: nBins[j]! }, (_, k) => `${name}_${floatRepr(k)}`));
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(a, k),
    };
  }
}

/** The number of `e[from..to)` that are <= v, i.e. np.searchsorted(e[from:to], v, side="right"). */
function upperBound(e: Float64Array, from: number, to: number, v: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (e[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

export const restorePowerTransformer = (s: PyDict): PowerTransformer => new PowerTransformer(s);
export const restoreQuantileTransformer = (s: PyDict): QuantileTransformer => new QuantileTransformer(s);
export const restoreKBinsDiscretizer = (s: PyDict): KBinsDiscretizer => new KBinsDiscretizer(s);
