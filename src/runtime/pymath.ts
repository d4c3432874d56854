// Python's math module: CPython's special cases and errors (ValueError "math domain error", OverflowError
// "math range error"), int results for floor/ceil/trunc, exact fsum and CPython's hypot algorithm. The
// transcendental functions use JavaScript's Math, which may differ from the C library in the last bit.
import { PyError, WeakFloat, tuple as tupleOf } from "./core.ts";
import { isNum, isInt, num, mkFloat, mkInt, typeName, typeError, valueError, splitKwargs, bindArgs, indexArg } from "./py-base.ts";
import { isNDArray, npToNumber } from "./py-np.ts";
import { iter, mul } from "./py-ops.ts";
import * as dd from "./py-dd.ts";

const domainError = (): PyError => valueError("math domain error");
const rangeError = (): PyError => new PyError("OverflowError", "math range error");

/** A float argument (ints, bools and WeakFloats accepted), with CPython's TypeError otherwise. */
function f(x: unknown): number {
  if (typeof x === "number") return x;
  if (isNum(x)) return num(x);
  if (isNDArray(x)) return npToNumber(x);
  throw typeError(`must be real number, not ${typeName(x)}`);
}

/** CPython's math_1: NaN from a non-NaN is a domain error, inf from a finite is a range/domain error. */
function math1(x: unknown, fn: (v: number) => number, canOverflow: boolean): number | WeakFloat {
  const v = f(x);
  const r = fn(v);
  if (Number.isNaN(r) && !Number.isNaN(v)) throw domainError();
  if (!Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(v)) throw canOverflow ? rangeError() : domainError();
  return mkFloat(r);
}

export const pi = Math.PI;
export const e = Math.E;
export const tau = 2 * Math.PI;
export const inf = Infinity;
export const nan = NaN;

export const sqrt = (x: unknown): number | WeakFloat => math1(x, Math.sqrt, false);
export const exp = (x: unknown): number | WeakFloat => math1(x, dd.exp, true);
export const expm1 = (x: unknown): number | WeakFloat => math1(x, Math.expm1, true);
export const sin = (x: unknown): number | WeakFloat => math1(x, Math.sin, false);
export const cos = (x: unknown): number | WeakFloat => math1(x, Math.cos, false);
export const tan = (x: unknown): number | WeakFloat => math1(x, Math.tan, false);
export const asin = (x: unknown): number | WeakFloat => math1(x, Math.asin, false);
export const acos = (x: unknown): number | WeakFloat => math1(x, Math.acos, false);
export const atan = (x: unknown): number | WeakFloat => math1(x, Math.atan, false);
export const sinh = (x: unknown): number | WeakFloat => math1(x, Math.sinh, true);
export const cosh = (x: unknown): number | WeakFloat => math1(x, Math.cosh, true);
export const tanh = (x: unknown): number | WeakFloat => math1(x, Math.tanh, false);
export const asinh = (x: unknown): number | WeakFloat => math1(x, Math.asinh, false);
export const acosh = (x: unknown): number | WeakFloat => math1(x, Math.acosh, false);
export const atanh = (x: unknown): number | WeakFloat => math1(x, Math.atanh, false);
export const fabs = (x: unknown): number | WeakFloat => mkFloat(Math.abs(f(x)));
export const log2 = (x: unknown): number | WeakFloat => math1(x, logDomain(dd.log2), false);
export const log10 = (x: unknown): number | WeakFloat => math1(x, logDomain(Math.log10), false);
export const log1p = (x: unknown): number | WeakFloat => math1(x, Math.log1p, false);

/** C's log family return -inf at 0 and NaN below; both are domain errors in Python. */
function logDomain(fn: (v: number) => number): (v: number) => number {
  return (v) => (v <= 0 ? NaN : fn(v));
}

function logOf(x: unknown): number {
  const v = f(x);
  if (Number.isNaN(v)) return v;
  if (v <= 0) throw domainError();
  return dd.log(v);
}

/** math.log(x[, base]). */
export function log(x: unknown, base?: unknown): number | WeakFloat {
  const num_ = logOf(x);
  if (base === undefined || base === null) return mkFloat(num_);
  const den = logOf(base);
  if (den === 0) throw new PyError("ZeroDivisionError", "float division by zero");
  return mkFloat(num_ / den);
}

/** math.pow(x, y), with CPython's IEEE special cases. */
export function pow(x: unknown, y: unknown): number | WeakFloat {
  const a = f(x);
  const b = f(y);
  let r: number;
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    if (Number.isNaN(a)) r = b === 0 ? 1 : a;
    else if (Number.isNaN(b)) r = a === 1 ? 1 : b;
    else if (!Number.isFinite(a)) {
      const oddY = Number.isFinite(b) && Math.abs(b) % 2 === 1;
      if (b > 0) r = oddY ? a : Math.abs(a);
      else if (b === 0) r = 1;
      else r = oddY ? (a < 0 ? -0 : 0) : 0;
    } else {
      const ax = Math.abs(a);
      if (ax === 1) r = 1;
      else if (b > 0 && ax > 1) r = b;
      else if (b < 0 && ax < 1) r = -b;
      else r = 0;
    }
  } else {
    r = a === 1 || b === 0 ? 1 : dd.pow(a, b);
    if (Number.isNaN(r)) throw domainError();
    if (!Number.isFinite(r)) throw a === 0 ? domainError() : rangeError();
  }
  return mkFloat(r);
}

function toIntegral(v: number): number {
  if (Number.isNaN(v)) throw valueError("cannot convert float NaN to integer");
  if (!Number.isFinite(v)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
  return mkInt(v);
}

/** math.floor(x) -> int. */
export function floor(x: unknown): number {
  if (isInt(x)) return +x;
  return toIntegral(Math.floor(f(x)));
}

/** math.ceil(x) -> int. */
export function ceil(x: unknown): number {
  if (isInt(x)) return +x;
  return toIntegral(Math.ceil(f(x)));
}

/** math.trunc(x) -> int. */
export function trunc(x: unknown): number {
  if (isInt(x)) return +x;
  if (!isNum(x) && !isNDArray(x)) throw typeError(`type ${typeName(x)} doesn't define __trunc__ method`);
  return toIntegral(Math.trunc(f(x)));
}

export const isnan = (x: unknown): boolean => Number.isNaN(f(x));
export const isinf = (x: unknown): boolean => {
  const v = f(x);
  return v === Infinity || v === -Infinity;
};
export const isfinite = (x: unknown): boolean => Number.isFinite(f(x));

/** math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0); keywords as a trailing kw({...}). */
export function isclose(...args: unknown[]): boolean {
  const [pos, kwa] = splitKwargs(args);
  const [a0, b0, rt, at] = bindArgs("isclose", pos, kwa, ["a", "b", "rel_tol", "abs_tol"], 2, 2);
  const a = f(a0);
  const b = f(b0);
  const relTol = rt === undefined ? 1e-9 : f(rt);
  const absTol = at === undefined ? 0 : f(at);
  if (relTol < 0 || absTol < 0) throw valueError("tolerances must be non-negative");
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(relTol * b) || diff <= Math.abs(relTol * a) || diff <= absTol;
}

export function copysign(x: unknown, y: unknown): number | WeakFloat {
  const a = Math.abs(f(x));
  const b = f(y);
  return mkFloat(b < 0 || Object.is(b, -0) || (Number.isNaN(b) && signBitNaN(b)) ? -a : a);
}

function signBitNaN(x: number): boolean {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return (dv.getUint8(0) & 0x80) !== 0;
}

/** math.fmod(x, y): C fmod (sign of x). */
export function fmod(x: unknown, y: unknown): number | WeakFloat {
  const a = f(x);
  const b = f(y);
  if (!Number.isFinite(b) && Number.isFinite(a) && !Number.isNaN(b)) return mkFloat(a);
  const r = a % b;
  if (Number.isNaN(r) && !Number.isNaN(a) && !Number.isNaN(b)) throw domainError();
  return mkFloat(r);
}

export function atan2(y: unknown, x: unknown): number | WeakFloat {
  return mkFloat(Math.atan2(f(y), f(x)));
}

const RAD_TO_DEG = 180.0 / Math.PI;
const DEG_TO_RAD = Math.PI / 180.0;
export const degrees = (x: unknown): number | WeakFloat => mkFloat(f(x) * RAD_TO_DEG);
export const radians = (x: unknown): number | WeakFloat => mkFloat(f(x) * DEG_TO_RAD);


const DBL_MIN = 2.2250738585072014e-308;

/** CPython's vector_norm: hypot with compensated arithmetic (correctly rounded in practice). */
function vectorNorm(vec: number[], max: number, foundNan: boolean): number {
  if (max === Infinity) return max;
  if (foundNan) return NaN;
  if (max === 0 || vec.length <= 1) return max;
  const maxE = Math.floor(Math.log2(max)) + 1;
  let e = maxE;
  // frexp: max = m * 2**e with 0.5 <= m < 1; log2 may be off by one near powers of two.
  while (max * Math.pow(2, -e) >= 1) e++;
  while (max * Math.pow(2, -e) < 0.5) e--;
  if (e < -1023) {
    return DBL_MIN * vectorNorm(vec.map((v) => v / DBL_MIN), max / DBL_MIN, foundNan);
  }
  const scale = Math.pow(2, -e);
  let csum = 1.0;
  let frac1 = 0.0;
  let frac2 = 0.0;
  for (const v of vec) {
    const x = v * scale;
    const [hi, lo] = dd.twoProduct(x, x);
    const s = csum + hi;
    const sl = csum - s + hi;
    csum = s;
    frac1 += lo;
    frac2 += sl;
  }
  let h = Math.sqrt(csum - 1.0 + (frac1 + frac2));
  const [phi, plo] = dd.twoProduct(-h, h);
  const s = csum + phi;
  const sl = csum - s + phi;
  csum = s;
  frac1 += plo;
  frac2 += sl;
  const x = csum - 1.0 + (frac1 + frac2);
  h += x / (2.0 * h);
  return h / scale;
}

/** math.hypot(*coordinates). */
export function hypot(...coords: unknown[]): number | WeakFloat {
  let max = 0;
  let foundNan = false;
  const vec = coords.map((c) => {
    const v = Math.abs(f(c));
    if (Number.isNaN(v)) foundNan = true;
    else if (v > max) max = v;
    return v;
  });
  return mkFloat(vectorNorm(vec, max, foundNan));
}

/** math.dist(p, q). */
export function dist(p: unknown, q: unknown): number | WeakFloat {
  const a = Array.from(iter(p), f);
  const b = Array.from(iter(q), f);
  if (a.length !== b.length) throw valueError("both points must have the same number of dimensions");
  return hypot(...a.map((x, i) => x - b[i]));
}

/** math.fsum(iterable): exactly rounded sum (Shewchuk / CPython's msum). */
export function fsum(iterable: unknown): number | WeakFloat {
  const p: number[] = [];
  let specialSum = 0.0;
  let infSum = 0.0;
  for (const item of iter(iterable)) {
    let x = f(item);
    const xsave = x;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const yr = hi - x;
      const lo = y - yr;
      if (lo !== 0.0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    if (x !== 0.0) {
      if (!Number.isFinite(x)) {
        if (Number.isFinite(xsave)) throw new PyError("OverflowError", "intermediate overflow in fsum");
        if (!Number.isNaN(xsave)) infSum += xsave;
        specialSum += xsave;
        p.length = 0;
      } else p.push(x);
    }
  }
  if (specialSum !== 0.0) {
    if (Number.isNaN(infSum)) throw valueError("-inf + inf in fsum");
    return mkFloat(specialSum);
  }
  let hi = 0.0;
  let n = p.length;
  if (n > 0) {
    let lo = 0.0;
    hi = p[--n];
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      const y = lo * 2.0;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return mkFloat(hi);
}

function intArgs(xs: unknown[]): bigint[] {
  return xs.map((x) => {
    if (!isInt(x)) throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
    return BigInt(+x);
  });
}

/** math.gcd(*integers). */
export function gcd(...xs: unknown[]): number {
  let g = 0n;
  for (let v of intArgs(xs)) {
    if (v < 0n) v = -v;
    let a = g;
    while (v !== 0n) [a, v] = [v, a % v];
    g = a;
  }
  return Number(g);
}

/** math.lcm(*integers). */
export function lcm(...xs: unknown[]): number {
  let l = 1n;
  for (let v of intArgs(xs)) {
    if (v < 0n) v = -v;
    if (v === 0n) return 0;
    let a = l;
    let b = v;
    while (b !== 0n) [a, b] = [b, a % b];
    l = (l / a) * v;
  }
  return Number(l);
}

/** math.factorial(n). */
export function factorial(n: unknown): number {
  if (!isInt(n)) {
    throw typeError(`'${typeName(n)}' object cannot be interpreted as an integer`);
  }
  const v = +n;
  if (v < 0) throw valueError("factorial() not defined for negative values");
  let r = 1n;
  for (let i = 2n; i <= BigInt(v); i++) r *= i;
  return Number(r);
}

/** math.comb(n, k). */
export function comb(n: unknown, k: unknown): number {
  const [nn, kk] = intArgs([n, k]);
  if (nn < 0n) throw valueError("n must be a non-negative integer");
  if (kk < 0n) throw valueError("k must be a non-negative integer");
  if (kk > nn) return 0;
  const m = kk < nn - kk ? kk : nn - kk;
  let r = 1n;
  for (let i = 1n; i <= m; i++) r = (r * (nn - m + i)) / i;
  return Number(r);
}

/** math.perm(n, k=None). */
export function perm(n: unknown, k?: unknown): number {
  const [nn] = intArgs([n]);
  const kk = k === undefined || k === null ? nn : intArgs([k])[0];
  if (nn < 0n) throw valueError("n must be a non-negative integer");
  if (kk < 0n) throw valueError("k must be a non-negative integer");
  if (kk > nn) return 0;
  let r = 1n;
  for (let i = 0n; i < kk; i++) r *= nn - i;
  return Number(r);
}

/** math.isqrt(n). */
export function isqrt(n: unknown): number {
  const v = indexArg(n);
  if (v < 0) throw valueError("isqrt() argument must be nonnegative");
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** math.prod(iterable, *, start=1). */
export function prod(...args: unknown[]): unknown {
  const [pos, kwa] = splitKwargs(args);
  const [it, start] = bindArgs("prod", pos, kwa, ["iterable", "start"], 1, 1);
  let acc: unknown = start === undefined ? 1 : start;
  for (const x of iter(it)) acc = mul(acc, x);
  return acc;
}

/** math.ldexp(x, i). */
export function ldexp(x: unknown, i: unknown): number | WeakFloat {
  const v = f(x);
  const e = indexArg(i);
  if (v === 0 || !Number.isFinite(v)) return mkFloat(v);
  let r = v;
  let k = e;
  // Scale in steps so intermediate powers of two stay representable.
  while (k > 1000) {
    r *= Math.pow(2, 1000);
    k -= 1000;
  }
  while (k < -1000) {
    r *= Math.pow(2, -1000);
    k += 1000;
  }
  r *= Math.pow(2, k);
  if (!Number.isFinite(r)) throw rangeError();
  return mkFloat(r);
}

/** math.modf(x) -> (fractional, integer), both floats. */
export function modf(x: unknown): unknown[] {
  const v = f(x);
  const ip = Number.isFinite(v) ? Math.trunc(v) : v;
  const fp = Number.isFinite(v) ? v - ip : Number.isNaN(v) ? v : v > 0 ? 0 : -0;
  return tupleOf([mkFloat(Object.is(fp, 0) && (v < 0 || Object.is(v, -0)) ? -0 : fp), mkFloat(ip)]);
}

