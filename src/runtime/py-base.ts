// Shared helpers of the Python half of the runtime: the numeric value model (int vs float vs WeakFloat), type names
// for error messages, code-point string access, keyword-argument passing and range objects.
import { PyError, WeakFloat, isTuple, Slice, Ellipsis } from "./core.ts";
import { isNDArray } from "./py-np.ts";

export const typeError = (message: string): PyError => new PyError("TypeError", message);
export const valueError = (message: string): PyError => new PyError("ValueError", message);

// ---------------------------------------------------------------------------------------------------------------
// Numbers

export type PyNum = number | boolean | WeakFloat;

export const isNum = (x: unknown): x is PyNum =>
  typeof x === "number" || typeof x === "boolean" || x instanceof WeakFloat;

/** Python float: a WeakFloat, or a number JavaScript cannot mistake for an int (fractional, nan, inf). */
export const isFloat = (x: unknown): boolean =>
  x instanceof WeakFloat || (typeof x === "number" && !Number.isInteger(x));

/** Python int (bool included). */
export const isInt = (x: unknown): x is number | boolean =>
  typeof x === "boolean" || (typeof x === "number" && Number.isInteger(x));

export const num = (x: PyNum): number => (typeof x === "number" ? x : typeof x === "boolean" ? (x ? 1 : 0) : x.value);

/** A Python float result: integral values get wrapped so they keep printing as floats. */
export const mkFloat = (r: number): number | WeakFloat => (Number.isInteger(r) ? new WeakFloat(r) : r);

/** A Python int result: JavaScript's -0 has no int counterpart. */
export const mkInt = (r: number): number => (r === 0 ? 0 : r);

/** The number inside a Python number, or undefined for anything else. */
export function asNumber(x: unknown): number | undefined {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof WeakFloat) return x.value;
  return undefined;
}

/** An int argument (bool counts, float does not), or a TypeError worded by `what`. */
export function intArg(x: unknown, what: () => string): number {
  if (typeof x === "number" && Number.isInteger(x)) return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  // numpy integer scalars (0-d integer arrays here) have __index__: LABELS[np.argmax(p)] works in Python
  if (isNDArray(x) && x.ndim === 0 && x.dtype !== "float32" && x.dtype !== "float64") return Number(x.item());
  throw typeError(what());
}

/** Python's `__index__`: ints (and bools) only, with CPython's usual message. */
export const indexArg = (x: unknown): number =>
  intArg(x, () => `'${typeName(x)}' object cannot be interpreted as an integer`);

// ---------------------------------------------------------------------------------------------------------------
// range

/** Python's range: a lazy, immutable integer sequence (iterable, sized, indexable). */
export class PyRange implements Iterable<number> {
  readonly length: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    if (step === 0) throw valueError("range() arg 3 must not be zero");
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = Math.max(0, n);
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0, v = this.start; i < this.length; i++, v += this.step) yield v;
  }
  includes(x: number): boolean {
    if (!Number.isInteger(x)) return false;
    const d = x - this.start;
    if (this.step > 0 ? x < this.start || x >= this.stop : x > this.start || x <= this.stop) return false;
    return d % this.step === 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keyword arguments

/**
 * Keyword arguments of a call to a runtime builtin: `sorted(xs, key=f)` is translated as `sorted(xs, kw({ key: f }))`.
 * A Kwargs is only ever the last argument.
 */
export class Kwargs {
  constructor(readonly values: Record<string, unknown>) {}
}

export const kw = (values: Record<string, unknown>): Kwargs => new Kwargs(values);

export function splitKwargs(args: readonly unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (last instanceof Kwargs) return [args.slice(0, -1), last.values];
  return [args as unknown[], EMPTY_KW];
}

const EMPTY_KW: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Binds positional and keyword arguments to the parameter names of a Python function; missing ones are undefined.
 * `required` is how many leading parameters must be given.
 */
export function bindArgs(
  fname: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown> | undefined,
  names: readonly string[],
  required = 0,
  positionalOnly = 0,
): unknown[] {
  // a method of no parameters called without arguments (`text.lower()`): nothing to bind, nothing to reject
  if (names.length === 0 && args.length === 0 && kwargs === undefined) return [];
  // positional arguments only, the required ones there, up to 4 parameters (`s.replace(a, b)`, `s.join(xs)`): the
  // binding is the arguments padded with undefined, made as an array literal of its exact length (packed, and no
  // fill); anything else is bound below
  if ((kwargs === undefined || kwargs === EMPTY_KW) && args.length <= names.length && names.length <= 4) {
    let given = true;
    for (let i = 0; i < required; i++) if (args[i] === undefined) given = false;
    if (given) {
      switch (names.length) {
        case 1:
          return [args[0]];
        case 2:
          return [args[0], args[1]];
        case 3:
          return [args[0], args[1], args[2]];
        case 4:
          return [args[0], args[1], args[2], args[3]];
      }
    }
  }
  if (args.length > names.length) {
    throw typeError(
      names.length === 0
        ? `${fname}() takes no arguments (${args.length} given)`
        : `${fname}() takes at most ${names.length} argument${names.length === 1 ? "" : "s"} (${args.length} given)`,
    );
  }
  // filled, not args.slice() grown by setting length: that is a slow path in V8, and this runs on every builtin call
  const out = new Array<unknown>(names.length).fill(undefined);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kwargs) {
    for (const k of Object.keys(kwargs)) {
      const i = names.indexOf(k);
      if (i < positionalOnly) throw typeError(`'${k}' is an invalid keyword argument for ${fname}()`);
      if (i < args.length) throw typeError(`argument for ${fname}() given by name ('${k}') and position (${i + 1})`);
      out[i] = kwargs[k];
    }
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) {
      throw typeError(`${fname}() missing required argument '${names[i]}' (pos ${i + 1})`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Type names

/** Python's `type(x).__name__`, as CPython spells it in error messages. */
export function typeName(x: unknown): string {
  switch (typeof x) {
    case "number":
      return Number.isInteger(x) ? "int" : "float";
    case "boolean":
      return "bool";
    case "string":
      return "str";
    case "function":
      return "function";
    case "undefined":
      return "NoneType";
    case "symbol":
      return x === Ellipsis ? "ellipsis" : "object";
    case "bigint":
      return "int";
  }
  if (x === null) return "NoneType";
  if (x instanceof WeakFloat) return "float";
  if (Array.isArray(x)) return isTuple(x) ? "tuple" : "list";
  if (x instanceof PyRange) return "range";
  if (x instanceof Slice) return "slice";
  if (isNDArray(x)) return "numpy.ndarray";
  if (x instanceof Uint8Array) return "bytes";
  const tn = (x as { pyTypeName?: unknown }).pyTypeName;
  if (typeof tn === "string") return tn;
  return "object";
}

/**
 * Marks of pydict.ts's PyDict and PySet (and their subclasses): str() and the JSON form recognise a dict or a set by
 * them without importing pydict.ts, which needs both of those for a dict's JSON form (an import cycle otherwise).
 */
export const DICT_MARK: unique symbol = Symbol("PyDict");
export const SET_MARK: unique symbol = Symbol("PySet");

/** A PyDict (of pydict.ts). */
export const isPyDict = (x: unknown): x is Map<unknown, unknown> => x instanceof Map && DICT_MARK in x;
/** A PySet (of pydict.ts). */
export const isPySet = (x: unknown): x is Set<unknown> => x instanceof Set && SET_MARK in x;

// ---------------------------------------------------------------------------------------------------------------
// Strings indexed by code point (Python) rather than UTF-16 unit (JavaScript)

const SURROGATE = /[\uD800-\uDFFF]/;

export const hasSurrogates = (s: string): boolean => SURROGATE.test(s);

export function cpLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code points of `s` as one-character strings (lone surrogates kept as they are, like Python). */
export const codePoints = (s: string): string[] => (SURROGATE.test(s) ? Array.from(s) : s.split(""));

/** UTF-16 offset of code point `cp` in `s` (cp may equal the length). */
export function cpToUnit(s: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Code-point offset of UTF-16 offset `unit` in `s`. */
export function unitToCp(s: string, unit: number): number {
  let n = 0;
  for (let i = 0; i < unit; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return n;
}

/** Python's `s[start:stop]` with already-normalized, non-negative code-point bounds. */
export function cpSlice(s: string, start: number, stop: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, stop);
  const a = cpToUnit(s, start);
  return s.slice(a, a + cpToUnit(s.slice(a), Math.max(0, stop - start)));
}

/** Compares strings in code point order (JavaScript's `<` uses UTF-16 units, which sorts astral characters early). */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800-DFFF) stand for code points above FFFF: move them past E000-FFFF.
      if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
      if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Python's str.isspace() characters (also what str.split() and str.strip() treat as whitespace). */
export const PY_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
export const PY_SPACE_CLASS = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

export const isPySpaceCode = (c: number): boolean =>
  c <= 0x20
    ? (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20)
    : c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
      c === 0x202f || c === 0x205f || c === 0x3000;
