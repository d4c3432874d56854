// pandas runtime, columns: one column's values, as a 1-d NDArray for numeric dtypes (numpy's arithmetic and casts
// apply unchanged) or an ObjectArray of Python values for object dtype (str, None, mixed types). Here: pandas' type
// inference over Python values (`lib.maybe_convert_objects`), takes with missing positions (reindexing upcasts int
// to float64 and bool to object), casts (`astype`) and conversion to numpy arrays.
import { pyError, WeakFloat } from "../core.ts";
import { allocate, castValue, DTYPE_INFO, isDType, NDArray, type DType } from "../ndarray.ts";
import { array as npArray, scalarArray } from "../np-base.ts";
import { compareStr, typeName } from "../py-base.ts";
import { bool as pyBool, float as pyFloat, int as pyInt } from "../py-builtins.ts";
import { npStr } from "../py-np.ts";
import { str as pyStr } from "../pyformat.ts";
import { isFloatDType, isNumericDType, promoteForFill, dtypeOfScalar, type DTypeTarget, type PdDType } from "./dtypes.ts";
import { DatetimeArray, formatTimeColumn, inferTimeColumn, isTimeArray, isTimeDType, TimedeltaArray, type TimeArray } from "./timearrays.ts";
import { datetimeNs, NaTType, Timedelta, timedeltaNs, Timestamp } from "./timescalars.ts";
import { convertToDatetime } from "./todatetime.ts";
import { floorDiv, NAT, NS_DAY, NS_H, NS_MIN, NS_MS, NS_S, NS_US } from "./tscore.ts";

const UNIT_NS: Readonly<Record<string, bigint>> = { W: 7n * NS_DAY, D: NS_DAY, h: NS_H, m: NS_MIN, s: NS_S, ms: NS_MS, us: NS_US };
import { elementValue, isNA, numberOf, scalarKind } from "./values.ts";

/** A column of Python values (pandas' object dtype). */
export class ObjectArray {
  readonly dtype = "object" as const;
  constructor(readonly items: unknown[]) {}
  get length(): number {
    return this.items.length;
  }
}

/**
 * The column `pd.cut(..., labels=[...])` gives: its values, and the categories (the labels, in their order) that
 * get_dummies makes columns of, whether a row has them or not (one request's row has one). nb2svc has no category
 * dtype: everything else reads it as the object column of its values (missing rows NaN), and only copies and row
 * selections keep the categories.
 */
export class CategoricalArray extends ObjectArray {
  constructor(
    items: unknown[],
    readonly categories: readonly unknown[],
  ) {
    super(items);
  }
}

/** One column: numbers in a numpy array, Python values (object dtype), or times (datetime64[ns], timedelta64[ns]). */
export type Column = NDArray | ObjectArray | DatetimeArray | TimedeltaArray;

export { DatetimeArray, TimedeltaArray, isTimeArray };

export const colDType = (c: Column): PdDType => c.dtype;
export const colLength = (c: Column): number => (c instanceof NDArray ? c.shape[0] : c.length);

/** A copy of a column's values. */
export const colCopy = (c: Column): Column => (c instanceof ObjectArray ? objectLike(c, c.items.slice()) : c.copy());

/** New items in an object column of `c`'s kind: a CategoricalArray keeps its categories. */
const objectLike = (c: Column, items: unknown[]): ObjectArray => (c instanceof CategoricalArray ? new CategoricalArray(items, c.categories) : new ObjectArray(items));

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
  if (isTimeArray(c)) return c.item(i);
  return elementValue(numAt(c, i), c.dtype);
}

/** Row `i` as pandas hands out a single element: a numpy scalar for numeric columns, the item for object ones. */
export function colScalar(c: Column, i: number): unknown {
  if (c instanceof ObjectArray) return c.items[i];
  if (isTimeArray(c)) return c.item(i);
  return scalarArray(numAt(c, i), c.dtype);
}

/** Every row as Python values. */
export function colItems(c: Column): unknown[] {
  if (c instanceof ObjectArray) return c.items.slice();
  if (isTimeArray(c)) return Array.from({ length: c.length }, (_, i) => c.item(i));
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
  } else if (isTimeArray(c)) {
    for (let i = 0; i < n; i++) out[i] = c.data[i] === NAT;
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
        // Timestamps (with NaT/None) make a datetime64 column, Timedeltas a timedelta64 one
        if (v instanceof Timestamp || v instanceof Timedelta || v instanceof NaTType) return inferTimeColumn(items) ?? new ObjectArray(items.slice());
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
  if (isTimeDType(dtype)) return timeColumnOf(dtype, new BigInt64Array(0));
  return dtype === "object" ? new ObjectArray([]) : new NDArray(allocate(dtype, 0), [0], dtype);
}

/** A time column of a dtype from its nanoseconds. */
function timeColumnOf(dtype: PdDType, data: BigInt64Array, like?: TimeArray): TimeArray {
  if (dtype === "timedelta64[ns]") return new TimedeltaArray(data);
  if (like instanceof DatetimeArray && like.dtype === dtype) return new DatetimeArray(data, like.tz);
  return new DatetimeArray(data, tzOfDType(dtype));
}

/** The zone a datetime64 dtype names (only those the runtime makes: UTC and fixed offsets). */
function tzOfDType(dtype: PdDType): DatetimeArray["tz"] {
  const m = /^datetime64\[ns, (.+)\]$/.exec(dtype);
  if (!m) return null;
  if (m[1] === "UTC") return { minutes: 0, name: "UTC" };
  const f = /^pytz\.FixedOffset\((-?\d+)\)$/.exec(m[1]);
  if (f) return { minutes: Number(f[1]), name: m[1] };
  const u = /^UTC([+-])(\d\d):(\d\d)$/.exec(m[1]);
  if (u) return { minutes: (u[1] === "-" ? -1 : 1) * (Number(u[2]) * 60 + Number(u[3])), name: m[1] };
  throw pyError("NotImplementedError", `dtype '${dtype}': named time zones are not supported by nb2svc's pandas runtime`);
}

/** A column of `n` copies of a scalar, with the dtype pandas gives it (`infer_dtype_from_scalar`). */
export function colFull(n: number, value: unknown): Column {
  if (value instanceof Timestamp) return DatetimeArray.full(n, value.value, value.tz);
  if (value instanceof Timedelta) return TimedeltaArray.full(n, value.value);
  if (value instanceof NaTType) return DatetimeArray.full(n, NAT, null);
  const dtype = dtypeOfScalar(value);
  if (!isNumericDType(dtype)) return new ObjectArray(new Array<unknown>(n).fill(value));
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
  if (isTimeArray(c) && dtype === c.dtype) {
    const t = c.take(positions);
    if (missing && !isNA(fill)) {
      const ns = c instanceof DatetimeArray ? datetimeNs(fill)! : timedeltaNs(fill)!;
      positions.forEach((p, i) => p < 0 && (t.data[i] = ns));
    }
    return t;
  }
  if (!isNumericDType(dtype) || !(c instanceof NDArray)) {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = positions[i] < 0 ? fill : colValue(c, positions[i]);
    return objectLike(c, out);
  }
  const src = c;
  const out = allocate(dtype, n);
  const fillNumber = numberOf(fill) ?? NaN;
  for (let i = 0; i < n; i++) out[i] = positions[i] < 0 ? fillNumber : castValue(numAt(src, positions[i]), src.dtype, dtype);
  return new NDArray(out, [n], dtype);
}

/** Concatenates columns end to end with pandas' common dtype (bool with numbers gives object). */
export function colConcat(cols: readonly Column[], dtype: PdDType): Column {
  const n = cols.reduce((s, c) => s + colLength(c), 0);
  if (isTimeDType(dtype)) {
    const out = new BigInt64Array(n);
    let k = 0;
    for (const c of cols) {
      if (isTimeArray(c)) {
        out.set(c.data, k);
        k += c.length;
      } else {
        // an all-missing piece (a reindexed frame's new rows)
        for (let i = 0; i < colLength(c); i++) out[k++] = NAT;
      }
    }
    return timeColumnOf(dtype, out, cols.find(isTimeArray));
  }
  if (!isNumericDType(dtype)) return new ObjectArray(cols.flatMap((c) => colItems(c)));
  const out = allocate(dtype, n);
  let k = 0;
  for (const c of cols) {
    const m = colLength(c);
    if (!(c instanceof NDArray)) {
      for (let i = 0; i < m; i++) out[k++] = objectToNumber(colValue(c, i), dtype);
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
    if (isTimeArray(c)) return new ObjectArray(formatTimeColumn(c));
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = c instanceof NDArray ? npStr(colScalar(c, i) as NDArray) : pyStr(colValue(c, i));
    return new ObjectArray(out);
  }
  if (target === "object") return c instanceof ObjectArray ? new ObjectArray(c.items.slice()) : new ObjectArray(colItems(c));
  if (isTimeArray(c)) return timeAsType(c, target);
  if (isTimeDType(target)) return toTimeColumn(c instanceof ObjectArray ? c.items : colItems(c), target, c instanceof NDArray ? c.dtype : null);
  if (!isDType(target)) throw pyError("TypeError", `Cannot cast ${c.dtype} values to dtype ${target}`);
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

/**
 * `astype` of a datetime64/timedelta64 column as pandas 1.5 casts it: int64 nanoseconds (NaT is int64's minimum),
 * truthiness for bool, the same times in another datetime64 unit (pandas keeps nanoseconds) or zone, and for
 * timedelta64 in a coarser unit the float count of that unit; floats and narrower ints are refused as pandas refuses.
 */
function timeAsType(c: TimeArray, target: DTypeTarget): Column {
  const n = c.length;
  const kind = c instanceof DatetimeArray ? "DatetimeArray" : "TimedeltaArray";
  if (target === "int64") return numericColumn("int64", Array.from(c.data, Number));
  if (target === "bool") return numericColumn("bool", new Array<number>(n).fill(1));
  const unit = /^timedelta64\[(W|D|h|m|s|ms|us)\]$/.exec(target);
  if (unit) {
    if (!(c instanceof TimedeltaArray)) throw pyError("TypeError", `Cannot cast ${kind} to dtype ${target}`);
    // numpy's unit cast floors, pandas then makes floats with NaN for NaT
    const per = UNIT_NS[unit[1]];
    return numericColumn("float64", Array.from(c.data, (v) => (v === NAT ? NaN : Number(floorDiv(v, per)))));
  }
  if (isTimeDType(target)) {
    if (c instanceof TimedeltaArray) {
      if (target !== "timedelta64[ns]") throw pyError("TypeError", `Cannot cast ${kind} to dtype ${target}`);
      return c.copy();
    }
    if (target === "timedelta64[ns]") throw pyError("TypeError", `Cannot cast ${kind} to dtype ${target}`);
    const tz = tzOfDType(target);
    if (tz === null) {
      if (c.tz !== null) throw pyError("NotImplementedError", "astype of a tz-aware datetime column to a naive one is not supported by nb2svc's pandas runtime: use .dt.tz_convert(None)");
      return c.copy();
    }
    // pandas 1.5 localizes a naive column (deprecated), converts an aware one
    if (c.tz === null) return new DatetimeArray(c.data.map((v) => (v === NAT ? v : v - BigInt(tz.minutes) * 60_000_000_000n)), tz);
    return new DatetimeArray(c.data.slice(), tz);
  }
  if (typeof target === "string" && /^(u?int|float)/.test(target)) {
    if (target.startsWith("float")) throw pyError("TypeError", `Cannot cast ${kind} to dtype ${target}`);
    throw pyError("TypeError", `cannot astype a datetimelike from [${c.dtype}] to [${target}]`);
  }
  throw pyError("TypeError", `Cannot cast ${kind} to dtype ${target}`);
}

/** Python values (or a numeric column's numbers) cast to datetime64/timedelta64 as pandas' `astype` does. */
function toTimeColumn(items: readonly unknown[], target: PdDType, numericKind: PdDType | null): Column {
  if (target === "timedelta64[ns]") {
    const out = new BigInt64Array(items.length);
    items.forEach((v, i) => {
      const td = timedeltaNs(v);
      if (td !== undefined) out[i] = td;
      else {
        const x = numberOf(v);
        if (x === undefined || typeof v === "boolean") throw pyError("TypeError", `Cannot cast ${typeof v === "string" ? "str" : "object"} values to dtype timedelta64[ns]: use pd.to_timedelta`);
        out[i] = x !== x ? NAT : BigInt(Math.trunc(x));
      }
    });
    return new TimedeltaArray(out);
  }
  const tz = tzOfDType(target);
  const kind = numericKind === null ? null : isFloatDType(numericKind) ? "f" : numericKind === "bool" ? "b" : "i";
  const r = convertToDatetime(items, { errors: "raise", dayfirst: false, yearfirst: false, utc: false, format: null, exact: true, unit: null, kind });
  if (!(r instanceof DatetimeArray)) throw pyError("ValueError", "could not convert the values to datetime64[ns]");
  if (tz === null) return r;
  if (r.tz !== null) return new DatetimeArray(r.data, tz);
  return new DatetimeArray(r.data.map((v) => (v === NAT ? v : v - BigInt(tz.minutes) * 60_000_000_000n)), tz);
}

/** Python values as a column of an explicit dtype (`pd.Series([1, 2], dtype=float)`). */
export function columnOf(items: readonly unknown[], target: DTypeTarget): Column {
  if (target === "str") return new ObjectArray(items.map((v) => pyStr(v)));
  if (target === "object") return new ObjectArray(items.slice());
  if (isTimeDType(target)) return toTimeColumn(items, target, null);
  if (!isDType(target)) throw pyError("TypeError", `Cannot cast values to dtype ${target}`);
  const out = allocate(target, items.length);
  for (let i = 0; i < items.length; i++) out[i] = objectToNumber(items[i], target);
  return new NDArray(out, [items.length], target);
}

/**
 * A column as a numpy array. Object columns convert only to an explicit numeric dtype: nb2svc's numpy runtime has
 * no object dtype, where pandas would give an object array.
 */
export function colToNDArray(c: Column, dtype: DType | null, what: () => string): NDArray {
  if (isTimeArray(c)) {
    if (dtype === null || dtype === "str" || dtype === "bool") {
      throw pyError(
        "TypeError",
        `${what()} has dtype ${c.dtype}, which nb2svc's numpy runtime cannot hold: take numbers from it first (.dt.hour, .dt.dayofweek, .dt.total_seconds(), .astype("int64") for nanoseconds)`,
      );
    }
    // numpy's cast of the int64 nanoseconds (NaT is int64's minimum)
    return npArray(numericColumn("int64", Array.from(c.data, Number)), dtype);
  }
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
