// torchvision.transforms (0.14) on PIL images and on tensors (NDArrays shaped [..., C, H, W]): the transform classes
// notebooks compose (Compose, Resize, CenterCrop, ToTensor, PILToTensor, ConvertImageDtype, Normalize, Grayscale,
// Pad, Lambda, ToPILImage) and their functional forms. On PIL images they run Pillow's operations (so their pixels
// are Pillow's); on tensors, PyTorch's interpolation in float32. A transform object is callable from translated
// code (`transform(img)`): it answers `__call__`.
import { PyError } from "../core.ts";
import { NDArray, type DType } from "../ndarray.ts";
import { asArray, astype } from "../np-base.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { typeError, valueError } from "./errors.ts";
import { PilImage, pyType, roundHalfEven, toNumber } from "./image.ts";
import { fromarray, inkOf } from "./pil.ts";
import { Raster } from "./raster.ts";
import { BICUBIC, BILINEAR, BOX, HAMMING, LANCZOS, NEAREST } from "./resample.ts";

type Fn = (...args: unknown[]) => unknown;

/** A torchvision transform: applies itself when translated code calls it. */
export class Transform {
  readonly pyTypeName: string;
  constructor(
    name: string,
    private readonly apply: (x: unknown) => unknown,
    private readonly repr: string,
  ) {
    this.pyTypeName = name;
  }

  call(x: unknown): unknown {
    return this.apply(x);
  }

  pyMethod(name: string, args: unknown[]): unknown {
    if (name === "__call__" || name === "forward") {
      if (args.length !== 1) throw typeError(`${this.pyTypeName}.__call__() takes 1 argument (${args.length} given)`);
      return this.apply(args[0]);
    }
    return METHOD_NOT_FOUND;
  }

  toString(): string {
    return this.repr;
  }
}

function applyAny(t: unknown, x: unknown): unknown {
  if (t instanceof Transform) return t.call(x);
  if (typeof t === "function") return (t as Fn)(x);
  throw typeError(`'${pyType(t)}' object is not callable`);
}

const isNone = (x: unknown): boolean => x === undefined || x === null;

// ---- interpolation modes -----------------------------------------------------------------------------------------

/** InterpolationMode values (torchvision keeps them as strings); PIL ints are accepted as torchvision 0.14 does. */
export const InterpolationMode = {
  NEAREST: "nearest",
  NEAREST_EXACT: "nearest-exact",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
  BOX: "box",
  HAMMING: "hamming",
  LANCZOS: "lanczos",
} as const;

const FROM_PIL_INT: Readonly<Record<number, string>> = { 0: "nearest", 2: "bilinear", 3: "bicubic", 4: "box", 5: "hamming", 1: "lanczos" };
const TO_PIL: Readonly<Record<string, number>> = { nearest: NEAREST, bilinear: BILINEAR, bicubic: BICUBIC, box: BOX, hamming: HAMMING, lanczos: LANCZOS };

function interpolationOf(x: unknown): string {
  if (isNone(x)) return "bilinear";
  if (typeof x === "string" && Object.values(InterpolationMode).includes(x as never)) return x;
  if (typeof x === "number" && FROM_PIL_INT[x]) return FROM_PIL_INT[x];
  throw typeError("Argument interpolation should be a InterpolationMode");
}

// ---- shapes --------------------------------------------------------------------------------------------------

function dims(img: unknown): [c: number, h: number, w: number] {
  if (img instanceof PilImage) return [img.raster.bands, img.height, img.width];
  if (img instanceof NDArray) {
    if (img.ndim < 2) throw typeError(`Tensor is not a torch image.`);
    const s = img.shape;
    return [img.ndim === 2 ? 1 : s[s.length - 3], s[s.length - 2], s[s.length - 1]];
  }
  throw typeError(`Unexpected type ${pyType(img)}`);
}

function sizeList(size: unknown): number[] {
  if (typeof size === "number") return [size];
  if (Array.isArray(size)) return size.map((v) => toNumber(v));
  if (size instanceof NDArray) return (size.tolist() as number[]).map(Number);
  throw typeError(`Size should be int or sequence. Got ${pyType(size)}`);
}

/** functional._compute_resized_output_size: [new_h, new_w]. */
function resizedSize(h: number, w: number, size: number[], maxSize: number | null): [number, number] {
  if (size.length === 1) {
    const [short, long] = w <= h ? [w, h] : [h, w];
    const req = size[0];
    let newShort = req;
    let newLong = Math.trunc((req * long) / short);
    if (maxSize !== null) {
      if (maxSize <= req) throw valueError(`max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = [${req}]`);
      if (newLong > maxSize) {
        newShort = Math.trunc((maxSize * newShort) / newLong);
        newLong = maxSize;
      }
    }
    return w <= h ? [newLong, newShort] : [newShort, newLong];
  }
  return [size[0], size[1]];
}

// ---- tensor interpolation (PyTorch's CPU kernels, float32) --------------------------------------------------------

const f32 = Math.fround;
/**
 * fmaf: PyTorch's CPU kernels are built for AVX2 with FMA, and GCC contracts `acc += a * b` into one fused
 * multiply-add (one rounding). a * b of floats is exact in double, so one fround of the sum is the fused result.
 */
const fma = (a: number, b: number, c: number): number => f32(a * b + c);

/** Source index and weights along one axis for output index i, per mode. */
interface AxisTaps {
  idx: Int32Array; // n taps per output
  w: Float32Array;
  n: number;
}

function tapsNearest(inSize: number, outSize: number, given?: number): AxisTaps {
  const idx = new Int32Array(outSize);
  const scale = f32(given ?? inSize / outSize);
  for (let i = 0; i < outSize; i++) {
    // (nearest_idx's shortcuts apply whatever the scale)
    idx[i] = outSize === inSize ? i : outSize === 2 * inSize ? i >> 1 : Math.min(Math.floor(f32(i * scale)), inSize - 1);
  }
  return { idx, w: new Float32Array(outSize).fill(1), n: 1 };
}

function tapsLinear(inSize: number, outSize: number, given?: number): AxisTaps {
  const idx = new Int32Array(outSize * 2);
  const w = new Float32Array(outSize * 2);
  const scale = f32(given ?? inSize / outSize);
  for (let i = 0; i < outSize; i++) {
    // area_pixel_compute_source_index: (dst + 0.5) is a double, so the expression is evaluated in double
    let src = f32(scale * (i + 0.5) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.trunc(src);
    const l1 = f32(src - i0);
    idx[i * 2] = i0;
    idx[i * 2 + 1] = i0 + (i0 < inSize - 1 ? 1 : 0);
    w[i * 2] = f32(1 - l1);
    w[i * 2 + 1] = l1;
  }
  return { idx, w, n: 2 };
}

function tapsCubic(inSize: number, outSize: number, given?: number): AxisTaps {
  const A = -0.75;
  const idx = new Int32Array(outSize * 4);
  const w = new Float32Array(outSize * 4);
  const scale = f32(given ?? inSize / outSize);
  // cubic_convolution1/2 of UpSample.h, each operation rounded to float
  // cubic_convolution1/2 of UpSample.h in float, `a * b + c` fused as the AVX2 build compiles it
  const c1 = (x: number) => fma(f32(fma(A + 2, x, -(A + 3)) * x), x, 1);
  const c2 = (x: number) => fma(fma(fma(A, x, -5 * A), x, 8 * A), x, -4 * A);
  for (let i = 0; i < outSize; i++) {
    const real = f32(scale * (i + 0.5) - 0.5);
    const i0 = Math.floor(real);
    const t = f32(real - i0);
    const t2 = f32(1 - t);
    const ws = [c2(f32(t + 1)), c1(t), c1(t2), c2(f32(t2 + 1))];
    for (let k = 0; k < 4; k++) {
      idx[i * 4 + k] = Math.min(Math.max(i0 - 1 + k, 0), inSize - 1);
      w[i * 4 + k] = ws[k];
    }
  }
  return { idx, w, n: 4 };
}

/** The antialiased taps of PyTorch's _upsample_*_aa: Pillow's separable kernels, computed in float32. */
function tapsAA(inSize: number, outSize: number, cubic: boolean, given?: number): AxisTaps {
  const scale = f32(given ?? inSize / outSize);
  const support = f32((cubic ? 2 : 1) * (scale >= 1 ? scale : 1));
  const n = Math.ceil(support) * 2 + 1;
  const idx = new Int32Array(outSize * n);
  const w = new Float32Array(outSize * n);
  const invscale = scale >= 1 ? f32(1 / scale) : 1;
  const filter = cubic
    ? (x: number) => {
        const a = -0.5;
        x = Math.abs(x);
        if (x < 1) return f32(f32(f32(f32(a + 2) * x - (a + 3)) * x) * x + 1);
        if (x < 2) return f32(f32(f32(f32(x - 5) * x + 8) * x - 4) * a);
        return 0;
      }
    : (x: number) => {
        x = Math.abs(x);
        return x < 1 ? f32(1 - x) : 0;
      };
  for (let i = 0; i < outSize; i++) {
    const center = f32(scale * f32(i + 0.5));
    const xmin = Math.max(Math.trunc(f32(f32(center - support) + 0.5)), 0);
    const xsize = Math.min(Math.trunc(f32(f32(center + support) + 0.5)), inSize) - xmin;
    let total = 0;
    const ws: number[] = [];
    for (let j = 0; j < xsize; j++) {
      const v = filter(f32(f32(f32(j + xmin) - center + 0.5) * invscale));
      ws.push(v);
      total = f32(total + v);
    }
    for (let j = 0; j < n; j++) {
      idx[i * n + j] = j < xsize ? xmin + j : xmin;
      w[i * n + j] = j < xsize && total !== 0 ? f32(ws[j] / total) : 0;
    }
  }
  return { idx, w, n };
}

/**
 * Interpolates the last two axes of a float32/float64 array (planes of h x w) to oh x ow. `scales` (height, width):
 * the source-per-output step F.interpolate takes from a scale_factor (1 / factor) instead of in / out.
 */
function interpolatePlanes(x: NDArray, oh: number, ow: number, mode: string, antialias: boolean, scales?: readonly [number, number]): NDArray {
  const s = x.shape;
  const h = s[s.length - 2];
  const w = s[s.length - 1];
  const planes = x.size / (h * w);
  const src = x.values();
  const taps = (inSize: number, outSize: number, given?: number) =>
    mode === "nearest"
      ? tapsNearest(inSize, outSize, given)
      : antialias
        ? tapsAA(inSize, outSize, mode === "bicubic", given)
        : mode === "bicubic"
          ? tapsCubic(inSize, outSize, given)
          : tapsLinear(inSize, outSize, given);
  const ty = taps(h, oh, scales?.[0]);
  const tx = taps(w, ow, scales?.[1]);
  const out = new Float32Array(planes * oh * ow);
  if (antialias) {
    // separable: along the width first, then the height, each rounded to float32
    const tmp = new Float32Array(h * ow);
    for (let p = 0; p < planes; p++) {
      const base = p * h * w;
      for (let y = 0; y < h; y++) {
        for (let i = 0; i < ow; i++) {
          let t = f32(src[base + y * w + tx.idx[i * tx.n]] * tx.w[i * tx.n]);
          for (let k = 1; k < tx.n; k++) t = fma(src[base + y * w + tx.idx[i * tx.n + k]], tx.w[i * tx.n + k], t);
          tmp[y * ow + i] = t;
        }
      }
      for (let j = 0; j < oh; j++) {
        for (let i = 0; i < ow; i++) {
          let t = f32(tmp[ty.idx[j * ty.n] * ow + i] * ty.w[j * ty.n]);
          for (let k = 1; k < ty.n; k++) t = fma(tmp[ty.idx[j * ty.n + k] * ow + i], ty.w[j * ty.n + k], t);
          out[p * oh * ow + j * ow + i] = t;
        }
      }
    }
  } else {
    for (let p = 0; p < planes; p++) {
      const base = p * h * w;
      for (let j = 0; j < oh; j++) {
        for (let i = 0; i < ow; i++) {
          // rows interpolated along the width, then combined along the height (PyTorch's nesting)
          let acc = 0;
          for (let a = 0; a < ty.n; a++) {
            const row = base + ty.idx[j * ty.n + a] * w;
            let t = f32(src[row + tx.idx[i * tx.n]] * tx.w[i * tx.n]);
            for (let b = 1; b < tx.n; b++) t = fma(src[row + tx.idx[i * tx.n + b]], tx.w[i * tx.n + b], t);
            acc = a === 0 ? f32(t * ty.w[j * ty.n]) : fma(t, ty.w[j * ty.n + a], acc);
          }
          out[p * oh * ow + j * ow + i] = acc;
        }
      }
    }
  }
  return new NDArray(out, [...s.slice(0, -2), oh, ow], "float32");
}

/** F_t.resize: uint8 tensors are interpolated in float32, rounded (half to even) and cast back. */
function resizeTensor(img: NDArray, oh: number, ow: number, mode: string, antialias: boolean): NDArray {
  if (antialias && mode !== "bilinear" && mode !== "bicubic") throw valueError("Antialias option is supported for bilinear and bicubic interpolation modes only");
  if (!["nearest", "bilinear", "bicubic"].includes(mode)) throw valueError(`Interpolation mode '${mode}' is not supported for tensors by the nb2svc runtime`);
  const isFloat = img.dtype === "float32" || img.dtype === "float64";
  const f = interpolatePlanes(isFloat ? img : astype(img, "float32"), oh, ow, mode, antialias);
  if (isFloat) return img.dtype === "float64" ? astype(f, "float64") : f;
  const d = f.data as Float32Array;
  if (mode === "bicubic" && img.dtype === "uint8") for (let i = 0; i < d.length; i++) d[i] = Math.min(255, Math.max(0, d[i]));
  for (let i = 0; i < d.length; i++) d[i] = roundHalfEven(d[i]);
  return astype(f, img.dtype);
}

/**
 * torch.nn.functional.interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
 * recompute_scale_factor=None, antialias=False) of a float NCHW tensor, with PyTorch 1.13's CPU kernels: the output
 * size is `size` or floor(in * scale_factor); given a scale_factor, the kernels step 1 / scale_factor through the
 * input (unless recompute_scale_factor). align_corners=True and other modes than nearest, bilinear and bicubic are
 * refused.
 */
export function interpolate(input: unknown, size?: unknown, scale_factor?: unknown, mode?: unknown, align_corners?: unknown, recompute_scale_factor?: unknown, antialias?: unknown): NDArray {
  const x = asArray(input);
  if (x.shape.length !== 4) throw new PyError("NotImplementedError", `interpolate of a ${x.shape.length}-D tensor: the nb2svc runtime interpolates 4-D (N, C, H, W) tensors`);
  if (x.dtype !== "float32" && x.dtype !== "float64") throw new PyError("RuntimeError", `"upsample" not implemented for '${x.dtype}'`);
  const m = isNone(mode) ? "nearest" : String(mode);
  if (!["nearest", "bilinear", "bicubic"].includes(m)) throw new PyError("NotImplementedError", `interpolate mode '${m}' is not supported by the nb2svc runtime (nearest, bilinear, bicubic)`);
  if (m === "nearest" && !isNone(align_corners)) throw valueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  if (align_corners === true) throw new PyError("NotImplementedError", "interpolate with align_corners=True is not supported by the nb2svc runtime: use align_corners=False");
  if (antialias === true && m === "nearest") throw valueError("Anti-alias option is only supported for bilinear and bicubic modes");
  const [h, w] = x.shape.slice(2) as [number, number];
  if (isNone(size) === isNone(scale_factor)) throw valueError(isNone(size) ? "either size or scale_factor should be defined" : "only one of size or scale_factor should be defined");
  let out: [number, number];
  let scales: [number, number] | undefined;
  if (!isNone(size)) {
    const sz = Array.isArray(size) ? size.map((v) => toNumber(v)) : [toNumber(size), toNumber(size)];
    if (sz.length !== 2) throw valueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${h}, ${w}] and output size of [${sz.join(", ")}].`);
    out = [sz[0]!, sz[1]!];
  } else {
    const sf = Array.isArray(scale_factor) ? scale_factor.map((v) => toNumber(v)) : [toNumber(scale_factor), toNumber(scale_factor)];
    out = [Math.floor(h * sf[0]!), Math.floor(w * sf[1]!)];
    if (recompute_scale_factor !== true) scales = [1 / sf[0]!, 1 / sf[1]!];
  }
  const r = interpolatePlanes(x, out[0], out[1], m, antialias === true, scales);
  return x.dtype === "float64" ? astype(r, "float64") : r;
}

// ---- functional --------------------------------------------------------------------------------------------

export function resize(img: unknown, size: unknown, interpolation?: unknown, max_size?: unknown, antialias?: unknown): unknown {
  const mode = interpolationOf(interpolation);
  const sz = sizeList(size);
  if (sz.length !== 1 && sz.length !== 2) throw valueError(`Size must be an int or a 1 or 2 element tuple/list, not a ${sz.length} element tuple/list`);
  const maxSize = isNone(max_size) ? null : toNumber(max_size);
  if (maxSize !== null && sz.length !== 1) throw valueError("max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
  const [, h, w] = dims(img);
  const [oh, ow] = resizedSize(h, w, sz, maxSize);
  // torchvision 0.14 resizes even to the same size (Pillow then returns a copy)
  if (img instanceof PilImage) return img.resize([ow, oh], TO_PIL[mode] ?? BILINEAR);
  return resizeTensor(img as NDArray, oh, ow, mode, antialias === true);
}

export function crop(img: unknown, top: unknown, left: unknown, height: unknown, width: unknown): unknown {
  const t = toNumber(top);
  const l = toNumber(left);
  const hh = toNumber(height);
  const ww = toNumber(width);
  if (img instanceof PilImage) return img.crop([l, t, l + ww, t + hh]);
  const a = asArray(img);
  const [, h, w] = dims(a);
  const s = a.shape;
  const lead = s.slice(0, -2);
  const out = new NDArray(new (a.data.constructor as new (n: number) => NDArray["data"])(a.size / (h * w) * hh * ww), [...lead, hh, ww], a.dtype);
  const src = a.values();
  const planes = a.size / (h * w);
  // torchvision pads with zeros where the crop leaves the image
  for (let p = 0; p < planes; p++) for (let y = 0; y < hh; y++) for (let x = 0; x < ww; x++) {
    const sy = t + y;
    const sx = l + x;
    if (sy >= 0 && sy < h && sx >= 0 && sx < w) out.data[p * hh * ww + y * ww + x] = src[p * h * w + sy * w + sx];
  }
  return out;
}

export function center_crop(img: unknown, output_size: unknown): unknown {
  let sz = sizeList(output_size);
  if (sz.length === 1) sz = [sz[0], sz[0]];
  const [ch, cw] = sz;
  let [, h, w] = dims(img);
  let im = img;
  if (cw > w || ch > h) {
    const pad_ = [cw > w ? (cw - w) >> 1 : 0, ch > h ? (ch - h) >> 1 : 0, cw > w ? (cw - w + 1) >> 1 : 0, ch > h ? (ch - h + 1) >> 1 : 0];
    im = pad(im, pad_, 0);
    [, h, w] = dims(im);
    if (cw === w && ch === h) return im;
  }
  const top = Math.trunc(roundHalfEven((h - ch) / 2));
  const left = Math.trunc(roundHalfEven((w - cw) / 2));
  return crop(im, top, left, ch, cw);
}

/** F.to_tensor: PIL or HWC array to CHW; uint8 becomes float32 / 255. */
export function to_tensor(pic: unknown): NDArray {
  let a: NDArray;
  if (pic instanceof PilImage) {
    a = pic.__array__();
    if (pic.mode === "1") a = new NDArray(Uint8Array.from(a.values(), (v) => (v ? 255 : 0)), a.shape, "uint8");
    if (pic.mode === "I;16") a = astype(a, "int16");
  } else if (pic instanceof NDArray) {
    if (pic.ndim !== 2 && pic.ndim !== 3) throw valueError(`pic should be 2/3 dimensional. Got ${pic.ndim} dimensions.`);
    a = pic;
  } else throw typeError(`pic should be PIL Image or ndarray. Got ${pyType(pic)}`);
  const [h, w] = a.shape;
  const c = a.ndim === 3 ? a.shape[2] : 1;
  const src = a.values();
  const n = h * w;
  const isByte = a.dtype === "uint8";
  const out = isByte ? new Float32Array(n * c) : new (src.constructor as new (k: number) => typeof src)(n * c);
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < n; i++) {
      const v = src[i * c + ch];
      out[ch * n + i] = isByte ? v / 255 : v;
    }
  }
  return new NDArray(out, [c, h, w], isByte ? "float32" : a.dtype);
}

export function pil_to_tensor(pic: unknown): NDArray {
  if (!(pic instanceof PilImage)) throw typeError(`pic should be PIL Image. Got ${pyType(pic)}`);
  const a = pic.__array__();
  const [h, w] = a.shape;
  const c = a.ndim === 3 ? a.shape[2] : 1;
  const src = a.values();
  const out = new (src.constructor as new (k: number) => typeof src)(h * w * c);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[ch * h * w + i] = src[i * c + ch];
  return new NDArray(out, [c, h, w], a.dtype);
}

const DTYPE_MAX: Partial<Record<DType, number>> = { uint8: 255, int8: 127, int16: 32767, int32: 2147483647, int64: 9223372036854775807, bool: 1 };

export function convert_image_dtype(image: unknown, dtype?: unknown): NDArray {
  const a = asArray(image);
  const d = (isNone(dtype) ? "float32" : String(dtype)) as DType;
  if (a.dtype === d) return a;
  const fromFloat = a.dtype === "float32" || a.dtype === "float64";
  const toFloat = d === "float32" || d === "float64";
  if (fromFloat && toFloat) return astype(a, d);
  if (fromFloat) {
    if ((a.dtype === "float32" && (d === "int32" || d === "int64")) || (a.dtype === "float64" && d === "int64")) throw new PyError("RuntimeError", `The cast from ${a.dtype} to ${d} cannot be performed safely.`);
    const max = DTYPE_MAX[d]!;
    const k = max + 1 - 1e-3;
    const v = a.values();
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = a.dtype === "float32" ? f32(v[i] * f32(k)) : v[i] * k;
    return astype(new NDArray(out, a.shape.slice(), "float64"), d);
  }
  const inMax = DTYPE_MAX[a.dtype]!;
  if (toFloat) {
    const v = a.values();
    const out = d === "float32" ? new Float32Array(v.length) : new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] / inMax;
    return new NDArray(out, a.shape.slice(), d);
  }
  const outMax = DTYPE_MAX[d]!;
  const v = a.values();
  const out = new Float64Array(v.length);
  if (inMax > outMax) {
    const factor = Math.trunc((inMax + 1) / (outMax + 1));
    for (let i = 0; i < v.length; i++) out[i] = Math.floor(v[i] / factor);
  } else {
    const factor = Math.trunc((outMax + 1) / (inMax + 1));
    for (let i = 0; i < v.length; i++) out[i] = v[i] * factor;
  }
  return astype(new NDArray(out, a.shape.slice(), "float64"), d);
}

/** F.normalize: (x - mean) / std per channel, in the tensor's float dtype. */
export function normalize(tensor: unknown, mean: unknown, std: unknown, inplace?: unknown): NDArray {
  void inplace;
  const a = asArray(tensor);
  if (a.dtype !== "float32" && a.dtype !== "float64") throw typeError(`Input tensor should be a float tensor. Got ${a.dtype}.`);
  if (a.ndim < 3) throw valueError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${a.shape.join(", ")}]`);
  const single = a.dtype === "float32";
  const r = single ? f32 : (v: number) => v;
  const m = sizeList(mean).map(r);
  const s = sizeList(std).map(r);
  if (s.some((v) => v === 0)) throw valueError(`std evaluated to zero after conversion to ${a.dtype}, leading to division by zero.`);
  const shape = a.shape;
  const c = shape[shape.length - 3];
  const hw = shape[shape.length - 2] * shape[shape.length - 1];
  const at = (arr: number[], ch: number) => (arr.length === 1 ? arr[0] : arr[ch]);
  if ((m.length !== 1 && m.length !== c) || (s.length !== 1 && s.length !== c)) throw new PyError("RuntimeError", `The size of tensor a (${m.length}) must match the size of tensor b (${c}) at non-singleton dimension 0`);
  const v = a.values();
  const out = single ? new Float32Array(v.length) : new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const ch = Math.floor(i / hw) % c;
    out[i] = r(r(v[i] - at(m, ch)) / at(s, ch));
  }
  return new NDArray(out, shape.slice(), a.dtype);
}

/** F.pad on a PIL image (ImageOps.expand for "constant", numpy's pad otherwise) or a tensor. */
export function pad(img: unknown, padding: unknown, fill?: unknown, padding_mode?: unknown): unknown {
  const modeName = isNone(padding_mode) ? "constant" : String(padding_mode);
  if (!["constant", "edge", "reflect", "symmetric"].includes(modeName)) throw valueError("Padding mode should be either constant, edge, reflect or symmetric");
  let p = typeof padding === "number" ? [padding] : sizeList(padding);
  if (![1, 2, 4].includes(p.length)) throw valueError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${p.length} element tuple`);
  if (p.length === 1) p = [p[0], p[0], p[0], p[0]];
  else if (p.length === 2) p = [p[0], p[1], p[0], p[1]];
  let [l, t, r, b] = p;
  let im = img;
  if (l < 0 || t < 0 || r < 0 || b < 0) {
    const [, h, w] = dims(im);
    const cl = Math.max(-l, 0);
    const ct = Math.max(-t, 0);
    const cr = Math.max(-r, 0);
    const cb = Math.max(-b, 0);
    im = im instanceof PilImage ? im.crop([cl, ct, w - cr, h - cb]) : crop(im, ct, cl, h - ct - cb, w - cl - cr);
    [l, t, r, b] = [l, t, r, b].map((v) => Math.max(v, 0));
  }
  const pil = im instanceof PilImage ? im : null;
  const raster = pil ? pil.raster : null;
  const a = pil ? null : asArray(im);
  const [, h, w] = dims(pil ?? a);
  const oh = h + t + b;
  const ow = w + l + r;
  const srcIndex = (v: number, n: number): number => {
    if (v >= 0 && v < n) return v;
    if (modeName === "edge") return v < 0 ? 0 : n - 1;
    if (modeName === "reflect") {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      let k = ((v % period) + period) % period;
      if (k >= n) k = period - k;
      return k;
    }
    if (modeName === "symmetric") {
      const period = 2 * n;
      let k = ((v % period) + period) % period;
      if (k >= n) k = period - 1 - k;
      return k;
    }
    return -1;
  };
  if (raster) {
    const out = Raster.alloc(raster.mode, ow, oh, raster.palette);
    const bands = raster.bands;
    const ink = modeName === "constant" ? inkOf(raster.mode, fill === undefined ? 0 : Array.isArray(fill) ? fill : typeof fill === "number" && bands > 1 ? new Array(bands).fill(fill) : fill) : [];
    for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
      const sy = srcIndex(y - t, h);
      const sx = srcIndex(x - l, w);
      const o = (y * ow + x) * bands;
      if (sy < 0 || sx < 0) for (let k = 0; k < bands; k++) out.data[o + k] = ink[k];
      else for (let k = 0; k < bands; k++) out.data[o + k] = raster.data[(sy * w + sx) * bands + k];
    }
    return pil!.derive(out);
  }
  const arr = a!;
  const lead = arr.shape.slice(0, -2);
  const planes = arr.size / (h * w);
  const fv = isNone(fill) ? 0 : toNumber(fill);
  const out = new NDArray(new (arr.data.constructor as new (n: number) => NDArray["data"])(planes * oh * ow), [...lead, oh, ow], arr.dtype);
  const src = arr.values();
  for (let p2 = 0; p2 < planes; p2++) for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
    const sy = srcIndex(y - t, h);
    const sx = srcIndex(x - l, w);
    out.data[p2 * oh * ow + y * ow + x] = sy < 0 || sx < 0 ? fv : src[p2 * h * w + sy * w + sx];
  }
  return out;
}

/** F.rgb_to_grayscale on tensors: 0.2989 R + 0.587 G + 0.114 B in float32, cast back to the input dtype. */
function grayTensor(a: NDArray, channels: number): NDArray {
  const s = a.shape;
  if (s[s.length - 3] !== 3) throw typeError(`Input image tensor permitted channel values are [1, 3], but found ${s[s.length - 3]}`);
  const hw = s[s.length - 2] * s[s.length - 1];
  const planes = a.size / (3 * hw);
  const v = a.values();
  const isFloat = a.dtype === "float32" || a.dtype === "float64";
  const out = new Float64Array(planes * hw);
  for (let p = 0; p < planes; p++) for (let i = 0; i < hw; i++) {
    const base = p * 3 * hw + i;
    const g = f32(f32(f32(f32(0.2989) * v[base]) + f32(f32(0.587) * v[base + hw])) + f32(f32(0.114) * v[base + 2 * hw]));
    out[p * hw + i] = isFloat ? g : Math.trunc(g);
  }
  let l = astype(new NDArray(out, [...s.slice(0, -3), 1, ...s.slice(-2)], "float64"), a.dtype);
  if (channels === 3) {
    const rep = new (l.data.constructor as new (n: number) => NDArray["data"])(planes * 3 * hw);
    const lv = l.values();
    for (let p = 0; p < planes; p++) for (let c = 0; c < 3; c++) rep.set(lv.subarray(p * hw, (p + 1) * hw) as never, (p * 3 + c) * hw);
    l = new NDArray(rep, s.slice(), a.dtype);
  }
  return l;
}

export function to_grayscale(img: unknown, num_output_channels?: unknown): unknown {
  const n = isNone(num_output_channels) ? 1 : toNumber(num_output_channels);
  if (n !== 1 && n !== 3) throw valueError("num_output_channels should be either 1 or 3");
  if (img instanceof PilImage) {
    const l = img.convert("L");
    if (n === 1) return l;
    const a = l.__array__();
    const v = a.values();
    const rgb = new Uint8Array(v.length * 3);
    for (let i = 0; i < v.length; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = v[i];
    return fromarray(new NDArray(rgb, [a.shape[0], a.shape[1], 3], "uint8"), "RGB");
  }
  const a = asArray(img);
  if (a.shape[a.ndim - 3] === 1) return n === 3 ? grayTensor(a, 3) : a.copy();
  return grayTensor(a, n);
}

export function rgb_to_grayscale(img: unknown, num_output_channels?: unknown): unknown {
  return to_grayscale(img, num_output_channels);
}

export function hflip(img: unknown): unknown {
  if (img instanceof PilImage) return img.transpose(0);
  return flipTensor(asArray(img), true);
}

export function vflip(img: unknown): unknown {
  if (img instanceof PilImage) return img.transpose(1);
  return flipTensor(asArray(img), false);
}

function flipTensor(a: NDArray, horizontal: boolean): NDArray {
  const s = a.shape;
  const h = s[s.length - 2];
  const w = s[s.length - 1];
  const src = a.values();
  const out = a.copy();
  const planes = a.size / (h * w);
  for (let p = 0; p < planes; p++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out.data[p * h * w + y * w + x] = horizontal ? src[p * h * w + y * w + (w - 1 - x)] : src[p * h * w + (h - 1 - y) * w + x];
  }
  return out;
}

/**
 * F.to_pil_image: a CHW tensor (floats scaled by 255 and truncated, as `mul(255).byte()`) or an HWC array. An
 * NDArray is read as a CHW tensor when it is floating point or its first axis holds 1 to 4 channels and its last
 * does not; otherwise as an HWC numpy array.
 */
export function to_pil_image(pic: unknown, mode?: unknown): PilImage {
  const a = asArray(pic);
  if (a.ndim !== 2 && a.ndim !== 3) throw valueError(`pic should be 2/3 dimensional. Got ${a.ndim} dimensions.`);
  const isFloat = a.dtype === "float32" || a.dtype === "float64";
  const chw = a.ndim === 3 && ((a.shape[0] <= 4 && a.shape[2] > 4) || (isFloat && a.shape[0] <= 4));
  let hwc: NDArray;
  if (a.ndim === 2) hwc = a;
  else if (chw) {
    const [c, h, w] = a.shape;
    const v = a.values();
    const scaled = isFloat && mode !== "F";
    const out = scaled ? new Uint8Array(c * h * w) : new (v.constructor as new (n: number) => typeof v)(c * h * w);
    for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) {
      const x = v[ch * h * w + i];
      out[i * c + ch] = scaled ? (Math.trunc(f32(x * 255)) & 255) : x;
    }
    hwc = new NDArray(out, [h, w, c], scaled ? "uint8" : a.dtype);
  } else hwc = a;
  if (hwc.ndim === 3 && hwc.shape[2] === 1) hwc = new NDArray(hwc.values(), [hwc.shape[0], hwc.shape[1]], hwc.dtype);
  if (isNone(mode) && hwc.ndim === 2 && hwc.dtype !== "uint8" && hwc.dtype !== "int16" && hwc.dtype !== "int32" && hwc.dtype !== "float32") {
    throw typeError(`Input type ${hwc.dtype} is not supported`);
  }
  return fromarray(hwc, isNone(mode) ? undefined : mode);
}

// ---- transform classes ----------------------------------------------------------------------------------------

export function Compose(transforms: unknown): Transform {
  if (!Array.isArray(transforms)) throw typeError("Compose takes a list of transforms");
  const list = transforms.slice();
  return new Transform("Compose", (x) => list.reduce((acc, t) => applyAny(t, acc), x), `Compose(${list.map(String).join(", ")})`);
}

export function Resize(size: unknown, interpolation?: unknown, max_size?: unknown, antialias?: unknown): Transform {
  if (!(typeof size === "number" || Array.isArray(size))) throw typeError(`Size should be int or sequence. Got ${pyType(size)}`);
  if (Array.isArray(size) && (size.length < 1 || size.length > 2)) throw valueError("If size is a sequence, it should have 1 or 2 values");
  const mode = interpolationOf(interpolation);
  return new Transform("Resize", (x) => resize(x, size, mode, max_size, antialias), `Resize(size=${JSON.stringify(size)}, interpolation=${mode})`);
}

export function CenterCrop(size: unknown): Transform {
  return new Transform("CenterCrop", (x) => center_crop(x, size), `CenterCrop(size=${JSON.stringify(size)})`);
}

export function ToTensor(): Transform {
  return new Transform("ToTensor", to_tensor, "ToTensor()");
}

export function PILToTensor(): Transform {
  return new Transform("PILToTensor", pil_to_tensor, "PILToTensor()");
}

export function ConvertImageDtype(dtype: unknown): Transform {
  return new Transform("ConvertImageDtype", (x) => convert_image_dtype(x, dtype), "ConvertImageDtype()");
}

export function Normalize(mean: unknown, std: unknown, inplace?: unknown): Transform {
  return new Transform("Normalize", (x) => normalize(x, mean, std, inplace), `Normalize(mean=${JSON.stringify(mean)}, std=${JSON.stringify(std)})`);
}

export function Grayscale(num_output_channels?: unknown): Transform {
  return new Transform("Grayscale", (x) => to_grayscale(x, num_output_channels), "Grayscale()");
}

export function Pad(padding: unknown, fill?: unknown, padding_mode?: unknown): Transform {
  return new Transform("Pad", (x) => pad(x, padding, fill, padding_mode), `Pad(padding=${JSON.stringify(padding)})`);
}

export function Lambda(lambd: unknown): Transform {
  if (typeof lambd !== "function" && !(lambd instanceof Transform)) throw typeError(`Argument lambd should be callable, got ${pyType(lambd)}`);
  return new Transform("Lambda", (x) => applyAny(lambd, x), "Lambda()");
}

export function ToPILImage(mode?: unknown): Transform {
  return new Transform("ToPILImage", (x) => to_pil_image(x, mode), "ToPILImage()");
}

/**
 * A random augmentation (`RandomResizedCrop`, `RandomHorizontalFlip`, `ColorJitter`, ...): built, so that a module
 * constant holding the training transforms beside the evaluation ones (`data_transforms = {"train": ..., "val":
 * ...}`) can be, but never applied: its result is random, and it belongs to training, not to serving.
 */
function randomTransform(name: string): Transform {
  return new Transform(name, () => {
    throw new PyError("NotImplementedError", `${name} is a random transform: it belongs to training, not to serving (each request would get another answer); use the evaluation transforms`);
  }, `${name}()`);
}

export const RandomResizedCrop = (): Transform => randomTransform("RandomResizedCrop");
export const RandomCrop = (): Transform => randomTransform("RandomCrop");
export const RandomHorizontalFlip = (): Transform => randomTransform("RandomHorizontalFlip");
export const RandomVerticalFlip = (): Transform => randomTransform("RandomVerticalFlip");
export const RandomRotation = (): Transform => randomTransform("RandomRotation");
export const RandomAffine = (): Transform => randomTransform("RandomAffine");
export const RandomPerspective = (): Transform => randomTransform("RandomPerspective");
export const RandomGrayscale = (): Transform => randomTransform("RandomGrayscale");
export const RandomErasing = (): Transform => randomTransform("RandomErasing");
export const RandomApply = (): Transform => randomTransform("RandomApply");
export const ColorJitter = (): Transform => randomTransform("ColorJitter");
export const AutoAugment = (): Transform => randomTransform("AutoAugment");
export const RandAugment = (): Transform => randomTransform("RandAugment");
export const TrivialAugmentWide = (): Transform => randomTransform("TrivialAugmentWide");

