// pandas runtime, `pd.to_datetime` of a list of values (pandas 1.5.3's `_convert_listlike_datetimes`): numbers with
// `unit=` (`array_with_unit_to_datetime`, its float fast path included), `format=` through strptime (or the ISO
// parser when the format is ISO-like, `%Y%m%d` through pandas' arithmetic shortcut first), and without a format
// `array_to_datetime`: NaT strings, the ISO parser, then `parse_datetime_string`; offsets in the text make the
// column tz-aware when they agree. `errors=` "raise" (pandas' exception and message, with the position), "coerce"
// (NaT) or "ignore" (the values unchanged).
import { pyError, PyError, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { str as pyStr } from "../pyformat.ts";
import { isoToParsed, NAT_STRINGS, nowParsed, parseDatetimeString, parseIso, strptimeOne, yyyymmdd, type ParsedTime } from "./dtparse.ts";
import { DatetimeArray } from "./timearrays.ts";
import { castFromUnit, NaTType, precisionFromUnit, PyDate, Timestamp } from "./timescalars.ts";
import { fixedOffset, MAX_NS, MIN_NS, NAT, NS_MIN, nsOfParts, UTC, type Tz } from "./tscore.ts";

export type Errors = "raise" | "coerce" | "ignore";

export interface ToDatetimeOptions {
  readonly errors: Errors;
  readonly dayfirst: boolean;
  readonly yearfirst: boolean;
  readonly utc: boolean;
  readonly format: string | null;
  readonly exact: boolean;
  readonly unit: string | null;
  /** The values' numpy kind when they come from a numeric column ("i", "f", "b"), else null (Python objects). */
  readonly kind: "i" | "f" | "b" | null;
}

/** The datetime64 column, or the values unchanged when errors="ignore" met one it could not read. */
export type Converted = DatetimeArray | { readonly ignored: readonly unknown[] };

const isMissing = (v: unknown): boolean =>
  v === null || v === undefined || v instanceof NaTType || (typeof v === "number" && v !== v) || (v instanceof WeakFloat && v.value !== v.value) || (v instanceof NDArray && v.ndim === 0 && v.data[v.offset] !== v.data[v.offset]);

/** An int or float Python value (or numpy scalar) as [number, isFloat], else null; bools are not numbers here. */
function numberOfValue(v: unknown): [number, boolean] | null {
  if (typeof v === "number") return [v, !Number.isInteger(v)];
  if (v instanceof WeakFloat) return [v.value, true];
  if (v instanceof NDArray && v.ndim === 0 && v.dtype !== "bool" && v.dtype !== "str") return [v.data[v.offset] as number, v.dtype === "float32" || v.dtype === "float64"];
  return null;
}

const withPosition = (e: unknown, i: number): unknown => {
  if (e instanceof PyError) return new PyError(e.type, `${e.message.slice(e.type.length + 2)} present at position ${i}`);
  return e;
};

const errorType = (e: unknown): string => (e instanceof PyError ? e.type : "");
const isValueError = (e: unknown): boolean => ["ValueError", "ParserError", "DateParseError", "OutOfBoundsDatetime", "OverflowError"].includes(errorType(e));

/** The result's zone: UTC for utc=True, else the one offset all values gave (a mix is refused). */
function resultZone(offsets: Set<number | "naive">, utc: boolean): Tz | null {
  if (utc) return UTC;
  const withOffset = [...offsets].filter((o) => o !== "naive");
  if (withOffset.length === 0) return null;
  if (offsets.size > 1) {
    throw pyError(
      "NotImplementedError",
      "pd.to_datetime of strings with different UTC offsets (or with and without one) gives pandas an object column of datetime.datetime values, which nb2svc's pandas runtime does not build: pass utc=True",
    );
  }
  return fixedOffset(withOffset[0] as number);
}

/** `pd.to_datetime` of Python values (a list, an object column, or the numbers of a numeric column). */
export function convertToDatetime(values: readonly unknown[], o: ToDatetimeOptions): Converted {
  if (o.unit !== null) {
    if (o.format !== null) throw pyError("ValueError", "cannot specify both format and unit");
    return withUnit(values, o);
  }
  if (o.kind === "b") throw pyError("TypeError", "dtype bool cannot be converted to datetime64[ns]");
  let format = o.format;
  let requireIso = false;
  if (format !== null && formatIsIso(format)) {
    requireIso = true;
    format = null;
  }
  if (format !== null) {
    if (format === "%Y%m%d") {
      const r = attemptYYYYMMDD(values);
      if (r) return r;
    }
    return withFormat(values, format, o);
  }
  return arrayToDatetime(values, o, requireIso);
}

/** pandas' `format_is_iso`: formats its ISO parser handles (`%Y-%m-%d`, `%Y-%m-%dT%H:%M:%S.%f%z`, prefixes of them). */
export function formatIsIso(f: string): boolean {
  const excluded = ["%Y%m%d", "%Y%m", "%Y"];
  for (const dateSep of [" ", "/", "\\", "-", ".", ""]) {
    for (const timeSep of [" ", "T"]) {
      for (const tail of ["", "%z", "%Z", ".%f", ".%f%z", ".%f%Z"]) {
        const t = `%Y${dateSep}%m${dateSep}%d${timeSep}%H:%M:%S${tail}`;
        if (t.startsWith(f) && !excluded.includes(f)) return true;
      }
    }
  }
  return false;
}

/** `array_to_datetime`: the values without a format. */
function arrayToDatetime(values: readonly unknown[], o: ToDatetimeOptions, requireIso: boolean): Converted {
  const n = values.length;
  const out = new BigInt64Array(n);
  const offsets = new Set<number | "naive">();
  let seenDatetime = false;
  let seenInteger = false;
  let tzOut: Tz | null | undefined;
  let foundNaive = false;
  let foundTz = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    try {
      if (isMissing(v)) {
        out[i] = NAT;
        continue;
      }
      if (v instanceof Timestamp) {
        seenDatetime = true;
        if (v.tz !== null) {
          foundTz = true;
          if (!o.utc) {
            if (foundNaive) throw pyError("ValueError", "Tz-aware datetime.datetime cannot be converted to datetime64 unless utc=True");
            if (tzOut !== undefined && tzOut !== null && tzOut.name !== v.tz.name) throw pyError("ValueError", "Tz-aware datetime.datetime cannot be converted to datetime64 unless utc=True");
            tzOut = v.tz;
          }
        } else {
          foundNaive = true;
          if (foundTz && !o.utc) throw pyError("ValueError", "Cannot mix tz-aware with tz-naive values");
        }
        out[i] = v.value;
        continue;
      }
      if (v instanceof PyDate) {
        seenDatetime = true;
        out[i] = nsOfParts({ year: v.year, month: v.month, day: v.day });
        continue;
      }
      const num = numberOfValue(v);
      if (num !== null) {
        // numbers without a unit are nanoseconds
        seenInteger = true;
        const [x] = num;
        if (o.errors === "coerce" && !Number.isFinite(x)) out[i] = NAT;
        else out[i] = nanosOfNumber(x);
        continue;
      }
      if (typeof v === "string") {
        out[i] = parseOne(v, i, o, requireIso, offsets);
        continue;
      }
      if (o.errors === "coerce") {
        out[i] = NAT;
        continue;
      }
      throw pyError("TypeError", `<class '${typeof v === "boolean" ? "bool" : typeNameOf(v)}'> is not convertible to datetime`);
    } catch (e) {
      if (e instanceof IgnoreAll) return { ignored: values.slice() };
      if (errorType(e) === "OutOfBoundsDatetime") {
        if (o.errors === "coerce") {
          out[i] = NAT;
          continue;
        }
        if (o.errors === "ignore") return { ignored: values.slice() };
        throw withPosition(e, i);
      }
      if (o.errors === "ignore" && (isValueError(e) || errorType(e) === "TypeError")) return { ignored: values.slice() };
      throw e;
    }
  }
  if (seenDatetime && seenInteger) {
    if (o.errors === "coerce") {
      values.forEach((v, i) => {
        if (numberOfValue(v) !== null) out[i] = NAT;
      });
    } else if (o.errors === "raise") throw pyError("ValueError", "mixed datetimes and integers in passed array");
    else return { ignored: values.slice() };
  }
  let tz = resultZone(offsets, o.utc);
  if (tz === null && tzOut) tz = tzOut;
  if (o.utc) tz = UTC;
  return new DatetimeArray(out, tz);
}

class IgnoreAll extends Error {}

const typeNameOf = (v: unknown): string => {
  const tn = (v as { pyTypeName?: unknown } | null)?.pyTypeName;
  return typeof tn === "string" ? tn : Array.isArray(v) ? "list" : typeof v;
};

/** A float or int taken as nanoseconds (numpy's cast: the fraction dropped). */
function nanosOfNumber(x: number): bigint {
  if (!Number.isFinite(x)) return NAT;
  const ns = BigInt(Math.trunc(x));
  if (ns < MIN_NS || ns > MAX_NS) throw pyError("OutOfBoundsDatetime", `Out of bounds nanosecond timestamp`);
  return ns;
}

/** One string of `array_to_datetime`, with its two passes' error handling folded together. */
function parseOne(v: string, i: number, o: ToDatetimeOptions, requireIso: boolean, offsets: Set<number | "naive">): bigint {
  if (v.length === 0 || NAT_STRINGS.has(v)) return NAT;
  const iso = parseIso(v);
  let p: ParsedTime;
  if (iso) {
    p = isoToParsed(iso);
  } else if (v === "now" || v === "today") {
    // pandas: Timestamp.utcnow() for "now", Timestamp.today() (local) for "today"
    return nowParsed(v === "now").ns;
  } else if (requireIso) {
    if (o.errors === "coerce") return NAT;
    if (o.errors === "ignore") throw new IgnoreAll();
    throw pyError("ValueError", `time data "${v}" at position ${i} doesn't match format specified`);
  } else {
    try {
      p = parseDatetimeString(v, o.dayfirst, o.yearfirst);
    } catch (e) {
      if (errorType(e) === "OutOfBoundsDatetime") throw e;
      if (!isValueError(e)) throw e;
      if (o.errors === "coerce") return NAT;
      if (o.errors === "ignore") throw new IgnoreAll();
      throw withPosition(e, i);
    }
  }
  if (p.offset !== null && Math.abs(p.offset) >= 1440) {
    // pytz refuses a day or more; pandas then keeps dateutil's zone object (NaT when coercing)
    if (o.errors === "coerce") return NAT;
    throw pyError("NotImplementedError", `the UTC offset of "${v}" is a day or more, which pandas keeps as a dateutil zone object: nb2svc's pandas runtime refuses it`);
  }
  offsets.add(p.offset === null ? "naive" : p.offset);
  return p.ns;
}

/** `array_strptime` with pandas' handling of its errors and of `%z`/`%Z` zones. */
function withFormat(values: readonly unknown[], fmt: string, o: ToDatetimeOptions): Converted {
  const n = values.length;
  const out = new BigInt64Array(n);
  const zones = new Set<number>();
  let anyZone = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "string" ? NAT_STRINGS.has(v) : isMissing(v)) {
      out[i] = NAT;
      continue;
    }
    const text = typeof v === "string" ? v : pyStr(v);
    try {
      const r = strptimeOne(text, fmt, o.exact);
      if (r.zone !== null) {
        anyZone = true;
        zones.add(r.zone);
        out[i] = r.ns - BigInt(r.zone) * NS_MIN;
      } else out[i] = r.ns;
    } catch (e) {
      if (!isValueError(e)) throw e;
      if (o.errors === "coerce") {
        out[i] = NAT;
        continue;
      }
      if (o.errors === "ignore") return { ignored: values.slice() };
      throw e;
    }
  }
  if (!anyZone) return new DatetimeArray(out, o.utc ? UTC : null);
  if (o.utc) return new DatetimeArray(out, UTC);
  if (zones.size > 1) {
    throw pyError(
      "NotImplementedError",
      "pd.to_datetime(format=...%z) of values with different UTC offsets gives pandas an object column of Timestamps, which nb2svc's pandas runtime does not build: pass utc=True",
    );
  }
  return new DatetimeArray(out, fixedOffset([...zones][0]));
}

/** pandas' `_attempt_YYYYMMDD`: every value an integer (or integral text) YYYYMMDD, missing ones NaT; else null. */
function attemptYYYYMMDD(values: readonly unknown[]): DatetimeArray | null {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v) || (typeof v === "string" && NAT_STRINGS.has(v))) {
      out[i] = NAT;
      continue;
    }
    let x: number | null = null;
    const num = numberOfValue(v);
    if (num !== null) x = num[0];
    else if (typeof v === "string" && /^\s*[+-]?(\d+(_\d+)*)?(\.\d*)?\s*$/.test(v) && /\d/.test(v)) x = Number(v.trim().replace(/_/g, ""));
    if (x === null || x !== x) return null;
    const r = yyyymmdd(x);
    if (r === null) return null;
    out[i] = r.ns;
  }
  return new DatetimeArray(out, null);
}

/** `array_with_unit_to_datetime`, then pandas' localization (UTC for utc=True). */
function withUnit(values: readonly unknown[], o: ToDatetimeOptions): Converted {
  const unit = o.unit!;
  const n = values.length;
  const out = new BigInt64Array(n);
  const tz = o.utc ? UTC : null;
  if (unit === "ns" && (o.kind === "i" || o.kind === "f")) {
    // numpy's cast: the fraction dropped, a value beyond int64 NaT
    for (let i = 0; i < n; i++) {
      const x = isMissing(values[i]) ? NaN : Number(numberOfValue(values[i])?.[0] ?? NaN);
      out[i] = x > -(2 ** 63) && x < 2 ** 63 ? BigInt(Math.trunc(x)) : NAT;
    }
    return new DatetimeArray(out, tz);
  }
  if (unit === "ns") {
    const r = arrayToDatetime(values, { ...o, unit: null }, false);
    return r instanceof DatetimeArray ? new DatetimeArray(r.data, tz ?? r.tz) : r;
  }
  const [mult] = precisionFromUnit(unit);
  if (o.errors === "raise" && (o.kind === "i" || o.kind === "f")) {
    // the vectorized path: bounds checked in floats, ints multiplied exactly, floats multiplied as doubles
    const m = Number(mult);
    const nums = values.map((v) => (isMissing(v) ? NaN : Number(numberOfValue(v)?.[0] ?? NaN)));
    for (const x of nums) {
      if (x !== x) continue;
      const f = x * m;
      if (f < Number(MIN_NS) || f > Number(MAX_NS)) throw pyError("OutOfBoundsDatetime", `cannot convert input with unit '${unit}'`);
    }
    for (let i = 0; i < n; i++) {
      const x = nums[i];
      if (x !== x) out[i] = NAT;
      else if (o.kind === "i") out[i] = BigInt(x) * mult;
      else out[i] = BigInt(Math.trunc(x * m));
    }
    return new DatetimeArray(out, tz);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) {
      out[i] = NAT;
      continue;
    }
    const num = numberOfValue(v);
    try {
      if (num !== null) {
        out[i] = unitValue(num[0], num[1], unit, String(num[1] && Number.isInteger(num[0]) ? `${num[0]}.0` : num[0]));
      } else if (typeof v === "string") {
        if (v.length === 0 || NAT_STRINGS.has(v)) {
          out[i] = NAT;
          continue;
        }
        const f = Number(v.trim());
        if (v.trim() === "" || (f !== f && !/^[+-]?nan$/i.test(v.trim()))) throw pyError("ValueError", `non convertible value ${v} with the unit '${unit}'`);
        out[i] = unitValue(f, true, unit, v);
      } else {
        throw pyError("ValueError", `unit='${unit}' not valid with non-numerical val='${pyStr(v)}'`);
      }
    } catch (e) {
      if (o.errors === "coerce") {
        out[i] = NAT;
        continue;
      }
      if (o.errors === "ignore") return { ignored: values.slice() };
      throw e;
    }
  }
  return new DatetimeArray(out, tz);
}

function unitValue(x: number, isFloat: boolean, unit: string, text: string): bigint {
  if (x !== x) return NAT;
  if (!Number.isFinite(x)) throw pyError("OutOfBoundsDatetime", `cannot convert input ${text} with the unit '${unit}'`);
  const ns = castFromUnit(x, isFloat, unit);
  if (ns < MIN_NS || ns > MAX_NS) throw pyError("OutOfBoundsDatetime", `cannot convert input ${text} with the unit '${unit}'`);
  return ns;
}
