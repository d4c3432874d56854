// numpy runtime, base layer: dtype arguments, the two type-promotion rule sets, conversion of Python values to
// arrays, broadcasting. Everything else in np-*.ts builds on this.
import { isTuple, pyError, WeakFloat } from "./core.ts";
import {
  allocate,
  castFloat,
  castValue,
  DTYPE_INFO,
  pyFloatRepr,
  isDType,
  NDArray,
  shapeSize,
  StrArray,
  wrapInt,
  type DType,
  type Kind,
  type TypedArray,
} from "./ndarray.ts";

// ---- promotion rules -----------------------------------------------------------------------------------------

export type PromotionRules = "legacy" | "nep50";
let rules: PromotionRules = "nep50";

/**
 * "nep50": numpy >= 2 (Python scalars weak, numpy scalars strong). "legacy": numpy 1.x value-based casting, where
 * scalars (Python or numpy, 0-d arrays too) are demoted to the smallest type holding their value when they mix with
 * arrays of the same or a higher kind.
 */
export function setPromotionRules(r: PromotionRules): void {
  if (r !== "legacy" && r !== "nep50") throw pyError("ValueError", `unknown promotion rules ${String(r)}`);
  rules = r;
}

export function getPromotionRules(): PromotionRules {
  return rules;
}

// ---- dtype arguments -----------------------------------------------------------------------------------------

const DTYPE_ALIASES: Record<string, DType> = {
  float: "float64",
  float_: "float64",
  double: "float64",
  f8: "float64",
  "<f8": "float64",
  d: "float64",
  single: "float32",
  f4: "float32",
  "<f4": "float32",
  f: "float32",
  int: "int64",
  int_: "int64",
  intp: "int64",
  long: "int64",
  longlong: "int64",
  i8: "int64",
  "<i8": "int64",
  q: "int64",
  l: "int64",
  i4: "int32",
  "<i4": "int32",
  intc: "int32",
  i: "int32",
  i2: "int16",
  "<i2": "int16",
  short: "int16",
  h: "int16",
  i1: "int8",
  byte: "int8",
  b: "int8",
  u1: "uint8",
  ubyte: "uint8",
  B: "uint8",
  u2: "uint16",
  "<u2": "uint16",
  ushort: "uint16",
  H: "uint16",
  u4: "uint32",
  "<u4": "uint32",
  uintc: "uint32",
  I: "uint32",
  bool: "bool",
  bool_: "bool",
  "?": "bool",
  b1: "bool",
  // numpy's unicode strings; object arrays are held as strings too (the runtime has no object arrays, and the
  // object arrays notebooks build for models' string inputs hold str)
  str: "str",
  str_: "str",
  unicode: "str",
  unicode_: "str",
  U: "str",
  "<U": "str",
  object: "str",
  object_: "str",
  O: "str",
};

const DTYPE_TAG: unique symbol = Symbol.for("nb2svc.np.dtype");

/** Mark a function (np.float32, ...) as standing for a dtype, so `dtype=np.float32` translated literally works. */
export function tagDType<T extends object>(f: T, dtype: DType): T {
  Object.defineProperty(f, DTYPE_TAG, { value: dtype, enumerable: false });
  return f;
}

/** Normalize a dtype argument: a DType string, a numpy alias ("f4", "float", "int"), a tagged scalar type, or null. */
export function toDType(x: unknown): DType | null {
  if (x === null || x === undefined) return null;
  if (typeof x === "string") {
    if (isDType(x)) return x;
    const a = DTYPE_ALIASES[x];
    if (a) return a;
    if (/^[<>=|]?U\d+$/.test(x)) return "str";
    if (x === "float16" || x === "f2" || x === "uint64" || x === "u8" || x === "complex128")
      throw pyError("TypeError", `dtype ${x} is not supported by the runtime`);
    throw pyError("TypeError", `data type '${x}' not understood`);
  }
  if ((typeof x === "function" || typeof x === "object") && DTYPE_TAG in (x as object)) {
    return (x as { [DTYPE_TAG]: DType })[DTYPE_TAG];
  }
  if (x instanceof NDArray) return x.dtype;
  throw pyError("TypeError", `Cannot interpret '${String(x)}' as a data type`);
}

// ---- promotion tables ----------------------------------------------------------------------------------------

/** Internal: float16 only appears as numpy 1.x's minimal scalar type and is always promoted away. */
export type PType = DType | "float16";

const pkind = (t: PType): Kind => (t === "float16" ? "f" : DTYPE_INFO[t].kind);
const pbits = (t: PType): number => (t === "float16" ? 16 : DTYPE_INFO[t].bits);
const SIGNED: Record<number, DType> = { 8: "int8", 16: "int16", 32: "int32", 64: "int64" };
const FLOATS: Record<number, PType> = { 16: "float16", 32: "float32", 64: "float64" };

/** numpy's promote_types for the supported dtypes. */
export function promoteTypes(a: PType, b: PType): PType {
  if (a === b) return a;
  // numpy promotes numbers meeting strings to strings (np.array(["a", 1]) is ['a' '1'])
  if (a === "str" || b === "str") return "str";
  const ka = pkind(a);
  const kb = pkind(b);
  if (ka === "b") return b;
  if (kb === "b") return a;
  if (ka === "f" || kb === "f") {
    if (ka === "f" && kb === "f") return pbits(a) >= pbits(b) ? a : b;
    const f = ka === "f" ? a : b;
    const i = ka === "f" ? b : a;
    const need = pbits(i) <= 8 ? 16 : pbits(i) <= 16 ? 32 : 64;
    return FLOATS[Math.max(pbits(f), need)];
  }
  if (ka === kb) return pbits(a) >= pbits(b) ? a : b;
  const s = ka === "i" ? a : b;
  const u = ka === "i" ? b : a;
  if (pbits(s) > pbits(u)) return s;
  return pbits(u) * 2 <= 64 ? SIGNED[pbits(u) * 2] : "float64";
}

export function finalType(t: PType): DType {
  return t === "float16" ? "float32" : t;
}

export function promote(a: DType, b: DType): DType {
  return finalType(promoteTypes(a, b));
}

/** numpy's can_cast(from, to, "safe"). */
export function canCastSafe(from: DType, to: DType): boolean {
  return promote(from, to) === to;
}

const KIND_ORDER: Record<Kind, number> = { b: 0, u: 1, i: 2, f: 4, U: 5 };

/** numpy's can_cast(from, to, "same_kind"): safe, or not to a lower kind (b < u < i < f). */
export function canCastSameKind(from: DType, to: DType): boolean {
  return canCastSafe(from, to) || KIND_ORDER[DTYPE_INFO[from].kind] <= KIND_ORDER[DTYPE_INFO[to].kind];
}

// ---- operands ------------------------------------------------------------------------------------------------

/** A Python scalar operand's type: its weakness under NEP 50, its value-based demotion under legacy rules. */
export type PyScalarKind = "bool" | "int" | "float";

export interface Operand {
  /** 0-d for scalars. Python scalars are held as bool / int64 / float64 0-d arrays. */
  readonly arr: NDArray;
  /** Non-null when the operand is a Python scalar (not a numpy scalar or array). */
  readonly py: PyScalarKind | null;
}

/** A 0-d str array (numpy's np.str_ scalar). */
export function strScalar(v: string): NDArray {
  return new NDArray(StrArray.fromStrings([v]) as unknown as ReturnType<typeof allocate>, [], "str");
}

export function scalarArray(v: number, dtype: DType): NDArray {
  const d = allocate(dtype, 1);
  d[0] = v;
  return new NDArray(d, [], dtype);
}

/** Classify a runtime value as a ufunc operand; lists and tuples become arrays (numpy's asarray). */
export function operand(x: unknown): Operand {
  if (x instanceof NDArray) return { arr: x, py: null };
  if (typeof x === "number") {
    if (Number.isInteger(x)) return { arr: scalarArray(x, "int64"), py: "int" };
    return { arr: scalarArray(x, "float64"), py: "float" };
  }
  if (x instanceof WeakFloat) return { arr: scalarArray(x.value, "float64"), py: "float" };
  if (typeof x === "boolean") return { arr: scalarArray(x ? 1 : 0, "bool"), py: "bool" };
  if (Array.isArray(x)) return { arr: array(x), py: null };
  if (isArrayConvertible(x)) return { arr: x.__array__(), py: null };
  if (x === null || x === undefined) throw pyError("TypeError", "unsupported operand type for numpy operation: 'NoneType'");
  if (typeof x === "string") return { arr: strScalar(x), py: null };
  throw pyError("TypeError", `unsupported operand for numpy operation: ${String(x)}`);
}

const kindRank = (d: DType): number => {
  const k = DTYPE_INFO[d].kind;
  return k === "b" ? 0 : k === "f" ? 2 : k === "U" ? 3 : 1;
};

/** numpy 1.x min_scalar_type with its "small unsigned" flag (an unsigned value that fits the same-size signed type). */
function minScalarType(v: number, d: DType): [PType, boolean] {
  const k = DTYPE_INFO[d].kind;
  if (k === "U") return ["str", false];
  if (k === "b") return ["bool", false];
  if (k === "f") {
    if ((v > -65000 && v < 65000) || !Number.isFinite(v)) return ["float16", false];
    if (d === "float64" && v > -3.4e38 && v < 3.4e38) return ["float32", false];
    return [d, false];
  }
  if (v >= 0) {
    if (v <= 255) return ["uint8", v <= 127];
    if (v <= 65535) return ["uint16", v <= 32767];
    if (v <= 4294967295) return ["uint32", v <= 2147483647];
    // numpy says uint64 (small, so it joins signed types as int64); uint64 is unsupported, int64 is the nearest.
    return ["int64", false];
  }
  if (v >= -128) return ["int8", false];
  if (v >= -32768) return ["int16", false];
  if (v >= -2147483648) return ["int32", false];
  return ["int64", false];
}

function toSigned(t: PType): PType {
  switch (t) {
    case "uint8":
      return "int8";
    case "uint16":
      return "int16";
    case "uint32":
      return "int32";
    default:
      return t;
  }
}

function promoteSmall(t1: PType, t2: PType, small1: boolean, small2: boolean): PType {
  if (small1 && pkind(t2) !== "b" && pkind(t2) !== "u") return promoteTypes(toSigned(t1), t2);
  if (small2 && pkind(t1) !== "b" && pkind(t1) !== "u") return promoteTypes(t1, toSigned(t2));
  return promoteTypes(t1, t2);
}

/** numpy 1.24's PyArray_ResultType (value-based casting for 0-d operands). */
function legacyResultType(ops: readonly Operand[]): DType {
  if (ops.length === 1) return ops[0].arr.dtype;
  let allScalars = true;
  let maxS = -1;
  let maxA = -1;
  for (const op of ops) {
    const r = kindRank(op.arr.dtype);
    if (op.arr.ndim === 0) maxS = Math.max(maxS, r);
    else {
      maxA = Math.max(maxA, r);
      allScalars = false;
    }
  }
  if (allScalars || maxA < maxS) {
    let t: PType = ops[0].arr.dtype;
    for (let i = 1; i < ops.length; i++) t = promoteTypes(t, ops[i].arr.dtype);
    return finalType(t);
  }
  let ret: PType | null = null;
  let retSmall = false;
  for (const op of ops) {
    const [t, small]: [PType, boolean] =
      op.arr.ndim === 0 ? minScalarType(op.arr.data[op.arr.offset], op.arr.dtype) : [op.arr.dtype, false];
    if (ret === null) {
      ret = t;
      retSmall = small;
    } else {
      ret = promoteSmall(t, ret, small, retSmall);
      retSmall = small && retSmall;
    }
  }
  return finalType(ret as PType);
}

/** NEP 50 (numpy >= 2): Python scalars are weak and take the other operands' dtype within their kind. */
function nep50ResultType(ops: readonly Operand[]): DType {
  let strong: DType | null = null;
  let weakInt = false;
  let weakFloat = false;
  let weakBool = false;
  for (const op of ops) {
    if (op.py === null) strong = strong === null ? op.arr.dtype : promote(strong, op.arr.dtype);
    else if (op.py === "int") weakInt = true;
    else if (op.py === "float") weakFloat = true;
    else weakBool = true;
  }
  if (strong === null) return weakFloat ? "float64" : weakInt ? "int64" : weakBool ? "bool" : "float64";
  const k = DTYPE_INFO[strong].kind;
  if (weakFloat && k !== "f") return "float64";
  if (weakInt && k === "b") return "int64";
  return strong;
}

/** The dtype numpy computes `ops` in (result_type / ufunc loop selection) under the current rules. */
export function resultType(ops: readonly Operand[]): DType {
  return rules === "legacy" ? legacyResultType(ops) : nep50ResultType(ops);
}

/** numpy.result_type of runtime values. */
export function result_type(...arrays_and_dtypes: unknown[]): DType {
  const ops: Operand[] = arrays_and_dtypes.map((x) => {
    if (typeof x === "string" || typeof x === "function") {
      const d = toDType(x) as DType;
      return { arr: new NDArray(allocate(d, 1), [1], d), py: null };
    }
    return operand(x);
  });
  return resultType(ops);
}

/**
 * Cast the value of a scalar operand into the loop dtype. Under NEP 50 a Python int that does not fit an integer
 * loop dtype is an OverflowError (numpy 2 refuses to wrap it).
 */
export function scalarToLoop(op: Operand, loop: DType): number {
  const v = op.arr.data[op.arr.offset];
  if (op.py === "int" && rules === "nep50" && DTYPE_INFO[loop].kind !== "f") {
    const info = DTYPE_INFO[loop];
    if (loop !== "bool" && (v < info.min || v > info.max))
      throw pyError("OverflowError", `Python integer ${v} out of bounds for ${loop}`);
  }
  return castValue(v, op.arr.dtype, loop);
}

/** Bring an operand to the loop dtype: scalars are cast by value, arrays are converted when their dtype differs. */
export function toLoop(op: Operand, loop: DType): NDArray {
  const a = op.arr;
  if (a.ndim === 0) {
    if (a.dtype === loop && op.py === null) return a;
    return scalarArray(scalarToLoop(op, loop), loop);
  }
  if (a.dtype === loop || !needsValueCast(a.dtype, loop)) return a;
  return astype(a, loop);
}

/** Whether reading `from` values as `loop` values needs conversion (false when every value is exact in `loop`). */
function needsValueCast(from: DType, loop: DType): boolean {
  if (from === loop) return false;
  const f = DTYPE_INFO[from];
  const l = DTYPE_INFO[loop];
  if (l.kind === "f") {
    if (f.kind !== "f") return loop === "float32" && f.bits >= 32;
    return loop === "float32";
  }
  if (l.kind === "b") return true;
  if (f.kind === "f") return true;
  return f.min < l.min || f.max > l.max;
}

// ---- conversion from Python values ---------------------------------------------------------------------------

// ---- strings ------------------------------------------------------------------------------------------------

/** Python's str() of a scalar as numpy stores it in a string array: 1 -> "1", 1.5 -> "1.5", True -> "True". */
export function strElement(x: unknown): string {
  if (typeof x === "string") return x;
  if (typeof x === "boolean") return x ? "True" : "False";
  if (x instanceof WeakFloat) return pyFloatRepr(x.value);
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : pyFloatRepr(x);
  if (x === null || x === undefined) return "None";
  throw pyError("TypeError", `cannot store ${String(x)} in a string array`);
}

/** An array element of dtype `from` as a string element (numpy's astype(str)). */
export function elementToStr(v: number, from: DType): string {
  if (from === "str") return v as unknown as string;
  if (from === "bool") return v !== 0 ? "True" : "False";
  if (DTYPE_INFO[from].kind === "f") return pyFloatRepr(v, from === "float32");
  return String(v);
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|(?:\d(?:_?\d)*)\.|inf(?:inity)?|nan)$/i;

/**
 * A string element as a number of dtype `to`, as numpy's astype parses it: float() rules for floats (surrounding
 * whitespace, underscores between digits, inf and nan), int() rules for integers and bool.
 */
export function strToElement(s: string, to: DType): number {
  const t = s.trim();
  // numpy 1.24 reads a string as an int for bool ("1" is True, "" and "True" are errors)
  if (to === "bool") return strToElement(s, "int64") !== 0 ? 1 : 0;
  if (DTYPE_INFO[to].kind === "f") {
    if (!FLOAT_TEXT.test(t)) throw pyError("ValueError", `could not convert string to float: ${JSON.stringify(s).replace(/^"|"$/g, "'")}`);
    const low = t.toLowerCase().replace(/_/g, "");
    const v = /inf/.test(low) ? (low.startsWith("-") ? -Infinity : Infinity) : /nan/.test(low) ? NaN : Number(low);
    return castFloat(v, to);
  }
  if (!/^[+-]?\d(?:_?\d)*$/.test(t)) throw pyError("ValueError", `invalid literal for int() with base 10: ${JSON.stringify(s).replace(/^"|"$/g, "'")}`);
  return pyScalarTo(Number(t.replace(/_/g, "")), to);
}

/** Any element cast between dtypes, strings included (numpy's unsafe astype). */
export function castElement(v: number, from: DType, to: DType): number {
  if (to === "str") return elementToStr(v, from) as unknown as number;
  if (from === "str") return strToElement(v as unknown as string, to);
  return castValue(v, from, to);
}

/** Cast a Python scalar into an array element of dtype `d`, as numpy's setitem / array(..., dtype) do. */
export function pyScalarTo(x: number | boolean | WeakFloat | string, d: DType): number {
  if (d === "str") return strElement(x) as unknown as number;
  if (typeof x === "string") return strToElement(x, d);
  if (typeof x === "boolean") return x ? 1 : 0;
  const v = x instanceof WeakFloat ? x.value : x;
  const isFloat = x instanceof WeakFloat || !Number.isInteger(v);
  if (isFloat) {
    if (DTYPE_INFO[d].kind !== "f" && d !== "bool") {
      if (Number.isNaN(v)) throw pyError("ValueError", "cannot convert float NaN to integer");
      if (!Number.isFinite(v)) throw pyError("OverflowError", "cannot convert float infinity to integer");
    }
    return castFloat(v, d);
  }
  if (DTYPE_INFO[d].kind === "f") return d === "float32" ? Math.fround(v) : v;
  if (d === "bool") return v !== 0 ? 1 : 0;
  const info = DTYPE_INFO[d];
  if (v < info.min || v > info.max) {
    // numpy 1.24 wraps with a DeprecationWarning; numpy 2 raises.
    if (rules === "nep50") throw pyError("OverflowError", `Python integer ${v} out of bounds for ${d}`);
    return wrapInt(v, d);
  }
  return v + 0;
}

type Leaf = { dtype: DType };

/** The shape implied by the first element at every depth. */
function firstShape(x: unknown): number[] {
  const shape: number[] = [];
  while (Array.isArray(x)) {
    shape.push(x.length);
    if (x.length === 0) return shape;
    x = x[0];
  }
  if (x instanceof NDArray) for (let i = 0; i < x.ndim; i++) shape.push(x.shape[i]);
  return shape;
}

/** Check nested Python data against `shape` and find its dtype (numpy's discovery; Python scalars are strong here). */
function discover(x: unknown, depth: number, shape: readonly number[], dt: { t: DType | null }): void {
  if (Array.isArray(x)) {
    if (depth >= shape.length || x.length !== shape[depth]) raggedError(depth);
    for (const item of x) discover(item, depth + 1, shape, dt);
    return;
  }
  if (x instanceof NDArray) {
    if (x.ndim !== shape.length - depth) raggedError(depth);
    for (let i = 0; i < x.ndim; i++) if (x.shape[i] !== shape[depth + i]) raggedError(depth + i);
    dt.t = dt.t === null ? x.dtype : promote(dt.t, x.dtype);
    return;
  }
  if (depth !== shape.length) raggedError(depth);
  const leaf = leafType(x);
  dt.t = dt.t === null ? leaf.dtype : promote(dt.t, leaf.dtype);
}

/**
 * Copies nested arrays of plain numbers of exactly `shape` into the float array `out` from `pos`; returns the position
 * after them, or -1 at anything else (the general path then says what is wrong). A float store rounds as numpy's
 * conversion of a Python float or int to float32/float64 does.
 */
function fillNumbers(x: unknown[], depth: number, shape: readonly number[], out: TypedArray, pos: number): number {
  if (x.length !== shape[depth]) return -1;
  if (depth === shape.length - 1) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v !== "number") return -1;
      out[pos++] = v;
    }
    return pos;
  }
  for (let i = 0; i < x.length; i++) {
    const item = x[i];
    if (!Array.isArray(item)) return -1;
    pos = fillNumbers(item, depth + 1, shape, out, pos);
    if (pos < 0) return -1;
  }
  return pos;
}

/**
 * Nested lists of plain numbers as an array of `want` (int64 or int32) or, without a dtype, of the dtype numpy
 * discovers (int64 when every number is an int, else float64). null when any value needs the general path: a float
 * or an out-of-range int for an int dtype (numpy's error or wrap), an int past int64 without a dtype.
 */
function numbersArray(object: unknown[], shape: readonly number[], want: DType | null): NDArray | null {
  // allocate's storage, not a Float64Array of its own: past 64 bytes (8 token ids) that is a backing store of its own
  const out = allocate("float64", shapeSize(shape)) as Float64Array;
  if (fillNumbers(object, 0, shape, out, 0) !== out.length) return null;
  let ints = true;
  for (let i = 0; i < out.length; i++) {
    if (!Number.isInteger(out[i])) {
      ints = false;
      break;
    }
  }
  if (!ints) return want === null ? new NDArray(out, shape, "float64") : null;
  const lo = want === "int32" ? -2147483648 : -9223372036854775808;
  const hi = want === "int32" ? 2147483647 : 9223372036854775807;
  // a Python int is never -0: an int element is stored as +0 (pyScalarTo's v + 0)
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v < lo || v > hi) return null;
    out[i] = v + 0;
  }
  if (want === "int32") {
    const i32 = allocate("int32", out.length);
    i32.set(out);
    return new NDArray(i32, shape, "int32");
  }
  return new NDArray(out, shape, "int64");
}

function raggedError(depth: number): never {
  throw pyError(
    "ValueError",
    `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions.`,
  );
}

function leafType(x: unknown): Leaf {
  if (typeof x === "boolean") return { dtype: "bool" };
  if (typeof x === "number") return { dtype: Number.isInteger(x) ? "int64" : "float64" };
  if (x instanceof WeakFloat) return { dtype: "float64" };
  if (x === null || x === undefined) throw pyError("TypeError", "None in a numeric array is not supported");
  if (typeof x === "string") return { dtype: "str" };
  throw pyError("TypeError", `cannot convert ${String(x)} to a numpy array`);
}

/**
 * A runtime object numpy functions take as an array, like numpy's `__array__` protocol: a PIL image, a pandas
 * frame. `__array__` returns a new array (or one the caller may not change) holding the object's values; like
 * numpy's `__array__(dtype=None)` it is told the dtype asked for, if any (a frame of Python objects can become
 * float32 although it has no numpy form of its own).
 */
export interface ArrayConvertible {
  __array__(dtype?: DType | null): NDArray;
}

export const isArrayConvertible = (x: unknown): x is ArrayConvertible =>
  x !== null && typeof x === "object" && !(x instanceof NDArray) && typeof (x as { __array__?: unknown }).__array__ === "function";

/** numpy.array(object, dtype): always a new array. */
export function array(object: unknown, dtype?: unknown): NDArray {
  const want = toDType(dtype);
  if (object instanceof NDArray) return want === null || want === object.dtype ? object.copy() : astype(object, want);
  if (isArrayConvertible(object)) {
    const a = object.__array__(want);
    return want === null || want === a.dtype ? a.copy() : astype(a, want);
  }
  if (!Array.isArray(object)) {
    const leaf = leafType(object);
    const d = want ?? leaf.dtype;
    if (d === "str") return strScalar(strElement(object));
    return scalarArray(pyScalarTo(object as number | boolean | WeakFloat | string, d), d);
  }
  const shape = firstShape(object);
  // the common request body, nested lists of plain numbers asked for as floats: checked and copied in one pass, where
  // discovery and the general fill spend several calls per element (a 64x64 image: 4x the time of parsing its JSON)
  if (want !== null && DTYPE_INFO[want].kind === "f" && shape.length > 0) {
    const out = allocate(want, shapeSize(shape));
    if (fillNumbers(object, 0, shape, out, 0) === out.length) return new NDArray(out, shape, want);
  }
  // token ids as int64, or plain numbers without a dtype: the same one pass, then a check of what was stored
  if (shape.length > 0 && shapeSize(shape) > 0 && (want === null || want === "int64" || want === "int32")) {
    const fast = numbersArray(object, shape, want);
    if (fast !== null) return fast;
  }
  const dt: { t: DType | null } = { t: null };
  discover(object, 0, shape, dt);
  // numpy gives float64 to an empty list.
  const d = want ?? dt.t ?? "float64";
  const out = allocate(d, shapeSize(shape));
  let pos = 0;
  const fill = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const item of x) fill(item);
    } else if (x instanceof NDArray) {
      const vals = x.values();
      if (x.dtype === d) {
        out.set(vals as Float64Array, pos);
      } else {
        for (let i = 0; i < vals.length; i++) out[pos + i] = castElement(vals[i], x.dtype, d);
      }
      pos += vals.length;
    } else {
      out[pos++] = pyScalarTo(x as number | boolean | WeakFloat | string, d);
    }
  };
  fill(object);
  return new NDArray(out, shape, d);
}

/** numpy.asarray: the same object when it already is an array of the requested dtype. */
export function asarray(a: unknown, dtype?: unknown): NDArray {
  const want = toDType(dtype);
  if (a instanceof NDArray) return want === null || want === a.dtype ? a : astype(a, want);
  if (isArrayConvertible(a)) return asarray(a.__array__(want), want);
  return array(a, want);
}

/** Any array-like runtime value (Python scalar, list, tuple, NDArray) as an NDArray. */
export function asArray(a: unknown): NDArray {
  return a instanceof NDArray ? a : isArrayConvertible(a) ? a.__array__() : array(a);
}

/** ndarray.astype(dtype): a new C-contiguous array with numpy's unsafe casting. */
export function astype(a: NDArray, dtype: unknown): NDArray {
  const d = toDType(dtype) ?? "float64";
  const n = a.size;
  const out = allocate(d, n);
  const src = a.values();
  const from = a.dtype;
  if (from === d) out.set(src as Float64Array);
  else if (d === "str" || from === "str") {
    for (let i = 0; i < n; i++) out[i] = castElement(src[i], from, d);
  } else if (DTYPE_INFO[from].kind === "f" && DTYPE_INFO[d].kind !== "f") {
    for (let i = 0; i < n; i++) out[i] = castFloat(src[i], d);
  } else if (d === "bool") {
    for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else {
    // int->int wraps and anything->float rounds through the typed-array store, exactly like C conversions;
    // TypedArray.set converts each element as that store does, in one native loop
    out.set(src as Float64Array);
  }
  return new NDArray(out, a.shape.slice(), d);
}

// ---- axes & broadcasting -------------------------------------------------------------------------------------

export function axisError(axis: number, ndim: number): never {
  throw pyError("AxisError", `axis ${axis} is out of bounds for array of dimension ${ndim}`);
}

export function normAxis(axis: number, ndim: number): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) throw pyError("TypeError", "'axis' must be an integer");
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim) axisError(axis, ndim);
  return a;
}

/** Normalize an axis argument (number, list/tuple of numbers, or null = all) to sorted unique axes. */
export function normAxes(axis: unknown, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis === "number") return [normAxis(axis, ndim)];
  const list = Array.isArray(axis) ? (axis as unknown[]) : [axis];
  const out = list.map((a) => normAxis(Number(a instanceof NDArray ? a.item() : a), ndim));
  if (new Set(out).size !== out.length) throw pyError("ValueError", "duplicate value in 'axis'");
  return out.sort((x, y) => x - y);
}

export function shapeStr(shape: readonly number[]): string {
  return "(" + shape.join(",") + (shape.length === 1 ? "," : "") + ")";
}

export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  if (shapes.length === 2 && sameShape(shapes[0], shapes[1])) return shapes[0].slice();
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = nd - s.length + i;
      const n = s[i];
      if (n === out[d] || n === 1) continue;
      if (out[d] === 1) out[d] = n;
      else
        throw pyError(
          "ValueError",
          "operands could not be broadcast together with shapes " + shapes.map((x) => shapeStr(x)).join(" ") + " ",
        );
    }
  }
  return out;
}

/**
 * The broadcast shape of two operands, which may be one of the two arrays themselves (the caller copies it before
 * giving it to a result): equal shapes, or one operand of no more dimensions whose every length is 1 (softmax's
 * `z - z.max(-1, keepdims=True)` on one row, an array against a scalar). The rest goes to broadcastShapes, whose
 * rest parameters, fill and error message cost more than the arithmetic of a request-sized operation.
 */
export function broadcast2(a: readonly number[], b: readonly number[]): readonly number[] {
  if (sameShape(a, b)) return a;
  if (b.length <= a.length && allOnes(b)) return a;
  if (a.length <= b.length && allOnes(a)) return b;
  return broadcastShapes(a, b);
}

function allOnes(s: readonly number[]): boolean {
  for (let i = 0; i < s.length; i++) if (s[i] !== 1) return false;
  return true;
}

/** Equal shapes broadcast to themselves: the usual case of a binary operation, checked before the general rule. */
function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Strides that read `a` broadcast to `shape` (0 along stretched and prepended axes). */
export function broadcastStrides(a: NDArray, shape: readonly number[]): number[] {
  const nd = shape.length;
  const out = new Array<number>(nd).fill(0);
  for (let i = 0; i < a.ndim; i++) {
    const d = nd - a.ndim + i;
    out[d] = a.shape[i] === 1 && shape[d] !== 1 ? 0 : a.strides[i];
  }
  return out;
}

/** numpy.broadcast_to: a view (numpy makes it read-only; here writes would alias). */
export function broadcastTo(a: NDArray, shape: readonly number[]): NDArray {
  if (a.ndim > shape.length)
    throw pyError("ValueError", "input operand has more dimensions than allowed by the axis remapping");
  for (let i = 0; i < a.ndim; i++) {
    const n = a.shape[i];
    const m = shape[shape.length - a.ndim + i];
    if (n !== m && n !== 1)
      throw pyError(
        "ValueError",
        `operands could not be broadcast together with remapped shapes [original->remapped]: ${shapeStr(a.shape)} and requested shape ${shapeStr(shape)}`,
      );
  }
  return new NDArray(a.data, shape.slice(), a.dtype, broadcastStrides(a, shape), a.offset);
}

/** Shape argument: a number or a list/tuple of numbers. */
export function toShape(shape: unknown): number[] {
  if (typeof shape === "number") return [checkDim(shape)];
  if (shape instanceof NDArray) return toShape(shape.tolist());
  if (Array.isArray(shape)) return shape.map((s) => checkDim(s instanceof NDArray ? Number(s.item()) : (s as number)));
  throw pyError("TypeError", `'${typeof shape}' object cannot be interpreted as an integer`);
}

function checkDim(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n))
    throw pyError("TypeError", `'${typeof n === "number" ? "float" : typeof n}' object cannot be interpreted as an integer`);
  if (n < 0) throw pyError("ValueError", "negative dimensions are not allowed");
  return n;
}

export function isSequence(x: unknown): x is unknown[] {
  return Array.isArray(x) || isTuple(x);
}

/** A fresh array with the given shape and dtype, zero-filled. */
export function empty(shape: readonly number[], dtype: DType): NDArray {
  return new NDArray(allocate(dtype, shapeSize(shape)), shape.slice(), dtype);
}

