// TIFF, the common cases: the first image of the file, in strips, chunky, uncompressed, LZW, PackBits or Deflate
// (with or without horizontal differencing), bilevel, 8-bit gray, 16-bit gray, palette, RGB and RGBA; decoded to
// the mode Pillow 9.4 gives. Tiles, planar layouts, JPEG-in-TIFF and other photometrics are refused clearly.
import { inflateSync } from "node:zlib";
import { be16, be32, le16, le32, type Decoded, type ImageHeader } from "./codec.ts";
import { broken, truncated, unidentified, unsupported } from "./errors.ts";
import { Raster, newPalette, type Mode } from "./raster.ts";

export function isTiff(b: Uint8Array): boolean {
  return b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42));
}

interface Ifd {
  readonly little: boolean;
  readonly tags: Map<number, number[]>;
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

function readIfd(b: Uint8Array): Ifd {
  if (!isTiff(b) || b.length < 8) throw unidentified();
  const little = b[0] === 0x49;
  const u16 = (o: number) => (little ? le16(b, o) : be16(b, o));
  const u32 = (o: number) => (little ? le32(b, o) : be32(b, o));
  const off = u32(4);
  if (off + 2 > b.length) throw unidentified();
  const n = u16(off);
  if (off + 2 + n * 12 > b.length) throw unidentified();
  const tags = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const e = off + 2 + i * 12;
    const tag = u16(e);
    const type = u16(e + 2);
    const count = u32(e + 4);
    const size = TYPE_SIZE[type] ?? 0;
    if (!size || count > 1 << 24) continue;
    const at = size * count <= 4 ? e + 8 : u32(e + 8);
    if (at + size * count > b.length) continue;
    const values: number[] = [];
    for (let k = 0; k < count; k++) {
      const o = at + k * size;
      values.push(size === 1 ? b[o] : size === 2 ? u16(o) : type === 5 || type === 10 ? u32(o) / (u32(o + 4) || 1) : u32(o));
    }
    tags.set(tag, values);
  }
  return { little, tags };
}

interface Layout {
  width: number;
  height: number;
  bps: number;
  spp: number;
  photometric: number;
  extra: number;
  mode: Mode;
}

function layout(ifd: Ifd): Layout {
  const t = (k: number, d?: number) => ifd.tags.get(k)?.[0] ?? d;
  const width = t(256);
  const height = t(257);
  if (width === undefined || height === undefined) throw unidentified();
  const bps = t(258, 1)!;
  const spp = t(277, 1)!;
  const photometric = t(262, spp >= 3 ? 2 : 1)!;
  const extra = t(338, 0)!;
  let mode: Mode | null = null;
  if ((photometric === 0 || photometric === 1) && spp === 1) mode = bps === 1 ? "1" : bps === 8 ? "L" : bps === 16 ? "I;16" : null;
  else if ((photometric === 0 || photometric === 1) && spp === 2 && bps === 8) mode = "LA";
  else if (photometric === 2 && bps === 8 && spp === 3) mode = "RGB";
  else if (photometric === 2 && bps === 8 && spp === 4) mode = extra === 0 ? "RGBX" : "RGBA";
  else if (photometric === 3 && spp === 1 && (bps === 8 || bps === 4 || bps === 2 || bps === 1)) mode = "P";
  if (mode === null) throw unsupported(`TIFF images with ${spp} samples of ${bps} bits (photometric ${photometric}) are not supported by the nb2svc runtime`);
  return { width, height, bps, spp, photometric, extra, mode: mode === "RGBX" ? "RGB" : mode };
}

export function tiffHeader(b: Uint8Array): ImageHeader {
  const l = layout(readIfd(b));
  return { format: "TIFF", width: l.width, height: l.height, mode: l.mode };
}

function packbits(src: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(need);
  let o = 0;
  let i = 0;
  while (i < src.length && o < need) {
    const n = (src[i++] << 24) >> 24;
    if (n >= 0) {
      for (let k = 0; k <= n && o < need && i < src.length; k++) out[o++] = src[i++];
    } else if (n !== -128) {
      const v = src[i++];
      for (let k = 0; k < 1 - n && o < need; k++) out[o++] = v;
    }
  }
  return out.subarray(0, o);
}

/** TIFF's LZW: MSB-first codes of 9 to 12 bits, widened one code early; 256 clears, 257 ends. */
function lzw(src: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(need);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    prefix[i] = -1;
    length[i] = 1;
  }
  let size = 9;
  let next = 258;
  let prev = -1;
  let o = 0;
  let acc = 0;
  let bits = 0;
  let i = 0;
  const emit = (code: number): void => {
    const len = length[code];
    let c = code;
    for (let k = len - 1; k >= 0; k--) {
      if (o + k < need) out[o + k] = suffix[c];
      c = prefix[c];
    }
    o += len;
  };
  while (o < need) {
    while (bits < size) {
      if (i >= src.length) return out.subarray(0, Math.min(o, need));
      acc = ((acc << 8) | src[i++]) >>> 0;
      bits += 8;
    }
    const code = (acc >>> (bits - size)) & ((1 << size) - 1);
    bits -= size;
    acc &= (1 << bits) - 1;
    if (code === 256) {
      size = 9;
      next = 258;
      prev = -1;
      continue;
    }
    if (code === 257) break;
    if (prev < 0) {
      emit(code);
      prev = code;
      continue;
    }
    if (code > next) throw broken();
    // the new entry's last byte is the first byte of `code`'s string, or of prev's when code is the entry itself
    let f = code < next ? code : prev;
    while (prefix[f] >= 0) f = prefix[f];
    const head = suffix[f];
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = head;
      length[next] = length[prev] + 1;
      next++;
    }
    emit(code);
    if (next + 1 >= 1 << size && size < 12) size++;
    prev = code;
  }
  return out.subarray(0, Math.min(o, need));
}

export function decodeTiff(b: Uint8Array): Decoded {
  const ifd = readIfd(b);
  const l = layout(ifd);
  const tags = ifd.tags;
  if (tags.has(322) || tags.has(324)) throw unsupported("tiled TIFF images are not supported by the nb2svc runtime");
  if ((tags.get(284)?.[0] ?? 1) !== 1 && l.spp > 1) throw unsupported("planar TIFF images are not supported by the nb2svc runtime");
  const compression = tags.get(259)?.[0] ?? 1;
  const predictor = tags.get(317)?.[0] ?? 1;
  const offsets = tags.get(273);
  const counts = tags.get(279);
  if (!offsets) throw unidentified();
  const rowsPerStrip = Math.min(tags.get(278)?.[0] ?? l.height, l.height);
  const rowBytes = Math.ceil((l.width * l.spp * l.bps) / 8);
  const raw = new Uint8Array(rowBytes * l.height);
  let filled = 0;
  for (let s = 0; s < offsets.length && filled < raw.length; s++) {
    const rows = Math.min(rowsPerStrip, l.height - s * rowsPerStrip);
    const need = rows * rowBytes;
    const start = offsets[s];
    const count = counts?.[s] ?? b.length - start;
    if (start + count > b.length) throw truncated();
    const src = b.subarray(start, start + count);
    let strip: Uint8Array;
    if (compression === 1) strip = src.subarray(0, need);
    else if (compression === 32773) strip = packbits(src, need);
    else if (compression === 5) strip = lzw(src, need);
    else if (compression === 8 || compression === 32946) {
      try {
        strip = inflateSync(src);
      } catch {
        throw broken();
      }
    } else throw unsupported(`TIFF compression ${compression} is not supported by the nb2svc runtime`);
    if (strip.length < need) throw truncated();
    if (predictor === 2 && l.bps === 8) {
      const step = l.spp;
      for (let r = 0; r < rows; r++) {
        const o = r * rowBytes;
        for (let i = step; i < rowBytes; i++) strip[o + i] = (strip[o + i] + strip[o + i - step]) & 0xff;
      }
    } else if (predictor !== 1) throw unsupported(`TIFF predictor ${predictor} is not supported by the nb2svc runtime`);
    raw.set(strip.subarray(0, need), filled);
    filled += need;
  }
  if (filled < raw.length) throw truncated();

  let palette = null;
  if (l.mode === "P") {
    const cmap = tags.get(320);
    if (!cmap) throw unidentified();
    const n = 1 << l.bps;
    const rgb = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = cmap[c * n + i] >> 8;
    palette = newPalette(rgb);
  }
  const out = Raster.alloc(l.mode, l.width, l.height, palette);
  const d = out.data;
  const invert = l.photometric === 0;
  const n = l.width * l.height;
  if (l.bps < 8) {
    const mask = (1 << l.bps) - 1;
    for (let y = 0; y < l.height; y++) {
      for (let x = 0; x < l.width; x++) {
        const bit = x * l.bps;
        let v = (raw[y * rowBytes + (bit >> 3)] >> (8 - l.bps - (bit & 7))) & mask;
        if (l.mode === "1") v = (invert ? !v : v) ? 255 : 0;
        d[y * l.width + x] = v;
      }
    }
  } else if (l.bps === 16) {
    for (let i = 0; i < n; i++) d[i] = ifd.little ? le16(raw, i * 2) : be16(raw, i * 2);
    if (invert) for (let i = 0; i < n; i++) d[i] = 65535 - d[i];
  } else if (l.mode === "RGB" && l.spp === 4) {
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) d[i * 3 + c] = raw[i * 4 + c];
  } else {
    d.set(raw.subarray(0, d.length));
    if (invert && (l.mode === "L" || l.mode === "LA")) for (let i = 0; i < d.length; i += out.bands) d[i] = 255 - d[i];
    if (l.mode === "RGBA" && l.extra === 1) {
      // associated (premultiplied) alpha, unpremultiplied as Pillow's RGBa unpacker does
      for (let i = 0; i < d.length; i += 4) {
        const a = d[i + 3];
        if (a !== 0 && a !== 255) for (let c = 0; c < 3; c++) d[i + c] = Math.min(255, Math.floor((d[i + c] * 255) / a));
      }
    }
  }
  return { raster: out, info: {} };
}
