// PIL.ImageFilter as Pillow 9.4 computes it: the built-in 3x3/5x5 kernels (BLUR, SHARPEN, SMOOTH, ...) and Kernel
// (ImagingFilter: float32 sums, the border copied), GaussianBlur and BoxBlur (ImagingBoxBlur's extended box passes in
// 24-bit fixed point), UnsharpMask, and the rank filters (MedianFilter, MinFilter, MaxFilter, RankFilter, on the
// image expanded by its edge pixels). A filter is an object Image.filter applies to a raster; every constructor is
// also a valid argument uncalled (`img.filter(ImageFilter.SHARPEN)`, `img.filter(ImageFilter.GaussianBlur)`), as
// Image.filter calls a callable it is given.
import { typeError, valueError } from "./errors.ts";
import { type Mode, Raster, windowRank } from "./raster.ts";

const fr = Math.fround;

/** An ImageFilter instance: what Image.filter runs on the image's pixels. */
export class ImageFilter {
  constructor(
    readonly pyTypeName: string,
    readonly run: (r: Raster) => Raster,
  ) {}
}

/** The argument of Image.filter: a filter, or a filter class or function called with no arguments. */
export function filterOf(f: unknown): ImageFilter {
  const made = typeof f === "function" ? (f as () => unknown)() : f;
  if (!(made instanceof ImageFilter)) throw typeError("filter argument should be ImageFilter.Filter instance or class");
  return made;
}

const BYTE_MODES: readonly Mode[] = ["L", "LA", "La", "RGB", "RGBA", "RGBa", "RGBX", "CMYK"];

function refusePalette(r: Raster): void {
  if (r.mode === "P" || r.mode === "PA") throw valueError("cannot filter palette images");
}

// ---- convolution kernels (Filter.c) ---------------------------------------------------------------------------

/** ImagingFilter (8-bit modes): each sample the float32 sum of its window times the kernel, the border rows and columns kept. */
function convolve(r: Raster, size: number, kernel: readonly number[], offset: number): Raster {
  if (!(r.data instanceof Uint8Array)) throw valueError("image has wrong mode");
  if (r.width < size || r.height < size) return r.copy();
  const out = r.copy();
  const { width: w, height: h, bands: b, data: src } = r;
  const half = size >> 1;
  const bias = fr(offset + 0.5);
  for (let y = half; y < h - half; y++) {
    for (let x = half; x < w - half; x++) {
      for (let c = 0; c < b; c++) {
        let ss = bias;
        // Pillow's rows run from y + half (the kernel's first row) down to y - half
        for (let ky = 0; ky < size; ky++) {
          const row = ((y + half - ky) * w + x - half) * b + c;
          let line = 0;
          for (let kx = 0; kx < size; kx++) line = fr(line + fr(src[row + kx * b]! * kernel[ky * size + kx]!));
          ss = fr(ss + line);
        }
        out.data[(y * w + x) * b + c] = ss <= 0 ? 0 : ss >= 255 ? 255 : Math.trunc(ss);
      }
    }
  }
  return out;
}

/** ImageFilter.Kernel(size, kernel, scale=None, offset=0): a 3x3 or 5x5 kernel, divided by scale (its sum by default). */
export function Kernel(size: unknown, kernel: unknown, scale?: unknown, offset?: unknown): ImageFilter {
  const dims = Array.isArray(size) ? size.map(Number) : [];
  const k = Array.isArray(kernel) ? kernel.map(Number) : [];
  if (dims.length !== 2 || dims[0]! * dims[1]! !== k.length) throw valueError("not enough coefficients in kernel");
  return kernelFilter("Kernel", dims[0]!, dims[1]!, k, scale === undefined || scale === null ? k.reduce((a, v) => a + v, 0) : Number(scale), offset === undefined || offset === null ? 0 : Number(offset));
}

function kernelFilter(name: string, xsize: number, ysize: number, kernel: readonly number[], scale: number, offset: number): ImageFilter {
  // _imaging.c's _filter: the float32 kernel divided by the float32 scale
  const divisor = fr(scale);
  const k = kernel.map((v) => fr(fr(v) / divisor));
  return new ImageFilter(name, (r) => {
    refusePalette(r);
    if (r.width >= xsize && r.height >= ysize && ((xsize !== 3 && xsize !== 5) || xsize !== ysize)) throw valueError("bad kernel size");
    return convolve(r, xsize, k, fr(offset));
  });
}

const builtin = (name: string, size: number, scale: number, offset: number, kernel: readonly number[]) => (): ImageFilter => kernelFilter(name, size, size, kernel, scale, offset);

// prettier-ignore
export const BLUR = builtin("BLUR", 5, 16, 0, [1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
export const CONTOUR = builtin("CONTOUR", 3, 1, 255, [-1, -1, -1, -1, 8, -1, -1, -1, -1]);
export const DETAIL = builtin("DETAIL", 3, 6, 0, [0, -1, 0, -1, 10, -1, 0, -1, 0]);
export const EDGE_ENHANCE = builtin("EDGE_ENHANCE", 3, 2, 0, [-1, -1, -1, -1, 10, -1, -1, -1, -1]);
export const EDGE_ENHANCE_MORE = builtin("EDGE_ENHANCE_MORE", 3, 1, 0, [-1, -1, -1, -1, 9, -1, -1, -1, -1]);
export const EMBOSS = builtin("EMBOSS", 3, 1, 128, [-1, 0, 0, 0, 1, 0, 0, 0, 0]);
export const FIND_EDGES = builtin("FIND_EDGES", 3, 1, 0, [-1, -1, -1, -1, 8, -1, -1, -1, -1]);
export const SHARPEN = builtin("SHARPEN", 3, 16, 0, [-2, -2, -2, -2, 32, -2, -2, -2, -2]);
export const SMOOTH = builtin("SMOOTH", 3, 13, 0, [1, 1, 1, 1, 5, 1, 1, 1, 1]);
// prettier-ignore
export const SMOOTH_MORE = builtin("SMOOTH_MORE", 5, 100, 0, [1, 1, 1, 1, 1, 1, 5, 5, 5, 1, 1, 5, 44, 5, 1, 1, 5, 5, 5, 1, 1, 1, 1, 1, 1]);

// ---- box and gaussian blurs (BoxBlur.c) -----------------------------------------------------------------------

/**
 * ImagingLineBoxBlur of one band of one line (`n` samples at `start`, `step` apart), in place: the mean over
 * radius + its fraction on each side, edge samples repeated outside the line, in 24-bit fixed point.
 */
function lineBoxBlur(d: Uint8Array, start: number, step: number, n: number, radius: number, ww: number, fw: number, line: Float64Array): void {
  const last = n - 1;
  for (let i = 0; i < n; i++) line[i] = d[start + i * step]!;
  const at = (i: number) => line[i]!;
  const edgeA = Math.min(radius + 1, n);
  const edgeB = Math.max(n - radius - 1, 0);
  let acc = at(0) * (radius + 1);
  for (let x = 0; x < edgeA - 1; x++) acc += at(x);
  acc += at(last) * (radius - edgeA + 1);
  const save = (x: number, left: number, right: number) => {
    const bulk = acc * ww + (at(left) + at(right)) * fw;
    d[start + x * step] = Math.floor((bulk + 8388608) / 16777216);
  };
  if (edgeA <= edgeB) {
    for (let x = 0; x < edgeA; x++) {
      acc += at(x + radius) - at(0);
      save(x, 0, x + radius + 1);
    }
    for (let x = edgeA; x < edgeB; x++) {
      acc += at(x + radius) - at(x - radius - 1);
      save(x, x - radius - 1, x + radius + 1);
    }
    for (let x = edgeB; x <= last; x++) {
      acc += at(last) - at(x - radius - 1);
      save(x, x - radius - 1, last);
    }
  } else {
    for (let x = 0; x < edgeB; x++) {
      acc += at(x + radius) - at(0);
      save(x, 0, x + radius + 1);
    }
    for (let x = edgeB; x < edgeA; x++) {
      acc += at(last) - at(0);
      save(x, 0, last);
    }
    for (let x = edgeA; x <= last; x++) {
      acc += at(last) - at(x - radius - 1);
      save(x, x - radius - 1, last);
    }
  }
}

/** ImagingBoxBlur: `passes` horizontal passes over every row, then as many over every column, each band alone. */
function boxBlur(r: Raster, floatRadius: number, passes: number): Raster {
  if (!BYTE_MODES.includes(r.mode)) throw valueError("image has wrong mode");
  if (floatRadius < 0) throw valueError("radius must be >= 0");
  const out = r.copy();
  const radius = Math.trunc(floatRadius);
  const ww = Math.trunc(fr(16777216 / fr(fr(floatRadius * 2) + 1)));
  const fw = Math.floor((16777216 - (radius * 2 + 1) * ww) / 2);
  const { width: w, height: h, bands: b } = r;
  const d = out.data as Uint8Array;
  const line = new Float64Array(Math.max(w, h));
  for (let y = 0; y < h; y++) for (let c = 0; c < b; c++) for (let p = 0; p < passes; p++) lineBoxBlur(d, y * w * b + c, b, w, radius, ww, fw, line);
  for (let x = 0; x < w; x++) for (let c = 0; c < b; c++) for (let p = 0; p < passes; p++) lineBoxBlur(d, x * b + c, w * b, h, radius, ww, fw, line);
  return out;
}

/** _gaussian_blur_radius: the extended box radius whose `passes` passes approximate the Gaussian (float32 as in C). */
function gaussianBoxRadius(radius: number, passes: number): number {
  const sigma2 = fr(fr(radius * radius) / passes);
  const L = fr(Math.sqrt(12.0 * sigma2 + 1.0));
  const l = fr(Math.floor((L - 1.0) / 2.0));
  let a = fr(fr(fr(2 * l) + 1) * fr(fr(l * fr(l + 1)) - fr(3 * sigma2)));
  a = fr(a / fr(6 * fr(sigma2 - fr(fr(l + 1) * fr(l + 1)))));
  return fr(l + a);
}

const radiusOf = (x: unknown): number => {
  if (typeof x !== "number" && typeof x !== "boolean" && !(typeof x === "object" && x !== null && "value" in x)) throw typeError("must be real number");
  return fr(Number(typeof x === "object" ? (x as { value: number }).value : x));
};

function gaussianBlurRaster(r: Raster, radius: number): Raster {
  return boxBlur(r, gaussianBoxRadius(radius, 3), 3);
}

/** ImageFilter.GaussianBlur(radius=2): three extended box passes whose variance is radius². */
export function GaussianBlur(radius?: unknown): ImageFilter {
  const rad = radiusOf(radius ?? 2);
  return new ImageFilter("GaussianBlur", (r) => gaussianBlurRaster(r, rad));
}

/** ImageFilter.BoxBlur(radius): one box pass of radius pixels (and its fraction) on each side. */
export function BoxBlur(radius: unknown): ImageFilter {
  const rad = radiusOf(radius);
  return new ImageFilter("BoxBlur", (r) => boxBlur(r, rad, 1));
}

/** ImageFilter.UnsharpMask(radius=2, percent=150, threshold=3): ImagingUnsharpMask over the Gaussian blur. */
export function UnsharpMask(radius?: unknown, percent?: unknown, threshold?: unknown): ImageFilter {
  const rad = radiusOf(radius ?? 2);
  const pct = Math.trunc(Number(percent ?? 150));
  const thr = Math.trunc(Number(threshold ?? 3));
  return new ImageFilter("UnsharpMask", (r) => {
    const out = gaussianBlurRaster(r, rad);
    const src = r.data;
    const d = out.data;
    for (let i = 0; i < d.length; i++) {
      const diff = src[i]! - d[i]!;
      // C's int division truncates toward zero
      d[i] = Math.abs(diff) > thr ? Math.max(0, Math.min(255, src[i]! + Math.trunc((diff * pct) / 100))) : src[i]!;
    }
    return out;
  });
}

// ---- rank filters (RankFilter.c) ------------------------------------------------------------------------------

/** ImagingRankFilter of the image expanded by size // 2 edge pixels: each band alone, the rank-th smallest of its window. */
function rankFilter(r: Raster, size: number, rank: number): Raster {
  refusePalette(r);
  if (r.mode === "I;16") throw valueError("image has wrong mode");
  if (size % 2 === 0) throw valueError("bad filter size");
  if (rank < 0 || rank >= size * size) throw valueError("bad rank value");
  const out = r.copy();
  windowRank(r.data, out.data, r.width, r.height, r.bands, size, rank);
  return out;
}

const sizeOf = (x: unknown, d: number): number => Math.trunc(Number(x ?? d));

export function RankFilter(size: unknown, rank: unknown): ImageFilter {
  const s = sizeOf(size, 3);
  const k = Math.trunc(Number(rank));
  return new ImageFilter("RankFilter", (r) => rankFilter(r, s, k));
}

export function MedianFilter(size?: unknown): ImageFilter {
  const s = sizeOf(size, 3);
  return new ImageFilter("MedianFilter", (r) => rankFilter(r, s, Math.floor((s * s) / 2)));
}

export function MinFilter(size?: unknown): ImageFilter {
  const s = sizeOf(size, 3);
  return new ImageFilter("MinFilter", (r) => rankFilter(r, s, 0));
}

export function MaxFilter(size?: unknown): ImageFilter {
  const s = sizeOf(size, 3);
  return new ImageFilter("MaxFilter", (r) => rankFilter(r, s, s * s - 1));
}
