// PIL.ImageOps: fit, pad, contain, expand, grayscale, invert, autocontrast, equalize, exif_transpose, flip, mirror, crop, scale, as Pillow 9.4
// writes them (each a composition of Image methods, so their pixels follow from those).
import { isTuple, PyError } from "../core.ts";
import { valueError } from "./errors.ts";
import { PilImage, roundHalfEven, sequence, toInt, toNumber, toSize, FLIP_LEFT_RIGHT, FLIP_TOP_BOTTOM, ROTATE_180, ROTATE_270, ROTATE_90, TRANSPOSE, TRANSVERSE } from "./image.ts";
import { inkOf, requireImage } from "./pil.ts";
import { BICUBIC } from "./resample.ts";
import { pasteRaster } from "./paste.ts";
import { Raster } from "./raster.ts";

const orDefault = (x: unknown, d: number): number => (x === undefined || x === null ? d : toNumber(x));

/** ImageOps.contain(image, size, method=BICUBIC): the largest resize that fits in size, keeping the aspect. */
export function contain(image: unknown, size: unknown, method?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.contain");
  let [w, h] = toSize(size);
  const imRatio = im.width / im.height;
  const destRatio = w / h;
  if (imRatio !== destRatio) {
    if (imRatio > destRatio) {
      const nh = roundHalfEven((im.height / im.width) * w);
      if (nh !== h) h = nh;
    } else {
      const nw = roundHalfEven((im.width / im.height) * h);
      if (nw !== w) w = nw;
    }
  }
  return im.resize([w, h], orDefault(method, BICUBIC));
}

/** ImageOps.pad(image, size, method=BICUBIC, color=None, centering=(0.5, 0.5)). */
export function pad(image: unknown, size: unknown, method?: unknown, color?: unknown, centering?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.pad");
  const [w, h] = toSize(size);
  const c = centering === undefined || centering === null ? [0.5, 0.5] : sequence(centering, 2, "centering").map((v) => toNumber(v));
  const resized = contain(im, [w, h], method);
  if (resized.width === w && resized.height === h) return resized;
  const r = resized.raster;
  const out = Raster.alloc(r.mode, w, h, r.palette);
  const ink = inkOf(r.mode, color);
  const b = out.bands;
  for (let i = 0; i < w * h; i++) for (let k = 0; k < b; k++) out.data[i * b + k] = ink[k];
  const clamp = (v: number) => Math.max(0, Math.min(v, 1));
  const x = resized.width !== w ? roundHalfEven((w - resized.width) * clamp(c[0])) : 0;
  const y = resized.width !== w ? 0 : roundHalfEven((h - resized.height) * clamp(c[1]));
  for (let yy = 0; yy < r.height; yy++) {
    const ty = yy + y;
    if (ty < 0 || ty >= h) continue;
    for (let xx = 0; xx < r.width; xx++) {
      const tx = xx + x;
      if (tx < 0 || tx >= w) continue;
      for (let k = 0; k < b; k++) out.data[(ty * w + tx) * b + k] = r.data[(yy * r.width + xx) * b + k];
    }
  }
  return PilImage.fromRaster(out, { ...resized.info });
}

/** ImageOps.fit(image, size, method=BICUBIC, bleed=0.0, centering=(0.5, 0.5)): resize with a cropping box. */
export function fit(image: unknown, size: unknown, method?: unknown, bleed?: unknown, centering?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.fit");
  const [w, h] = toSize(size);
  const c = centering === undefined || centering === null ? [0.5, 0.5] : sequence(centering, 2, "centering").map((v) => toNumber(v));
  if (!(c[0] >= 0 && c[0] <= 1)) c[0] = 0.5;
  if (!(c[1] >= 0 && c[1] <= 1)) c[1] = 0.5;
  let bl = orDefault(bleed, 0);
  if (!(bl >= 0 && bl < 0.5)) bl = 0;
  const bleedPx = [bl * im.width, bl * im.height];
  const live = [im.width - bleedPx[0] * 2, im.height - bleedPx[1] * 2];
  const liveRatio = live[0] / live[1];
  const outRatio = w / h;
  let cw: number;
  let ch: number;
  if (liveRatio === outRatio) [cw, ch] = live;
  else if (liveRatio >= outRatio) {
    cw = outRatio * live[1];
    ch = live[1];
  } else {
    cw = live[0];
    ch = live[0] / outRatio;
  }
  const left = bleedPx[0] + (live[0] - cw) * c[0];
  const top = bleedPx[1] + (live[1] - ch) * c[1];
  return im.resize([w, h], orDefault(method, BICUBIC), [left, top, left + cw, top + ch]);
}

export function grayscale(image: unknown): PilImage {
  return requireImage(image, "ImageOps.grayscale").convert("L");
}

/** ImageOps.invert: 255 - v on "1", "L" and "RGB" images. */
export function invert(image: unknown): PilImage {
  const im = requireImage(image, "ImageOps.invert");
  if (im.mode === "P") throw new PyError("NotImplementedError", "mode P support coming soon");
  if (im.mode !== "1" && im.mode !== "L" && im.mode !== "RGB") throw new PyError("OSError", "not supported for this image mode");
  const r = im.raster.copy();
  const d = r.data;
  for (let i = 0; i < d.length; i++) d[i] = 255 - d[i];
  return im.derive(r);
}

/**
 * ImageOps._lut's checks: the per-band lookup tables apply to "L" and "RGB" images only (a palette image raises
 * NotImplementedError, any other mode OSError), after Pillow computed the histogram.
 */
function lutImage(fname: string, image: unknown): PilImage {
  const im = requireImage(image, fname);
  if (im.mode === "P") throw new PyError("NotImplementedError", "mode P support coming soon");
  if (im.mode !== "L" && im.mode !== "RGB") throw new PyError("OSError", "not supported for this image mode");
  return im;
}

/** Image.histogram(): 256 counts per band of an 8-bit image, band after band. */
function histogram(r: Raster): number[] {
  const b = r.bands;
  const h = new Array<number>(256 * b).fill(0);
  const d = r.data;
  for (let i = 0; i < d.length; i++) h[(i % b) * 256 + d[i]]++;
  return h;
}

/** Image.point(lut) of an "L" or "RGB" image: one 256-entry table per band (values clipped to 0..255, as Pillow does). */
function applyLut(im: PilImage, lut: readonly number[]): PilImage {
  const r = im.raster.copy();
  const b = r.bands;
  const d = r.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.max(0, Math.min(255, lut[(i % b) * 256 + d[i]]));
  return im.derive(r);
}

const noMask = (fname: string, mask: unknown): void => {
  if (mask !== undefined && mask !== null) throw new PyError("NotImplementedError", `ImageOps.${fname} with a mask is not supported: crop the region first`);
};

/**
 * ImageOps.autocontrast(image, cutoff=0, ignore=None, mask=None, preserve_tone=False): each band's histogram (the
 * gray one with preserve_tone), `cutoff` percent of its pixels removed from each end, stretched so its darkest kept
 * level becomes 0 and its lightest 255 (`int(ix * scale + offset)`).
 */
export function autocontrast(image: unknown, cutoff?: unknown, ignore?: unknown, mask?: unknown, preserve_tone?: unknown): PilImage {
  const im = lutImage("ImageOps.autocontrast", image);
  noMask("autocontrast", mask);
  const histo = preserve_tone ? histogram(im.convert("L").raster) : histogram(im.raster);
  const cut = cutoff === undefined || cutoff === null || cutoff === 0 ? null : Array.isArray(cutoff) ? sequence(cutoff, 2, "cutoff").map((v) => toNumber(v)) : [toNumber(cutoff), toNumber(cutoff)];
  const ignored = ignore === undefined || ignore === null ? [] : Array.isArray(ignore) ? ignore.map((v) => toNumber(v)) : [toNumber(ignore)];
  const lut: number[] = [];
  for (let layer = 0; layer < histo.length; layer += 256) {
    const h = histo.slice(layer, layer + 256);
    for (const ix of ignored) h[ix < 0 ? ix + 256 : ix] = 0;
    if (cut) trimEnds(h, cut);
    let lo = 0;
    while (lo < 255 && !h[lo]) lo++;
    let hi = 255;
    while (hi > 0 && !h[hi]) hi--;
    if (hi <= lo) {
      for (let ix = 0; ix < 256; ix++) lut.push(ix);
      continue;
    }
    const scale = 255 / (hi - lo);
    const offset = -lo * scale;
    for (let ix = 0; ix < 256; ix++) lut.push(Math.max(0, Math.min(255, Math.trunc(ix * scale + offset))));
  }
  // with preserve_tone the gray table applies to every band
  return applyLut(im, lut.length === 256 && im.mode === "RGB" ? [...lut, ...lut, ...lut] : lut);
}

/** autocontrast's cutoff: `n * cutoff // 100` pixels removed from the low end of `h`, then from the high end. */
function trimEnds(h: number[], cutoff: readonly number[]): void {
  const n = h.reduce((a, v) => a + v, 0);
  const ends: [number, number, number][] = [
    [cutoff[0]!, 0, 1],
    [cutoff[1]!, 255, -1],
  ];
  for (const [pct, start, step] of ends) {
    let c = Math.floor((n * pct) / 100);
    for (let i = start; i >= 0 && i < 256; i += step) {
      if (c > h[i]!) {
        c -= h[i]!;
        h[i] = 0;
      } else {
        h[i]! -= c;
        c = 0;
      }
      if (c <= 0) break;
    }
  }
}

/** ImageOps.equalize(image, mask=None): each band mapped through its cumulative histogram (a palette image as RGB). */
export function equalize(image: unknown, mask?: unknown): PilImage {
  const src = requireImage(image, "ImageOps.equalize");
  const im = lutImage("ImageOps.equalize", src.mode === "P" ? src.convert("RGB") : src);
  noMask("equalize", mask);
  const h = histogram(im.raster);
  const lut: number[] = [];
  for (let b = 0; b < h.length; b += 256) {
    const used = h.slice(b, b + 256).filter((v) => v);
    const step = used.length <= 1 ? 0 : Math.floor((used.reduce((a, v) => a + v, 0) - used[used.length - 1]!) / 255);
    if (!step) {
      for (let i = 0; i < 256; i++) lut.push(i);
      continue;
    }
    let n = Math.floor(step / 2);
    for (let i = 0; i < 256; i++) {
      lut.push(Math.floor(n / step));
      n += h[i + b]!;
    }
  }
  return applyLut(im, lut);
}

/**
 * ImageOps.expand(image, border=0, fill=0): a border of `fill` around the image (border: one width, (left/right,
 * top/bottom) or (left, top, right, bottom)). A palette image keeps its palette, `fill` an index into it.
 */
export function expand(image: unknown, border?: unknown, fill?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.expand");
  const b = isTuple(border) ? border.map((v) => toInt(v, "border")) : [toInt(border ?? 0, "border")];
  const [left, top, right, bottom] = b.length === 4 ? b : b.length === 2 ? [b[0], b[1], b[0], b[1]] : [b[0], b[0], b[0], b[0]];
  if (im.mode === "P" && Array.isArray(fill)) throw new PyError("NotImplementedError", "ImageOps.expand of a palette image with an RGB fill is not supported by the nb2svc runtime: convert it to RGB first");
  const r = im.raster;
  const out = Raster.alloc(r.mode, left + r.width + right, top + r.height + bottom, r.palette);
  const ink = inkOf(r.mode, fill ?? 0);
  for (let i = 0; i < out.data.length; i++) out.data[i] = ink[i % out.bands]!;
  pasteRaster(out, r, left!, top!, null);
  return im.derive(out);
}

export function flip(image: unknown): PilImage {
  return requireImage(image, "ImageOps.flip").transpose(FLIP_TOP_BOTTOM);
}

export function mirror(image: unknown): PilImage {
  return requireImage(image, "ImageOps.mirror").transpose(FLIP_LEFT_RIGHT);
}

/** ImageOps.crop(image, border=0): the same number of pixels off each side. */
export function crop(image: unknown, border?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.crop");
  const b = border === undefined || border === null ? [0, 0, 0, 0] : Array.isArray(border) ? (border.length === 2 ? [border[0], border[1], border[0], border[1]] : border).map((v) => toNumber(v)) : [toNumber(border), toNumber(border), toNumber(border), toNumber(border)];
  return im.crop([b[0], b[1], im.width - b[2], im.height - b[3]]);
}

/** ImageOps.scale(image, factor, resample=BICUBIC). */
export function scale(image: unknown, factor: unknown, resample?: unknown): PilImage {
  const im = requireImage(image, "ImageOps.scale");
  const f = toNumber(factor);
  if (f === 1) return im.copy();
  if (f <= 0) throw valueError("the factor must be greater than 0");
  return im.resize([roundHalfEven(im.width * f), roundHalfEven(im.height * f)], orDefault(resample, BICUBIC));
}

const ORIENTATION_TRANSPOSE: Readonly<Record<number, number>> = { 2: FLIP_LEFT_RIGHT, 3: ROTATE_180, 4: FLIP_TOP_BOTTOM, 5: TRANSPOSE, 6: ROTATE_270, 7: TRANSVERSE, 8: ROTATE_90 };

/** ImageOps.exif_transpose: the image turned as its EXIF Orientation says, the tag then dropped. */
export function exif_transpose(image: unknown): PilImage {
  const im = requireImage(image, "ImageOps.exif_transpose");
  void im.raster;
  const o = im.getexifOrientation();
  const method = o === null ? undefined : ORIENTATION_TRANSPOSE[o];
  if (method === undefined) return im.copy();
  const out = im.transpose(method);
  const info = { ...out.info };
  delete info.exif;
  return PilImage.fromRaster(out.raster, info);
}

