// pandas runtime, reading dates from text the way pandas 1.5.3 reads them in `pd.to_datetime` and `pd.Timestamp`:
// the ISO 8601 parser of its C code (`parse_iso_8601_datetime`), then `parse_datetime_string` (the MM/DD/YYYY fast
// path `_parse_delimited_date`, quarters and `%b %Y`, and dateutil 2.8's parser for everything else, ported here
// with its tokenizer and its day/month/year guessing), and `array_strptime` (Python's `_strptime` regexes with
// pandas' nanosecond `%f`) for `format=`. Errors carry pandas' and dateutil's exception classes and messages.
import { pyError } from "../core.ts";
import {
  checkBounds, civilFromDays, daysFromCivil, daysInMonth, isLeap, MONTH_ABBR, MONTH_FULL, NS_MIN, nsOfParts, weekdayOfDays,
  WEEKDAY_ABBR, WEEKDAY_FULL, type Parts,
} from "./tscore.ts";

/** A parsed moment: nanoseconds since the epoch in UTC, and the UTC offset (minutes) the text gave, if any. */
export interface ParsedTime {
  readonly ns: bigint;
  readonly offset: number | null;
  /** dateutil's zone when dateutil read the offset (`tzutc()`, `tzoffset(None, 7200)`): what pd.Timestamp keeps. */
  readonly dateutilTz?: string;
}

/** The strings pandas reads as NaT. */
export const NAT_STRINGS: ReadonlySet<string> = new Set(["NaT", "nat", "NAT", "nan", "NaN", "NAN"]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isCSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

// ---------------------------------------------------------------------------------------------------------------
// ISO 8601 (np_datetime_strings.c)

interface IsoResult {
  parts: Required<Parts>;
  /** Minutes east of UTC when the text had `Z` or an offset. */
  offset: number | null;
}

/**
 * pandas' `parse_iso_8601_datetime`: `YYYY-MM-DD[( |T)HH[:MM[:SS[.f]]]][ ][Z|±HH[:MM]]`, the date separator one of
 * `-./\ ` used twice (then one-digit months and days are allowed), or none (`YYYYMMDD`); null when it fails.
 */
export function parseIso(str: string): IsoResult | null {
  // the C code reads UTF-8 bytes: any non-ASCII character is a byte no branch accepts
  if (/[^\x00-\x7f]/.test(str)) return null;
  const s = str;
  let i = 0;
  const n = s.length;
  let year = 0, month = 1, day = 1, hour = 0, min = 0, sec = 0, us = 0, ps = 0;
  let offset: number | null = null;
  let hasYmdSep = false;
  let ymdSep = "";
  let hasHmsSep = false;
  let hourWas2 = false;
  const at = (k: number) => (k < n ? s[k] : undefined);
  while (i < n && isCSpace(s[i])) i++;
  if (at(i) === "-") i++;
  if (i >= n) return null;
  if (n - i >= 4 && isDigit(s[i]) && isDigit(s[i + 1]) && isDigit(s[i + 2]) && isDigit(s[i + 3])) {
    year = Number(s.slice(i, i + 4));
    i += 4;
  }
  if (s[0] === "-") year = -year;
  const finish = (): IsoResult => ({ parts: { year, month, day, hour, minute: min, second: sec, microsecond: us, nanosecond: Math.floor(ps / 1000) }, offset });
  if (i >= n) return finish();
  if (!isDigit(s[i])) {
    if (!"-./\\ ".includes(s[i])) return null;
    hasYmdSep = true;
    ymdSep = s[i];
    i++;
    if (i >= n || !isDigit(s[i])) return null;
  }
  // month
  month = Number(s[i]);
  i++;
  if (isDigit(at(i))) {
    month = month * 10 + Number(s[i]);
    i++;
  } else if (!hasYmdSep) return null;
  if (month < 1 || month > 12) return null;
  if (i >= n) return hasYmdSep ? finish() : null;
  if (hasYmdSep) {
    if (s[i] !== ymdSep || n - i === 1) return null;
    i++;
  }
  // day
  if (!isDigit(at(i))) return null;
  day = Number(s[i]);
  i++;
  if (isDigit(at(i))) {
    day = day * 10 + Number(s[i]);
    i++;
  } else if (!hasYmdSep) return null;
  if (day < 1 || day > daysInMonthIso(year, month)) return null;
  if (i >= n) return finish();
  if ((s[i] !== "T" && s[i] !== " ") || n - i === 1) return null;
  i++;
  // hours
  if (!isDigit(at(i))) return null;
  hour = Number(s[i]);
  i++;
  if (isDigit(at(i))) {
    hourWas2 = true;
    hour = hour * 10 + Number(s[i]);
    i++;
    if (hour >= 24) return null;
  }
  if (i >= n) return hourWas2 ? finish() : null;
  let toZone = false;
  if (s[i] === ":") {
    hasHmsSep = true;
    i++;
    if (i >= n || !isDigit(s[i])) return null;
  } else if (!isDigit(s[i])) {
    if (!hourWas2) return null;
    toZone = true;
  }
  if (!toZone) {
    // minutes
    min = Number(s[i]);
    i++;
    if (isDigit(at(i))) {
      min = min * 10 + Number(s[i]);
      i++;
      if (min >= 60) return null;
    } else if (!hasHmsSep) return null;
    if (i >= n) return finish();
    if (hasHmsSep && s[i] === ":") {
      i++;
      if (i >= n || !isDigit(s[i])) return null;
    } else if (!(!hasHmsSep && isDigit(s[i]))) {
      toZone = true;
    }
  }
  if (!toZone) {
    // seconds
    sec = Number(s[i]);
    i++;
    if (isDigit(at(i))) {
      sec = sec * 10 + Number(s[i]);
      i++;
      if (sec >= 60) return null;
    } else if (!hasHmsSep) return null;
    if (at(i) === ".") {
      i++;
      for (let k = 0; k < 6; k++) {
        us *= 10;
        if (isDigit(at(i))) us += Number(s[i++]);
      }
      if (isDigit(at(i))) {
        for (let k = 0; k < 6; k++) {
          ps *= 10;
          if (isDigit(at(i))) ps += Number(s[i++]);
        }
        // attoseconds: read and dropped, as datetime64[ns] has no room for them
        for (let k = 0; k < 6 && isDigit(at(i)); k++) i++;
      }
    }
  }
  // time zone
  while (i < n && isCSpace(s[i])) i++;
  if (i >= n) return finish();
  if (s[i] === "Z") {
    offset = 0;
    if (n - i === 1) return finish();
    i++;
  } else if (s[i] === "-" || s[i] === "+") {
    const neg = s[i] === "-";
    i++;
    let oh = 0;
    let om = 0;
    if (n - i >= 2 && isDigit(s[i]) && isDigit(s[i + 1])) {
      oh = Number(s.slice(i, i + 2));
      i += 2;
      if (oh >= 24) return null;
    } else if (n - i >= 1 && isDigit(s[i])) {
      oh = Number(s[i]);
      i++;
    } else return null;
    if (i < n) {
      if (s[i] === ":") i++;
      if (n - i >= 2 && isDigit(s[i]) && isDigit(s[i + 1])) {
        om = Number(s.slice(i, i + 2));
        i += 2;
        if (om >= 60) return null;
      } else if (n - i >= 1 && isDigit(s[i])) {
        om = Number(s[i]);
        i++;
      } else return null;
    }
    offset = neg ? -(oh * 60 + om) : oh * 60 + om;
  }
  while (i < n && isCSpace(s[i])) i++;
  if (i !== n) return null;
  return finish();
}

/** numpy's `days_per_month_table` (its leap rule, year 0 included). */
const daysInMonthIso = (y: number, m: number): number => daysInMonth(((y % 400) + 400) % 400 === 0 ? 2000 : y, m);

/** The UTC instant of an ISO result (its offset applied), after pandas' range check. */
export function isoToParsed(r: IsoResult): ParsedTime {
  checkBounds(nsOfParts(r.parts), r.parts);
  const wall = nsOfParts(r.parts);
  const ns = r.offset === null ? wall : wall - BigInt(r.offset) * NS_MIN;
  checkBounds(ns);
  return { ns, offset: r.offset };
}

// ---------------------------------------------------------------------------------------------------------------
// pandas' own shortcuts (parsing.pyx)

/** `getdigit_ascii`-based 1, 2 and 4 digit reads: a non-digit makes the number negative. */
const digitOr = (c: string | undefined, dflt: number): number => (isDigit(c) ? Number(c) : dflt);
const p1 = (s: string, i: number): number => digitOr(s[i], -10);
const p2 = (s: string, i: number): number => digitOr(s[i], -10) * 10 + digitOr(s[i + 1], -100);
const p4 = (s: string, i: number): number => digitOr(s[i], -10) * 1000 + digitOr(s[i + 1], -100) * 100 + digitOr(s[i + 2], -1000) * 10 + digitOr(s[i + 3], -10000);
const isDelim = (c: string | undefined): boolean => c === " " || c === "/" || c === "-" || c === ".";

/**
 * `_parse_delimited_date`: MM/DD/YYYY (DD/MM/YYYY when the first number cannot be a month, or with dayfirst),
 * M/D/YYYY variants and MM/YYYY; separators ` /-.`. Null when the text is not of that shape.
 */
export function parseDelimitedDate(s: string, dayfirst: boolean): Parts | null {
  if (/[^\x00-\x7f]/.test(s)) return null;
  const n = s.length;
  let month: number;
  let day = 1;
  let year: number;
  let canSwap = false;
  if (n === 10 && isDelim(s[2]) && isDelim(s[5])) {
    month = p2(s, 0); day = p2(s, 3); year = p4(s, 6); canSwap = true;
  } else if (n === 9 && isDelim(s[1]) && isDelim(s[4])) {
    month = p1(s, 0); day = p2(s, 2); year = p4(s, 5); canSwap = true;
  } else if (n === 9 && isDelim(s[2]) && isDelim(s[4])) {
    month = p2(s, 0); day = p1(s, 3); year = p4(s, 5); canSwap = true;
  } else if (n === 8 && isDelim(s[1]) && isDelim(s[3])) {
    month = p1(s, 0); day = p1(s, 2); year = p4(s, 4); canSwap = true;
  } else if (n === 7 && isDelim(s[2])) {
    // 10.2010 could be a float
    if (s[2] === ".") return null;
    month = p2(s, 0); year = p4(s, 3);
  } else return null;
  if (month < 0 || day < 0 || year < 1000) return null;
  if (month >= 1 && month <= 31 && day >= 1 && day <= 31 && (month <= 12 || day <= 12)) {
    if ((month > 12 || (day <= 12 && dayfirst)) && canSwap) [day, month] = [month, day];
    // datetime_new checks the day against the month
    if (day > daysInMonth(year, month)) throw pyError("ValueError", "day is out of range for month");
    return { year, month, day };
  }
  throw pyError("DateParseError", `Invalid date specified (${month}/${day})`);
}

/** Python's `float(s)` succeeds (what `xstrtod` accepts in `_does_string_look_like_datetime`): the value, else null. */
function floatOf(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)$/i.test(t)) return null;
  return Number(t);
}

/** `_does_string_look_like_datetime`: a number below 1000 (or a lone a/m/p/t) is not a date. */
function looksLikeDatetime(s: string): boolean {
  if (s.length === 0) return true;
  if (s[0] === "0") return true;
  if (["a", "A", "m", "M", "p", "P", "t", "T"].includes(s)) return false;
  const v = floatOf(s);
  if (v !== null) return v >= 1000;
  return true;
}

/** `does_string_look_like_time`: starts with H:MM or HH:MM. */
function looksLikeTime(s: string): boolean {
  if (/[^\x00-\x7f]/.test(s) || s.length < 4) return false;
  let hour = -1;
  let minute = -1;
  if (s[1] === ":") {
    hour = digitOr(s[0], -1);
    minute = p2(s, 2);
  } else if (s[2] === ":") {
    hour = p2(s, 0);
    minute = p2(s, 3);
  }
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}

/** Python's `int(s)` of a short string: optional spaces and sign, digits with single underscores between them. */
function pyIntOf(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) return null;
  return Number(t.replace(/_/g, ""));
}

/** `_parse_dateabbr_string`: a 4-digit year, quarters (`2021Q1`, `1Q21`), then `%Y-%m`, `%b %Y`, `%b-%Y`. */
function parseDateAbbr(text: string): Parts | null {
  const s = text.toUpperCase();
  const n = [...s].length;
  if (n === 4) {
    const y = pyIntOf(s);
    if (y !== null && y >= 1 && y <= 9999) return { year: y, month: 1, day: 1 };
  }
  if (n >= 4 && n <= 7) {
    const q = s.indexOf("Q", 1);
    if (q >= 1 && q < 6) {
      let quarter = -1;
      let year = -1;
      let ok = true;
      const int = (x: string): number => {
        const v = pyIntOf(x);
        if (v === null) throw new Error("int");
        return v;
      };
      try {
        if (q === 1) {
          quarter = int(s[0]);
          if (n === 4 || (n === 5 && s[q + 1] === "-")) year = 2000 + int(s.slice(-2));
          else if (n === 6 || (n === 7 && s[q + 1] === "-")) year = int(s.slice(-4));
          else ok = false;
        } else if (q === 2 || q === 3) {
          if (n === 4 || (n === 5 && s[q - 1] === "-")) {
            quarter = int(s.slice(-1));
            year = 2000 + int(s.slice(0, 2));
          } else ok = false;
        } else if (n === 6 || (n === 7 && s[q - 1] === "-")) {
          quarter = int(s.slice(-1));
          year = int(s.slice(0, 4));
        } else ok = false;
      } catch {
        ok = false;
      }
      if (ok) {
        if (!(quarter >= 1 && quarter <= 4)) throw pyError("DateParseError", `Incorrect quarterly string is given, quarter must be between 1 and 4: ${s}`);
        if (year < 1 || year > 9999) throw pyError("ValueError", `year ${year} is out of range`);
        return { year, month: (quarter - 1) * 3 + 1, day: 1 };
      }
    }
  }
  for (const fmt of ["%Y-%m", "%b %Y", "%b-%Y"]) {
    try {
      return strptimeParts(s, fmt, true).parts;
    } catch (e) {
      if ((e as { type?: string }).type !== "ValueError") throw e;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// dateutil.parser (2.8), without fuzzy parsing and tzinfos, as pandas calls it

class ParseFail extends Error {}
const fail = (): never => {
  throw new ParseFail();
};

const isAlphaChar = (c: string): boolean => /^\p{L}$/u.test(c);
const isNumChar = (c: string): boolean => /^\p{Nd}$/u.test(c);
const isSpaceChar = (c: string): boolean => /^\s$/u.test(c);

/** dateutil's `_timelex.split`: words, numbers (with their dots and commas sorted out), single other characters. */
export function timelex(text: string): string[] {
  const chars = [...text].filter((c) => c !== "\x00");
  let pos = 0;
  const stack: string[] = [];
  const tokens: string[] = [];
  const charstack: string[] = [];
  const next = (): string | null => (charstack.length ? charstack.shift()! : pos < chars.length ? chars[pos++] : null);
  for (;;) {
    if (stack.length) {
      tokens.push(stack.shift()!);
      continue;
    }
    let seenLetters = false;
    let token: string | null = null;
    let state: string | null = null;
    for (;;) {
      const c = next();
      if (c === null) break;
      if (state === null) {
        token = c;
        if (isAlphaChar(c)) state = "a";
        else if (isNumChar(c)) state = "0";
        else if (isSpaceChar(c)) {
          token = " ";
          break;
        } else break;
      } else if (state === "a") {
        seenLetters = true;
        if (isAlphaChar(c)) token += c;
        else if (c === ".") {
          token += c;
          state = "a.";
        } else {
          charstack.push(c);
          break;
        }
      } else if (state === "0") {
        if (isNumChar(c)) token += c;
        else if (c === "." || (c === "," && token!.length >= 2)) {
          token += c;
          state = "0.";
        } else {
          charstack.push(c);
          break;
        }
      } else if (state === "a.") {
        seenLetters = true;
        if (c === "." || isAlphaChar(c)) token += c;
        else if (isNumChar(c) && token!.endsWith(".")) {
          token += c;
          state = "0.";
        } else {
          charstack.push(c);
          break;
        }
      } else if (state === "0.") {
        if (c === "." || isNumChar(c)) token += c;
        else if (isAlphaChar(c) && token!.endsWith(".")) {
          token += c;
          state = "a.";
        } else {
          charstack.push(c);
          break;
        }
      }
    }
    if (token === null) break;
    if ((state === "a." || state === "0.") && (seenLetters || token.split(".").length - 1 > 1 || token.endsWith(".") || token.endsWith(","))) {
      const parts = token.split(/([.,])/);
      token = parts[0];
      for (const t of parts.slice(1)) if (t) stack.push(t);
    }
    if (state === "0." && !token.includes(".")) token = token.replace(/,/g, ".");
    tokens.push(token);
  }
  return tokens;
}

const JUMP = new Set([" ", ".", ",", ";", "-", "/", "'", "at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd", "th"]);
const WEEKDAYS: Readonly<Record<string, number>> = Object.fromEntries(WEEKDAY_ABBR.flatMap((a, i) => [[a.toLowerCase(), i], [WEEKDAY_FULL[i].toLowerCase(), i]]));
const MONTHS: Readonly<Record<string, number>> = Object.fromEntries([...MONTH_ABBR.flatMap((a, i) => [[a.toLowerCase(), i + 1], [MONTH_FULL[i].toLowerCase(), i + 1]]), ["sept", 9]]);
const HMS: Readonly<Record<string, number>> = { h: 0, hour: 0, hours: 0, m: 1, minute: 1, minutes: 1, s: 2, second: 2, seconds: 2 };
const AMPM: Readonly<Record<string, number>> = { am: 0, a: 0, pm: 1, p: 1 };
const UTCZONE = ["UTC", "GMT", "Z", "z"];

const lookup = <T>(table: Readonly<Record<string, T>>, name: string): T | null => {
  const k = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, k) ? table[k] : null;
};
const jump = (name: string): boolean => JUMP.has(name.toLowerCase());
const utczone = (name: string): boolean => UTCZONE.some((z) => z.toLowerCase() === name.toLowerCase());
/** `parserinfo.tzoffset`: its `_utczone` keys are lowercase, so only "z" (and lowercase names) give 0 here. */
const infoTzoffset = (name: string): number | null => (["utc", "gmt", "z"].includes(name) ? 0 : null);

/** A numeric token as Python's Decimal holds it: integer digits and fraction digits (never negative here). */
interface Dec {
  readonly int: bigint;
  readonly frac: string;
}

function toDecimal(repr: string): Dec {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(repr.replace(/_/g, ""));
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) fail();
  return { int: BigInt(m![1] || "0"), frac: (m![2] ?? "").replace(/0+$/, "") };
}

/** Python's `float(token)` works on the token (dateutil's test for a number). */
function isNumberToken(t: string): boolean {
  if (/^(inf|infinity|nan)$/i.test(t)) return true;
  return /^(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?$/.test(t) && /\d/.test(t);
}

const decInt = (d: Dec): number => Number(d.int);
const decHasFrac = (d: Dec): boolean => d.frac !== "";
/** `int(k * (value % 1))`, exactly. */
const decFracTimes = (d: Dec, k: number): number => Number((BigInt(k) * BigInt(d.frac || "0")) / 10n ** BigInt(d.frac.length));
const decValue = (d: Dec): number => Number(`${d.int}.${d.frac || "0"}`);

/** Python's `int()` of a token. */
function intOf(t: string | undefined): number {
  if (t === undefined) return fail();
  const v = pyIntOf(t);
  return v === null ? fail() : v;
}

interface Res {
  year: number | null;
  month: number | null;
  day: number | null;
  weekday: number | null;
  hour: number | null;
  minute: number | null;
  second: number | null;
  microsecond: number | null;
  tzname: string | null;
  tzoffset: number | null;
  ampm: number | null;
  centurySpecified: boolean;
}

/** dateutil's `_ymd`: the date numbers in order, with what is known about which is which. */
class Ymd {
  readonly vals: number[] = [];
  centurySpecified = false;
  dstridx: number | null = null;
  mstridx: number | null = null;
  ystridx: number | null = null;

  get length(): number {
    return this.vals.length;
  }

  couldBeDay(value: number): boolean {
    if (this.dstridx !== null) return false;
    if (this.mstridx === null) return value >= 1 && value <= 31;
    const month = this.vals[this.mstridx];
    if (this.ystridx === null) return value >= 1 && value <= daysInMonth(2000, month);
    return value >= 1 && value <= daysInMonth(this.vals[this.ystridx], month);
  }

  append(val: string | number | Dec, label: "M" | "D" | "Y" | null = null): void {
    let lab = label;
    let v: number;
    if (typeof val === "string") {
      if (/^\p{Nd}+$/u.test(val) && [...val].length > 2) {
        this.centurySpecified = true;
        if (lab !== null && lab !== "Y") fail();
        lab = "Y";
      }
      v = intOf(val);
    } else {
      const num = typeof val === "number" ? val : decValue(val);
      if (num > 100) {
        this.centurySpecified = true;
        if (lab !== null && lab !== "Y") fail();
        lab = "Y";
      }
      v = typeof val === "number" ? Math.trunc(val) : decInt(val);
    }
    this.vals.push(v);
    const idx = this.vals.length - 1;
    if (lab === "M") {
      if (this.mstridx !== null) fail();
      this.mstridx = idx;
    } else if (lab === "D") {
      if (this.dstridx !== null) fail();
      this.dstridx = idx;
    } else if (lab === "Y") {
      if (this.ystridx !== null) fail();
      this.ystridx = idx;
    }
  }

  resolve(yearfirst: boolean, dayfirst: boolean): [number | null, number | null, number | null] {
    const len = this.vals.length;
    const s = this.vals;
    const strids: Record<string, number> = {};
    if (this.ystridx !== null) strids.y = this.ystridx;
    if (this.mstridx !== null) strids.m = this.mstridx;
    if (this.dstridx !== null) strids.d = this.dstridx;
    const known = Object.keys(strids).length;
    if ((len === known && known > 0) || (len === 3 && known === 2)) {
      if (len === 3 && known === 2) {
        const missing = [0, 1, 2].find((x) => !Object.values(strids).includes(x))!;
        const key = ["y", "m", "d"].find((k) => !(k in strids))!;
        strids[key] = missing;
      }
      return [strids.y !== undefined ? s[strids.y] : null, strids.m !== undefined ? s[strids.m] : null, strids.d !== undefined ? s[strids.d] : null];
    }
    const m = this.mstridx;
    let year: number | null = null;
    let month: number | null = null;
    let day: number | null = null;
    if (len > 3) fail();
    else if (len === 1 || (m !== null && len === 2)) {
      let other: number;
      if (m !== null) {
        month = s[m];
        other = s[m - 1 < 0 ? len - 1 : m - 1];
      } else other = s[0];
      if (len > 1 || m === null) {
        if (other > 31) year = other;
        else day = other;
      }
    } else if (len === 2) {
      if (s[0] > 31) [year, month] = s;
      else if (s[1] > 31) [month, year] = s;
      else if (dayfirst && s[1] <= 12) [day, month] = s;
      else [month, day] = s;
    } else if (len === 3) {
      if (m === 0) {
        if (s[1] > 31) [month, year, day] = s;
        else [month, day, year] = s;
      } else if (m === 1) {
        if (s[0] > 31 || (yearfirst && s[2] <= 31)) [year, month, day] = s;
        else [day, month, year] = s;
      } else if (m === 2) {
        if (s[1] > 31) [day, year, month] = s;
        else [year, day, month] = s;
      } else if (s[0] > 31 || this.ystridx === 0 || (yearfirst && s[1] <= 12 && s[2] <= 31)) {
        if (dayfirst && s[2] <= 12) [year, day, month] = s;
        else [year, month, day] = s;
      } else if (s[0] > 12 || (dayfirst && s[1] <= 12)) [day, month, year] = s;
      else [month, day, year] = s;
    }
    return [year, month, day];
  }
}

function parsems(value: string): [number, number] {
  if (!value.includes(".")) return [intOf(value), 0];
  const parts = value.split(".");
  if (parts.length !== 2) fail();
  return [intOf(parts[0]), intOf(parts[1].padEnd(6, "0").slice(0, 6))];
}

function parseMinSec(value: Dec): [number, number | null] {
  return [decInt(value), decHasFrac(value) ? decFracTimes(value, 60) : null];
}

function adjustAmpm(hour: number, ampm: number): number {
  if (hour < 12 && ampm === 1) return hour + 12;
  if (hour === 12 && ampm === 0) return 0;
  return hour;
}

function couldBeTzname(res: Res, tzoffset: number | null, token: string): boolean {
  return res.hour !== null && res.tzname === null && tzoffset === null && [...token].length <= 5 && ([...token].every((c) => c >= "A" && c <= "Z") || UTCZONE.includes(token));
}

function findHmsIdx(idx: number, tokens: readonly string[]): number | null {
  const n = tokens.length;
  if (idx + 1 < n && lookup(HMS, tokens[idx + 1]) !== null) return idx + 1;
  if (idx + 2 < n && tokens[idx + 1] === " " && lookup(HMS, tokens[idx + 2]) !== null) return idx + 2;
  if (idx > 0 && lookup(HMS, tokens[idx - 1]) !== null) return idx - 1;
  if (idx > 1 && idx === n - 1 && tokens[idx - 1] === " " && lookup(HMS, tokens[idx - 2]) !== null) return idx - 2;
  return null;
}

function parseNumericToken(tokens: string[], idx0: number, ymd: Ymd, res: Res): number {
  let idx = idx0;
  const repr = tokens[idx];
  const value = toDecimal(repr);
  const lenLi = [...repr].length;
  const n = tokens.length;
  const tok = (k: number): string => (k < n ? tokens[k] : fail());
  if (ymd.length === 3 && (lenLi === 2 || lenLi === 4) && res.hour === null && (idx + 1 >= n || (tokens[idx + 1] !== ":" && lookup(HMS, tokens[idx + 1]) === null))) {
    res.hour = intOf(repr.slice(0, 2));
    if (lenLi === 4) res.minute = intOf(repr.slice(2));
  } else if (lenLi === 6 || (lenLi > 6 && repr.indexOf(".") === 6)) {
    if (ymd.length === 0 && !repr.includes(".")) {
      ymd.append(repr.slice(0, 2));
      ymd.append(repr.slice(2, 4));
      ymd.append(repr.slice(4));
    } else {
      res.hour = intOf(repr.slice(0, 2));
      res.minute = intOf(repr.slice(2, 4));
      [res.second, res.microsecond] = parsems(repr.slice(4));
    }
  } else if (lenLi === 8 || lenLi === 12 || lenLi === 14) {
    ymd.append(repr.slice(0, 4), "Y");
    ymd.append(repr.slice(4, 6));
    ymd.append(repr.slice(6, 8));
    if (lenLi > 8) {
      res.hour = intOf(repr.slice(8, 10));
      res.minute = intOf(repr.slice(10, 12));
      if (lenLi > 12) res.second = intOf(repr.slice(12));
    }
  } else if (findHmsIdx(idx, tokens) !== null) {
    const hmsIdx = findHmsIdx(idx, tokens)!;
    let hms: number;
    if (hmsIdx > idx) {
      hms = lookup(HMS, tokens[hmsIdx])!;
      idx = hmsIdx;
    } else hms = lookup(HMS, tokens[hmsIdx])! + 1;
    if (hms === 0) {
      res.hour = decInt(value);
      if (decHasFrac(value)) res.minute = decFracTimes(value, 60);
    } else if (hms === 1) [res.minute, res.second] = parseMinSec(value);
    else if (hms === 2) [res.second, res.microsecond] = parsems(repr);
  } else if (idx + 2 < n && tokens[idx + 1] === ":") {
    res.hour = decInt(value);
    [res.minute, res.second] = parseMinSec(toDecimal(tokens[idx + 2]));
    if (idx + 4 < n && tokens[idx + 3] === ":") {
      [res.second, res.microsecond] = parsems(tokens[idx + 4]);
      idx += 2;
    }
    idx += 2;
  } else if (idx + 1 < n && ["-", "/", "."].includes(tokens[idx + 1])) {
    const sep = tokens[idx + 1];
    ymd.append(repr);
    if (idx + 2 < n && !jump(tokens[idx + 2])) {
      if (/^\p{Nd}+$/u.test(tokens[idx + 2])) ymd.append(tokens[idx + 2]);
      else {
        const mv = lookup(MONTHS, tokens[idx + 2]);
        if (mv === null) fail();
        ymd.append(mv!, "M");
      }
      if (idx + 3 < n && tokens[idx + 3] === sep) {
        const mv = lookup(MONTHS, tok(idx + 4));
        if (mv !== null) ymd.append(mv, "M");
        else ymd.append(tok(idx + 4));
        idx += 2;
      }
      idx += 1;
    }
    idx += 1;
  } else if (idx + 1 >= n || jump(tokens[idx + 1])) {
    if (idx + 2 < n && lookup(AMPM, tokens[idx + 2]) !== null) {
      res.hour = adjustAmpm(decInt(value), lookup(AMPM, tokens[idx + 2])!);
      idx += 1;
    } else ymd.append(value);
    idx += 1;
  } else if (lookup(AMPM, tokens[idx + 1]) !== null && decValue(value) >= 0 && decValue(value) < 24) {
    res.hour = adjustAmpm(decInt(value), lookup(AMPM, tokens[idx + 1])!);
    idx += 1;
  } else if (ymd.couldBeDay(decValue(value))) {
    ymd.append(value);
  } else fail();
  return idx;
}

/** The current year as dateutil's parserinfo sees it (two-digit years are placed within 50 years of it). */
const currentYear = (): number => new Date().getFullYear();

function convertYear(year: number, centurySpecified: boolean): number {
  if (year < 100 && !centurySpecified) {
    const now = currentYear();
    let y = year + Math.floor(now / 100) * 100;
    if (y >= now + 50) y -= 100;
    else if (y < now - 50) y += 100;
    return y;
  }
  return year;
}

/** dateutil's `parser._parse`: the fields found in the text, or null when it cannot be read. */
function duParseFields(timestr: string, dayfirst: boolean, yearfirst: boolean): Res | null {
  const res: Res = { year: null, month: null, day: null, weekday: null, hour: null, minute: null, second: null, microsecond: null, tzname: null, tzoffset: null, ampm: null, centurySpecified: false };
  const l = timelex(timestr);
  const n = l.length;
  const ymd = new Ymd();
  const tok = (k: number): string => (k < n ? l[k] : fail());
  try {
    let i = 0;
    while (i < n) {
      const t = l[i];
      if (isNumberToken(t)) {
        i = parseNumericToken(l, i, ymd, res);
      } else if (lookup(WEEKDAYS, t) !== null) {
        res.weekday = lookup(WEEKDAYS, t);
      } else if (lookup(MONTHS, t) !== null) {
        ymd.append(lookup(MONTHS, t)!, "M");
        if (i + 1 < n) {
          if (l[i + 1] === "-" || l[i + 1] === "/") {
            const sep = l[i + 1];
            ymd.append(tok(i + 2));
            if (i + 3 < n && l[i + 3] === sep) {
              ymd.append(tok(i + 4));
              i += 2;
            }
            i += 2;
          } else if (i + 4 < n && l[i + 1] === " " && l[i + 3] === " " && l[i + 2].toLowerCase() === "of") {
            if (/^\p{Nd}+$/u.test(l[i + 4])) ymd.append(String(convertYear(intOf(l[i + 4]), false)), "Y");
            i += 4;
          }
        }
      } else if (lookup(AMPM, t) !== null) {
        const value = lookup(AMPM, t)!;
        if (res.hour === null) fail();
        if (!(res.hour! >= 0 && res.hour! <= 12)) fail();
        res.hour = adjustAmpm(res.hour!, value);
        res.ampm = value;
      } else if (couldBeTzname(res, res.tzoffset, t)) {
        res.tzname = t;
        res.tzoffset = infoTzoffset(t);
        if (i + 1 < n && (l[i + 1] === "+" || l[i + 1] === "-")) {
          // "GMT+3" means 3 hours behind GMT: dateutil flips the sign
          l[i + 1] = l[i + 1] === "+" ? "-" : "+";
          res.tzoffset = null;
          if (utczone(t)) res.tzname = null;
        }
      } else if (res.hour !== null && (t === "+" || t === "-")) {
        const signal = t === "+" ? 1 : -1;
        const next = tok(i + 1);
        const lenLi = [...next].length;
        let hourOffset: number;
        let minOffset: number;
        if (lenLi === 4) {
          hourOffset = intOf(next.slice(0, 2));
          minOffset = intOf(next.slice(2));
        } else if (i + 2 < n && l[i + 2] === ":") {
          hourOffset = intOf(next);
          minOffset = intOf(tok(i + 3));
          i += 2;
        } else if (lenLi <= 2) {
          hourOffset = intOf(next.slice(0, 2));
          minOffset = 0;
        } else return fail();
        res.tzoffset = signal * (hourOffset * 3600 + minOffset * 60);
        if (i + 5 < n && jump(l[i + 2]) && l[i + 3] === "(" && l[i + 5] === ")" && [...l[i + 4]].length >= 3 && couldBeTzname(res, null, l[i + 4])) {
          res.tzname = l[i + 4];
          i += 4;
        }
        i += 1;
      } else if (!jump(t)) {
        fail();
      }
      i += 1;
    }
    const [year, month, day] = ymd.resolve(yearfirst, dayfirst);
    res.centurySpecified = ymd.centurySpecified;
    res.year = year;
    res.month = month;
    res.day = day;
  } catch (e) {
    if (e instanceof ParseFail) return null;
    throw e;
  }
  // parserinfo.validate
  if (res.year !== null) res.year = convertYear(res.year, res.centurySpecified);
  if ((res.tzoffset === 0 && !res.tzname) || res.tzname === "Z" || res.tzname === "z") {
    res.tzname = "UTC";
    res.tzoffset = 0;
  } else if (res.tzoffset !== 0 && res.tzname && utczone(res.tzname)) {
    res.tzoffset = 0;
  }
  return res;
}

const countFields = (r: Res): number =>
  [r.year, r.month, r.day, r.weekday, r.hour, r.minute, r.second, r.microsecond, r.tzname, r.tzoffset, r.ampm].filter((v) => v !== null).length;

/** datetime's range checks of `default.replace(**fields)`, with Python's messages. */
function checkDatetime(p: Required<Parts>): void {
  if (p.year < 1 || p.year > 9999) throw new Error(`year ${p.year} is out of range`);
  if (p.month < 1 || p.month > 12) throw new Error("month must be in 1..12");
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) throw new Error("day is out of range for month");
  if (p.hour < 0 || p.hour > 23) throw new Error("hour must be in 0..23");
  if (p.minute < 0 || p.minute > 59) throw new Error("minute must be in 0..59");
  if (p.second < 0 || p.second > 59) throw new Error("second must be in 0..59");
  if (p.microsecond < 0 || p.microsecond > 999999) throw new Error("microsecond must be in 0..999999");
}

/**
 * dateutil's `parse(timestr, default=..., dayfirst=, yearfirst=)` as pandas calls it: a naive or offset datetime,
 * or dateutil's ParserError. Zone names other than UTC/GMT/Z are dropped with dateutil's warning, as on a machine
 * whose local zone is UTC (the offset of a zone named like the machine's is the machine's: UTC here).
 */
function duParse(timestr: string, dflt: Required<Parts>, dayfirst: boolean, yearfirst: boolean): { parts: Required<Parts>; offsetSeconds: number | null; tz?: string } {
  const res = duParseFields(timestr, dayfirst, yearfirst);
  if (res === null) throw pyError("ParserError", `Unknown string format: ${timestr}`);
  if (countFields(res) === 0) throw pyError("ParserError", `String does not contain a date: ${timestr}`);
  const p: Required<Parts> = { ...dflt };
  try {
    if (res.day === null) {
      const cyear = res.year ?? dflt.year;
      const cmonth = res.month ?? dflt.month;
      if (cmonth < 1 || cmonth > 12) throw new Error(`bad month number ${cmonth}; must be 1-12`);
      const cday = dflt.day;
      if (cday > daysInMonth(cyear, cmonth)) p.day = daysInMonth(cyear, cmonth);
    }
    if (res.year !== null) p.year = res.year;
    if (res.month !== null) p.month = res.month;
    if (res.day !== null) p.day = res.day;
    if (res.hour !== null) p.hour = res.hour;
    if (res.minute !== null) p.minute = res.minute;
    if (res.second !== null) p.second = res.second;
    if (res.microsecond !== null) p.microsecond = res.microsecond;
    checkDatetime(p);
  } catch (e) {
    throw pyError("ParserError", `${(e as Error).message}: ${timestr}`);
  }
  if (res.weekday !== null && !res.day) {
    // relativedelta(weekday=...): the next such weekday, today included
    const days = daysFromCivil(p.year, p.month, p.day);
    const ahead = (res.weekday - weekdayOfDays(days) + 7) % 7;
    const [y, m, d] = civilFromDays(days + ahead);
    if (y > 9999) throw pyError("OverflowError", "date value out of range");
    Object.assign(p, { year: y, month: m, day: d });
  }
  // _build_tzaware: the machine's zone for its own name (taken to be UTC), tzutc() for 0, tzoffset otherwise
  if (res.tzname === "UTC") return { parts: p, offsetSeconds: 0, tz: "tzlocal()" };
  if (res.tzoffset === 0) return { parts: p, offsetSeconds: 0, tz: "tzutc()" };
  if (res.tzoffset) return { parts: p, offsetSeconds: res.tzoffset, tz: `tzoffset(${res.tzname === null ? "None" : `'${res.tzname}'`}, ${res.tzoffset})` };
  return { parts: p, offsetSeconds: null };
}

const DEFAULT_DT: Required<Parts> = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0, nanosecond: 0 };

function today(): Required<Parts> {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: 0, minute: 0, second: 0, microsecond: 0, nanosecond: 0 };
}

/** A moment from wall-clock parts and an offset in seconds (null: naive), range-checked as pandas does. */
function toParsed(p: Required<Parts>, offsetSeconds: number | null, dateutilTz?: string): ParsedTime {
  const wall = nsOfParts(p);
  checkBounds(wall, p);
  if (offsetSeconds === null) return { ns: wall, offset: null };
  const ns = wall - BigInt(offsetSeconds) * 1_000_000_000n;
  checkBounds(ns);
  return { ns, offset: offsetSeconds / 60, dateutilTz };
}

/**
 * pandas' `parse_datetime_string`, for a string the ISO parser did not take: a moment (with the offset dateutil
 * read, if any), or pandas'/dateutil's exception.
 */
export function parseDatetimeString(s: string, dayfirst: boolean, yearfirst: boolean): ParsedTime {
  if (!looksLikeDatetime(s)) throw pyError("ValueError", `Given date string ${s} not likely a datetime`);
  if (looksLikeTime(s)) {
    const r = duParse(s, today(), dayfirst, yearfirst);
    return toParsed(r.parts, r.offsetSeconds, r.tz);
  }
  const delimited = parseDelimitedDate(s, dayfirst);
  if (delimited) return toParsed({ ...DEFAULT_DT, ...delimited } as Required<Parts>, null);
  if (s === "now" || s === "today") return nowParsed(false);
  const abbr = parseDateAbbr(s);
  if (abbr) return toParsed({ ...DEFAULT_DT, ...abbr } as Required<Parts>, null);
  const r = duParse(s, DEFAULT_DT, dayfirst, yearfirst);
  return toParsed(r.parts, r.offsetSeconds, r.tz);
}

/** `now` and `today`: the current moment (UTC for pd.to_datetime("now"), the local wall clock otherwise). */
export function nowParsed(utc: boolean): ParsedTime {
  const ms = BigInt(Date.now());
  const local = utc ? 0n : BigInt(-new Date().getTimezoneOffset()) * NS_MIN;
  return { ns: ms * 1_000_000n + local, offset: null };
}

// ---------------------------------------------------------------------------------------------------------------
// strptime (format=)

const ci = (s: string): string => s.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
const alternatives = (names: readonly string[]): string =>
  [...names].sort((a, b) => b.length - a.length).map((x) => ci(x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("|");

/** Python 3.11's `_strptime.TimeRE` in the C locale, with pandas' `%f` (up to nanoseconds). */
const DIRECTIVES: Readonly<Record<string, string>> = {
  d: "(?<d>3[0-1]|[1-2]\\d|0[1-9]|[1-9]| [1-9])",
  f: "(?<f>[0-9]{1,9})",
  H: "(?<H>2[0-3]|[0-1]\\d|\\d)",
  I: "(?<I>1[0-2]|0[1-9]|[1-9])",
  G: "(?<G>\\d\\d\\d\\d)",
  j: "(?<j>36[0-6]|3[0-5]\\d|[1-2]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])",
  m: "(?<m>1[0-2]|0[1-9]|[1-9])",
  M: "(?<M>[0-5]\\d|\\d)",
  S: "(?<S>6[0-1]|[0-5]\\d|\\d)",
  U: "(?<U>5[0-3]|[0-4]\\d|\\d)",
  W: "(?<W>5[0-3]|[0-4]\\d|\\d)",
  w: "(?<w>[0-6])",
  u: "(?<u>[1-7])",
  V: "(?<V>5[0-3]|0[1-9]|[1-4]\\d|\\d)",
  y: "(?<y>\\d\\d)",
  Y: "(?<Y>\\d\\d\\d\\d)",
  // `(?-i:Z)` in Python: the whole pattern is case-blind except this Z
  z: "(?<z>[+-]\\d\\d:?[0-5]\\d(:?[0-5]\\d(\\.\\d{1,6})?)?|Z)",
  A: `(?<A>${alternatives(WEEKDAY_FULL)})`,
  a: `(?<a>${alternatives(WEEKDAY_ABBR)})`,
  B: `(?<B>${alternatives(MONTH_FULL)})`,
  b: `(?<b>${alternatives(MONTH_ABBR)})`,
  p: `(?<p>${alternatives(["am", "pm"])})`,
  // pandas matches pytz's zone names; the runtime reads the zone-like word and accepts the UTC ones
  Z: "(?<Z>[A-Za-z][A-Za-z0-9_/+-]*)",
  "%": "%",
};
const COMPOSITE: Readonly<Record<string, string>> = { c: "%a %b %d %H:%M:%S %Y", x: "%m/%d/%y", X: "%H:%M:%S" };

/** `TimeRE.pattern(format)`: regex characters escaped, whitespace runs as `\s+`, directives replaced. */
function strptimePattern(fmt: string, origFmt: string): string {
  let f = fmt.replace(/([\\.^$*+?(){}[\]|])/g, "\\$1").replace(/\s+/g, "\\s+");
  let out = "";
  while (f.includes("%")) {
    const k = f.indexOf("%") + 1;
    if (k >= f.length) throw pyError("ValueError", `stray % in format '${origFmt}'`);
    const d = f[k];
    let rx: string;
    if (d in COMPOSITE) rx = strptimePattern(COMPOSITE[d], origFmt);
    else if (d in DIRECTIVES) rx = DIRECTIVES[d];
    else throw pyError("ValueError", `'${d === "\\" ? "%" : d}' is a bad directive in format '${origFmt}'`);
    out += ci(f.slice(0, k - 1).replace(/\\s\+/g, "\u0000")).replace(/\u0000/g, "\\s+") + rx;
    f = f.slice(k + 1);
  }
  return out + ci(f.replace(/\\s\+/g, "\u0000")).replace(/\u0000/g, "\\s+");
}

const regexCache = new Map<string, RegExp>();

/** The compiled regex of a strptime format, with pandas' checks of the format itself. */
export function strptimeRegex(fmt: string): RegExp {
  const cached = regexCache.get(fmt);
  if (cached) return cached;
  if (fmt.includes("%W") || fmt.includes("%U")) {
    if (!fmt.includes("%Y") && !fmt.includes("%y")) throw pyError("ValueError", "Cannot use '%W' or '%U' without day and year");
    if (!fmt.includes("%A") && !fmt.includes("%a") && !fmt.includes("%w")) throw pyError("ValueError", "Cannot use '%W' or '%U' without day and year");
  } else if (fmt.includes("%Z") && fmt.includes("%z")) throw pyError("ValueError", "Cannot parse both %Z and %z");
  let rx: RegExp;
  try {
    rx = new RegExp(strptimePattern(fmt, fmt), "u");
  } catch (e) {
    if ((e as { type?: string }).type) throw e;
    throw pyError("re.error", `the format '${fmt}' repeats a directive`);
  }
  regexCache.set(fmt, rx);
  return rx;
}

const ZONE_NAMES: Readonly<Record<string, number>> = { UTC: 0, GMT: 0, "Etc/UTC": 0, "Etc/GMT": 0, UCT: 0, Zulu: 0, Universal: 0, Greenwich: 0 };

/** `parse_timezone_directive`: `%z` text to minutes east of UTC. */
function tzDirective(z: string): number {
  if (z === "Z") return 0;
  let t = z;
  if (t[3] === ":") {
    t = t.slice(0, 3) + t.slice(4);
    if (t.length > 5) {
      if (t[5] !== ":") throw pyError("ValueError", `Inconsistent use of : in ${t}`);
      t = t.slice(0, 5) + t.slice(6);
    }
  }
  const hours = Number(t.slice(1, 3));
  const minutes = Number(t.slice(3, 5));
  const seconds = Number(t.slice(5, 7) || "0");
  const total = hours * 60 + minutes + Math.floor(seconds / 60);
  return t.startsWith("-") ? -total : total;
}

/** Python's `date(y, m, d)` check, with its message. */
function checkDate(y: number, m: number, d: number): void {
  if (y < 1 || y > 9999) throw pyError("ValueError", `year ${y} is out of range`);
  if (m < 1 || m > 12) throw pyError("ValueError", "month must be in 1..12");
  if (d < 1 || d > daysInMonth(y, m)) throw pyError("ValueError", "day is out of range for month");
}

/**
 * One value of `array_strptime(values, fmt, exact)`: the moment and the `%z`/`%Z` offset (minutes) if the format
 * has one; pandas' ValueErrors for text that does not fit.
 */
export function strptimeOne(val: string, fmt: string, exact: boolean): ParsedTime & { zone: number | null } {
  const { parts, zone } = strptimeParts(val, fmt, exact);
  const wall = nsOfParts(parts);
  checkBounds(wall, parts);
  return { ns: wall, offset: null, zone };
}

/** Python's strptime of one value: the wall-clock parts and the zone's offset (minutes), or its ValueError. */
function strptimeParts(val: string, fmt: string, exact: boolean): { parts: Required<Parts>; zone: number | null } {
  const rx = strptimeRegex(fmt);
  let m: RegExpExecArray | null;
  if (exact) {
    m = new RegExp("^(?:" + rx.source + ")", "u").exec(val);
    if (!m) throw pyError("ValueError", `time data '${val}' does not match format '${fmt}' (match)`);
    if (m[0].length !== val.length) throw pyError("ValueError", `unconverted data remains: ${val.slice(m[0].length)}`);
  } else {
    m = rx.exec(val);
    if (!m) throw pyError("ValueError", `time data ${JSON.stringify(val).replace(/^"|"$/g, "'")} does not match format '${fmt}' (search)`);
  }
  const g = m.groups ?? {};
  let year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, us = 0, ns = 0;
  let isoYear = -1, isoWeek = -1, weekOfYear = -1, weekStart = -1, weekday = -1, julian = -1;
  let zone: number | null = null;
  // named groups in the order they appear in the format, as Python's groupdict
  for (const key of Object.keys(g)) {
    const v = g[key];
    if (v === undefined) continue;
    switch (key) {
      case "y": {
        const yy = Number(v);
        year = yy <= 68 ? yy + 2000 : yy + 1900;
        break;
      }
      case "Y": year = Number(v); break;
      case "m": month = Number(v); break;
      case "B": month = MONTH_FULL.findIndex((x) => x.toLowerCase() === v.toLowerCase()) + 1; break;
      case "b": month = MONTH_ABBR.findIndex((x) => x.toLowerCase() === v.toLowerCase()) + 1; break;
      case "d": day = Number(v); break;
      case "H": hour = Number(v); break;
      case "I": {
        hour = Number(v);
        const ampm = (g.p ?? "").toLowerCase();
        if (ampm === "" || ampm === "am") {
          if (hour === 12) hour = 0;
        } else if (ampm === "pm" && hour !== 12) hour += 12;
        break;
      }
      case "M": minute = Number(v); break;
      case "S": second = Number(v); break;
      case "f": {
        const all = Number(v.padEnd(9, "0"));
        ns = all % 1000;
        us = Math.floor(all / 1000);
        break;
      }
      case "A": weekday = WEEKDAY_FULL.findIndex((x) => x.toLowerCase() === v.toLowerCase()); break;
      case "a": weekday = WEEKDAY_ABBR.findIndex((x) => x.toLowerCase() === v.toLowerCase()); break;
      case "w": weekday = Number(v) === 0 ? 6 : Number(v) - 1; break;
      case "j": julian = Number(v); break;
      case "U":
      case "W":
        weekOfYear = Number(v);
        weekStart = key === "U" ? 6 : 0;
        break;
      case "Z": {
        if (!(v in ZONE_NAMES)) {
          throw pyError("NotImplementedError", `to_datetime(format="...%Z"): the zone ${JSON.stringify(v)} needs the tz database, which nb2svc's pandas runtime does not carry; only UTC/GMT are read`);
        }
        zone = ZONE_NAMES[v];
        break;
      }
      case "z": zone = tzDirective(v); break;
      case "G": isoYear = Number(v); break;
      case "V": isoWeek = Number(v); break;
      case "u": weekday = Number(v) - 1; break;
    }
  }
  if (isoYear !== -1) {
    if (isoWeek === -1 || weekday === -1) throw pyError("ValueError", "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive '%A', '%a', '%w', or '%u'.");
    if (julian !== -1) throw pyError("ValueError", "Day of the year directive '%j' is not compatible with ISO year directive '%G'. Use '%Y' instead.");
  } else if (weekOfYear === -1 && isoWeek !== -1) {
    if (weekday === -1) throw pyError("ValueError", "ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive '%A', '%a', '%w', or '%u'.");
    throw pyError("ValueError", "ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead.");
  }
  if (julian === -1 && weekday !== -1) {
    if (weekOfYear !== -1) {
      checkDate(year, 1, 1);
      let first = weekdayOfDays(daysFromCivil(year, 1, 1));
      let dow = weekday;
      if (weekStart !== 0) {
        first = (first + 1) % 7;
        dow = (dow + 1) % 7;
      }
      const week0 = (7 - first) % 7;
      julian = weekOfYear === 0 ? 1 + dow - first : 1 + week0 + 7 * (weekOfYear - 1) + dow;
    } else if (isoYear !== -1 && isoWeek !== -1) {
      checkDate(isoYear, 1, 4);
      const correction = weekdayOfDays(daysFromCivil(isoYear, 1, 4)) + 1 + 3;
      let ordinal = isoWeek * 7 + weekday + 1 - correction;
      if (ordinal < 1) {
        ordinal += daysFromCivil(isoYear, 1, 1);
        isoYear -= 1;
        ordinal -= daysFromCivil(isoYear, 1, 1);
      }
      year = isoYear;
      julian = ordinal;
    }
  }
  if (julian === -1) {
    checkDate(year, month, day);
  } else {
    checkDate(year, 1, 1);
    const days = julian - 1 + daysFromCivil(year, 1, 1);
    const [y, mo, d] = civilFromDays(days);
    if (y < 1 || y > 9999) throw pyError("OverflowError", "date value out of range");
    [year, month, day] = [y, mo, d];
  }
  return { parts: { year, month, day, hour, minute, second, microsecond: us, nanosecond: ns }, zone };
}

/** `%Y%m%d` of an int-like value as pandas' `_attempt_YYYYMMDD` computes it (float arithmetic), or null. */
export function yyyymmdd(v: number): ParsedTime | null {
  if (!Number.isFinite(v)) return null;
  const x = Math.trunc(v);
  const y = Math.trunc(x / 10000);
  const q = x / 100;
  const m = Math.trunc(q - 100 * Math.floor(q / 100));
  const d = ((x % 100) + 100) % 100;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  const ns = nsOfParts({ year: y, month: m, day: d });
  try {
    checkBounds(ns);
  } catch {
    return null;
  }
  return { ns, offset: null };
}

export { isLeap };
