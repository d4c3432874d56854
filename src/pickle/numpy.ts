// numpy data inside pickles: dtype descriptions (`numpy.dtype("f8", False, True)` + its BUILD state), array bytes
// in C or Fortran order, numpy scalars. Arrays become `PyValue` ndarrays; dtypes the analysis has no name for are
// widened without loss (int8/int16/uint16 -> int32, uint32 -> int64, float16 -> float32), unicode and object arrays
// become (nested) lists of their elements, and anything else (complex, datetime, bytes, structured) is refused.
import type { DType, Json, PyValue } from "../python/values.ts";
import { unsupported, invalid } from "./errors.ts";
import { unrebuilt } from "./unrebuilt.ts";

/** A numpy dtype as a pickle describes it. */
export interface NpDescr {
  /** numpy's dtype.kind: f, i, u, b, O, U, S, c, M, m, V. */
  readonly kind: string;
  /** Bytes per element (for U: 4 per character). */
  readonly itemsize: number;
  /** `<` little, `>` big, `|` not applicable, `=` native (little on every platform services run on). */
  readonly byteorder: string;
  /** Structured dtypes (fields) are refused. */
  readonly structured?: boolean;
}

/** Parses `numpy.dtype`'s first argument as pickled: `f8`, `i8`, `O8`, `U20`, `b1`, `<f4` (with an optional order). */
export function parseDescr(spec: string): NpDescr {
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(spec);
  if (!m) throw unsupported(`numpy dtype ${JSON.stringify(spec)} is not read`);
  let kind = m[2]!;
  if (kind === "?") kind = "b";
  const size = m[3] === "" ? defaultSize(kind) : Number(m[3]);
  if (!Number.isSafeInteger(size) || size < 0 || size > 1 << 20) throw invalid(`numpy dtype ${JSON.stringify(spec)} has an impossible size`);
  return { kind, itemsize: size, byteorder: m[1] || "=" };
}

function defaultSize(kind: string): number {
  return kind === "b" ? 1 : kind === "O" ? 8 : kind === "U" || kind === "S" || kind === "V" ? 0 : 8;
}

/** The dtype's name as numpy prints it (`float64`, `<U5`, `object`), for messages and dtype-valued attributes. */
export function descrName(d: NpDescr): string {
  switch (d.kind) {
    case "f":
      return `float${d.itemsize * 8}`;
    case "i":
      return `int${d.itemsize * 8}`;
    case "u":
      return `uint${d.itemsize * 8}`;
    case "b":
      return "bool";
    case "O":
      return "object";
    case "U":
      return "str";
    case "S":
      return "bytes";
    case "c":
      return `complex${d.itemsize * 8}`;
    case "M":
      return "datetime64";
    case "m":
      return "timedelta64";
    default:
      return `void${d.itemsize * 8}`;
  }
}

/** How the elements of a numeric dtype are read and which analysis DType holds them. */
interface NumericReader {
  readonly dtype: DType;
  read(v: DataView, offset: number, little: boolean): number | boolean;
}

const MAX_EXACT = 2 ** 53;

function exactInt(b: bigint, what: string): number {
  if (b > BigInt(MAX_EXACT) || b < -BigInt(MAX_EXACT)) throw unsupported(`${what} value ${b} is beyond 2**53, which the runtime's int64 cannot hold exactly`);
  return Number(b);
}

function numericReader(d: NpDescr): NumericReader | null {
  const key = `${d.kind}${d.itemsize}`;
  switch (key) {
    case "f8":
      return { dtype: "float64", read: (v, o, le) => v.getFloat64(o, le) };
    case "f4":
      return { dtype: "float32", read: (v, o, le) => v.getFloat32(o, le) };
    case "f2":
      return { dtype: "float32", read: (v, o, le) => halfToFloat(v.getUint16(o, le)) };
    case "i8":
      return { dtype: "int64", read: (v, o, le) => exactInt(v.getBigInt64(o, le), "an int64") };
    case "i4":
      return { dtype: "int32", read: (v, o, le) => v.getInt32(o, le) };
    case "i2":
      return { dtype: "int32", read: (v, o, le) => v.getInt16(o, le) };
    case "i1":
      return { dtype: "int32", read: (v, o) => v.getInt8(o) };
    case "u8":
      return { dtype: "int64", read: (v, o, le) => exactInt(v.getBigUint64(o, le), "a uint64") };
    case "u4":
      return { dtype: "int64", read: (v, o, le) => v.getUint32(o, le) };
    case "u2":
      return { dtype: "int32", read: (v, o, le) => v.getUint16(o, le) };
    case "u1":
      return { dtype: "uint8", read: (v, o) => v.getUint8(o) };
    case "b1":
      return { dtype: "bool", read: (v, o) => v.getUint8(o) !== 0 };
    default:
      return null;
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** numpy's `shape` product, checked: each dimension a non-negative safe integer, the product too. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isSafeInteger(s) || s < 0) throw invalid(`array shape (${shape.join(", ")}) is not a shape`);
    n *= s;
    if (!Number.isSafeInteger(n)) throw invalid(`array shape (${shape.join(", ")}) is too large`);
  }
  return n;
}

/** C-order flat index of every element of an array stored in Fortran order. */
function fortranPosition(shape: readonly number[]): (c: number) => number {
  const nd = shape.length;
  const fStrides = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) {
    fStrides[d] = s;
    s *= shape[d]!;
  }
  return (c: number) => {
    let f = 0;
    for (let d = nd - 1; d >= 0; d--) {
      const n = shape[d]!;
      f += (c % n) * fStrides[d]!;
      c = Math.floor(c / n);
    }
    return f;
  };
}

function nest<T>(flat: readonly T[], shape: readonly number[]): T | T[] | unknown[] {
  if (shape.length === 0) return flat[0]!;
  const build = (dim: number, offset: number): unknown => {
    if (dim === shape.length) return flat[offset];
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out = new Array<unknown>(shape[dim]!);
    for (let i = 0; i < shape[dim]!; i++) out[i] = build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0) as unknown[];
}

function nestValues(items: readonly PyValue[], shape: readonly number[]): PyValue {
  if (shape.length === 0) return items[0]!;
  const build = (dim: number, offset: number): PyValue => {
    if (dim === shape.length) return items[offset]!;
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out: PyValue[] = new Array<PyValue>(shape[dim]!);
    for (let i = 0; i < shape[dim]!; i++) out[i] = build(dim + 1, offset + i * stride);
    return { k: "list", items: out };
  };
  return build(0, 0);
}

/**
 * An array from its raw bytes (C order unless `fortran`): a numeric ndarray, or nested lists of str for unicode
 * arrays. Object arrays come through `arrayFromItems`.
 */
export function arrayFromBytes(d: NpDescr, shape: readonly number[], fortran: boolean, bytes: Uint8Array): PyValue {
  const n = shapeSize(shape);
  if (n * d.itemsize !== bytes.length) {
    throw invalid(`array of shape (${shape.join(", ")}) and dtype ${descrName(d)} needs ${n * d.itemsize} bytes, the pickle holds ${bytes.length}`);
  }
  // a structured array (a decision tree's nodes) has no form in the analysis: it stands for itself, unusable
  if (d.structured) return unrebuilt("numpy.ndarray");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = d.byteorder !== ">";
  const pos = fortran && shape.length > 1 ? fortranPosition(shape) : (c: number) => c;
  if (d.kind === "U") {
    const chars = d.itemsize / 4;
    const items: PyValue[] = new Array<PyValue>(n);
    for (let c = 0; c < n; c++) {
      const base = pos(c) * d.itemsize;
      let s = "";
      for (let k = 0; k < chars; k++) {
        const cp = view.getUint32(base + 4 * k, little);
        if (cp === 0) break; // numpy strips trailing NULs
        if (cp > 0x10ffff) throw invalid(`unicode array holds code point ${cp}, which is not a character`);
        s += String.fromCodePoint(cp);
      }
      items[c] = { k: "str", v: s };
    }
    return nestValues(items, shape);
  }
  const reader = numericReader(d);
  if (!reader) throw unsupported(`numpy arrays of dtype ${descrName(d)} are not read (numbers, booleans, strings and objects are)`);
  const flat = new Array<number | boolean>(n);
  for (let c = 0; c < n; c++) flat[c] = reader.read(view, pos(c) * d.itemsize, little);
  return { k: "ndarray", dtype: reader.dtype, value: nest(flat, shape) as Json };
}

/**
 * An object array from its elements (C order unless `fortran`): nested lists of the elements, since the runtime has
 * no object dtype (scikit-learn keeps string categories and feature names in them).
 */
export function arrayFromItems(shape: readonly number[], fortran: boolean, items: readonly PyValue[]): PyValue {
  const n = shapeSize(shape);
  if (items.length !== n) throw invalid(`object array of shape (${shape.join(", ")}) holds ${items.length} items`);
  const pos = fortran && shape.length > 1 ? fortranPosition(shape) : (c: number) => c;
  const ordered = fortran ? Array.from({ length: n }, (_, c) => items[pos(c)]!) : items;
  return nestValues(ordered, shape);
}

/** A numpy scalar from `numpy.core.multiarray.scalar(dtype, bytes)`. */
export function scalarFromBytes(d: NpDescr, bytes: Uint8Array): PyValue {
  if (bytes.length !== d.itemsize) throw invalid(`numpy ${descrName(d)} scalar needs ${d.itemsize} bytes, the pickle holds ${bytes.length}`);
  const v = arrayFromBytes(d, [], false, bytes);
  if (v.k === "ndarray") {
    const x = v.value as number | boolean;
    return { k: "npscalar", dtype: v.dtype, v: x };
  }
  return v;
}
