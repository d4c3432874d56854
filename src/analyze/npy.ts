// numpy's .npy and .npz files, read at conversion time so that arrays a notebook saved with np.save/np.savez become
// constants of the service. Little- and big-endian numeric and bool dtypes; object arrays (pickles) are refused.
import { unzipSync } from "fflate";
import type { DType, Json } from "./types.ts";

export interface NpyArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Elements in C order. */
  readonly data: readonly (number | boolean)[];
}

export class NpyError extends Error {}

const DESCR: Readonly<Record<string, { dtype: DType; bytes: number; read: (v: DataView, o: number, le: boolean) => number | boolean }>> = {
  f4: { dtype: "float32", bytes: 4, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { dtype: "float64", bytes: 8, read: (v, o, le) => v.getFloat64(o, le) },
  i8: { dtype: "int64", bytes: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  i4: { dtype: "int32", bytes: 4, read: (v, o, le) => v.getInt32(o, le) },
  i2: { dtype: "int32", bytes: 2, read: (v, o, le) => v.getInt16(o, le) },
  i1: { dtype: "int32", bytes: 1, read: (v, o) => v.getInt8(o) },
  u1: { dtype: "uint8", bytes: 1, read: (v, o) => v.getUint8(o) },
  u2: { dtype: "int32", bytes: 2, read: (v, o, le) => v.getUint16(o, le) },
  u4: { dtype: "int64", bytes: 4, read: (v, o, le) => v.getUint32(o, le) },
  b1: { dtype: "bool", bytes: 1, read: (v, o) => v.getUint8(o) !== 0 },
};

/** Parses a .npy file. */
export function parseNpy(buf: Uint8Array): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (buf.length < 10 || magic.some((b, i) => buf[i] !== b)) throw new NpyError("not a .npy file (bad magic)");
  const major = buf[6]!;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder("latin1").decode(buf.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr':\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new NpyError(`unsupported .npy header: ${header.trim().slice(0, 120)}`);
  const kind = DESCR[descr[2]!];
  if (!kind) throw new NpyError(`unsupported dtype ${descr[1]}${descr[2]} (object, string and complex arrays cannot be constants)`);
  const shape = shapeText[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const le = descr[1] !== ">";
  const offset = headerStart + headerLen;
  if (offset + size * kind.bytes > buf.length) throw new NpyError("the .npy file is truncated");
  const flat: (number | boolean)[] = new Array(size);
  for (let i = 0; i < size; i++) flat[i] = kind.read(view, offset + i * kind.bytes, le);
  const data = fortran[1] === "True" ? fortranToC(flat, shape) : flat;
  return { dtype: kind.dtype, shape, data };
}

function fortranToC<T>(flat: readonly T[], shape: readonly number[]): T[] {
  const n = flat.length;
  const out: T[] = new Array(n);
  const idx = new Array(shape.length).fill(0);
  for (let c = 0; c < n; c++) {
    // the Fortran-order offset of the C-order multi-index idx
    let f = 0;
    let stride = 1;
    for (let d = 0; d < shape.length; d++) {
      f += idx[d] * stride;
      stride *= shape[d]!;
    }
    out[c] = flat[f]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Nested lists, as `ndarray.tolist()` gives them. */
export function npyToNested(a: NpyArray): Json {
  const build = (dim: number, offset: number): Json => {
    if (dim === a.shape.length) return a.data[offset] as Json;
    const stride = a.shape.slice(dim + 1).reduce((x, y) => x * y, 1);
    return Array.from({ length: a.shape[dim]! }, (_, i) => build(dim + 1, offset + i * stride));
  };
  return build(0, 0);
}

/** Parses a .npz file (np.savez / np.savez_compressed): a zip archive of .npy files, by name without `.npy`. */
export function parseNpz(buf: Uint8Array): Map<string, NpyArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(buf);
  } catch (e) {
    throw new NpyError(`not a .npz file (${(e as Error).message})`);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, bytes] of Object.entries(members)) out.set(name.replace(/\.npy$/, ""), parseNpy(bytes));
  return out;
}
