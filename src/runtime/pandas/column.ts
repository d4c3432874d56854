// pandas runtime, columns: one column's values, as a 1-d NDArray for numeric dtypes (numpy's arithmetic and casts
// apply unchanged) or an ObjectArray of Python values for object dtype (str, None, mixed types). Here: pandas' type
// inference over Python values (`lib.maybe_convert_objects`), takes with missing positions (reindexing upcasts int
// to float64 and bool to object), casts (`astype`) and conversion to numpy arrays.
import { pyError, WeakFloat } from "../core.ts";
import { allocate, castValue, DTYPE_INFO, NDArray, type DType } from "../ndarray.ts";
import { array as npArray } from "../np-base.ts";
import { compareStr, typeName } from "../py-base.ts";
import { bool as pyBool, float as pyFloat, int as pyInt } from "../py-builtins.ts";
import { npStr } from "../py-np.ts";
import { str as pyStr } from "../pyformat.ts";
import { isFloatDType, promoteForFill, dtypeOfScalar, type DTypeTarget, type PdDType } from "./dtypes.ts";
import { elementValue, isNA, numberOf, scalarKind } from "./values.ts";

/** A column of Python values (pandas' object dtype). */
export class ObjectArray {
  readonly dtype = "object" as const;
  constructor(readonly items: unknown[]) {}
  get length(): number {
    return this.items.length;
  }
}

export type Column = NDArray | ObjectArray;

export const colDType = (c: Column): PdDType => c.dtype;
export const colLength = (c: Column): number => (c instanceof ObjectArray ? c.items.length : c.shape[0]);

/** A new numeric column of `n` values. */
export function numericColumn(dtype: DType, values: ArrayLike<number>): NDArray {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return new NDArray(out, [values.length], dtype);
}

/** The raw number at row `i` of a numeric column. */
export const numAt = (c: NDArray, i: number): number => c.data[c.offset + i * c.strides[0]];

/** Row `i` as a Python value (what `tolist()` gives): ints, floats, bools; object items as they are. */
export function colValue(c: Column, i: number): unknown {
  if (c instanceof ObjectArray) return c.items[i];
  return elementValue(numAt(c, i), c.dtype);
}

/** Row `i` as pandas hands out a single element: a numpy scalar for numeric columns, the item for object ones. */
export function colScalar(c: Column, i: number): unknown {
  if (c instanceof ObjectArray) return c.items[i];
  const out = allocate(c.dtype, 1);
  out[0] = numAt(c, i);
  return new NDArray(out, [], c.dtype);
}

/** Every row as Python values. */
export function colItems(c: Column): unknown[] {
  if (c instanceof ObjectArray) return c.items.slice();
  const n = colLength(c);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = elementValue(numAt(c, i), c.dtype);
  return out;
}

/** pandas' `isna` per row. */
export function colIsNA(c: Column): boolean[] {
  const n = colLength(c);
  const out = new Array<boolean>(n);
  if (c instanceof ObjectArray) {
    for (let i = 0; i < n; i++) out[i] = isNA(c.items[i]);
  } else if (isFloatDType(c.dtype)) {
    for (let i = 0; i < n; i++) {
      const v = numAt(c, i);
      out[i] = v !== v;
    }
  } else {
    out.fill(false);
  }
  return out;
}

/**
 * pandas' inference of a column's dtype from Python values (`lib.maybe_convert_objects`): ints -> int64, ints and
 * floats -> float64, bools alone -> bool, None among numbers -> NaN in float64; strings, bools mixed with anything,
 * or only None -> object. `empty` is the dtype of an empty column (it depends on the caller in pandas).
 */
export function inferColumn(items: readonly unknown[], empty: PdDType = "float64"): Column {
  let seenNull = false;
  let seenNan = false;
  let seenInt = false;
  let seenFloat = false;
  let seenBool = false;
  for (const v of items) {
    switch (scalarKind(v)) {
      case "none":
        seenNull = true;
        break;
      case "bool":
        seenBool = true;
        break;
      case "int":
        seenInt = true;
        break;
      case "float":
        if (Number.isNaN(numberOf(v))) seenNan = true;
        else seenFloat = true;
        break;
      default:
        return new ObjectArray(items.slice());
    }
  }
  if (items.length === 0) return emptyColumn(empty);
  if (seenBool) {
    if (seenNull || seenNan || seenInt || seenFloat) return new ObjectArray(items.slice());
    return numericColumn("bool", items.map((v) => numberOf(v)!));
  }
  if (seenFloat || seenNan || (seenNull && seenInt)) {
    return numericColumn("float64", items.map((v) => (v === null || v === undefined ? NaN : numberOf(v)!)));
  }
  if (seenNull) return new ObjectArray(items.slice());
  return numericColumn("int64", items.map((v) => numberOf(v)!));
}

export function emptyColumn(dtype: PdDType): Column {
  return dtype === "object" ? new ObjectArray([]) : new NDArray(allocate(dtype, 0), [0], dtype);
}

/** A column of `n` copies of a scalar, with the dtype pandas gives it (`infer_dtype_from_scalar`). */
export function colFull(n: number, value: unknown): Column {
  const dtype = dtypeOfScalar(value);
  if (dtype === "object") return new ObjectArray(new Array<unknown>(n).fill(value));
  const out = allocate(dtype, n);
  out.fill(numberOf(value)!);
  return new NDArray(out, [n], dtype);
}

/**
 * Rows of `c` at `positions`; -1 marks a missing row, filled with `fill` (NaN by default) after widening the dtype
 * to hold it as pandas does (`take_nd` with `maybe_promote`).
 */
export function colTake(c: Column, positions: readonly number[], fill: unknown = NaN): Column {
  const n = positions.length;
  const missing = positions.includes(-1);
  const dtype = missing ? promoteForFill(c.dtype, fill) : c.dtype;
  if (dtype === "object") {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = positions[i] < 0 ? fill : colValue(c, positions[i]);
    return new ObjectArray(out);
  }
  const src = c as NDArray;
  const out = allocate(dtype, n);
  const fillNumber = numberOf(fill) ?? NaN;
  for (let i = 0; i < n; i++) out[i] = positions[i] < 0 ? fillNumber : castValue(numAt(src, positions[i]), src.dtype, dtype);
  return new NDArray(out, [n], dtype);
}

/** Concatenates columns end to end with pandas' common dtype (bool with numbers gives object). */
export function colConcat(cols: readonly Column[], dtype: PdDType): Column {
  const n = cols.reduce((s, c) => s + colLength(c), 0);
  if (dtype === "object") return new ObjectArray(cols.flatMap((c) => colItems(c)));
  const out = allocate(dtype, n);
  let k = 0;
  for (const c of cols) {
    const m = colLength(c);
    if (c instanceof ObjectArray) {
      for (let i = 0; i < m; i++) out[k++] = objectToNumber(c.items[i], dtype);
    } else {
      for (let i = 0; i < m; i++) out[k++] = castValue(numAt(c, i), c.dtype, dtype);
    }
  }
  return new NDArray(out, [n], dtype);
}

// ---------------------------------------------------------------------------------------------------------------
// Casts

/**
 * One Python value converted to a numeric dtype the way numpy converts an object array (`arr.astype(dtype)`):
 * `float(x)` for floats (None becomes NaN), `int(x)` for ints (wrapped to the dtype's width), truthiness for bool.
 */
function objectToNumber(v: unknown, dtype: DType): number {
  const kind = DTYPE_INFO[dtype].kind;
  if (kind === "b") return pyBool(v) ? 1 : 0;
  if (kind === "f") {
    if (v === null || v === undefined) return NaN;
    if (v instanceof NDArray && v.ndim === 0) return castValue(v.data[v.offset], v.dtype, dtype);
    const f = pyFloat(v);
    const x = f instanceof WeakFloat ? f.value : f;
    return dtype === "float32" ? Math.fround(x) : x;
  }
  if (v instanceof NDArray && v.ndim === 0) return castValue(v.data[v.offset], v.dtype, dtype);
  return castValue(pyInt(v), "int64", dtype);
}

/** `astype` of one column, with pandas' refusals (NaN or inf to int) and str conversion through Python's str(). */
export function colAsType(c: Column, target: DTypeTarget): Column {
  const n = colLength(c);
  if (target === "str") {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = c instanceof ObjectArray ? pyStr(c.items[i]) : npStr(colScalar(c, i) as NDArray);
    return new ObjectArray(out);
  }
  if (target === "object") return c instanceof ObjectArray ? new ObjectArray(c.items.slice()) : new ObjectArray(colItems(c));
  const out = allocate(target, n);
  if (c instanceof ObjectArray) {
    for (let i = 0; i < n; i++) out[i] = objectToNumber(c.items[i], target);
    return new NDArray(out, [n], target);
  }
  const toInt = DTYPE_INFO[target].kind === "i" || DTYPE_INFO[target].kind === "u";
  for (let i = 0; i < n; i++) {
    const v = numAt(c, i);
    if (toInt && isFloatDType(c.dtype) && !Number.isFinite(v)) {
      throw pyError("IntCastingNaNError", "Cannot convert non-finite values (NA or inf) to integer");
    }
    out[i] = castValue(v, c.dtype, target);
  }
  return new NDArray(out, [n], target);
}

/** Python values as a column of an explicit dtype (`pd.Series([1, 2], dtype=float)`). */
export function columnOf(items: readonly unknown[], target: DTypeTarget): Column {
  if (target === "str") return new ObjectArray(items.map((v) => pyStr(v)));
  if (target === "object") return new ObjectArray(items.slice());
  const out = allocate(target, items.length);
  for (let i = 0; i < items.length; i++) out[i] = objectToNumber(items[i], target);
  return new NDArray(out, [items.length], target);
}

/**
 * A column as a numpy array. Object columns convert only to an explicit numeric dtype: nb2svc's numpy runtime has
 * no object dtype, where pandas would give an object array.
 */
export function colToNDArray(c: Column, dtype: DType | null, what: () => string): NDArray {
  if (!(c instanceof ObjectArray)) return dtype === null || dtype === c.dtype ? c : npArray(c, dtype);
  // a column of strings is numpy's string array (a per-column string input of a model, a label column)
  if ((dtype === null || dtype === ("str" as DType)) && c.items.every((v) => typeof v === "string")) return npArray(c.items as unknown as NDArray);
  if (dtype === null) throw objectArrayError(c, what());
  const out = allocate(dtype, c.items.length);
  for (let i = 0; i < c.items.length; i++) out[i] = objectToNumber(c.items[i], dtype);
  return new NDArray(out, [c.items.length], dtype);
}

export function objectArrayError(c: ObjectArray, what: string): Error {
  const kinds = [...new Set(c.items.map((v) => typeName(v)))].slice(0, 3).join(", ");
  return pyError(
    "TypeError",
    `${what} has object dtype (values of type ${kinds || "object"}), which nb2svc's numpy runtime cannot hold: ` +
      "encode it first (pd.get_dummies, .map({...}), pd.to_numeric) or pass a numeric dtype (.to_numpy(dtype=float))",
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering of values

/**
 * pandas' `safe_sort` of distinct values: numbers (bools count) in numeric order, strings by code point; a mix puts
 * the numbers first, then the strings, then anything else.
 */
export function sortValues(values: readonly unknown[]): unknown[] {
  const nums = values.filter((v) => numberOf(v) !== undefined);
  const strs = values.filter((v) => typeof v === "string") as string[];
  const rest = values.filter((v) => numberOf(v) === undefined && typeof v !== "string");
  nums.sort((a, b) => numberOf(a)! - numberOf(b)!);
  strs.sort(compareStr);
  return [...nums, ...strs, ...rest];
}
