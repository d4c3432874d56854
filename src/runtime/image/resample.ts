// Pillow's resampling, bit for bit (libImaging/Resample.c, Geometry.c, Reduce.c of Pillow 9.4): per-axis kernels
// normalised in double, 8-bit images filtered with coefficients rounded to 22-bit fixed point, a horizontal pass
// over only the rows the vertical pass reads, then the vertical pass; 32-bit modes ("I", "F") in double; nearest
// neighbour as Pillow's affine scale; `reduce` as Pillow's box averaging with its fixed-point reciprocal.
import { valueError } from "./errors.ts";
import { Raster } from "./raster.ts";
import { RESAMPLE_WASM } from "./wasm/resample-wasm.ts";

export const NEAREST = 0;
export const LANCZOS = 1;
export const BILINEAR = 2;
export const BICUBIC = 3;
export const BOX = 4;
export const HAMMING = 5;

interface Filter {
  readonly fn: (x: number) => number;
  readonly support: number;
}

const box = (x: number): number => (x > -0.5 && x <= 0.5 ? 1 : 0);
const bilinear = (x: number): number => {
  if (x < 0) x = -x;
  return x < 1 ? 1 - x : 0;
};
// 0.54f and 0.46f are float constants in C: their float values, widened to double
const H054 = Math.fround(0.54);
const H046 = Math.fround(0.46);
const hamming = (x: number): number => {
  if (x < 0) x = -x;
  if (x === 0) return 1;
  if (x >= 1) return 0;
  x = x * Math.PI;
  return (Math.sin(x) / x) * (H054 + H046 * Math.cos(x));
};
const bicubic = (x: number): number => {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
};
const sinc = (x: number): number => {
  if (x === 0) return 1;
  x = x * Math.PI;
  return Math.sin(x) / x;
};
const lanczos = (x: number): number => (-3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0);

const FILTERS: Readonly<Record<number, Filter>> = {
  [BOX]: { fn: box, support: 0.5 },
  [BILINEAR]: { fn: bilinear, support: 1 },
  [HAMMING]: { fn: hamming, support: 1 },
  [BICUBIC]: { fn: bicubic, support: 2 },
  [LANCZOS]: { fn: lanczos, support: 3 },
};

/** Pillow's `_filters_support`: the kernel radius of each filter (used by reducing_gap's safe box). */
export function filterSupport(filter: number): number {
  return filter === NEAREST ? 0.5 : FILTERS[filter]!.support;
}

interface Coeffs {
  readonly ksize: number;
  readonly bounds: Int32Array; // xmin, count per output pixel
  readonly kk: Float64Array;
}

/** precompute_coeffs: in0/in1 are the box's float32 edges (Pillow passes the box as C floats). */
function precompute(inSize: number, in0: number, in1: number, outSize: number, filter: Filter): Coeffs {
  // in1 - in0 is a float subtraction in C, widened afterwards
  const scale = Math.fround(in1 - in0) / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const kk = new Float64Array(outSize * ksize);
  const bounds = new Int32Array(outSize * 2);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    let ww = 0;
    // (int) truncates toward zero, as the C cast does
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    const k = xx * ksize;
    for (let x = 0; x < xmax; x++) {
      const w = filter.fn((x + xmin - center + 0.5) * ss);
      kk[k + x] = w;
      ww += w;
    }
    if (ww !== 0) for (let x = 0; x < xmax; x++) kk[k + x] /= ww;
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, kk };
}

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const ONE = 1 << PRECISION_BITS;

function fixedCoeffs(c: Coeffs): Int32Array {
  const out = new Int32Array(c.kk.length);
  for (let i = 0; i < out.length; i++) {
    const v = c.kk[i];
    out[i] = v < 0 ? Math.trunc(-0.5 + v * ONE) : Math.trunc(0.5 + v * ONE);
  }
  return out;
}

/** clip8: the sum's integer part (arithmetic shift, as C's >> of a negative int) clamped to 0..255. */
const clip8 = (v: number): number => {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
};

// ---- the 8-bit passes in WebAssembly SIMD (wasm/resample.c: the same integer arithmetic, several sums at once) ----

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heap_base(): number;
  h8(inp: number, inStride: number, rowOffset: number, rows: number, out: number, outW: number, bands: number, k: number, ksize: number, bounds: number): void;
  v8(inp: number, stride: number, out: number, outH: number, k: number, ksize: number, bounds: number): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

let kernels: KernelExports | null | undefined;
let simdEnabled = true;

/** Switches the 8-bit passes between WebAssembly SIMD (the default where it compiles) and JavaScript. */
export function useSimdResample(on: boolean): void {
  simdEnabled = on;
}

function simd(): KernelExports | null {
  if (!simdEnabled) return null;
  if (kernels !== undefined) return kernels;
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    kernels = new wasm.Instance(new wasm.Module(Buffer.from(RESAMPLE_WASM, "base64")), {}).exports as KernelExports;
  } catch {
    // a runtime without WebAssembly SIMD: the JavaScript passes below give the same pixels
    kernels = null;
  }
  return kernels;
}

/** Lays the byte arrays out in the module's memory (each 16-byte aligned, with 16 bytes of slack) and grows it. */
function place(k: KernelExports, sizes: readonly number[]): number[] {
  let at = (k.heap_base() + 15) & ~15;
  const offsets = sizes.map((n) => {
    const o = at;
    at = (at + n + 16 + 15) & ~15;
    return o;
  });
  const need = at - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  return offsets;
}

function horizontal8Simd(k: KernelExports, src: Raster, outW: number, rowOffset: number, rows: number, c: Coeffs): Raster {
  const bands = src.bands;
  const out = Raster.alloc(src.mode, outW, rows, src.palette);
  const coeffs = fixedCoeffs(c);
  const inBytes = src.data as Uint8Array;
  const [pin, pout, pk, pb] = place(k, [inBytes.length, out.data.length, coeffs.byteLength, c.bounds.byteLength]);
  const mem = new Uint8Array(k.memory.buffer);
  mem.set(inBytes, pin);
  mem.set(new Uint8Array(coeffs.buffer, coeffs.byteOffset, coeffs.byteLength), pk);
  mem.set(new Uint8Array(c.bounds.buffer, c.bounds.byteOffset, c.bounds.byteLength), pb);
  k.h8(pin, src.width * bands, rowOffset, rows, pout, outW, bands, pk, c.ksize, pb);
  (out.data as Uint8Array).set(new Uint8Array(k.memory.buffer, pout, out.data.length));
  return out;
}

function vertical8Simd(k: KernelExports, src: Raster, outH: number, c: Coeffs): Raster {
  const stride = src.width * src.bands;
  const out = Raster.alloc(src.mode, src.width, outH, src.palette);
  const coeffs = fixedCoeffs(c);
  const inBytes = src.data as Uint8Array;
  const [pin, pout, pk, pb] = place(k, [inBytes.length, out.data.length, coeffs.byteLength, c.bounds.byteLength]);
  const mem = new Uint8Array(k.memory.buffer);
  mem.set(inBytes, pin);
  mem.set(new Uint8Array(coeffs.buffer, coeffs.byteOffset, coeffs.byteLength), pk);
  mem.set(new Uint8Array(c.bounds.buffer, c.bounds.byteOffset, c.bounds.byteLength), pb);
  k.v8(pin, stride, pout, outH, pk, c.ksize, pb);
  (out.data as Uint8Array).set(new Uint8Array(k.memory.buffer, pout, out.data.length));
  return out;
}

function horizontal8(src: Raster, outW: number, rowOffset: number, rows: number, c: Coeffs): Raster {
  const bands = src.bands;
  const out = Raster.alloc(src.mode, outW, rows, src.palette);
  const k = fixedCoeffs(c);
  const { ksize, bounds } = c;
  const inData = src.data as Uint8Array;
  const outData = out.data as Uint8Array;
  const inStride = src.width * bands;
  // one loop per band count, the band sums kept in locals (as Pillow's C does)
  for (let yy = 0; yy < rows; yy++) {
    const rowIn = (yy + rowOffset) * inStride;
    let o = yy * outW * bands;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = bounds[xx * 2];
      const xmax = bounds[xx * 2 + 1];
      const kb = xx * ksize;
      let p = rowIn + xmin * bands;
      if (bands === 3) {
        let s0 = HALF;
        let s1 = HALF;
        let s2 = HALF;
        const end = kb + xmax;
        for (let ki = kb; ki < end; ki++, p += 3) {
          const w = k[ki];
          s0 += inData[p] * w;
          s1 += inData[p + 1] * w;
          s2 += inData[p + 2] * w;
        }
        outData[o] = clip8(s0);
        outData[o + 1] = clip8(s1);
        outData[o + 2] = clip8(s2);
        o += 3;
      } else if (bands === 1) {
        let s0 = HALF;
        for (let x = 0; x < xmax; x++, p++) s0 += inData[p] * k[kb + x];
        outData[o++] = clip8(s0);
      } else {
        for (let b = 0; b < bands; b++) {
          let ss = HALF;
          let q = p + b;
          for (let x = 0; x < xmax; x++, q += bands) ss += inData[q] * k[kb + x];
          outData[o++] = clip8(ss);
        }
      }
    }
  }
  return out;
}

function vertical8(src: Raster, outH: number, c: Coeffs): Raster {
  const bands = src.bands;
  const w = src.width;
  const out = Raster.alloc(src.mode, w, outH, src.palette);
  const k = fixedCoeffs(c);
  const { ksize, bounds } = c;
  const inData = src.data as Uint8Array;
  const outData = out.data as Uint8Array;
  const stride = w * bands;
  const rowSums = new Int32Array(stride);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = bounds[yy * 2];
    const ymax = bounds[yy * 2 + 1];
    const kb = yy * ksize;
    rowSums.fill(HALF);
    // rows outer, samples inner: the same integer sums as Pillow's loop order, read sequentially
    for (let y = 0; y < ymax; y++) {
      const kv = k[kb + y];
      const row = (ymin + y) * stride;
      for (let i = 0; i < stride; i++) rowSums[i] += inData[row + i] * kv;
    }
    const o = yy * stride;
    for (let i = 0; i < stride; i++) outData[o + i] = clip8(rowSums[i]);
  }
  return out;
}

/** ROUND_UP of Resample.c: half away from zero, through (int). */
const roundUp = (f: number): number => Math.trunc(f >= 0 ? f + 0.5 : f - 0.5);

function horizontal32(src: Raster, outW: number, rowOffset: number, rows: number, c: Coeffs): Raster {
  const out = Raster.alloc(src.mode, outW, rows);
  const { ksize, bounds, kk } = c;
  const inData = src.data;
  const outData = out.data;
  const isInt = src.mode === "I";
  const is16 = src.mode === "I;16";
  for (let yy = 0; yy < rows; yy++) {
    const rowIn = (yy + rowOffset) * src.width;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = bounds[xx * 2];
      const xmax = bounds[xx * 2 + 1];
      let ss = 0;
      for (let x = 0; x < xmax; x++) ss += inData[rowIn + xmin + x] * kk[xx * ksize + x];
      outData[yy * outW + xx] = is16 ? clip16(roundUp(ss)) : isInt ? roundUp(ss) : ss;
    }
  }
  return out;
}

function vertical32(src: Raster, outH: number, c: Coeffs): Raster {
  const w = src.width;
  const out = Raster.alloc(src.mode, w, outH);
  const { ksize, bounds, kk } = c;
  const inData = src.data;
  const outData = out.data;
  const isInt = src.mode === "I";
  const is16 = src.mode === "I;16";
  for (let yy = 0; yy < outH; yy++) {
    const ymin = bounds[yy * 2];
    const ymax = bounds[yy * 2 + 1];
    for (let xx = 0; xx < w; xx++) {
      let ss = 0;
      for (let y = 0; y < ymax; y++) ss += inData[(y + ymin) * w + xx] * kk[yy * ksize + y];
      outData[yy * w + xx] = is16 ? clip16(roundUp(ss)) : isInt ? roundUp(ss) : ss;
    }
  }
  return out;
}

/** The 16-bit path writes the low byte as CLIP8(v % 256) and the high byte as CLIP8(v >> 8). */
function clip16(v: number): number {
  const c8 = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : x);
  return c8(v % 256) | (c8(v >> 8) << 8);
}

/** ImagingResample: the box is (x0, y0, x1, y1) in source pixels, already validated. */
export function resampleRaster(im: Raster, width: number, height: number, filter: number, boxIn: readonly number[]): Raster {
  const f = FILTERS[filter];
  if (!f) throw valueError("unsupported resampling filter");
  if (im.mode === "P" || im.mode === "1") throw valueError("image has wrong mode");
  // the box reaches C as floats
  const b = boxIn.map((v) => Math.fround(v));
  const eight = !(im.mode === "I" || im.mode === "F" || im.mode === "I;16");
  const needH = width !== im.width || b[0] !== 0 || b[2] !== width;
  const needV = height !== im.height || b[1] !== 0 || b[3] !== height;
  const vert = precompute(im.height, b[1], b[3], height, f);
  const yFirst = vert.bounds[0];
  const yLast = vert.bounds[height * 2 - 2] + vert.bounds[height * 2 - 1];
  let cur = im;
  let out: Raster | null = null;
  if (needH) {
    const horiz = precompute(im.width, b[0], b[2], width, f);
    for (let i = 0; i < height; i++) vert.bounds[i * 2] -= yFirst;
    const k = eight ? simd() : null;
    cur = k ? horizontal8Simd(k, im, width, yFirst, yLast - yFirst, horiz) : eight ? horizontal8(im, width, yFirst, yLast - yFirst, horiz) : horizontal32(im, width, yFirst, yLast - yFirst, horiz);
    out = cur;
  }
  if (needV) {
    const k = eight ? simd() : null;
    out = k ? vertical8Simd(k, cur, height, vert) : eight ? vertical8(cur, height, vert) : vertical32(cur, height, vert);
  }
  return out ?? im.copy();
}

/** `_resize`'s nearest path: Pillow's affine scale (ImagingScaleAffine), or its generic transform for "I;16". */
export function nearestRaster(im: Raster, width: number, height: number, b: readonly number[]): Raster {
  const box = b.map((v) => Math.fround(v));
  const a0 = (box[2] - box[0]) / width;
  const a4 = (box[3] - box[1]) / height;
  const a2 = box[0];
  const a5 = box[1];
  const out = Raster.alloc(im.mode, width, height, im.palette);
  const bands = im.bands;
  const src = im.data;
  const dst = out.data;
  const coord = (v: number) => (v < 0 ? -1 : Math.trunc(v));
  const xin = new Int32Array(width);
  let xmin = width;
  let xmax = 0;
  if (im.mode === "I;16") {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const sx = coord(a0 * (x + 0.5) + a2);
        const sy = coord(a4 * (y + 0.5) + a5);
        if (sx >= 0 && sx < im.width && sy >= 0 && sy < im.height) dst[y * width + x] = src[sy * im.width + sx];
      }
    }
    return out;
  }
  let xo = a2 + a0 * 0.5;
  for (let x = 0; x < width; x++) {
    const v = coord(xo);
    if (v >= 0 && v < im.width) {
      xmax = x + 1;
      if (x < xmin) xmin = x;
      xin[x] = v;
    }
    xo += a0;
  }
  let yo = a5 + a4 * 0.5;
  for (let y = 0; y < height; y++) {
    const yi = coord(yo);
    if (yi >= 0 && yi < im.height) {
      const row = yi * im.width;
      for (let x = xmin; x < xmax; x++) {
        const s = (row + xin[x]) * bands;
        const d = (y * width + x) * bands;
        for (let c = 0; c < bands; c++) dst[d + c] = src[s + c];
      }
    }
    yo += a4;
  }
  return out;
}

/** division_UINT32: Pillow's reciprocal of (divider << 8), computed in single precision. */
function reciprocal(divider: number): number {
  return Math.trunc(Math.fround(4294967296 / Math.fround(divider * 256)));
}

/**
 * ImagingReduce over the box (x0, y0, x1, y1) of integer source pixels: each output pixel is the rounded mean of
 * a xscale by yscale block, the last row and column averaging the partial blocks.
 */
export function reduceRaster(im: Raster, xscale: number, yscale: number, box: readonly number[]): Raster {
  const [bx0, by0, bx1, by1] = box;
  const bw = bx1 - bx0;
  const bh = by1 - by0;
  const outW = Math.floor((bw + xscale - 1) / xscale);
  const outH = Math.floor((bh + yscale - 1) / yscale);
  const out = Raster.alloc(im.mode, outW, outH, im.palette);
  const bands = im.bands;
  const src = im.data;
  const dst = out.data;
  const eight = src instanceof Uint8Array;
  for (let y = 0; y < outH; y++) {
    const y0 = by0 + y * yscale;
    const y1 = Math.min(y0 + yscale, by1);
    for (let x = 0; x < outW; x++) {
      const x0 = bx0 + x * xscale;
      const x1 = Math.min(x0 + xscale, bx1);
      const count = (x1 - x0) * (y1 - y0);
      const mult = reciprocal(count);
      const amend = Math.floor(count / 2);
      for (let c = 0; c < bands; c++) {
        let ss = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) ss += src[(yy * im.width + xx) * bands + c];
        const o = (y * outW + x) * bands + c;
        if (eight) dst[o] = Math.floor(((ss + amend) * mult) % 4294967296 / 16777216);
        else dst[o] = im.mode === "F" ? ss / count : roundUp(ss / count);
      }
    }
  }
  return out;
}
