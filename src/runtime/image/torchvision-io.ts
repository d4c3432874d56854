// torchvision.io (0.14): read_image / decode_image / read_file. In a service the notebook's path is the request's
// image bytes (as for Image.open and cv2.imread). torchvision decodes with libjpeg and libpng, not Pillow: JPEG and
// PNG only, no EXIF orientation, a uint8 tensor [C, H, W] whose channels follow the file unless a mode asks otherwise.
// Its RGB pixels are Pillow's (the same libjpeg decode, alpha dropped without compositing); its gray differs by format
// (measured against torchvision 0.14.1 on Debian).
import { PyError } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { convertRaster } from "./convert.ts";
import { openImage } from "./decode.ts";
import { pyType, toInt } from "./image.ts";
import { imageBytes } from "./pil.ts";
import type { Raster } from "./raster.ts";

/** ImageReadMode's values (an Enum of ints in torchvision). */
export const UNCHANGED = 0;
export const GRAY = 1;
export const GRAY_ALPHA = 2;
export const RGB = 3;
export const RGB_ALPHA = 4;

const runtimeError = (msg: string): PyError => new PyError("RuntimeError", msg);

/** torchvision.io.read_file(path): the file's bytes as a 1-D uint8 tensor (in a service, the request's bytes). */
export function read_file(path: unknown): NDArray {
  const b = imageBytes(path);
  return new NDArray(Uint8Array.from(b), [b.length], "uint8");
}

/** torchvision.io.read_image(path, mode=ImageReadMode.UNCHANGED). */
export function read_image(path: unknown, mode?: unknown): NDArray {
  return decodeTo(imageBytes(path), mode);
}

/** torchvision.io.decode_image(input, mode=ImageReadMode.UNCHANGED): `input` is read_file's tensor. */
export function decode_image(input: unknown, mode?: unknown): NDArray {
  if (!(input instanceof NDArray)) throw runtimeError(`image::decode_image() Expected a value of type 'Tensor' for argument '_0' but instead found type '${pyType(input)}'.`);
  if (input.dtype !== "uint8" || input.shape.length !== 1) throw runtimeError("Expected a one-dimensional uint8 tensor");
  return decodeTo(Uint8Array.from(input.values() as Iterable<number>), mode);
}

function decodeTo(bytes: Uint8Array, modeArg: unknown): NDArray {
  const mode = modeArg === undefined || modeArg === null ? UNCHANGED : toInt(modeArg, "mode");
  if (mode < UNCHANGED || mode > RGB_ALPHA) throw runtimeError(`Unsupported ImageReadMode ${mode}`);
  let opened;
  try {
    opened = openImage(bytes);
  } catch (e) {
    if (e instanceof PyError && e.type === "DecompressionBombError") throw e;
    throw runtimeError("Unsupported image file. Only jpeg and png are currently supported.");
  }
  const format = opened.header.format;
  if (format !== "PNG" && format !== "JPEG") throw runtimeError("Unsupported image file. Only jpeg and png are currently supported.");
  if (format === "JPEG" && (mode === GRAY_ALPHA || mode === RGB_ALPHA)) throw runtimeError("The provided mode is not supported for JPEG files");
  const decoded = opened.load();
  if (decoded.samples16 || decoded.raster.mode === "I" || decoded.raster.mode === "I;16") throw runtimeError("At most 8-bit PNG images are supported currently.");
  // torchvision 0.14 adds alpha to a palette or sub-byte gray PNG without expanding its samples (indices, 0..3): other
  // pixels than the image's, refused rather than reproduced
  if (format === "PNG" && (mode === GRAY_ALPHA || mode === RGB_ALPHA) && (bytes[25] === 3 || (bytes[25] === 0 && bytes[24] < 8))) {
    throw runtimeError("torchvision reads a palette or low-bit-depth PNG with an alpha mode wrongly: read it with ImageReadMode.RGB or GRAY, or use PIL (`Image.open(path).convert(\"RGBA\")`)");
  }
  return planes(decoded.raster, mode, format === "JPEG");
}

/** The decoded pixels as libpng/libjpeg hand them to torchvision in `mode`, channel-first. */
function planes(decoded: Raster, mode: number, jpeg: boolean): NDArray {
  let r = decoded;
  if (r.mode === "P") {
    // torchvision 0.14 keeps a palette PNG's indices when the mode is UNCHANGED (one channel)
    if (mode === UNCHANGED) return channelFirst(r.data as Uint8Array, r.width, r.height, 1);
    r = convertRaster(r, "RGB", false);
  } else if (r.mode === "1") r = convertRaster(r, "L", false);
  else if (r.mode !== "L" && r.mode !== "LA" && r.mode !== "RGB" && r.mode !== "RGBA") r = convertRaster(r, "RGB", false);
  const color = r.mode === "RGB" || r.mode === "RGBA";
  const hasAlpha = r.mode === "LA" || r.mode === "RGBA";
  const out = mode === UNCHANGED ? r.bands : mode === GRAY ? 1 : mode === GRAY_ALPHA ? 2 : mode === RGB ? 3 : 4;
  const n = r.width * r.height;
  const src = r.data as Uint8Array;
  const px = new Uint8Array(n * out);
  for (let i = 0; i < n; i++) {
    const k = i * r.bands;
    const [red, green, blue] = color ? [src[k], src[k + 1], src[k + 2]] : [src[k], src[k], src[k]];
    const alpha = hasAlpha ? src[k + r.bands - 1] : 255;
    const o = i * out;
    if (out <= 2) {
      px[o] = color ? gray(red, green, blue, jpeg) : red;
      if (out === 2) px[o + 1] = alpha;
    } else {
      px[o] = red;
      px[o + 1] = green;
      px[o + 2] = blue;
      if (out === 4) px[o + 3] = alpha;
    }
  }
  return channelFirst(px, r.width, r.height, out);
}

/**
 * Gray from colour. PNG: libpng's png_set_rgb_to_gray with torchvision's weights (0.2989, 0.587), which libpng
 * turns into 9794, 19234 and 3740 parts of 32768 and truncates (exact on every PNG of the parity fixtures). JPEG:
 * libjpeg returns its Y plane, which the runtime's decoder (RGB only) can only estimate as Pillow's "L" of the RGB.
 */
function gray(r: number, g: number, b: number, jpeg: boolean): number {
  return jpeg ? (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16 : (r * 9794 + g * 19234 + b * 3740) >> 15;
}

function channelFirst(hwc: Uint8Array, w: number, h: number, c: number): NDArray {
  const n = w * h;
  const chw = new Uint8Array(n * c);
  for (let i = 0; i < n; i++) for (let ch = 0; ch < c; ch++) chw[ch * n + i] = hwc[i * c + ch];
  return new NDArray(chw, [c, h, w], "uint8");
}
