// exp, log, log2 and pow computed in double-double arithmetic (about 100 significant bits) and rounded once: the
// correctly rounded result, which is what glibc's exp/log/pow (behind CPython) return for all but ~0.1% of
// arguments. JavaScript's Math.exp/pow are only faithful and differ from CPython for several percent of arguments.
// (For expm1, log1p, log10, sinh, cosh, tanh and the trigonometric functions glibc keeps fdlibm-style algorithms
// that V8's Math.* follows more closely, so those stay on Math.*.)

/** A double-double: hi + lo with |lo| <= ulp(hi) / 2. Functions return them in a shared scratch pair. */
let rh = 0;
let rl = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  rl = a - (s - bb) + (b - bb);
  rh = s;
}

function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  rl = b - (s - a);
  rh = s;
}

const SPLITTER = 134217729; // 2**27 + 1

/** Exact product a*b as hi + lo (inputs well inside the double range). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rl = ah * bh - p + ah * bl + al * bh + al * bl;
  rh = p;
}

/** Error-free product a*b as [product, error] (the tuple form of twoProd). */
export function twoProduct(a: number, b: number): [number, number] {
  twoProd(a, b);
  return [rh, rl];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = rh;
  let e = rl;
  twoSum(al, bl);
  const t = rh;
  const f = rl;
  e += t;
  quickTwoSum(s, e);
  const s2 = rh;
  const e2 = rl + f;
  quickTwoSum(s2, e2);
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = rh;
  const e = rl + (ah * bl + al * bh);
  quickTwoSum(p, e);
}

function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl);
  ddAdd(ah, al, -rh, -rl);
  const q2 = rh / bh;
  const r1h = rh;
  const r1l = rl;
  ddMul(q2, 0, bh, bl);
  ddAdd(r1h, r1l, -rh, -rl);
  const q3 = rh / bh;
  quickTwoSum(q1, q2);
  ddAdd(rh, rl, q3, 0);
}

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const LN2_LO2 = 5.707708438416212e-34;
const INV_LN2_HI = 1.4426950408889634;
const INV_LN2_LO = 2.0355273740931033e-17;

/** 1/(2k+1) as double-doubles, for the atanh series of log. */
const RECIP_ODD: number[] = [];
for (let k = 0; k < 24; k++) {
  ddDiv(1, 0, 2 * k + 1, 0);
  RECIP_ODD.push(rh, rl);
}

/** 1/k! as double-doubles, for the exponential series. */
const RECIP_FACT: number[] = [];
{
  let fh = 1;
  let fl = 0;
  for (let k = 0; k < 14; k++) {
    if (k > 0) {
      ddMul(fh, fl, k, 0);
      fh = rh;
      fl = rl;
    }
    ddDiv(1, 0, fh, fl);
    RECIP_FACT.push(rh, rl);
  }
}

const f64 = new DataView(new ArrayBuffer(8));

/** log(x) for finite x > 0, as a double-double in (rh, rl); `e2` receives the binary exponent part separately. */
function logDD(x: number): void {
  // x = m * 2**e with m in [sqrt(1/2), sqrt(2)).
  let scaled = x;
  let e = 0;
  if (scaled < 2.2250738585072014e-308) {
    scaled *= 18014398509481984; // 2**54
    e = -54;
  }
  f64.setFloat64(0, scaled);
  const hi = f64.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  f64.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = f64.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1); m - 1 is exact, m + 1 is split exactly.
  twoSum(m, 1);
  ddDiv(m - 1, 0, rh, rl);
  const sh = rh;
  const sl = rl;
  ddMul(sh, sl, sh, sl);
  const zh = rh;
  const zl = rl;
  ddHorner(RECIP_ODD, 23, 0, zh, zl);
  ddMul(rh, rl, sh, sl);
  const lmh = 2 * rh;
  const lml = 2 * rl;
  // e * ln2 in three parts keeps the sum exact enough for any exponent.
  twoProd(e, LN2_HI);
  const eh = rh;
  const el = rl + e * LN2_LO + e * LN2_LO2;
  ddAdd(eh, el, lmh, lml);
}

/**
 * Horner's rule in double-double: sum of c_k x^(k - bottom) for k from bottom to top, where c_k is the pair
 * (c[2k], c[2k + 1]); the result is left in (rh, rl).
 */
function ddHorner(c: ArrayLike<number>, top: number, bottom: number, xh: number, xl: number): void {
  let ph = c[2 * top];
  let pl = c[2 * top + 1];
  for (let k = top - 1; k >= bottom; k--) {
    ddMul(ph, pl, xh, xl);
    ddAdd(rh, rl, c[2 * k], c[2 * k + 1]);
    ph = rh;
    pl = rl;
  }
  rh = ph;
  rl = pl;
}

/** exp(th + tl) - 1 for |t| <= 0.35, as a double-double (accurate also when the result is tiny). */
function expm1Small(th: number, tl: number): void {
  // Evaluate on t / 1024 with the Taylor series, then undo the scaling with (1 + p)^2 - 1 = p (p + 2).
  const sh = th / 1024;
  const sl = tl / 1024;
  ddHorner(RECIP_FACT, 12, 1, sh, sl);
  ddMul(rh, rl, sh, sl);
  let ph = rh;
  let pl = rl;
  for (let i = 0; i < 10; i++) {
    ddAdd(ph, pl, 2, 0);
    ddMul(ph, pl, rh, rl);
    ph = rh;
    pl = rl;
  }
  rh = ph;
  rl = pl;
}

/** exp of a double-double argument, correctly rounded (overflow to Infinity, underflow to 0). */
function expDD(th: number, tl: number): number {
  if (th > 709.8) return Infinity;
  if (th < -745.2) return 0;
  const k = Math.round(th * INV_LN2_HI);
  twoProd(k, LN2_HI);
  const kh = rh;
  const kl = rl + k * LN2_LO + k * LN2_LO2;
  ddAdd(th, tl, -kh, -kl);
  expm1Small(rh, rl);
  ddAdd(rh, rl, 1, 0);
  return scale2(rh, rl, k);
}

/** (hi + lo) * 2**k, rounded once for normal results (subnormal ones may round twice, in theory). */
function scale2(hi: number, lo: number, k: number): number {
  if (k > -1000 && k < 1000) {
    const p = Math.pow(2, k);
    const r = hi * p + lo * p;
    if (Math.abs(r) >= 2.2250738585072014e-308 || r === 0) return r;
  }
  if (k >= 1000) return (hi + lo) * Math.pow(2, 1000) * Math.pow(2, k - 1000);
  const p = Math.pow(2, k + 600);
  return (hi * p + lo * p) * Math.pow(2, -600);
}

/** Correctly rounded e**x. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  if (Math.abs(x) < 1e-300) return 1 + x;
  return expDD(x, 0);
}

/** Correctly rounded natural logarithm (NaN below 0, -Infinity at 0, like C). */
export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  if (x === 1) return 0;
  logDD(x);
  return rh + rl;
}

/** Correctly rounded base-2 logarithm (exact at powers of two). */
export function log2(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  logDD(x);
  ddMul(rh, rl, INV_LN2_HI, INV_LN2_LO);
  const r = rh + rl;
  const n = Math.round(r);
  // Powers of two must come out exact whatever the last bits of the product.
  return Math.abs(r - n) < 1e-12 && Math.pow(2, n) === x ? n : r;
}

/** Whether y is an odd integer (C pow's sign rule). */
function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 9007199254740992 && Math.abs(y) % 2 === 1;
}

/**
 * C99 pow, correctly rounded: NaN for a negative base with a non-integer exponent, infinities for overflow and for
 * zero to a negative power (callers raise Python's errors).
 */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === -1) return 1 / x;
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    return (ax > 1) === y > 0 ? Infinity : 0;
  }
  if (x === 0 || !Number.isFinite(x)) return Math.pow(x, y);
  if (y === 0.5 && x > 0) return Math.sqrt(x);
  let sign = 1;
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    if (isOddInteger(y)) sign = -1;
    x = -x;
  }
  logDD(x);
  ddMul(rh, rl, y, 0);
  const r = expDD(rh, rl);
  return sign * r;
}
