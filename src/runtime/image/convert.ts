// Mode conversions as Pillow 9.4 makes them: libImaging/Convert.c's pixel formulas (ITU-R 601-2 luma in 16-bit
// fixed point, Floyd-Steinberg to "1" and to the WEB palette, palette lookups, premultiplied alpha) and
// Image.convert's handling of info["transparency"].
import type { ImageInfo } from "./codec.ts";
import { PyError } from "../core.ts";
import { valueError } from "./errors.ts";
import { Raster, newPalette, type Mode, type Palette } from "./raster.ts";

/** L24 of Convert.c: luma in 16.16 fixed point, rounded. */
const l24 = (r: number, g: number, b: number): number => (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
/** L of Convert.c: luma times 1000. */
const l1000 = (r: number, g: number, b: number): number => r * 299 + g * 587 + b * 114;
const clip8 = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : v);
/** MULDIV255: a * b / 255, rounded, in integers. */
const muldiv255 = (a: number, b: number): number => {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
};

/** The (r, g, b, a) of pixel i as Pillow's 4-byte layout holds it (alpha 255 when the mode has none). */
function rgbaAt(im: Raster, i: number, out: Int32Array): void {
  const d = im.data;
  switch (im.mode) {
    case "1":
    case "L":
      out[0] = out[1] = out[2] = d[i];
      out[3] = 255;
      return;
    case "LA":
    case "La":
    case "PA":
      out[0] = out[1] = out[2] = d[i * 2];
      out[3] = d[i * 2 + 1];
      return;
    case "RGB":
    case "YCbCr":
      out[0] = d[i * 3];
      out[1] = d[i * 3 + 1];
      out[2] = d[i * 3 + 2];
      out[3] = 255;
      return;
    default:
      out[0] = d[i * 4];
      out[1] = d[i * 4 + 1];
      out[2] = d[i * 4 + 2];
      out[3] = d[i * 4 + 3];
  }
}

type PixelFn = (p: Int32Array, out: Raster, i: number) => void;

function set1(out: Raster, i: number, v: number): void {
  out.data[i] = v;
}
function setLA(out: Raster, i: number, l: number, a: number): void {
  out.data[i * 2] = l;
  out.data[i * 2 + 1] = a;
}
function setRGB(out: Raster, i: number, r: number, g: number, b: number): void {
  out.data[i * 3] = r;
  out.data[i * 3 + 1] = g;
  out.data[i * 3 + 2] = b;
}
function setRGBA(out: Raster, i: number, r: number, g: number, b: number, a: number): void {
  out.data[i * 4] = r;
  out.data[i * 4 + 1] = g;
  out.data[i * 4 + 2] = b;
  out.data[i * 4 + 3] = a;
}

const bitTo: Partial<Record<Mode, PixelFn>> = {
  L: (p, o, i) => set1(o, i, p[0] !== 0 ? 255 : 0),
  I: (p, o, i) => set1(o, i, p[0] !== 0 ? 255 : 0),
  F: (p, o, i) => set1(o, i, p[0] !== 0 ? 255 : 0),
  LA: (p, o, i) => setLA(o, i, p[0] !== 0 ? 255 : 0, 255),
  RGB: (p, o, i) => setRGB(o, i, p[0] ? 255 : 0, p[0] ? 255 : 0, p[0] ? 255 : 0),
  RGBA: (p, o, i) => setRGBA(o, i, p[0] ? 255 : 0, p[0] ? 255 : 0, p[0] ? 255 : 0, 255),
  RGBX: (p, o, i) => setRGBA(o, i, p[0] ? 255 : 0, p[0] ? 255 : 0, p[0] ? 255 : 0, 255),
};
const lTo: Partial<Record<Mode, PixelFn>> = {
  "1": (p, o, i) => set1(o, i, p[0] >= 128 ? 255 : 0),
  LA: (p, o, i) => setLA(o, i, p[0], 255),
  I: (p, o, i) => set1(o, i, p[0]),
  F: (p, o, i) => set1(o, i, p[0]),
  RGB: (p, o, i) => setRGB(o, i, p[0], p[0], p[0]),
  RGBA: (p, o, i) => setRGBA(o, i, p[0], p[0], p[0], 255),
  RGBX: (p, o, i) => setRGBA(o, i, p[0], p[0], p[0], 255),
  "I;16": (p, o, i) => set1(o, i, p[0]),
};
const laTo: Partial<Record<Mode, PixelFn>> = {
  L: (p, o, i) => set1(o, i, p[0]),
  La: (p, o, i) => setLA(o, i, muldiv255(p[0], p[3]), p[3]),
  RGB: (p, o, i) => setRGB(o, i, p[0], p[0], p[0]),
  RGBA: (p, o, i) => setRGBA(o, i, p[0], p[0], p[0], p[3]),
  RGBX: (p, o, i) => setRGBA(o, i, p[0], p[0], p[0], p[3]),
};
const unpremultiply = (v: number, a: number): number => (a === 255 || a === 0 ? v : clip8(Math.floor((255 * v) / a)));
const rgbTo: Partial<Record<Mode, PixelFn>> = {
  "1": (p, o, i) => set1(o, i, l1000(p[0], p[1], p[2]) >= 128000 ? 255 : 0),
  L: (p, o, i) => set1(o, i, l24(p[0], p[1], p[2])),
  LA: (p, o, i) => setLA(o, i, l24(p[0], p[1], p[2]), 255),
  La: (p, o, i) => setLA(o, i, l24(p[0], p[1], p[2]), 255),
  I: (p, o, i) => set1(o, i, l24(p[0], p[1], p[2])),
  F: (p, o, i) => set1(o, i, Math.fround(l1000(p[0], p[1], p[2]) / 1000)),
  RGBA: (p, o, i) => setRGBA(o, i, p[0], p[1], p[2], 255),
  RGBa: (p, o, i) => setRGBA(o, i, p[0], p[1], p[2], 255),
  RGBX: (p, o, i) => setRGBA(o, i, p[0], p[1], p[2], 255),
};
const rgbaTo: Partial<Record<Mode, PixelFn>> = {
  "1": rgbTo["1"],
  L: rgbTo.L,
  LA: (p, o, i) => setLA(o, i, l24(p[0], p[1], p[2]), p[3]),
  I: rgbTo.I,
  F: rgbTo.F,
  RGB: (p, o, i) => setRGB(o, i, p[0], p[1], p[2]),
  RGBa: (p, o, i) => setRGBA(o, i, muldiv255(p[0], p[3]), muldiv255(p[1], p[3]), muldiv255(p[2], p[3]), p[3]),
  RGBX: (p, o, i) => setRGBA(o, i, p[0], p[1], p[2], 255),
};
const CONVERTERS: Partial<Record<Mode, Partial<Record<Mode, PixelFn>>>> = {
  "1": bitTo,
  L: lTo,
  LA: laTo,
  La: { LA: (p, o, i) => setLA(o, i, unpremultiply(p[0], p[3]), p[3]) },
  RGB: rgbTo,
  RGBA: rgbaTo,
  RGBa: {
    RGBA: (p, o, i) => setRGBA(o, i, unpremultiply(p[0], p[3]), unpremultiply(p[1], p[3]), unpremultiply(p[2], p[3]), p[3]),
    RGB: (p, o, i) => setRGB(o, i, unpremultiply(p[0], p[3]), unpremultiply(p[1], p[3]), unpremultiply(p[2], p[3])),
  },
  RGBX: { "1": rgbTo["1"], L: rgbTo.L, LA: rgbTo.LA, I: rgbTo.I, F: rgbTo.F, RGB: rgbaTo.RGB },
};

/** Conversions from the 32-bit and 16-bit modes, which read a single number per pixel. */
function convertNumeric(im: Raster, mode: Mode): Raster | null {
  const n = im.width * im.height;
  const src = im.data;
  const out = Raster.alloc(mode, im.width, im.height);
  const d = out.data;
  const clipInt = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : v);
  if (im.mode === "I") {
    if (mode === "L") for (let i = 0; i < n; i++) d[i] = clipInt(src[i]);
    else if (mode === "F") for (let i = 0; i < n; i++) d[i] = src[i];
    else if (mode === "RGB" || mode === "RGBA" || mode === "RGBX") {
      const b = out.bands;
      for (let i = 0; i < n; i++) {
        const v = clipInt(src[i]);
        d[i * b] = d[i * b + 1] = d[i * b + 2] = v;
        if (b === 4) d[i * b + 3] = 255;
      }
    } else if (mode === "I;16") for (let i = 0; i < n; i++) d[i] = src[i] <= 0 ? 0 : src[i] >= 65535 ? 65535 : src[i];
    else return null;
    return out;
  }
  if (im.mode === "F") {
    // f2l: clipped, then truncated; f2i: C's float-to-int conversion
    if (mode === "L") for (let i = 0; i < n; i++) d[i] = src[i] <= 0 ? 0 : src[i] >= 255 ? 255 : Math.trunc(src[i]);
    else if (mode === "I") for (let i = 0; i < n; i++) d[i] = Number.isFinite(src[i]) && Math.abs(src[i]) < 2147483648 ? Math.trunc(src[i]) : -2147483648;
    else return null;
    return out;
  }
  if (im.mode === "I;16") {
    if (mode === "I" || mode === "F") for (let i = 0; i < n; i++) d[i] = src[i];
    else if (mode === "L") for (let i = 0; i < n; i++) d[i] = src[i] > 255 ? 255 : src[i];
    else if (mode === "RGB") for (let i = 0; i < n; i++) d[i * 3] = d[i * 3 + 1] = d[i * 3 + 2] = src[i] > 255 ? 255 : src[i];
    else return null;
    return out;
  }
  return null;
}

function fromPalette(im: Raster, mode: Mode): Raster {
  const pal = im.palette;
  if (!pal) throw valueError("no palette");
  const e = pal.entries;
  const n = im.width * im.height;
  const alphaIn = im.mode === "PA";
  const out = Raster.alloc(mode, im.width, im.height, mode === "P" || mode === "PA" ? pal : null);
  const d = out.data;
  const src = im.data;
  const step = alphaIn ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const k = src[i * step] * 4;
    const r = e[k];
    const g = e[k + 1];
    const b = e[k + 2];
    const a = alphaIn ? src[i * 2 + 1] : e[k + 3];
    switch (mode) {
      case "1":
        d[i] = l1000(r, g, b) >= 128000 ? 255 : 0;
        break;
      case "L":
        d[i] = l24(r, g, b);
        break;
      case "LA":
        d[i * 2] = l24(r, g, b);
        d[i * 2 + 1] = a;
        break;
      case "P":
        d[i] = src[i * step];
        break;
      case "PA":
        d[i * 2] = src[i];
        d[i * 2 + 1] = pal.mode === "RGB" ? 255 : e[k + 3];
        break;
      case "I":
        d[i] = l24(r, g, b);
        break;
      case "F":
        d[i] = Math.fround(l1000(r, g, b) / 1000);
        break;
      case "RGB":
        d[i * 3] = r;
        d[i * 3 + 1] = g;
        d[i * 3 + 2] = b;
        break;
      case "RGBA":
      case "RGBX":
        d[i * 4] = r;
        d[i * 4 + 1] = g;
        d[i * 4 + 2] = b;
        d[i * 4 + 3] = a;
        break;
      default:
        throw valueError("conversion not supported");
    }
  }
  return out;
}

/** ImagingPaletteNewBrowser: ten black entries, then the 6x6x6 colour cube; 226 entries in use. */
export function webPalette(): Palette {
  const rgb: number[] = new Array(30).fill(0);
  for (let b = 0; b < 256; b += 51) for (let g = 0; g < 256; g += 51) for (let r = 0; r < 256; r += 51) rgb.push(r, g, b);
  return newPalette(rgb);
}

/** Palette.c's colour cache: the nearest palette entry of each 4x4x4 cell, filled a 32x32x32 box at a time. */
class PaletteCache {
  private readonly cache = new Int16Array(64 * 64 * 64).fill(0x100);
  constructor(private readonly pal: Palette) {}

  lookup(r: number, g: number, b: number): number {
    const at = (r >> 2) + (g >> 2) * 64 + (b >> 2) * 64 * 64;
    if (this.cache[at] === 0x100) this.update(r, g, b);
    return this.cache[at];
  }

  private update(r: number, g: number, b: number): void {
    const e = this.pal.entries;
    const size = this.pal.size;
    const r0 = r & 0xe0;
    const r1 = r0 + 0x1f;
    const rc = (r0 + r1) >> 1;
    const g0 = g & 0xe0;
    const g1 = g0 + 0x1f;
    const gc = (g0 + g1) >> 1;
    const b0 = b & 0xe0;
    const b1 = b0 + 0x1f;
    const bc = (b0 + b1) >> 1;
    const dist = (a: number, c: number) => (a - c) * (a - c);
    const dmin = new Float64Array(size);
    let dmax = 0xffffffff;
    for (let i = 0; i < size; i++) {
      const pr = e[i * 4];
      const pg = e[i * 4 + 1];
      const pb = e[i * 4 + 2];
      let tmin = pr < r0 ? dist(pr, r0) : pr > r1 ? dist(pr, r1) : 0;
      let tmax = pr <= rc ? dist(pr, r1) : dist(pr, r0);
      tmin += pg < g0 ? dist(pg, g0) : pg > g1 ? dist(pg, g1) : 0;
      tmax += pg <= gc ? dist(pg, g1) : dist(pg, g0);
      tmin += pb < b0 ? dist(pb, b0) : pb > b1 ? dist(pb, b1) : 0;
      tmax += pb <= bc ? dist(pb, b1) : dist(pb, b0);
      dmin[i] = tmin;
      if (tmax < dmax) dmax = tmax;
    }
    const BOX = 8;
    const d = new Float64Array(BOX * BOX * BOX).fill(0xffffffff);
    const c = new Uint8Array(BOX * BOX * BOX);
    const STEP = 4;
    for (let i = 0; i < size; i++) {
      if (dmin[i] > dmax) continue;
      let ri = r0 - e[i * 4];
      let gi = g0 - e[i * 4 + 1];
      let bi = b0 - e[i * 4 + 2];
      let rd = ri * ri + gi * gi + bi * bi;
      ri = ri * (2 * STEP) + STEP * STEP;
      gi = gi * (2 * STEP) + STEP * STEP;
      bi = bi * (2 * STEP) + STEP * STEP;
      let rx = ri;
      let j = 0;
      for (let rr = 0; rr < BOX; rr++) {
        let gd = rd;
        let gx = gi;
        for (let gg = 0; gg < BOX; gg++) {
          let bd = gd;
          let bx = bi;
          for (let bb = 0; bb < BOX; bb++) {
            // (unsigned int) bd < d[j]: a negative bd never happens for squared distances
            if (bd < d[j]) {
              d[j] = bd;
              c[j] = i;
            }
            bd += bx;
            bx += 2 * STEP * STEP;
            j++;
          }
          gd += gx;
          gx += 2 * STEP * STEP;
        }
        rd += rx;
        rx += 2 * STEP * STEP;
      }
    }
    let j = 0;
    for (let rr = r0; rr < r1; rr += 4) for (let gg = g0; gg < g1; gg += 4) for (let bb = b0; bb < b1; bb += 4) this.cache[(rr >> 2) + (gg >> 2) * 64 + (bb >> 2) * 64 * 64] = c[j++];
  }
}

/** C's integer division, truncating toward zero. */
const cdiv = (a: number, b: number): number => Math.trunc(a / b);

function toPalette(im: Raster, dither: boolean): Raster {
  if (!["L", "RGB", "RGBX", "RGBA", "RGBa"].includes(im.mode)) throw valueError("conversion not supported");
  const w = im.width;
  const h = im.height;
  if (im.mode === "L") {
    const gray: number[] = [];
    for (let i = 0; i < 256; i++) gray.push(i, i, i);
    return new Raster("P", w, h, im.data.slice(), newPalette(gray));
  }
  const pal = webPalette();
  const out = Raster.alloc("P", w, h, pal);
  const cache = new PaletteCache(pal);
  const e = pal.entries;
  const p = new Int32Array(4);
  const d = out.data;
  if (!dither) {
    for (let i = 0; i < w * h; i++) {
      rgbaAt(im, i, p);
      d[i] = cache.lookup(p[0], p[1], p[2]);
    }
    return out;
  }
  const errors = new Int32Array((w + 1) * 3);
  for (let y = 0; y < h; y++) {
    let r = 0, r0 = 0, r1 = 0;
    let g = 0, g0 = 0, g1 = 0;
    let b = 0, b0 = 0, b1 = 0, b2 = 0;
    let r2: number, g2: number, d2: number;
    let ei = 0;
    for (let x = 0; x < w; x++) {
      rgbaAt(im, y * w + x, p);
      r = clip8(p[0] + cdiv(r + errors[ei + 3], 16));
      g = clip8(p[1] + cdiv(g + errors[ei + 4], 16));
      b = clip8(p[2] + cdiv(b + errors[ei + 5], 16));
      const k = cache.lookup(r, g, b);
      d[y * w + x] = k;
      r -= e[k * 4];
      g -= e[k * 4 + 1];
      b -= e[k * 4 + 2];
      r2 = r; d2 = r + r; r += d2; errors[ei] = r + r0; r += d2; r0 = r + r1; r1 = r2; r += d2;
      g2 = g; d2 = g + g; g += d2; errors[ei + 1] = g + g0; g += d2; g0 = g + g1; g1 = g2; g += d2;
      b2 = b; d2 = b + b; b += d2; errors[ei + 2] = b + b0; b += d2; b0 = b + b1; b1 = b2; b += d2;
      ei += 3;
    }
    errors[ei] = b0;
    errors[ei + 1] = b1;
    errors[ei + 2] = b2;
  }
  return out;
}

function toBilevel(im: Raster): Raster {
  if (im.mode !== "L" && im.mode !== "RGB") throw valueError("conversion not supported");
  const w = im.width;
  const h = im.height;
  const out = Raster.alloc("1", w, h);
  const d = out.data;
  const src = im.data;
  const errors = new Int32Array(w + 1);
  for (let y = 0; y < h; y++) {
    let l = 0, l0 = 0, l1 = 0, l2: number, d2: number;
    let x = 0;
    for (; x < w; x++) {
      const i = y * w + x;
      const v = im.mode === "L" ? src[i] : cdiv(l1000(src[i * 3], src[i * 3 + 1], src[i * 3 + 2]), 1000);
      l = clip8(v + cdiv(l + errors[x + 1], 16));
      const o = l > 128 ? 255 : 0;
      d[i] = o;
      l -= o;
      l2 = l; d2 = l + l; l += d2; errors[x] = l + l0; l += d2; l0 = l + l1; l1 = l2; l += d2;
    }
    errors[x] = l0;
  }
  return out;
}

/** ImagingConvert (the C half of Image.convert). `dither` is Pillow's Dither value (0 none, else Floyd-Steinberg). */
export function convertRaster(im: Raster, mode: Mode, dither: boolean): Raster {
  if (im.mode === mode) return im.copy();
  if (im.mode === "P" || im.mode === "PA") return fromPalette(im, mode);
  if (mode === "P") return toPalette(im, dither);
  if (dither && mode === "1") return toBilevel(im);
  if (im.mode === "I" || im.mode === "F" || im.mode === "I;16") {
    const r = convertNumeric(im, mode);
    if (r) return r;
    throw valueError(`conversion from ${im.mode} to ${mode} not supported`);
  }
  const fn = CONVERTERS[im.mode]?.[mode];
  if (!fn) throw valueError(`conversion from ${im.mode} to ${mode} not supported`);
  const out = Raster.alloc(mode, im.width, im.height);
  const p = new Int32Array(4);
  const n = im.width * im.height;
  // the common conversions without the per-pixel indirection
  if (im.mode === "RGB" && mode === "L") {
    const s = im.data;
    const d = out.data;
    for (let i = 0, j = 0; i < n; i++, j += 3) d[i] = (s[j] * 19595 + s[j + 1] * 38470 + s[j + 2] * 7471 + 0x8000) >> 16;
    return out;
  }
  for (let i = 0; i < n; i++) {
    rgbaAt(im, i, p);
    fn(p, out, i);
  }
  return out;
}

/** Pillow's getmodebase. */
function modeBase(m: Mode): Mode {
  if (m === "1" || m === "L" || m === "LA" || m === "La" || m === "I" || m === "F" || m === "I;16" || m === "P" || m === "PA") return "L";
  return "RGB";
}

/** ImagingConvertTransparent: pixels equal to the transparent colour get alpha 0. */
function convertTransparent(im: Raster, mode: Mode, t: readonly number[]): Raster {
  const base = convertRaster(im, mode === "LA" && im.mode === "RGB" ? "LA" : mode, false);
  const n = im.width * im.height;
  const p = new Int32Array(4);
  const [r, g, b] = im.mode === "RGB" ? t : [t[0], t[0], t[0]];
  const d = base.data;
  for (let i = 0; i < n; i++) {
    if (im.mode === "RGB" && mode === "LA") {
      rgbaAt(im, i, p);
      if (p[0] === r && p[1] === g && p[2] === b) d[i * 2 + 1] = 0;
      continue;
    }
    if (mode === "RGBA") {
      if (d[i * 4] === (r & 255) && d[i * 4 + 1] === (g & 255) && d[i * 4 + 2] === (b & 255) && d[i * 4 + 3] === 255) d[i * 4 + 3] = 0;
    } else if (mode === "LA") {
      if (d[i * 2] === (r & 255) && d[i * 2 + 1] === 255) d[i * 2 + 1] = 0;
    }
  }
  return base;
}

function withPaletteAlpha(pal: Palette, t: number | Uint8Array): Palette {
  const entries = pal.entries.slice();
  if (typeof t === "number") entries[t * 4 + 3] = 0;
  else for (let i = 0; i < t.length && i < 256; i++) entries[i * 4 + 3] = t[i];
  return { mode: "RGBA", entries, size: pal.size };
}

/** Image.convert(mode, dither=FLOYDSTEINBERG) with Pillow 9.4's transparency handling. */
export function convertImage(im: Raster, info: ImageInfo, mode: Mode | null, dither: boolean): { raster: Raster; info: ImageInfo } {
  const t = info.transparency;
  const hasT = t !== undefined && t !== null;
  if (!mode && im.mode === "P") {
    mode = im.palette?.mode ?? "RGB";
    if (mode === "RGB" && hasT) mode = "RGBA";
  }
  if (!mode || mode === im.mode) return { raster: im.copy(), info: { ...info } };
  if (mode === "P" && im.mode === "RGBA") {
    throw new PyError("NotImplementedError", "converting RGBA to P is Image.quantize (octree), which the nb2svc runtime does not implement: convert to RGB first");
  }
  const newInfo: ImageInfo = { ...info };
  let src = im;
  let trns: number | number[] | null = null;
  let deleteT = false;
  if (hasT) {
    if ((["1", "L", "I"].includes(im.mode) && (mode === "LA" || mode === "RGBA")) || (im.mode === "RGB" && mode === "RGBA")) {
      const tv = typeof t === "number" ? [t] : Array.from(t as readonly number[]);
      const out = convertTransparent(im, mode, tv);
      delete newInfo.transparency;
      return { raster: out, info: newInfo };
    } else if (["L", "RGB", "P"].includes(im.mode) && ["L", "RGB", "P"].includes(mode)) {
      if (t instanceof Uint8Array) deleteT = true;
      else {
        // the transparent colour converted like a pixel
        const one = im.mode === "P" ? new Raster("P", 1, 1, new Uint8Array([t as number]), im.palette) : im.mode === "L" ? new Raster("L", 1, 1, new Uint8Array([(t as number) & 255])) : new Raster("RGB", 1, 1, Uint8Array.from(t as readonly number[]));
        const conv = convertRaster(one, mode === "P" ? "RGB" : mode, false);
        trns = conv.bands === 1 ? conv.data[0] : Array.from(conv.data);
      }
    } else if (im.mode === "P" && (mode === "LA" || mode === "PA" || mode === "RGBA")) {
      deleteT = true;
      if (!(t instanceof Uint8Array) && typeof t !== "number") throw valueError("Transparency for P mode should be bytes or int");
      src = im.withPalette(withPaletteAlpha(im.palette!, t));
    }
  }
  let out: Raster;
  try {
    out = convertRaster(src, mode, dither);
  } catch (e) {
    const base = modeBase(src.mode);
    if (base === src.mode) throw e;
    out = convertRaster(convertRaster(src, base, false), mode, dither);
  }
  if (deleteT) delete newInfo.transparency;
  if (trns !== null) {
    if (out.mode === "P") {
      // ImagePalette.getcolor of the Python-level palette Pillow attaches (list(range(256)) * 3)
      delete newInfo.transparency;
    } else newInfo.transparency = trns;
  }
  return { raster: out, info: newInfo };
}
