// Image.paste's pixel work (Pillow 9.4's Paste.c) on 8-bit rasters: the source's bytes copied into a region of the
// destination, clipped to it, through an optional transparency mask ("1": copy where set; "L", "LA", "RGBA": each
// byte blended with the mask's level, `(out * (255 - m) + in * m) / 255` rounded as Pillow's DIV255).
import { PyError } from "../core.ts";
import { valueError } from "./errors.ts";
import type { Raster } from "./raster.ts";

/**
 * Pillow's in-memory bytes of pixel i of an 8-bit raster as the destination's mode reads them: RGB from RGB(A/a)
 * or LA (Pillow stores LA as L, L, L, A); the bands themselves otherwise.
 */
function sourceBytes(src: Raster, outBands: number): (i: number, out: number[]) => void {
  const d = src.data;
  const b = src.bands;
  if (src.mode === "LA" && outBands === 3) return (i, out) => void out.fill(d[i * 2], 0, 3);
  return (i, out) => {
    for (let k = 0; k < outBands; k++) out[k] = d[i * b + k];
  };
}

/** The mask level of pixel i: "1" and "L" their value, "LA" and "RGBA" their alpha band. */
function maskLevels(mask: Raster): (i: number) => number {
  const d = mask.data;
  if (mask.mode === "1" || mask.mode === "L") return (i) => d[i];
  if (mask.mode === "LA" || mask.mode === "RGBA") return (i) => d[i * mask.bands + mask.bands - 1];
  if (mask.mode === "RGBa") throw new PyError("NotImplementedError", "a premultiplied (RGBa) paste mask is not supported by the nb2svc runtime");
  throw valueError("bad transparency mask");
}

/**
 * Pastes `src` (already in the destination's mode, or RGBA/LA/RGBa into RGB) into `out` in place with its top-left
 * corner at (x, y); `mask`, when given, is the size of `src`.
 */
export function pasteRaster(out: Raster, src: Raster, x: number, y: number, mask: Raster | null): void {
  if (!(out.data instanceof Uint8Array) || !(src.data instanceof Uint8Array)) throw new PyError("NotImplementedError", `Image.paste into a ${out.mode} image is not supported by the nb2svc runtime (8-bit modes only)`);
  if (mask && (mask.width !== src.width || mask.height !== src.height)) throw valueError("images do not match");
  const level = mask ? maskLevels(mask) : null;
  const bilevel = mask?.mode === "1";
  const read = sourceBytes(src, out.bands);
  const px = new Array<number>(out.bands);
  const b = out.bands;
  // the region, clipped to the destination
  const sx0 = Math.max(0, -x);
  const sy0 = Math.max(0, -y);
  const w = Math.min(src.width, out.width - x) - sx0;
  const h = Math.min(src.height, out.height - y) - sy0;
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const s = (sy0 + j) * src.width + sx0 + i;
      const o = ((y + sy0 + j) * out.width + x + sx0 + i) * b;
      read(s, px);
      const m = level ? level(s) : 255;
      if (m === 255 || (bilevel && m)) for (let k = 0; k < b; k++) out.data[o + k] = px[k];
      else if (m && !bilevel) {
        for (let k = 0; k < b; k++) {
          const t = out.data[o + k] * (255 - m) + px[k] * m + 128;
          out.data[o + k] = ((t >> 8) + t) >> 8;
        }
      }
    }
  }
}
