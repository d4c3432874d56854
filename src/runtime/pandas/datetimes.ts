// pandas runtime, dates at the module and Series level: `pd.to_datetime` and `pd.to_timedelta` of a Series, a list,
// a scalar or (assembled from year/month/day columns) a frame; `pd.Timestamp`/`pd.Timedelta`; the `.dt` accessors
// of datetime64 and timedelta64 Series (fields as int64, float64 with NaN where a value is NaT, as pandas gives them;
// rounding, strftime, zones) and the same fields on a DatetimeIndex.
import { pyError, PyError, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { bindArgs, typeError } from "../py-base.ts";
import { truthy } from "../py-ops.ts";
import { repr as pyRepr, str as pyStr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { colItems, colLength, inferColumn, numAt, numericColumn, ObjectArray, type Column } from "./column.ts";
import { isFloatDType, isIntDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index } from "./index.ts";
import { Series } from "./series.ts";
import { DatetimeArray, TimedeltaArray } from "./timearrays.ts";
import {
  castFromUnit, fieldValue, makeTimedelta, makeTimestamp, NaT, NaTType, precisionFromUnit, PyDate, Timedelta, timedeltaUnit,
  parseTimedeltaString, Timestamp,
} from "./timescalars.ts";
import { convertToDatetime, type Errors, type ToDatetimeOptions } from "./todatetime.ts";
import {
  checkBounds, fieldsOf, floorDiv, freqNanos, isoCalendar, localNs, monthName, NAT, NS_DAY, NS_MIN, roundNs, strftime, tdComponents,
  tzArg, weekdayName, type RoundMode,
} from "./tscore.ts";

type Kw = Record<string, unknown>;

const given = (x: unknown): boolean => x !== undefined && x !== null;
const flag = (x: unknown, dflt: boolean): boolean => (x === undefined || x === null ? dflt : truthy(x));

function errorsArg(errors: unknown): Errors {
  const e = errors === undefined ? "raise" : errors;
  // pandas only asserts this deep inside its parsers
  if (e !== "raise" && e !== "coerce" && e !== "ignore") throw pyError("AssertionError", "");
  return e;
}

/** The numpy kind of a numeric column (what pandas' converters branch on), null for Python values. */
function kindOf(c: Column): ToDatetimeOptions["kind"] {
  if (!(c instanceof NDArray)) return null;
  if (c.dtype === "bool") return "b";
  return isFloatDType(c.dtype) ? "f" : "i";
}

// ---------------------------------------------------------------------------------------------------------------
// pd.to_datetime

/** `pd.to_datetime(arg, errors="raise", dayfirst=False, yearfirst=False, utc=None, format=None, exact=True, unit=None, infer_datetime_format=False, origin="unix", cache=True)`. */
export function toDatetime(
  arg: unknown,
  errors?: unknown,
  dayfirst?: unknown,
  yearfirst?: unknown,
  utc?: unknown,
  format?: unknown,
  exact?: unknown,
  unit?: unknown,
  inferDatetimeFormat?: unknown,
  origin?: unknown,
  _cache?: unknown,
): unknown {
  if (origin !== undefined && origin !== "unix") throw pyError("NotImplementedError", "to_datetime(origin=...) is not supported by nb2svc's pandas runtime");
  if (flag(inferDatetimeFormat, false)) {
    throw pyError("NotImplementedError", "to_datetime(infer_datetime_format=True) guesses one format from the first value, which nb2svc's pandas runtime does not do: pass format=... (or drop the argument)");
  }
  if (given(format) && typeof format !== "string") throw typeError("to_datetime(format=...) takes a string");
  const o: ToDatetimeOptions = {
    errors: errorsArg(errors),
    dayfirst: flag(dayfirst, false),
    yearfirst: flag(yearfirst, false),
    utc: flag(utc, false),
    format: given(format) ? (format as string) : null,
    exact: flag(exact, true),
    unit: given(unit) ? String(unit) : null,
    kind: null,
  };
  if (arg === null || arg === undefined) return null;
  if (arg instanceof Timestamp) {
    if (!o.utc) return arg;
    return arg.tz === null ? arg.pyMethod("tz_localize", ["UTC"], {}) : arg.pyMethod("tz_convert", ["UTC"], {});
  }
  if (arg instanceof Series) return arg.withValues(datetimeColumn(arg.values, o));
  if (arg instanceof DataFrame || arg instanceof PyDict) return assemble(arg instanceof PyDict ? new DataFrame([], Index.of([]), Index.defaultOf(0)) : arg, o, arg);
  if (arg instanceof Index) return Index.fromColumn(datetimeColumn(arg.toColumn(), o), arg.name);
  if (Array.isArray(arg) || (arg instanceof NDArray && arg.ndim === 1)) {
    const items = Array.isArray(arg) ? arg : colItems(arg as NDArray);
    const c = datetimeColumn(arg instanceof NDArray ? (arg as NDArray) : new ObjectArray(items.slice()), o);
    return Index.fromColumn(c, null);
  }
  if (arg instanceof NDArray && arg.ndim > 1) throw typeError("arg must be a string, datetime, list, tuple, 1-d array, or Series");
  // a scalar goes through the list path as a one-value numpy array, as pandas does (a float takes the float path)
  const c = datetimeColumn(scalarColumn(arg), o);
  return c instanceof DatetimeArray ? c.item(0) : colItems(c)[0];
}

/** A scalar argument as the one-value array pandas makes of it: numbers by their kind (a numpy scalar by its dtype). */
function scalarColumn(v: unknown): Column {
  if (v instanceof NDArray) {
    if (isIntDType(v.dtype) || isFloatDType(v.dtype)) return numericColumn(isFloatDType(v.dtype) ? "float64" : "int64", [Number(v.item())]);
    return new ObjectArray([v.item()]);
  }
  if (v instanceof WeakFloat) return numericColumn("float64", [v.value]);
  if (typeof v === "number") return numericColumn(Number.isInteger(v) ? "int64" : "float64", [v]);
  return new ObjectArray([v]);
}

/** One column converted (the values unchanged when errors="ignore" could not read them all). */
function datetimeColumn(c: Column, o: ToDatetimeOptions): Column {
  if (c instanceof DatetimeArray) {
    if (!o.utc) return c;
    // naive values are taken as UTC, aware ones converted
    if (c.tz === null) return new DatetimeArray(c.data.slice(), tzArg("UTC", "to_datetime"));
    return new DatetimeArray(c.data.slice(), tzArg("UTC", "to_datetime"));
  }
  if (c instanceof TimedeltaArray) throw pyError("TypeError", "dtype timedelta64[ns] cannot be converted to datetime64[ns]");
  const r = convertToDatetime(colItems(c), { ...o, kind: kindOf(c) });
  if (r instanceof DatetimeArray) return r;
  return c instanceof ObjectArray ? new ObjectArray(c.items.slice()) : c;
}

const UNIT_MAP: Readonly<Record<string, string>> = {
  year: "year", years: "year", month: "month", months: "month", day: "day", days: "day", hour: "h", hours: "h",
  minute: "m", minutes: "m", second: "s", seconds: "s", ms: "ms", millisecond: "ms", milliseconds: "ms", us: "us",
  microsecond: "us", microseconds: "us", ns: "ns", nanosecond: "ns", nanoseconds: "ns",
};

/** `_assemble_from_unit_mappings`: `pd.to_datetime(df[["year", "month", "day"]])`, hours etc. added as timedeltas. */
function assemble(df: DataFrame, o: ToDatetimeOptions, original: unknown): Series {
  if (original instanceof PyDict) throw pyError("NotImplementedError", "pd.to_datetime of a dict is not supported by nb2svc's pandas runtime: build a DataFrame first");
  if (!df.columns.isUnique) throw pyError("ValueError", "cannot assemble with duplicate keys");
  const f = (v: unknown): unknown => {
    if (typeof v !== "string") return v;
    if (v in UNIT_MAP) return UNIT_MAP[v];
    if (v.toLowerCase() in UNIT_MAP) return UNIT_MAP[v.toLowerCase()];
    return v;
  };
  const unitRev = new Map<unknown, unknown>();
  for (const k of df.columns) unitRev.set(f(k), k);
  const missing = ["day", "month", "year"].filter((k) => !unitRev.has(k)).sort();
  if (missing.length) throw pyError("ValueError", `to assemble mappings requires at least that [year, month, day] be specified: [${missing.join(",")}] is missing`);
  const known = new Set(Object.values(UNIT_MAP));
  const excess = [...unitRev.keys()].filter((k) => !known.has(k as string)).map((k) => pyStr(k)).sort();
  if (excess.length) throw pyError("ValueError", `extra keys have been passed to the datetime assemblage: [${excess.join(",")}]`);
  const column = (u: string): Series => {
    const s = df.pyGetitem(unitRev.get(u)) as Series;
    // to_numeric with the same errors, ints widened to int64
    const num = toNumericForAssemble(s, o.errors);
    return num;
  };
  const values = (column("year").pyBinary("*", 10000, false) as Series).pyBinary("+", column("month").pyBinary("*", 100, false), false) as Series;
  const ymd = values.pyBinary("+", column("day"), false) as Series;
  let out: Series;
  try {
    out = toDatetime(ymd, o.errors, undefined, undefined, o.utc, "%Y%m%d") as Series;
  } catch (e) {
    if (e instanceof PyError && ["ValueError", "TypeError", "OutOfBoundsDatetime", "ParserError"].includes(e.type)) {
      throw pyError("ValueError", `cannot assemble the datetimes: ${e.message.slice(e.type.length + 2)}`);
    }
    throw e;
  }
  for (const u of ["h", "m", "s", "ms", "us", "ns"]) {
    if (!unitRev.has(u)) continue;
    const label = unitRev.get(u);
    try {
      out = out.pyBinary("+", toTimedelta(toNumericForAssemble(df.pyGetitem(label) as Series, o.errors), u, o.errors), false) as Series;
    } catch (e) {
      if (e instanceof PyError && ["ValueError", "TypeError"].includes(e.type)) {
        throw pyError("ValueError", `cannot assemble the datetimes [${pyStr(label)}]: ${e.message.slice(e.type.length + 2)}`);
      }
      throw e;
    }
  }
  return out;
}

let toNumericImpl: ((arg: unknown, errors?: unknown) => unknown) | null = null;
/** api.ts hands its to_numeric over (the module imports this one). */
export function setToNumeric(f: (arg: unknown, errors?: unknown) => unknown): void {
  toNumericImpl = f;
}

function toNumericForAssemble(s: Series, errors: Errors): Series {
  const r = toNumericImpl!(s, errors) as Series;
  return r.values instanceof NDArray && isIntDType(r.values.dtype) && r.values.dtype !== "int64" ? r.withValues(r.pyMethod("astype", ["int64"], {}) as unknown as Column) : r;
}

// ---------------------------------------------------------------------------------------------------------------
// pd.to_timedelta

/** numpy's `round(x, decimals)`: scale, round half to even, unscale (not Python's correctly rounded round). */
function npRound(x: number, p: number): number {
  const f = 10 ** p;
  const y = x * f;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5) r = 2 * Math.round(y / 2);
  return r / f;
}

function timedeltaColumn(c: Column, unit: string | null, errors: Errors): Column {
  if (c instanceof TimedeltaArray) return c;
  if (c instanceof DatetimeArray) throw pyError("TypeError", `dtype ${c.dtype} cannot be converted to timedelta64[ns]`);
  const n = colLength(c);
  const out = new BigInt64Array(n);
  if (c instanceof NDArray) {
    if (c.dtype === "bool") throw pyError("TypeError", "dtype bool cannot be converted to timedelta64[ns]");
    const [m, p] = precisionFromUnit(unit ?? "ns");
    for (let i = 0; i < n; i++) {
      const x = numAt(c, i);
      if (isIntDType(c.dtype)) out[i] = BigInt(x) * m;
      else if (x !== x) out[i] = NAT;
      else {
        // pandas' vectorized float path: int part, then the fraction rounded by numpy
        const base = Math.trunc(x);
        let frac = x - base;
        if (p) frac = npRound(frac, p);
        out[i] = BigInt(base) * m + BigInt(Math.trunc(frac * Number(m)));
      }
    }
    return new TimedeltaArray(out);
  }
  const items = colItems(c);
  if (unit !== null && errors !== "coerce" && items.some((v) => typeof v === "string")) {
    throw pyError("ValueError", "unit must not be specified if the input contains a str");
  }
  const u = timedeltaUnit(unit ?? "ns");
  for (let i = 0; i < n; i++) {
    const v = items[i];
    try {
      if (v === null || v === undefined || v instanceof NaTType) out[i] = NAT;
      else if (v instanceof Timedelta) out[i] = v.value;
      else if (typeof v === "string") {
        try {
          out[i] = parseTimedeltaString(v);
        } catch (e) {
          // pandas words this one error after the item
          if (e instanceof PyError && e.message.includes("unit abbreviation w/o a number") && errors !== "coerce") throw pyError("ValueError", `Could not convert '${v}' to NumPy timedelta`);
          throw e;
        }
      }
      else if (typeof v === "number" || v instanceof WeakFloat) {
        const x = v instanceof WeakFloat ? v.value : v;
        out[i] = x !== x ? NAT : castFromUnit(x, v instanceof WeakFloat || !Number.isInteger(x), u);
      } else throw pyError("ValueError", `Invalid type for timedelta scalar: ${pyRepr(v)}`);
    } catch (e) {
      if (!(e instanceof PyError) || e.type !== "ValueError") throw e;
      if (errors === "coerce") out[i] = NAT;
      else if (errors === "ignore") return c instanceof ObjectArray ? new ObjectArray(c.items.slice()) : c;
      else throw e;
    }
  }
  return new TimedeltaArray(out);
}

/** `pd.to_timedelta(arg, unit=None, errors="raise")`. */
export function toTimedelta(arg: unknown, unit?: unknown, errors?: unknown): unknown {
  const u = given(unit) ? timedeltaUnit(unit) : null;
  const e = errors === undefined ? "raise" : errors;
  if (e !== "raise" && e !== "coerce" && e !== "ignore") throw pyError("ValueError", "errors must be one of 'ignore', 'raise', or 'coerce'.");
  if (u === "Y" || u === "M") throw pyError("ValueError", "Units 'M', 'Y', and 'y' are no longer supported, as they do not represent unambiguous timedelta values durations.");
  if (arg === null || arg === undefined) return arg;
  if (arg instanceof Series) return arg.withValues(timedeltaColumn(arg.values, u, e));
  if (arg instanceof Index) return Index.fromColumn(timedeltaColumn(arg.toColumn(), u, e), arg.name);
  if (Array.isArray(arg) || (arg instanceof NDArray && arg.ndim === 1)) {
    return Index.fromColumn(timedeltaColumn(arg instanceof NDArray ? arg : new ObjectArray(arg.slice()), u, e), null);
  }
  if (typeof arg === "string" && u !== null) throw pyError("ValueError", "unit must not be specified if the input is/contains a str");
  try {
    return makeTimedelta(arg, u ?? undefined, {});
  } catch (err) {
    if (!(err instanceof PyError) || err.type !== "ValueError") throw err;
    if (e === "coerce") return NaT;
    if (e === "ignore") return arg;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Constructors

export const timestamp = (args: readonly unknown[]): Timestamp | NaTType => makeTimestamp(args);

export function timedelta(value: unknown, unit: unknown, kw: Record<string, unknown>): Timedelta | NaTType {
  return makeTimedelta(value, unit, kw);
}

// ---------------------------------------------------------------------------------------------------------------
// .dt of a datetime64 Series

const INT_FIELDS = new Set([
  "year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond", "dayofweek", "day_of_week", "weekday",
  "dayofyear", "day_of_year", "quarter", "days_in_month", "daysinmonth", "week", "weekofyear",
]);
const BOOL_FIELDS = new Set(["is_leap_year", "is_month_start", "is_month_end", "is_quarter_start", "is_quarter_end", "is_year_start", "is_year_end"]);

/** A field of every value: int64, or float64 with NaN when a value is NaT; bool fields are False for NaT. */
export function datetimeField(c: DatetimeArray, name: string): Column {
  const n = c.length;
  const out = new Array<number>(n);
  let anyNaT = false;
  for (let i = 0; i < n; i++) {
    const v = c.data[i];
    if (v === NAT) {
      anyNaT = true;
      out[i] = BOOL_FIELDS.has(name) ? 0 : NaN;
      continue;
    }
    const r = fieldValue(fieldsOf(localNs(v, c.tz)), name)!;
    out[i] = typeof r === "boolean" ? (r ? 1 : 0) : r;
  }
  if (BOOL_FIELDS.has(name)) return numericColumn("bool", out);
  return numericColumn(anyNaT ? "float64" : "int64", out);
}

/** The values at their wall clock rounded/normalized, back in their zone. */
function mapWall(c: DatetimeArray, f: (wall: bigint) => bigint): DatetimeArray {
  const off = c.tz === null ? 0n : BigInt(c.tz.minutes) * NS_MIN;
  return new DatetimeArray(
    c.data.map((v) => {
      if (v === NAT) return v;
      const r = f(v + off) - off;
      checkBounds(r);
      return r;
    }),
    c.tz,
  );
}

/** Text per value (NaN where NaT), as `dt.strftime`/`dt.day_name()` give it. */
function textOf(c: DatetimeArray, f: (ns: bigint) => string): ObjectArray {
  return new ObjectArray(Array.from(c.data, (v) => (v === NAT ? NaN : f(v))));
}

/** `.dt` methods and attributes shared by a Series' accessor and a DatetimeIndex: the result as a column. */
export function datetimeMember(c: DatetimeArray, name: string, args: unknown[], kwargs: Kw, isMethod: boolean): Column | { readonly other: unknown } | null {
  const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
  if (!isMethod) {
    if (INT_FIELDS.has(name) || BOOL_FIELDS.has(name)) return datetimeField(c, name);
    switch (name) {
      case "date":
        return new ObjectArray(Array.from(c.data, (v) => {
          if (v === NAT) return NaT;
          const f = fieldsOf(localNs(v, c.tz));
          return new PyDate(f.year, f.month, f.day);
        }));
      case "tz":
        return { other: c.tz === null ? null : c.tz.name };
      case "freq":
        return { other: null };
      case "time":
      case "timetz":
        throw pyError("NotImplementedError", `.dt.${name} gives datetime.time objects, which nb2svc's pandas runtime does not have: use .dt.hour, .dt.minute, .dt.strftime("%H:%M")`);
    }
    return null;
  }
  switch (name) {
    case "normalize":
      b([]);
      return mapWall(c, (w) => floorDiv(w, NS_DAY) * NS_DAY);
    case "floor":
    case "ceil":
    case "round": {
      const [freq] = b(["freq", "ambiguous", "nonexistent"], 1);
      const unit = freqNanos(freq);
      return mapWall(c, (w) => roundNs(w, name as RoundMode, unit));
    }
    case "strftime": {
      const [fmt] = b(["date_format"], 1);
      if (typeof fmt !== "string") throw typeError(`strftime() argument 1 must be str, not ${typeof fmt}`);
      return textOf(c, (v) => strftime(v, c.tz, fmt));
    }
    case "day_name":
    case "month_name":
      b(["locale"]);
      return textOf(c, (v) => (name === "day_name" ? weekdayName : monthName)(fieldsOf(localNs(v, c.tz))));
    case "tz_localize": {
      const [tz] = b(["tz", "ambiguous", "nonexistent"], 1);
      const zone = tzArg(tz, "tz_localize");
      if (zone === null) return new DatetimeArray(c.data.map((v) => (v === NAT ? v : localNs(v, c.tz))), null);
      if (c.tz !== null) throw typeError("Already tz-aware, use tz_convert to convert.");
      return new DatetimeArray(c.data.map((v) => (v === NAT ? v : v - BigInt(zone.minutes) * NS_MIN)), zone);
    }
    case "tz_convert": {
      const [tz] = b(["tz"], 1);
      if (c.tz === null) throw typeError("Cannot convert tz-naive timestamps, use tz_localize to localize");
      return new DatetimeArray(c.data.slice(), tzArg(tz, "tz_convert"));
    }
    case "to_pydatetime":
      b([]);
      return new ObjectArray(Array.from({ length: c.length }, (_, i) => c.item(i)));
  }
  return null;
}

/** `s.dt` for a datetime64 Series. */
export class DatetimeProperties {
  readonly pyTypeName = "DatetimeProperties";

  constructor(readonly series: Series) {}

  private get values(): DatetimeArray {
    return this.series.values as DatetimeArray;
  }

  pyAttr(name: string): unknown {
    const r = datetimeMember(this.values, name, [], {}, false);
    if (r === null) return METHOD_NOT_FOUND;
    if ("other" in r) return r.other;
    return this.series.withValues(r);
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    if (name === "isocalendar") {
      bindArgs(name, args, kwargs, []);
      return isocalendarFrame(this.values, this.series.index);
    }
    const r = datetimeMember(this.values, name, args, kwargs, true);
    if (r === null) return METHOD_NOT_FOUND;
    if ("other" in r) return r.other;
    return this.series.withValues(r);
  }
}

/**
 * `dt.isocalendar()`: year, week and day columns. pandas makes them its nullable UInt32 (so a NaT row holds <NA>);
 * the runtime has no nullable dtypes and gives uint32, refusing a column with NaT.
 */
function isocalendarFrame(c: DatetimeArray, index: Index): DataFrame {
  if (c.data.some((v) => v === NAT)) {
    throw pyError("NotImplementedError", ".dt.isocalendar() of a column with NaT gives pandas' nullable UInt32 columns, which nb2svc's pandas runtime does not have: drop or fill the missing dates first");
  }
  const cal = Array.from(c.data, (v) => isoCalendar(fieldsOf(localNs(v, c.tz))));
  const cols = [0, 1, 2].map((k) => numericColumn("uint32", cal.map((x) => x[k])));
  return new DataFrame(cols, Index.of(["year", "week", "day"]), index);
}

// ---------------------------------------------------------------------------------------------------------------
// .dt of a timedelta64 Series

const TD_COMPONENTS = ["days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds"] as const;

/** `td.dt.days` and the like: int64, or float64 with NaN when a value is NaT. */
export function timedeltaField(c: TimedeltaArray, name: string): Column | null {
  const pick = (v: bigint): number => {
    const k = tdComponents(v);
    switch (name) {
      case "days": return k.days;
      case "seconds": return k.hours * 3600 + k.minutes * 60 + k.seconds;
      case "microseconds": return k.milliseconds * 1000 + k.microseconds;
      case "nanoseconds": return k.nanoseconds;
    }
    return (k as unknown as Record<string, number>)[name];
  };
  if (!["days", "seconds", "microseconds", "nanoseconds", ...TD_COMPONENTS].includes(name)) return null;
  const anyNaT = c.data.some((v) => v === NAT);
  return numericColumn(anyNaT ? "float64" : "int64", Array.from(c.data, (v) => (v === NAT ? NaN : pick(v))));
}

export class TimedeltaProperties {
  readonly pyTypeName = "TimedeltaProperties";

  constructor(readonly series: Series) {}

  private get values(): TimedeltaArray {
    return this.series.values as TimedeltaArray;
  }

  pyAttr(name: string): unknown {
    if (name === "components") {
      const c = this.values;
      const cols = TD_COMPONENTS.map((k) => {
        const anyNaT = c.data.some((v) => v === NAT);
        return numericColumn(anyNaT ? "float64" : "int64", Array.from(c.data, (v) => (v === NAT ? NaN : tdComponents(v)[k])));
      });
      return new DataFrame(cols, Index.of([...TD_COMPONENTS]), this.series.index);
    }
    if (name === "freq") return null;
    if (name === "days" || name === "seconds" || name === "microseconds" || name === "nanoseconds") return this.series.withValues(timedeltaField(this.values, name)!);
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    const c = this.values;
    switch (name) {
      case "total_seconds": {
        b([]);
        // pandas: int64 nanoseconds / 1e9 in float64, NaN for NaT
        return this.series.withValues(numericColumn("float64", Array.from(c.data, (v) => (v === NAT ? NaN : Number(v) / 1e9))));
      }
      case "floor":
      case "ceil":
      case "round": {
        const [freq] = b(["freq", "ambiguous", "nonexistent"], 1);
        const unit = freqNanos(freq);
        return this.series.withValues(new TimedeltaArray(c.data.map((v) => roundNs(v, name as RoundMode, unit))));
      }
      case "to_pytimedelta":
        b([]);
        return colItems(c);
    }
    return METHOD_NOT_FOUND;
  }
}

/** `s.dt`: the accessor for the Series' dtype, or pandas' AttributeError. */
export function dtAccessor(s: Series): unknown {
  if (s.values instanceof DatetimeArray) return new DatetimeProperties(s);
  if (s.values instanceof TimedeltaArray) return new TimedeltaProperties(s);
  throw pyError("AttributeError", "Can only use .dt accessor with datetimelike values");
}

// ---------------------------------------------------------------------------------------------------------------
// DatetimeIndex / TimedeltaIndex members

/** An attribute or method of a DatetimeIndex (fields are Int64Index/Float64Index, bool fields numpy arrays). */
export function timeIndexMember(ix: Index, name: string, args: unknown[], kwargs: Kw, isMethod: boolean): unknown {
  const c = ix.toColumn();
  let r: Column | { readonly other: unknown } | null = null;
  if (c instanceof DatetimeArray) r = datetimeMember(c, name, args, kwargs, isMethod);
  else if (c instanceof TimedeltaArray) {
    if (!isMethod) r = timedeltaField(c, name);
    else if (name === "total_seconds") r = numericColumn("float64", Array.from(c.data, (v) => (v === NAT ? NaN : Number(v) / 1e9)));
  }
  if (r === null) return METHOD_NOT_FOUND;
  if ("other" in r) return r.other;
  if (r instanceof NDArray && r.dtype === "bool") return r;
  // `.date` is a numpy object array in pandas: a list here, as other object arrays are
  if (name === "date") return colItems(r);
  return Index.fromColumn(r, ix.name);
}

export { inferColumn };
