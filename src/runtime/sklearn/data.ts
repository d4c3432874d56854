// What scikit-learn's input validation (check_array, _check_X) makes of the values translated code passes: numpy
// arrays, nested lists (of numbers, or of strings and numbers, which numpy holds as object arrays), objects with the
// `__array__` protocol, and data frames. A frame is anything with a `columns` attribute (a list of names, or an
// object with tolist()) whose columns are read with `frame[name]` (pyGetitem, or pyMethod("__getitem__")): a column
// is numeric when it converts with `__array__()` to a number dtype, else its `tolist()` (or itself, a JS array) gives
// the Python values. Strings have no numpy dtype in the runtime: string data stays in JS arrays.
import { PyError, WeakFloat } from "../core.ts";
import { NDArray, allocate, castValue, isFloatDType, type DType } from "../ndarray.ts";
import { array as npArray, astype, isArrayConvertible, promote } from "../np-base.ts";
import { callMethod, getattr, hasattr } from "../py-builtins.ts";
import { getitem } from "../py-ops.ts";
import { repr } from "../pyformat.ts";
import { METHOD_NOT_FOUND as METHOD_NOT_FOUND_LOCAL } from "../pystr.ts";
import { typeError, valueError } from "../py-base.ts";

/** A column: numbers in a 1-D NDArray, or Python values (str, None, numbers) in a JS array (numpy's object dtype). */
export type Column = { readonly kind: "num"; readonly values: NDArray } | { readonly kind: "obj"; readonly values: readonly unknown[] };

/**
 * 2-D data as scikit-learn's encoders see it, column by column (a frame's columns keep their own dtypes), with the
 * frame's column names when it had them. Also what a ColumnTransformer hands its transformers, so it implements
 * the frame protocol itself. `oneD` marks a single column selected by a scalar (`"text"`, `0`): a 1-D input.
 */
export class Table {
  readonly pyTypeName = "DataFrame";

  constructor(
    readonly nRows: number,
    readonly columns: readonly Column[],
    readonly names: readonly string[] | null,
    readonly oneD = false,
  ) {}

  get nCols(): number {
    return this.columns.length;
  }

  /** The value at row i of column j, as Python sees it (numbers from numeric columns). */
  at(i: number, j: number): unknown {
    const c = this.columns[j]!;
    if (c.kind === "obj") return c.values[i];
    const v = c.values.at(i);
    return c.values.dtype === "bool" ? v !== 0 : v;
  }

  /** The columns at these indices (in this order). */
  select(indices: readonly number[], oneD = false): Table {
    return new Table(
      this.nRows,
      indices.map((i) => this.columns[i]!),
      this.names ? indices.map((i) => this.names![i]!) : null,
      oneD,
    );
  }

  pyAttr(name: string): unknown {
    if (name === "columns" && this.names) return this.names.slice();
    if (name === "shape") return this.oneD ? [this.nRows] : [this.nRows, this.nCols];
    if (name === "ndim") return this.oneD ? 1 : 2;
    return METHOD_NOT_FOUND_LOCAL;
  }

  pyMethod(name: string, args: unknown[]): unknown {
    if (name === "__getitem__") return this.pyGetitem(args[0]);
    if (name === "tolist") return this.oneD ? columnValues(this.columns[0]!) : rowsOf(this);
    return METHOD_NOT_FOUND_LOCAL;
  }

  pyGetitem(key: unknown): unknown {
    if (typeof key === "string" && this.names) {
      const j = this.names.indexOf(key);
      if (j < 0) throw new PyError("KeyError", repr(key));
      return this.select([j], true);
    }
    throw typeError(`columns of this table are selected by name, not by ${repr(key)}`);
  }

  /** numpy's asarray of the table: numeric when every column is, else a TypeError (no object arrays). */
  __array__(): NDArray {
    return tableToNumeric(this, "numeric");
  }
}

function columnValues(c: Column): unknown[] {
  if (c.kind === "obj") return c.values.slice();
  return c.values.tolist() as unknown[];
}

function rowsOf(t: Table): unknown[][] {
  return Array.from({ length: t.nRows }, (_, i) => t.columns.map((_, j) => t.at(i, j)));
}

/** True for a frame: not an array or list, and it has `columns`. */
export function isFrameLike(x: unknown): boolean {
  if (x === null || typeof x !== "object" || x instanceof NDArray || Array.isArray(x) || x instanceof Table) return false;
  if (typeof (x as { pyAttr?: unknown }).pyAttr !== "function" && !("columns" in (x as object))) return false;
  try {
    return hasattr(x, "columns");
  } catch {
    return false;
  }
}

const NUMERIC: ReadonlySet<string> = new Set(["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"]);

/** A frame column (a Series, an array, a list) as a Column. */
function toColumn(x: unknown): Column {
  if (x instanceof NDArray) {
    if (NUMERIC.has(x.dtype)) return { kind: "num", values: x.ndim === 1 ? x : flat1D(x) };
    return { kind: "obj", values: x.tolist() as unknown[] };
  }
  if (isArrayConvertible(x)) {
    let a: NDArray | null = null;
    try {
      a = x.__array__();
    } catch (e) {
      // a column of strings has no numeric array form; its values come from tolist()
      const type = (e as { type?: unknown }).type;
      if (!(e instanceof Error && (type === "TypeError" || type === "ValueError"))) throw e;
    }
    if (a && NUMERIC.has(a.dtype)) return { kind: "num", values: a.ndim === 1 ? a : flat1D(a) };
  }
  if (Array.isArray(x)) return listColumn(x);
  if (x !== null && typeof x === "object") {
    const list = callMethod(x, "tolist", []);
    if (Array.isArray(list)) return listColumn(list);
  }
  throw typeError(`cannot read a column from a ${String((x as { pyTypeName?: string })?.pyTypeName ?? typeof x)}`);
}

function flat1D(a: NDArray): NDArray {
  if (a.ndim === 2 && a.shape[1] === 1) return new NDArray(a.copy().data, [a.shape[0]!], a.dtype);
  throw valueError(`a column must be 1-D, got shape (${a.shape.join(", ")})`);
}

function isNumberLike(v: unknown): boolean {
  return typeof v === "number" || typeof v === "boolean" || v instanceof WeakFloat || (v instanceof NDArray && v.ndim === 0);
}

function listColumn(items: readonly unknown[]): Column {
  if (items.every(isNumberLike)) return { kind: "num", values: npArray(items) };
  return { kind: "obj", values: items.map(plainScalar) };
}

/** A numpy scalar inside an object array is the number it holds. */
function plainScalar(v: unknown): unknown {
  if (v instanceof NDArray && v.ndim === 0) return v.dtype === "bool" ? v.item() : Number(v.item());
  if (v instanceof WeakFloat) return v.value;
  return v;
}

function namesOf(frame: unknown): string[] {
  const cols = getattr(frame, "columns");
  const list = Array.isArray(cols) ? cols : (callMethod(cols, "tolist", []) as unknown[]);
  if (!Array.isArray(list)) throw typeError("the frame's columns are not a list of names");
  return list.map((n) => (typeof n === "string" ? n : String(n)));
}

function frameColumn(frame: unknown, name: string): unknown {
  const gi = (frame as { pyGetitem?: (k: unknown) => unknown }).pyGetitem;
  if (typeof gi === "function") return gi.call(frame, name);
  try {
    return getitem(frame, name);
  } catch (e) {
    if (!(e instanceof PyError && e.type === "TypeError")) throw e;
    return callMethod(frame, "__getitem__", [name]);
  }
}

/** A frame as a Table (names kept only when every column name is a string, as scikit-learn keeps them). */
function frameToTable(frame: unknown): Table {
  const cols = getattr(frame, "columns");
  const raw = Array.isArray(cols) ? cols : (callMethod(cols, "tolist", []) as unknown[]);
  const names = namesOf(frame);
  const columns = names.map((n, i) => toColumn(frameColumn(frame, typeof raw[i] === "string" ? n : (raw[i] as string))));
  const nRows = columns.length ? columnLength(columns[0]!) : 0;
  if (columns.some((c) => columnLength(c) !== nRows)) throw valueError("the frame's columns have different lengths");
  return new Table(nRows, columns, raw.every((n) => typeof n === "string") ? names : null);
}

const columnLength = (c: Column): number => (c.kind === "num" ? c.values.shape[0]! : c.values.length);

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

function reshapeError(kind: "1D" | "scalar", shown: string): PyError {
  return valueError(
    `Expected 2D array, got ${kind} array instead:\narray=${shown}.\nReshape your data either using array.reshape(-1, 1) if your data has a single feature or array.reshape(1, -1) if it contains a single sample.`,
  );
}

/** Nested JS lists as rows of Python values; checks they are rectangular (numpy refuses ragged lists). */
function listRows(x: readonly unknown[]): { rows: unknown[][]; oneD: boolean } {
  if (x.length === 0) return { rows: [], oneD: true };
  const nested = x.map((r) => Array.isArray(r) || (r instanceof NDArray && r.ndim === 1));
  if (nested.every((b) => !b)) return { rows: x.map((v) => [plainScalar(v)]), oneD: true };
  if (!nested.every((b) => b)) throw valueError("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.");
  const rows = x.map((r) => (r instanceof NDArray ? (r.tolist() as unknown[]) : (r as unknown[]).map(plainScalar)));
  const w = rows[0]!.length;
  if (rows.some((r) => r.length !== w)) throw valueError("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.");
  if (rows.some((r) => r.some((v) => Array.isArray(v)))) throw valueError("Found array with dim 3. Estimator expected <= 2.");
  return { rows, oneD: false };
}

function shownValues(values: readonly unknown[]): string {
  return `[${values.map((v) => (typeof v === "string" ? repr(v) : String(v))).join(" ")}]`;
}

/**
 * Any input as a Table of its columns, as `_check_X` of scikit-learn's encoders builds it. `estimator` names the
 * caller in messages. A 1-D input is refused (scikit-learn wants 2-D data) unless `allow1D`.
 */
export function toTable(X: unknown, estimator: string, allow1D = false): Table {
  if (X instanceof Table) {
    if (X.oneD && !allow1D) throw reshapeError("1D", shownValues(columnValues(X.columns[0]!)));
    return X;
  }
  if (isFrameLike(X)) return frameToTable(X);
  let arr: NDArray | null = X instanceof NDArray ? X : isArrayConvertible(X) ? X.__array__() : null;
  if (!arr && Array.isArray(X)) {
    const { rows, oneD } = listRows(X);
    if (rows.length && rows.every((r) => r.every(isNumberLike))) arr = npArray(X);
    else {
      if (oneD && !allow1D) throw reshapeError("1D", shownValues(rows.map((r) => r[0])));
      const width = oneD ? 1 : (rows[0]?.length ?? 0);
      const columns: Column[] = Array.from({ length: width }, (_, j) => ({ kind: "obj", values: rows.map((r) => r[j]) }));
      if (!rows.length) throw valueError(`Found array with 0 sample(s) (shape=(0, ${width})) while a minimum of 1 is required by ${estimator}.`);
      return new Table(rows.length, columns, null, oneD);
    }
  }
  if (!arr) {
    if (X === null || X === undefined || typeof X === "string" || typeof X === "number") {
      throw reshapeError("scalar", typeof X === "string" ? repr(X) : String(X));
    }
    throw typeError(`${estimator} cannot read a ${String((X as { pyTypeName?: string })?.pyTypeName ?? typeof X)} as data`);
  }
  if (arr.ndim === 0) throw reshapeError("scalar", String(arr.item()));
  if (arr.ndim === 1) {
    if (!allow1D) throw reshapeError("1D", arr.toString().replace(/^\[|\]$/g, "").trim() === "" ? "[]" : arr.toString());
    return new Table(arr.shape[0]!, [{ kind: "num", values: arr }], null, true);
  }
  if (arr.ndim > 2) throw valueError(`Found array with dim ${arr.ndim}. ${estimator} expected <= 2.`);
  const [n, m] = arr.shape as [number, number];
  const columns: Column[] = [];
  for (let j = 0; j < m; j++) {
    const out = allocate(arr.dtype, n);
    for (let i = 0; i < n; i++) out[i] = arr.data[arr.offset + i * arr.strides[0]! + j * arr.strides[1]!]!;
    columns.push({ kind: "num", values: new NDArray(out, [n], arr.dtype) });
  }
  return new Table(n, columns, null);
}

/** Python's float() of a string, as numpy's float conversion of object/str data applies it. */
export function pyFloatOfString(s: string): number {
  const t = s.trim().replace(/_/g, (m, i: number, all: string) => (/\d/.test(all[i - 1] ?? "") && /\d/.test(all[i + 1] ?? "") ? "" : m));
  if (/^[-+]?(nan)$/i.test(t)) return NaN;
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  throw valueError(`could not convert string to float: ${repr(s)}`);
}

/** An object value converted to float as numpy's `astype(float64)` does (None is NaN). */
export function objectToFloat(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return pyFloatOfString(v);
  if (v instanceof WeakFloat) return v.value;
  if (v instanceof NDArray && v.ndim === 0) return Number(v.item());
  throw typeError(`float() argument must be a string or a real number, not '${typeof v}'`);
}

/** The Table as a numeric 2-D array: `dtype` "float" (scikit-learn's FLOAT_DTYPES) or "numeric" (keep numbers). */
export function tableToNumeric(t: Table, dtype: "float" | "numeric"): NDArray {
  const m = t.nCols;
  const n = t.nRows;
  let d: DType | null = null;
  let anyObj = false;
  for (const c of t.columns) {
    if (c.kind === "obj") anyObj = true;
    else d = d === null ? c.values.dtype : promote(d, c.values.dtype);
  }
  // pandas gives object arrays for mixed bool/number frames; both then convert to float64
  let out: DType = anyObj ? "float64" : (d ?? "float64");
  if (!anyObj && d !== null && t.columns.some((c) => c.kind === "num" && c.values.dtype === "bool") && t.columns.some((c) => c.kind === "num" && c.values.dtype !== "bool")) out = "float64";
  if (dtype === "float" && !isFloatDType(out)) out = "float64";
  const data = allocate(out, n * m);
  for (let j = 0; j < m; j++) {
    const c = t.columns[j]!;
    if (c.kind === "obj") {
      for (let i = 0; i < n; i++) data[i * m + j] = castValue(objectToFloat(c.values[i]), "float64", out);
    } else {
      const v = c.values;
      for (let i = 0; i < n; i++) data[i * m + j] = castValue(v.at(i), v.dtype, out);
    }
  }
  return new NDArray(data, t.oneD ? [n] : [n, m], out);
}

export interface NumericOptions {
  /** scikit-learn's FLOAT_DTYPES (float32 stays, everything else becomes float64), or any numeric dtype. */
  readonly dtype: "float" | "numeric";
  /** force_all_finite="allow-nan" (true) or True (false); infinities are always refused. */
  readonly allowNaN: boolean;
  /** Check the number of features against n_features_in_ (reset=False). */
  readonly nFeatures?: number | null;
  /** Check a frame's column names against feature_names_in_ (reset=False); undefined: no check. */
  readonly featureNamesIn?: readonly string[] | null;
}

/** scikit-learn's `_check_feature_names(X, reset=False)`: a frame's columns must be those seen at fit, in order. */
export function checkFeatureNames(fitted: readonly string[] | null, names: readonly string[] | null): void {
  if (!fitted || !names) return; // scikit-learn only warns when one side has no names
  if (fitted.length === names.length && fitted.every((n, i) => n === names[i])) return;
  const f = new Set(fitted);
  const x = new Set(names);
  const unexpected = [...x].filter((n) => !f.has(n)).sort();
  const missing = [...f].filter((n) => !x.has(n)).sort();
  const list = (ns: string[]) => ns.slice(0, 5).map((n) => `- ${n}\n`).join("") + (ns.length > 5 ? "- ...\n" : "");
  let message = "The feature names should match those that were passed during fit.\n";
  if (unexpected.length) message += "Feature names unseen at fit time:\n" + list(unexpected);
  if (missing.length) message += "Feature names seen at fit time, yet now missing:\n" + list(missing);
  if (!unexpected.length && !missing.length) message += "Feature names must be in the same order as they were in fit.\n";
  throw valueError(message);
}

/**
 * scikit-learn's `check_array` for numeric 2-D data (with `_check_n_features`): a new C-contiguous array the caller
 * may change. Error messages are scikit-learn 1.2's.
 */
export function toNumeric2D(X: unknown, estimator: string, opts: NumericOptions): NDArray {
  let a: NDArray;
  if (isArrayConvertible(X) && !isFrameLike(X)) X = X.__array__();
  if (X instanceof NDArray && X.ndim !== 2) {
    if (X.ndim === 0) throw reshapeError("scalar", String(X.item()));
    if (X.ndim === 1) throw reshapeError("1D", X.toString());
    throw valueError(`Found array with dim ${X.ndim}. ${estimator} expected <= 2.`);
  }
  if (X instanceof NDArray && NUMERIC.has(X.dtype)) {
    a = opts.dtype === "float" && !isFloatDType(X.dtype) ? astype(X, "float64") : X.copy();
  } else {
    const t = toTable(X, estimator);
    if (opts.featureNamesIn !== undefined) checkFeatureNames(opts.featureNamesIn, t.names);
    a = tableToNumeric(t, opts.dtype);
  }
  if (opts.dtype === "float" && !isFloatDType(a.dtype)) a = astype(a, "float64");
  const [n, m] = a.shape as [number, number];
  if (n === 0) throw valueError(`Found array with 0 sample(s) (shape=${shapeText(a.shape)}) while a minimum of 1 is required by ${estimator}.`);
  if (m === 0) throw valueError(`Found array with 0 feature(s) (shape=${shapeText(a.shape)}) while a minimum of 1 is required by ${estimator}.`);
  assertFinite(a, opts.allowNaN, estimator);
  if (opts.nFeatures !== undefined && opts.nFeatures !== null && m !== opts.nFeatures) {
    throw valueError(`X has ${m} features, but ${estimator} is expecting ${opts.nFeatures} features as input.`);
  }
  return a;
}

/** scikit-learn's `_assert_all_finite` for float arrays (NaN first, as its message does). */
export function assertFinite(a: NDArray, allowNaN: boolean, estimator: string): void {
  if (!isFloatDType(a.dtype)) return;
  const v = a.values();
  let inf = false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      if (!allowNaN) {
        throw valueError(
          `Input X contains NaN.\n${estimator} does not accept missing values encoded as NaN natively. For supervised learning, you might want to consider sklearn.ensemble.HistGradientBoostingClassifier and Regressor which accept missing values encoded as NaNs natively. Alternatively, it is possible to preprocess the data, for instance by using an imputer transformer in a pipeline or drop samples with missing values. See https://scikit-learn.org/stable/modules/impute.html You can find a list of all estimators that handle NaN values at the following page: https://scikit-learn.org/stable/modules/impute.html#estimators-that-handle-nan-values`,
        );
      }
    } else if (!Number.isFinite(x)) inf = true;
  }
  if (inf) throw valueError(`Input X contains infinity or a value too large for dtype('${a.dtype}').`);
}

/**
 * The values of a 1-D input (a list, an array, a single-column table, a Series-like object) as Python values: an
 * object's `tolist()` first (a column of strings has no numeric array form), then its `__array__()`. Null when the
 * input is none of these.
 */
export function values1D(x: unknown): unknown[] | null {
  if (Array.isArray(x)) return x.map(plainScalar);
  if (x instanceof NDArray) return x.tolist() as unknown[];
  if (x instanceof Table) return x.nCols === 1 ? Array.from({ length: x.nRows }, (_, i) => x.at(i, 0)) : null;
  if (x !== null && typeof x === "object" && typeof (x as { pyMethod?: unknown }).pyMethod === "function") {
    try {
      const list = callMethod(x, "tolist", []);
      if (Array.isArray(list)) return list.map(plainScalar);
    } catch (e) {
      if (!(e instanceof Error && (e as { type?: unknown }).type === "AttributeError")) throw e;
    }
  }
  if (isArrayConvertible(x)) return x.__array__().tolist() as unknown[];
  return null;
}

/** Rows of Python values as a JS array of arrays (what numpy's object arrays become in the runtime). */
export function objectMatrix(rows: number, cols: number, value: (i: number, j: number) => unknown): unknown[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => value(i, j)));
}
