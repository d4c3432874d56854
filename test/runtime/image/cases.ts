// The image fixtures (fixtures/cases.json.gz, written by gen_image_cases.py with Pillow 9.4, torchvision 0.14 and
// OpenCV 4.6) and how a result is compared with Python's: pixels exactly (JPEG-decoded ones within 1 level, the
// maximum difference collected), floats within 1e-6 relative, errors by exception class.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { expect } from "vitest";
import { isTuple, PyError, tuple, WeakFloat } from "../../../src/runtime/core.ts";
import { NDArray, type DType } from "../../../src/runtime/ndarray.ts";
import { PilImage } from "../../../src/runtime/image/image.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SRC = path.join(HERE, "fixtures", "src");

export interface ArraySpec {
  dtype: string;
  shape: number[];
  b64?: string;
  table?: string;
  index?: string;
  sha256?: string;
  sum?: number;
}
export interface Expect {
  array?: ArraySpec;
  mode?: string;
  size?: number[];
  format?: string | null;
  jpeg?: boolean;
  value?: unknown;
  list?: Expect[];
  error?: string;
  message?: string;
}
export interface Case {
  id: string;
  ops: unknown[][];
  expect: Expect;
}

let cached: { cases: Case[] } | null = null;
export function loadCases(): Case[] {
  cached ??= JSON.parse(gunzipSync(readFileSync(path.join(HERE, "fixtures", "cases.json.gz"))).toString("utf8")) as { cases: Case[] };
  return cached.cases;
}

export const readSource = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(SRC, name)));

const DTYPES: Record<string, DType> = { uint8: "uint8", bool: "bool", int32: "int32", float32: "float32", float64: "float64", uint16: "uint16", int64: "int64", int16: "int16", int8: "int8" };

export function decodeArray(spec: { b64?: string; table?: string; index?: string; dtype: string; shape: number[] }): NDArray {
  if (spec.table !== undefined && spec.index !== undefined) {
    // floats stored as a table of distinct values and an index per element
    // the table's own length (a shape of [-1] would make an array of size -1, which drops the last value)
    const tableBytes = Buffer.from(spec.table, "base64").length;
    const table = decodeArray({ b64: spec.table, dtype: spec.dtype, shape: [tableBytes / (spec.dtype === "float64" ? 8 : 4)] }).values();
    const ib = Buffer.from(spec.index, "base64");
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const idx = ib.length === n ? new Uint8Array(ib.buffer, ib.byteOffset, n) : new Uint16Array(ib.buffer.slice(ib.byteOffset, ib.byteOffset + ib.byteLength));
    const out = spec.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = table[idx[i] ?? -1];
      if (v === undefined) throw new Error(`fixture: element ${i} indexes ${idx[i]} in a table of ${table.length} values`);
      out[i] = v;
    }
    return new NDArray(out, spec.shape, spec.dtype === "float64" ? "float64" : "float32");
  }
  const buf = Buffer.from(spec.b64!, "base64");
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const dtype = DTYPES[spec.dtype];
  if (dtype === undefined) throw new Error(`fixture: unknown dtype ${spec.dtype}`);
  const data =
    dtype === "float32" ? new Float32Array(ab) : dtype === "float64" ? new Float64Array(ab) : dtype === "int32" ? new Int32Array(ab) : dtype === "uint16" ? new Uint16Array(ab) : dtype === "int64" ? Float64Array.from(new BigInt64Array(ab), Number) : dtype === "int16" ? new Int16Array(ab) : dtype === "int8" ? new Int8Array(ab) : new Uint8Array(ab);
  return new NDArray(data, spec.shape, dtype);
}

/** Python values from the JSON form: lists become tuples where Pillow/OpenCV take tuples. */
export function pyArg(x: unknown): unknown {
  if (Array.isArray(x)) return tuple(x.map(pyArg));
  if (typeof x === "number" && Number.isInteger(x) && Object.is(x, x) && String(x).includes(".")) return new WeakFloat(x);
  return x;
}

/** The maximum |difference| over JPEG-decoded results, reported at the end of the JPEG tests. */
export const jpegStats = { cases: 0, maxDiff: 0, differing: 0 };

function bytesOf(a: NDArray): Buffer {
  const v = a.values();
  const d = a.dtype;
  if (d === "int64") return Buffer.from(BigInt64Array.from(Array.from(v, (x) => BigInt(x))).buffer);
  const typed = v.constructor === Uint8Array || d === "bool" ? Uint8Array.from(v) : v;
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** Measured differences the tests allow, per kind (see runner.ts's TOLERANCES): max and count seen. */
export const levelStats = new Map<string, { cases: number; maxDiff: number; differing: number }>();

export function compareArray(got: NDArray, want: ArraySpec, jpeg: boolean, where: string, levels?: { readonly kind: string; readonly maxDiff: number }): void {
  expect(got.dtype, `${where}: dtype`).toBe(want.dtype);
  expect([...got.shape], `${where}: shape`).toEqual(want.shape);
  if (want.sha256) {
    const bytes = bytesOf(got);
    const sha = createHash("sha256").update(bytes).digest("hex");
    if (sha !== want.sha256) {
      let sum = 0;
      for (const v of got.values()) sum += v;
      expect({ sha256: sha, sum }, `${where}: pixels`).toEqual({ sha256: want.sha256, sum: want.sum });
    }
    return;
  }
  const ref = decodeArray(want);
  // the shape is asserted equal above, so below a[i] and b[i] both exist for every i < a.length
  let a = got.values();
  let b = ref.values();
  if (want.dtype === "bool") {
    // Pillow 9.4 fills mode "1" arrays with the bytes 0/255: numpy reads both as True
    a = Uint8Array.from(a, (v) => (v ? 1 : 0));
    b = Uint8Array.from(b, (v) => (v ? 1 : 0));
  }
  if (levels) {
    let max = 0;
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      if (d > max) max = d;
      if (d) n++;
    }
    const st = levelStats.get(levels.kind) ?? { cases: 0, maxDiff: 0, differing: 0 };
    levelStats.set(levels.kind, { cases: st.cases + 1, maxDiff: Math.max(st.maxDiff, max), differing: st.differing + n });
    expect(max, `${where}: max difference (${levels.kind})`).toBeLessThanOrEqual(levels.maxDiff);
    return;
  }
  if (jpeg) {
    let max = 0;
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      if (d > max) max = d;
      if (d) n++;
    }
    jpegStats.cases++;
    jpegStats.maxDiff = Math.max(jpegStats.maxDiff, max);
    jpegStats.differing += n;
    expect(max, `${where}: max JPEG difference`).toBeLessThanOrEqual(1);
    return;
  }
  if (want.dtype === "float32" || want.dtype === "float64") {
    // 1e-6 relative to each value, or to the result's largest magnitude for values near zero (a value of 0.01 in
    // an image of 0..255 carries the rounding of its 255-sized neighbours)
    let peak = 0;
    for (const y of b) peak = Math.max(peak, Math.abs(y));
    let worst = -1;
    let worstRel = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
      const rel = Math.abs(x - y) / Math.max(Math.abs(y), peak * 1e-2, 1e-30);
      if (rel > 1e-6 && rel > worstRel) {
        worstRel = rel;
        worst = i;
      }
    }
    if (worst >= 0) expect({ index: worst, got: a[worst] }, `${where}: float values (rel ${worstRel})`).toEqual({ index: worst, got: b[worst] });
    return;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      let count = 0;
      let max = 0;
      for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) {
        count++;
        max = Math.max(max, Math.abs(a[j]! - b[j]!));
      }
      expect({ index: i, got: a[i], differing: count, maxDiff: max }, `${where}: pixels`).toEqual({ index: i, got: b[i], differing: 0, maxDiff: 0 });
    }
  }
}

function plain(x: unknown): unknown {
  if (x instanceof WeakFloat) return x.value;
  if (Array.isArray(x)) return x.map(plain);
  if (x instanceof NDArray) return x.tolist();
  return x;
}

/** Compares a result (image, array, value, list) with the recorded expectation. */
export function compareResult(got: unknown, want: Expect, where: string, toArray: (x: unknown) => NDArray, levels?: { readonly kind: string; readonly maxDiff: number }): void {
  if (want.list) {
    const items = got as unknown[];
    expect(items.length, `${where}: count`).toBe(want.list.length);
    want.list.forEach((w, i) => compareResult(items[i], w, `${where}[${i}]`, toArray, levels));
    return;
  }
  if (want.array) {
    if (want.mode !== undefined) {
      expect(got, `${where}: an image`).toBeInstanceOf(PilImage);
      const im = got as PilImage;
      expect(im.mode, `${where}: mode`).toBe(want.mode);
      expect(im.size, `${where}: size`).toEqual(want.size);
      expect(im.format ?? null, `${where}: format`).toBe(want.format ?? null);
    }
    compareArray(toArray(got), want.array, want.jpeg === true, where, levels);
    return;
  }
  const v = plain(got);
  if (typeof want.value === "number" && typeof v === "number" && !Number.isInteger(want.value)) {
    expect(v, where).toBeCloseTo(want.value, 5);
    return;
  }
  expect(v ?? null, where).toEqual(want.value);
}

export function expectError(run: () => unknown, want: Expect, where: string, checkMessage: boolean): void {
  let thrown: unknown = null;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${where}: raises ${want.error}`).toBeInstanceOf(PyError);
  const e = thrown as PyError;
  expect(e.type, `${where}: ${e.message}`).toBe(want.error);
  if (checkMessage) expect(e.message, where).toBe(`${want.error}: ${want.message}`);
}

export { isTuple };
