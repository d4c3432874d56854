// Keras' image preprocessing (Keras 2.11 semantics): load_img (Pillow underneath, so its resizing is Pillow's),
// img_to_array, and the preprocess_input of the applications: "caffe" (RGB to BGR, minus the ImageNet mean in
// 0..255), "tf" (to [-1, 1]), "torch" (to [0, 1], ImageNet mean and std), or the identity (EfficientNet,
// MobileNetV3, ConvNeXt, RegNet, which preprocess inside the model).
import { NDArray } from "../ndarray.ts";
import { asArray, astype } from "../np-base.ts";
import { valueError } from "./errors.ts";
import { PilImage, toSize } from "./image.ts";
import { open } from "./pil.ts";
import { BICUBIC, BILINEAR, BOX, HAMMING, LANCZOS, NEAREST } from "./resample.ts";

const INTERPOLATION: Readonly<Record<string, number>> = { nearest: NEAREST, bilinear: BILINEAR, bicubic: BICUBIC, hamming: HAMMING, box: BOX, lanczos: LANCZOS };

const isNone = (x: unknown): boolean => x === undefined || x === null;

/**
 * keras.utils.load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest",
 * keep_aspect_ratio=False); `path` is the image's bytes in a service.
 */
export function load_img(path: unknown, grayscale?: unknown, color_mode?: unknown, target_size?: unknown, interpolation?: unknown, keep_aspect_ratio?: unknown): PilImage {
  let mode = isNone(color_mode) ? "rgb" : String(color_mode);
  if (grayscale === true) mode = "grayscale";
  let img = path instanceof PilImage ? path : open(path);
  if (mode === "grayscale") {
    if (!["L", "I;16", "I"].includes(img.mode)) img = img.convert("L");
  } else if (mode === "rgba") {
    if (img.mode !== "RGBA") img = img.convert("RGBA");
  } else if (mode === "rgb") {
    if (img.mode !== "RGB") img = img.convert("RGB");
  } else throw valueError('color_mode must be "grayscale", "rgb", or "rgba"');
  if (!isNone(target_size)) {
    const [th, tw] = toSize(target_size, "target_size");
    if (img.width !== tw || img.height !== th) {
      const name = isNone(interpolation) ? "nearest" : String(interpolation);
      const resample = INTERPOLATION[name];
      if (resample === undefined) throw valueError(`Invalid interpolation method ${name} specified. Supported methods are ${Object.keys(INTERPOLATION).join(", ")}`);
      if (keep_aspect_ratio === true) {
        const { width, height } = img;
        const cropHeight = Math.min(height, Math.floor((width * th) / tw));
        const cropWidth = Math.min(width, Math.floor((height * tw) / th));
        const hs = Math.floor((height - cropHeight) / 2);
        const ws = Math.floor((width - cropWidth) / 2);
        img = img.resize([tw, th], resample, [ws, hs, ws + cropWidth, hs + cropHeight]);
      } else img = img.resize([tw, th], resample);
    }
  }
  return img;
}

/** keras.utils.img_to_array(img, data_format=None, dtype=None): float32 HxWxC (or CxHxW), HxWx1 for one band. */
export function img_to_array(img: unknown, data_format?: unknown, dtype?: unknown): NDArray {
  const fmt = isNone(data_format) ? "channels_last" : String(data_format);
  if (fmt !== "channels_last" && fmt !== "channels_first") throw valueError(`Unknown data_format: ${fmt}`);
  let x = asArray(img);
  x = astype(x, isNone(dtype) ? "float32" : dtype);
  if (x.ndim === 3) {
    if (fmt === "channels_first") {
      const [h, w, c] = x.shape;
      const v = x.values();
      const out = new (v.constructor as new (n: number) => typeof v)(v.length);
      for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[ch * h * w + i] = v[i * c + ch];
      return new NDArray(out, [c, h, w], x.dtype);
    }
    return x;
  }
  if (x.ndim === 2) return new NDArray(x.values(), fmt === "channels_first" ? [1, ...x.shape] : [...x.shape, 1], x.dtype);
  throw valueError(`Unsupported image shape: (${x.shape.join(", ")})`);
}

type Mode = "caffe" | "tf" | "torch";

/** imagenet_utils._preprocess_numpy_input: float inputs are changed in place (as Keras does), others copied to float32. */
function preprocess(xIn: unknown, dataFormat: unknown, mode: Mode): NDArray {
  const fmt = isNone(dataFormat) ? "channels_last" : String(dataFormat);
  let x = asArray(xIn);
  if (x.dtype !== "float32" && x.dtype !== "float64") x = astype(x, "float32");
  else if (!x.isContiguous) x = x.copy();
  const single = x.dtype === "float32";
  const r = single ? Math.fround : (v: number) => v;
  const d = x.data;
  const off = x.offset;
  const n = x.size;
  if (mode === "tf") {
    for (let i = off; i < off + n; i++) d[i] = r(r(d[i] / 127.5) - 1);
    return x;
  }
  const shape = x.shape;
  const channelsFirst = fmt === "channels_first";
  const cAxis = channelsFirst ? (x.ndim === 3 ? 0 : 1) : x.ndim - 1;
  const c = shape[cAxis];
  const inner = shape.slice(cAxis + 1).reduce((a, b) => a * b, 1);
  const chanOf = (i: number) => Math.floor(i / inner) % c;
  if (mode === "torch") {
    const mean = [0.485, 0.456, 0.406].map(r);
    const std = [0.229, 0.224, 0.225].map(r);
    const k = r(255);
    for (let i = 0; i < n; i++) {
      const ch = chanOf(i);
      let v = r(d[off + i] / k);
      if (ch < 3) v = r(r(v - mean[ch]) / std[ch]);
      d[off + i] = v;
    }
    return x;
  }
  // caffe: 'RGB'->'BGR' along the channel axis, then minus the BGR mean
  const mean = [103.939, 116.779, 123.68].map(r);
  const src = Float64Array.from(d.subarray(off, off + n));
  const outer = n / (c * inner);
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      const from = c - 1 - ch;
      for (let i = 0; i < inner; i++) {
        const v = src[(o * c + from) * inner + i];
        d[off + (o * c + ch) * inner + i] = ch < 3 ? r(v - mean[ch]) : v;
      }
    }
  }
  return x;
}

export function preprocess_input_caffe(x: unknown, data_format?: unknown): NDArray {
  return preprocess(x, data_format, "caffe");
}
export function preprocess_input_tf(x: unknown, data_format?: unknown): NDArray {
  return preprocess(x, data_format, "tf");
}
export function preprocess_input_torch(x: unknown, data_format?: unknown): NDArray {
  return preprocess(x, data_format, "torch");
}
/** The applications that normalise inside the model: preprocess_input returns its input. */
export function preprocess_input_identity(x: unknown, data_format?: unknown): unknown {
  void data_format;
  return x;
}

/** imagenet_utils.preprocess_input(x, data_format=None, mode="caffe"). */
export function preprocess_input(x: unknown, data_format?: unknown, mode?: unknown): NDArray {
  const m = isNone(mode) ? "caffe" : String(mode);
  if (m !== "caffe" && m !== "tf" && m !== "torch") throw valueError(`Expected mode to be one of \`caffe\`, \`tf\` or \`torch\`. Received: mode=${m}`);
  return preprocess(x, data_format, m);
}
