// GIF: the first frame, as Pillow 9.4 opens it: mode "P" with the frame's palette (local, else global), or "L" when
// the palette is the identity grayscale; pixels outside the frame are 0 (or the transparent index); the
// transparent index in info["transparency"].
import { le16, type Decoded, type ImageHeader, type ImageInfo } from "./codec.ts";
import { broken, truncated, unidentified } from "./errors.ts";
import { Raster, newPalette } from "./raster.ts";

export function isGif(b: Uint8Array): boolean {
  return b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61;
}

/** Pillow's GifImageFile._is_palette_needed: false when entry i is (i, i, i) for every entry. */
function paletteNeeded(p: Uint8Array): boolean {
  for (let i = 0; i + 2 < p.length; i += 3) {
    const k = i / 3;
    if (!(k === p[i] && p[i] === p[i + 1] && p[i + 1] === p[i + 2])) return true;
  }
  return false;
}

interface Frame {
  x0: number;
  y0: number;
  w: number;
  h: number;
  interlace: boolean;
  palette: Uint8Array | null;
  transparency: number | null;
  minCodeSize: number;
  dataStart: number;
}

interface GifStructure {
  width: number;
  height: number;
  globalPalette: Uint8Array | null;
  frame: Frame;
}

function readStructure(b: Uint8Array): GifStructure {
  if (!isGif(b) || b.length < 13) throw unidentified();
  const width = le16(b, 6);
  const height = le16(b, 8);
  const flags = b[10];
  let pos = 13;
  let globalPalette: Uint8Array | null = null;
  if (flags & 0x80) {
    const n = 3 << ((flags & 7) + 1);
    if (pos + n > b.length) throw unidentified();
    const p = b.subarray(pos, pos + n);
    if (paletteNeeded(p)) globalPalette = p;
    pos += n;
  }
  let transparency: number | null = null;
  for (;;) {
    if (pos >= b.length) throw unidentified();
    const tag = b[pos++];
    if (tag === 0x3b) throw unidentified();
    if (tag === 0x21) {
      if (pos >= b.length) throw unidentified();
      const label = b[pos++];
      let first = true;
      for (;;) {
        if (pos >= b.length) throw unidentified();
        const n = b[pos++];
        if (n === 0) break;
        if (pos + n > b.length) throw unidentified();
        // graphic control extension: the transparent index of the next image
        if (first && label === 0xf9 && n >= 4 && b[pos] & 1) transparency = b[pos + 3];
        first = false;
        pos += n;
      }
      continue;
    }
    if (tag === 0x2c) {
      if (pos + 9 > b.length) throw unidentified();
      const x0 = le16(b, pos);
      const y0 = le16(b, pos + 2);
      const w = le16(b, pos + 4);
      const h = le16(b, pos + 6);
      const f = b[pos + 8];
      pos += 9;
      let palette: Uint8Array | null = null;
      if (f & 0x80) {
        const n = 3 << ((f & 7) + 1);
        if (pos + n > b.length) throw unidentified();
        const p = b.subarray(pos, pos + n);
        if (paletteNeeded(p)) palette = p;
        pos += n;
      }
      if (pos >= b.length) throw unidentified();
      const minCodeSize = b[pos++];
      return { width, height, globalPalette, frame: { x0, y0, w, h, interlace: (f & 0x40) !== 0, palette, transparency, minCodeSize, dataStart: pos } };
    }
    // Pillow skips unknown bytes between blocks
  }
}

export function gifHeader(b: Uint8Array): ImageHeader {
  const s = readStructure(b);
  const palette = s.frame.palette ?? s.globalPalette;
  return { format: "GIF", width: s.width, height: s.height, mode: palette ? "P" : "L" };
}

/** GIF's LZW: variable-width codes, LSB first, clear and end codes. Returns the indices it produced. */
function lzw(b: Uint8Array, start: number, minCodeSize: number, count: number): { out: Uint8Array; n: number; complete: boolean } {
  if (minCodeSize < 1 || minCodeSize > 11) throw broken();
  const out = new Uint8Array(count);
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const stack = new Uint8Array(4097);
  let size = minCodeSize + 1;
  let next = clear + 2;
  let prev = -1;
  let bits = 0;
  let acc = 0;
  let n = 0;
  let pos = start;
  let blockLeft = 0;
  for (let i = 0; i < clear; i++) {
    suffix[i] = i;
    first[i] = i;
    prefix[i] = -1;
  }
  for (;;) {
    while (bits < size) {
      if (blockLeft === 0) {
        if (pos >= b.length) return { out, n, complete: false };
        blockLeft = b[pos++];
        if (blockLeft === 0) return { out, n, complete: n >= count };
      }
      if (pos >= b.length) return { out, n, complete: false };
      acc |= b[pos++] << bits;
      bits += 8;
      blockLeft--;
    }
    const code = acc & ((1 << size) - 1);
    acc >>>= size;
    bits -= size;
    if (code === clear) {
      size = minCodeSize + 1;
      next = clear + 2;
      prev = -1;
      continue;
    }
    if (code === eoi) return { out, n, complete: true };
    let c = code;
    let sp = 0;
    if (prev < 0) {
      if (code >= clear) return { out, n, complete: true };
      if (n < count) out[n++] = code;
      prev = code;
      continue;
    }
    if (code > next || code >= 4096) return { out, n, complete: true };
    if (code === next) {
      stack[sp++] = first[prev];
      c = prev;
    }
    while (c >= clear) {
      stack[sp++] = suffix[c];
      c = prefix[c];
    }
    stack[sp++] = c;
    const head = c;
    while (sp > 0 && n < count) out[n++] = stack[--sp];
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = head;
      first[next] = first[prev];
      next++;
      if (next === 1 << size && size < 12) size++;
    }
    prev = code;
    if (n >= count) return { out, n, complete: true };
  }
}

export function decodeGif(b: Uint8Array): Decoded {
  const s = readStructure(b);
  const f = s.frame;
  const palette = f.palette ?? s.globalPalette;
  const info: ImageInfo = {};
  if (f.transparency !== null) info.transparency = f.transparency;
  const raster = Raster.alloc(palette ? "P" : "L", s.width, s.height, palette ? newPalette(palette) : null);
  if (f.transparency !== null) raster.data.fill(f.transparency);
  // the frame clipped to the screen
  const x1 = Math.min(f.x0 + f.w, s.width);
  const y1 = Math.min(f.y0 + f.h, s.height);
  const { out, n, complete } = lzw(b, f.dataStart, f.minCodeSize, f.w * f.h);
  if (n < f.w * f.h && !complete) throw truncated();
  const rows: number[] = [];
  if (f.interlace) {
    for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) for (let y = start; y < f.h; y += step) rows.push(y);
  } else for (let y = 0; y < f.h; y++) rows.push(y);
  const data = raster.data;
  for (let r = 0; r < rows.length; r++) {
    const y = f.y0 + rows[r];
    if (y >= y1) continue;
    for (let x = f.x0; x < x1; x++) {
      const i = r * f.w + (x - f.x0);
      if (i >= n) break;
      data[y * s.width + x] = out[i];
    }
  }
  return { raster, info };
}
