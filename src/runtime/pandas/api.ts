// pandas runtime, the module: what `pd.<name>(...)` becomes in translated code (src/pylib/pandas.ts maps the names).
// Each function takes pandas' parameters in pandas' order; the translator passes `undefined` for omitted ones.
import { pyError } from "../core.ts";
import { allocate, NDArray } from "../ndarray.ts";
import { mkFloat } from "../py-base.ts";
import { PyDict } from "../pydict.ts";
import { str as pyStr } from "../pyformat.ts";
import { colItems, inferColumn, numericColumn, ObjectArray, type Column } from "./column.ts";
import { makeFrame, makeSeries } from "./construct.ts";
import { isNumericDType } from "./dtypes.ts";
import { DataFrame as Frame } from "./frame.ts";
import { Index as IndexClass, iterLabels } from "./index.ts";
import { concat as concatImpl, cut as cutImpl, getDummies } from "./reshape.ts";
import { Series as SeriesClass } from "./series.ts";
import { isNA, pyScalar, scalarKind } from "./values.ts";
import { setToNumeric, toDatetime, toTimedelta } from "./datetimes.ts";
import { makeTimedelta, makeTimestamp, NaTType, type Timedelta as TimedeltaClass, type Timestamp as TimestampClass } from "./timescalars.ts";

import { Categorical as CategoricalClass, makeCategorical } from "./categorical.ts";

export { Frame as DataFrameClass, SeriesClass, IndexClass, CategoricalClass };
export { NaT, Timestamp as TimestampClass, Timedelta as TimedeltaClass, PyDate } from "./timescalars.ts";

// ---------------------------------------------------------------------------------------------------------------
// dates and times (datetimes.ts)

/** `pd.to_datetime(arg, errors, dayfirst, yearfirst, utc, format, exact, unit, infer_datetime_format, origin, cache)`. */
export const to_datetime = toDatetime;

/** `pd.to_timedelta(arg, unit=None, errors="raise")`. */
export const to_timedelta = toTimedelta;

/** `pd.Timestamp(ts_input, freq, tz, unit, year, month, day, hour, minute, second, microsecond, nanosecond, tzinfo)`. */
export function Timestamp(...args: unknown[]): TimestampClass | NaTType {
  return makeTimestamp(args);
}

/** `pd.Timedelta(value, unit, days=, seconds=, microseconds=, milliseconds=, minutes=, hours=, weeks=, nanoseconds=)`. */
export function Timedelta(
  value?: unknown,
  unit?: unknown,
  days?: unknown,
  seconds?: unknown,
  microseconds?: unknown,
  milliseconds?: unknown,
  minutes?: unknown,
  hours?: unknown,
  weeks?: unknown,
  nanoseconds?: unknown,
): TimedeltaClass | NaTType {
  return makeTimedelta(value, unit, { days, seconds, microseconds, milliseconds, minutes, hours, weeks, nanoseconds });
}

// `copy=` is accepted and has nothing to do: the runtime's constructors always copy what they are given.

/** `pd.DataFrame(data=None, index=None, columns=None, dtype=None, copy=None)`. */
export function DataFrame(data?: unknown, index?: unknown, columns?: unknown, dtype?: unknown, _copy?: unknown): Frame {
  return makeFrame(data, index, columns, dtype);
}

/** `pd.DataFrame.from_dict(data, orient="columns", dtype=None, columns=None)`. */
export function DataFrame_from_dict(data: unknown, orient?: unknown, dtype?: unknown, columns?: unknown): Frame {
  if (!(data instanceof PyDict)) throw pyError("TypeError", "from_dict() takes a dict");
  const o = orient === undefined ? "columns" : orient;
  if (o === "columns") {
    if (columns !== undefined && columns !== null) throw pyError("ValueError", "cannot use columns parameter with orient='columns'");
    return makeFrame(data, undefined, undefined, dtype);
  }
  if (o !== "index") throw pyError("ValueError", `Expected 'index', 'columns' or 'tight' for orient parameter. Got '${String(o)}' instead`);
  const keys = Array.from(data.keys());
  const rows = Array.from(data.values());
  if (rows.every((r) => r instanceof PyDict)) return makeFrame(rows, keys, columns, dtype);
  // a dict of scalars (`from_dict(record, orient="index").T`, the one-row idiom) is one column 0, a value per key
  const scalar = (r: unknown) => r === null || typeof r !== "object" || (r instanceof NDArray && r.shape.length === 0);
  return makeFrame(rows.map((r) => (scalar(r) ? [r] : Array.from(iterLabels(r)))), keys, columns, dtype);
}

/** `pd.DataFrame.from_records(data, index=None, exclude=None, columns=None)`. */
export function DataFrame_from_records(data: unknown, index?: unknown, exclude?: unknown, columns?: unknown): Frame {
  if (exclude !== undefined && exclude !== null) throw pyError("TypeError", "from_records(exclude=...) is not supported by nb2svc's pandas runtime");
  return makeFrame(data, index, columns);
}

/**
 * `pd.json_normalize(data, record_path=None, meta=None, meta_prefix=None, record_prefix=None, errors="raise", sep=".",
 * max_level=None)`: a record (or a list of them) with nested dicts flattened into `parent.child` columns. record_path
 * and meta (records nested in lists) are refused.
 */
export function json_normalize(data: unknown, record_path?: unknown, meta?: unknown, meta_prefix?: unknown, record_prefix?: unknown, _errors?: unknown, sep?: unknown, max_level?: unknown): Frame {
  for (const [k, v] of Object.entries({ record_path, meta, meta_prefix, record_prefix })) {
    if (v !== undefined && v !== null) throw pyError("TypeError", `json_normalize(${k}=...) is not supported by nb2svc's pandas runtime`);
  }
  const separator = sep === undefined || sep === null ? "." : String(sep);
  const depth = max_level === undefined || max_level === null ? Infinity : Number(max_level);
  if (data instanceof PyDict) return makeFrame([flattenRecord(data, separator, depth)]);
  if (!Array.isArray(data)) throw pyError("NotImplementedError", "");
  // (an item that is no dict is a row without columns, as in pandas)
  const rows = data.map((r) => (r instanceof PyDict ? flattenRecord(r, separator, depth) : new PyDict()));
  return rows.length ? makeFrame(rows) : makeFrame();
}

/**
 * pandas' nested_to_record: the record's own values first, where they are (their keys as they are), then each
 * nested dict's entries under `key<sep>child` in order, depth first, down to `maxLevel` levels (a dict deeper than
 * that stays a value). An empty nested dict gives no column.
 */
function flattenRecord(record: PyDict, sep: string, maxLevel: number): PyDict {
  const out = new PyDict();
  const nested: [string, PyDict][] = [];
  for (const [k, v] of record) {
    if (v instanceof PyDict && maxLevel > 0) nested.push([pyStr(k), v]);
    else out.set(k, v);
  }
  const walk = (prefix: string, d: PyDict, level: number) => {
    for (const [k, v] of d) {
      const key = `${prefix}${sep}${pyStr(k)}`;
      if (v instanceof PyDict && level < maxLevel) walk(key, v, level + 1);
      else out.set(key, v);
    }
  };
  for (const [k, d] of nested) walk(k, d, 1);
  return out;
}

/** `pd.Series(data=None, index=None, dtype=None, name=None, copy=False)`. */
export function Series(data?: unknown, index?: unknown, dtype?: unknown, name?: unknown, _copy?: unknown): SeriesClass {
  return makeSeries(data, index, dtype, name);
}

/** `pd.Index(data, dtype=None, copy=False, name=None)`. */
/** `pd.Categorical(values, categories=None, ordered=False, dtype=None)`: codes among categories (categorical.ts). */
export function Categorical(values: unknown, categories?: unknown, ordered?: unknown, dtype?: unknown): CategoricalClass {
  return makeCategorical(values, categories, ordered, dtype);
}

export function Index(data?: unknown, dtype?: unknown, _copy?: unknown, name?: unknown): IndexClass {
  if (dtype !== undefined && dtype !== null && dtype !== "object") throw pyError("TypeError", "pd.Index(dtype=...) is not supported by nb2svc's pandas runtime");
  return IndexClass.of(data === undefined || data === null ? [] : Array.from(iterLabels(data)), name === undefined ? null : name);
}

/** `pd.get_dummies(data, prefix=None, prefix_sep="_", dummy_na=False, columns=None, sparse=False, drop_first=False, dtype=None)`. */
export const get_dummies = getDummies;

/** `pd.cut(x, bins, right=True, labels=None, retbins=False, precision=3, include_lowest=False, duplicates="raise", ordered=True)`. */
export const cut = cutImpl;

/** `pd.concat(objs, axis=0, join="outer", ignore_index=False, keys=None, ...)`. */
export function concat(objs: unknown, axis?: unknown, join?: unknown, ignore_index?: unknown, keys?: unknown, levels?: unknown, names?: unknown, verify_integrity?: unknown, sort?: unknown): Frame | SeriesClass {
  for (const [k, v] of Object.entries({ keys, levels, names, verify_integrity, sort })) {
    if (v !== undefined && v !== null && v !== false) throw pyError("TypeError", `concat(${k}=...) is not supported by nb2svc's pandas runtime`);
  }
  return concatImpl(objs, axis, join, ignore_index);
}

/** `pd.isna(obj)` (alias `isnull`): a bool for a scalar, an array for a list or array, a frame/Series for those. */
export function isna(obj: unknown): unknown {
  return missing(obj, false);
}

export function notna(obj: unknown): unknown {
  return missing(obj, true);
}

export const isnull = isna;
export const notnull = notna;

function missing(obj: unknown, negate: boolean): unknown {
  if (obj instanceof SeriesClass || obj instanceof Frame) return obj.pyMethod(negate ? "notna" : "isna", [], {});
  if (obj instanceof NDArray) {
    if (obj.ndim === 0) return isNA(obj) !== negate;
    const vals = obj.values();
    const out = allocate("bool", vals.length);
    for (let i = 0; i < vals.length; i++) out[i] = (vals[i] !== vals[i]) !== negate ? 1 : 0;
    return new NDArray(out, obj.shape.slice(), "bool");
  }
  if (Array.isArray(obj)) return numericColumn("bool", obj.map((v) => (isNA(v) !== negate ? 1 : 0)));
  if (obj instanceof IndexClass) return numericColumn("bool", obj.labels().map((v) => (isNA(v) !== negate ? 1 : 0)));
  return isNA(obj) !== negate;
}

// ---------------------------------------------------------------------------------------------------------------
// to_numeric

const INT_TEXT = /^[+-]?[0-9]+$/;
const FLOAT_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_TEXT = /^([+-]?)(inf|infinity|nan)$/i;

class ParseError extends Error {}

/** One value as pandas' `maybe_convert_numeric` reads it: a number, NaN for None and "", or a ParseError. */
function parseNumeric(v: unknown): number | boolean | { readonly float: number } {
  const x = pyScalar(v);
  switch (scalarKind(x)) {
    case "none":
      return { float: NaN };
    case "bool":
      return x as boolean;
    case "int":
      return x as number;
    case "float":
      return { float: Number(x) };
    case "str": {
      const t = (x as string).trim();
      if (t === "") return { float: NaN };
      if (INT_TEXT.test(t)) return Number(t);
      if (FLOAT_TEXT.test(t)) return { float: Number(t) };
      const m = SPECIAL_TEXT.exec(t);
      if (m) return { float: m[2].toLowerCase() === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity };
      throw new ParseError(`Unable to parse string ${JSON.stringify(x)}`);
    }
  }
  throw new ParseError("Invalid object type");
}

function convertNumeric(items: readonly unknown[], errors: string): Column | null {
  let sawFloat = false;
  let sawInt = false;
  let sawBool = false;
  const values: number[] = [];
  for (let i = 0; i < items.length; i++) {
    let r: ReturnType<typeof parseNumeric>;
    try {
      r = parseNumeric(items[i]);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (errors === "coerce") r = { float: NaN };
      else if (errors === "ignore") return null;
      else throw pyError(e.message.startsWith("Invalid") ? "TypeError" : "ValueError", `${e.message} at position ${i}`);
    }
    if (typeof r === "boolean") {
      sawBool = true;
      values.push(r ? 1 : 0);
    } else if (typeof r === "number") {
      sawInt = true;
      values.push(r);
    } else {
      sawFloat = true;
      values.push(r.float);
    }
  }
  const dtype = sawFloat ? "float64" : sawInt ? "int64" : sawBool ? "bool" : "int64";
  return numericColumn(dtype, values);
}

/** `pd.to_numeric(arg, errors="raise", downcast=None)`. */
export function to_numeric(arg: unknown, errors?: unknown, downcast?: unknown): unknown {
  const e = errors === undefined ? "raise" : errors;
  if (e !== "raise" && e !== "coerce" && e !== "ignore") throw pyError("ValueError", "invalid error value specified");
  if (downcast !== undefined && downcast !== null) throw pyError("TypeError", "to_numeric(downcast=...) is not supported by nb2svc's pandas runtime");
  if (arg instanceof SeriesClass) {
    if (isNumericDType(arg.values.dtype)) return arg.withValues(arg.values);
    const c = convertNumeric(colItems(arg.values), e as string);
    return c === null ? arg : arg.withValues(c);
  }
  if (arg instanceof NDArray) return arg;
  if (Array.isArray(arg)) {
    const c = convertNumeric(arg, e as string);
    if (c === null) {
      const inferred = inferColumn(arg, "float64");
      if (inferred instanceof ObjectArray) throw pyError("TypeError", "to_numeric(errors='ignore') of a list of strings gives an object array, which nb2svc's numpy runtime cannot hold");
      return inferred;
    }
    return c;
  }
  if (arg instanceof Frame) throw pyError("TypeError", "arg must be a list, tuple, 1-d array, or Series");
  const kind = scalarKind(arg);
  if (kind === "int" || kind === "float" || kind === "bool") return arg;
  const c = convertNumeric([arg], e as string);
  if (c === null) return arg;
  const v = (c as NDArray).data[0];
  if (c.dtype === "float64" && kind !== "str") return mkFloat(v);
  // a parsed string gives a numpy scalar, as pandas returns
  const out = allocate(c.dtype as "float64", 1);
  out[0] = v;
  return new NDArray(out, [], c.dtype as "float64");
}

// the assembling of dates from year/month/day columns converts them with to_numeric
setToNumeric(to_numeric);
