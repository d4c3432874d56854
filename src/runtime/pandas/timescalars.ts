// pandas runtime, the scalars of time: `pd.Timestamp` (a moment in nanoseconds, naive or in a UTC/fixed-offset
// zone), `pd.Timedelta`, `pd.NaT`, and `datetime.date` (what `.dt.date` holds). They answer the runtime's Python
// protocol: fields and methods (`ts.hour`, `ts.normalize()`, `td.total_seconds()`), operators with pandas' rules
// and exceptions, repr/str/format as pandas prints them, and JSON (ISO text; seconds for a Timedelta).
import { pyError, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { bindArgs, mkFloat, typeError, typeName } from "../py-base.ts";
import { repr as pyRepr, roundFloat } from "../pyformat.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { isoToParsed, NAT_STRINGS, nowParsed, parseDatetimeString, parseIso, type ParsedTime } from "./dtparse.ts";
import {
  checkBounds, dateRepr, dayOfYear, daysInMonth, fieldsOf, fixedOffset, floorDiv, freqNanos, isLeap, isoCalendar, isoFormat, localNs,
  monthName, NAT, NS_DAY, NS_H, NS_MIN, NS_MS, NS_S, NS_US, nsOfParts, roundNs, sameTz, strftime, tdComponents, timedeltaText,
  timestampRepr, tzArg, weekdayName, weekdayOfDays, type Fields, type RoundMode, type Tz,
} from "./tscore.ts";

type Kw = Record<string, unknown>;

/** A Python int or float argument as a number (bools and numpy scalars included), else undefined. */
function numArg(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof WeakFloat) return v.value;
  if (v instanceof NDArray && v.ndim === 0 && v.dtype !== "str") return v.data[v.offset] as number;
  return undefined;
}

/** Whether a numeric argument is a Python float (or a float numpy scalar). */
const isFloatArg = (v: unknown): boolean =>
  v instanceof WeakFloat || (typeof v === "number" && !Number.isInteger(v)) || (v instanceof NDArray && v.ndim === 0 && (v.dtype === "float64" || v.dtype === "float32"));

/** The fields of a moment a Timestamp or a datetime column reports (`ts.hour`, `s.dt.hour`), by pandas' name. */
export function fieldValue(f: Fields, name: string): number | boolean | undefined {
  switch (name) {
    case "year": return f.year;
    case "month": return f.month;
    case "day": return f.day;
    case "hour": return f.hour;
    case "minute": return f.minute;
    case "second": return f.second;
    case "microsecond": return f.microsecond;
    case "nanosecond": return f.nanosecond;
    case "dayofweek":
    case "day_of_week":
    case "weekday":
      return weekdayOfDays(f.days);
    case "dayofyear":
    case "day_of_year":
      return dayOfYear(f);
    case "quarter": return Math.floor((f.month - 1) / 3) + 1;
    case "days_in_month":
    case "daysinmonth":
      return daysInMonth(f.year, f.month);
    case "week":
    case "weekofyear":
      return isoCalendar(f)[1];
    case "is_leap_year": return isLeap(f.year);
    case "is_month_start": return f.day === 1;
    case "is_month_end": return f.day === daysInMonth(f.year, f.month);
    case "is_quarter_start": return f.day === 1 && (f.month - 1) % 3 === 0;
    case "is_quarter_end": return f.month % 3 === 0 && f.day === daysInMonth(f.year, f.month);
    case "is_year_start": return f.day === 1 && f.month === 1;
    case "is_year_end": return f.day === 31 && f.month === 12;
  }
  return undefined;
}

const isTimedeltaLike = (x: unknown): x is Timedelta => x instanceof Timedelta;

/** Another operand's own operators (a Series or frame on the right of a scalar) answer first. */
const delegates = (x: unknown): x is { pyBinary(op: string, other: unknown, reflected: boolean): unknown } =>
  x !== null && typeof x === "object" && !(x instanceof Timestamp) && !(x instanceof Timedelta) && !(x instanceof NaTType) && !(x instanceof PyDate) && typeof (x as { pyBinary?: unknown }).pyBinary === "function";

const COMPARE = new Set(["==", "!=", "<", "<=", ">", ">="]);

function cmp(op: string, a: bigint, b: bigint): boolean {
  switch (op) {
    case "==": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    default: return a >= b;
  }
}

const opSymbol = (op: string): string => op;

function unsupportedOperands(op: string, a: unknown, b: unknown): Error {
  return typeError(`unsupported operand type(s) for ${opSymbol(op)}: '${typeName(a)}' and '${typeName(b)}'`);
}

// ---------------------------------------------------------------------------------------------------------------
// Timestamp

export class Timestamp {
  readonly pyTypeName = "Timestamp";

  constructor(
    /** Nanoseconds since the epoch, UTC. */
    readonly value: bigint,
    readonly tz: Tz | null,
  ) {}

  get fields(): Fields {
    return fieldsOf(localNs(this.value, this.tz));
  }

  /** The wall clock in nanoseconds (what rounding and normalize work on). */
  get wall(): bigint {
    return localNs(this.value, this.tz);
  }

  /** The Timestamp at a wall-clock value in this Timestamp's zone. */
  fromWall(wall: bigint): Timestamp {
    return new Timestamp(this.tz === null ? wall : wall - BigInt(this.tz.minutes) * NS_MIN, this.tz);
  }

  pyRepr(): string {
    return timestampRepr(this.value, this.tz);
  }

  pyStr(): string {
    return isoFormat(this.value, this.tz, " ");
  }

  /** `format(ts, spec)`: datetime's `__format__` is strftime (an empty spec is str). */
  pyFormat(spec: string): string {
    return spec === "" ? this.pyStr() : strftime(this.value, this.tz, spec);
  }

  toString(): string {
    return this.pyStr();
  }

  toJSON(): string {
    return isoFormat(this.value, this.tz, "T");
  }

  pyAttr(name: string): unknown {
    switch (name) {
      case "value":
        return Number(this.value);
      case "tz":
      case "tzinfo":
        return this.tz === null ? null : this.tz.name;
      case "freq":
        return null;
    }
    const v = fieldValue(this.fields, name === "weekday" ? "" : name);
    return v === undefined ? METHOD_NOT_FOUND : v;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    const f = this.fields;
    switch (name) {
      case "weekday":
        b([]);
        return weekdayOfDays(f.days);
      case "isoweekday":
        b([]);
        return weekdayOfDays(f.days) + 1;
      case "isocalendar":
        b([]);
        return isoCalendar(f);
      case "day_name":
        b(["locale"]);
        return weekdayName(f);
      case "month_name":
        b(["locale"]);
        return monthName(f);
      case "normalize":
        b([]);
        return this.fromWall(floorDiv(this.wall, NS_DAY) * NS_DAY);
      case "floor":
      case "ceil":
      case "round": {
        const [freq] = b(["freq", "ambiguous", "nonexistent"], 1);
        return this.fromWall(roundNs(this.wall, name as RoundMode, freqNanos(freq)));
      }
      case "strftime": {
        const [fmt] = b(["format"], 1);
        if (typeof fmt !== "string") throw typeError(`strftime() argument 1 must be str, not ${typeName(fmt)}`);
        return strftime(this.value, this.tz, fmt);
      }
      case "isoformat": {
        const [sep, timespec] = b(["sep", "timespec"]);
        if (timespec !== undefined && timespec !== "auto") throw pyError("NotImplementedError", "isoformat(timespec=...) is not supported by nb2svc's pandas runtime");
        return isoFormat(this.value, this.tz, sep === undefined ? "T" : String(sep));
      }
      case "date":
        b([]);
        return new PyDate(f.year, f.month, f.day);
      case "timestamp":
        b([]);
        return mkFloat(roundFloat(Number(this.value) / 1e9, 6));
      case "toordinal":
        b([]);
        return f.days + 719163;
      case "to_pydatetime":
      case "to_datetime":
        b(["warn"]);
        return this;
      case "tz_localize": {
        const [tz] = b(["tz", "ambiguous", "nonexistent"], 1);
        const zone = tzArg(tz, "tz_localize");
        if (zone === null) return this.tz === null ? this : new Timestamp(this.wall, null);
        if (this.tz !== null) throw typeError("Cannot localize tz-aware Timestamp, use tz_convert for conversions");
        const ns = this.value - BigInt(zone.minutes) * NS_MIN;
        checkBounds(ns);
        return new Timestamp(ns, zone);
      }
      case "tz_convert": {
        const [tz] = b(["tz"], 1);
        if (this.tz === null) throw typeError("Cannot convert tz-naive Timestamp, use tz_localize to localize");
        const zone = tzArg(tz, "tz_convert");
        return new Timestamp(this.value, zone);
      }
      case "replace": {
        const names = ["year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond", "tzinfo", "fold"];
        const vals = b(names);
        if (vals[8] !== undefined || vals[9] !== undefined) throw pyError("NotImplementedError", "Timestamp.replace(tzinfo=/fold=) is not supported by nb2svc's pandas runtime");
        const p = { ...f } as Record<string, number>;
        names.slice(0, 8).forEach((k, i) => {
          if (vals[i] === undefined || vals[i] === null) return;
          const v = numArg(vals[i]);
          if (v === undefined || !Number.isInteger(v) || typeof vals[i] === "boolean") throw pyError("ValueError", `value must be an integer, received ${typeName(vals[i])} for ${k}`);
          p[k] = v;
        });
        checkParts(p.year, p.month, p.day, p.hour, p.minute, p.second, p.microsecond, p.nanosecond);
        const wall = nsOfParts({ year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, microsecond: p.microsecond, nanosecond: p.nanosecond });
        checkBounds(wall);
        return this.fromWall(wall);
      }
    }
    return METHOD_NOT_FOUND;
  }

  pyBinary(op: string, other: unknown, reflected: boolean): unknown {
    if (delegates(other)) return other.pyBinary(op, this, !reflected);
    if (COMPARE.has(op)) {
      let o = other;
      if (o instanceof NaTType) return op === "!=";
      if (!(o instanceof Timestamp)) {
        if (op === "==" || op === "!=") return op === "!=";
        const [l, r] = reflected ? [o, this] : [this, o];
        throw typeError(`'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
      }
      if ((this.tz === null) !== (o.tz === null)) {
        if (op === "==" || op === "!=") return op === "!=";
        throw typeError("Cannot compare tz-naive and tz-aware timestamps");
      }
      const [a, c] = reflected ? [o.value, this.value] : [this.value, (o = o as Timestamp).value];
      return cmp(op, a, c);
    }
    if (other instanceof NaTType) {
      if (op === "+" || op === "-") return NaT;
      throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
    }
    if (op === "+" && isTimedeltaLike(other)) return shifted(this, other.value);
    if (op === "-" && !reflected && isTimedeltaLike(other)) return shifted(this, -other.value);
    if (op === "-" && other instanceof Timestamp) {
      if ((this.tz === null) !== (other.tz === null)) throw typeError("Cannot subtract tz-naive and tz-aware datetime-like objects.");
      return new Timedelta(reflected ? other.value - this.value : this.value - other.value);
    }
    if ((op === "+" || op === "-") && numArg(other) !== undefined && typeof other !== "boolean" && !isFloatArg(other)) {
      throw typeError("Addition/subtraction of integers and integer-arrays with Timestamp is no longer supported.  Instead of adding/subtracting `n`, use `n * obj.freq`");
    }
    throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
  }

  pyUnary(op: string): unknown {
    throw typeError(`bad operand type for unary ${op}: 'Timestamp'`);
  }
}

function shifted(t: Timestamp, delta: bigint): Timestamp {
  const ns = t.value + delta;
  checkBounds(ns);
  return new Timestamp(ns, t.tz);
}

/** datetime's field checks, with Python's messages. */
function checkParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0, nanosecond = 0): void {
  if (year < 1 || year > 9999) throw pyError("ValueError", `year ${year} is out of range`);
  if (month < 1 || month > 12) throw pyError("ValueError", "month must be in 1..12");
  if (day < 1 || day > daysInMonth(year, month)) throw pyError("ValueError", "day is out of range for month");
  if (hour < 0 || hour > 23) throw pyError("ValueError", "hour must be in 0..23");
  if (minute < 0 || minute > 59) throw pyError("ValueError", "minute must be in 0..59");
  if (second < 0 || second > 59) throw pyError("ValueError", "second must be in 0..59");
  if (microsecond < 0 || microsecond > 999999) throw pyError("ValueError", "microsecond must be in 0..999999");
  if (nanosecond < 0 || nanosecond > 999) throw pyError("ValueError", "nanosecond must be in 0..999");
}

// ---------------------------------------------------------------------------------------------------------------
// Timedelta

export class Timedelta {
  readonly pyTypeName = "Timedelta";

  constructor(readonly value: bigint) {}

  pyRepr(): string {
    return `Timedelta('${timedeltaText(this.value, "long")}')`;
  }

  pyStr(): string {
    return timedeltaText(this.value, "long");
  }

  toString(): string {
    return this.pyStr();
  }

  /** As a JSON number of seconds (what a Python service's encoder makes of a timedelta). */
  toJSON(): number {
    return this.totalSeconds();
  }

  /** Python's `timedelta.total_seconds()` as pandas overrides it: days, seconds and microseconds (no nanoseconds). */
  totalSeconds(): number {
    const c = tdComponents(this.value);
    const us = c.milliseconds * 1000 + c.microseconds;
    return c.days * 86400 + (c.hours * 3600 + c.minutes * 60 + c.seconds) + us / 1e6;
  }

  pyAttr(name: string): unknown {
    const c = tdComponents(this.value);
    switch (name) {
      case "value":
        return Number(this.value);
      case "days":
        return c.days;
      case "seconds":
        return c.hours * 3600 + c.minutes * 60 + c.seconds;
      case "microseconds":
        return c.milliseconds * 1000 + c.microseconds;
      case "nanoseconds":
        return c.nanoseconds;
    }
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "total_seconds":
        b([]);
        return mkFloat(this.totalSeconds());
      case "floor":
      case "ceil":
      case "round": {
        const [freq] = b(["freq"], 1);
        return new Timedelta(roundNs(this.value, name as RoundMode, freqNanos(freq)));
      }
      case "to_pytimedelta":
        b([]);
        return this;
    }
    return METHOD_NOT_FOUND;
  }

  pyBinary(op: string, other: unknown, reflected: boolean): unknown {
    if (delegates(other)) return other.pyBinary(op, this, !reflected);
    if (other instanceof NaTType) return COMPARE.has(op) ? op === "!=" : NaT;
    if (COMPARE.has(op)) {
      if (!(other instanceof Timedelta)) {
        if (op === "==" || op === "!=") return op === "!=";
        const [l, r] = reflected ? [other, this] : [this, other];
        throw typeError(`'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
      }
      return reflected ? cmp(op, other.value, this.value) : cmp(op, this.value, other.value);
    }
    if (other instanceof Timestamp) {
      if (op === "+" || (op === "-" && reflected)) return shifted(other, op === "+" ? this.value : -this.value);
      throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
    }
    if (other instanceof Timedelta) {
      const [a, c] = reflected ? [other.value, this.value] : [this.value, other.value];
      switch (op) {
        case "+": return new Timedelta(a + c);
        case "-": return new Timedelta(a - c);
        case "/": return Number(a) / Number(c);
        case "//":
          if (c === 0n) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
          return Number(floorDiv(a, c));
        case "%":
          if (c === 0n) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
          return new Timedelta(a - floorDiv(a, c) * c);
      }
      throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
    }
    const x = numArg(other);
    if (x !== undefined && typeof other !== "boolean") {
      if (op === "*") return tdTimes(this.value, x, isFloatArg(other));
      if (!reflected && (op === "/" || op === "//")) {
        if (x !== x) return NaT;
        if (op === "//" && !isFloatArg(other)) {
          if (x === 0) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
          return new Timedelta(floorDiv(this.value, BigInt(x)));
        }
        const q = Number(this.value) / x;
        if (!Number.isFinite(q)) throw pyError("OverflowError", "cannot convert float infinity to integer");
        return new Timedelta(BigInt(Math.trunc(op === "//" ? Math.floor(q) : q)));
      }
    }
    throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
  }

  pyUnary(op: string): unknown {
    if (op === "-") return new Timedelta(-this.value);
    if (op === "+") return this;
    throw typeError(`bad operand type for unary ${op}: 'Timedelta'`);
  }
}

/** `td * x`: exact for ints, through a double for floats (numpy's m8 * f8), NaN giving NaT. */
function tdTimes(v: bigint, x: number, isFloat: boolean): Timedelta | NaTType {
  if (!isFloat) return new Timedelta(v * BigInt(x));
  const r = Number(v) * x;
  if (r !== r) return NaT;
  if (!Number.isFinite(r)) throw pyError("OverflowError", "cannot convert float infinity to integer");
  return new Timedelta(BigInt(Math.trunc(r)));
}

// ---------------------------------------------------------------------------------------------------------------
// NaT

export class NaTType {
  readonly pyTypeName = "NaTType";

  pyRepr(): string {
    return "NaT";
  }

  pyStr(): string {
    return "NaT";
  }

  pyFormat(): string {
    return "NaT";
  }

  toString(): string {
    return "NaT";
  }

  toJSON(): null {
    return null;
  }

  pyBool(): boolean {
    return true;
  }

  pyAttr(name: string): unknown {
    if (name === "value") return Number(NAT);
    if (name === "tz" || name === "tzinfo") return null;
    if (name === "days" || name === "seconds" || name === "microseconds" || name === "nanoseconds") return NaN;
    if (fieldValue(fieldsOf(0n), name) !== undefined) return name.startsWith("is_") ? false : NaN;
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    switch (name) {
      case "normalize":
      case "floor":
      case "ceil":
      case "round":
      case "tz_localize":
      case "tz_convert":
      case "date":
      case "replace":
        return NaT;
      case "isoformat":
        return "NaT";
      case "total_seconds":
      case "weekday":
      case "isoweekday":
      case "timestamp":
        bindArgs(name, args, kwargs, []);
        return NaN;
      case "day_name":
      case "month_name":
        return NaN;
      case "strftime":
        throw pyError("ValueError", "NaTType does not support strftime");
    }
    return METHOD_NOT_FOUND;
  }

  pyBinary(op: string, other: unknown, reflected: boolean): unknown {
    if (delegates(other)) return other.pyBinary(op, this, !reflected);
    if (COMPARE.has(op)) {
      if (op === "==" || op === "!=") return op === "!=";
      if (other instanceof Timestamp || other instanceof Timedelta || other instanceof NaTType) return false;
      const [l, r] = reflected ? [other, this] : [this, other];
      throw typeError(`'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
    }
    if (other instanceof Timestamp || other instanceof Timedelta || other instanceof NaTType) return NaT;
    const x = numArg(other);
    if (x !== undefined && (op === "*" || (!reflected && (op === "/" || op === "//")))) return NaT;
    throw unsupportedOperands(op, reflected ? other : this, reflected ? this : other);
  }

  pyUnary(op: string): unknown {
    if (op === "-" || op === "+") return NaT;
    throw typeError(`bad operand type for unary ${op}: 'NaTType'`);
  }
}

export const NaT = new NaTType();

// ---------------------------------------------------------------------------------------------------------------
// datetime.date

export class PyDate {
  readonly pyTypeName = "datetime.date";

  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}

  private get ns(): bigint {
    return nsOfParts({ year: this.year, month: this.month, day: this.day });
  }

  pyRepr(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }

  pyStr(): string {
    return dateRepr({ year: this.year, month: this.month, day: this.day } as Fields);
  }

  pyFormat(spec: string): string {
    return spec === "" ? this.pyStr() : strftime(this.ns, null, spec);
  }

  toString(): string {
    return this.pyStr();
  }

  toJSON(): string {
    return this.pyStr();
  }

  pyAttr(name: string): unknown {
    if (name === "year" || name === "month" || name === "day") return this[name];
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const f = fieldsOf(this.ns);
    switch (name) {
      case "isoformat":
        bindArgs(name, args, kwargs, []);
        return this.pyStr();
      case "strftime": {
        const [fmt] = bindArgs(name, args, kwargs, ["format"], 1);
        return strftime(this.ns, null, String(fmt));
      }
      case "weekday":
        bindArgs(name, args, kwargs, []);
        return weekdayOfDays(f.days);
      case "isoweekday":
        bindArgs(name, args, kwargs, []);
        return weekdayOfDays(f.days) + 1;
      case "toordinal":
        bindArgs(name, args, kwargs, []);
        return f.days + 719163;
      case "isocalendar":
        bindArgs(name, args, kwargs, []);
        return isoCalendar(f);
    }
    return METHOD_NOT_FOUND;
  }

  pyBinary(op: string, other: unknown, reflected: boolean): unknown {
    if (delegates(other)) return other.pyBinary(op, this, !reflected);
    if (COMPARE.has(op)) {
      if (!(other instanceof PyDate)) {
        if (op === "==" || op === "!=") return op === "!=";
        const [l, r] = reflected ? [other, this] : [this, other];
        throw typeError(`'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
      }
      return reflected ? cmp(op, other.ns, this.ns) : cmp(op, this.ns, other.ns);
    }
    throw pyError("NotImplementedError", `datetime.date ${op} ${typeName(other)} is not supported by nb2svc's pandas runtime`);
  }

  pyUnary(op: string): unknown {
    throw typeError(`bad operand type for unary ${op}: 'datetime.date'`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Units and the constructors

/** pandas' `precision_from_unit`: nanoseconds per unit and the decimals a float's fraction is rounded to. */
export function precisionFromUnit(unit: string): [bigint, number] {
  switch (unit) {
    // pandas' average year and month (365.2425 days, a twelfth of it), still read in duration text ("1 y")
    case "Y": return [31556952n * NS_S, 9];
    case "M": return [2629746n * NS_S, 9];
    case "W": return [7n * NS_DAY, 9];
    case "D": return [NS_DAY, 9];
    case "h": return [NS_H, 9];
    case "m": return [NS_MIN, 9];
    case "s": return [NS_S, 9];
    case "ms": return [NS_MS, 6];
    case "us": return [NS_US, 3];
    case "ns": return [1n, 0];
  }
  throw pyError("ValueError", `Unrecognized unit ${unit}`);
}

/** pandas' `cast_from_unit`: the integer part exactly, the fraction rounded to the unit's precision. */
export function castFromUnit(v: number, isFloat: boolean, unit: string): bigint {
  const [m, p] = precisionFromUnit(unit);
  if (!isFloat) return BigInt(v) * m;
  if (!Number.isFinite(v)) throw pyError("OverflowError", "cannot convert float NaN to integer");
  const base = Math.trunc(v);
  let frac = v - base;
  if (p) frac = roundFloat(frac, p);
  return BigInt(base) * m + BigInt(Math.trunc(frac * Number(m)));
}

const TIMEDELTA_ABBREVS: Readonly<Record<string, string>> = {
  y: "Y", m: "m", w: "W", d: "D", days: "D", day: "D", hours: "h", hour: "h", hr: "h", h: "h", minute: "m", min: "m",
  minutes: "m", t: "m", s: "s", seconds: "s", sec: "s", second: "s", ms: "ms", milliseconds: "ms", millisecond: "ms",
  milli: "ms", millis: "ms", l: "ms", us: "us", microseconds: "us", microsecond: "us", "µs": "us", micro: "us",
  micros: "us", u: "us", ns: "ns", nanoseconds: "ns", nano: "ns", nanos: "ns", nanosecond: "ns", n: "ns",
};

/** `parse_timedelta_unit`: a unit alias to its canonical name (None is nanoseconds). */
export function timedeltaUnit(unit: unknown): string {
  if (unit === undefined || unit === null) return "ns";
  if (unit === "M") return "M";
  const u = String(unit);
  const c = TIMEDELTA_ABBREVS[u.toLowerCase()];
  if (c === undefined) throw pyError("ValueError", `invalid unit abbreviation: ${u}`);
  return c;
}

function timedeltaFromSpec(number: string, frac: string, unit: string): bigint {
  const u = timedeltaUnit(unit === "M" ? "m" : unit);
  const v = Number(`${number}.${frac}`);
  return castFromUnit(v, true, u);
}

/** pandas' `parse_timedelta_string`: "1 days 02:00:00", "00:30:00", "1h30m", "-1.5 hours", "15min". */
export function parseTimedeltaString(ts: string): bigint {
  if (ts.length === 0 || NAT_STRINGS.has(ts)) return NAT;
  let neg = false;
  let haveDot = false;
  let haveValue = false;
  let haveHhmmss = false;
  let currentUnit: string | null = null;
  let result = 0n;
  let number: string[] = [];
  let frac: string[] = [];
  let unit: string[] = [];
  const asNeg = (v: bigint) => (neg ? -v : v);
  for (const c of ts) {
    if (c === " " || c === "," || c === "+") continue;
    if (c === "-") {
      if (neg || haveValue || haveHhmmss) throw pyError("ValueError", "only leading negative signs are allowed");
      neg = true;
    } else if (c >= "0" && c <= "9") {
      if (haveDot) {
        if (unit.length) {
          number.push(c);
          haveDot = false;
        } else frac.push(c);
      } else if (!unit.length) number.push(c);
      else {
        result += asNeg(timedeltaFromSpec(number.join(""), frac.join(""), unit.join("")));
        unit = [];
        number = [c];
        frac = [];
      }
    } else if (c === ":") {
      if (haveValue) neg = false;
      if (!number.length) throw pyError("ValueError", `expecting hh:mm:ss format, received: ${ts}`);
      let m: bigint;
      if (currentUnit === null) {
        currentUnit = "h";
        m = NS_H;
      } else if (currentUnit === "h") {
        currentUnit = "m";
        m = NS_MIN;
      } else {
        currentUnit = "s";
        m = NS_S;
      }
      result += asNeg(BigInt(number.join("")) * m);
      haveHhmmss = true;
      unit = [];
      number = [];
    } else if (c === ".") {
      if (number.length && currentUnit !== null) {
        if (currentUnit !== "m") throw pyError("ValueError", "expected hh:mm:ss format before .");
        result += asNeg(BigInt(number.join("")) * NS_S);
        haveValue = true;
        unit = [];
        number = [];
        frac = [];
      }
      haveDot = true;
    } else {
      unit.push(c);
      haveValue = true;
      haveDot = false;
    }
  }
  if (haveDot && unit.length) {
    result += asNeg(timedeltaFromSpec(number.join(""), frac.join(""), unit.join("")));
  } else if (haveDot) {
    if ((number.length || frac.length) && !unit.length && currentUnit === null) throw pyError("ValueError", "no units specified");
    let f = frac.join("");
    let m: bigint;
    if (f.length > 0 && f.length <= 3) m = 10n ** BigInt(3 - f.length) * 1_000_000n;
    else if (f.length > 3 && f.length <= 6) m = 10n ** BigInt(6 - f.length) * 1000n;
    else if (f.length > 6 && f.length <= 9) m = 10n ** BigInt(9 - f.length);
    else {
      m = 1n;
      f = f.slice(0, 9);
    }
    if (f === "") throw pyError("ValueError", "invalid literal for int() with base 10: ''");
    result += asNeg(BigInt(f) * m);
  } else if (currentUnit !== null) {
    if (currentUnit !== "m") throw pyError("ValueError", "expected hh:mm:ss format");
    if (!number.length) throw pyError("ValueError", "invalid literal for int() with base 10: ''");
    result += asNeg(BigInt(number.join("")) * NS_S);
  } else if (unit.length) {
    if (!number.length) throw pyError("ValueError", "unit abbreviation w/o a number");
    result += asNeg(timedeltaFromSpec(number.join(""), frac.join(""), unit.join("")));
  } else if (!number.length) {
    throw pyError("ValueError", "symbols w/o a number");
  } else {
    if (haveValue) throw pyError("ValueError", "have leftover units");
    result += asNeg(timedeltaFromSpec(number.join(""), frac.join(""), "ns"));
  }
  return result;
}

/** A Python int/float sum as pandas' Timedelta keywords compute it: exact while all are ints, doubles after. */
type PyNum = bigint | number;
const pyAdd = (a: PyNum, b: PyNum): PyNum => (typeof a === "bigint" && typeof b === "bigint" ? a + b : Number(a) + Number(b));
const pyMul = (a: PyNum, b: PyNum): PyNum => (typeof a === "bigint" && typeof b === "bigint" ? a * b : Number(a) * Number(b));
const pyIntOfNum = (a: PyNum): bigint => {
  if (typeof a === "bigint") return a;
  if (!Number.isFinite(a)) throw pyError(a !== a ? "ValueError" : "OverflowError", a !== a ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
  return BigInt(Math.trunc(a));
};

const TD_KEYWORDS = ["weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds"];

/** `pd.Timedelta(value=<none>, unit=None, **kwargs)`. */
export function makeTimedelta(value: unknown, unit: unknown, kw: Record<string, unknown>): Timedelta | NaTType {
  const given = Object.entries(kw).filter(([, v]) => v !== undefined);
  if (value === undefined) {
    if (given.length === 0) throw pyError("ValueError", "cannot construct a Timedelta without a value/unit or descriptive keywords (days,seconds....)");
    const k: Record<string, PyNum> = {};
    for (const [name, v] of given) {
      const x = numArg(v);
      if (x === undefined || !TD_KEYWORDS.includes(name)) {
        throw pyError("ValueError", "cannot construct a Timedelta from the passed arguments, allowed keywords are [weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds]");
      }
      k[name] = isFloatArg(v) ? x : BigInt(x);
    }
    const g = (n: string): PyNum => k[n] ?? 0n;
    const seconds = pyIntOfNum(pyMul(pyAdd(pyAdd(pyMul(pyAdd(pyMul(pyAdd(g("days"), pyMul(g("weeks"), 7n)), 24n), g("hours")), 3600n), pyMul(g("minutes"), 60n)), g("seconds")), 1_000_000_000n));
    return new Timedelta(pyIntOfNum(g("nanoseconds")) + pyIntOfNum(pyMul(g("microseconds"), 1000n)) + pyIntOfNum(pyMul(g("milliseconds"), 1_000_000n)) + seconds);
  }
  if (unit === "Y" || unit === "y" || unit === "M") throw pyError("ValueError", "Units 'M', 'Y', and 'y' are no longer supported, as they do not represent unambiguous timedelta values durations.");
  if (value instanceof Timedelta) return value;
  if (value instanceof NaTType || value === null || (typeof value === "number" && value !== value)) return NaT;
  if (typeof value === "string") {
    if (unit !== undefined && unit !== null) throw pyError("ValueError", "unit must not be specified if the value is a str");
    if (value.startsWith("P") || value.startsWith("-P")) throw pyError("NotImplementedError", "ISO 8601 durations (\"P1DT2H\") are not supported by nb2svc's pandas runtime");
    const v = parseTimedeltaString(value);
    return v === NAT ? NaT : new Timedelta(v);
  }
  const x = numArg(value);
  if (x !== undefined && typeof value !== "boolean") {
    if (x !== x) return NaT;
    const u = timedeltaUnit(unit);
    const v = castFromUnit(x, isFloatArg(value), u);
    return v === NAT ? NaT : new Timedelta(v);
  }
  throw pyError("ValueError", `Value must be Timedelta, string, integer, float, timedelta or convertible, not ${typeName(value)}`);
}

/** `pd.Timestamp("...")` of a string: ISO first, then pandas' other readings; pandas' message when none reads it. */
export function timestampFromString(s: string, tz: Tz | null): Timestamp | NaTType {
  if (s.length === 0 || NAT_STRINGS.has(s)) return NaT;
  let p: ParsedTime;
  if (s === "now" || s === "today") p = nowParsed(false);
  else {
    const iso = parseIso(s);
    if (iso) p = isoToParsed(iso);
    else {
      try {
        p = parseDatetimeString(s, false, false);
      } catch (e) {
        if ((e as { type?: string }).type === "OutOfBoundsDatetime") throw e;
        throw pyError("ValueError", "could not convert string to Timestamp");
      }
    }
  }
  if (p.offset !== null) {
    // a zone dateutil read stays dateutil's (tzutc(), tzoffset(None, 7200)); the ISO parser's is pytz's
    const own = p.dateutilTz ? { minutes: p.offset, name: p.dateutilTz } : fixedOffset(p.offset);
    return tz === null ? new Timestamp(p.ns, own) : new Timestamp(p.ns, tz);
  }
  if (tz === null) return new Timestamp(p.ns, null);
  const ns = p.ns - BigInt(tz.minutes) * NS_MIN;
  checkBounds(ns);
  return new Timestamp(ns, tz);
}

/**
 * `pd.Timestamp(ts_input, freq=None, tz=None, unit=None, year=None, ..., nanosecond=None, tzinfo=None)`, with
 * pandas' positional form `Timestamp(2021, 1, 2, 10)`.
 */
export function makeTimestamp(args: readonly unknown[]): Timestamp | NaTType {
  // biome-ignore lint/style/useConst: one destructuring, of which some names are reassigned below
  let [tsInput, freq, tz, unit, year, month, day, hour, minute, second, microsecond, nanosecond, tzinfo] = args;
  if (tzinfo !== undefined && tzinfo !== null) throw pyError("NotImplementedError", "Timestamp(tzinfo=...) is not supported by nb2svc's pandas runtime; pass tz=\"UTC\"");
  if (tsInput === undefined && year !== undefined) {
    // keyword form: Timestamp(year=2021, month=1, day=2, ...)
    const zone = tzArg(tz, "Timestamp");
    return fromParts(zone, [year, month, day, hour ?? 0, minute ?? 0, second ?? 0, microsecond ?? 0, nanosecond ?? 0]);
  }
  if (numArg(tsInput) !== undefined && !isFloatArg(tsInput) && numArg(freq) !== undefined && !isFloatArg(freq) && typeof freq !== "boolean") {
    // positional form: Timestamp(year, month, day[, hour[, minute[, second[, microsecond[, nanosecond[, tz]]]]]])
    const zone = tzArg(minute, "Timestamp");
    return fromParts(zone, [tsInput, freq, tz, unit ?? 0, year ?? 0, month ?? 0, day ?? 0, hour ?? 0]);
  }
  if (freq !== undefined && freq !== null) throw pyError("NotImplementedError", "Timestamp(freq=...) is not supported by nb2svc's pandas runtime");
  const zone = tzArg(tz, "Timestamp");
  if (tsInput === undefined) throw typeError("Timestamp() missing required argument 'ts_input' (pos 1)");
  if (tsInput === null || tsInput instanceof NaTType) return NaT;
  if (tsInput instanceof Timestamp) {
    if (zone === null) return tsInput;
    if (tsInput.tz === null) return tsInput.pyMethod("tz_localize", [tz], {}) as Timestamp;
    return new Timestamp(tsInput.value, zone);
  }
  if (tsInput instanceof PyDate) return new Timestamp(nsOfParts({ year: tsInput.year, month: tsInput.month, day: tsInput.day }), null).pyMethod("tz_localize", [tz ?? null], {}) as Timestamp;
  if (typeof tsInput === "string") return timestampFromString(tsInput, zone);
  const x = numArg(tsInput);
  if (x !== undefined && typeof tsInput !== "boolean") {
    if (x !== x) return NaT;
    const u = unit === undefined || unit === null ? "ns" : timedeltaUnit(unit);
    const ns = castFromUnit(x, isFloatArg(tsInput), u);
    if (ns === NAT) return NaT;
    checkBounds(ns);
    if (zone === null) return new Timestamp(ns, null);
    // a number is a UTC moment: localizing to a zone keeps the moment
    return new Timestamp(ns, zone);
  }
  throw typeError(`Cannot convert input [${pyRepr(tsInput)}] of type ${typeName(tsInput)} to Timestamp`);
}

function fromParts(zone: Tz | null, vals: readonly unknown[]): Timestamp {
  const nums = vals.map((v, i) => {
    const x = numArg(v);
    if (x === undefined || !Number.isInteger(x) || typeof v === "boolean") {
      if (i < 3 && (v === undefined || v === null)) throw typeError(`function missing required argument '${["year", "month", "day"][i]}' (pos ${i + 1})`);
      throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
    }
    return x;
  });
  const [y, mo, d, h, mi, s, us, ns] = nums;
  checkParts(y, mo, d, h, mi, s, us, ns);
  const wall = nsOfParts({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us, nanosecond: ns });
  checkBounds(wall);
  return new Timestamp(zone === null ? wall : wall - BigInt(zone.minutes) * NS_MIN, zone);
}

/** A Timestamp/NaT/None/NaN as nanoseconds (NAT for the missing ones), or undefined for anything else. */
export function datetimeNs(v: unknown): bigint | undefined {
  if (v instanceof Timestamp) return v.value;
  if (v === null || v === undefined || v instanceof NaTType) return NAT;
  if (typeof v === "number" && v !== v) return NAT;
  if (v instanceof WeakFloat && v.value !== v.value) return NAT;
  return undefined;
}

/** A Timedelta/NaT/None/NaN as nanoseconds (NAT for the missing ones), or undefined. */
export function timedeltaNs(v: unknown): bigint | undefined {
  if (v instanceof Timedelta) return v.value;
  if (v === null || v === undefined || v instanceof NaTType) return NAT;
  if (typeof v === "number" && v !== v) return NAT;
  if (v instanceof WeakFloat && v.value !== v.value) return NAT;
  return undefined;
}

export const boxTimestamp = (ns: bigint, tz: Tz | null): Timestamp | NaTType => (ns === NAT ? NaT : new Timestamp(ns, tz));
export const boxTimedelta = (ns: bigint): Timedelta | NaTType => (ns === NAT ? NaT : new Timedelta(ns));

export { sameTz };
