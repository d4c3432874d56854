// The OpenCV (cv2, 4.6) functions image notebooks call, on numpy arrays (HxW or HxWxC, BGR order): imdecode/imread
// of the request's bytes, cvtColor for the common codes, resize (see cv2-resize.ts), normalize, copyMakeBorder,
// threshold (with Otsu's level), medianBlur, bitwise_not, split and merge. Results have OpenCV's shapes (a single channel comes back HxW) and dtypes.
import { PyError, tuple as mkTuple, WeakFloat } from "../core.ts";
import { NDArray, type DType } from "../ndarray.ts";
import { asArray } from "../np-base.ts";
import { openImage } from "./decode.ts";
import { valueError, typeError } from "./errors.ts";
import { exifOrientation, pyType, toNumber, transposeRaster, FLIP_LEFT_RIGHT, FLIP_TOP_BOTTOM, ROTATE_180, ROTATE_270, ROTATE_90, TRANSPOSE, TRANSVERSE } from "./image.ts";
import { imageBytes } from "./pil.ts";
import { Raster, windowRank } from "./raster.ts";
import { INTER_LINEAR, resizePlane, type Plane } from "./cv2-resize.ts";

export const IMREAD_UNCHANGED = -1;
export const IMREAD_GRAYSCALE = 0;
export const IMREAD_COLOR = 1;

const isNone = (x: unknown): boolean => x === undefined || x === null;

// ---- arrays ----------------------------------------------------------------------------------------------------

function toPlane(src: unknown, fname: string): { plane: Plane; dtype: DType; shape: readonly number[] } {
  if (!(src instanceof NDArray)) {
    if (src === null || src === undefined) throw new PyError("error", `OpenCV(4.6.0) :-1: error: (-5:Bad argument) in function '${fname}'\n> Overload resolution failed:\n>  - src is not a numpy array, neither a scalar`);
    src = asArray(src);
  }
  const a = src as NDArray;
  if (a.ndim !== 2 && a.ndim !== 3) throw new PyError("error", `OpenCV(4.6.0) error: (-215:Assertion failed) !_src.empty() in function '${fname}': expected a 2-D or 3-D array, got ${a.ndim}-D`);
  const [h, w] = a.shape;
  const cn = a.ndim === 3 ? a.shape[2] : 1;
  const v = a.values();
  let data: Uint8Array | Float32Array | Float64Array;
  if (a.dtype === "uint8") data = v instanceof Uint8Array ? v : Uint8Array.from(v);
  else if (a.dtype === "float32") data = v instanceof Float32Array ? v : Float32Array.from(v);
  else if (a.dtype === "float64") data = v instanceof Float64Array ? v : Float64Array.from(v);
  else throw typeError(`cv2.${fname} on ${a.dtype} arrays is not supported by the nb2svc runtime (uint8, float32 and float64 are)`);
  return { plane: { data, width: w, height: h, cn }, dtype: a.dtype, shape: a.shape };
}

/** An OpenCV Mat back to numpy: HxW when it has one channel (as cv2 returns it), else HxWxC. */
function fromPlane(p: Plane, dtype: DType, keep3d = false): NDArray {
  const shape = p.cn === 1 && !keep3d ? [p.height, p.width] : [p.height, p.width, p.cn];
  return new NDArray(p.data, shape, dtype);
}

// ---- decoding ----------------------------------------------------------------------------------------------------

const ORIENT: Readonly<Record<number, number>> = { 2: FLIP_LEFT_RIGHT, 3: ROTATE_180, 4: FLIP_TOP_BOTTOM, 5: TRANSPOSE, 6: ROTATE_270, 7: TRANSVERSE, 8: ROTATE_90 };

/**
 * cv2.imdecode(buf, flags): BGR (IMREAD_COLOR), gray (IMREAD_GRAYSCALE) or as stored (IMREAD_UNCHANGED: BGRA,
 * 16-bit); None for bytes OpenCV cannot read. IMREAD_COLOR and IMREAD_GRAYSCALE apply the EXIF orientation.
 * GIF is not read by OpenCV 4.6 (None). A color JPEG read as gray is the luma of the decoded RGB (libjpeg would
 * output the Y plane itself): within 1 level of OpenCV (docs/images.md).
 */
export function imdecode(buf: unknown, flags?: unknown): NDArray | null {
  const bytes = buf instanceof NDArray ? Uint8Array.from(buf.values()) : imageBytes(buf);
  const f = isNone(flags) ? IMREAD_COLOR : toNumber(flags);
  let decoded;
  let format;
  try {
    const o = openImage(bytes);
    format = o.header.format;
    if (format === "GIF") return null;
    decoded = o.load();
  } catch (e) {
    if (e instanceof PyError && e.type === "DecompressionBombError") throw e;
    return null;
  }
  let r = decoded.raster;
  const deep = decoded.samples16;
  if (deep && (f === IMREAD_UNCHANGED || f === IMREAD_GRAYSCALE)) return deep16(r.width, r.height, deep, f);
  if (f !== IMREAD_UNCHANGED && (format === "JPEG" || format === "PNG" || format === "WEBP" || format === "TIFF")) {
    const o = exifOrientation(decoded.info.exif);
    const m = o === null ? undefined : ORIENT[o];
    if (m !== undefined) r = transposeRaster(r, m);
  }
  return toCvArray(r, f, format, decoded.info.transparency);
}

/** cv2.imread(filename, flags): in a service, the request's image bytes. */
export function imread(filename: unknown, flags?: unknown): NDArray | null {
  return imdecode(filename, flags);
}

/** A 16-bit colour PNG as libpng gives it to OpenCV: BGR(A) uint16 unchanged, or gray computed in 16 bits. */
function deep16(w: number, h: number, s: { data: Uint16Array; channels: number }, flags: number): NDArray {
  const n = w * h;
  const { data, channels } = s;
  if (flags === IMREAD_GRAYSCALE) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = i * channels;
      if (channels === 2) out[i] = data[k] >> 8;
      else {
        const [r, g, b] = [data[k], data[k + 1], data[k + 2]];
        out[i] = (r === g && g === b ? r : (9797 * r + 19234 * g + 3737 * b + 16384) >> 15) >> 8;
      }
    }
    return new NDArray(out, [h, w], "uint8");
  }
  const cn = channels === 2 ? 4 : channels;
  const out = new Uint16Array(n * cn);
  for (let i = 0; i < n; i++) {
    const k = i * channels;
    if (channels === 2) {
      out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = data[k];
      out[i * 4 + 3] = data[k + 1];
    } else {
      out[i * cn] = data[k + 2];
      out[i * cn + 1] = data[k + 1];
      out[i * cn + 2] = data[k];
      if (cn === 4) out[i * 4 + 3] = data[k + 3];
    }
  }
  return new NDArray(out, [h, w, cn], "uint16");
}

/**
 * The gray level each decoder gives a colour pixel under IMREAD_GRAYSCALE: libpng's png_set_rgb_to_gray(0.299,
 * 0.587) (15-bit coefficients, truncated) for PNG; imgcodecs' icvCvt_BGR2Gray (14-bit, rounded) for BMP and TIFF;
 * cvtColor's (15-bit, rounded) for WebP; for JPEG, libjpeg returns the Y plane, estimated here as the luma of the
 * decoded RGB: exact where no channel was clipped to 0 or 255 (measured on every JPEG fixture); where one was, the
 * clipping lost the information (several Y reproduce the same RGB), and the estimate is within 4 levels.
 */
function gray(R: number, G: number, B: number, format: string): number {
  if (format === "PNG") return (9797 * R + 19234 * G + 3737 * B) >> 15;
  if (format === "BMP" || format === "TIFF") return (B * 1868 + G * 9617 + R * 4899 + 8192) >> 14;
  if (format === "JPEG") return Math.min(255, Math.max(0, Math.round(0.299 * R + 0.587 * G + 0.114 * B)));
  return (B * 3735 + G * 19235 + R * 9798 + 16384) >> 15;
}

function toCvArray(r: Raster, flags: number, format: string, transparency: unknown): NDArray {
  const n = r.width * r.height;
  const d = r.data;
  if (r.mode === "RGB" && flags !== IMREAD_GRAYSCALE) {
    // the common case without the per-sample accessors: RGB to BGR
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n * 3; i += 3) {
      out[i] = d[i + 2];
      out[i + 1] = d[i + 1];
      out[i + 2] = d[i];
    }
    return new NDArray(out, [r.height, r.width, 3], "uint8");
  }
  // expand palettes and the odd modes to plain samples first
  let samples: { cn: number; get: (i: number, c: number) => number; sixteen: boolean };
  switch (r.mode) {
    case "P": {
      const e = r.palette!.entries;
      // libpng expands a palette with tRNS to RGBA
      const alpha = transparency instanceof Uint8Array ? transparency : typeof transparency === "number" ? Uint8Array.from({ length: 256 }, (_, k) => (k === transparency ? 0 : 255)) : null;
      samples = alpha ? { cn: 4, get: (i, c) => (c === 3 ? alpha[d[i]] ?? 255 : e[d[i] * 4 + c]), sixteen: false } : { cn: 3, get: (i, c) => e[d[i] * 4 + c], sixteen: false };
      break;
    }
    case "1":
    case "L":
      samples = { cn: 1, get: (i) => d[i], sixteen: false };
      break;
    case "LA":
      samples = { cn: 2, get: (i, c) => d[i * 2 + c], sixteen: false };
      break;
    case "I":
    case "I;16":
      samples = { cn: 1, get: (i) => d[i], sixteen: true };
      break;
    case "RGB":
      samples = { cn: 3, get: (i, c) => d[i * 3 + c], sixteen: false };
      break;
    case "RGBA":
      samples = { cn: 4, get: (i, c) => d[i * 4 + c], sixteen: false };
      break;
    default:
      throw valueError(`cv2.imdecode: images of mode ${r.mode} are not supported by the nb2svc runtime`);
  }
  const { cn, get, sixteen } = samples;
  if (flags === IMREAD_UNCHANGED) {
    if (sixteen) return new NDArray(Uint16Array.from({ length: n }, (_, i) => get(i, 0)), [r.height, r.width], "uint16");
    const outCn = cn === 2 ? 4 : cn;
    const out = new Uint8Array(n * outCn);
    for (let i = 0; i < n; i++) {
      if (cn === 1) out[i] = get(i, 0);
      else if (cn === 2) {
        out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = get(i, 0);
        out[i * 4 + 3] = get(i, 1);
      } else {
        out[i * outCn] = get(i, 2);
        out[i * outCn + 1] = get(i, 1);
        out[i * outCn + 2] = get(i, 0);
        if (outCn === 4) out[i * 4 + 3] = get(i, 3);
      }
    }
    return new NDArray(out, outCn === 1 ? [r.height, r.width] : [r.height, r.width, outCn], "uint8");
  }
  const v8 = (i: number, c: number) => (sixteen ? get(i, c) >> 8 : get(i, c));
  if (flags === IMREAD_GRAYSCALE) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (cn <= 2) out[i] = v8(i, 0);
      else {
        const R = v8(i, 0);
        const G = v8(i, 1);
        const B = v8(i, 2);
        out[i] = R === G && G === B ? R : gray(R, G, B, format);
      }
    }
    return new NDArray(out, [r.height, r.width], "uint8");
  }
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    if (cn <= 2) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = v8(i, 0);
    else {
      out[i * 3] = v8(i, 2);
      out[i * 3 + 1] = v8(i, 1);
      out[i * 3 + 2] = v8(i, 0);
    }
  }
  return new NDArray(out, [r.height, r.width, 3], "uint8");
}

// ---- colour ----------------------------------------------------------------------------------------------------

export const COLOR: Readonly<Record<string, number>> = {
  COLOR_BGR2BGRA: 0, COLOR_RGB2RGBA: 0, COLOR_BGRA2BGR: 1, COLOR_RGBA2RGB: 1, COLOR_BGR2RGBA: 2, COLOR_RGB2BGRA: 2,
  COLOR_RGBA2BGR: 3, COLOR_BGRA2RGB: 3, COLOR_BGR2RGB: 4, COLOR_RGB2BGR: 4, COLOR_BGRA2RGBA: 5, COLOR_RGBA2BGRA: 5,
  COLOR_BGR2GRAY: 6, COLOR_RGB2GRAY: 7, COLOR_GRAY2BGR: 8, COLOR_GRAY2RGB: 8, COLOR_GRAY2BGRA: 9, COLOR_GRAY2RGBA: 9,
  COLOR_BGRA2GRAY: 10, COLOR_RGBA2GRAY: 11,
};

/** What a cvtColor code does: source channels, destination channels, blue index of the source, swap, alpha. */
const CODES: Readonly<Record<number, { scn: number[]; dcn: number; op: "swap" | "gray" | "fromgray" | "addalpha" | "dropalpha"; blueIdx: number; swap: boolean }>> = {
  0: { scn: [3], dcn: 4, op: "addalpha", blueIdx: 0, swap: false },
  1: { scn: [4], dcn: 3, op: "dropalpha", blueIdx: 0, swap: false },
  2: { scn: [3], dcn: 4, op: "addalpha", blueIdx: 0, swap: true },
  3: { scn: [4], dcn: 3, op: "dropalpha", blueIdx: 0, swap: true },
  4: { scn: [3, 4], dcn: 3, op: "swap", blueIdx: 0, swap: true },
  5: { scn: [4], dcn: 4, op: "swap", blueIdx: 0, swap: true },
  6: { scn: [3, 4], dcn: 1, op: "gray", blueIdx: 0, swap: false },
  7: { scn: [3, 4], dcn: 1, op: "gray", blueIdx: 2, swap: false },
  8: { scn: [1], dcn: 3, op: "fromgray", blueIdx: 0, swap: false },
  9: { scn: [1], dcn: 4, op: "fromgray", blueIdx: 0, swap: false },
  10: { scn: [4], dcn: 1, op: "gray", blueIdx: 0, swap: false },
  11: { scn: [4], dcn: 1, op: "gray", blueIdx: 2, swap: false },
};

export function cvtColor(src: unknown, code: unknown, dst?: unknown, dstCn?: unknown): NDArray {
  void dst;
  void dstCn;
  const c = toNumber(code);
  const spec = CODES[c];
  if (!spec) throw valueError(`cv2.cvtColor code ${c} is not supported by the nb2svc runtime`);
  const { plane, dtype } = toPlane(src, "cvtColor");
  const { width: w, height: h, cn, data } = plane;
  if (!spec.scn.includes(cn)) {
    throw new PyError("error", `OpenCV(4.6.0) error: (-2:Unspecified error) in function 'cv::impl::{anonymous}::CvtHelper<VScn, VDcn, VDepth, sizePolicy>::CvtHelper(cv::InputArray, cv::OutputArray, int)'\n> Invalid number of channels in input image:\n>     'VScn::contains(scn)'\n> where\n>     'scn' is ${cn}`);
  }
  const n = w * h;
  const u8 = dtype === "uint8";
  const out = u8 ? new Uint8Array(n * spec.dcn) : dtype === "float32" ? new Float32Array(n * spec.dcn) : new Float64Array(n * spec.dcn);
  const alphaMax = u8 ? 255 : 1;
  for (let i = 0; i < n; i++) {
    const s = i * cn;
    const o = i * spec.dcn;
    switch (spec.op) {
      case "swap":
      case "dropalpha":
      case "addalpha": {
        const b = data[s];
        const g = data[s + 1];
        const r = data[s + 2];
        out[o] = spec.swap ? r : b;
        out[o + 1] = g;
        out[o + 2] = spec.swap ? b : r;
        if (spec.dcn === 4) out[o + 3] = spec.op === "addalpha" ? alphaMax : data[s + 3];
        break;
      }
      case "gray": {
        const b = data[s + spec.blueIdx];
        const g = data[s + 1];
        const r = data[s + (spec.blueIdx ^ 2)];
        out[o] = u8 ? (b * 3735 + g * 19235 + r * 9798 + 16384) >> 15 : dtype === "float32" ? Math.fround(Math.fround(Math.fround(b * Math.fround(0.114)) + Math.fround(g * Math.fround(0.587))) + Math.fround(r * Math.fround(0.299))) : b * 0.114 + g * 0.587 + r * 0.299;
        break;
      }
      case "fromgray":
        out[o] = out[o + 1] = out[o + 2] = data[s];
        if (spec.dcn === 4) out[o + 3] = alphaMax;
        break;
    }
  }
  return fromPlane({ data: out, width: w, height: h, cn: spec.dcn }, dtype);
}

// ---- resize ---------------------------------------------------------------------------------------------------

/** cv2.resize(src, dsize, dst=None, fx=None, fy=None, interpolation=INTER_LINEAR). */
export function resize(src: unknown, dsize: unknown, dst?: unknown, fx?: unknown, fy?: unknown, interpolation?: unknown): NDArray {
  void dst;
  const { plane, dtype, shape } = toPlane(src, "resize");
  const sw = plane.width;
  const sh = plane.height;
  let dw = 0;
  let dh = 0;
  if (!isNone(dsize)) {
    const d = Array.isArray(dsize) ? dsize.map((v) => toNumber(v)) : null;
    if (!d || d.length !== 2) throw typeError("dsize must be a (width, height) tuple");
    [dw, dh] = d;
  }
  let ifx: number;
  let ify: number;
  if (dw > 0 && dh > 0) {
    ifx = dw / sw;
    ify = dh / sh;
  } else {
    ifx = isNone(fx) ? 0 : toNumber(fx);
    ify = isNone(fy) ? 0 : toNumber(fy);
    if (!(ifx > 0 && ify > 0)) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) !dsize.empty() in function 'resize'");
    dw = cvRoundInt(sw * ifx);
    dh = cvRoundInt(sh * ify);
    if (dw <= 0 || dh <= 0) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) !dsize.empty() in function 'resize'");
  }
  const interp = isNone(interpolation) ? INTER_LINEAR : toNumber(interpolation);
  if (dw === sw && dh === sh) return new NDArray(plane.data.slice(), [...shape].length === 3 && shape[2] !== 1 ? [sh, sw, plane.cn] : [sh, sw], dtype);
  const out = resizePlane(plane, dw, dh, ifx, ify, interp);
  return fromPlane(out, dtype);
}

function cvRoundInt(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

// ---- normalize, borders, channels ------------------------------------------------------------------------------------

export const NORM_INF = 1;
export const NORM_L1 = 2;
export const NORM_L2 = 4;
export const NORM_MINMAX = 32;
const DEPTHS: Readonly<Record<number, DType>> = { 0: "uint8", 1: "int8", 2: "uint16", 3: "int16", 4: "int32", 5: "float32", 6: "float64" };

/** cv2.normalize(src, dst, alpha=1, beta=0, norm_type=NORM_L2, dtype=-1, mask=None): a scale and shift, in double. */
export function normalize(src: unknown, dst?: unknown, alpha?: unknown, beta?: unknown, norm_type?: unknown, dtype?: unknown, mask?: unknown): NDArray {
  void dst;
  if (!isNone(mask)) throw valueError("cv2.normalize with a mask is not supported by the nb2svc runtime");
  const a = asArray(src);
  const v = a.values();
  const al = isNone(alpha) ? 1 : toNumber(alpha);
  const be = isNone(beta) ? 0 : toNumber(beta);
  const type = isNone(norm_type) ? NORM_L2 : toNumber(norm_type);
  const depth = isNone(dtype) ? -1 : toNumber(dtype);
  const outType: DType = depth < 0 ? a.dtype : DEPTHS[depth] ?? a.dtype;
  let scale: number;
  let shift: number;
  if (type === NORM_MINMAX) {
    let smin = Infinity;
    let smax = -Infinity;
    for (let i = 0; i < v.length; i++) {
      if (v[i] < smin) smin = v[i];
      if (v[i] > smax) smax = v[i];
    }
    const dmin = Math.min(al, be);
    const dmax = Math.max(al, be);
    scale = (dmax - dmin) * (smax - smin > Number.EPSILON ? 1 / (smax - smin) : 0);
    shift = dmin - smin * scale;
  } else {
    let norm = 0;
    for (let i = 0; i < v.length; i++) {
      const x = Math.abs(v[i]);
      if (type === NORM_INF) norm = Math.max(norm, x);
      else if (type === NORM_L1) norm += x;
      else if (type === NORM_L2) norm += x * x;
      else throw valueError(`cv2.normalize norm_type ${type} is not supported by the nb2svc runtime`);
    }
    if (type === NORM_L2) norm = Math.sqrt(norm);
    scale = norm > Number.MIN_VALUE ? al / norm : 0;
    shift = 0;
  }
  const out = new Float64Array(v.length);
  // convertTo: 8-bit sources are scaled in float, others in double
  const single = a.dtype === "uint8" || a.dtype === "int8" || a.dtype === "uint16" || a.dtype === "int16" || a.dtype === "float32";
  const fs = Math.fround(scale);
  const fsh = Math.fround(shift);
  for (let i = 0; i < v.length; i++) out[i] = single ? Math.fround(Math.fround(v[i] * fs) + fsh) : v[i] * scale + shift;
  return castSaturate(out, a.shape, outType);
}

function castSaturate(values: Float64Array, shape: readonly number[], dtype: DType): NDArray {
  const ranges: Partial<Record<DType, [number, number]>> = { uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767], int32: [-2147483648, 2147483647] };
  const r = ranges[dtype];
  const out = dtype === "float32" ? new Float32Array(values.length) : dtype === "float64" ? new Float64Array(values.length) : dtype === "uint8" ? new Uint8Array(values.length) : dtype === "int8" ? new Int8Array(values.length) : dtype === "uint16" ? new Uint16Array(values.length) : dtype === "int16" ? new Int16Array(values.length) : new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = r ? Math.min(r[1], Math.max(r[0], cvRoundInt(values[i]))) : values[i];
  return new NDArray(out, shape.slice(), dtype);
}

export const BORDER_CONSTANT = 0;
export const BORDER_REPLICATE = 1;
export const BORDER_REFLECT = 2;
export const BORDER_WRAP = 3;
export const BORDER_REFLECT_101 = 4;

/** OpenCV's borderInterpolate. */
function borderIndex(p: number, len: number, type: number): number {
  if (p >= 0 && p < len) return p;
  if (type === BORDER_REPLICATE) return p < 0 ? 0 : len - 1;
  if (type === BORDER_REFLECT || type === BORDER_REFLECT_101) {
    const delta = type === BORDER_REFLECT_101 ? 1 : 0;
    if (len === 1) return 0;
    do {
      if (p < 0) p = -p - 1 + delta;
      else p = len - 1 - (p - len) - delta;
    } while (p < 0 || p >= len);
    return p;
  }
  if (type === BORDER_WRAP) {
    if (p < 0) p -= Math.floor((p - len + 1) / len) * len;
    if (p >= len) p %= len;
    return p;
  }
  return -1;
}

/** cv2.copyMakeBorder(src, top, bottom, left, right, borderType, dst=None, value=None). */
export function copyMakeBorder(src: unknown, top: unknown, bottom: unknown, left: unknown, right: unknown, borderType: unknown, dst?: unknown, value?: unknown): NDArray {
  void dst;
  const a = asArray(src);
  const t = toNumber(top);
  const b = toNumber(bottom);
  const l = toNumber(left);
  const r = toNumber(right);
  const type = toNumber(borderType);
  if (![0, 1, 2, 3, 4].includes(type)) throw valueError(`cv2.copyMakeBorder borderType ${type} is not supported by the nb2svc runtime`);
  if (t < 0 || b < 0 || l < 0 || r < 0) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) top >= 0 && bottom >= 0 && left >= 0 && right >= 0 in function 'copyMakeBorder'");
  const [h, w] = a.shape;
  const cn = a.ndim === 3 ? a.shape[2] : 1;
  const oh = h + t + b;
  const ow = w + l + r;
  const v = a.values();
  const fill = isNone(value) ? [0, 0, 0, 0] : Array.isArray(value) ? value.map((x) => toNumber(x)) : [toNumber(value), 0, 0, 0];
  const out = new (v.constructor as new (n: number) => typeof v)(oh * ow * cn);
  for (let y = 0; y < oh; y++) {
    const sy = borderIndex(y - t, h, type);
    for (let x = 0; x < ow; x++) {
      const sx = borderIndex(x - l, w, type);
      for (let c = 0; c < cn; c++) {
        const o = (y * ow + x) * cn + c;
        if (sy < 0 || sx < 0) {
          // the Scalar is saturated to the array's type
          const fv = fill[c] ?? 0;
          out[o] = a.dtype === "uint8" ? Math.min(255, Math.max(0, cvRoundInt(fv))) : fv;
        } else out[o] = v[(sy * w + sx) * cn + c];
      }
    }
  }
  return new NDArray(out, a.ndim === 3 ? [oh, ow, cn] : [oh, ow], a.dtype);
}

export const THRESH_BINARY = 0;
export const THRESH_BINARY_INV = 1;
export const THRESH_TRUNC = 2;
export const THRESH_TOZERO = 3;
export const THRESH_TOZERO_INV = 4;
export const THRESH_OTSU = 8;
export const THRESH_TRIANGLE = 16;

/** getThreshVal_Otsu_8u: the level that maximises the between-class variance of the histogram. */
function otsuLevel(v: ArrayLike<number>): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < v.length; i++) hist[v[i]!]!++;
  const scale = 1 / v.length;
  let mu = 0;
  for (let i = 0; i < 256; i++) mu += i * hist[i]!;
  mu *= scale;
  let mu1 = 0;
  let q1 = 0;
  let maxSigma = 0;
  let maxVal = 0;
  const FLT_EPSILON = 1.1920928955078125e-7;
  for (let i = 0; i < 256; i++) {
    const p = hist[i]! * scale;
    mu1 *= q1;
    q1 += p;
    const q2 = 1 - q1;
    if (Math.min(q1, q2) < FLT_EPSILON || Math.max(q1, q2) > 1 - FLT_EPSILON) continue;
    mu1 = (mu1 + i * p) / q1;
    const mu2 = (mu - q1 * mu1) / q2;
    const sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
    if (sigma > maxSigma) {
      maxSigma = sigma;
      maxVal = i;
    }
  }
  return maxVal;
}

/**
 * cv2.threshold(src, thresh, maxval, type) -> (retval, dst), OpenCV 4.6: 8-bit images compare with floor(thresh) and
 * write round(maxval) saturated (THRESH_OTSU picks the level itself, single-channel 8-bit only); float images
 * compare in their own type. retval is the threshold used, a float.
 */
export function threshold(src: unknown, thresh: unknown, maxval: unknown, type: unknown, dst?: unknown): unknown[] {
  void dst;
  const a = asArray(src);
  const flags = toNumber(type);
  const kind = flags & 7;
  const auto = flags & (THRESH_OTSU | THRESH_TRIANGLE);
  if (kind > THRESH_TOZERO_INV) throw valueError(`cv2.threshold type ${flags} is not supported by the nb2svc runtime`);
  if (auto === THRESH_TRIANGLE) throw valueError("cv2.threshold with THRESH_TRIANGLE is not supported by the nb2svc runtime");
  let t = toNumber(thresh);
  let m = toNumber(maxval);
  const v = a.values();
  if (auto) {
    if (a.dtype !== "uint8" || (a.ndim === 3 && a.shape[2] !== 1)) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) src.type() == CV_8UC1 in function 'threshold'");
    t = otsuLevel(v);
  }
  if (a.dtype !== "uint8" && a.dtype !== "float32" && a.dtype !== "float64") throw typeError(`cv2.threshold on ${a.dtype} arrays is not supported by the nb2svc runtime (uint8, float32 and float64 are)`);
  const out = new (v.constructor as new (n: number) => typeof v)(v.length);
  if (a.dtype === "uint8") {
    const it = Math.floor(t);
    t = it;
    let im = kind === THRESH_TRUNC ? it : cvRoundInt(m);
    im = Math.min(255, Math.max(0, im));
    if (it < 0 || it >= 255) {
      // every pixel is on one side: a constant, or the source unchanged
      const constant = kind === THRESH_BINARY || kind === THRESH_BINARY_INV || ((kind === THRESH_TRUNC || kind === THRESH_TOZERO_INV) && it < 0) || (kind === THRESH_TOZERO && it >= 255);
      const fill = kind === THRESH_BINARY ? (it >= 255 ? 0 : im) : kind === THRESH_BINARY_INV ? (it >= 255 ? im : 0) : 0;
      for (let i = 0; i < v.length; i++) out[i] = constant ? fill : v[i]!;
      return mkTuple([new WeakFloat(t), new NDArray(out, a.shape.slice(), a.dtype)]);
    }
    m = im;
  } else if (a.dtype === "float32") {
    t = Math.fround(t);
    m = Math.fround(m);
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    const above = x > t;
    out[i] = kind === THRESH_BINARY ? (above ? m : 0) : kind === THRESH_BINARY_INV ? (above ? 0 : m) : kind === THRESH_TRUNC ? (above ? t : x) : kind === THRESH_TOZERO ? (above ? x : 0) : above ? 0 : x;
  }
  return mkTuple([Number.isInteger(t) ? new WeakFloat(t) : t, new NDArray(out, a.shape.slice(), a.dtype)]);
}

/** cv2.medianBlur(src, ksize): the median of each channel's ksize x ksize window, edges replicated. */
export function medianBlur(src: unknown, ksize: unknown, dst?: unknown): NDArray {
  void dst;
  const a = asArray(src);
  const k = toNumber(ksize);
  if (k % 2 !== 1 || k <= 1) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) (ksize % 2 == 1) && (_src0.dims() <= 2 ) in function 'medianBlur'");
  if (a.dtype !== "uint8" && !(a.dtype === "float32" && k <= 5)) throw typeError(`cv2.medianBlur on ${a.dtype} arrays with ksize ${k} is not supported by OpenCV`);
  const [h, w] = a.shape;
  const cn = a.ndim === 3 ? a.shape[2]! : 1;
  const v = a.values();
  const out = new (v.constructor as new (n: number) => typeof v)(v.length);
  windowRank(v, out, w!, h!, cn, k, (k * k) >> 1);
  return new NDArray(out, a.shape.slice(), a.dtype);
}

/** cv2.bitwise_not(src): every bit flipped (255 - x for uint8). */
export function bitwise_not(src: unknown, dst?: unknown, mask?: unknown): NDArray {
  void dst;
  if (!isNone(mask)) throw valueError("cv2.bitwise_not with a mask is not supported by the nb2svc runtime");
  const a = asArray(src);
  if (a.dtype !== "uint8") throw typeError(`cv2.bitwise_not on ${a.dtype} arrays is not supported by the nb2svc runtime (uint8 is)`);
  return new NDArray(Uint8Array.from(a.values() as ArrayLike<number>, (x) => 255 - x), a.shape.slice(), "uint8");
}

/** cv2.split(m): a tuple of HxW arrays. */
export function split(m: unknown): NDArray[] {
  const a = asArray(m);
  if (a.ndim === 2) return mkTuple([a.copy()]);
  const [h, w, cn] = a.shape;
  const v = a.values();
  const out: NDArray[] = [];
  for (let c = 0; c < cn; c++) {
    const d = new (v.constructor as new (n: number) => typeof v)(h * w);
    for (let i = 0; i < h * w; i++) d[i] = v[i * cn + c];
    out.push(new NDArray(d, [h, w], a.dtype));
  }
  return mkTuple(out);
}

/** cv2.merge(mv): HxW arrays stacked as channels. */
export function merge(mv: unknown): NDArray {
  if (!Array.isArray(mv) || mv.length === 0) throw typeError(`merge expects a sequence of arrays, not ${pyType(mv)}`);
  const arrs = mv.map((x) => asArray(x));
  const [h, w] = arrs[0].shape;
  const cn = arrs.reduce((s, a) => s + (a.ndim === 3 ? a.shape[2] : 1), 0);
  const out = new (arrs[0].values().constructor as new (n: number) => NDArray["data"])(h * w * cn);
  let c0 = 0;
  for (const a of arrs) {
    if (a.shape[0] !== h || a.shape[1] !== w || a.dtype !== arrs[0].dtype) throw new PyError("error", "OpenCV(4.6.0) error: (-215:Assertion failed) mv[i].size == mv[0].size && mv[i].depth() == depth in function 'merge'");
    const k = a.ndim === 3 ? a.shape[2] : 1;
    const v = a.values();
    for (let i = 0; i < h * w; i++) for (let c = 0; c < k; c++) out[i * cn + c0 + c] = v[i * k + c];
    c0 += k;
  }
  return new NDArray(out, cn === 1 ? [h, w] : [h, w, cn], arrs[0].dtype);
}

export { INTER_AREA, INTER_CUBIC, INTER_LINEAR, INTER_NEAREST, INTER_LANCZOS4, INTER_LINEAR_EXACT, INTER_NEAREST_EXACT } from "./cv2-resize.ts";

/** numpy.frombuffer(buffer, dtype=float, count=-1, offset=0) of bytes: how notebooks hand bytes to cv2.imdecode. */
export function frombuffer(buffer: unknown, dtype?: unknown, count?: unknown, offset?: unknown): NDArray {
  const bytes = imageBytes(buffer);
  const d = (isNone(dtype) ? "float64" : String(dtype)) as DType;
  const off = isNone(offset) ? 0 : toNumber(offset);
  const size: Partial<Record<DType, number>> = { uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8, int64: 8 };
  const item = size[d];
  if (!item) throw typeError(`numpy.frombuffer: dtype ${d} is not supported`);
  if (off < 0 || off > bytes.length) throw valueError("offset must be non-negative and no greater than buffer length (" + bytes.length + ")");
  const avail = bytes.length - off;
  const n = isNone(count) || toNumber(count) < 0 ? Math.floor(avail / item) : toNumber(count);
  if ((isNone(count) || toNumber(count) < 0) && avail % item !== 0) throw valueError("buffer size must be a multiple of element size");
  if (n * item > avail) throw valueError("buffer is smaller than requested size");
  const copy = bytes.slice(off, off + n * item);
  const ab = copy.buffer;
  const data = d === "uint8" || d === "bool" ? copy : d === "int8" ? new Int8Array(ab) : d === "uint16" ? new Uint16Array(ab) : d === "int16" ? new Int16Array(ab) : d === "uint32" ? new Uint32Array(ab) : d === "int32" ? new Int32Array(ab) : d === "float32" ? new Float32Array(ab) : d === "int64" ? Float64Array.from(new BigInt64Array(ab), Number) : new Float64Array(ab);
  return new NDArray(data, [n], d);
}

// ---- dnn blobs ----------------------------------------------------------------------------------------------------

const CV_8U = 0;
const CV_32F = 5;

/** A cv::Scalar from Python: a number fills only the first channel (OpenCV's converter), a sequence up to four. */
function toScalar(x: unknown, name: string): number[] {
  if (isNone(x)) return [0, 0, 0, 0];
  if (Array.isArray(x)) {
    if (x.length > 4) throw typeError(`Scalar value for argument '${name}' is longer than 4`);
    const v = x.map((e) => toNumber(e));
    while (v.length < 4) v.push(0);
    return v;
  }
  if (x instanceof NDArray) return toScalar(Array.from(x.values()), name);
  return [toNumber(x), 0, 0, 0];
}

function toSize(x: unknown): [number, number] {
  if (isNone(x)) return [0, 0];
  if (!Array.isArray(x) || x.length !== 2) throw typeError("Can't parse 'size'. Expected sequence length 2");
  return [toNumber(x[0]), toNumber(x[1])];
}

const assertFailed = (what: string, fname: string): PyError => new PyError("error", `OpenCV(4.6.0) error: (-215:Assertion failed) ${what} in function '${fname}'`);

/**
 * cv::dnn::blobFromImages as OpenCV 4.6 computes it, image by image: resize to `size` with INTER_LINEAR on the source
 * type (with crop, scale by max(size/imageSize) in float so one side fits and cut the centre, the offset truncated),
 * convert 8-bit to float, subtract the mean (its first and third entries swapped with swapRB) and multiply by
 * scalefactor, both in float32; then the channels are laid out NCHW, blue and red exchanged when swapRB.
 */
function blobOf(images: unknown[], scalefactor: unknown, size: unknown, mean: unknown, swapRB: unknown, crop: unknown, ddepth: unknown, fname: string): NDArray {
  const scale = isNone(scalefactor) ? 1 : toNumber(scalefactor);
  let [sw, sh] = toSize(size);
  const m = toScalar(mean, "mean");
  const swap = !isNone(swapRB) && Boolean(swapRB);
  const doCrop = !isNone(crop) && Boolean(crop);
  const depth = isNone(ddepth) ? CV_32F : toNumber(ddepth);
  if (depth !== CV_32F && depth !== CV_8U) throw new PyError("error", `OpenCV(4.6.0) error: (-2:Unspecified error) in function 'void cv::dnn::dnn4_v20220524::blobFromImages(cv::InputArrayOfArrays, cv::OutputArray, double, cv::Size, const Scalar&, bool, bool, int)'\n> Blob depth should be CV_32F or CV_8U:\n>     'ddepth == CV_32F || ddepth == CV_8U'\n> where\n>     'ddepth' is ${depth}`);
  if (depth === CV_8U) {
    if (scale !== 1) throw new PyError("error", `OpenCV(4.6.0) error: (-2:Unspecified error) in function 'blobFromImages'\n> Scaling is not supported for CV_8U blob depth (expected: 'scalefactor == 1.0'), where\n>     'scalefactor' is ${scale}\n> must be equal to\n>     '1.0' is 1`);
    if (m.some((v) => v !== 0)) throw assertFailed('mean_ == Scalar() && "Mean subtraction is not supported for CV_8U blob depth"', "blobFromImages");
  }
  if (images.length === 0) throw assertFailed("!images.empty()", "blobFromImages");
  if (swap) [m[0], m[2]] = [m[2], m[0]];
  const fm = m.map((v) => Math.fround(v));
  const fs = Math.fround(scale);
  const prepared: { data: ArrayLike<number>; h: number; w: number; cn: number }[] = [];
  for (const image of images) {
    let a = image instanceof NDArray ? image : asArray(image);
    if (a.ndim !== 2 && a.ndim !== 3) throw assertFailed("image0.dims == 2", fname);
    if (a.dtype !== "uint8" && a.dtype !== "float32" && a.dtype !== "float64") throw assertFailed("image.depth() == blob_.depth()", fname);
    const [ih, iw] = a.shape;
    if (sw === 0 && sh === 0) [sw, sh] = [iw, ih];
    if (sw !== iw || sh !== ih) {
      if (doCrop) {
        const f = Math.max(Math.fround(sw / iw), Math.fround(sh / ih));
        const r = resize(a, null, null, f, f, INTER_LINEAR);
        const [rh, rw] = r.shape;
        const x0 = Math.trunc(0.5 * (rw - sw));
        const y0 = Math.trunc(0.5 * (rh - sh));
        if (x0 < 0 || y0 < 0 || x0 + sw > rw || y0 + sh > rh) throw assertFailed("0 <= roi.x && 0 <= roi.width && roi.x + roi.width <= m.cols && 0 <= roi.y && 0 <= roi.height && roi.y + roi.height <= m.rows", "Mat");
        a = cropRows(r, x0, y0, sw, sh);
      } else a = resize(a, mkTuple([sw, sh]), null, null, null, INTER_LINEAR);
    }
    const cn = a.ndim === 3 ? a.shape[2] : 1;
    const isFloat = a.dtype !== "uint8";
    // 8-bit images become float for a CV_32F blob; any other mismatch of image and blob depth is OpenCV's assertion
    if ((depth === CV_32F && a.dtype === "float64") || (depth === CV_8U && isFloat)) throw assertFailed("image.depth() == blob_.depth()", fname);
    const v = a.values();
    let data: ArrayLike<number> = v;
    if (depth === CV_32F) {
      const out = new Float32Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = Math.fround(v[i] - fm[i % cn]);
        out[i] = fs === 1 ? x : x * fs;
      }
      data = out;
    }
    prepared.push({ data, h: a.shape[0], w: a.shape[1], cn });
  }
  const { h, w, cn } = prepared[0];
  if (cn !== 1 && cn !== 3 && cn !== 4) throw assertFailed("image.dims == 2 && (nch == 3 || nch == 4)", fname);
  const plane = h * w;
  const n = prepared.length;
  const out = depth === CV_32F ? new Float32Array(n * cn * plane) : new Uint8Array(n * cn * plane);
  prepared.forEach((p, i) => {
    if (p.h !== h || p.w !== w) throw assertFailed("image.size() == image0.size()", fname);
    if (cn === 1 ? p.cn !== 1 : p.cn !== 3 && p.cn !== 4) throw assertFailed(cn === 1 ? "image.dims == 2 && (nch == 1)" : "image.dims == 2 && (nch == 3 || nch == 4)", fname);
    for (let c = 0; c < p.cn; c++) {
      const dst = (i * cn + (swap && p.cn > 1 && c !== 3 ? 2 - c : c)) * plane;
      for (let k = 0; k < plane; k++) out[dst + k] = p.data[k * p.cn + c];
    }
  });
  return new NDArray(out, [n, cn, h, w], depth === CV_32F ? "float32" : "uint8");
}

function cropRows(a: NDArray, x0: number, y0: number, w: number, h: number): NDArray {
  const cn = a.ndim === 3 ? a.shape[2] : 1;
  const W = a.shape[1];
  const v = a.values();
  const out = new (v.constructor as new (n: number) => typeof v)(w * h * cn);
  for (let y = 0; y < h; y++) out.set(v.subarray(((y0 + y) * W + x0) * cn, ((y0 + y) * W + x0 + w) * cn), y * w * cn);
  return new NDArray(out, a.ndim === 3 ? [h, w, cn] : [h, w], a.dtype);
}

/** cv2.dnn.blobFromImage(image, scalefactor=1.0, size=(0, 0), mean=(0, 0, 0, 0), swapRB=False, crop=False, ddepth=CV_32F): a 1xCxHxW blob. */
export function blobFromImage(image: unknown, scalefactor?: unknown, size?: unknown, mean?: unknown, swapRB?: unknown, crop?: unknown, ddepth?: unknown): NDArray {
  if (isNone(image)) throw new PyError("error", "OpenCV(4.6.0) :-1: error: (-5:Bad argument) in function 'blobFromImage'\n> Overload resolution failed:\n>  - image is not a numpy array, neither a scalar");
  return blobOf([image], scalefactor, size, mean, swapRB, crop, ddepth, "blobFromImages");
}

/** cv2.dnn.blobFromImages(images, ...): the images (all the same size after resizing) as an NxCxHxW blob. */
export function blobFromImages(images: unknown, scalefactor?: unknown, size?: unknown, mean?: unknown, swapRB?: unknown, crop?: unknown, ddepth?: unknown): NDArray {
  const list = images instanceof NDArray ? firstAxis(images) : Array.isArray(images) ? images : null;
  if (!list) throw new PyError("error", "OpenCV(4.6.0) :-1: error: (-5:Bad argument) in function 'blobFromImages'\n> Overload resolution failed:\n>  - Can't parse 'images'. Input argument doesn't provide sequence protocol");
  return blobOf(list, scalefactor, size, mean, swapRB, crop, ddepth, "blobFromImages");
}

/** A numpy array iterated as Python iterates it: its sub-arrays along the first axis. */
function firstAxis(a: NDArray): NDArray[] {
  if (a.ndim === 0) throw typeError("iteration over a 0-d array");
  const v = a.values();
  const rest = a.shape.slice(1);
  const k = rest.reduce((x, y) => x * y, 1);
  return Array.from({ length: a.shape[0] }, (_, i) => new NDArray(v.slice(i * k, (i + 1) * k), rest, a.dtype));
}
