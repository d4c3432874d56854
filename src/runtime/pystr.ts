// Python str methods with CPython's Unicode definitions (Python's whitespace, digits, numerics and case mappings).
// str.format is in py-builtins.ts: its `{0.attr}` fields need getattr, which answers str's methods from here.
import { PyError, isTuple, tuple } from "./core.ts";
import {
  bindArgs, codePoints, cpLen, cpToUnit, unitToCp, hasSurrogates, isPySpaceCode, typeName, typeError,
  valueError, indexArg,
} from "./py-base.ts";
import { PyDict } from "./pydict.ts";
import { getitem, iter } from "./py-ops.ts";
import { DECIMAL, DIGIT_ONLY, NUMERIC_ONLY, TITLE, CASEFOLD } from "./py-unicode.ts";
import { encode } from "./py-codecs.ts";

// ---------------------------------------------------------------------------------------------------------------
// Character properties

function decodeRanges(enc: string): Int32Array {
  const parts = enc.split(",");
  const out = new Int32Array(parts.length * 2);
  let prev = 0;
  parts.forEach((p, i) => {
    const [gap, len] = p.split("+");
    const start = prev + parseInt(gap, 16);
    const end = start + (len === undefined ? 0 : parseInt(len, 16));
    out[2 * i] = start;
    out[2 * i + 1] = end;
    prev = end;
  });
  return out;
}

function inRanges(r: Int32Array, c: number): boolean {
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[2 * mid]) hi = mid - 1;
    else if (c > r[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

let decimalRanges: Int32Array | undefined;
let digitRanges: Int32Array | undefined;
let numericRanges: Int32Array | undefined;

export function isDecimalCp(c: number): boolean {
  if (c < 0x80) return c >= 48 && c <= 57;
  return inRanges((decimalRanges ??= decodeRanges(DECIMAL)), c);
}

/** Value of a Unicode decimal digit (Nd comes in runs of ten, 0 to 9), or -1. */
export function decimalValue(c: number): number {
  if (c < 0x80) return c >= 48 && c <= 57 ? c - 48 : -1;
  const r = (decimalRanges ??= decodeRanges(DECIMAL));
  for (let i = 0; i < r.length; i += 2) {
    if (c >= r[i] && c <= r[i + 1]) return (c - r[i]) % 10;
  }
  return -1;
}

const isDigitCp = (c: number): boolean =>
  isDecimalCp(c) || (c >= 0x80 && inRanges((digitRanges ??= decodeRanges(DIGIT_ONLY)), c));
const isNumericCp = (c: number): boolean =>
  isDigitCp(c) || (c >= 0x80 && inRanges((numericRanges ??= decodeRanges(NUMERIC_ONLY)), c));

const ALPHA = /\p{L}/u;
const UPPER = /\p{Uppercase}/u;
const LOWER = /\p{Lowercase}/u;
const TITLECASE = /\p{Lt}/u;
const CASED = /\p{Cased}/u;
const CASE_IGNORABLE = /\p{Case_Ignorable}/u;
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

const isAlphaCh = (ch: string): boolean => ALPHA.test(ch);
const isUpperCh = (ch: string): boolean => UPPER.test(ch);
const isLowerCh = (ch: string): boolean => LOWER.test(ch);
const isTitleCh = (ch: string): boolean => TITLECASE.test(ch);
const isCasedCh = (ch: string): boolean => CASED.test(ch);

function allChars(s: string, pred: (ch: string, c: number) => boolean): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (!pred(ch, ch.codePointAt(0)!)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Case mapping

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lowercase of the code point at index i of cps, with Python's Final_Sigma rule for U+03A3. */
function lowerAt(cps: string[], i: number): string {
  const ch = cps[i];
  if (ch !== "\u03a3") return ch.toLowerCase();
  let j = i - 1;
  while (j >= 0 && CASE_IGNORABLE.test(cps[j])) j--;
  let finalSigma = j >= 0 && isCasedCh(cps[j]);
  if (finalSigma && i + 1 < cps.length) {
    j = i + 1;
    while (j < cps.length && CASE_IGNORABLE.test(cps[j])) j++;
    finalSigma = j === cps.length || !isCasedCh(cps[j]);
  }
  return finalSigma ? "\u03c2" : "\u03c3";
}

const titleOf = (ch: string): string => TITLE[ch.codePointAt(0)!.toString(16)] ?? ch.toUpperCase();

export function casefold(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  let out = "";
  for (const ch of s) out += CASEFOLD[ch.codePointAt(0)!.toString(16)] ?? ch.toLowerCase();
  return out;
}

export function title(s: string): string {
  const cps = codePoints(s);
  let out = "";
  let prevCased = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    out += prevCased ? lowerAt(cps, i) : titleOf(ch);
    prevCased = isCasedCh(ch);
  }
  return out;
}

export function capitalize(s: string): string {
  if (s.length === 0) return s;
  const cps = codePoints(s);
  let out = titleOf(cps[0]);
  for (let i = 1; i < cps.length; i++) out += lowerAt(cps, i);
  return out;
}

export function swapcase(s: string): string {
  const cps = codePoints(s);
  let out = "";
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    out += isUpperCh(ch) ? lowerAt(cps, i) : isLowerCh(ch) ? ch.toUpperCase() : ch;
  }
  return out;
}

function isLowerStr(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    if (isUpperCh(ch) || isTitleCh(ch)) return false;
    if (!cased && isLowerCh(ch)) cased = true;
  }
  return cased;
}

function isUpperStr(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    if (isLowerCh(ch) || isTitleCh(ch)) return false;
    if (!cased && isUpperCh(ch)) cased = true;
  }
  return cased;
}

function isTitleStr(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (const ch of s) {
    if (isUpperCh(ch) || isTitleCh(ch)) {
      if (prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (isLowerCh(ch)) {
      if (!prevCased) return false;
      prevCased = true;
      cased = true;
    } else prevCased = false;
  }
  return cased;
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting and stripping

function stripSet(chars: unknown, fname: string): ((c: number) => boolean) | null {
  if (chars === null || chars === undefined) return null;
  if (typeof chars !== "string") throw typeError(`${fname} arg must be None or str`);
  const set = new Set<number>();
  for (const ch of chars) set.add(ch.codePointAt(0)!);
  return (c) => set.has(c);
}

function strip(s: string, chars: unknown, left: boolean, right: boolean, fname: string): string {
  const custom = stripSet(chars, fname);
  if (custom === null) {
    let a = 0;
    let b = s.length;
    if (left) while (a < b && isPySpaceCode(s.charCodeAt(a))) a++;
    if (right) while (b > a && isPySpaceCode(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  }
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && custom(cps[a].codePointAt(0)!)) a++;
  if (right) while (b > a && custom(cps[b - 1].codePointAt(0)!)) b--;
  return cps.slice(a, b).join("");
}

function maxsplitArg(x: unknown): number {
  if (x === undefined || x === null) return -1;
  return indexArg(x);
}

function split(s: string, sep: unknown, maxsplit: number): string[] {
  const out: string[] = [];
  let count = maxsplit < 0 ? Infinity : maxsplit;
  if (sep === null || sep === undefined) {
    const n = s.length;
    let i = 0;
    while (count-- > 0) {
      while (i < n && isPySpaceCode(s.charCodeAt(i))) i++;
      if (i === n) break;
      const j = i++;
      while (i < n && !isPySpaceCode(s.charCodeAt(i))) i++;
      out.push(s.slice(j, i));
    }
    if (i < n) {
      while (i < n && isPySpaceCode(s.charCodeAt(i))) i++;
      if (i !== n) out.push(s.slice(i));
    }
    return out;
  }
  if (typeof sep !== "string") throw typeError(`must be str or None, not ${typeName(sep)}`);
  if (sep.length === 0) throw valueError("empty separator");
  let i = 0;
  while (count-- > 0) {
    const j = s.indexOf(sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}

function rsplit(s: string, sep: unknown, maxsplit: number): string[] {
  const out: string[] = [];
  let count = maxsplit < 0 ? Infinity : maxsplit;
  if (sep === null || sep === undefined) {
    let i = s.length - 1;
    while (count-- > 0) {
      while (i >= 0 && isPySpaceCode(s.charCodeAt(i))) i--;
      if (i < 0) break;
      const j = i--;
      while (i >= 0 && !isPySpaceCode(s.charCodeAt(i))) i--;
      out.push(s.slice(i + 1, j + 1));
    }
    if (i >= 0) {
      while (i >= 0 && isPySpaceCode(s.charCodeAt(i))) i--;
      if (i >= 0) out.push(s.slice(0, i + 1));
    }
    return out.reverse();
  }
  if (typeof sep !== "string") throw typeError(`must be str or None, not ${typeName(sep)}`);
  if (sep.length === 0) throw valueError("empty separator");
  let end = s.length;
  while (count-- > 0) {
    if (end - sep.length < 0) break;
    const j = s.lastIndexOf(sep, end - sep.length);
    if (j < 0) break;
    out.push(s.slice(j + sep.length, end));
    end = j;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

function splitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && !LINE_BREAKS.has(s.charCodeAt(j))) j++;
    let eol = j;
    if (j < n) {
      eol = j + (s.charCodeAt(j) === 0x0d && j + 1 < n && s.charCodeAt(j + 1) === 0x0a ? 2 : 1);
    }
    out.push(s.slice(i, keepends ? eol : j));
    i = eol;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Searching (indices in code points, with CPython's ADJUST_INDICES)

function optIndex(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  return indexArg(x);
}

/** [start, end] clamped as CPython's ADJUST_INDICES does (start is not clamped to the length). */
function adjust(len: number, startArg: unknown, endArg: unknown): [number, number] {
  let start = optIndex(startArg) ?? 0;
  let end = optIndex(endArg) ?? len;
  if (end > len) end = len;
  else if (end < 0) {
    end += len;
    if (end < 0) end = 0;
  }
  if (start < 0) {
    start += len;
    if (start < 0) start = 0;
  }
  return [start, end];
}

function subArg(sub: unknown): string {
  if (typeof sub !== "string") throw typeError(`must be str, not ${typeName(sub)}`);
  return sub;
}

function find(s: string, sub: string, startArg: unknown, endArg: unknown, reverse: boolean): number {
  const surr = hasSurrogates(s);
  const len = surr ? cpLen(s) : s.length;
  const [start, end] = adjust(len, startArg, endArg);
  const subLen = surr ? cpLen(sub) : sub.length;
  if (end - start < subLen) return -1;
  if (!surr) {
    const region = s.slice(start, end);
    const r = reverse ? region.lastIndexOf(sub) : region.indexOf(sub);
    return r < 0 ? -1 : r + start;
  }
  const a = cpToUnit(s, start);
  const b = cpToUnit(s, end);
  const region = s.slice(a, b);
  const r = reverse ? region.lastIndexOf(sub) : region.indexOf(sub);
  return r < 0 ? -1 : unitToCp(s, a + r);
}

function count(s: string, sub: string, startArg: unknown, endArg: unknown): number {
  const surr = hasSurrogates(s);
  const len = surr ? cpLen(s) : s.length;
  const [start, end] = adjust(len, startArg, endArg);
  if (end < start) return 0;
  if (sub.length === 0) return end - start + 1;
  const region = surr ? s.slice(cpToUnit(s, start), cpToUnit(s, end)) : s.slice(start, end);
  let n = 0;
  for (let i = region.indexOf(sub); i >= 0; i = region.indexOf(sub, i + sub.length)) n++;
  return n;
}

function tailmatch(s: string, prefix: unknown, startArg: unknown, endArg: unknown, atEnd: boolean, fname: string): boolean {
  const options = isTuple(prefix) ? (prefix as unknown[]) : [prefix];
  const surr = hasSurrogates(s);
  const len = surr ? cpLen(s) : s.length;
  const [start, end0] = adjust(len, startArg, endArg);
  for (const p of options) {
    if (typeof p !== "string") {
      if (isTuple(prefix)) throw typeError(`tuple for ${fname} must only contain str, not ${typeName(p)}`);
      throw typeError(`${fname} first arg must be str or a tuple of str, not ${typeName(p)}`);
    }
    const pl = surr ? cpLen(p) : p.length;
    const end = end0 - pl;
    if (end < start) continue;
    if (pl === 0) return true;
    const at = atEnd ? end : start;
    const unit = surr ? cpToUnit(s, at) : at;
    if (s.startsWith(p, unit)) return true;
  }
  return false;
}

function replace(s: string, old: string, repl: string, countArg: number): string {
  let n = countArg < 0 ? Infinity : countArg;
  if (n === 0) return s;
  if (old.length === 0) {
    const cps = codePoints(s);
    let out = "";
    for (let i = 0; i <= cps.length; i++) {
      if (n > 0) {
        out += repl;
        n--;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  if (n === Infinity) {
    // replaceAll with a string replacement reads "$&", "$1", "$$" in it as patterns: only a replacement without "$"
    // is the text it says (the usual one, and quicker than split/join, most of all when `old` is not there)
    return repl.includes("$") ? s.split(old).join(repl) : s.replaceAll(old, repl);
  }
  let out = "";
  let i = 0;
  while (n-- > 0) {
    const j = s.indexOf(old, i);
    if (j < 0) break;
    out += s.slice(i, j) + repl;
    i = j + old.length;
  }
  return out + s.slice(i);
}

function fillChar(x: unknown, fname: string): string {
  if (x === undefined) return " ";
  if (typeof x !== "string") throw typeError(`${fname}() argument 2 must be str, not ${typeName(x)}`);
  if (cpLen(x) !== 1) throw typeError("The fill character must be exactly one character long");
  return x;
}

function pad(s: string, left: number, right: number, fill: string): string {
  return fill.repeat(Math.max(0, left)) + s + fill.repeat(Math.max(0, right));
}

function expandtabs(s: string, tabsize: number): string {
  let out = "";
  let col = 0;
  for (const ch of s) {
    if (ch === "\t") {
      if (tabsize > 0) {
        const n = tabsize - (col % tabsize);
        out += " ".repeat(n);
        col += n;
      }
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

function join(sep: string, items: unknown): string {
  const parts: string[] = [];
  let i = 0;
  for (const x of iter(items)) {
    if (typeof x !== "string") throw typeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
    parts.push(x);
    i++;
  }
  return parts.join(sep);
}

function partition(s: string, sep: unknown, reverse: boolean): unknown[] {
  if (typeof sep !== "string") throw typeError(`must be str, not ${typeName(sep)}`);
  if (sep.length === 0) throw valueError("empty separator");
  const i = reverse ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return reverse ? tuple(["", "", s]) : tuple([s, "", ""]);
  return tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}

function translate(s: string, table: unknown): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    let v: unknown;
    if (table instanceof PyDict) v = table.get(c);
    else {
      try {
        v = getitem(table, c);
      } catch (e) {
        if (e instanceof PyError && (e.type === "LookupError" || e.type === "KeyError" || e.type === "IndexError")) {
          v = undefined;
        } else throw e;
      }
    }
    if (v === undefined) out += ch;
    else if (v === null) continue;
    else if (typeof v === "string") out += v;
    else if (typeof v === "number" && Number.isInteger(v)) {
      if (v < 0 || v > 0x10ffff) throw valueError("character mapping must be in range(0x110000)");
      out += String.fromCodePoint(v);
    } else throw typeError("character mapping must return integer, None or str");
  }
  return out;
}

/** How CPython's argument converters name a wrong argument: None as "None", anything else by its type. */
function badArgName(x: unknown): string {
  return x === null ? "None" : typeName(x);
}

/** Python's str.maketrans(x[, y[, z]]). */
export function maketrans(x: unknown, y?: unknown, z?: unknown): PyDict {
  const d = new PyDict();
  if (y === undefined) {
    if (!(x instanceof PyDict)) throw typeError("if you give only one argument to maketrans it must be a dict");
    for (const [k, v] of x) {
      if (typeof k === "string") {
        if (cpLen(k) !== 1) throw valueError("string keys in translate table must be of length 1");
        d.set(k.codePointAt(0)!, v);
      } else if (typeof k === "number" && Number.isInteger(k)) d.set(k, v);
      else throw typeError("keys in translate table must be strings or integers");
    }
    return d;
  }
  // CPython's argument converters check y and z (declared str) before the body looks at x
  if (typeof y !== "string") throw typeError(`maketrans() argument 2 must be str, not ${badArgName(y)}`);
  if (z !== undefined && typeof z !== "string") throw typeError(`maketrans() argument 3 must be str, not ${badArgName(z)}`);
  if (typeof x !== "string") throw typeError("first maketrans argument must be a string if there is a second argument");
  const xs = codePoints(x);
  const ys = codePoints(y);
  if (xs.length !== ys.length) throw valueError("the first two maketrans arguments must have equal length");
  xs.forEach((ch, i) => d.set(ch.codePointAt(0)!, ys[i].codePointAt(0)!));
  if (z !== undefined) for (const ch of z) d.set(ch.codePointAt(0)!, null);
  return d;
}

function zfill(s: string, width: number): string {
  const len = cpLen(s);
  if (len >= width) return s;
  const fill = width - len;
  const first = s[0];
  if (first === "+" || first === "-") return first + "0".repeat(fill) + s.slice(1);
  return "0".repeat(fill) + s;
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

const NOT_FOUND: unique symbol = Symbol("no such method");
export type NotFound = typeof NOT_FOUND;
export const METHOD_NOT_FOUND: NotFound = NOT_FOUND;

/** Calls str method `name` on `s`; METHOD_NOT_FOUND when str has no such method. */
export function strMethod(s: string, name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const b = (names: readonly string[], required = 0, positionalOnly = names.length) =>
    bindArgs(name, args, kwargs, names, required, positionalOnly);
  switch (name) {
    case "lower":
      b([]);
      return s.toLowerCase();
    case "upper":
      b([]);
      return s.toUpperCase();
    case "casefold":
      b([]);
      return casefold(s);
    case "title":
      b([]);
      return title(s);
    case "capitalize":
      b([]);
      return capitalize(s);
    case "swapcase":
      b([]);
      return swapcase(s);
    case "strip":
    case "lstrip":
    case "rstrip": {
      const [chars] = b(["chars"]);
      return strip(s, chars, name !== "rstrip", name !== "lstrip", name);
    }
    case "split":
    case "rsplit": {
      const [sep, maxsplit] = b(["sep", "maxsplit"], 0, 0);
      return (name === "split" ? split : rsplit)(s, sep, maxsplitArg(maxsplit));
    }
    case "splitlines": {
      const [keepends] = b(["keepends"], 0, 0);
      return splitlines(s, keepends !== undefined && keepends !== null && keepends !== false && keepends !== 0);
    }
    case "join": {
      const [items] = b(["iterable"], 1);
      return join(s, items);
    }
    case "replace": {
      const [old, repl, cnt] = b(["old", "new", "count"], 2);
      if (typeof old !== "string") throw typeError(`replace() argument 1 must be str, not ${typeName(old)}`);
      if (typeof repl !== "string") throw typeError(`replace() argument 2 must be str, not ${typeName(repl)}`);
      return replace(s, old, repl, cnt === undefined ? -1 : indexArg(cnt));
    }
    case "startswith":
    case "endswith": {
      const [prefix, start, end] = b(["prefix", "start", "end"], 1);
      return tailmatch(s, prefix, start, end, name === "endswith", name);
    }
    case "find":
    case "rfind":
    case "index":
    case "rindex": {
      const [sub, start, end] = b(["sub", "start", "end"], 1);
      const r = find(s, subArg(sub), start, end, name === "rfind" || name === "rindex");
      if (r < 0 && (name === "index" || name === "rindex")) throw valueError("substring not found");
      return r;
    }
    case "count": {
      const [sub, start, end] = b(["sub", "start", "end"], 1);
      return count(s, subArg(sub), start, end);
    }
    case "partition":
    case "rpartition": {
      const [sep] = b(["sep"], 1);
      return partition(s, sep, name === "rpartition");
    }
    case "isdigit":
      b([]);
      return allChars(s, (_, c) => isDigitCp(c));
    case "isdecimal":
      b([]);
      return allChars(s, (_, c) => isDecimalCp(c));
    case "isnumeric":
      b([]);
      return allChars(s, (_, c) => isNumericCp(c));
    case "isalpha":
      b([]);
      return allChars(s, (ch) => isAlphaCh(ch));
    case "isalnum":
      b([]);
      return allChars(s, (ch, c) => isAlphaCh(ch) || isNumericCp(c));
    case "isspace":
      b([]);
      return allChars(s, (_, c) => isPySpaceCode(c));
    case "isupper":
      b([]);
      return isUpperStr(s);
    case "islower":
      b([]);
      return isLowerStr(s);
    case "istitle":
      b([]);
      return isTitleStr(s);
    case "isascii":
      b([]);
      return ASCII_ONLY.test(s);
    case "isprintable":
      b([]);
      for (const ch of s) if (ch !== " " && NOT_PRINTABLE.test(ch)) return false;
      return true;
    case "isidentifier":
      b([]);
      return /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(s);
    case "center":
    case "ljust":
    case "rjust": {
      const [width, fill] = b(["width", "fillchar"], 1);
      const w = indexArg(width);
      const f = fillChar(fill, name);
      const marg = w - cpLen(s);
      if (marg <= 0) return s;
      if (name === "ljust") return pad(s, 0, marg, f);
      if (name === "rjust") return pad(s, marg, 0, f);
      const left = Math.floor(marg / 2) + (marg & w & 1);
      return pad(s, left, marg - left, f);
    }
    case "zfill": {
      const [width] = b(["width"], 1);
      return zfill(s, indexArg(width));
    }
    case "expandtabs": {
      const [tabsize] = b(["tabsize"], 0, 0);
      return expandtabs(s, tabsize === undefined ? 8 : indexArg(tabsize));
    }
    case "removeprefix": {
      const [p] = b(["prefix"], 1);
      if (typeof p !== "string") throw typeError(`removeprefix() argument must be str, not ${typeName(p)}`);
      return p.length > 0 && s.startsWith(p) ? s.slice(p.length) : s;
    }
    case "removesuffix": {
      const [p] = b(["suffix"], 1);
      if (typeof p !== "string") throw typeError(`removesuffix() argument must be str, not ${typeName(p)}`);
      return p.length > 0 && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    }
    case "translate": {
      const [table] = b(["table"], 1);
      return translate(s, table);
    }
    case "maketrans": {
      const [x, y, z] = b(["x", "y", "z"], 1);
      return maketrans(x, y, z);
    }
    case "encode": {
      const [encoding, errors] = b(["encoding", "errors"], 0, 0);
      return encode(s, encoding ?? "utf-8", errors ?? "strict");
    }
    case "__len__":
      return cpLen(s);
    case "__contains__": {
      const [x] = b(["key"], 1);
      if (typeof x !== "string") throw typeError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
      return s.includes(x);
    }
  }
  return NOT_FOUND;
}

