// numpy half of the runtime: what translated `np.*` calls, ndarray methods/attributes and operators on arrays reach.
// Functions take numpy's positional parameters in numpy's order (np-signatures.ts lists them, so the translator can
// place keyword arguments). Python values: None -> null, int/float -> number (integral float literals as WeakFloat),
// bool -> boolean, list -> Array, tuple -> tuple()-marked Array, numpy scalars -> 0-d NDArray.
//
// Known differences from numpy (all deliberate, see the tests):
// - no float16/uint64/complex dtypes: where numpy computes in float16 (float functions of bool/int8/uint8, round
//   of bool) the runtime uses float32; unsigned sums/cumsums/prods, which numpy accumulates in uint64, use int64.
// - int64 is held in doubles: exact to +-2^53; products and shifts wrap at 2^64 but lose low bits past 2^53.
// - float32 transcendental functions (exp, log, sin, ...) are the correctly rounded double result rounded once;
//   numpy's SIMD float32 kernels are up to ~3 ulp away from that. + - * / sqrt are bit-identical.
// - argsort is always stable (numpy's default quicksort is stable only up to 16 elements); dot/matmul accumulate
//   in float64 (BLAS sums float32 in float32, in its own order).
// - overlapping fancy assignment (x[[1, 2]] = x[:2]) reads the source first, as numpy >= 2.0.1 does.
import { pyError, Slice, tuple, WeakFloat } from "./core.ts";
import {
  allocate,
  StrArray,
  castFloat,
  castValue,
  DTYPE_INFO,
  formatArray,
  NDArray,
  shapeSize,
  type DType,
  type TypedArray,
} from "./ndarray.ts";
import {
  array as arrayImpl,
  asArray,
  asarray as asarrayImpl,
  astype as astypeImpl,
  broadcastTo,
  canCastSameKind as canCastSameKindImpl,
  getPromotionRules,
  normAxis,
  operand,
  promote,
  pyScalarTo,
  result_type as resultTypeImpl,
  resultType,
  scalarArray,
  setPromotionRules,
  tagDType,
  toDType,
  toShape,
  type PromotionRules,
} from "./np-base.ts";
import {
  assignInto,
  binaryResultDType,
  binaryUfunc,
  clip as clipImpl,
  floatLoop,
  isclose as iscloseImpl,
  nan_to_num as nanToNumImpl,
  round as roundImpl,
  unaryUfunc,
  where3,
  type BinaryName,
  type UnaryName,
} from "./np-ufunc.ts";
import * as S from "./np-shape.ts";
import * as R from "./np-reduce.ts";
import { argwhereArray, getitem as getitemImpl, nonzeroArrays, setitem as setitemImpl } from "./np-index.ts";
import { NDARRAY_METHODS } from "./np-signatures.ts";
import { torchView } from "./torch-view.ts";
import { BINARY_OPERATORS, COMPARISON_OPERATORS } from "./operators.ts";

export { NDArray, setPromotionRules, getPromotionRules };
export type { DType, PromotionRules };

// ---- constants -----------------------------------------------------------------------------------------------

export const pi = Math.PI;
export const e = Math.E;
export const inf = Infinity;
export const nan = NaN;
export const newaxis = null;
export const euler_gamma = 0.5772156649015329;

// ---- creation ------------------------------------------------------------------------------------------------

export function array(object: unknown, dtype: unknown = null): NDArray {
  return arrayImpl(object, dtype);
}

export function asarray(a: unknown, dtype: unknown = null): NDArray {
  return asarrayImpl(a, dtype);
}

export const asanyarray = asarray;
export const ascontiguousarray = (a: unknown, dtype: unknown = null): NDArray => {
  const x = asarrayImpl(a, dtype);
  return x.isContiguous ? (x.ndim === 0 ? S.reshape(x, [1]) : x) : x.copy();
};

function filled(shape: unknown, value: number, dtype: DType): NDArray {
  const sh = toShape(shape);
  const d = allocate(dtype, shapeSize(sh));
  if (value !== 0) d.fill(dtype === "str" ? (String(value) as unknown as number) : value);
  return new NDArray(d, sh, dtype);
}

export function zeros(shape: unknown, dtype: unknown = null): NDArray {
  return filled(shape, 0, toDType(dtype) ?? "float64");
}

export function ones(shape: unknown, dtype: unknown = null): NDArray {
  return filled(shape, 1, toDType(dtype) ?? "float64");
}

/** numpy.empty: zero-filled (numpy leaves memory uninitialized; zeros is a valid "anything"). */
export function empty(shape: unknown, dtype: unknown = null): NDArray {
  return zeros(shape, dtype);
}

export function full(shape: unknown, fill_value: unknown, dtype: unknown = null): NDArray {
  const want = toDType(dtype);
  const fv = fill_value instanceof NDArray ? fill_value : arrayImpl(fill_value, want);
  const d = want ?? fv.dtype;
  const out = filled(shape, 0, d);
  assignInto(out, fv, fv.dtype === d ? null : (v) => castValue(v, fv.dtype, d));
  return out;
}

export function zeros_like(a: unknown, dtype: unknown = null): NDArray {
  const x = asArray(a);
  return filled(x.shape, 0, toDType(dtype) ?? x.dtype);
}

export function ones_like(a: unknown, dtype: unknown = null): NDArray {
  const x = asArray(a);
  return filled(x.shape, 1, toDType(dtype) ?? x.dtype);
}

export function empty_like(a: unknown, dtype: unknown = null): NDArray {
  return zeros_like(a, dtype);
}

export function full_like(a: unknown, fill_value: unknown, dtype: unknown = null): NDArray {
  const x = asArray(a);
  const d = toDType(dtype) ?? x.dtype;
  const fv = asArray(fill_value instanceof WeakFloat ? fill_value.value : fill_value);
  const out = filled(x.shape, 0, d);
  // numpy copies the fill value in with unsafe casting.
  assignInto(out, fv, fv.dtype === d ? null : (v) => castValue(v, fv.dtype, d));
  return out;
}

function num(x: unknown): number {
  if (x instanceof WeakFloat) return x.value;
  if (x instanceof NDArray) return Number(x.item());
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x !== "number") throw pyError("TypeError", `expected a number, got ${typeof x}`);
  return x;
}

function isPyFloat(x: unknown): boolean {
  return x instanceof WeakFloat || (typeof x === "number" && !Number.isInteger(x));
}

/** numpy.arange with numpy's length rule and fill (start + i*delta in the result dtype). */
export function arange(start: unknown, stop: unknown = null, step: unknown = null, dtype: unknown = null): NDArray {
  let lo = start;
  let hi = stop;
  if (hi === null || hi === undefined) {
    hi = lo;
    lo = 0;
  }
  const st = step === null || step === undefined ? 1 : step;
  const parts = [lo, hi, st];
  let inferred: DType = "int64";
  for (const p of parts) {
    if (p instanceof NDArray) inferred = promote(inferred, p.dtype);
    else if (isPyFloat(p)) inferred = promote(inferred, "float64");
  }
  const d = toDType(dtype) ?? inferred;
  const a = num(lo);
  const b = num(hi);
  const s = num(st);
  if (s === 0) throw pyError("ZeroDivisionError", "division by zero");
  const lenF = Math.ceil((b - a) / s);
  if (!Number.isFinite(lenF)) throw pyError("ValueError", "arange: cannot compute length");
  const n = Math.max(0, lenF);
  const out = allocate(d, n);
  const isF = DTYPE_INFO[d].kind === "f";
  const cast = (v: number): number => (isF || !Number.isInteger(v) ? castFloat(v, d) : castValue(v, "int64", d));
  if (n > 0) out[0] = cast(a);
  if (n > 1) out[1] = cast(a + s);
  if (n > 2) {
    const b0 = out[0];
    const delta = out[1] - b0;
    if (d === "float32") {
      const f = Math.fround;
      const df = f(delta);
      for (let i = 2; i < n; i++) out[i] = f(b0 + f(f(i) * df));
    } else if (isF) for (let i = 2; i < n; i++) out[i] = b0 + i * delta;
    else for (let i = 2; i < n; i++) out[i] = b0 + i * delta;
  }
  return new NDArray(out, [n], d);
}

export function linspace(
  start: unknown,
  stop: unknown,
  num_: unknown = 50,
  endpoint: unknown = true,
  retstep: unknown = false,
  dtype: unknown = null,
  axis: unknown = 0,
): NDArray | unknown[] {
  const n = num(num_);
  if (!Number.isInteger(n)) throw pyError("TypeError", "'float' object cannot be interpreted as an integer");
  if (n < 0) throw pyError("ValueError", `Number of samples, ${n}, must be non-negative.`);
  const want = toDType(dtype);
  const ep = endpoint !== false;
  const div = ep ? n - 1 : n;
  const s0 = binaryUfunc("multiply", start, new WeakFloat(1));
  const s1 = binaryUfunc("multiply", stop, new WeakFloat(1));
  const dt = resultType([
    { arr: s0, py: null },
    { arr: s1, py: null },
    operand(new WeakFloat(n)),
  ]);
  const delta = binaryUfunc("subtract", s1, s0);
  let y: NDArray = arange(0, n, 1, dt);
  if (delta.ndim > 0) y = S.reshape(y, [-1, ...delta.shape.map(() => 1)]);
  let stepv: NDArray | number;
  if (div > 0) {
    const stepArr = binaryUfunc("divide", delta, div);
    stepv = stepArr;
    const anyZero = R.any(binaryUfunc("equal", stepArr, 0)).values()[0] !== 0;
    if (anyZero) y = binaryUfunc("multiply", binaryUfunc("divide", y, div), delta);
    else y = binaryUfunc("multiply", y, stepArr);
  } else {
    stepv = NaN;
    y = binaryUfunc("multiply", y, delta);
  }
  y = binaryUfunc("add", y, s0);
  if (y.dtype !== dt) y = astypeImpl(y, dt);
  if (ep && n > 1) setitemImpl(y, -1, s1);
  const ax = num(axis);
  if (ax !== 0) y = S.moveaxis(y, 0, ax);
  let res = y;
  if (want && DTYPE_INFO[want].kind !== "f" && want !== "bool") res = unaryUfunc("floor", res);
  if (want && want !== res.dtype) res = astypeImpl(res, want);
  if (retstep === true) return tuple([res, stepv]);
  return res;
}

export function eye(N: unknown, M: unknown = null, k: unknown = 0, dtype: unknown = null): NDArray {
  const n = num(N);
  const m = M === null || M === undefined ? n : num(M);
  const kk = num(k);
  const d = toDType(dtype) ?? "float64";
  const out = allocate(d, n * m);
  for (let i = 0; i < n; i++) {
    const j = i + kk;
    if (j >= 0 && j < m) out[i * m + j] = 1;
  }
  return new NDArray(out, [n, m], d);
}

export function identity(n: unknown, dtype: unknown = null): NDArray {
  return eye(n, null, 0, dtype);
}

export function copy(a: unknown): NDArray {
  return asArray(a).copy();
}

// ---- numpy scalar types --------------------------------------------------------------------------------------

function scalarType(d: DType): (x?: unknown) => NDArray {
  const f = (x: unknown = 0): NDArray => {
    if (x instanceof NDArray) return x.dtype === d ? (x.ndim === 0 ? x.copy() : astypeImpl(x, d)) : astypeImpl(x, d);
    if (Array.isArray(x)) return arrayImpl(x, d);
    if (typeof x === "string") {
      const t = x.trim().toLowerCase();
      const v = t === "nan" ? NaN : t === "inf" || t === "infinity" ? Infinity : t === "-inf" ? -Infinity : Number(t);
      if (t === "" || Number.isNaN(v) && t !== "nan")
        throw pyError("ValueError", `could not convert string to ${DTYPE_INFO[d].kind === "f" ? "float" : "int"}: '${x}'`);
      return arrayImpl(DTYPE_INFO[d].kind === "f" ? new WeakFloat(v) : v, d);
    }
    if (x === null || x === undefined) {
      if (DTYPE_INFO[d].kind === "f") return arrayImpl(NaN, d);
      throw pyError("TypeError", `int() argument must be a string, a bytes-like object or a real number, not 'NoneType'`);
    }
    return scalarArray(pyScalarTo(x as number | boolean | WeakFloat, d), d);
  };
  return tagDType(f, d);
}

export const float32 = scalarType("float32");
export const float64 = scalarType("float64");
export const int64 = scalarType("int64");
export const int32 = scalarType("int32");
export const int16 = scalarType("int16");
export const int8 = scalarType("int8");
export const uint8 = scalarType("uint8");
export const uint16 = scalarType("uint16");
export const uint32 = scalarType("uint32");
export const bool_ = scalarType("bool");
export const float_ = float64;
export const double = float64;
export const single = float32;
export const int_ = int64;
export const intp = int64;
export const intc = int32;
export const ubyte = uint8;
export const byte = int8;
export const short = int16;
export const ushort = uint16;

// ---- elementwise ---------------------------------------------------------------------------------------------

const bin =
  (name: BinaryName) =>
  (x1: unknown, x2: unknown): NDArray =>
    binaryUfunc(name, x1, x2);
const un =
  (name: UnaryName) =>
  (x: unknown): NDArray =>
    unaryUfunc(name, x);

export const add = bin("add");
export const subtract = bin("subtract");
export const multiply = bin("multiply");
export const divide = bin("divide");
export const true_divide = divide;
export const floor_divide = bin("floor_divide");
export const remainder = bin("remainder");
export const mod = remainder;
export const power = bin("power");
export const float_power = (x1: unknown, x2: unknown): NDArray =>
  binaryUfunc("power", astypeImpl(asArray(x1), "float64"), astypeImpl(asArray(x2), "float64"));
export const maximum = bin("maximum");
export const minimum = bin("minimum");
export const fmax = bin("fmax");
export const fmin = bin("fmin");
export const equal = bin("equal");
export const not_equal = bin("not_equal");
export const less = bin("less");
export const less_equal = bin("less_equal");
export const greater = bin("greater");
export const greater_equal = bin("greater_equal");
export const logical_and = bin("logical_and");
export const logical_or = bin("logical_or");
export const logical_xor = bin("logical_xor");
export const bitwise_and = bin("bitwise_and");
export const bitwise_or = bin("bitwise_or");
export const bitwise_xor = bin("bitwise_xor");
export const left_shift = bin("left_shift");
export const right_shift = bin("right_shift");
export const arctan2 = bin("arctan2");
export const hypot = bin("hypot");

export function divmod(x1: unknown, x2: unknown): unknown[] {
  return tuple([floor_divide(x1, x2), remainder(x1, x2)]);
}

export const negative = un("negative");
export const positive = un("positive");
export const absolute = un("absolute");
export const abs = absolute;
export const fabs = (x: unknown): NDArray => {
  const a = asArray(x);
  const loop = floatLoop(a.dtype);
  return unaryUfunc("absolute", a.dtype === loop ? a : astypeImpl(a, loop));
};
export const sign = un("sign");
export const exp = un("exp");
export const expm1 = un("expm1");
export const exp2 = un("exp2");
export const log = un("log");
export const log1p = un("log1p");
export const log2 = un("log2");
export const log10 = un("log10");
export const sqrt = un("sqrt");
export const cbrt = un("cbrt");
export const square = un("square");
export const reciprocal = un("reciprocal");
export const sin = un("sin");
export const cos = un("cos");
export const tan = un("tan");
export const arcsin = un("arcsin");
export const arccos = un("arccos");
export const arctan = un("arctan");
export const sinh = un("sinh");
export const cosh = un("cosh");
export const tanh = un("tanh");
export const arcsinh = un("arcsinh");
export const arccosh = un("arccosh");
export const arctanh = un("arctanh");
export const deg2rad = un("deg2rad");
export const rad2deg = un("rad2deg");
export const radians = deg2rad;
export const degrees = rad2deg;
export const floor = un("floor");
export const ceil = un("ceil");
export const trunc = un("trunc");
export const fix = trunc;
export const rint = un("rint");
export const isnan = un("isnan");
export const isinf = un("isinf");
export const isfinite = un("isfinite");
export const signbit = un("signbit");
export const logical_not = un("logical_not");
export const invert = un("invert");
export const bitwise_not = invert;

export function round(a: unknown, decimals: unknown = 0): NDArray {
  return roundImpl(a, num(decimals));
}
export const around = round;
export const round_ = round;

export { clipImpl as clip, nanToNumImpl as nan_to_num };

export function isclose(a: unknown, b: unknown, rtol: unknown = 1e-5, atol: unknown = 1e-8, equal_nan: unknown = false): NDArray {
  return iscloseImpl(a, b, num(rtol), num(atol), equal_nan === true);
}

/** numpy.allclose: a Python bool. */
export function allclose(a: unknown, b: unknown, rtol: unknown = 1e-5, atol: unknown = 1e-8, equal_nan: unknown = false): boolean {
  const r = isclose(a, b, rtol, atol, equal_nan).values();
  for (let i = 0; i < r.length; i++) if (r[i] === 0) return false;
  return true;
}

/** numpy.array_equal: a Python bool. */
export function array_equal(a1: unknown, a2: unknown, equal_nan: unknown = false): boolean {
  const x = asArray(a1);
  const y = asArray(a2);
  if (x.ndim !== y.ndim || x.shape.some((n, i) => n !== y.shape[i])) return false;
  const xv = x.values();
  const yv = y.values();
  for (let i = 0; i < xv.length; i++) {
    if (xv[i] !== yv[i]) {
      if (equal_nan === true && xv[i] !== xv[i] && yv[i] !== yv[i]) continue;
      return false;
    }
  }
  return true;
}

/** numpy.where(condition, x, y), or where(condition) = nonzero(condition). */
export function where(condition: unknown, x?: unknown, y?: unknown): NDArray | unknown[] {
  if (x === undefined && y === undefined) return nonzero(condition);
  if (x === undefined || y === undefined) throw pyError("ValueError", "either both or neither of x and y should be given");
  return where3(condition, x, y);
}

/**
 * numpy.select(condlist, choicelist, default=0): per element, the choice of the first true condition, else the
 * default; in the dtype of the choices, then the default (numpy 1.24's two result_type steps).
 */
export function select(condlist: unknown, choicelist: unknown, default_: unknown = 0): NDArray {
  const conds = itemsOf(condlist);
  const choices = itemsOf(choicelist).map(asArray);
  if (conds.length !== choices.length) throw pyError("ValueError", "list of cases must be same length as list of conditions");
  if (conds.length === 0) throw pyError("ValueError", "select with an empty condition list is not possible");
  const dflt = asArray(default_);
  const dtype = resultTypeImpl(resultType(choices.map((arr) => ({ arr, py: null }))), dflt);
  const bc = S.broadcastArrays(...conds);
  const bh = S.broadcastArrays(...choices, dflt);
  bc.forEach((c, i) => {
    if (c.dtype !== "bool") throw pyError("TypeError", `invalid entry ${i} in condlist: should be boolean ndarray`);
  });
  const shape = bh[0].ndim === 0 ? bc[0].shape : S.broadcastArrays(bc[0], bh[0])[0].shape;
  // the default first, then each choice where its condition holds, last to first: the first true condition wins
  let out = full(shape, bh[bh.length - 1], dtype);
  for (let i = conds.length - 1; i >= 0; i--) out = where3(bc[i], bh[i].dtype === dtype ? bh[i] : astypeImpl(bh[i], dtype), out);
  return out;
}

/** The items of a Python list or tuple, or the sub-arrays along the first axis of an array. */
function itemsOf(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const a = asArray(x);
  if (a.ndim === 0) throw pyError("TypeError", "len() of unsized object");
  return iterate(a);
}

export function nonzero(a: unknown): unknown[] {
  return tuple(nonzeroArrays(asArray(a)));
}

export function argwhere(a: unknown): NDArray {
  return argwhereArray(asArray(a));
}

export function flatnonzero(a: unknown): NDArray {
  return nonzeroArrays(S.ravel(asArray(a)))[0];
}

export const count_nonzero = R.count_nonzero;
export const unique = R.unique;
export const searchsorted = R.searchsorted;
export const digitize = R.digitize;
export const cumsum = R.cumsum;
export const cumprod = R.cumprod;
export const diff = R.diff;

// ---- reductions ----------------------------------------------------------------------------------------------

export const sum = R.sum;
export const prod = R.prod;
export const mean = R.mean;
export const std = R.std;
const var_ = R.var_;
export { var_ as var };
export const amin = R.amin;
export const amax = R.amax;
export const min = R.amin;
export const max = R.amax;
export const argmax = R.argmax;
export const argmin = R.argmin;
export const any = R.any;
export const all = R.all;
export const median = R.median;
export const nansum = R.nansum;
export const nanmean = R.nanmean;
export const nanmax = R.nanmax;
export const nanmin = R.nanmin;

export function average(a: unknown, axis: unknown = null, weights: unknown = null): NDArray {
  if (weights === null || weights === undefined) return R.mean(a, axis);
  const x = asArray(a);
  let w = asArray(weights);
  if (w.ndim === 1 && x.ndim > 1 && axis !== null && axis !== undefined) {
    const ax = normAxis(axis as number, x.ndim);
    w = S.reshape(w, x.shape.map((n, i) => (i === ax ? n : 1)));
  }
  const scl = R.sum(broadcastTo(w, x.shape), axis);
  return binaryUfunc("divide", R.sum(binaryUfunc("multiply", x, w), axis), scl);
}

export function ptp(a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray {
  return binaryUfunc("subtract", R.amax(a, axis, keepdims), R.amin(a, axis, keepdims));
}

// ---- sorting -------------------------------------------------------------------------------------------------

export const sort = R.sort;
export const argsort = R.argsort;

// ---- shape ---------------------------------------------------------------------------------------------------

export const reshape = S.reshape;
export const ravel = S.ravel;
export const transpose = S.transpose;
export const swapaxes = S.swapaxes;
export const moveaxis = S.moveaxis;
export const expand_dims = S.expand_dims;
export const squeeze = S.squeeze;
export const concatenate = S.concatenate;
export const stack = S.stack;
export const vstack = S.vstack;
export const row_stack = S.vstack;
export const hstack = S.hstack;
export const column_stack = S.column_stack;
export const c_ = S.c_;
export const r_ = S.r_;
export const dstack = S.dstack;
export const split = S.split;
export const array_split = S.array_split;
export const pad = S.pad;
export const tile = S.tile;
export const repeat = S.repeat;
export const flip = S.flip;
export const flipud = S.flipud;
export const fliplr = S.fliplr;
export const atleast_1d = S.atleast_1d;
export const atleast_2d = S.atleast_2d;
export const atleast_3d = S.atleast_3d;
export const broadcast_arrays = (...args: unknown[]): NDArray[] => S.broadcastArrays(...args);

export function broadcast_to(array: unknown, shape: unknown): NDArray {
  return broadcastTo(asArray(array), toShape(shape));
}

export function astype(a: unknown, dtype: unknown): NDArray {
  return astypeImpl(asArray(a), dtype);
}

export const dot = R.dot;
export const matmul = R.matmul;
export const outer = R.outer;
export const inner = R.inner;
export const linalg_norm = R.linalg_norm;

export function take(a: unknown, indices: unknown, axis: unknown = null): NDArray {
  const x = asArray(a);
  if (axis === null || axis === undefined) return getitemImpl(S.ravel(x), indices instanceof NDArray || Array.isArray(indices) ? asArray(indices) : indices);
  const ax = normAxis(axis as number, x.ndim);
  const key: unknown[] = [];
  for (let i = 0; i < ax; i++) key.push(new Slice(null, null, null));
  key.push(indices instanceof NDArray || Array.isArray(indices) ? asArray(indices) : indices);
  return getitemImpl(x, tuple(key));
}

export function ndim(a: unknown): number {
  return asArray(a).ndim;
}

export function shape(a: unknown): unknown[] {
  return tuple(asArray(a).shape.slice());
}

export function size(a: unknown, axis: unknown = null): number {
  const x = asArray(a);
  if (axis === null || axis === undefined) return x.size;
  return x.shape[normAxis(axis as number, x.ndim)];
}

export function result_type(...arrays_and_dtypes: unknown[]): string {
  return resultTypeImpl(...arrays_and_dtypes);
}

/** numpy's can_cast(from, to, "same_kind") for runtime dtypes (used for augmented assignment). */
export function canCastSameKind(from: DType, to: DType): boolean {
  return canCastSameKindImpl(from, to);
}

export function promote_types(type1: unknown, type2: unknown): string {
  return promote(toDType(type1) as DType, toDType(type2) as DType);
}

// ---- indexing ------------------------------------------------------------------------------------------------

/** Python `a[key]`. Integer indexing down to 0-d returns a 0-d copy (numpy returns a scalar). */
export function getitem(a: NDArray, key: unknown): NDArray {
  return getitemImpl(asArray(a), key);
}

/** Python `a[key] = value`. */
export function setitem(a: NDArray, key: unknown, value: unknown): void {
  setitemImpl(a, key, value);
}

// ---- the Python half's entry points --------------------------------------------------------------------------

export function isNDArray(x: unknown): x is NDArray {
  return x instanceof NDArray;
}

/** `for x in a`: sub-arrays along axis 0 (views), 0-d copies for a 1-d array (numpy yields scalars). */
export function iterate(a: NDArray): NDArray[] {
  if (a.ndim === 0) throw pyError("TypeError", "iteration over a 0-d array");
  const out: NDArray[] = [];
  if (a.ndim === 1) {
    // numpy scalars: one 0-d copy per element, read by stride (subArray then copy() made a view first)
    for (let i = 0, p = a.offset; i < a.shape[0]; i++, p += a.strides[0]) out.push(scalarArray(a.data[p], a.dtype));
    return out;
  }
  for (let i = 0; i < a.shape[0]; i++) out.push(S.subArray(a, i));
  return out;
}

export function len(a: NDArray): number {
  if (a.ndim === 0) throw pyError("TypeError", "len() of unsized object");
  return a.shape[0];
}

/** numpy's truth value of an array. */
export function truthy(a: NDArray): boolean {
  if (a.size === 1) return a.values()[0] !== 0;
  if (a.size === 0) {
    if (getPromotionRules() === "nep50")
      throw pyError("ValueError", "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.");
    return false;
  }
  throw pyError(
    "ValueError",
    "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
  );
}

/** float(a) / int(a) of a size-1 array: its value as a JS number. */
export function toNumber(a: NDArray): number {
  if (a.size !== 1) throw pyError("TypeError", "only size-1 arrays can be converted to Python scalars");
  // every index of a size-1 array is 0, so its element is at the offset
  return a.data[a.offset];
}

/** `x in a`. */
export function contains(a: NDArray, v: unknown): boolean {
  return R.any(binaryUfunc("equal", a, v)).values()[0] !== 0;
}

/** Python repr() of an array (numpy's array(...) form). */
export function repr(a: NDArray): string {
  return formatArray(a, true);
}

/** Python str() of an array. */
export function str(a: NDArray): string {
  return formatArray(a, false);
}

const ITEMSIZE: Record<DType, number> = {
  float32: 4,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  bool: 1,
  // per character: numpy's <U itemsize is 4 bytes times the width (see itemsize below)
  str: 4,
};

/** numpy's itemsize: a string array's width is its longest element, as numpy infers it from a list. */
function itemsize(a: NDArray): number {
  if (a.dtype !== "str") return ITEMSIZE[a.dtype];
  let w = 1;
  for (const v of a.values() as unknown as string[]) w = Math.max(w, [...v].length);
  return 4 * w;
}

export function ndarrayAttribute(a: NDArray, name: string): unknown {
  switch (name) {
    case "shape":
      return tuple(a.shape.slice());
    case "ndim":
      return a.ndim;
    case "size":
      return a.size;
    case "dtype":
      // a string array's dtype as numpy names it: '<U5', the longest element's width (np-dtype.ts reads it back)
      return a.dtype === "str" ? `<U${itemsize(a) / 4}` : a.dtype;
    case "T":
      return a.T;
    case "real":
      return a;
    case "imag":
      return zeros_like(a);
    case "flat":
      return S.ravel(a);
    case "itemsize":
      return itemsize(a);
    case "nbytes":
      return itemsize(a) * a.size;
    case "strides":
      return tuple(a.strides.map((s) => s * ITEMSIZE[a.dtype]));
    case "base":
      return null;
    default:
      throw pyError("AttributeError", `'numpy.ndarray' object has no attribute '${name}'`);
  }
}

/** Index of the "*name" parameter of each signature (-1: none): signatures are constants, asked on every call. */
const STAR = new WeakMap<readonly string[], number>();

/** Map Python call arguments onto a signature ("*name" collects the remaining positionals). */
export function bindArgs(
  fname: string,
  sig: readonly string[],
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): unknown[] {
  let star = STAR.get(sig);
  if (star === undefined) {
    star = sig.findIndex((p) => p.startsWith("*"));
    STAR.set(sig, star);
  }
  let out: unknown[];
  if (star >= 0) {
    out = new Array<unknown>(sig.length).fill(undefined);
    for (let i = 0; i < star; i++) out[i] = args[i];
    out[star] = args.slice(star);
  } else {
    if (args.length > sig.length)
      throw pyError("TypeError", `${fname}() takes at most ${sig.length} positional arguments (${args.length} given)`);
    // the common call, positional arguments only (x.astype(np.float32), x.reshape(1, -1)): their copy is the answer,
    // without the padded array, the keyword loop and the length change
    let hasKw = false;
    for (const _ in kwargs) {
      hasKw = true;
      break;
    }
    if (!hasKw && (args.length === 0 || args[args.length - 1] !== undefined)) return args.slice();
    out = new Array<unknown>(sig.length).fill(undefined);
    for (let i = 0; i < args.length; i++) out[i] = args[i];
  }
  for (const k of Object.keys(kwargs)) {
    const i = sig.indexOf(k);
    if (i < 0 || (star >= 0 && i === star)) throw pyError("TypeError", `'${k}' is an invalid keyword argument for ${fname}()`);
    if (i < args.length && (star < 0 || i < star))
      throw pyError("TypeError", `argument for ${fname}() given by name ('${k}') and position (${i + 1})`);
    out[i] = kwargs[k];
  }
  let n = out.length;
  while (n > 0 && out[n - 1] === undefined) n--;
  if (n !== out.length) out.length = n;
  return out;
}

function shapeArgs(v: unknown[]): unknown {
  return v.length === 1 && (Array.isArray(v[0]) || v[0] instanceof NDArray || v[0] === null) ? v[0] : v;
}

const dflt = (v: unknown, d: unknown): unknown => (v === undefined ? d : v);

/** Every ndarray method a notebook calls; unknown names raise AttributeError as Python would. */
export function ndarrayMethod(self: NDArray, name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const sig = Object.prototype.hasOwnProperty.call(NDARRAY_METHODS, name) ? NDARRAY_METHODS[name] : undefined;
  if (!sig) throw pyError("AttributeError", `'numpy.ndarray' object has no attribute '${name}'`);
  const p = bindArgs(name, sig, args, kwargs);
  switch (name) {
    case "reshape":
      return S.reshape(self, shapeArgs(p[0] as unknown[]));
    case "astype": {
      const d = toDType(p[0]);
      if (p[4] === false && d === self.dtype) return self;
      return astypeImpl(self, d);
    }
    case "sum":
      return R.sum(self, dflt(p[0], null), dflt(p[1], null), dflt(p[2], false));
    case "prod":
      return R.prod(self, dflt(p[0], null), dflt(p[1], null), dflt(p[2], false));
    case "mean":
      return R.mean(self, dflt(p[0], null), dflt(p[1], null), dflt(p[2], false));
    case "std":
      return R.std(self, dflt(p[0], null), dflt(p[1], null), dflt(p[2], 0), dflt(p[3], false));
    case "var":
      return R.var_(self, dflt(p[0], null), dflt(p[1], null), dflt(p[2], 0), dflt(p[3], false));
    case "min":
      return R.amin(self, dflt(p[0], null), dflt(p[1], false));
    case "max":
      return R.amax(self, dflt(p[0], null), dflt(p[1], false));
    case "argmax":
      return R.argmax(self, dflt(p[0], null), dflt(p[1], false));
    case "argmin":
      return R.argmin(self, dflt(p[0], null), dflt(p[1], false));
    case "argsort":
      return R.argsort(self, dflt(p[0], -1), dflt(p[1], null));
    case "sort":
      R.sortInPlace(self, dflt(p[0], -1));
      return null;
    case "any":
      return R.any(self, dflt(p[0], null), dflt(p[1], false));
    case "all":
      return R.all(self, dflt(p[0], null), dflt(p[1], false));
    case "cumsum":
      return R.cumsum(self, dflt(p[0], null), dflt(p[1], null));
    case "cumprod":
      return R.cumprod(self, dflt(p[0], null), dflt(p[1], null));
    case "round":
      return round(self, dflt(p[0], 0));
    case "clip":
      return clipImpl(self, dflt(p[0], null), dflt(p[1], null));
    case "copy":
      return self.copy();
    case "flatten":
      return S.flatten(self);
    case "ravel":
      return S.ravel(self);
    case "squeeze":
      return S.squeeze(self, dflt(p[0], null));
    case "transpose": {
      const axes = p[0] as unknown[];
      return S.transpose(self, axes.length === 0 ? null : shapeArgs(axes));
    }
    case "swapaxes":
      return S.swapaxes(self, p[0] as number, p[1] as number);
    case "tolist":
      return self.tolist();
    case "item":
      return self.item(...(p[0] as unknown[]).map((v) => num(v)));
    case "fill": {
      const { arr, conv } = fillValue(p[0], self.dtype);
      assignInto(self, arr, conv);
      return null;
    }
    case "dot":
      return R.dot(self, p[0]);
    case "nonzero":
      return nonzero(self);
    case "repeat":
      return S.repeat(self, p[0], dflt(p[1], null));
    case "take":
      return take(self, p[0], dflt(p[1], null));
    case "searchsorted":
      return R.searchsorted(self, p[0], dflt(p[1], "left"));
    case "ptp":
      return ptp(self, dflt(p[0], null), dflt(p[1], false));
    case "conj":
    case "conjugate":
      return self.copy();
    case "view": {
      const shape = p[0] as unknown[];
      return shape.length ? torchView(self, shape) : new NDArray(self.data, self.shape, self.dtype, self.strides, self.offset);
    }
    case "__len__":
      return len(self);
    default:
      throw pyError("AttributeError", `'numpy.ndarray' object has no attribute '${name}'`);
  }
}

function fillValue(v: unknown, d: DType): { arr: NDArray; conv: ((x: number) => number) | null } {
  if (typeof v === "number" || typeof v === "boolean" || v instanceof WeakFloat) {
    return { arr: scalarArray(pyScalarTo(v, d), d), conv: null };
  }
  const a = asArray(v);
  return { arr: a, conv: a.dtype === d ? null : (x) => castValue(x, a.dtype, d) };
}

const BINARY_OPS: Readonly<Record<string, BinaryName | "matmul">> = Object.fromEntries(
  [...Object.entries(BINARY_OPERATORS), ...Object.entries(COMPARISON_OPERATORS)].flatMap(([op, e]) => (e.ufunc ? [[op, e.ufunc as BinaryName | "matmul"]] : [])),
);

/** A Python binary operator with at least one ndarray operand (lists are converted with array()). */
export function binary(op: string, a: unknown, b: unknown): unknown {
  const name = BINARY_OPS[op];
  if (!name) throw pyError("TypeError", `unsupported operand for numpy: '${op}'`);
  const strArray = (a instanceof NDArray && a.dtype === "str") || (b instanceof NDArray && b.dtype === "str");
  if ((typeof a === "string" || typeof b === "string") && (op === "==" || op === "!=") && !strArray) {
    // No numeric loop for strings: Python falls back to identity comparison (string arrays compare elementwise).
    return op === "!=";
  }
  if ((a === null || b === null) && (op === "==" || op === "!=")) {
    // numpy compares elementwise with None: never equal.
    const arr = asArray(a === null ? b : a);
    const out = allocate("bool", arr.size);
    if (op === "!=") out.fill(1);
    return new NDArray(out, arr.shape.slice(), "bool");
  }
  if (name === "matmul") return R.matmul(a, b);
  return binaryUfunc(name, a, b);
}

/** A Python unary operator on an ndarray. */
export function unary(op: string, a: unknown): unknown {
  switch (op) {
    case "-":
      return unaryUfunc("negative", a);
    case "+":
      return unaryUfunc("positive", a);
    case "~":
      return unaryUfunc("invert", a);
    default:
      throw pyError("TypeError", `bad operand type for unary ${op}: 'numpy.ndarray'`);
  }
}

/**
 * An augmented assignment `a op= b` with an ndarray target: computed like numpy's ufunc with out=a (same_kind
 * casting back into a's dtype), written into a's buffer so views of a see it. Returns a.
 */
export function inplace(op: string, a: NDArray, b: unknown): NDArray {
  const name = BINARY_OPS[op];
  if (!name) throw pyError("TypeError", `unsupported operand for numpy: '${op}='`);
  let r: NDArray;
  if (name === "matmul") r = R.matmul(a, b);
  else {
    const rd = binaryResultDType(name, a, b);
    if (!canCastSameKindImpl(rd, a.dtype))
      throw pyError(
        "TypeError",
        `Cannot cast ufunc '${name}' output from dtype('${rd}') to dtype('${a.dtype}') with casting rule 'same_kind'`,
      );
    r = binaryUfunc(name, a, b);
  }
  const sh = r.shape;
  if (sh.length > a.ndim || sh.some((n, i) => n !== 1 && n !== a.shape[a.ndim - sh.length + i]))
    throw pyError(
      "ValueError",
      `non-broadcastable output operand with shape (${a.shape.join(",")}${a.ndim === 1 ? "," : ""}) doesn't match the broadcast shape (${sh.join(",")}${sh.length === 1 ? "," : ""})`,
    );
  assignInto(a, r, r.dtype === a.dtype ? null : (v) => castValue(v, r.dtype, a.dtype));
  return a;
}

// ---- ONNX Runtime interop ------------------------------------------------------------------------------------

export type TensorType = DType;
export type TensorData = TypedArray | BigInt64Array | string[];

/**
 * The typed array onnxruntime-node expects for a tensor of `type` (BigInt64Array for int64, Uint8Array for bool),
 * C-contiguous, cast like astype. Shares a's buffer when no conversion is needed.
 */
export function toTensorData(a: NDArray, type: TensorType): TensorData {
  const x = a.dtype === type ? a : astypeImpl(a, type);
  const vals = x.values();
  // onnxruntime-node takes a plain array of strings for a string tensor
  if (type === "str") return Array.from(vals as unknown as string[]);
  if (type === "int64") {
    const out = new BigInt64Array(vals.length);
    for (let i = 0; i < vals.length; i++) out[i] = BigInt(vals[i]);
    return out;
  }
  return vals;
}

/** The typed array each dtype is stored in (allocate's choice), to check a tensor's data without allocating. */
const STORAGE: Readonly<Record<TensorType, unknown>> = {
  float32: Float32Array,
  float64: Float64Array,
  int64: Float64Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  str: StrArray,
};

/** An NDArray over a tensor's data (int64 BigInt64Array values become doubles: exact to 2^53). */
export function fromTensorData(data: unknown, dims: readonly number[], type: TensorType): NDArray {
  const shape = Array.from(dims, (d) => Number(d));
  const n = shapeSize(shape);
  let buf: TypedArray;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const f = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) f[i] = Number(data[i]);
    buf = f;
  } else if (type === "str") {
    if (!Array.isArray(data) || !data.every((v) => typeof v === "string")) throw pyError("TypeError", "string tensor data must be an array of strings");
    buf = StrArray.fromStrings(data as string[]) as unknown as TypedArray;
  } else if (ArrayBuffer.isView(data)) {
    buf = data as TypedArray;
  } else if (Array.isArray(data)) {
    buf = allocate(type, data.length);
    for (let i = 0; i < data.length; i++) buf[i] = Number(data[i]);
  } else throw pyError("TypeError", "tensor data must be a typed array or an array of numbers");
  if (buf.length !== n) throw pyError("ValueError", `tensor data has ${buf.length} elements, dims ${JSON.stringify(shape)} need ${n}`);
  if (buf.constructor !== STORAGE[type]) {
    const conv = allocate(type, n);
    for (let i = 0; i < n; i++) conv[i] = buf[i];
    buf = conv;
  }
  return new NDArray(buf, shape, type);
}

export { toDType };
/** `np.dtype(obj)`: the runtime holds a dtype as its name (np-dtype.ts compares it with scalar types and aliases). */
export { dtypeOf as dtype } from "./np-dtype.ts";
