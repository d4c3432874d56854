// NDArray: numpy's strided array over a typed-array buffer. Views (slices, transposes, reshapes of contiguous data)
// share `data`; only `shape`, `strides` and `offset` differ, so writes through a view reach the base array as in numpy.
// Shipped into every generated service; imports only core.ts.
import { pyError, strRepr } from "./core.ts";

export type DType =
  | "float32"
  | "float64"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint8"
  | "uint16"
  | "uint32"
  | "bool"
  | "str";

/**
 * Storage of each dtype. int64 lives in a Float64Array holding integral values: exact for |v| <= 2^53, beyond that
 * values round like doubles (numpy would keep all 64 bits). bool is a Uint8Array of 0/1.
 */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

export const DTYPES: readonly DType[] = [
  "bool",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "float32",
  "float64",
];

/** numpy's dtype.kind: b(ool), i(nt), u(nsigned), f(loat), U(nicode string). */
export type Kind = "b" | "i" | "u" | "f" | "U";

export interface DTypeInfo {
  readonly kind: Kind;
  readonly bits: number;
  /** Smallest and largest representable value (finite range for floats). */
  readonly min: number;
  readonly max: number;
}

export const DTYPE_INFO: Readonly<Record<DType, DTypeInfo>> = {
  bool: { kind: "b", bits: 8, min: 0, max: 1 },
  int8: { kind: "i", bits: 8, min: -128, max: 127 },
  uint8: { kind: "u", bits: 8, min: 0, max: 255 },
  int16: { kind: "i", bits: 16, min: -32768, max: 32767 },
  uint16: { kind: "u", bits: 16, min: 0, max: 65535 },
  int32: { kind: "i", bits: 32, min: -2147483648, max: 2147483647 },
  uint32: { kind: "u", bits: 32, min: 0, max: 4294967295 },
  int64: { kind: "i", bits: 64, min: -9223372036854775808, max: 9223372036854775807 },
  float32: { kind: "f", bits: 32, min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  float64: { kind: "f", bits: 64, min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
  // numpy's `<U` (and object arrays of str): any length, compared and copied, no arithmetic
  str: { kind: "U", bits: 0, min: NaN, max: NaN },
};

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && Object.prototype.hasOwnProperty.call(DTYPE_INFO, x);
}

export const kindOf = (d: DType): Kind => DTYPE_INFO[d].kind;
export const isStrDType = (d: DType): boolean => d === "str";

/**
 * Storage of a string array: a JS array of strings with the two typed-array methods the layout code uses
 * (`subarray` copies here: no caller writes through it). Typed as TypedArray where it travels through the generic
 * layout code (copies, views, gathers); code that reads elements as values checks `dtype === "str"` first.
 */
export class StrArray extends Array<string> {
  subarray(begin = 0, end: number = this.length): StrArray {
    return StrArray.fromStrings(this.slice(begin, end));
  }
  set(src: ArrayLike<string>, offset = 0): void {
    for (let i = 0; i < src.length; i++) this[offset + i] = src[i]!;
  }
  static fromStrings(xs: readonly string[]): StrArray {
    const out = new StrArray(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[i]!;
    return out;
  }
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** The strings of a "str" array's storage. */
export const strData = (data: TypedArray): string[] => data as unknown as string[];
export const isFloatDType = (d: DType): boolean => DTYPE_INFO[d].kind === "f";
export const isIntDType = (d: DType): boolean => DTYPE_INFO[d].kind === "i" || DTYPE_INFO[d].kind === "u";

// Small arrays are carved out of shared slabs, as Node's Buffer.allocUnsafe does with its pool. V8 keeps a typed array
// of up to 64 bytes inside its heap, but one any larger gets its own backing store outside it: an allocation, a
// tracking record and work for every GC (0.3-0.9 µs each, measured on the request path, where 64 float32 pixels or
// a 10-element argsort made one per request). A view into a slab is an ordinary heap object. Slabs are never reused
// or handed out twice, so an array's memory is zeroed like a fresh one; a slab lives as long as any view into it
// (at most SLAB_BYTES held by one small long-lived array). What changes is only that `data.buffer` is shared: code
// reinterpreting an array's storage must use `byteOffset` and `byteLength`, as the runtime everywhere does.

/** Typed arrays up to this size V8 allocates inside its heap, cheaper than a slab's view. */
const IN_HEAP_BYTES = 64;
/** Larger arrays get their own buffer, so that a slab is never pinned by one big array. */
const SLAB_MAX_BYTES = 4096;
const SLAB_BYTES = 64 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** The byte offset of `bytes` fresh bytes in `slab` (a new slab when they do not fit), aligned for any element type. */
function slabOffset(bytes: number): number {
  let at = (slabUsed + 7) & ~7;
  if (at + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    at = 0;
  }
  slabUsed = at + bytes;
  return at;
}

const pooled = (bytes: number): boolean => bytes > IN_HEAP_BYTES && bytes <= SLAB_MAX_BYTES;

export function allocate(dtype: DType, n: number): TypedArray {
  // each case takes its offset before reading `slab`, which slabOffset may replace
  let at: number;
  switch (dtype) {
    case "float32":
      if (!pooled(n * 4)) return new Float32Array(n);
      at = slabOffset(n * 4);
      return new Float32Array(slab, at, n);
    case "float64":
    case "int64":
      if (!pooled(n * 8)) return new Float64Array(n);
      at = slabOffset(n * 8);
      return new Float64Array(slab, at, n);
    case "int32":
      if (!pooled(n * 4)) return new Int32Array(n);
      at = slabOffset(n * 4);
      return new Int32Array(slab, at, n);
    case "int16":
      if (!pooled(n * 2)) return new Int16Array(n);
      at = slabOffset(n * 2);
      return new Int16Array(slab, at, n);
    case "int8":
      if (!pooled(n)) return new Int8Array(n);
      at = slabOffset(n);
      return new Int8Array(slab, at, n);
    case "uint8":
    case "bool":
      if (!pooled(n)) return new Uint8Array(n);
      at = slabOffset(n);
      return new Uint8Array(slab, at, n);
    case "uint16":
      if (!pooled(n * 2)) return new Uint16Array(n);
      at = slabOffset(n * 2);
      return new Uint16Array(slab, at, n);
    case "uint32":
      if (!pooled(n * 4)) return new Uint32Array(n);
      at = slabOffset(n * 4);
      return new Uint32Array(slab, at, n);
    case "str":
      return new StrArray(n).fill("") as unknown as TypedArray;
  }
}

// ---- casting -------------------------------------------------------------------------------------------------

const TWO31 = 2147483648;
const TWO63 = 9223372036854775808;

/** x86 cvttsd2si to int32: truncation, NaN and out-of-range give INT32_MIN (what numpy's C casts produce). */
function cvtt32(v: number): number {
  return v > -2147483649 && v < TWO31 ? Math.trunc(v) : -TWO31;
}

/** Wrap an integral double into the range of an integer dtype (C's modular conversion). */
export function wrapInt(v: number, dtype: DType): number {
  switch (dtype) {
    case "int8":
      return (v << 24) >> 24;
    case "uint8":
      return v & 0xff;
    case "int16":
      return (v << 16) >> 16;
    case "uint16":
      return v & 0xffff;
    case "int32":
      return v | 0;
    case "uint32":
      return v >>> 0;
    case "bool":
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

/**
 * numpy's cast of a floating value to `dtype`, as compiled for x86-64 (the platform services run on): truncation
 * toward zero; NaN/inf/out-of-range give INT_MIN of the conversion width. Small integer types go through int32
 * first, uint32 through a split at 2^31 (measured against numpy 1.24).
 */
export function castFloat(v: number, dtype: DType): number {
  switch (dtype) {
    case "float64":
      return v;
    case "float32":
      return Math.fround(v);
    case "bool":
      return v !== 0 ? 1 : 0;
    case "int64":
      return v >= -TWO63 && v < TWO63 ? Math.trunc(v) + 0 : -TWO63;
    case "int32":
      return cvtt32(v);
    case "uint32":
      return v >= TWO31 ? (cvtt32(v - TWO31) ^ 0x80000000) >>> 0 : cvtt32(v) >>> 0;
    default:
      return wrapInt(cvtt32(v), dtype);
  }
}

/** Cast a value held by an array of dtype `from` to dtype `to` (numpy's unsafe astype casting). */
export function castValue(v: number, from: DType, to: DType): number {
  if (from === to) return v;
  if (DTYPE_INFO[from].kind === "f") return castFloat(v, to);
  if (to === "float32") return Math.fround(v);
  if (to === "float64" || to === "int64") return v;
  return wrapInt(v, to);
}

// ---- layout helpers ------------------------------------------------------------------------------------------

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function cStrides(shape: readonly number[]): number[] {
  // the shapes of nearly every result, as literals: cheaper than the general loop's preallocated array
  if (shape.length === 0) return [];
  if (shape.length === 1) return [1];
  if (shape.length === 2) return [shape[1] || 1, 1];
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] || 1;
  }
  return strides;
}

/** C-contiguity with numpy's relaxed rule: dimensions of length 1 may have any stride. */
export function isCContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const n = shape[i];
    if (n === 0) return true;
    if (n !== 1) {
      if (strides[i] !== s) return false;
      s *= n;
    }
  }
  return true;
}

/**
 * Copy a strided block into `dst` (C order), converting element values through the typed-array store. Callers that
 * need numpy's float->int casting must convert explicitly (a typed-array store truncates NaN to 0).
 */
export function copyStrided(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  dst: TypedArray,
  dstOffset = 0,
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[dstOffset] = src[offset];
    return;
  }
  if (shapeSize(shape) === 0) return;
  if (isCContiguous(shape, strides)) {
    const n = shapeSize(shape);
    if (dst.constructor === src.constructor) {
      (dst as Float64Array).set((src as Float64Array).subarray(offset, offset + n), dstOffset);
    } else {
      for (let i = 0; i < n; i++) dst[dstOffset + i] = src[offset + i];
    }
    return;
  }
  const last = nd - 1;
  const len = shape[last];
  const st = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let off = offset;
  let o = dstOffset;
  for (;;) {
    for (let i = 0, p = off; i < len; i++, p += st) dst[o++] = src[p];
    let d = last - 1;
    for (; d >= 0; d--) {
      off += strides[d];
      if (++idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

// ---- the array -----------------------------------------------------------------------------------------------

export class NDArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** In elements, not bytes; may be negative (flip) or zero (broadcast_to). */
  readonly strides: readonly number[];
  readonly offset: number;
  readonly data: TypedArray;

  constructor(data: TypedArray, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? cStrides(shape);
    this.offset = offset;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return shapeSize(this.shape);
  }

  /** The transpose, a view. */
  get T(): NDArray {
    return new NDArray(this.data, this.shape.slice().reverse(), this.dtype, this.strides.slice().reverse(), this.offset);
  }

  get isContiguous(): boolean {
    return isCContiguous(this.shape, this.strides);
  }

  /** Element values in C order: a subarray sharing the buffer when contiguous, else a copy. Do not write to it. */
  values(): TypedArray {
    const n = this.size;
    if (this.isContiguous) {
      // the whole buffer is the common case; a subarray view would be an allocation per call
      if (this.offset === 0 && n === this.data.length) return this.data;
      return this.data.subarray(this.offset, this.offset + n);
    }
    const out = allocate(this.dtype, n);
    copyStrided(this.data, this.offset, this.shape, this.strides, out);
    return out;
  }

  /** A C-contiguous copy (always a new buffer). */
  copy(): NDArray {
    const out = allocate(this.dtype, this.size);
    copyStrided(this.data, this.offset, this.shape, this.strides, out);
    return new NDArray(out, this.shape.slice(), this.dtype);
  }

  /** Buffer offset of the element at a full multi-index (no bounds checks). */
  offsetOf(index: readonly number[]): number {
    let off = this.offset;
    for (let i = 0; i < index.length; i++) off += index[i] * this.strides[i];
    return off;
  }

  /** The value at a flat C-order position, as a JS number (bool as 0/1). */
  at(flat: number): number {
    let off = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const n = this.shape[d];
      off += (flat % n) * this.strides[d];
      flat = Math.floor(flat / n);
    }
    return this.data[off];
  }

  /** numpy's tolist(): nested arrays of numbers (booleans for bool, strings for str); a 0-d array gives the scalar. */
  tolist(): unknown {
    const isBool = this.dtype === "bool";
    const { data, shape, strides } = this;
    const build = (d: number, off: number): unknown => {
      if (d === shape.length) return isBool ? data[off] !== 0 : data[off];
      const out = new Array<unknown>(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = build(d + 1, off + i * strides[d]);
      return out;
    };
    return build(0, this.offset);
  }

  /** numpy's item(): the single element (size 1), or the element at a flat index / multi-index. */
  item(...args: number[]): number | boolean | string {
    let off: number;
    if (args.length === 0) {
      if (this.size !== 1) throw pyError("ValueError", "can only convert an array of size 1 to a Python scalar");
      off = this.offsetOf(new Array<number>(this.ndim).fill(0));
    } else if (args.length === 1) {
      let i = args[0];
      const n = this.size;
      if (i < 0) i += n;
      if (!(i >= 0 && i < n)) throw pyError("IndexError", "index " + args[0] + " is out of bounds for size " + n);
      return this.dtype === "bool" ? this.at(i) !== 0 : this.at(i);
    } else {
      if (args.length !== this.ndim) throw pyError("ValueError", "incorrect number of indices for array");
      const idx = args.map((v, d) => {
        const n = this.shape[d];
        const j = v < 0 ? v + n : v;
        if (!(j >= 0 && j < n)) throw pyError("IndexError", `index ${v} is out of bounds for axis ${d} with size ${n}`);
        return j;
      });
      off = this.offsetOf(idx);
    }
    return this.dtype === "bool" ? this.data[off] !== 0 : this.data[off];
  }

  toJSON(): unknown {
    return this.tolist();
  }

  /** numpy's str(). */
  toString(): string {
    return formatArray(this, false);
  }
}

// ---- formatting (numpy's str/repr, default print options) ----------------------------------------------------

/** Shortest round-trip digits of a float32 value, as numpy prints float32 scalars. */
function float32Shortest(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return Number(s).toString();
  }
  return v.toString();
}

/** Python's repr of a float: shortest digits, exponent form outside [1e-4, 1e16). */
export function pyFloatRepr(v: number, float32 = false): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const shortest = float32 ? float32Shortest(v) : v.toString();
  const [mant, expPart] = Number(shortest).toExponential().split("e");
  const exp = Number(expPart);
  if (exp < -4 || exp >= 16) {
    return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const digits = mant.replace("-", "").replace(".", "");
  const neg = v < 0 ? "-" : "";
  let s: string;
  if (exp >= 0) {
    if (digits.length <= exp + 1) s = digits + "0".repeat(exp + 1 - digits.length) + ".0";
    else s = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
  } else {
    s = "0." + "0".repeat(-exp - 1) + digits;
  }
  return neg + s;
}

/** Positional digits of |v| with at most `precision` fractional digits, shortest unique, trailing zeros trimmed. */
function positional(v: number, precision: number, float32: boolean): [intPart: string, frac: string] {
  const a = Math.abs(v);
  let s = pyFloatRepr(a, float32);
  if (s.includes("e")) s = a.toFixed(precision);
  let [ip, fp = ""] = s.split(".");
  if (fp.length > precision) {
    const r = Number(a.toFixed(precision)).toString();
    const rr = r.includes("e") ? a.toFixed(precision) : r;
    [ip, fp = ""] = rr.split(".");
  }
  fp = fp.replace(/0+$/, "");
  return [ip, fp];
}

function scientific(v: number, precision: number, float32: boolean): [mant: string, frac: string, exp: string] {
  const a = Math.abs(v);
  const short = float32 ? float32Shortest(a) : a.toString();
  let e = Number(short).toExponential();
  let [m, ex] = e.split("e");
  let [mi, mf = ""] = m.split(".");
  if (mf.length > precision) {
    e = a.toExponential(precision);
    [m, ex] = e.split("e");
    [mi, mf = ""] = m.split(".");
  }
  mf = mf.replace(/0+$/, "");
  const en = Number(ex);
  return [mi, mf, (en < 0 ? "-" : "+") + String(Math.abs(en)).padStart(2, "0")];
}

function makeFormatter(a: NDArray, vals: ArrayLike<number>): (v: number) => string {
  const dt = a.dtype;
  // numpy prints each string's repr, unpadded
  if (dt === "str") return (v) => strRepr(v as unknown as string);
  if (dt === "bool") return (v) => (v !== 0 ? " True" : "False");
  if (DTYPE_INFO[dt].kind !== "f") {
    let w = 0;
    for (let i = 0; i < vals.length; i++) w = Math.max(w, String(vals[i]).length);
    return (v) => String(v).padStart(w, " ");
  }
  const f32 = dt === "float32";
  const finite: number[] = [];
  for (let i = 0; i < vals.length; i++) if (Number.isFinite(vals[i])) finite.push(vals[i]);
  const nonzero = finite.map(Math.abs).filter((x) => x !== 0);
  let expFormat = false;
  if (nonzero.length) {
    const mx = Math.max(...nonzero);
    const mn = Math.min(...nonzero);
    expFormat = mx >= 1e8 || mn < 0.0001 || mx / mn > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let expW = 0;
  if (expFormat) {
    for (const x of finite) {
      const [mi, mf, ex] = scientific(x, 8, f32);
      padLeft = Math.max(padLeft, mi.length + (x < 0 || Object.is(x, -0) ? 1 : 0));
      padRight = Math.max(padRight, mf.length);
      expW = Math.max(expW, ex.length);
    }
  } else {
    for (const x of finite) {
      const [ip, fp] = positional(x, 8, f32);
      padLeft = Math.max(padLeft, ip.length + (x < 0 || Object.is(x, -0) ? 1 : 0));
      padRight = Math.max(padRight, fp.length);
    }
  }
  let width = 0;
  const fmt = (x: number): string => {
    if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    const sign = x < 0 || Object.is(x, -0) ? "-" : "";
    if (expFormat) {
      const [mi, mf, ex] = scientific(x, 8, f32);
      // Scientific notation shows every value with the same number of digits (zero padded).
      return (sign + mi).padStart(padLeft) + "." + mf.padEnd(padRight, "0") + "e" + ex[0] + ex.slice(1).padStart(expW - 1, "0");
    }
    const [ip, fp] = positional(x, 8, f32);
    return (sign + ip).padStart(padLeft) + "." + fp.padEnd(padRight);
  };
  for (let i = 0; i < vals.length; i++) width = Math.max(width, fmt(vals[i]).length);
  return (v) => fmt(v).padStart(width, " ");
}

/** numpy's str() (repr=false) or repr() of an array with default print options. */
export function formatArray(a: NDArray, repr: boolean): string {
  if (a.ndim === 0) {
    // 0-d arrays stand for numpy scalars, which print as plain Python numbers (numpy 1.x repr).
    const v = a.data[a.offset];
    if (a.dtype === "str") return repr ? strRepr(v as unknown as string) : (v as unknown as string);
    if (a.dtype === "bool") return v !== 0 ? "True" : "False";
    if (DTYPE_INFO[a.dtype].kind === "f") return pyFloatRepr(v, a.dtype === "float32");
    return String(v);
  }
  const summarize = a.size > 1000;
  const edge = 3;
  const vals = a.values();
  const shown: number[] = [];
  // Only the displayed elements decide the column width, as in numpy's summarized output.
  const collect = (d: number, off: number): void => {
    if (d === a.ndim) {
      shown.push(a.data[off]);
      return;
    }
    const n = a.shape[d];
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * edge && i === edge) i = n - edge;
      collect(d + 1, off + i * a.strides[d]);
    }
  };
  if (summarize) collect(0, a.offset);
  const fmt = makeFormatter(a, summarize ? shown : vals);
  const sep = repr ? "," : "";
  const prefix = repr ? "array(" : "";
  const lineWidth = 75;
  const render = (d: number, off: number, indent: string): string => {
    const n = a.shape[d];
    if (d === a.ndim - 1) {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        if (summarize && n > 2 * edge && i === edge) {
          parts.push("...");
          i = n - edge;
        }
        parts.push(fmt(a.data[off + i * a.strides[d]]));
      }
      let line = "[";
      const lines: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        const word = parts[i] + (i < parts.length - 1 ? sep : "");
        const candidate = line.length === 1 ? line + word : line + " " + word;
        if (candidate.length + (i === parts.length - 1 ? 1 : 0) > lineWidth && line.length > 1) {
          lines.push(line.trimEnd());
          line = indent + " " + word;
        } else line = candidate;
      }
      lines.push(line + "]");
      return lines.join("\n");
    }
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarize && n > 2 * edge && i === edge) {
        rows.push("...");
        i = n - edge;
      }
      rows.push(render(d + 1, off + i * a.strides[d], indent + " "));
    }
    const blank = "\n".repeat(Math.max(1, a.ndim - d - 1));
    return "[" + rows.join(sep + blank + indent + " ") + "]";
  };
  if (a.size === 0) {
    const body = "[]";
    if (!repr) return body;
    return `array(${body}, shape=(${a.shape.join(", ")}${a.ndim === 1 ? "," : ""}), dtype=${dtypeRepr(a)})`;
  }
  const body = render(0, a.offset, repr ? " ".repeat(prefix.length) : "");
  if (!repr) return body;
  const showDtype = !(a.dtype === "float64" || a.dtype === "int64" || a.dtype === "bool");
  return prefix + body + (showDtype ? `, dtype=${dtypeRepr(a)}` : "") + ")";
}

/** The dtype as numpy's repr names it: `'<U5'` for strings (the longest element's length, as numpy infers it). */
function dtypeRepr(a: NDArray): string {
  if (a.dtype !== "str") return a.dtype;
  let w = 1;
  for (const v of strData(a.values())) w = Math.max(w, [...v].length);
  return `'<U${w}'`;
}
