// The PIL module functions translated code calls: Image.open (of the request's bytes), Image.fromarray, Image.new,
// io.BytesIO (the bytes themselves), ImageOps.*, and `imageHeader` for the service to validate an upload cheaply.
import { isTuple, PyError } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { asArray } from "../np-base.ts";
import { openImage } from "./decode.ts";
import { typeError, valueError } from "./errors.ts";
import { PilImage, pyType, sequence, toNumber, toSize, FLIP_LEFT_RIGHT, FLIP_TOP_BOTTOM, ROTATE_180, ROTATE_270, ROTATE_90, TRANSPOSE, TRANSVERSE } from "./image.ts";
import { isMode, Raster, type Mode } from "./raster.ts";

export { imageHeader, IMAGE_FORMATS } from "./decode.ts";
export type { ImageHeader } from "./codec.ts";
export { setMaxImagePixels, getMaxImagePixels } from "./errors.ts";
export { PilImage } from "./image.ts";

/** The bytes of an image as translated code holds them: a Uint8Array (Python bytes), a Buffer, an ArrayBuffer. */
export function imageBytes(fp: unknown): Uint8Array {
  if (fp instanceof Uint8Array) return fp;
  if (fp instanceof ArrayBuffer) return new Uint8Array(fp);
  if (ArrayBuffer.isView(fp)) return new Uint8Array(fp.buffer, fp.byteOffset, fp.byteLength);
  if (typeof fp === "string") {
    throw new PyError("FileNotFoundError", `a service receives images as bytes, not file paths (${JSON.stringify(fp)}): pass the request's image bytes`);
  }
  throw typeError(`expected the image's bytes, not ${pyType(fp)}`);
}

/** io.BytesIO(data): the bytes themselves (Image.open and cv2.imdecode read them whole). */
export function BytesIO(initialBytes?: unknown): Uint8Array {
  return initialBytes === undefined || initialBytes === null ? new Uint8Array(0) : imageBytes(initialBytes);
}

/**
 * PIL.Image.open(fp, mode="r", formats=None) of the image's bytes. Reads the header only (raising
 * UnidentifiedImageError or DecompressionBombError as Pillow does); pixels are decoded when first needed.
 */
export function open(fp: unknown, mode?: unknown, formats?: unknown): PilImage {
  if (mode !== undefined && mode !== null && mode !== "r") throw valueError(`bad mode ${JSON.stringify(mode)}`);
  const bytes = imageBytes(fp);
  const { header, load } = openImage(bytes);
  if (formats !== undefined && formats !== null) {
    const allowed = Array.isArray(formats) ? formats.map((f) => String(f).toUpperCase()) : [];
    if (!allowed.includes(header.format)) throw new PyError("UnidentifiedImageError", "cannot identify image file");
  }
  const m = header.mode;
  if (!isMode(m)) throw new PyError("OSError", `images of mode ${m} are not supported by the nb2svc runtime`);
  return PilImage.lazy(m, header.width, header.height, header.format, load);
}

/** Image.fromarray(obj, mode=None) with Pillow 9.4's type map. */
export function fromarray(obj: unknown, mode?: unknown): PilImage {
  const a: NDArray = obj instanceof PilImage ? obj.__array__() : asArray(obj);
  const shape = a.shape;
  const ndim = shape.length;
  if (ndim < 2) throw valueError(`Too few dimensions: ${ndim} < 2.`);
  const typestr: Record<string, string> = { bool: "|b1", uint8: "|u1", int8: "|i1", uint16: "<u2", int16: "<i2", uint32: "<u4", int32: "<i4", float32: "<f4", float64: "<f8", int64: "<i8" };
  let m: Mode;
  if (mode === undefined || mode === null) {
    const key = `${["1", "1", ...shape.slice(2)].join(",")}|${typestr[a.dtype]}`;
    const MAP: Record<string, Mode> = {
      "1,1||b1": "1",
      "1,1||u1": "L",
      "1,1||i1": "I",
      "1,1|<u2": "I;16",
      "1,1|<i2": "I",
      "1,1|<u4": "I",
      "1,1|<i4": "I",
      "1,1|<f4": "F",
      "1,1|<f8": "F",
      "1,1,2||u1": "LA",
      "1,1,3||u1": "RGB",
      "1,1,4||u1": "RGBA",
    };
    const found = MAP[key];
    if (!found) throw typeError(`Cannot handle this data type: (${["1", "1", ...shape.slice(2)].join(", ")}${shape.length === 1 ? "," : ""}), ${typestr[a.dtype]}`);
    m = found;
  } else {
    if (!isMode(mode)) throw valueError(`unrecognized image mode ${JSON.stringify(mode)}`);
    m = mode;
    const byteModes = ["L", "P", "LA", "RGB", "RGBA", "RGBX", "1"];
    if (byteModes.includes(m) && a.dtype !== "uint8" && a.dtype !== "bool") {
      throw typeError(`Image.fromarray(..., mode=${JSON.stringify(m)}) reads the array's bytes: pass a uint8 array (the nb2svc runtime does not reinterpret ${a.dtype} data)`);
    }
  }
  const ndmax = ["1", "L", "I", "P", "F", "I;16"].includes(m) ? 2 : m === "RGB" ? 3 : 4;
  if (ndim > ndmax) throw valueError(`Too many dimensions: ${ndim} > ${ndmax}.`);
  const h = shape[0];
  const w = shape[1];
  const r = Raster.alloc(m, w, h);
  const values = a.values();
  const bands = r.bands;
  const perPixel = ndim === 3 ? shape[2] : 1;
  if (perPixel < bands && mode !== undefined && mode !== null) throw valueError("not enough image data");
  const n = w * h;
  const d = r.data;
  if (m === "1") for (let i = 0; i < n; i++) d[i] = values[i * perPixel] ? 255 : 0;
  else if (perPixel === bands) {
    if (m === "F") for (let i = 0; i < n; i++) d[i] = values[i];
    else d.set(values as ArrayLike<number>);
  } else for (let i = 0; i < n; i++) for (let c = 0; c < bands; c++) d[i * bands + c] = values[i * perPixel + c];
  return PilImage.fromRaster(r);
}

/** ImageColor.getcolor's common forms: "#rgb", "#rrggbb", and a few names. */
function parseColor(s: string, bands: number): number[] {
  const names: Record<string, number[]> = { black: [0, 0, 0], white: [255, 255, 255], red: [255, 0, 0], green: [0, 128, 0], blue: [0, 0, 255], gray: [128, 128, 128], grey: [128, 128, 128] };
  let rgb = names[s.toLowerCase()];
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (m) {
    const hex = m[1].length === 3 ? m[1].split("").map((c) => c + c).join("") : m[1];
    rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  if (!rgb) throw valueError(`unknown color specifier: ${JSON.stringify(s)}`);
  if (bands === 1) return [(rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000 | 0];
  return bands === 4 ? [...rgb, 255] : rgb;
}

/** The fill value of every band from Image.new's `color` (an int, a float, a tuple, or a colour name). */
export function inkOf(mode: Mode, color: unknown): number[] {
  const bands = Raster.alloc(mode, 0, 0).bands;
  if (color === undefined || color === null) return new Array<number>(bands).fill(0);
  if (typeof color === "string") return parseColor(color, bands);
  if (Array.isArray(color)) {
    const vals = color.map((v) => toNumber(v));
    if (bands === 1) return [vals[0]];
    if (mode === "LA" && vals.length === 2) return vals;
    return Array.from({ length: bands }, (_, i) => vals[i] ?? 255);
  }
  if (typeof color === "number" || typeof color === "boolean" || (typeof color === "object" && "value" in (color as object))) {
    const v = toNumber(color);
    if (bands === 1) return [v];
    // an int colour for a multi-band mode is packed as Pillow's C layer reads it: band i is byte i
    return Array.from({ length: bands }, (_, i) => (v >>> (8 * i)) & 255);
  }
  throw typeError("color must be int or tuple");
}

/** Image.new(mode, size, color=0). */
export function new_(mode: unknown, size: unknown, color?: unknown): PilImage {
  if (!isMode(mode)) throw valueError(`unrecognized image mode ${JSON.stringify(mode)}`);
  const [w, h] = toSize(size);
  if (w < 0 || h < 0) throw valueError("Width and height must be >= 0");
  if (Array.isArray(color) && !isTuple(color)) throw typeError("color must be int or tuple");
  const r = Raster.alloc(mode, w, h);
  const ink = inkOf(mode, color === undefined ? 0 : color);
  const b = r.bands;
  if (mode === "1") ink[0] = ink[0] ? 255 : 0;
  for (let i = 0; i < w * h; i++) for (let c = 0; c < b; c++) r.data[i * b + c] = ink[c];
  return PilImage.fromRaster(r);
}

/** Pillow's Image.Transpose and Image.Resampling values, under their module-level names too. */
export const Transpose = { FLIP_LEFT_RIGHT, FLIP_TOP_BOTTOM, ROTATE_90, ROTATE_180, ROTATE_270, TRANSPOSE, TRANSVERSE } as const;

export function isImage(x: unknown): x is PilImage {
  return x instanceof PilImage;
}

export function requireImage(x: unknown, fname: string): PilImage {
  if (!(x instanceof PilImage)) throw typeError(`${fname} expects a PIL image, not ${pyType(x)}`);
  return x;
}

export function size2(x: unknown): [number, number] {
  return toSize(sequence(x, 2, "size"));
}
