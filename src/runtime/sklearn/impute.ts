// SimpleImputer and MissingIndicator (sklearn/impute/_base.py): missing cells replaced by the fitted statistics,
// column by column, in the input's dtype (numeric data stays an NDArray of its dtype; data fitted as objects, such
// as strings, stays lists of Python values), with the indicator columns appended when add_indicator was set.
import { PyError, WeakFloat } from "../core.ts";
import { NDArray, allocate, castValue } from "../ndarray.ts";
import { promote } from "../np-base.ts";
import type { PyDict } from "../pydict.ts";
import { Estimator, isNone, isScalarNaN, toNumber, valueError, type Kwargs } from "./base.ts";
import { checkFeatureNames, toNumeric2D, toTable } from "./data.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** Validated input: a numeric array, or rows of Python values (numpy's object arrays). */
type Data = { readonly kind: "num"; readonly a: NDArray } | { readonly kind: "obj"; readonly rows: unknown[][] };

const width = (d: Data): number => (d.kind === "num" ? d.a.shape[1]! : (d.rows[0]?.length ?? 0));
const height = (d: Data): number => (d.kind === "num" ? d.a.shape[0]! : d.rows.length);

/** A Python value that is a number to numpy (numbers, bools, numpy scalars). */
const isReal = (v: unknown): boolean => typeof v === "number" || typeof v === "boolean" || v instanceof WeakFloat || (v instanceof NDArray && v.ndim === 0);

/** `_get_mask(X, missing_values)`: NaN cells for a NaN marker (floats only: None is not NaN), else equal cells. */
function missingMask(d: Data, marker: unknown): Uint8Array {
  const n = height(d);
  const m = width(d);
  const mask = new Uint8Array(n * m);
  const nanMarker = isScalarNaN(marker);
  if (d.kind === "num") {
    const v = d.a.data;
    const mk = toNumber(marker);
    for (let k = 0; k < n * m; k++) mask[k] = nanMarker ? (Number.isNaN(v[k]!) ? 1 : 0) : v[k] === mk ? 1 : 0;
    return mask;
  }
  const mk = marker instanceof WeakFloat ? marker.value : marker;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const x = d.rows[i]![j];
      const xv = x instanceof WeakFloat ? x.value : typeof x === "boolean" ? Number(x) : x;
      mask[i * m + j] = nanMarker ? (isScalarNaN(x) ? 1 : 0) : isNone(mk) ? (isNone(x) ? 1 : 0) : xv === (typeof mk === "boolean" ? Number(mk) : mk) ? 1 : 0;
    }
  }
  return mask;
}

/** Statistics as Python values (numbers for numeric ones, anything for object ones). */
function statistics(v: unknown, what: string): unknown[] {
  if (v instanceof NDArray) return Array.from(v.values(), Number);
  if (Array.isArray(v)) return v;
  throw valueError(`${what} in the pickle is not an array`);
}

abstract class BaseImputer extends Estimator {
  /**
   * `_validate_input(X, in_fit=False)` of the imputers: object data when fitted on objects (or strings given in a list
   * to the most_frequent/constant strategies), floats for mean/median, the input's own numeric dtype otherwise.
   */
  protected validate(X: unknown, strategy: string | null, marker: unknown): Data {
    const a = this.a;
    const cls = this.pyTypeName;
    const fitDtype = a.raw("_fit_dtype");
    const stats = a.raw("statistics_");
    const fittedObject = fitDtype === "object" || fitDtype === "str" || (fitDtype === undefined && Array.isArray(stats));
    const allowNaN = isScalarNaN(marker);
    const t = toTable(X, cls);
    checkFeatureNames(a.featureNamesIn(), t.names);
    const hasStrings = t.columns.some((c) => c.kind === "obj" && c.values.some((v) => typeof v === "string"));
    const objectStrategy = strategy === null || strategy === "most_frequent" || strategy === "constant";
    const asObject = fittedObject || (objectStrategy && t.columns.some((c) => c.kind === "obj"));
    let d: Data;
    if (asObject) {
      const rows = Array.from({ length: t.nRows }, (_, i) => t.columns.map((_, j) => t.at(i, j)));
      if (!allowNaN && rows.some((r) => r.some(isScalarNaN))) throw valueError("Input contains NaN");
      d = { kind: "obj", rows };
    } else {
      try {
        d = { kind: "num", a: toNumeric2D(t, cls, { dtype: objectStrategy && !hasStrings ? "numeric" : "float", allowNaN }) };
      } catch (e) {
        if (e instanceof PyError && e.message.includes("could not convert") && strategy) {
          throw valueError(`Cannot use ${strategy} strategy with non-numeric data:\n${e.message.slice(e.type.length + 2)}`);
        }
        throw e;
      }
      if (!isReal(marker)) {
        throw valueError(`'X' and 'missing_values' types are expected to be both numerical. Got X.dtype=${d.a.dtype} and  type(missing_values)=<class '${marker === null ? "NoneType" : "str"}'>.`);
      }
      if (d.a.dtype === "bool") {
        throw valueError(`${cls} does not support data with dtype bool. Please provide either a numeric array (with a floating point or integer dtype) or categorical data represented either as an array with integer dtype or an array of string values with an object dtype.`);
      }
    }
    const want = this.nFeaturesIn();
    if (want !== null && width(d) !== want) throw valueError(`X has ${width(d)} features, but ${cls} is expecting ${want} features as input.`);
    return d;
  }
}

export class MissingIndicator extends BaseImputer {
  constructor(state: PyDict) {
    super("MissingIndicator", state);
  }

  /** The fitted features that get an indicator column. */
  features(): number[] {
    return Array.from(this.a.array("features_").values(), Number);
  }

  /** The indicator columns of a precomputed mask (what SimpleImputer hands over). */
  fromMask(mask: Uint8Array, n: number, m: number): NDArray {
    const missingFeatures: number[] = [];
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) {
        if (mask[i * m + j]) {
          missingFeatures.push(j);
          break;
        }
      }
    }
    let cols = Array.from({ length: m }, (_, j) => j);
    if (this.a.str("features", "missing-only") === "missing-only") {
      const fitted = this.features();
      const fittedSet = new Set(fitted);
      const diff = missingFeatures.filter((f) => !fittedSet.has(f));
      if (this.a.bool("error_on_new", true) && diff.length) {
        throw valueError(`The features [${diff.join(" ")}] have missing values in transform but have no missing values in fit.`);
      }
      if (fitted.length < this.a.num("_n_features", m)) cols = fitted;
    }
    if (this.a.raw("sparse") === true) throw valueError("MissingIndicator(sparse=True) is not supported; the runtime gives dense indicators");
    const out = allocate("bool", n * cols.length);
    for (let i = 0; i < n; i++) cols.forEach((j, k) => (out[i * cols.length + k] = mask[i * m + j]!));
    return new NDArray(out, [n, cols.length], "bool");
  }

  transform(X: unknown): NDArray {
    if (this.a.bool("_precomputed", false)) throw valueError("precomputed is True but the input data is not a mask");
    const marker = this.a.raw("missing_values") ?? Number.NaN;
    const d = this.validate(X, null, marker);
    return this.fromMask(missingMask(d, marker), height(d), width(d));
  }

  namesOut(inputFeatures: unknown): string[] {
    const names = this.featureNamesIn(inputFeatures);
    return this.features().map((f) => `missingindicator_${names[f]}`);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }
}

export class SimpleImputer extends BaseImputer {
  constructor(state: PyDict) {
    super("SimpleImputer", state);
  }

  private marker(): unknown {
    return this.a.has("missing_values") ? this.a.raw("missing_values") : Number.NaN;
  }

  transform(X: unknown): unknown {
    const strategy = this.a.str("strategy", "mean");
    const marker = this.marker();
    const d = this.validate(X, strategy, marker);
    const stats = statistics(this.a.required("statistics_"), "SimpleImputer.statistics_");
    const n = height(d);
    const m = width(d);
    if (m !== stats.length) throw valueError(`X has ${m} features per sample, expected ${stats.length}`);
    const mask = missingMask(d, marker);
    // features without any value at fit (NaN statistic) are dropped, unless kept or constant-filled
    const keepAll = strategy === "constant" || this.a.bool("keep_empty_features", false);
    const valid = stats.map((s, j) => keepAll || !isScalarNaN(s) || j < 0);
    const cols = valid.flatMap((ok, j) => (ok ? [j] : []));
    let out: Data;
    if (d.kind === "num") {
      const dt = d.a.dtype;
      const data = allocate(dt, n * cols.length);
      for (let i = 0; i < n; i++) {
        cols.forEach((j, k) => {
          const v = d.a.data[i * m + j]!;
          data[i * cols.length + k] = mask[i * m + j] ? castValue(toNumber(stats[j]) ?? Number.NaN, "float64", dt) : v;
        });
      }
      out = { kind: "num", a: new NDArray(data, [n, cols.length], dt) };
    } else {
      out = { kind: "obj", rows: d.rows.map((r, i) => cols.map((j) => (mask[i * m + j] ? stats[j] : r[j]))) };
    }
    const indicator = this.a.raw("indicator_");
    if (!this.a.bool("add_indicator", false) || !(indicator instanceof MissingIndicator)) return out.kind === "num" ? out.a : out.rows;
    const ind = indicator.fromMask(mask, n, m);
    const k = ind.shape[1]!;
    if (out.kind === "obj") return out.rows.map((r, i) => [...r, ...Array.from({ length: k }, (_, c) => ind.data[i * k + c] !== 0)]);
    const dt = promote(out.a.dtype, "bool");
    const w = cols.length + k;
    const data = allocate(dt, n * w);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < cols.length; c++) data[i * w + c] = castValue(out.a.data[i * cols.length + c]!, out.a.dtype, dt);
      for (let c = 0; c < k; c++) data[i * w + cols.length + c] = ind.data[i * k + c]!;
    }
    return new NDArray(data, [n, w], dt);
  }

  inverseTransform(X: unknown): NDArray {
    if (!this.a.bool("add_indicator", false)) {
      throw valueError(`'inverse_transform' works only when 'SimpleImputer' is instantiated with 'add_indicator=True'. Got 'add_indicator=False' instead.`);
    }
    const indicator = this.a.raw("indicator_") as MissingIndicator;
    const features = indicator.features();
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: true });
    const [n, w] = x.shape as [number, number];
    const nOriginal = statistics(this.a.required("statistics_"), "statistics_").length;
    const nImputed = w - features.length;
    const marker = toNumber(this.marker()) ?? Number.NaN;
    const out = new Float64Array(n * nOriginal);
    const full = new Uint8Array(n * nOriginal);
    for (let i = 0; i < n; i++) features.forEach((f, k) => (full[i * nOriginal + f] = x.data[i * w + nImputed + k]! !== 0 ? 1 : 0));
    let imputed = 0;
    for (let orig = 0; imputed < nImputed && orig < nOriginal; orig++) {
      let all = true;
      for (let i = 0; i < n; i++) if (!full[i * nOriginal + orig]) all = false;
      if (all) continue;
      for (let i = 0; i < n; i++) out[i * nOriginal + orig] = x.data[i * w + imputed]!;
      imputed++;
    }
    for (let k = 0; k < out.length; k++) if (full[k]) out[k] = marker;
    return new NDArray(out, [n, nOriginal], "float64");
  }

  namesOut(inputFeatures: unknown): string[] {
    const names = this.featureNamesIn(inputFeatures);
    const stats = statistics(this.a.required("statistics_"), "statistics_");
    const kept = names.filter((_, j) => !isScalarNaN(stats[j]));
    const indicator = this.a.raw("indicator_");
    if (!this.a.bool("add_indicator", false) || !(indicator instanceof MissingIndicator)) return kept;
    return [...kept, ...indicator.namesOut(names)];
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }
}

export const restoreSimpleImputer = (s: PyDict): SimpleImputer => new SimpleImputer(s);
export const restoreMissingIndicator = (s: PyDict): MissingIndicator => new MissingIndicator(s);
