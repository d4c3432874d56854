// Python builtins (len, int, float, round, sorted, min, max, ...), the methods of list/tuple/dict/set/int/float, and
// attribute access. Builtins that take keyword arguments receive them as a trailing kw({...}) (see Kwargs).
import { PyError, WeakFloat, isTuple, tuple as mkTuple } from "./core.ts";
import {
  PyRange, splitKwargs, bindArgs, isNum, isFloat, isInt, num, mkFloat, mkInt, typeName, typeError, valueError,
  indexArg, cpLen, codePoints, isPySpaceCode, type PyNum,
} from "./py-base.ts";
import { isNDArray, npToNumber, npMethod, npAttribute, npIterate, npAbs, npRound } from "./py-np.ts";
import { dtypeAttribute, isDTypeName } from "./np-dtype.ts";
import { PyDict, PySet } from "./pydict.ts";
import { ascii, format, repr, roundFloat, str as pyStr } from "./pyformat.ts";
import {
  iter, toArray, equals, compare, truthy, pow as powOp, divmod, add, getitem,
} from "./py-ops.ts";
import { strMethod, METHOD_NOT_FOUND, decimalValue } from "./pystr.ts";
import { decodeMethod } from "./py-codecs.ts";

type Fn = (...args: unknown[]) => unknown;

function callable_(f: unknown, what: string): Fn {
  if (typeof f !== "function") throw typeError(`'${typeName(f)}' object is not callable${what}`);
  return f as Fn;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** Python's abs(x). */
export function abs(x: unknown): unknown {
  if (typeof x === "number") return Math.abs(x);
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof WeakFloat) return new WeakFloat(Math.abs(x.value));
  if (isNDArray(x)) return npAbs(x);
  if (isPyObjectLike(x)) {
    const r = x.pyMethod("__abs__", [], {});
    if (r !== METHOD_NOT_FOUND) return r;
  }
  throw typeError(`bad operand type for abs(): '${typeName(x)}'`);
}

/** Round half to even to an int, as float.__round__() without ndigits. */
function roundHalfEven(x: number): number {
  if (Number.isNaN(x)) throw valueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return mkInt(f + 1);
  if (diff < 0.5) return mkInt(f);
  return mkInt(f % 2 === 0 ? f : f + 1);
}

/** Python's round(x, ndigits=None). */
export function round(...args: unknown[]): unknown {
  // round(p, 4) of a Python float (`round(float(probs[i]), 4)`): no keyword arguments to bind
  if (args.length === 2 && typeof args[1] === "number" && Number.isInteger(args[1])) {
    const x = args[0];
    if (x instanceof WeakFloat || (typeof x === "number" && !Number.isInteger(x))) return mkFloat(roundFloat(num(x as PyNum), args[1]));
  }
  const [pos, kwa] = splitKwargs(args);
  const [x, nd] = bindArgs("round", pos, kwa, ["number", "ndigits"], 1);
  const ndigits = nd === undefined || nd === null ? null : indexArg(nd);
  if (typeof x === "boolean" || (typeof x === "number" && Number.isInteger(x))) {
    const v = +x;
    if (ndigits === null || ndigits >= 0) return v;
    if (ndigits < -308) return 0;
    const q = Math.pow(10, -ndigits);
    const r = ((v % q) + q) % q;
    let base = v - r;
    if (r * 2 > q || (r * 2 === q && (base / q) % 2 !== 0)) base += q;
    return mkInt(base);
  }
  if (isFloat(x)) {
    const v = num(x as PyNum);
    if (ndigits === null) return roundHalfEven(v);
    return mkFloat(roundFloat(v, ndigits));
  }
  if (isNDArray(x)) return npRound(x, ndigits ?? 0);
  if (isPyObjectLike(x)) {
    const r = x.pyMethod("__round__", ndigits === null ? [] : [ndigits], {});
    if (r !== METHOD_NOT_FOUND) return r;
  }
  throw typeError(`type ${typeName(x)} doesn't define __round__ method`);
}

function invalidInt(s: string, base: number): PyError {
  return valueError(`invalid literal for int() with base ${base}: ${repr(s)}`);
}

function digitValue(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  if (c < 0x80) return -1;
  return decimalValue(c);
}

function parseIntString(s: string, base: number): number {
  if (base !== 0 && (base < 2 || base > 36)) throw valueError("int() base must be >= 2 and <= 36, or 0");
  const cps = codePoints(s);
  let i = 0;
  let end = cps.length;
  while (i < end && isPySpaceCode(cps[i].codePointAt(0)!)) i++;
  while (end > i && isPySpaceCode(cps[end - 1].codePointAt(0)!)) end--;
  let negative = false;
  if (cps[i] === "+" || cps[i] === "-") negative = cps[i++] === "-";
  let b = base;
  let underscoreOk = false;
  if (cps[i] === "0" && i + 1 < end) {
    const p = cps[i + 1].toLowerCase();
    const prefixBase = p === "x" ? 16 : p === "o" ? 8 : p === "b" ? 2 : 0;
    if (prefixBase && (base === 0 || base === prefixBase)) {
      b = prefixBase;
      i += 2;
      underscoreOk = true;
    }
  }
  const zeroLed = b === 0;
  if (b === 0) b = 10;
  if (i >= end) throw invalidInt(s, base);
  const firstDigit = cps[i];
  let value = 0;
  let big: bigint | null = null;
  let sawDigit = false;
  let allZero = true;
  let prevUnderscore = false;
  for (; i < end; i++) {
    const ch = cps[i];
    if (ch === "_") {
      if (prevUnderscore || (!sawDigit && !underscoreOk)) throw invalidInt(s, base);
      prevUnderscore = true;
      continue;
    }
    const d = digitValue(ch);
    if (d < 0 || d >= b) throw invalidInt(s, base);
    if (d !== 0) allZero = false;
    sawDigit = true;
    prevUnderscore = false;
    if (big !== null) big = big * BigInt(b) + BigInt(d);
    else {
      value = value * b + d;
      if (value > Number.MAX_SAFE_INTEGER / 36) big = BigInt(value);
    }
  }
  if (!sawDigit || prevUnderscore) throw invalidInt(s, base);
  // Base 0 refuses leading zeros ("010" is not an int literal), except for zero itself.
  if (zeroLed && !allZero && firstDigit === "0") throw invalidInt(s, base);
  const r = big !== null ? Number(big) : value;
  return negative ? mkInt(-r) : r;
}

/** Python's int(x=0, base=10). */
export function int(...args: unknown[]): number {
  // int(x) of a number or a numpy scalar (`int(top[0])`): no keyword arguments to bind
  if (args.length === 1) {
    const x = args[0];
    if (typeof x === "number" && Number.isInteger(x)) return mkInt(x);
    if (isNDArray(x)) return int(npToNumber(x));
  }
  const [pos, kwa] = splitKwargs(args);
  const [x, base] = bindArgs("int", pos, kwa, ["x", "base"]);
  if (x === undefined) {
    if (base !== undefined) throw typeError("int() missing string argument");
    return 0;
  }
  if (base !== undefined) {
    if (typeof x !== "string") throw typeError("int() can't convert non-string with explicit base");
    return parseIntString(x, indexArg(base));
  }
  if (typeof x === "string") return parseIntString(x, 10);
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "number" || x instanceof WeakFloat) {
    const v = typeof x === "number" ? x : x.value;
    if (Number.isInteger(v)) return mkInt(v);
    if (Number.isNaN(v)) throw valueError("cannot convert float NaN to integer");
    if (!Number.isFinite(v)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
    return mkInt(Math.trunc(v));
  }
  if (isNDArray(x)) return int(npToNumber(x));
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

const FLOAT_RE = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

function parseFloatString(s: string): number {
  let t = s;
  if (/[^\x00-\x7f]/.test(t)) {
    let out = "";
    for (const ch of t) {
      const c = ch.codePointAt(0)!;
      if (isPySpaceCode(c)) out += " ";
      else {
        const d = decimalValue(c);
        out += d >= 0 ? String(d) : ch;
      }
    }
    t = out;
  }
  let a = 0;
  let b = t.length;
  while (a < b && isPySpaceCode(t.charCodeAt(a))) a++;
  while (b > a && isPySpaceCode(t.charCodeAt(b - 1))) b--;
  t = t.slice(a, b);
  if (FLOAT_RE.test(t)) return Number(t.includes("_") ? t.replace(/_/g, "") : t);
  const m = FLOAT_SPECIAL.exec(t);
  if (m) {
    if (m[2].toLowerCase() === "nan") return NaN;
    return m[1] === "-" ? -Infinity : Infinity;
  }
  throw valueError(`could not convert string to float: ${repr(s)}`);
}

/** Python's float(x=0.0). */
export function float(x?: unknown): number | WeakFloat {
  if (x === undefined) return new WeakFloat(0);
  if (typeof x === "number") return mkFloat(x);
  if (x instanceof WeakFloat) return x;
  if (typeof x === "boolean") return new WeakFloat(x ? 1 : 0);
  if (typeof x === "string") return mkFloat(parseFloatString(x));
  if (isNDArray(x)) return mkFloat(npToNumber(x));
  throw typeError(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}

/** Python's bool(x). */
export const bool = (x?: unknown): boolean => (x === undefined ? false : truthy(x));

/** Python's pow(base, exp, mod=None). */
export function pow(...args: unknown[]): unknown {
  const [pos, kwa] = splitKwargs(args);
  const [b, e, m] = bindArgs("pow", pos, kwa, ["base", "exp", "mod"], 2);
  if (m === undefined || m === null) return powOp(b, e);
  if (!isInt(b) || !isInt(e) || !isInt(m)) {
    throw typeError("pow() 3rd argument not allowed unless all arguments are integers");
  }
  let base = BigInt(+b);
  let exp = BigInt(+e);
  const mod = BigInt(+m);
  if (mod === 0n) throw valueError("pow() 3rd argument cannot be 0");
  const absMod = mod < 0n ? -mod : mod;
  const norm = (v: bigint) => ((v % absMod) + absMod) % absMod;
  base = norm(base);
  if (exp < 0n) {
    // Modular inverse by the extended Euclidean algorithm.
    let [r0, r1, s0, s1] = [base, absMod, 1n, 0n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    if (r0 !== 1n) throw valueError("base is not invertible for the given modulus");
    base = norm(s0);
    exp = -exp;
  }
  let result = 1n % absMod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % absMod;
    base = (base * base) % absMod;
    exp >>= 1n;
  }
  if (mod < 0n && result !== 0n) result += mod;
  return mkInt(Number(result));
}

export { divmod };

function intOnly(x: unknown): number {
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "number" && Number.isInteger(x)) return x;
  throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
}

function radixRepr(x: unknown, radix: number, prefix: string): string {
  const v = intOnly(x);
  const digits = Number.isSafeInteger(v) ? Math.abs(v).toString(radix) : (v < 0 ? -BigInt(v) : BigInt(v)).toString(radix);
  return (v < 0 ? "-" : "") + prefix + digits;
}

export const hex = (x: unknown): string => radixRepr(x, 16, "0x");
export const oct = (x: unknown): string => radixRepr(x, 8, "0o");
export const bin = (x: unknown): string => radixRepr(x, 2, "0b");

/** Python's chr(i). */
export function chr(i: unknown): string {
  const v = intOnly(i);
  if (v < 0 || v > 0x10ffff) throw valueError("chr() arg not in range(0x110000)");
  return String.fromCodePoint(v);
}

/** Python's ord(c). */
export function ord(c: unknown): number {
  if (typeof c !== "string") throw typeError(`ord() expected string of length 1, but ${typeName(c)} found`);
  const n = cpLen(c);
  if (n !== 1) throw typeError(`ord() expected a character, but string of length ${n} found`);
  return c.codePointAt(0)!;
}

// ---------------------------------------------------------------------------------------------------------------
// Iterables

/** Python's sum(iterable, /, start=0); floats are added left to right, like CPython 3.11. */
export function sum(...args: unknown[]): unknown {
  const [pos, kwa] = splitKwargs(args);
  const [it, start] = bindArgs("sum", pos, kwa, ["iterable", "start"], 1, 1);
  let acc: unknown = start === undefined ? 0 : start;
  if (typeof acc === "string") throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  if (Array.isArray(it) && typeof acc === "number") {
    let total = acc;
    let isF = !Number.isInteger(acc);
    let i = 0;
    for (; i < it.length; i++) {
      const x = it[i];
      if (typeof x === "number") {
        if (!Number.isInteger(x)) isF = true;
        total += x;
      } else if (x instanceof WeakFloat) {
        isF = true;
        total += x.value;
      } else if (typeof x === "boolean") total += x ? 1 : 0;
      else break;
    }
    acc = isF ? mkFloat(total) : mkInt(total);
    for (; i < it.length; i++) acc = add(acc, it[i]);
    return acc;
  }
  for (const x of iter(it)) acc = add(acc, x);
  return acc;
}


function keyFn(key: unknown): Fn | null {
  if (key === undefined || key === null) return null;
  return callable_(key, "");
}

function minmax(name: "min" | "max", args: unknown[]): unknown {
  const [pos, kwa] = splitKwargs(args);
  for (const k of Object.keys(kwa)) {
    if (k !== "key" && k !== "default") throw typeError(`'${k}' is an invalid keyword argument for ${name}()`);
  }
  if (pos.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
  const hasDefault = Object.prototype.hasOwnProperty.call(kwa, "default");
  if (pos.length > 1 && hasDefault) {
    throw typeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
  }
  const key = keyFn(kwa.key);
  const items = pos.length === 1 ? iter(pos[0]) : pos;
  const op = name === "min" ? "<" : ">";
  let found = false;
  let best: unknown;
  let bestKey: unknown;
  for (const x of items) {
    const k = key ? key(x) : x;
    if (!found) {
      found = true;
      best = x;
      bestKey = k;
    } else if (compare(op, k, bestKey)) {
      best = x;
      bestKey = k;
    }
  }
  if (!found) {
    if (hasDefault) return kwa.default;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  return best;
}

/** Python's min(iterable, *, key=None, default=...) or min(a, b, *args, key=None). */
export const min = (...args: unknown[]): unknown => minmax("min", args);
/** Python's max(iterable, *, key=None, default=...) or max(a, b, *args, key=None). */
export const max = (...args: unknown[]): unknown => minmax("max", args);

function ltBool(a: unknown, b: unknown): boolean {
  return compare("<", a, b);
}

/** Sorts in place, stably, using only `<` like CPython's list.sort. */
function sortInPlace(items: unknown[], key: Fn | null, reverse: boolean): void {
  if (items.length < 2) return;
  const keys = key ? items.map((x) => key(x)) : items;
  let cmp: (a: unknown, b: unknown) => number;
  if (keys.every((k) => typeof k === "number" && k === k)) {
    cmp = (a, b) => ((a as number) < (b as number) ? -1 : (b as number) < (a as number) ? 1 : 0);
  } else if (keys.every((k) => typeof k === "string")) {
    cmp = (a, b) => ((a as string) === (b as string) ? 0 : ltBool(a, b) ? -1 : 1);
  } else {
    cmp = (a, b) => (ltBool(a, b) ? -1 : ltBool(b, a) ? 1 : 0);
  }
  const order = keys.map((_, i) => i);
  order.sort(reverse ? (i, j) => cmp(keys[j], keys[i]) : (i, j) => cmp(keys[i], keys[j]));
  const sorted = order.map((i) => items[i]);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i];
}

function sortOptions(fname: string, kwa: Record<string, unknown>): [Fn | null, boolean] {
  for (const k of Object.keys(kwa)) {
    if (k !== "key" && k !== "reverse") throw typeError(`'${k}' is an invalid keyword argument for ${fname}()`);
  }
  return [keyFn(kwa.key), truthy(kwa.reverse ?? false)];
}

/** Python's sorted(iterable, /, *, key=None, reverse=False). */
export function sorted(...args: unknown[]): unknown[] {
  const [pos, kwa] = splitKwargs(args);
  if (pos.length !== 1) throw typeError(`sorted expected 1 argument, got ${pos.length}`);
  const [key, reverse] = sortOptions("sort", kwa);
  const items = toArray(pos[0]);
  sortInPlace(items, key, reverse);
  return items;
}

/** Python's reversed(seq), as a list. */
export function reversed(seq: unknown): unknown[] {
  if (Array.isArray(seq)) return seq.slice().reverse();
  if (typeof seq === "string") return codePoints(seq).reverse();
  if (seq instanceof PyDict || seq instanceof PyRange) return Array.from(seq instanceof PyDict ? seq.keys() : seq).reverse();
  if (isNDArray(seq)) return Array.from(npIterate(seq)).reverse();
  throw typeError(`'${typeName(seq)}' object is not reversible`);
}

/** Python's enumerate(iterable, start=0), as a list of tuples. */
export function enumerate(...args: unknown[]): unknown[] {
  return enumerateAs(args, mkTuple);
}

/** Python's zip(*iterables, strict=False), as a list of tuples (stops at the shortest). */
export function zip(...args: unknown[]): unknown[] {
  return zipAs(args, mkTuple);
}

// The items of enumerate, zip and dict.items() as plain arrays, not tuples: what the translator emits for the iterable
// of a loop or comprehension whose target unpacks each item at once (`for i, x in enumerate(xs)`,
// `{k: round(v, 3) for k, v in d.items()}`), where no item is seen as a value, so being a tuple changes nothing, and
// marking one (a property definition) costs more than building it. Errors and items are the originals' own.
const asList = (items: unknown[]): unknown[] => items;

/** enumerate's items, unpacked by the loop's target. */
export function enumeratePairs(...args: unknown[]): unknown[] {
  return enumerateAs(args, asList);
}

/** zip's items, unpacked by the loop's target. */
export function zipItems(...args: unknown[]): unknown[] {
  return zipAs(args, asList);
}

/**
 * `obj.items()`'s items, unpacked by the loop's target: a dict's (a Bunch's too: its methods are the dict's) are its
 * entries taken at once, as dict.items() takes them; anything else's items() is called as the method call would be.
 * The entries are copied by a for-of into an array of the dict's size: Array.from(dict) took twice as long.
 */
export function itemPairs(obj: unknown): unknown {
  if (!(obj instanceof PyDict)) return callMethod(obj, "items", []);
  const out: unknown[] = new Array(obj.size);
  let i = 0;
  for (const entry of obj) out[i++] = entry;
  return out;
}

function enumerateAs(args: unknown[], item: (pair: unknown[]) => unknown[]): unknown[] {
  const [pos, kwa] = splitKwargs(args);
  const [it, start] = bindArgs("enumerate", pos, kwa, ["iterable", "start"], 1);
  let i = start === undefined ? 0 : indexArg(start);
  const out: unknown[] = [];
  for (const x of iter(it)) out.push(item([i++, x]));
  return out;
}

function zipAs(args: unknown[], item: (items: unknown[]) => unknown[]): unknown[] {
  const [pos, kwa] = splitKwargs(args);
  const strict = truthy(kwa.strict ?? false);
  if (pos.length === 0) return [];
  const arrays = pos.map((x) => (Array.isArray(x) ? x : toArray(x)));
  const n = Math.min(...arrays.map((a) => a.length));
  if (strict && arrays.some((a) => a.length !== n)) {
    // CPython reports the first argument to run out, or else the first one left with items.
    const k = arrays.findIndex((a) => a.length === n);
    const i = k > 0 ? k : arrays.findIndex((a) => a.length > n);
    const others = i > 1 ? `s 1-${i}` : " 1";
    throw valueError(`zip() argument ${i + 1} is ${k > 0 ? "shorter" : "longer"} than argument${others}`);
  }
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = item(arrays.map((a) => a[i]));
  return out;
}

/** Python's map(function, *iterables), as a list. */
export function map(f: unknown, ...iterables: unknown[]): unknown[] {
  const fn = callable_(f, "");
  if (iterables.length === 0) throw typeError("map() must have at least two arguments.");
  if (iterables.length === 1) return Array.from(iter(iterables[0]), (x) => fn(x));
  const arrays = iterables.map(toArray);
  const n = Math.min(...arrays.map((a) => a.length));
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = fn(...arrays.map((a) => a[i]));
  return out;
}

/** Python's filter(function or None, iterable), as a list. */
export function filter(f: unknown, iterable: unknown): unknown[] {
  const fn = f === null || f === undefined ? null : callable_(f, "");
  const out: unknown[] = [];
  for (const x of iter(iterable)) if (truthy(fn ? fn(x) : x)) out.push(x);
  return out;
}

export function any(iterable: unknown): boolean {
  for (const x of iter(iterable)) if (truthy(x)) return true;
  return false;
}

export function all(iterable: unknown): boolean {
  for (const x of iter(iterable)) if (!truthy(x)) return false;
  return true;
}

/** Python's range(stop) / range(start, stop[, step]): a lazy PyRange. */
export function range(a: unknown, b?: unknown, c?: unknown): PyRange {
  if (b === undefined) return new PyRange(0, intOnly(a), 1);
  return new PyRange(intOnly(a), intOnly(b), c === undefined ? 1 : intOnly(c));
}

/** Python's list(iterable=()). */
export const list = (x?: unknown): unknown[] => (x === undefined ? [] : toArray(x));

/** Python's tuple(iterable=()). */
export const tuple = (x?: unknown): unknown[] => mkTuple(x === undefined ? [] : Array.isArray(x) ? x : toArray(x));

/** Python's set(iterable=()). */
export const set = (x?: unknown): PySet => new PySet(x === undefined ? null : iter(x));

function updateDict(d: PyDict, other: unknown): void {
  if (other instanceof PyDict) {
    for (const [k, v] of other) d.set(k, v);
    return;
  }
  let i = 0;
  for (const item of iter(other)) {
    let pair: unknown[];
    if (Array.isArray(item)) pair = item;
    else if (typeof item === "string") pair = codePoints(item);
    else {
      try {
        pair = toArray(item);
      } catch {
        throw typeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
      }
    }
    if (pair.length !== 2) {
      throw valueError(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    }
    d.set(pair[0], pair[1]);
    i++;
  }
}

/** Python's dict(mapping_or_pairs=(), **kwargs); keyword arguments as a trailing kw({...}). */
export function dict(...args: unknown[]): PyDict {
  const [pos, kwa] = splitKwargs(args);
  if (pos.length > 1) throw typeError(`dict expected at most 1 argument, got ${pos.length}`);
  const d = new PyDict();
  if (pos.length === 1) updateDict(d, pos[0]);
  for (const k of Object.keys(kwa)) d.set(k, kwa[k]);
  return d;
}

/** dict.fromkeys(iterable, value=None). */
export function dict_fromkeys(iterable: unknown, value: unknown = null): PyDict {
  const d = new PyDict();
  for (const k of iter(iterable)) d.set(k, value);
  return d;
}

const TYPE_TESTS: Record<string, (x: unknown) => boolean> = {
  int: (x) => isInt(x),
  float: (x) => isFloat(x),
  bool: (x) => typeof x === "boolean",
  str: (x) => typeof x === "string",
  list: (x) => Array.isArray(x) && !isTuple(x),
  tuple: (x) => isTuple(x),
  dict: (x) => x instanceof PyDict,
  set: (x) => x instanceof PySet,
  NoneType: (x) => x === null || x === undefined,
  None: (x) => x === null || x === undefined,
  ndarray: (x) => isNDArray(x),
  range: (x) => x instanceof PyRange,
  object: () => true,
  complex: () => false,
};

/** Python's isinstance(x, types), with the types given by name ("int", "float", "ndarray", ...). */
export function isinstance(x: unknown, types: string | readonly string[]): boolean {
  const names = typeof types === "string" ? [types] : types;
  for (const n of names) {
    const t = TYPE_TESTS[n.startsWith("numpy.") ? n.slice(6) : n];
    if (t === undefined) throw typeError(`isinstance() arg 2 must be a type name the runtime knows, not '${n}'`);
    if (t(x)) return true;
  }
  return false;
}

export const callable = (x: unknown): boolean => typeof x === "function";

// ---------------------------------------------------------------------------------------------------------------
// Methods

function listIndex(arr: unknown[], x: unknown, start: unknown, end: unknown, what: string): number {
  const n = arr.length;
  let a = start === undefined || start === null ? 0 : indexArg(start);
  let b = end === undefined || end === null ? n : indexArg(end);
  if (a < 0) a = Math.max(0, a + n);
  if (b < 0) b = Math.max(0, b + n);
  b = Math.min(b, n);
  for (let i = a; i < b; i++) if (arr[i] === x || equals(arr[i], x)) return i;
  throw valueError(what === "list" ? `${repr(x)} is not in list` : "tuple.index(x): x not in tuple");
}

function countOf(arr: readonly unknown[], x: unknown): number {
  let n = 0;
  for (const y of arr) if (y === x || equals(y, x)) n++;
  return n;
}

function listMethod(arr: unknown[], name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required, names.length);
  const tupleRecv = Boolean(isTuple(arr));
  switch (name) {
    case "index": {
      const [x, start, end] = b(["value", "start", "stop"], 1);
      return listIndex(arr, x, start, end, tupleRecv ? "tuple" : "list");
    }
    case "count": {
      const [x] = b(["value"], 1);
      return countOf(arr, x);
    }
  }
  if (tupleRecv) return METHOD_NOT_FOUND;
  switch (name) {
    case "append": {
      const [x] = b(["object"], 1);
      arr.push(x);
      return null;
    }
    case "extend": {
      const [it] = b(["iterable"], 1);
      const items = it === arr ? arr.slice() : toArray(it);
      for (const x of items) arr.push(x);
      return null;
    }
    case "insert": {
      const [i, x] = b(["index", "object"], 2);
      let k = indexArg(i);
      if (k < 0) k = Math.max(0, k + arr.length);
      arr.splice(Math.min(k, arr.length), 0, x);
      return null;
    }
    case "pop": {
      const [i] = b(["index"]);
      if (arr.length === 0) throw new PyError("IndexError", "pop from empty list");
      let k = i === undefined ? arr.length - 1 : indexArg(i);
      if (k < 0) k += arr.length;
      if (k < 0 || k >= arr.length) throw new PyError("IndexError", "pop index out of range");
      return arr.splice(k, 1)[0];
    }
    case "remove": {
      const [x] = b(["value"], 1);
      for (let k = 0; k < arr.length; k++) {
        if (arr[k] === x || equals(arr[k], x)) {
          arr.splice(k, 1);
          return null;
        }
      }
      throw valueError("list.remove(x): x not in list");
    }
    case "reverse":
      b([]);
      arr.reverse();
      return null;
    case "sort": {
      if (args.length > 0) throw typeError("sort() takes no positional arguments");
      const [key, reverse] = sortOptions("sort", kwargs ?? {});
      sortInPlace(arr, key, reverse);
      return null;
    }
    case "copy":
      b([]);
      return arr.slice();
    case "clear":
      b([]);
      arr.length = 0;
      return null;
  }
  return METHOD_NOT_FOUND;
}

function dictMethod(d: PyDict, name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required, names.length);
  switch (name) {
    case "get": {
      const [k, dflt] = b(["key", "default"], 1);
      const v = d.get(k);
      return v === undefined ? (dflt === undefined ? null : dflt) : v;
    }
    case "setdefault": {
      const [k, dflt] = b(["key", "default"], 1);
      const v = d.get(k);
      if (v !== undefined) return v;
      const nv = dflt === undefined ? null : dflt;
      d.set(k, nv);
      return nv;
    }
    case "keys":
      b([]);
      return Array.from(d.keys());
    case "values":
      b([]);
      return Array.from(d.values());
    case "items":
      b([]);
      return Array.from(d, ([k, v]) => mkTuple([k, v]));
    case "pop": {
      const [k, dflt] = b(["key", "default"], 1);
      const v = d.get(k);
      if (v === undefined) {
        if (dflt === undefined) throw new PyError("KeyError", repr(k));
        return dflt;
      }
      d.delete(k);
      return v;
    }
    case "popitem": {
      b([]);
      if (d.size === 0) throw new PyError("KeyError", "'popitem(): dictionary is empty'");
      let last: [unknown, unknown] | undefined;
      for (const e of d) last = e;
      d.delete(last![0]);
      return mkTuple(last!);
    }
    case "update": {
      if (args.length > 1) throw typeError(`update expected at most 1 argument, got ${args.length}`);
      if (args.length === 1) updateDict(d, args[0]);
      if (kwargs) for (const k of Object.keys(kwargs)) d.set(k, kwargs[k]);
      return null;
    }
    case "copy":
      b([]);
      return new PyDict(d);
    case "clear":
      b([]);
      d.clear();
      return null;
    case "fromkeys": {
      const [it, v] = b(["iterable", "value"], 1);
      return dict_fromkeys(it, v === undefined ? null : v);
    }
    case "__contains__": {
      const [k] = b(["key"], 1);
      return d.has(k);
    }
    case "__getitem__": {
      const [k] = b(["key"], 1);
      const v = d.get(k);
      if (v === undefined) throw new PyError("KeyError", repr(k));
      return v;
    }
  }
  return METHOD_NOT_FOUND;
}

function setMethod(s: PySet, name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required, names.length);
  if (kwargs && Object.keys(kwargs).length > 0) throw typeError(`${name}() takes no keyword arguments`);
  const others = (): PySet[] => args.map((o) => (o instanceof PySet ? o : new PySet(iter(o))));
  switch (name) {
    case "add": {
      const [x] = b(["elem"], 1);
      s.add(x);
      return null;
    }
    case "discard": {
      const [x] = b(["elem"], 1);
      s.delete(x);
      return null;
    }
    case "remove": {
      const [x] = b(["elem"], 1);
      if (!s.delete(x)) throw new PyError("KeyError", repr(x));
      return null;
    }
    case "pop": {
      b([]);
      for (const x of s) {
        s.delete(x);
        return x;
      }
      throw new PyError("KeyError", "'pop from an empty set'");
    }
    case "union": {
      const r = new PySet(s);
      for (const o of others()) for (const x of o) r.add(x);
      return r;
    }
    case "update":
      for (const o of others()) for (const x of o) s.add(x);
      return null;
    case "intersection":
    case "intersection_update": {
      let r = new PySet(s);
      for (const o of others()) r = new PySet(Array.from(r).filter((x) => o.has(x)));
      if (name === "intersection") return r;
      s.clear();
      for (const x of r) s.add(x);
      return null;
    }
    case "difference":
    case "difference_update": {
      const os = others();
      const r = new PySet(Array.from(s).filter((x) => !os.some((o) => o.has(x))));
      if (name === "difference") return r;
      s.clear();
      for (const x of r) s.add(x);
      return null;
    }
    case "symmetric_difference": {
      const [o] = b(["other"], 1);
      const os = o instanceof PySet ? o : new PySet(iter(o));
      const r = new PySet();
      for (const x of s) if (!os.has(x)) r.add(x);
      for (const x of os) if (!s.has(x)) r.add(x);
      return r;
    }
    case "issubset": {
      const [o] = b(["other"], 1);
      const os = o instanceof PySet ? o : new PySet(iter(o));
      for (const x of s) if (!os.has(x)) return false;
      return true;
    }
    case "issuperset": {
      const [o] = b(["other"], 1);
      for (const x of iter(o)) if (!s.has(x)) return false;
      return true;
    }
    case "isdisjoint": {
      const [o] = b(["other"], 1);
      for (const x of iter(o)) if (s.has(x)) return false;
      return true;
    }
    case "copy":
      b([]);
      return new PySet(s);
    case "clear":
      b([]);
      s.clear();
      return null;
  }
  return METHOD_NOT_FOUND;
}

function numberMethod(x: number | boolean | WeakFloat, name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required, names.length);
  const v = num(x);
  const fl = isFloat(x);
  switch (name) {
    case "is_integer":
      if (!fl) return METHOD_NOT_FOUND;
      b([]);
      return Number.isInteger(v);
    case "bit_length":
      if (fl) return METHOD_NOT_FOUND;
      b([]);
      return v === 0 ? 0 : Math.abs(v).toString(2).length;
    case "conjugate":
      b([]);
      return fl ? mkFloat(v) : v;
    case "as_integer_ratio": {
      b([]);
      if (!fl) return mkTuple([v, 1]);
      if (!Number.isFinite(v)) {
        throw Number.isNaN(v)
          ? valueError("cannot convert NaN to integer ratio")
          : new PyError("OverflowError", "cannot convert Infinity to integer ratio");
      }
      let n = v;
      let d = 1;
      while (!Number.isInteger(n)) {
        n *= 2;
        d *= 2;
      }
      return mkTuple([n, d]);
    }
    case "__round__":
      return round(x, ...args);
  }
  return METHOD_NOT_FOUND;
}

/** An object of the runtime (re.Match, re.Pattern) that dispatches its own Python methods and attributes. */
interface PyObjectLike {
  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown;
  pyAttr?(name: string): unknown;
}
const isPyObjectLike = (x: unknown): x is PyObjectLike =>
  x !== null && typeof x === "object" && typeof (x as { pyMethod?: unknown }).pyMethod === "function";

function noAttribute(obj: unknown, name: string): PyError {
  return new PyError("AttributeError", `'${typeName(obj)}' object has no attribute '${name}'`);
}

/**
 * `obj.name(*args, **kwargs)` with Python semantics, dispatched on the receiver's runtime type; lists, dicts and
 * sets are mutated in place.
 */
export function callMethod(obj: unknown, name: string, args: unknown[] = [], kwargs?: Record<string, unknown>): unknown {
  // d.get(k) and d.get(k, default), positional as a lookup in a loop over tokens is: what bindArgs binds them to in
  // dictMethod, without binding (its checks only reject other shapes of call, which go there), and answered here, one
  // call shallower
  if (name === "get" && obj instanceof PyDict && kwargs === undefined && (args.length === 1 || args.length === 2)) {
    const v = obj.get(args[0]);
    const dflt = args[1];
    return v === undefined ? (dflt === undefined ? null : dflt) : v;
  }
  let r: unknown = METHOD_NOT_FOUND;
  if (typeof obj === "string") {
    r = strFormatMethod(obj, name, args, kwargs);
    if (r === METHOD_NOT_FOUND) r = strMethod(obj, name, args, kwargs);
  }
  else if (Array.isArray(obj)) r = listMethod(obj, name, args, kwargs);
  else if (obj instanceof PyDict) r = dictMethod(obj, name, args, kwargs);
  else if (obj instanceof PySet) r = setMethod(obj, name, args, kwargs);
  else if (isNDArray(obj)) return npMethod(obj, name, args, kwargs ?? {});
  else if (isNum(obj)) r = numberMethod(obj, name, args, kwargs);
  else if (isPyObjectLike(obj)) r = obj.pyMethod(name, args, kwargs ?? {});
  else if (obj instanceof PyRange) {
    if (name === "index" || name === "count") r = listMethod(Array.from(obj), name, args, kwargs);
  } else if (obj instanceof Uint8Array && name === "decode") r = decodeMethod(obj, args, kwargs);
  if (r === METHOD_NOT_FOUND) throw noAttribute(obj, name);
  return r;
}

const STR_METHODS = new Set(
  ("lower upper casefold title capitalize swapcase strip lstrip rstrip split rsplit splitlines join replace " +
    "startswith endswith find rfind index rindex count partition rpartition isdigit isdecimal isnumeric isalpha " +
    "isalnum isspace isupper islower istitle isascii isprintable isidentifier center ljust rjust zfill expandtabs " +
    "removeprefix removesuffix format format_map translate maketrans encode").split(" "),
);
const LIST_METHODS = new Set("append extend insert pop remove index count reverse sort copy clear".split(" "));
const DICT_METHODS = new Set("get setdefault keys values items pop popitem update copy clear fromkeys".split(" "));
const SET_METHODS = new Set(
  ("add discard remove pop union update intersection intersection_update difference difference_update " +
    "symmetric_difference issubset issuperset isdisjoint copy clear").split(" "),
);

function hasMethod(obj: unknown, name: string): boolean {
  if (typeof obj === "string") return STR_METHODS.has(name);
  if (Array.isArray(obj)) return isTuple(obj) ? name === "index" || name === "count" : LIST_METHODS.has(name);
  if (obj instanceof PyDict) return DICT_METHODS.has(name);
  if (obj instanceof PySet) return SET_METHODS.has(name);
  return false;
}

/** Python's getattr(obj, name[, default]): data attributes, and bound methods of the builtin types. */
export function getattr(obj: unknown, name: string, dflt?: unknown): unknown {
  if (dflt === undefined) return getattrStrict(obj, name);
  try {
    return getattrStrict(obj, name);
  } catch (e) {
    if (dflt !== undefined && e instanceof PyError && e.type === "AttributeError") return dflt;
    throw e;
  }
}

/**
 * Attributes only a torch tensor has. Tensors are arrays in the runtime, and code that read one of these ran on a
 * tensor in the notebook (numpy would have raised), so an array answers as the CPU tensor it stands for.
 */
const TENSOR_ONLY_ATTRIBUTES: Readonly<Record<string, unknown>> = { requires_grad: false, is_cuda: false, is_leaf: true, grad: null, grad_fn: null };

function getattrStrict(obj: unknown, name: string): unknown {
  if (isNDArray(obj)) {
    if (Object.prototype.hasOwnProperty.call(TENSOR_ONLY_ATTRIBUTES, name)) return TENSOR_ONLY_ATTRIBUTES[name];
    return npAttribute(obj, name);
  }
  // `str.lower` as a function value (`df.rename(columns=str.lower)`): the method, unbound
  if (obj === pyStr && STR_METHODS.has(name) && name !== "maketrans") {
    return (...args: unknown[]) => {
      const [pos, kwa] = splitKwargs(args);
      if (typeof pos[0] !== "string") {
        throw typeError(`descriptor '${name}' for 'str' objects doesn't apply to a '${typeName(pos[0])}' object`);
      }
      return callMethod(pos[0], name, pos.slice(1), kwa);
    };
  }
  if (isNum(obj)) {
    if (name === "real") return typeof obj === "boolean" ? +obj : obj;
    if (name === "imag") return isFloat(obj) ? new WeakFloat(0) : 0;
    if (name === "numerator" && !isFloat(obj)) return num(obj);
    if (name === "denominator" && !isFloat(obj)) return 1;
  }
  if (obj instanceof PyRange && (name === "start" || name === "stop" || name === "step")) return obj[name];
  // a dtype is held as its name (`a.dtype` is "float32"): `a.dtype.name`, `.kind`, `.itemsize` read it
  if (typeof obj === "string" && isDTypeName(obj)) {
    const v = dtypeAttribute(obj, name);
    if (v !== undefined) return v;
  }
  if (isPyObjectLike(obj) && obj.pyAttr) {
    const v = obj.pyAttr(name);
    if (v !== METHOD_NOT_FOUND) return v;
  }
  if (hasMethod(obj, name) || (isNum(obj) && ["is_integer", "bit_length", "conjugate", "as_integer_ratio"].includes(name))) {
    return (...args: unknown[]) => {
      const [pos, kwa] = splitKwargs(args);
      return callMethod(obj, name, pos, kwa);
    };
  }
  throw noAttribute(obj, name);
}

/** Python's hasattr(obj, name). */
export function hasattr(obj: unknown, name: string): boolean {
  try {
    getattrStrict(obj, name);
    return true;
  } catch (e) {
    if (e instanceof PyError && e.type === "AttributeError") return false;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// str.format

interface FormatState {
  auto: number; // next automatic index; -1 once manual numbering was used
  manual: boolean;
}

function getField(name: string, args: readonly unknown[], kwargs: Record<string, unknown>, st: FormatState): unknown {
  let i = 0;
  while (i < name.length && name[i] !== "." && name[i] !== "[") i++;
  const first = name.slice(0, i);
  let obj: unknown;
  if (first === "") {
    if (st.manual) throw valueError("cannot switch from manual field specification to automatic field numbering");
    const k = st.auto++;
    if (k >= args.length) throw new PyError("IndexError", `Replacement index ${k} out of range for positional args tuple`);
    obj = args[k];
  } else if (/^[0-9]+$/.test(first)) {
    if (st.auto > 0) throw valueError("cannot switch from automatic field numbering to manual field specification");
    st.manual = true;
    const k = Number(first);
    if (k >= args.length) throw new PyError("IndexError", `Replacement index ${k} out of range for positional args tuple`);
    obj = args[k];
  } else {
    if (!Object.prototype.hasOwnProperty.call(kwargs, first)) throw new PyError("KeyError", strReprKey(first));
    obj = kwargs[first];
  }
  while (i < name.length) {
    if (name[i] === ".") {
      let j = i + 1;
      while (j < name.length && name[j] !== "." && name[j] !== "[") j++;
      const attr = name.slice(i + 1, j);
      if (attr === "") throw valueError("Empty attribute in format string");
      obj = getattr(obj, attr);
      i = j;
    } else {
      const j = name.indexOf("]", i);
      if (j < 0) throw valueError("Missing ']' in format string");
      const key = name.slice(i + 1, j);
      if (key === "") throw valueError("Empty attribute in format string");
      obj = getitem(obj, /^[0-9]+$/.test(key) ? Number(key) : key);
      i = j + 1;
      if (i < name.length && name[i] !== "." && name[i] !== "[") {
        throw valueError("Only '.' or '[' may follow ']' in format field specifier");
      }
    }
  }
  return obj;
}

const strReprKey = (k: string): string => repr(k);


function formatTemplate(
  tpl: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  st: FormatState,
  depth: number,
): string {
  if (depth > 2) throw valueError("Max string recursion exceeded");
  let out = "";
  let i = 0;
  const n = tpl.length;
  while (i < n) {
    const c = tpl[i];
    if (c === "{") {
      if (tpl[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      // Find the matching "}", allowing nested {} in the format spec and brackets in the field name.
      let j = i + 1;
      let nest = 1;
      let inBracket = false;
      let sawColon = false;
      while (j < n) {
        const d = tpl[j];
        if (!sawColon && d === "[") inBracket = true;
        else if (inBracket && d === "]") inBracket = false;
        else if (!inBracket) {
          if (d === ":" || d === "!") sawColon = true;
          if (d === "{") {
            if (!sawColon) throw valueError("unexpected '{' in field name");
            nest++;
          } else if (d === "}" && --nest === 0) break;
        }
        j++;
      }
      if (j >= n) {
        throw valueError(i + 1 >= n ? "Single '{' encountered in format string" : "expected '}' before end of string");
      }
      const field = tpl.slice(i + 1, j);
      i = j + 1;
      // field_name [! conversion] [: spec]
      let k = 0;
      while (k < field.length) {
        const d = field[k];
        if (d === "[") {
          const close = field.indexOf("]", k);
          k = close < 0 ? field.length : close + 1;
          continue;
        }
        if (d === "!" || d === ":") break;
        k++;
      }
      const name = field.slice(0, k);
      let conversion = "";
      let spec = "";
      if (field[k] === "!") {
        if (k + 1 >= field.length) throw valueError("end of string while looking for conversion specifier");
        conversion = field[k + 1];
        if (k + 2 < field.length && field[k + 2] !== ":") throw valueError("expected ':' after conversion specifier");
        spec = field.slice(k + 3);
      } else if (field[k] === ":") {
        spec = field.slice(k + 1);
      }
      let value = getField(name, args, kwargs, st);
      if (conversion === "r") value = repr(value);
      else if (conversion === "s") value = pyStr(value);
      else if (conversion === "a") value = ascii(value);
      else if (conversion !== "") throw valueError(`Unknown conversion specifier ${conversion}`);
      if (spec.includes("{")) spec = formatTemplate(spec, args, kwargs, st, depth + 1);
      out += format(value, spec);
    } else if (c === "}") {
      if (tpl[i + 1] !== "}") throw valueError("Single '}' encountered in format string");
      out += "}";
      i += 2;
    } else {
      let j = i;
      while (j < n && tpl[j] !== "{" && tpl[j] !== "}") j++;
      out += tpl.slice(i, j);
      i = j;
    }
  }
  return out;
}

/** Python's `template.format(*args, **kwargs)`. */
export function strFormat(template: string, args: readonly unknown[], kwargs: Record<string, unknown> = {}): string {
  return formatTemplate(template, args, kwargs, { auto: 0, manual: false }, 0);
}

function mappingKwargs(m: unknown): Record<string, unknown> {
  if (!(m instanceof PyDict)) throw typeError(`format_map() argument must be a mapping, not ${typeName(m)}`);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of m) if (typeof k === "string") out[k] = v;
  return out;
}

/** `s.format(...)` and `s.format_map(mapping)`; METHOD_NOT_FOUND for str's other methods (pystr's strMethod). */
function strFormatMethod(s: string, name: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  if (name === "format") return strFormat(s, args, kwargs ?? {});
  if (name !== "format_map") return METHOD_NOT_FOUND;
  const [m] = bindArgs(name, args, kwargs, ["mapping"], 1, 1);
  return strFormat(s, [], mappingKwargs(m));
}
