// numpy runtime, elementwise functions (ufuncs): broadcasting loops over typed arrays and numpy's per-dtype kernels.
// Values are computed as doubles and stored into the output's typed array, which performs the rounding to float32
// and the modular wrap of fixed-width integers; kernels that numpy evaluates in several float32 steps round each
// step with Math.fround.
import { pyError, WeakFloat } from "./core.ts";
import {
  allocate,
  castFloat,
  DTYPE_INFO,
  NDArray,
  shapeSize,
  type DType,
  type TypedArray,
} from "./ndarray.ts";
import {
  asArray,
  broadcast2,
  broadcastShapes,
  broadcastStrides,
  getPromotionRules,
  operand,
  resultType,
  scalarArray,
  toLoop,
  type Operand,
} from "./np-base.ts";

type K1 = (x: number) => number;

// ---- __array_ufunc__ -----------------------------------------------------------------------------------------

/**
 * numpy's `__array_ufunc__` protocol: an argument that computes ufuncs itself (a pandas Series keeps its index and
 * name) receives the ufunc's name and all its inputs, and its answer is the result. numpy's own type stubs declare
 * an ndarray result for such calls too. `__array_function__` answers the numpy functions that call a method of
 * their argument when it has one (`np.round(s)` is `s.round()`, `np.clip(s, 0, 1)` is `s.clip(0, 1)`).
 */
export interface ArrayUfuncOverride {
  __array_ufunc__(ufunc: string, inputs: readonly unknown[]): unknown;
  __array_function__?(func: string, args: readonly unknown[]): unknown;
}

const isOverride = (x: unknown): x is ArrayUfuncOverride =>
  x !== null && typeof x === "object" && typeof (x as { __array_ufunc__?: unknown }).__array_ufunc__ === "function";

type K2 = (x: number, y: number) => number;
type K3 = (x: number, y: number, z: number) => number;

// ---- loops ---------------------------------------------------------------------------------------------------

/** out[i] = f(a[i]) over a (any layout); result C-contiguous. */
export function map1(a: NDArray, outDtype: DType, f: K1): NDArray {
  const n = a.size;
  const out = allocate(outDtype, n);
  const d = a.data;
  if (a.isContiguous) {
    const o = a.offset;
    for (let i = 0; i < n; i++) out[i] = f(d[o + i]);
  } else if (n > 0) {
    const { shape, strides } = a;
    const nd = shape.length;
    const last = nd - 1;
    const len = shape[last];
    const st = strides[last];
    const idx = new Array<number>(nd).fill(0);
    let off = a.offset;
    let o = 0;
    for (;;) {
      for (let i = 0, p = off; i < len; i++, p += st) out[o++] = f(d[p]);
      let k = last - 1;
      for (; k >= 0; k--) {
        off += strides[k];
        if (++idx[k] < shape[k]) break;
        off -= strides[k] * shape[k];
        idx[k] = 0;
      }
      if (k < 0) break;
    }
  }
  return new NDArray(out, a.shape.slice(), outDtype);
}

/** Opcodes of the kernels with hand-written loops (a closure call per element costs several ns). */
const enum Op {
  Generic = 0,
  Add = 1,
  Sub = 2,
  Mul = 3,
  Div = 4,
  Lt = 5,
  Le = 6,
  Gt = 7,
  Ge = 8,
  Eq = 9,
  Ne = 10,
}

type Out = TypedArray;

/** One strided inner loop: out[o + i] = f(a[pa + i*sa], b[pb + i*sb]). */
function inner2(
  op: Op,
  f: K2,
  out: Out,
  o: number,
  ad: TypedArray,
  pa: number,
  sa: number,
  bd: TypedArray,
  pb: number,
  sb: number,
  len: number,
): void {
  const end = o + len;
  switch (op) {
    case Op.Add:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] + bd[pb];
      return;
    case Op.Sub:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] - bd[pb];
      return;
    case Op.Mul:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] * bd[pb];
      return;
    case Op.Div:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] / bd[pb];
      return;
    case Op.Lt:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] < bd[pb] ? 1 : 0;
      return;
    case Op.Le:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] <= bd[pb] ? 1 : 0;
      return;
    case Op.Gt:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] > bd[pb] ? 1 : 0;
      return;
    case Op.Ge:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] >= bd[pb] ? 1 : 0;
      return;
    case Op.Eq:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] === bd[pb] ? 1 : 0;
      return;
    case Op.Ne:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = ad[pa] !== bd[pb] ? 1 : 0;
      return;
    default:
      for (; o < end; o++, pa += sa, pb += sb) out[o] = f(ad[pa], bd[pb]);
  }
}

/**
 * The float arithmetic loops again, for float32 and float64 arrays only: a loop whose element accesses have only ever
 * seen one typed-array type is compiled to direct loads and stores, where inner2's (shared by every dtype) go
 * through V8's generic keyed access, several times slower. `bm` > 0: b is a block of bm values repeated along a
 * (an image's per-channel mean, shape (3,), against its (H, W, 3) pixels); `am` likewise for a.
 */
function arith32(op: Op, out: Float32Array, ad: Float32Array, pa: number, sa: number, bd: Float32Array, pb: number, sb: number, n: number, am: number, bm: number): void {
  if (bm > 0) {
    for (let o = 0; o < n; ) {
      for (let j = 0; j < bm; j++, o++) {
        const x = ad[pa + o];
        const y = bd[pb + j];
        out[o] = op === Op.Add ? x + y : op === Op.Sub ? x - y : op === Op.Mul ? x * y : x / y;
      }
    }
    return;
  }
  if (am > 0) {
    for (let o = 0; o < n; ) {
      for (let j = 0; j < am; j++, o++) {
        const x = ad[pa + j];
        const y = bd[pb + o];
        out[o] = op === Op.Add ? x + y : op === Op.Sub ? x - y : op === Op.Mul ? x * y : x / y;
      }
    }
    return;
  }
  switch (op) {
    case Op.Add:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] + bd[pb];
      return;
    case Op.Sub:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] - bd[pb];
      return;
    case Op.Mul:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] * bd[pb];
      return;
    default:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] / bd[pb];
  }
}

/** arith32 for float64 arrays (the same code: a separate function, so its loads see Float64Array only). */
function arith64(op: Op, out: Float64Array, ad: Float64Array, pa: number, sa: number, bd: Float64Array, pb: number, sb: number, n: number, am: number, bm: number): void {
  if (bm > 0) {
    for (let o = 0; o < n; ) {
      for (let j = 0; j < bm; j++, o++) {
        const x = ad[pa + o];
        const y = bd[pb + j];
        out[o] = op === Op.Add ? x + y : op === Op.Sub ? x - y : op === Op.Mul ? x * y : x / y;
      }
    }
    return;
  }
  if (am > 0) {
    for (let o = 0; o < n; ) {
      for (let j = 0; j < am; j++, o++) {
        const x = ad[pa + j];
        const y = bd[pb + o];
        out[o] = op === Op.Add ? x + y : op === Op.Sub ? x - y : op === Op.Mul ? x * y : x / y;
      }
    }
    return;
  }
  switch (op) {
    case Op.Add:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] + bd[pb];
      return;
    case Op.Sub:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] - bd[pb];
      return;
    case Op.Mul:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] * bd[pb];
      return;
    default:
      for (let o = 0; o < n; o++, pa += sa, pb += sb) out[o] = ad[pa] / bd[pb];
  }
}

/**
 * The length of the contiguous block `x` repeats along the broadcast shape `sh` (numpy's trailing-axes broadcast:
 * a (3,) or (1, 1, 3) array against (H, W, 3)); 0 when x is not such a block.
 */
function repeatedBlock(x: NDArray, sh: readonly number[], n: number): number {
  if (!x.isContiguous || x.size === 0 || n % x.size !== 0) return 0;
  // x's shape without leading 1s must be the trailing dimensions of sh
  let k = 0;
  while (k < x.ndim && x.shape[k] === 1) k++;
  const rest = x.ndim - k;
  if (rest === 0 || rest > sh.length) return 0;
  for (let i = 0; i < rest; i++) if (x.shape[k + i] !== sh[sh.length - rest + i]) return 0;
  return x.size;
}

/** out = f(a, b) with broadcasting; result C-contiguous of the broadcast shape. */
export function map2(a: NDArray, b: NDArray, outDtype: DType, f: K2, shape?: readonly number[], op: Op = Op.Generic): NDArray {
  const sh = shape ?? broadcast2(a.shape, b.shape);
  const n = shapeSize(sh);
  const out = allocate(outDtype, n);
  const res = new NDArray(out, sh.slice(), outDtype);
  if (n === 0) return res;
  const ad = a.data;
  const bd = b.data;
  const aFull = a.size === n && a.isContiguous;
  const bFull = b.size === n && b.isContiguous;
  const aOne = a.size === 1;
  const bOne = b.size === 1;
  const arith = op === Op.Add || op === Op.Sub || op === Op.Mul || op === Op.Div;
  const f32 = arith && out instanceof Float32Array && ad instanceof Float32Array && bd instanceof Float32Array;
  const f64 = arith && !f32 && out instanceof Float64Array && ad instanceof Float64Array && bd instanceof Float64Array && outDtype === "float64";
  if ((aFull || aOne) && (bFull || bOne)) {
    if (f32) arith32(op, out, ad, a.offset, aFull ? 1 : 0, bd, b.offset, bFull ? 1 : 0, n, 0, 0);
    else if (f64) arith64(op, out, ad, a.offset, aFull ? 1 : 0, bd, b.offset, bFull ? 1 : 0, n, 0, 0);
    else inner2(op, f, out, 0, ad, a.offset, aFull ? 1 : 0, bd, b.offset, bFull ? 1 : 0, n);
    return res;
  }
  if (f32 || f64) {
    // one operand whole, the other a block repeated along it: one pass, no per-row bookkeeping
    const bm = aFull ? repeatedBlock(b, sh, n) : 0;
    const am = bFull && bm === 0 ? repeatedBlock(a, sh, n) : 0;
    if (bm > 0 || am > 0) {
      if (f32) arith32(op, out as Float32Array, ad as Float32Array, a.offset, 1, bd as Float32Array, b.offset, 1, n, am, bm);
      else arith64(op, out as Float64Array, ad as Float64Array, a.offset, 1, bd as Float64Array, b.offset, 1, n, am, bm);
      return res;
    }
  }
  const sa = broadcastStrides(a, sh);
  const sb = broadcastStrides(b, sh);
  const nd = sh.length;
  const last = nd - 1;
  const len = sh[last];
  const sal = sa[last];
  const sbl = sb[last];
  const idx = new Array<number>(nd).fill(0);
  let ao = a.offset;
  let bo = b.offset;
  let o = 0;
  for (;;) {
    inner2(op, f, out, o, ad, ao, sal, bd, bo, sbl, len);
    o += len;
    let k = last - 1;
    for (; k >= 0; k--) {
      ao += sa[k];
      bo += sb[k];
      if (++idx[k] < sh[k]) break;
      ao -= sa[k] * sh[k];
      bo -= sb[k] * sh[k];
      idx[k] = 0;
    }
    if (k < 0) break;
  }
  return res;
}

/** out = f(a, b, c) with broadcasting. */
export function map3(a: NDArray, b: NDArray, c: NDArray, outDtype: DType, f: K3): NDArray {
  const sh = broadcastShapes(a.shape, b.shape, c.shape);
  const n = shapeSize(sh);
  const out = allocate(outDtype, n);
  const res = new NDArray(out, sh, outDtype);
  if (n === 0) return res;
  const ad = a.data;
  const bd = b.data;
  const cd = c.data;
  const sa = broadcastStrides(a, sh);
  const sb = broadcastStrides(b, sh);
  const sc = broadcastStrides(c, sh);
  const nd = sh.length;
  if (nd === 0) {
    out[0] = f(ad[a.offset], bd[b.offset], cd[c.offset]);
    return res;
  }
  const last = nd - 1;
  const len = sh[last];
  const idx = new Array<number>(nd).fill(0);
  let ao = a.offset;
  let bo = b.offset;
  let co = c.offset;
  let o = 0;
  for (;;) {
    for (let i = 0, pa = ao, pb = bo, pc = co; i < len; i++, pa += sa[last], pb += sb[last], pc += sc[last])
      out[o++] = f(ad[pa], bd[pb], cd[pc]);
    let k = last - 1;
    for (; k >= 0; k--) {
      ao += sa[k];
      bo += sb[k];
      co += sc[k];
      if (++idx[k] < sh[k]) break;
      ao -= sa[k] * sh[k];
      bo -= sb[k] * sh[k];
      co -= sc[k] * sh[k];
      idx[k] = 0;
    }
    if (k < 0) break;
  }
  return res;
}

/** Write `src` (broadcast to dst's shape) into the view `dst`, converting values with `conv`. */
export function assignInto(dst: NDArray, src: NDArray, conv: K1 | null): void {
  const sh = dst.shape;
  const n = shapeSize(sh);
  if (n === 0) return;
  broadcastShapesInto(src.shape, sh);
  // Overlapping views (x[1:] = x[:-1]) must read the values as they were before the assignment, as numpy does.
  if (src.data === dst.data && src.size > 1) src = src.copy();
  const dd = dst.data;
  const sd = src.data;
  const ss = broadcastStrides(src, sh);
  const ds = dst.strides;
  const nd = sh.length;
  if (nd === 0) {
    const v = sd[src.offset];
    dd[dst.offset] = conv ? conv(v) : v;
    return;
  }
  const last = nd - 1;
  const len = sh[last];
  const idx = new Array<number>(nd).fill(0);
  let so = src.offset;
  let doff = dst.offset;
  for (;;) {
    const sl = ss[last];
    const dl = ds[last];
    if (conv) for (let i = 0, p = so, q = doff; i < len; i++, p += sl, q += dl) dd[q] = conv(sd[p]);
    else for (let i = 0, p = so, q = doff; i < len; i++, p += sl, q += dl) dd[q] = sd[p];
    let k = last - 1;
    for (; k >= 0; k--) {
      so += ss[k];
      doff += ds[k];
      if (++idx[k] < sh[k]) break;
      so -= ss[k] * sh[k];
      doff -= ds[k] * sh[k];
      idx[k] = 0;
    }
    if (k < 0) break;
  }
}

function broadcastShapesInto(src: readonly number[], dst: readonly number[]): void {
  const ok =
    src.length <= dst.length ||
    src.slice(0, src.length - dst.length).every((n) => n === 1);
  const s = src.length > dst.length ? src.slice(src.length - dst.length) : src;
  if (ok) {
    let fine = true;
    for (let i = 0; i < s.length; i++) {
      const n = s[i];
      const m = dst[dst.length - s.length + i];
      if (n !== m && n !== 1) fine = false;
    }
    if (fine) return;
  }
  throw pyError(
    "ValueError",
    `could not broadcast input array from shape (${src.join(",")}${src.length === 1 ? "," : ""}) into shape (${dst.join(",")}${dst.length === 1 ? "," : ""})`,
  );
}

// ---- numeric helpers (numpy's C semantics) ---------------------------------------------------------------------

const TWO53 = 9007199254740992;

/** int64 product: `+ 0` because int64 lives in a Float64Array, where 0 * -5 would store a -0.0. */
function mulInt64(x: number, y: number): number {
  const r = x * y + 0;
  if (r <= TWO53 && r >= -TWO53) return r;
  return Number(BigInt.asIntN(64, BigInt(x) * BigInt(y)));
}

function floorDivInt(x: number, y: number): number {
  if (y === 0) return 0;
  let q = Math.floor(x / y);
  const r = x - q * y;
  if (r !== 0 && r < 0 !== y < 0) q -= 1;
  else if (y > 0 ? r >= y : r <= y) q += 1;
  return q + 0;
}

function remInt(x: number, y: number): number {
  if (y === 0) return 0;
  let r = x % y;
  if (r !== 0 && r < 0 !== y < 0) r += y;
  return r + 0;
}

/** numpy's npy_divmod for doubles: returns [floordiv, mod]. */
function divmod64(a: number, b: number): [number, number] {
  let mod = a % b;
  if (b === 0) return [a / b, mod];
  let div = (a - mod) / b;
  // C tests `if (mod)`: NaN counts as true there, unlike JS.
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else mod = b < 0 ? -0 : 0;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  return [floordiv, mod];
}

/** npy_divmodf: the same algorithm with every step rounded to float32. */
function divmod32(a: number, b: number): [number, number] {
  const f = Math.fround;
  let mod = f(a % b);
  if (b === 0) return [f(a / b), mod];
  let div = f(f(a - mod) / b);
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod = f(mod + b);
      div = f(div - 1);
    }
  } else mod = b < 0 ? -0 : 0;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (f(div - floordiv) > 0.5) floordiv = f(floordiv + 1);
  } else floordiv = a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  return [floordiv, mod];
}

/** C pow(): differs from Math.pow for pow(1, nan) and pow(-1, +-inf). */
function powC(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

function powInt(x: number, y: number, dtype: DType): number {
  if (y < 0) throw pyError("ValueError", "Integers to negative integer powers are not allowed.");
  if (y === 0 || x === 1) return 1;
  const bits = DTYPE_INFO[dtype].bits;
  const r = Math.pow(x, y);
  if (Math.abs(r) <= TWO53) return r;
  // Exponentiation by squaring in the dtype's width (wraps like numpy's C loop).
  let base = BigInt(x);
  let e = BigInt(y);
  let acc = 1n;
  while (e > 0n) {
    if (e & 1n) acc = BigInt.asIntN(bits, acc * base);
    base = BigInt.asIntN(bits, base * base);
    e >>= 1n;
  }
  return Number(acc);
}

/** Round half to even (C rint), keeping the sign of zero. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r: number;
  if (d < 0.5) r = f;
  else if (d > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

function bitop64(x: number, y: number, op: 0 | 1 | 2): number {
  if (x >= I32_MIN && x <= I32_MAX && y >= I32_MIN && y <= I32_MAX) return op === 0 ? x & y : op === 1 ? x | y : x ^ y;
  const a = BigInt(x);
  const b = BigInt(y);
  return Number(BigInt.asIntN(64, op === 0 ? a & b : op === 1 ? a | b : a ^ b));
}

// ---- binary ufuncs -------------------------------------------------------------------------------------------

export type BinaryName =
  | "add"
  | "subtract"
  | "multiply"
  | "divide"
  | "floor_divide"
  | "remainder"
  | "power"
  | "maximum"
  | "minimum"
  | "fmax"
  | "fmin"
  | "equal"
  | "not_equal"
  | "less"
  | "less_equal"
  | "greater"
  | "greater_equal"
  | "logical_and"
  | "logical_or"
  | "logical_xor"
  | "bitwise_and"
  | "bitwise_or"
  | "bitwise_xor"
  | "left_shift"
  | "right_shift"
  | "arctan2"
  | "hypot";

const COMPARISONS = new Set<BinaryName>(["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]);
const LOGICAL = new Set<BinaryName>(["logical_and", "logical_or", "logical_xor"]);

/**
 * numpy's float dtype for a float-only function of inputs of dtype `d`: the smallest float holding the input
 * exactly. numpy uses float16 for bool/int8/uint8, which the runtime does not support: float32 stands in.
 */
export function floatLoop(d: DType): DType {
  const info = DTYPE_INFO[d];
  if (info.kind === "f") return d;
  return info.bits <= 16 ? "float32" : "float64";
}

function noLoop(name: string): never {
  throw pyError(
    "TypeError",
    `ufunc '${name}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`,
  );
}

/** The dtype numpy's loop for `name` runs in, given the promoted input dtype. */
function binaryLoop(name: BinaryName, rt: DType): DType {
  const kind = DTYPE_INFO[rt].kind;
  switch (name) {
    case "subtract":
      if (kind === "b")
        throw pyError(
          "TypeError",
          "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
        );
      return rt;
    case "divide":
      return kind === "f" ? rt : "float64";
    case "floor_divide":
    case "remainder":
    case "power":
      return kind === "b" ? "int8" : rt;
    case "bitwise_and":
    case "bitwise_or":
    case "bitwise_xor":
      if (kind === "f") noLoop(name);
      return rt;
    case "left_shift":
    case "right_shift":
      if (kind === "f") noLoop(name);
      return kind === "b" ? "int8" : rt;
    case "arctan2":
    case "hypot":
      return floatLoop(rt);
    default:
      return rt;
  }
}

function binaryKernel(name: BinaryName, loop: DType): K2 {
  const kind = DTYPE_INFO[loop].kind;
  const bits = DTYPE_INFO[loop].bits;
  const f32 = loop === "float32";
  switch (name) {
    case "add":
      return kind === "b" ? (x, y) => x | y : (x, y) => x + y;
    case "subtract":
      return (x, y) => x - y;
    case "multiply":
      if (kind === "b") return (x, y) => x & y;
      if (kind === "f" || bits <= 16) return (x, y) => x * y;
      if (bits === 32) return Math.imul;
      return mulInt64;
    case "divide":
      return (x, y) => x / y;
    case "floor_divide":
      if (kind !== "f") return floorDivInt;
      return f32 ? (x, y) => divmod32(x, y)[0] : (x, y) => (y === 0 ? x / y : divmod64(x, y)[0]);
    case "remainder":
      if (kind !== "f") return remInt;
      return f32 ? (x, y) => (y === 0 ? x % y : divmod32(x, y)[1]) : (x, y) => (y === 0 ? x % y : divmod64(x, y)[1]);
    case "power":
      if (kind !== "f") return (x, y) => powInt(x, y, loop);
      return powC;
    // numpy's SIMD loops return the second operand on ties (visible for -0.0 vs 0.0).
    case "maximum":
      return (x, y) => (x > y || x !== x ? x : y);
    case "minimum":
      return (x, y) => (x < y || x !== x ? x : y);
    case "fmax":
      return (x, y) => (x > y || y !== y ? x : y);
    case "fmin":
      return (x, y) => (x < y || y !== y ? x : y);
    case "equal":
      return (x, y) => (x === y ? 1 : 0);
    case "not_equal":
      return (x, y) => (x !== y ? 1 : 0);
    case "less":
      return (x, y) => (x < y ? 1 : 0);
    case "less_equal":
      return (x, y) => (x <= y ? 1 : 0);
    case "greater":
      return (x, y) => (x > y ? 1 : 0);
    case "greater_equal":
      return (x, y) => (x >= y ? 1 : 0);
    case "logical_and":
      return (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
    case "logical_or":
      return (x, y) => (x !== 0 || y !== 0 ? 1 : 0);
    case "logical_xor":
      return (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0);
    case "bitwise_and":
      return bits === 64 ? (x, y) => bitop64(x, y, 0) : (x, y) => x & y;
    case "bitwise_or":
      return bits === 64 ? (x, y) => bitop64(x, y, 1) : (x, y) => x | y;
    case "bitwise_xor":
      return bits === 64 ? (x, y) => bitop64(x, y, 2) : (x, y) => x ^ y;
    case "left_shift":
      if (bits === 64)
        return (x, y) => {
          if (y < 0 || y >= 64) return 0;
          const r = x * Math.pow(2, y);
          return Math.abs(r) <= TWO53 ? r : Number(BigInt.asIntN(64, BigInt(x) << BigInt(y)));
        };
      return (x, y) => (y < 0 || y >= bits ? 0 : bits === 32 ? x << y : x * Math.pow(2, y) % 4294967296);
    case "right_shift":
      if (kind === "u") return (x, y) => (y < 0 || y >= bits ? 0 : Math.floor(x / Math.pow(2, y)));
      return (x, y) => (y < 0 || y >= bits ? (x < 0 ? -1 : 0) : Math.floor(x / Math.pow(2, y)));
    case "arctan2":
      return Math.atan2;
    case "hypot":
      return Math.hypot;
  }
}

/** Operands of a comparison keep Python ints exact (numpy 2 compares out-of-range Python ints correctly). */
function compareOperand(op: Operand, loop: DType): NDArray {
  if (op.py === "int" && DTYPE_INFO[loop].kind !== "f" && getPromotionRules() === "nep50") {
    const v = op.arr.data[op.arr.offset];
    const info = DTYPE_INFO[loop];
    if (v < info.min || v > info.max) return op.arr;
  }
  return toLoop(op, loop);
}

/**
 * Ufuncs on string arrays: numpy compares strings (by code point) and has no arithmetic on them. A string compared
 * with a number is unequal everywhere (numpy 2's answer; numpy 1.x warned and returned a single False).
 */
function strBinary(name: BinaryName, a: NDArray, b: NDArray): NDArray {
  const cmp = COMPARISONS.has(name);
  if (a.dtype === "str" && b.dtype === "str" && cmp) {
    const codePoints = (x: string, y: string) => (x === y ? 0 : comparePoints(x, y));
    const k: Record<string, K2> = {
      equal: (x, y) => (x === y ? 1 : 0),
      not_equal: (x, y) => (x !== y ? 1 : 0),
      less: (x, y) => (codePoints(x as unknown as string, y as unknown as string) < 0 ? 1 : 0),
      less_equal: (x, y) => (codePoints(x as unknown as string, y as unknown as string) <= 0 ? 1 : 0),
      greater: (x, y) => (codePoints(x as unknown as string, y as unknown as string) > 0 ? 1 : 0),
      greater_equal: (x, y) => (codePoints(x as unknown as string, y as unknown as string) >= 0 ? 1 : 0),
    };
    return map2(a, b, "bool", k[name]!);
  }
  if (name === "equal" || name === "not_equal") {
    const v = name === "equal" ? 0 : 1;
    return map2(a, b, "bool", () => v);
  }
  const t = (x: NDArray) => (x.dtype === "str" ? "dtype('<U')" : `dtype('${x.dtype}')`);
  throw pyError("TypeError", `ufunc '${name}' did not contain a loop with signature matching types (${t(a)}, ${t(b)}) -> None`);
}

/** Python's ordering of str: by code point (JS's < orders UTF-16 units, which differs past U+FFFF). */
export function comparePoints(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i)!;
    const cy = y.codePointAt(i)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
    if (cx > 0xffff) i++;
  }
  return x.length - y.length;
}

export function binaryUfunc(name: BinaryName, x1: ArrayUfuncOverride, x2: unknown): unknown;
export function binaryUfunc(name: BinaryName, x1: unknown, x2: ArrayUfuncOverride): unknown;
export function binaryUfunc(name: BinaryName, x1: unknown, x2: unknown): NDArray;
export function binaryUfunc(name: BinaryName, x1: unknown, x2: unknown): unknown {
  if (x1 instanceof NDArray) {
    if (x2 instanceof NDArray) {
      if (x1.dtype === x2.dtype && x1.dtype !== "str") {
        // two arrays of one dtype compute in it under either promotion rule (numpy 1.x's value-based casting only
        // ever demotes a 0-d operand to a type the other's dtype holds), so the loop is binaryLoop's of that dtype
        const loop = binaryLoop(name, x1.dtype);
        if (loop === x1.dtype) return map2(x1, x2, COMPARISONS.has(name) || LOGICAL.has(name) ? "bool" : loop, kernelFor(name, loop), undefined, fastOp(name, loop));
      }
    } else {
      const fast = scalarUfunc(name, x1, x2, false);
      if (fast !== null) return fast;
    }
  } else if (x2 instanceof NDArray) {
    const fast = scalarUfunc(name, x2, x1, true);
    if (fast !== null) return fast;
  }
  if (isOverride(x1)) return x1.__array_ufunc__(name, [x1, x2]);
  if (isOverride(x2)) return x2.__array_ufunc__(name, [x1, x2]);
  const a = operand(x1);
  const b = operand(x2);
  if (a.arr.dtype === "str" || b.arr.dtype === "str") return strBinary(name, a.arr, b.arr);
  const rt = resultType([a, b]);
  const loop = binaryLoop(name, rt);
  const cmp = COMPARISONS.has(name);
  const A = cmp ? compareOperand(a, loop) : toLoop(a, loop);
  const B = cmp ? compareOperand(b, loop) : toLoop(b, loop);
  const outDtype = cmp || LOGICAL.has(name) ? "bool" : loop;
  return map2(A, B, outDtype, kernelFor(name, loop), undefined, fastOp(name, loop));
}

/**
 * An array with a Python scalar under NEP 50, where the scalar is weak and the array's dtype is the loop's: a float
 * array with a Python int or float (`x / 255.0`, `1 - p`, `x * 2`), the scalar rounded into the float dtype
 * (scalarToLoop's cast); an integer array with a Python int its dtype holds (`ids + 1`, `label == 1`), whose ufunc
 * loop is that dtype. null for anything else, which the general path decides: numpy 1.x's value-based rules (they
 * can widen a float32 loop to float64), a Python float with an integer array, an int out of the dtype's range (an
 * OverflowError, or a comparison made exact), a loop of another dtype (`ids / 2` is float64).
 */
function scalarUfunc(name: BinaryName, arr: NDArray, scalar: unknown, scalarFirst: boolean): NDArray | null {
  let v: number;
  let pyInt = false;
  if (typeof scalar === "number") {
    v = scalar;
    pyInt = Number.isInteger(v);
  } else if (scalar instanceof WeakFloat) v = scalar.value;
  else return null;
  const d = arr.dtype;
  if (getPromotionRules() !== "nep50") return null;
  let sv: number;
  if (d === "float32") sv = Math.fround(v);
  else if (d === "float64") sv = v;
  else {
    const info = DTYPE_INFO[d];
    if (!pyInt || (info.kind !== "i" && info.kind !== "u") || v < info.min || v > info.max) return null;
    sv = v;
  }
  const loop = binaryLoop(name, d);
  if (loop !== d) return null;
  const s = scalarArray(sv, loop);
  const outDtype = COMPARISONS.has(name) || LOGICAL.has(name) ? "bool" : loop;
  const kernel = kernelFor(name, loop);
  const op = fastOp(name, loop);
  return scalarFirst ? map2(s, arr, outDtype, kernel, undefined, op) : map2(arr, s, outDtype, kernel, undefined, op);
}

/** An unused kernel for the loops map2 runs as an opcode (Add, Sub, ...): no closure made per call. */
const OPCODE_KERNEL: K2 = () => NaN;
const KERNELS = new Map<BinaryName, Map<DType, K2>>();

/** binaryKernel, made once per ufunc and loop dtype. */
function kernelFor(name: BinaryName, loop: DType): K2 {
  if (fastOp(name, loop) !== Op.Generic) return OPCODE_KERNEL;
  let byLoop = KERNELS.get(name);
  if (byLoop === undefined) KERNELS.set(name, (byLoop = new Map()));
  let k = byLoop.get(loop);
  if (k === undefined) byLoop.set(loop, (k = binaryKernel(name, loop)));
  return k;
}

/** Kernels whose plain JS operator is exactly numpy's for this loop dtype (the store does the rounding/wrap). */
function fastOp(name: BinaryName, loop: DType): Op {
  const info = DTYPE_INFO[loop];
  switch (name) {
    case "add":
      return info.kind === "b" ? Op.Generic : Op.Add;
    case "subtract":
      return Op.Sub;
    case "multiply":
      return info.kind === "f" || (info.kind !== "b" && info.bits <= 16) ? Op.Mul : Op.Generic;
    case "divide":
      return Op.Div;
    case "less":
      return Op.Lt;
    case "less_equal":
      return Op.Le;
    case "greater":
      return Op.Gt;
    case "greater_equal":
      return Op.Ge;
    case "equal":
      return Op.Eq;
    case "not_equal":
      return Op.Ne;
    default:
      return Op.Generic;
  }
}

/** The dtype a binary ufunc produces for these operands (used by in-place operators). */
export function binaryResultDType(name: BinaryName, x1: unknown, x2: unknown): DType {
  const rt = resultType([operand(x1), operand(x2)]);
  const loop = binaryLoop(name, rt);
  return COMPARISONS.has(name) || LOGICAL.has(name) ? "bool" : loop;
}

// ---- unary ufuncs --------------------------------------------------------------------------------------------

export type UnaryName =
  | "negative"
  | "positive"
  | "absolute"
  | "sign"
  | "exp"
  | "expm1"
  | "exp2"
  | "log"
  | "log1p"
  | "log2"
  | "log10"
  | "sqrt"
  | "cbrt"
  | "square"
  | "reciprocal"
  | "sin"
  | "cos"
  | "tan"
  | "arcsin"
  | "arccos"
  | "arctan"
  | "sinh"
  | "cosh"
  | "tanh"
  | "arcsinh"
  | "arccosh"
  | "arctanh"
  | "deg2rad"
  | "rad2deg"
  | "floor"
  | "ceil"
  | "trunc"
  | "rint"
  | "isnan"
  | "isinf"
  | "isfinite"
  | "signbit"
  | "logical_not"
  | "invert";

const FLOAT_FUNCS: Partial<Record<UnaryName, K1>> = {
  exp: Math.exp,
  expm1: Math.expm1,
  exp2: (x) => Math.pow(2, x),
  log: Math.log,
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsinh: Math.asinh,
  arccosh: Math.acosh,
  arctanh: Math.atanh,
  deg2rad: (x) => x * (Math.PI / 180),
  rad2deg: (x) => x * (180 / Math.PI),
  floor: Math.floor,
  ceil: Math.ceil,
  trunc: Math.trunc,
  rint,
};

// The kernels of unaryUfunc that capture nothing, made once rather than as a closure per call.
const NEG_FLOAT: K1 = (v) => -v;
// `0 - v`, not `-v`: int64 lives in a Float64Array, where the negative of 0 would be stored as -0.0
const NEG_INT: K1 = (v) => 0 - v;
const IDENTITY: K1 = (v) => v;
const SIGN: K1 = (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v);
const SQUARE: K1 = (v) => v * v;
const SQUARE_INT32: K1 = (v) => Math.imul(v, v);
const SQUARE_INT64: K1 = (v) => mulInt64(v, v);
const RECIPROCAL: K1 = (v) => 1 / v;
const IS_NAN: K1 = (v) => (v !== v ? 1 : 0);
const IS_INF: K1 = (v) => (v === Infinity || v === -Infinity ? 1 : 0);
const IS_FINITE: K1 = (v) => (Number.isFinite(v) ? 1 : 0);
const SIGNBIT: K1 = (v) => (v < 0 || Object.is(v, -0) ? 1 : 0);
const LOGICAL_NOT: K1 = (v) => (v === 0 ? 1 : 0);
const INVERT_SIGNED: K1 = (v) => -v - 1;

export function unaryUfunc(name: UnaryName, x: ArrayUfuncOverride): unknown;
export function unaryUfunc(name: UnaryName, x: unknown): NDArray;
export function unaryUfunc(name: UnaryName, x: unknown): unknown {
  if (isOverride(x)) return x.__array_ufunc__(name, [x]);
  const a = asArray(x);
  const d = a.dtype;
  if (d === "str") noLoop(name);
  const kind = DTYPE_INFO[d].kind;
  const bits = DTYPE_INFO[d].bits;
  const ff = FLOAT_FUNCS[name];
  if (ff) {
    const loop = floatLoop(d);
    if (name === "deg2rad" || name === "rad2deg") {
      // numpy multiplies by a constant rounded to the loop dtype.
      const c = loop === "float32" ? Math.fround(name === "deg2rad" ? Math.PI / 180 : 180 / Math.PI) : undefined;
      if (c !== undefined) return map1(a, loop, (v) => v * c);
    }
    return map1(a, loop, ff);
  }
  switch (name) {
    case "negative":
      if (kind === "b")
        throw pyError(
          "TypeError",
          "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
        );
      return map1(a, d, kind === "f" ? NEG_FLOAT : NEG_INT);
    case "positive":
      if (kind === "b") noLoop("positive");
      return map1(a, d, IDENTITY);
    case "absolute":
      return map1(a, d, Math.abs);
    case "sign":
      if (kind === "b") noLoop("sign");
      return map1(a, d, SIGN);
    case "square":
      if (kind === "b") return map1(a, "int8", SQUARE);
      if (kind === "f" || bits <= 16) return map1(a, d, SQUARE);
      if (bits === 32) return map1(a, d, SQUARE_INT32);
      return map1(a, d, SQUARE_INT64);
    case "reciprocal":
      if (kind === "f") return map1(a, d, RECIPROCAL);
      return map1(a, kind === "b" ? "int8" : d, (v) => castFloat(1 / v, kind === "b" ? "int8" : d));
    case "isnan":
      return map1(a, "bool", IS_NAN);
    case "isinf":
      return map1(a, "bool", IS_INF);
    case "isfinite":
      return map1(a, "bool", IS_FINITE);
    case "signbit":
      return map1(a, "bool", SIGNBIT);
    case "logical_not":
      return map1(a, "bool", LOGICAL_NOT);
    case "invert":
      if (kind === "b") return map1(a, "bool", LOGICAL_NOT);
      if (kind === "f") noLoop("invert");
      if (kind === "u") {
        const m = DTYPE_INFO[d].max;
        return map1(a, d, (v) => m - v);
      }
      return map1(a, d, INVERT_SIGNED);
    default:
      throw pyError("AttributeError", `module 'numpy' has no attribute '${name}'`);
  }
}

// ---- functions built on the loops -----------------------------------------------------------------------------

/** numpy.round / around: multiply by 10**decimals, round half to even, divide (each step in the array's dtype). */
export function round(a: ArrayUfuncOverride, decimals?: number): unknown;
export function round(a: unknown, decimals?: number): NDArray;
export function round(a: unknown, decimals = 0): unknown {
  if (isOverride(a) && a.__array_function__) return a.__array_function__("round", [decimals]);
  const x = asArray(a);
  const d = x.dtype;
  const kind = DTYPE_INFO[d].kind;
  if (!Number.isInteger(decimals)) throw pyError("TypeError", "'float' object cannot be interpreted as an integer");
  if (kind !== "f" && decimals >= 0) {
    if (kind === "b") return map1(x, "float32", (v) => v);
    return map1(x, d, (v) => v);
  }
  const p = powerOfTen(Math.abs(decimals));
  if (kind !== "f") {
    // Integers with negative decimals: computed in float64, cast back.
    return map1(x, d, (v) => castFloat(rint(v / p) * p, d));
  }
  if (d === "float32") {
    const f = Math.fround;
    const pf = f(p);
    if (decimals >= 0) return map1(x, d, (v) => (decimals === 0 ? rint(v) : f(rint(f(v * pf)) / pf)));
    return map1(x, d, (v) => f(rint(f(v / pf)) * pf));
  }
  if (decimals === 0) return map1(x, d, rint);
  if (decimals > 0) return map1(x, d, (v) => rint(v * p) / p);
  return map1(x, d, (v) => rint(v / p) * p);
}

function powerOfTen(n: number): number {
  const p10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  if (n < 9) return p10[n];
  let r = 1e9;
  while (n-- > 9) r *= 10;
  return r;
}

/** numpy.clip(a, a_min, a_max); either bound may be None. */
export function clip(a: ArrayUfuncOverride, a_min?: unknown, a_max?: unknown): unknown;
export function clip(a: unknown, a_min?: unknown, a_max?: unknown): NDArray;
export function clip(a: unknown, a_min: unknown = null, a_max: unknown = null): unknown {
  if (isOverride(a) && a.__array_function__) return a.__array_function__("clip", [a_min ?? null, a_max ?? null]);
  let lo = a_min === undefined ? null : a_min;
  let hi = a_max === undefined ? null : a_max;
  if (lo === null && hi === null) throw pyError("ValueError", "One of max or min must be given");
  if (getPromotionRules() === "legacy") {
    // numpy 1.x treats a scalar NaN bound as "no bound" (deprecated; numpy 2 propagates the NaN).
    if (isScalarNan(lo)) lo = -Infinity;
    if (isScalarNan(hi)) hi = Infinity;
  }
  if (lo === null) return binaryUfunc("minimum", a, hi);
  if (hi === null) return binaryUfunc("maximum", a, lo);
  const ops = [operand(a), operand(lo), operand(hi)];
  const rt = resultType(ops);
  const [A, L, H] = ops.map((o) => toLoop(o, rt));
  // numpy: _NPY_MIN(_NPY_MAX(x, lo), hi), where a NaN first operand wins and ties give the bound.
  return map3(A, L, H, rt, DTYPE_INFO[rt].kind === "f" ? CLIP_FLOAT : CLIP_INT);
}

const CLIP_FLOAT: K3 = (x, l, h) => {
  const m = x !== x || x > l ? x : l;
  return m !== m || m < h ? m : h;
};
const CLIP_INT: K3 = (x, l, h) => {
  const m = x > l ? x : l;
  return m < h ? m : h;
};

function isScalarNan(v: unknown): boolean {
  if (typeof v === "number") return Number.isNaN(v);
  if (v instanceof NDArray) return v.ndim === 0 && Number.isNaN(v.data[v.offset]);
  return false;
}

/** numpy.where(condition, x, y). */
export function where3(condition: unknown, x: unknown, y: unknown): NDArray {
  const c = asArray(condition);
  const ox = operand(x);
  const oy = operand(y);
  const rt = resultType([ox, oy]);
  return map3(c, toLoop(ox, rt), toLoop(oy, rt), rt, (k, p, q) => (k !== 0 ? p : q));
}

/** numpy.nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None). */
export function nan_to_num(
  x: unknown,
  copy: unknown = true,
  nan: unknown = 0,
  posinf: unknown = null,
  neginf: unknown = null,
): NDArray {
  const a = asArray(x);
  const d = a.dtype;
  if (DTYPE_INFO[d].kind !== "f") return copy === false ? a : map1(a, d, (v) => v);
  const num = (v: unknown, dflt: number): number =>
    v === null || v === undefined ? dflt : v instanceof WeakFloat ? v.value : v instanceof NDArray ? Number(v.item()) : Number(v);
  const fmax = DTYPE_INFO[d].max;
  const n0 = num(nan, 0);
  const pi = num(posinf, fmax);
  const ni = num(neginf, -fmax);
  const f = (v: number): number => (v !== v ? n0 : v === Infinity ? pi : v === -Infinity ? ni : v);
  if (copy === false) {
    const res = map1(a, d, f);
    assignInto(a, res, null);
    return a;
  }
  return map1(a, d, f);
}

/** numpy.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False), evaluated in numpy's dtypes and order. */
export function isclose(a: unknown, b: unknown, rtol: unknown = 1e-5, atol: unknown = 1e-8, equal_nan: unknown = false): NDArray {
  const ox = operand(a);
  const oyRaw = operand(b);
  // numpy makes y inexact: result_type(y, 1.0).
  const yd = resultType([oyRaw, operand(new WeakFloat(1))]);
  const oy: Operand = { arr: oyRaw.arr.dtype === yd ? oyRaw.arr : toLoop(oyRaw, yd), py: oyRaw.py };
  const rt = resultType([ox, oy]);
  const loop = DTYPE_INFO[rt].kind === "f" ? rt : "float64";
  const rtolN = Number(rtol instanceof NDArray ? rtol.item() : rtol);
  const atolN = Number(atol instanceof NDArray ? atol.item() : atol);
  const eqNan = equal_nan === true || (equal_nan instanceof NDArray && equal_nan.item() === true);
  const A = toLoop(ox, loop);
  const B = toLoop(oy, loop);
  if (loop === "float32") {
    const f = Math.fround;
    const rt32 = f(rtolN);
    const at32 = f(atolN);
    return map2(A, B, "bool", (x, y) => {
      if (Number.isFinite(x) && Number.isFinite(y)) return f(Math.abs(f(x - y))) <= f(at32 + f(rt32 * Math.abs(y))) ? 1 : 0;
      if (x !== x || y !== y) return eqNan && x !== x && y !== y ? 1 : 0;
      return x === y ? 1 : 0;
    });
  }
  return map2(A, B, "bool", (x, y) => {
    if (Number.isFinite(x) && Number.isFinite(y)) return Math.abs(x - y) <= atolN + rtolN * Math.abs(y) ? 1 : 0;
    if (x !== x || y !== y) return eqNan && x !== x && y !== y ? 1 : 0;
    return x === y ? 1 : 0;
  });
}
