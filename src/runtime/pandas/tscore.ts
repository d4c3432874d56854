// pandas runtime, time arithmetic underneath datetime64[ns] and timedelta64[ns]: a moment is a bigint count of
// nanoseconds since 1970-01-01 UTC (pandas' int64 `value`, exact where a double would round above 2^53), NaT is
// int64's minimum as in pandas. Here: the proleptic Gregorian calendar, the fields pandas derives (`dt.hour`,
// `dayofyear`, ISO weeks), time zones with a fixed offset, the text pandas and Python's datetime print, strftime,
// and rounding to a fixed frequency (`floor("H")`).
import { pyError } from "../core.ts";

export const NAT = -(2n ** 63n);
export const NS_US = 1000n;
export const NS_MS = 1_000_000n;
export const NS_S = 1_000_000_000n;
export const NS_MIN = 60n * NS_S;
export const NS_H = 3600n * NS_S;
export const NS_DAY = 86400n * NS_S;

/** pandas' `Timestamp.min.value` and `Timestamp.max.value`. */
export const MIN_NS = NAT + 1n;
export const MAX_NS = 2n ** 63n - 1n;

export const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};
export const floorMod = (a: bigint, b: bigint): bigint => a - floorDiv(a, b) * b;

// ---------------------------------------------------------------------------------------------------------------
// Calendar (days since 1970-01-01, proleptic Gregorian, as numpy's datetime64)

export const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Monday 0 ... Sunday 6 (1970-01-01 was a Thursday). */
export const weekdayOfDays = (days: number): number => (((days + 3) % 7) + 7) % 7;

/** A moment's wall-clock fields (numpy's npy_datetimestruct). */
export interface Fields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly nanosecond: number;
  /** Days since the epoch, for weekdays and day of year. */
  readonly days: number;
}

export function fieldsOf(ns: bigint): Fields {
  const days = floorDiv(ns, NS_DAY);
  const rem = Number(ns - days * NS_DAY);
  const d = Number(days);
  const [year, month, day] = civilFromDays(d);
  const secs = Math.floor(rem / 1e9);
  const sub = rem - secs * 1e9;
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    microsecond: Math.floor(sub / 1000),
    nanosecond: sub % 1000,
    days: d,
  };
}

export interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  microsecond?: number;
  nanosecond?: number;
}

/** Wall-clock fields to nanoseconds (no range check: see `checkBounds`). */
export function nsOfParts(p: Parts): bigint {
  const days = BigInt(daysFromCivil(p.year, p.month, p.day));
  const secs = (p.hour ?? 0) * 3600 + (p.minute ?? 0) * 60 + (p.second ?? 0);
  return days * NS_DAY + BigInt(secs) * NS_S + BigInt(p.microsecond ?? 0) * NS_US + BigInt(p.nanosecond ?? 0);
}

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

/** pandas' `check_dts_bounds`: the moment must fit datetime64[ns]. */
export function checkBounds(ns: bigint, p?: Parts): void {
  if (ns >= MIN_NS && ns <= MAX_NS) return;
  const f = p ?? fieldsOf(ns);
  throw pyError(
    "OutOfBoundsDatetime",
    `Out of bounds nanosecond timestamp: ${f.year}-${pad(f.month, 2)}-${pad(f.day, 2)} ${pad(f.hour ?? 0, 2)}:${pad(f.minute ?? 0, 2)}:${pad(f.second ?? 0, 2)}`,
  );
}

/** The day of the year, 1-based. */
export const dayOfYear = (f: Fields): number => f.days - daysFromCivil(f.year, 1, 1) + 1;

/** ISO 8601 year, week and weekday (1 = Monday), as `isocalendar()`. */
export function isoCalendar(f: Fields): [number, number, number] {
  const wd = weekdayOfDays(f.days) + 1;
  // the Thursday of this week decides the ISO year
  const thursday = f.days - wd + 4;
  const [isoYear] = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1;
  return [isoYear, week, wd];
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones: UTC and fixed offsets (pytz.FixedOffset from parsed strings, datetime.timezone from "+02:00")

export interface Tz {
  /** Minutes east of UTC. */
  readonly minutes: number;
  /** What pandas prints: `UTC`, `pytz.FixedOffset(120)`, `UTC+02:00`. */
  readonly name: string;
}

export const UTC: Tz = { minutes: 0, name: "UTC" };

/** The zone pandas gives strings with a UTC offset (`pytz.FixedOffset(minutes)`, which is pytz.utc for 0). */
export const fixedOffset = (minutes: number): Tz => (minutes === 0 ? UTC : { minutes, name: `pytz.FixedOffset(${minutes})` });

export const sameTz = (a: Tz | null, b: Tz | null): boolean => (a === null ? b === null : b !== null && a.name === b.name && a.minutes === b.minutes);

/** A moment's wall clock in its zone. */
export const localNs = (ns: bigint, tz: Tz | null): bigint => (tz === null || tz.minutes === 0 ? ns : ns + BigInt(tz.minutes) * NS_MIN);

/** `+05:30` (Python's `isoformat`/`str`) or `+0530` (`%z`). */
export function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60), 2)}${colon ? ":" : ""}${pad(m % 60, 2)}`;
}

/**
 * A time zone argument (`tz_localize("UTC")`, `tz_convert("+02:00")`): UTC and fixed offsets only; named zones with
 * daylight saving need the tz database, which the runtime does not carry.
 */
export function tzArg(x: unknown, what: string): Tz | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== "string") throw pyError("NotImplementedError", `${what}: only time zones given as strings ("UTC", "+02:00") are supported by nb2svc's pandas runtime`);
  if (x === "UTC" || x === "utc" || x === "Etc/UTC") return x === "Etc/UTC" ? { minutes: 0, name: "Etc/UTC" } : UTC;
  if (x === "GMT" || x === "Etc/GMT") return { minutes: 0, name: x };
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(x);
  if (m) {
    const minutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    // datetime.timezone's name
    return { minutes, name: minutes === 0 ? "UTC" : `UTC${offsetText(minutes, true)}` };
  }
  const g = /^Etc\/GMT([+-])(\d{1,2})$/.exec(x);
  if (g && Number(g[2]) <= 14) return { minutes: (g[1] === "+" ? -60 : 60) * Number(g[2]), name: x };
  throw pyError(
    "NotImplementedError",
    `${what}(${JSON.stringify(x)}): named time zones with daylight saving are not supported by nb2svc's pandas runtime (it has no tz database); use UTC or a fixed offset such as "+02:00"`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Text

export const dateRepr = (f: Fields): string => `${f.year}-${pad(f.month, 2)}-${pad(f.day, 2)}`;

/** `Timestamp._time_repr`: seconds, then microseconds or nanoseconds when there are any. */
export function timeRepr(f: Fields): string {
  let s = `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
  if (f.nanosecond !== 0) s += "." + pad(f.nanosecond + 1000 * f.microsecond, 9);
  else if (f.microsecond !== 0) s += "." + pad(f.microsecond, 6);
  return s;
}

/** `Timestamp.isoformat(sep)` (also `str()` with sep " "): Python's, with pandas' nanoseconds appended. */
export function isoFormat(ns: bigint, tz: Tz | null, sep: string): string {
  const f = fieldsOf(localNs(ns, tz));
  let s = `${dateRepr(f)}${sep}${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
  if (f.microsecond !== 0) s += "." + pad(f.microsecond, 6) + (f.nanosecond !== 0 ? pad(f.nanosecond, 3) : "");
  else if (f.nanosecond !== 0) s += "." + pad(f.nanosecond, 9);
  return tz !== null ? s + offsetText(tz.minutes, true) : s;
}

/** `repr(Timestamp)`. */
export function timestampRepr(ns: bigint, tz: Tz | null): string {
  const f = fieldsOf(localNs(ns, tz));
  const stamp = `${dateRepr(f)} ${timeRepr(f)}${tz !== null ? offsetText(tz.minutes, false) : ""}`;
  return `Timestamp('${stamp}'${tz !== null ? `, tz='${tz.name}'` : ""})`;
}

/** A timedelta's components, pandas' `pandas_timedeltastruct` (days floored, the rest positive). */
export interface TdComponents {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly milliseconds: number;
  readonly microseconds: number;
  readonly nanoseconds: number;
}

export function tdComponents(td: bigint): TdComponents {
  const days = floorDiv(td, NS_DAY);
  const rem = Number(td - days * NS_DAY);
  const secs = Math.floor(rem / 1e9);
  const sub = rem - secs * 1e9;
  return {
    days: Number(days),
    hours: Math.floor(secs / 3600),
    minutes: Math.floor(secs / 60) % 60,
    seconds: secs % 60,
    milliseconds: Math.floor(sub / 1e6),
    microseconds: Math.floor(sub / 1000) % 1000,
    nanoseconds: sub % 1000,
  };
}

/** `Timedelta._repr_base(format)`: "long" always shows the clock, null only when there is a part of a day. */
export function timedeltaText(td: bigint, format: "long" | null): string {
  const c = tdComponents(td);
  const sign = c.days < 0 ? " +" : " ";
  const subs = c.hours || c.minutes || c.seconds || c.milliseconds || c.microseconds || c.nanoseconds;
  let secondsFmt = pad(c.seconds, 2);
  if (c.milliseconds || c.microseconds || c.nanoseconds) {
    secondsFmt += "." + pad(c.milliseconds, 3) + pad(c.microseconds, 3);
    if (c.nanoseconds) secondsFmt += pad(c.nanoseconds, 3);
  }
  if (subs || format === "long") return `${c.days} days${sign}${pad(c.hours, 2)}:${pad(c.minutes, 2)}:${secondsFmt}`;
  return `${c.days} days`;
}

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const weekdayName = (f: Fields): string => WEEKDAY_NAMES[weekdayOfDays(f.days)];
export const monthName = (f: Fields): string => MONTH_NAMES[f.month - 1];
export const MONTH_ABBR = MONTH_NAMES.map((m) => m.slice(0, 3));
export const MONTH_FULL = MONTH_NAMES;
export const WEEKDAY_ABBR = WEEKDAY_NAMES.map((d) => d.slice(0, 3));
export const WEEKDAY_FULL = WEEKDAY_NAMES;

/** Week of the year with weeks starting on `firstWeekday` (0 Monday for %W, 6 Sunday for %U), as C's strftime. */
function weekOfYear(f: Fields, sundayFirst: boolean): number {
  const yday = dayOfYear(f) - 1;
  const wday = (weekdayOfDays(f.days) + 1) % 7; // C: 0 = Sunday
  return sundayFirst ? Math.floor((yday + 7 - wday) / 7) : Math.floor((yday + 7 - ((wday + 6) % 7)) / 7);
}

/**
 * Python's `datetime.strftime` in the C locale (glibc): microseconds for %f (a Timestamp loses its nanoseconds
 * there), the offset for %z, the zone name for %Z; a directive outside the common set is refused.
 */
export function strftime(ns: bigint, tz: Tz | null, format: string): string {
  const f = fieldsOf(localNs(ns, tz));
  const wd = weekdayOfDays(f.days);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== "%" || i === format.length - 1) {
      out += ch;
      continue;
    }
    const d = format[++i];
    switch (d) {
      case "Y": out += String(f.year); break;
      case "y": out += pad(f.year % 100, 2); break;
      case "C": out += pad(Math.floor(f.year / 100), 2); break;
      case "m": out += pad(f.month, 2); break;
      case "d": out += pad(f.day, 2); break;
      case "e": out += String(f.day).padStart(2, " "); break;
      case "H": out += pad(f.hour, 2); break;
      case "I": out += pad(hour12, 2); break;
      case "M": out += pad(f.minute, 2); break;
      case "S": out += pad(f.second, 2); break;
      case "f": out += pad(f.microsecond, 6); break;
      case "p": out += f.hour < 12 ? "AM" : "PM"; break;
      case "j": out += pad(dayOfYear(f), 3); break;
      case "a": out += WEEKDAY_ABBR[wd]; break;
      case "A": out += WEEKDAY_FULL[wd]; break;
      case "b": case "h": out += MONTH_ABBR[f.month - 1]; break;
      case "B": out += MONTH_FULL[f.month - 1]; break;
      case "w": out += String((wd + 1) % 7); break;
      case "u": out += String(wd + 1); break;
      case "U": out += pad(weekOfYear(f, true), 2); break;
      case "W": out += pad(weekOfYear(f, false), 2); break;
      case "V": out += pad(isoCalendar(f)[1], 2); break;
      case "G": out += String(isoCalendar(f)[0]); break;
      case "z": out += tz === null ? "" : offsetText(tz.minutes, false); break;
      case "Z": out += tz === null ? "" : tz.name.startsWith("pytz.FixedOffset") ? "" : tz.name; break;
      case "F": out += `${f.year}-${pad(f.month, 2)}-${pad(f.day, 2)}`; break;
      case "T": out += `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`; break;
      case "R": out += `${pad(f.hour, 2)}:${pad(f.minute, 2)}`; break;
      case "D": out += `${pad(f.month, 2)}/${pad(f.day, 2)}/${pad(f.year % 100, 2)}`; break;
      case "n": out += "\n"; break;
      case "t": out += "\t"; break;
      case "%": out += "%"; break;
      default:
        throw pyError("NotImplementedError", `strftime directive '%${d}' is not supported by nb2svc's pandas runtime`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Frequencies and rounding

const FIXED_UNITS: Readonly<Record<string, bigint>> = {
  D: NS_DAY, d: NS_DAY,
  H: NS_H, h: NS_H,
  T: NS_MIN, min: NS_MIN,
  S: NS_S, s: NS_S,
  L: NS_MS, ms: NS_MS,
  U: NS_US, us: NS_US,
  N: 1n, ns: 1n,
};

/** pandas' offset classes for frequencies that are not a fixed length, named in its error message. */
const NON_FIXED: Readonly<Record<string, string>> = {
  W: "<Week: weekday=6>", M: "<MonthEnd>", MS: "<MonthBegin>", Q: "<QuarterEnd: startingMonth=12>", QS: "<QuarterBegin: startingMonth=1>",
  A: "<YearEnd: month=12>", Y: "<YearEnd: month=12>", AS: "<YearBegin: month=1>", YS: "<YearBegin: month=1>", B: "<BusinessDay>",
};

/** The length of a fixed frequency (`"H"`, `"15min"`, `"2D"`) in nanoseconds. */
export function freqNanos(freq: unknown): bigint {
  if (typeof freq !== "string") throw pyError("TypeError", "nb2svc's pandas runtime takes frequencies as strings (\"H\", \"15min\", \"D\")");
  const m = /^\s*(\d*)\s*([A-Za-z]+)\s*$/.exec(freq);
  if (!m) throw pyError("ValueError", `Invalid frequency: ${freq}`);
  const mult = m[1] === "" ? 1n : BigInt(m[1]);
  const unit = FIXED_UNITS[m[2]];
  if (unit !== undefined) return mult * unit;
  if (m[2] in NON_FIXED) throw pyError("ValueError", `${m[1] && m[1] !== "1" ? m[1] + " * " : ""}${NON_FIXED[m[2]]} is a non-fixed frequency`);
  throw pyError("ValueError", `Invalid frequency: ${freq}`);
}

export type RoundMode = "floor" | "ceil" | "round";

/** pandas' `round_nsint64` of one wall-clock value: floor, ceil, or to nearest with ties to even. */
export function roundNs(v: bigint, mode: RoundMode, unit: bigint): bigint {
  if (v === NAT) return v;
  const rem = floorMod(v, unit);
  if (mode === "floor") return v - rem;
  if (mode === "ceil") return rem === 0n ? v : v + (unit - rem);
  if (unit % 2n === 1n) {
    // odd units have no ties: pandas' _rounddown_int64
    return roundNs(v - unit / 2n, "ceil", unit);
  }
  const q = floorDiv(v, unit);
  const half = unit / 2n;
  const up = rem > half || (rem === half && floorMod(q, 2n) === 1n);
  return (up ? q + 1n : q) * unit;
}
