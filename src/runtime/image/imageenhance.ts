// PIL.ImageEnhance (Pillow 9.4): Brightness, Contrast, Color and Sharpness, each an interpolation by Image.blend
// between a degenerate image (black, the mean gray, the grayscale image, the SMOOTH-filtered image; with the
// image's own alpha) and the image, and Image.blend itself (ImagingBlend: float32 interpolation, truncated, clipped
// when extrapolating).
import { PyError } from "../core.ts";
import { bindArgs } from "../py-base.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { valueError } from "./errors.ts";
import { PilImage, toNumber } from "./image.ts";
import { SMOOTH } from "./imagefilter.ts";
import { new_, requireImage } from "./pil.ts";
import { Raster } from "./raster.ts";

const fr = Math.fround;

/** Image.blend(im1, im2, alpha): im1 + alpha * (im2 - im1) per sample, 8-bit modes without a palette. */
export function blend(im1: unknown, im2: unknown, alpha: unknown): PilImage {
  const a = requireImage(im1, "Image.blend");
  const b = requireImage(im2, "Image.blend");
  const r1 = a.raster;
  const r2 = b.raster;
  if (!(r1.data instanceof Uint8Array) || r1.mode === "P" || r1.mode === "PA" || r1.mode === "1" || r2.mode === "P" || r2.mode === "PA" || r2.mode === "1") throw valueError("image has wrong mode");
  if (!(r2.data instanceof Uint8Array) || r1.bands !== r2.bands || r1.width !== r2.width || r1.height !== r2.height) throw valueError("images do not match");
  const t = fr(toNumber(alpha, "alpha"));
  if (t === 0) return a.copy();
  if (t === 1) return b.copy();
  const out = Raster.alloc(r1.mode, r1.width, r1.height);
  const d1 = r1.data;
  const d2 = r2.data;
  for (let i = 0; i < d1.length; i++) {
    const v = fr(d1[i]! + fr(t * (d2[i]! - d1[i]!)));
    out.data[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
  }
  return a.derive(out);
}

const hasAlpha = (im: PilImage): boolean => im.getbands().includes("A");

/** The image with its alpha band replaced by `alpha`'s (the degenerate images keep the image's transparency). */
function withAlphaOf(im: PilImage, source: PilImage): PilImage {
  if (!hasAlpha(im)) return im;
  const r = im.raster.copy();
  const s = source.raster;
  const b = r.bands;
  for (let i = 0; i < r.width * r.height; i++) r.data[i * b + b - 1] = s.data[i * b + b - 1]!;
  return im.derive(r);
}

/** An ImageEnhance object: `.enhance(factor)` blends from its degenerate image to the image. */
export class Enhancer {
  constructor(
    readonly pyTypeName: string,
    private readonly image: PilImage,
    private readonly degenerate: PilImage,
  ) {}

  enhance(factor: unknown): PilImage {
    return blend(this.degenerate, this.image, factor);
  }

  pyAttr(name: string): unknown {
    if (name === "image") return this.image;
    if (name === "degenerate") return this.degenerate;
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    if (name !== "enhance") return METHOD_NOT_FOUND;
    return this.enhance(bindArgs(name, args, kwargs, ["factor"], 1)[0]);
  }
}

/** ImageEnhance.Brightness(image): from black. */
export function Brightness(image: unknown): Enhancer {
  const im = requireImage(image, "ImageEnhance.Brightness");
  return new Enhancer("Brightness", im, withAlphaOf(new_(im.mode, im.size, 0), im));
}

/** ImageEnhance.Contrast(image): from the image's mean gray, int(mean + 0.5) of its "L" conversion. */
export function Contrast(image: unknown): Enhancer {
  const im = requireImage(image, "ImageEnhance.Contrast");
  const gray = im.convert("L").raster.data;
  let sum = 0;
  for (let i = 0; i < gray.length; i++) sum += gray[i]!;
  if (gray.length === 0) throw new PyError("ZeroDivisionError", "float division by zero");
  const mean = Math.trunc(sum / gray.length + 0.5);
  return new Enhancer("Contrast", im, withAlphaOf(new_("L", im.size, mean).convert(im.mode), im));
}

/** ImageEnhance.Color(image): from its grayscale ("L", or "LA" with alpha) in its own mode. */
export function Color(image: unknown): Enhancer {
  const im = requireImage(image, "ImageEnhance.Color");
  return new Enhancer("Color", im, im.convert(hasAlpha(im) ? "LA" : "L").convert(im.mode));
}

/** ImageEnhance.Sharpness(image): from its SMOOTH-filtered copy. */
export function Sharpness(image: unknown): Enhancer {
  const im = requireImage(image, "ImageEnhance.Sharpness");
  return new Enhancer("Sharpness", im, withAlphaOf(im.filter(SMOOTH), im));
}
