// Python operators: arithmetic with Python's int/float rules and signs, comparisons (lexicographic sequences, no
// ordering across types), truthiness, membership, subscripts and iteration. NDArray operands go to np.ts.
import { PyError, WeakFloat, boundSlice, isTuple, sliceBounds, tuple, Slice } from "./core.ts";
import {
  PyRange, isNum, isFloat, num, mkFloat, mkInt, typeName, typeError, valueError, cpLen, codePoints, cpSlice,
  hasSurrogates, compareStr, type PyNum,
} from "./py-base.ts";
import {
  isNDArray, npBinary, npUnary, npTruthy, npIterate, npLen, npGetitem, npSetitem, npContains, type NpBinaryOp,
} from "./py-np.ts";
import { PyDefaultDict, PyDict, PySet } from "./pydict.ts";
import { repr, percentFormat } from "./pyformat.ts";
import { pow as ddPow } from "./py-dd.ts";
import { dtypeEquals } from "./np-dtype.ts";

const zeroDivision = (message: string): PyError => new PyError("ZeroDivisionError", message);

function unsupported(op: string, a: unknown, b: unknown): PyError {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

const bothPlainInts = (a: number, b: number): boolean => Number.isInteger(a) && Number.isInteger(b);

/**
 * A runtime object with Python operators and container behaviour of its own (a pandas Series or DataFrame), asked
 * before numbers and arrays as Python asks `__add__`/`__radd__`: `pyBinary(op, other, reflected)` computes
 * `self op other`, or `other op self` when `reflected`. The optional members are `__bool__`, `__len__`,
 * `__contains__`, `__setitem__` and `__delitem__`.
 */
export interface PyOperand {
  pyBinary(op: NpBinaryOp, other: unknown, reflected: boolean): unknown;
  pyUnary(op: "-" | "+" | "~"): unknown;
  pyBool?(): boolean;
  pyLen?(): number;
  pyContains?(item: unknown): boolean;
  pySetitem?(key: unknown, value: unknown): void;
  pyDelitem?(key: unknown): void;
}

const isPyOperand = (x: unknown): x is PyOperand =>
  x !== null && typeof x === "object" && typeof (x as { pyBinary?: unknown }).pyBinary === "function";

/** `a op b` by an operand's own operators (the left one first), or undefined when neither has any. */
function operandOp(op: NpBinaryOp, a: unknown, b: unknown): unknown | undefined {
  if (isPyOperand(a)) return a.pyBinary(op, b, false);
  if (isPyOperand(b)) return b.pyBinary(op, a, true);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Truthiness, identity, iteration

/** Python's bool(x). */
export function truthy(x: unknown): boolean {
  switch (typeof x) {
    case "boolean":
      return x;
    case "number":
      return x !== 0;
    case "string":
      return x.length > 0;
    case "undefined":
      return false;
    case "function":
      return true;
  }
  if (x === null) return false;
  if (x instanceof WeakFloat) return x.value !== 0;
  if (Array.isArray(x)) return x.length > 0;
  if (x instanceof Map || x instanceof Set) return x.size > 0;
  if (x instanceof PyRange) return x.length > 0;
  if (isNDArray(x)) return npTruthy(x);
  if (isPyOperand(x) && x.pyBool) return x.pyBool();
  return true;
}

/** Python's `is`: None/bool/small values by value, containers by identity. */
export function is_(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return false;
}

export const is_not = (a: unknown, b: unknown): boolean => !is_(a, b);

/** Python iteration over x: str by code point, dict by key, arrays along axis 0. */
export function iter(x: unknown): Iterable<unknown> {
  if (Array.isArray(x)) return x;
  if (typeof x === "string") return x;
  if (x instanceof PyDict) return x.keys();
  if (x instanceof PySet || x instanceof PyRange) return x;
  if (isNDArray(x)) return npIterate(x);
  if (x !== null && typeof x === "object" && typeof (x as Iterable<unknown>)[Symbol.iterator] === "function") {
    return x as Iterable<unknown>;
  }
  throw typeError(`'${typeName(x)}' object is not iterable`);
}

/** The items of any Python iterable as a fresh JavaScript array. */
export function toArray(x: unknown): unknown[] {
  if (Array.isArray(x)) return x.slice();
  if (typeof x === "string") return codePoints(x);
  return Array.from(iter(x));
}

// ---------------------------------------------------------------------------------------------------------------
// Equality and ordering

/** Python `a == b` reduced to a bool (identity first, as containers compare their items). */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === "number" || ta === "boolean" || a instanceof WeakFloat) {
    return isNum(b) && num(a as PyNum) === num(b);
  }
  // a dtype is held as its name: `a.dtype == np.float32` compares dtypes, as numpy does
  if (ta === "string" || ta === "function" || typeof b === "function") {
    const same = dtypeEquals(a, b);
    if (same !== undefined) return same;
  }
  if (ta === "string" || a === null || b === null || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const w = b.get(k);
      if (w === undefined || !equals(v, w)) return false;
    }
    return true;
  }
  if (a instanceof PySet) {
    if (!(b instanceof PySet) || a.size !== b.size) return false;
    for (const k of a) if (!b.has(k)) return false;
    return true;
  }
  if (a instanceof PyRange) {
    if (!(b instanceof PyRange) || a.length !== b.length) return false;
    return a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step));
  }
  if (isNDArray(a) || isNDArray(b)) return truthy(npBinary("==", a, b));
  return false;
}

/** Python `a == b` (an array for NDArray operands). */
export function eq(a: unknown, b: unknown): unknown {
  if (isPyOperand(a) || isPyOperand(b)) return operandOp("==", a, b);
  if (isNDArray(a) || isNDArray(b)) return npBinary("==", a, b);
  return equals(a, b);
}

/** Python `a != b`. */
export function ne(a: unknown, b: unknown): unknown {
  if (isPyOperand(a) || isPyOperand(b)) return operandOp("!=", a, b);
  if (isNDArray(a) || isNDArray(b)) return npBinary("!=", a, b);
  return !equals(a, b);
}

type CmpOp = "<" | "<=" | ">" | ">=";

function cmpResult(op: CmpOp, c: number): boolean {
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Python's rich comparison `a op b` for non-array operands, as a bool. */
export function compare(op: CmpOp, a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "<":
        return a < b;
      case "<=":
        return a <= b;
      case ">":
        return a > b;
      default:
        return a >= b;
    }
  }
  if (isNum(a) && isNum(b)) return compare(op, num(a), num(b));
  if (typeof a === "string" && typeof b === "string") return cmpResult(op, compareStr(a, b));
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!equals(a[i], b[i])) return truthy(richCompare(op, a[i], b[i]));
    }
    return cmpResult(op, a.length - b.length);
  }
  if (a instanceof PySet && b instanceof PySet) {
    const subset = (x: PySet, y: PySet) => {
      if (x.size > y.size) return false;
      for (const k of x) if (!y.has(k)) return false;
      return true;
    };
    switch (op) {
      case "<":
        return a.size < b.size && subset(a, b);
      case "<=":
        return subset(a, b);
      case ">":
        return a.size > b.size && subset(b, a);
      default:
        return subset(b, a);
    }
  }
  if (isNDArray(a) || isNDArray(b)) return truthy(npBinary(op, a, b));
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function richCompare(op: CmpOp, a: unknown, b: unknown): unknown {
  if (isPyOperand(a) || isPyOperand(b)) return operandOp(op, a, b);
  if (isNDArray(a) || isNDArray(b)) return npBinary(op, a, b);
  return compare(op, a, b);
}

export const lt = (a: unknown, b: unknown): unknown => richCompare("<", a, b);
export const le = (a: unknown, b: unknown): unknown => richCompare("<=", a, b);
export const gt = (a: unknown, b: unknown): unknown => richCompare(">", a, b);
export const ge = (a: unknown, b: unknown): unknown => richCompare(">=", a, b);

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic

function arrayOp(op: NpBinaryOp, a: unknown, b: unknown): unknown | undefined {
  if (isPyOperand(a) || isPyOperand(b)) return operandOp(op, a, b);
  if (isNDArray(a) || isNDArray(b)) return npBinary(op, a, b);
  return undefined;
}

/** Python `a + b`. */
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    return bothPlainInts(a, b) ? r : mkFloat(r);
  }
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (isNum(a) && isNum(b)) {
    const r = num(a) + num(b);
    return isFloat(a) || isFloat(b) ? mkFloat(r) : mkInt(r);
  }
  // list + list (tuple + tuple) before the operands' own operators: a JavaScript array is neither an NDArray nor an
  // operand with pyBinary, so arrayOp would pass it by
  if (Array.isArray(a) && Array.isArray(b)) {
    const t = isTuple(a);
    if (t === isTuple(b)) return t ? tuple(concat(a, b)) : concat(a, b);
  }
  const arr = arrayOp("+", a, b);
  if (arr !== undefined) return arr;
  if (typeof a === "string") throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  if (Array.isArray(a)) {
    const t = typeName(a);
    throw typeError(`can only concatenate ${t} (not "${typeName(b)}") to ${t}`);
  }
  throw unsupported("+", a, b);
}

/** Python `a - b`. */
export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    return bothPlainInts(a, b) ? mkInt(r) : mkFloat(r);
  }
  if (isNum(a) && isNum(b)) {
    const r = num(a) - num(b);
    return isFloat(a) || isFloat(b) ? mkFloat(r) : mkInt(r);
  }
  const arr = arrayOp("-", a, b);
  if (arr !== undefined) return arr;
  if (a instanceof PySet && b instanceof PySet) {
    const r = new PySet();
    for (const x of a) if (!b.has(x)) r.add(x);
    return r;
  }
  throw unsupported("-", a, b);
}

/** a + b of two arrays, copied by index: Array#concat's generic steps (species, isConcatSpreadable) cost twice this. */
function concat(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const out = a.slice();
  for (let i = 0; i < b.length; i++) out.push(b[i]);
  return out;
}

function repeat(seq: unknown, n: number): unknown {
  if (typeof seq === "string") return n > 0 ? seq.repeat(n) : "";
  const arr = seq as unknown[];
  const k = arr.length;
  const out: unknown[] = [];
  // by index, not for-of: no iterator per repetition (`[PAD] * (MAX_LEN - len(ids))` runs on every request)
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out.push(arr[j]);
  return isTuple(arr) ? tuple(out) : out;
}

const isSeq = (x: unknown): boolean => typeof x === "string" || Array.isArray(x);

/** Python `a * b`. */
export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    return bothPlainInts(a, b) ? mkInt(r) : mkFloat(r);
  }
  if (isNum(a) && isNum(b)) {
    const r = num(a) * num(b);
    return isFloat(a) || isFloat(b) ? mkFloat(r) : mkInt(r);
  }
  // list * int first, as list + list in add: arrayOp has nothing to say about a JavaScript array and a number
  if (Array.isArray(a) && typeof b === "number" && Number.isInteger(b)) return repeat(a, b);
  const arr = arrayOp("*", a, b);
  if (arr !== undefined) return arr;
  if (isSeq(a) && isNum(b)) {
    if (isFloat(b)) throw typeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
    return repeat(a, num(b));
  }
  if (isSeq(b) && isNum(a)) {
    if (isFloat(a)) throw typeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
    return repeat(b, num(a));
  }
  if (isSeq(a) || isSeq(b)) {
    const other = isSeq(a) ? b : a;
    throw typeError(`can't multiply sequence by non-int of type '${typeName(other)}'`);
  }
  throw unsupported("*", a, b);
}

/** Python `a / b`: always a float. */
export function truediv(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    if (y === 0) throw zeroDivision(isFloat(a) || isFloat(b) ? "float division by zero" : "division by zero");
    return mkFloat(x / y);
  }
  const arr = arrayOp("/", a, b);
  if (arr !== undefined) return arr;
  throw unsupported("/", a, b);
}

/** CPython's float divmod (also exact for ints below 2**53). */
function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

/** Python `a // b` (rounds toward negative infinity). */
export function floordiv(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number" && bothPlainInts(a, b) && b !== 0) {
    return mkInt(floatDivmod(a, b)[0]);
  }
  if (isNum(a) && isNum(b)) {
    const fl = isFloat(a) || isFloat(b);
    const y = num(b);
    if (y === 0) throw zeroDivision(fl ? "float floor division by zero" : "integer division or modulo by zero");
    const r = floatDivmod(num(a), y)[0];
    return fl ? mkFloat(r) : mkInt(r);
  }
  const arr = arrayOp("//", a, b);
  if (arr !== undefined) return arr;
  throw unsupported("//", a, b);
}

/** Python `a % b` (sign of the divisor), or printf-style formatting for a str left operand. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number" && bothPlainInts(a, b) && b !== 0) {
    return mkInt(floatDivmod(a, b)[1]);
  }
  if (isNum(a) && isNum(b)) {
    const fl = isFloat(a) || isFloat(b);
    const y = num(b);
    if (y === 0) throw zeroDivision(fl ? "float modulo" : "integer modulo by zero");
    const r = floatDivmod(num(a), y)[1];
    return fl ? mkFloat(r) : mkInt(r);
  }
  if (typeof a === "string") return percentFormat(a, b);
  const arr = arrayOp("%", a, b);
  if (arr !== undefined) return arr;
  throw unsupported("%", a, b);
}

/** Python divmod(a, b). */
export function divmod(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const fl = isFloat(a) || isFloat(b);
    const y = num(b);
    if (y === 0) throw zeroDivision(fl ? "float divmod()" : "integer division or modulo by zero");
    const [q, r] = floatDivmod(num(a), y);
    return fl ? tuple([mkFloat(q), mkFloat(r)]) : tuple([mkInt(q), mkInt(r)]);
  }
  if (isNDArray(a) || isNDArray(b)) return tuple([npBinary("//", a, b), npBinary("%", a, b)]);
  throw typeError(`unsupported operand type(s) for divmod(): '${typeName(a)}' and '${typeName(b)}'`);
}

/** Exact integer power while it stays exact in a double, else the double nearest the true value. */
function intPow(x: number, y: number): number {
  let r = 1;
  let base = x;
  let e = y;
  while (e > 0) {
    if (e & 1) r *= base;
    e = Math.floor(e / 2);
    if (e > 0) base *= base;
    if (!Number.isSafeInteger(r) || !Number.isSafeInteger(base)) {
      if (!Number.isSafeInteger(x)) return Math.pow(x, y);
      const big = BigInt(x) ** BigInt(y);
      return Number(big);
    }
  }
  return r;
}

/** Float power with C pow's special cases where JavaScript's Math.pow differs, and CPython's errors. */
export function floatPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN;
  if (x === -1 && !Number.isFinite(y)) return 1;
  if (x === 0 && y < 0) throw zeroDivision("0.0 cannot be raised to a negative power");
  if (x < 0 && Number.isFinite(x) && !Number.isInteger(y) && Number.isFinite(y)) {
    throw valueError("negative number cannot be raised to a fractional power (complex result)");
  }
  const r = ddPow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
    throw new PyError("OverflowError", "(34, 'Numerical result out of range')");
  }
  return r;
}

/** Python `a ** b`: int for non-negative int exponents, float otherwise. */
export function pow(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    if (!isFloat(a) && !isFloat(b)) {
      if (y < 0) {
        if (x === 0) throw zeroDivision("0.0 cannot be raised to a negative power");
        return mkFloat(floatPow(x, y));
      }
      return mkInt(intPow(x, y));
    }
    return mkFloat(floatPow(x, y));
  }
  const arr = arrayOp("**", a, b);
  if (arr !== undefined) return arr;
  throw unsupported("** or pow()", a, b);
}

/** Python `a @ b`. */
export function matmul(a: unknown, b: unknown): unknown {
  const arr = arrayOp("@", a, b);
  if (arr !== undefined) return arr;
  if (Array.isArray(a) && Array.isArray(b)) throw unsupported("@", a, b);
  throw unsupported("@", a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Bitwise

const isIntOrBool = (x: unknown): x is number | boolean =>
  typeof x === "boolean" || (typeof x === "number" && Number.isInteger(x));
const I32 = (x: number): boolean => x >= -0x80000000 && x <= 0x7fffffff;

function bitop(op: "&" | "|" | "^", a: unknown, b: unknown): unknown {
  if (typeof a === "boolean" && typeof b === "boolean") {
    return op === "&" ? a && b : op === "|" ? a || b : a !== b;
  }
  if (isIntOrBool(a) && isIntOrBool(b)) {
    const x = +a;
    const y = +b;
    if (I32(x) && I32(y)) return op === "&" ? x & y : op === "|" ? x | y : x ^ y;
    const bx = BigInt(x);
    const by = BigInt(y);
    return Number(op === "&" ? bx & by : op === "|" ? bx | by : bx ^ by);
  }
  const arr = arrayOp(op, a, b);
  if (arr !== undefined) return arr;
  if (a instanceof PySet && b instanceof PySet) {
    const r = new PySet();
    if (op === "|") {
      for (const x of a) r.add(x);
      for (const x of b) r.add(x);
    } else if (op === "&") {
      for (const x of a) if (b.has(x)) r.add(x);
    } else {
      for (const x of a) if (!b.has(x)) r.add(x);
      for (const x of b) if (!a.has(x)) r.add(x);
    }
    return r;
  }
  if (op === "|" && a instanceof PyDict && b instanceof PyDict) {
    const r = new PyDict(a);
    for (const [k, v] of b) r.set(k, v);
    return r;
  }
  throw unsupported(op, a, b);
}

export const bitand = (a: unknown, b: unknown): unknown => bitop("&", a, b);
export const bitor = (a: unknown, b: unknown): unknown => bitop("|", a, b);
export const bitxor = (a: unknown, b: unknown): unknown => bitop("^", a, b);

/** Python `a << b`. */
export function lshift(a: unknown, b: unknown): unknown {
  if (isIntOrBool(a) && isIntOrBool(b)) {
    const x = +a;
    const y = +b;
    if (y < 0) throw valueError("negative shift count");
    if (x === 0) return 0;
    const r = x * Math.pow(2, y);
    if (Number.isSafeInteger(r)) return r;
    return Number(BigInt(x) << BigInt(y));
  }
  const arr = arrayOp("<<", a, b);
  if (arr !== undefined) return arr;
  throw unsupported("<<", a, b);
}

/** Python `a >> b` (arithmetic shift: rounds toward negative infinity). */
export function rshift(a: unknown, b: unknown): unknown {
  if (isIntOrBool(a) && isIntOrBool(b)) {
    const x = +a;
    const y = +b;
    if (y < 0) throw valueError("negative shift count");
    if (y > 1100) return x < 0 ? -1 : 0;
    return mkInt(Math.floor(x / Math.pow(2, y)));
  }
  const arr = arrayOp(">>", a, b);
  if (arr !== undefined) return arr;
  throw unsupported(">>", a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Unary

/** Python `-x`. */
export function neg(x: unknown): unknown {
  if (typeof x === "number") return Number.isInteger(x) ? mkInt(-x) : -x;
  if (typeof x === "boolean") return x ? -1 : 0;
  if (x instanceof WeakFloat) return new WeakFloat(-x.value);
  if (isNDArray(x)) return npUnary("-", x);
  if (isPyOperand(x)) return x.pyUnary("-");
  throw typeError(`bad operand type for unary -: '${typeName(x)}'`);
}

/** Python `+x`. */
export function pos(x: unknown): unknown {
  if (typeof x === "number" || x instanceof WeakFloat) return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (isNDArray(x)) return npUnary("+", x);
  if (isPyOperand(x)) return x.pyUnary("+");
  throw typeError(`bad operand type for unary +: '${typeName(x)}'`);
}

/** Python `~x`. */
export function invert(x: unknown): unknown {
  if (isIntOrBool(x)) {
    const v = +x;
    return I32(v) ? ~v : -(v + 1);
  }
  if (isNDArray(x)) return npUnary("~", x);
  if (isPyOperand(x)) return x.pyUnary("~");
  throw typeError(`bad operand type for unary ~: '${typeName(x)}'`);
}

/** Python `not x`. */
export const not = (x: unknown): boolean => !truthy(x);

// ---------------------------------------------------------------------------------------------------------------
// Membership

/** Python `item in container` (argument order of operator.contains). */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") {
      throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const x of container) if (x === item || equals(x, item)) return true;
    return false;
  }
  if (container instanceof PyDict || container instanceof PySet) return container.has(item);
  if (container instanceof PyRange) {
    if (isNum(item)) return container.includes(num(item));
    for (const x of container) if (equals(x, item)) return true;
    return false;
  }
  if (isNDArray(container)) return npContains(container, item);
  const pc = (container as { pyContains?: unknown } | null)?.pyContains;
  if (typeof pc === "function") return (pc as (x: unknown) => boolean).call(container, item);
  if (container !== null && typeof container === "object" && Symbol.iterator in container) {
    for (const x of container as Iterable<unknown>) if (equals(x, item)) return true;
    return false;
  }
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

export const not_in = (container: unknown, item: unknown): boolean => !contains(container, item);

// ---------------------------------------------------------------------------------------------------------------
// Subscripts

function sliceBound(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw typeError("slice indices must be integers or None or have an __index__ method");
}

/** Concrete (start, stop, step, length) of a slice over `length` items. */
export function sliceIndices(s: Slice, length: number): [number, number, number, number] {
  const a = sliceBound(s.start);
  const b = sliceBound(s.stop);
  const step = sliceBound(s.step) ?? 1;
  if (step === 0) throw valueError("slice step cannot be zero");
  // Slice.indices and Slice.sliceLength in one pass, without a normalized Slice
  const n = boundSlice(a, b, step, length);
  return [sliceBounds.start, sliceBounds.stop, step, n];
}

function sliceArray<T>(arr: readonly T[], s: Slice): T[] {
  const [start, stop, step, n] = sliceIndices(s, arr.length);
  if (step === 1) return arr.slice(start, stop);
  const out: T[] = new Array(n);
  for (let i = 0, j = start; i < n; i++, j += step) out[i] = arr[j];
  return out;
}

function indexKey(key: unknown, container: unknown, what: string): number {
  if (typeof key === "number" && Number.isInteger(key)) return key;
  if (typeof key === "boolean") return key ? 1 : 0;
  // numpy integer scalars have __index__
  if (isNDArray(key) && key.ndim === 0 && key.dtype !== "float32" && key.dtype !== "float64") return Number(key.item());
  if (typeof container === "string") throw typeError(`string indices must be integers, not '${typeName(key)}'`);
  throw typeError(`${what} indices must be integers or slices, not ${typeName(key)}`);
}

/** Python `obj[key]`. */
export function getitem(obj: unknown, key: unknown): unknown {
  if (Array.isArray(obj)) {
    if (key instanceof Slice) {
      const r = sliceArray(obj, key);
      return isTuple(obj) ? tuple(r) : r;
    }
    let i = indexKey(key, obj, isTuple(obj) ? "tuple" : "list");
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) throw new PyError("IndexError", `${isTuple(obj) ? "tuple" : "list"} index out of range`);
    return obj[i];
  }
  if (typeof obj === "string") {
    if (key instanceof Slice) {
      if (!hasSurrogates(obj)) {
        const [start, stop, step] = sliceIndices(key, obj.length);
        if (step === 1) return start < stop ? obj.slice(start, stop) : "";
        return sliceArray(obj.split(""), key).join("");
      }
      const [start, stop, step] = sliceIndices(key, cpLen(obj));
      if (step === 1) return start < stop ? cpSlice(obj, start, stop) : "";
      return sliceArray(codePoints(obj), key).join("");
    }
    let i = indexKey(key, obj, "string");
    const surr = hasSurrogates(obj);
    const n = surr ? cpLen(obj) : obj.length;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw new PyError("IndexError", "string index out of range");
    return surr ? cpSlice(obj, i, i + 1) : obj[i];
  }
  if (obj instanceof PyDict) {
    const v = obj.get(key);
    if (v !== undefined) return v;
    if (obj instanceof PyDefaultDict) return obj.fallback;
    throw new PyError("KeyError", repr(key));
  }
  if (isNDArray(obj)) return npGetitem(obj, key);
  if (obj instanceof PyRange) {
    if (key instanceof Slice) {
      const [start, stop, step] = sliceIndices(key, obj.length);
      return new PyRange(obj.at(start), obj.at(stop), step * obj.step);
    }
    let i = indexKey(key, obj, "range");
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) throw new PyError("IndexError", "range object index out of range");
    return obj.at(i);
  }
  if (obj !== null && typeof obj === "object") {
    const gi = (obj as { pyGetitem?: unknown }).pyGetitem;
    if (typeof gi === "function") return (gi as (k: unknown) => unknown).call(obj, key);
  }
  throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

/** Python `obj[key] = value`. */
export function setitem(obj: unknown, key: unknown, value: unknown): void {
  if (Array.isArray(obj) && !isTuple(obj)) {
    if (key instanceof Slice) {
      const items = toArray(value);
      const [start, stop, step, n] = sliceIndices(key, obj.length);
      if (step === 1) {
        obj.splice(start, Math.max(0, stop - start), ...items);
        return;
      }
      if (items.length !== n) {
        throw valueError(`attempt to assign sequence of size ${items.length} to extended slice of size ${n}`);
      }
      for (let i = 0, j = start; i < n; i++, j += step) obj[j] = items[i];
      return;
    }
    let i = indexKey(key, obj, "list");
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) throw new PyError("IndexError", "list assignment index out of range");
    obj[i] = value;
    return;
  }
  if (obj instanceof PyDict) {
    obj.set(key, value);
    return;
  }
  if (isNDArray(obj)) {
    npSetitem(obj, key, value);
    return;
  }
  const si = (obj as { pySetitem?: unknown } | null)?.pySetitem;
  if (typeof si === "function") {
    (si as (k: unknown, v: unknown) => void).call(obj, key, value);
    return;
  }
  throw typeError(`'${typeName(obj)}' object does not support item assignment`);
}

/** Python `del obj[key]`. */
export function delitem(obj: unknown, key: unknown): void {
  if (Array.isArray(obj) && !isTuple(obj)) {
    if (key instanceof Slice) {
      const [start, stop, step, n] = sliceIndices(key, obj.length);
      if (step === 1) {
        obj.splice(start, Math.max(0, stop - start));
        return;
      }
      const drop = new Set<number>();
      for (let i = 0, j = start; i < n; i++, j += step) drop.add(j);
      let w = 0;
      for (let r = 0; r < obj.length; r++) if (!drop.has(r)) obj[w++] = obj[r];
      obj.length = w;
      return;
    }
    let i = indexKey(key, obj, "list");
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) throw new PyError("IndexError", "list assignment index out of range");
    obj.splice(i, 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!obj.delete(key)) throw new PyError("KeyError", repr(key));
    return;
  }
  if (isPyOperand(obj) && obj.pyDelitem) {
    obj.pyDelitem(key);
    return;
  }
  throw typeError(`'${typeName(obj)}' object doesn't support item deletion`);
}

/** len() of anything sized. */
export function len(x: unknown): number {
  if (typeof x === "string") return cpLen(x);
  if (Array.isArray(x)) return x.length;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (x instanceof PyRange) return x.length;
  if (isNDArray(x)) return npLen(x);
  const pl = (x as { pyLen?: unknown } | null)?.pyLen;
  if (typeof pl === "function") return (pl as () => number).call(x);
  throw typeError(`object of type '${typeName(x)}' has no len()`);
}
