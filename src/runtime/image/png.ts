// PNG: every bit depth and colour type, Adam7, PLTE/tRNS, eXIf, decoded to the mode and samples Pillow 9.4 gives
// (16-bit gray as "I", 16-bit colour keeping the high byte, 2/4-bit gray scaled to 0..255, 1-bit gray as "1").
// Inflating is node:zlib's (native); unfiltering and unpacking are here.
import { inflateSync, constants as zc } from "node:zlib";
import { be16, be32, type Decoded, type ImageHeader, type ImageInfo } from "./codec.ts";
import { broken, truncated, unidentified } from "./errors.ts";
import { Raster, newPalette, type Mode } from "./raster.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);
}

/** Pillow's PngImagePlugin._MODES: (bit depth, colour type) -> mode. */
function modeOf(depth: number, colorType: number): Mode | null {
  switch (`${depth},${colorType}`) {
    case "1,0":
      return "1";
    case "2,0":
    case "4,0":
    case "8,0":
      return "L";
    case "16,0":
      return "I";
    case "8,2":
    case "16,2":
      return "RGB";
    case "1,3":
    case "2,3":
    case "4,3":
    case "8,3":
      return "P";
    case "8,4":
      return "LA";
    case "16,4": // LA;16B unpacks to RGBA in Pillow
    case "8,6":
    case "16,6":
      return "RGBA";
    default:
      return null;
  }
}

interface Ihdr {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  mode: Mode;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function readIhdr(b: Uint8Array): Ihdr {
  if (!isPng(b)) throw unidentified();
  if (b.length < 33 || be32(b, 8) !== 13 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== "IHDR") throw unidentified();
  if (crc32(b, 12, 29) !== be32(b, 29)) throw unidentified("broken PNG file: bad IHDR checksum");
  const width = be32(b, 16);
  const height = be32(b, 20);
  const depth = b[24];
  const colorType = b[25];
  const interlace = b[28];
  const mode = modeOf(depth, colorType);
  if (mode === null || b[26] !== 0 || b[27] !== 0 || interlace > 1 || width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw unidentified("unknown PNG mode");
  }
  return { width, height, depth, colorType, interlace, mode };
}

export function pngHeader(b: Uint8Array): ImageHeader {
  const h = readIhdr(b);
  // Pillow reads chunks up to the first IDAT when opening: a file that ends before it is not identified
  let pos = 33;
  for (;;) {
    if (pos + 8 > b.length) throw unidentified();
    const len = be32(b, pos);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    if (type === "IDAT") break;
    if (type === "IEND" || pos + 12 + len > b.length) throw unidentified();
    pos += 12 + len;
  }
  return { format: "PNG", width: h.width, height: h.height, mode: h.mode };
}

const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Reverses the PNG filter of each row in place; `rows` of `rowBytes` bytes, each preceded by its filter type. */
function unfilter(buf: Uint8Array, start: number, rows: number, rowBytes: number, bpp: number): void {
  const stride = rowBytes + 1;
  for (let y = 0; y < rows; y++) {
    const off = start + y * stride;
    const f = buf[off];
    const cur = off + 1;
    const prev = y > 0 ? cur - stride : -1;
    switch (f) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) buf[cur + i] = (buf[cur + i] + buf[cur + i - bpp]) & 0xff;
        break;
      case 2:
        if (prev >= 0) for (let i = 0; i < rowBytes; i++) buf[cur + i] = (buf[cur + i] + buf[prev + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? buf[cur + i - bpp] : 0;
          const up = prev >= 0 ? buf[prev + i] : 0;
          buf[cur + i] = (buf[cur + i] + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? buf[cur + i - bpp] : 0;
          const bb = prev >= 0 ? buf[prev + i] : 0;
          const c = i >= bpp && prev >= 0 ? buf[prev + i - bpp] : 0;
          const p = a + bb - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - bb);
          const pc = Math.abs(p - c);
          buf[cur + i] = (buf[cur + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? bb : c)) & 0xff;
        }
        break;
      default:
        throw broken(`unknown PNG filter ${f}`);
    }
  }
}

/** Writes one unfiltered row's pixels into the raster at (x0 + i*dx, y) as Pillow's unpacker for the mode would. */
function unpackRow(h: Ihdr, src: Uint8Array, so: number, count: number, out: Raster, y: number, x0: number, dx: number): void {
  const { depth, colorType } = h;
  const w = out.width;
  const bands = out.bands;
  const data = out.data;
  let o = (y * w + x0) * bands;
  const step = dx * bands;
  if (depth < 8) {
    // gray 1/2/4 and palette 1/2/4: MSB first
    const perByte = 8 / depth;
    const mask = (1 << depth) - 1;
    const scale = colorType === 0 ? (depth === 1 ? 255 : depth === 2 ? 85 : 17) : 1;
    for (let i = 0; i < count; i++, o += step) {
      const byte = src[so + Math.floor(i / perByte)];
      const v = (byte >> (8 - depth * ((i % perByte) + 1))) & mask;
      data[o] = v * scale;
    }
    return;
  }
  if (depth === 8) {
    const n = colorType === 0 || colorType === 3 ? 1 : colorType === 2 ? 3 : colorType === 4 ? 2 : 4;
    for (let i = 0; i < count; i++, o += step) {
      const s = so + i * n;
      for (let c = 0; c < n; c++) data[o + c] = src[s + c];
    }
    return;
  }
  // 16 bits
  if (colorType === 0) {
    for (let i = 0; i < count; i++, o += step) data[o] = be16(src, so + i * 2);
    return;
  }
  if (colorType === 4) {
    // LA;16B -> RGBA: gray's and alpha's high bytes
    for (let i = 0; i < count; i++, o += step) {
      const s = so + i * 4;
      data[o] = data[o + 1] = data[o + 2] = src[s];
      data[o + 3] = src[s + 2];
    }
    return;
  }
  const n = colorType === 2 ? 3 : 4;
  for (let i = 0; i < count; i++, o += step) {
    const s = so + i * n * 2;
    for (let c = 0; c < n; c++) data[o + c] = src[s + c * 2];
  }
}

export function decodePng(b: Uint8Array): Decoded {
  const h = readIhdr(b);
  const info: ImageInfo = {};
  let palette: Uint8Array | null = null;
  let trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let pos = 33;
  let ended = false;
  while (pos + 8 <= b.length) {
    const len = be32(b, pos);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    const start = pos + 8;
    const end = Math.min(start + len, b.length);
    const chunk = b.subarray(start, end);
    if (type === "IDAT") {
      idat.push(chunk);
      idatBytes += chunk.length;
    } else if (type === "PLTE") palette = chunk;
    else if (type === "tRNS") trns = chunk;
    else if (type === "eXIf") {
      const exif = new Uint8Array(chunk.length + 6);
      exif.set([0x45, 0x78, 0x69, 0x66, 0, 0]);
      exif.set(chunk, 6);
      info.exif = exif;
    } else if (type === "IEND") {
      ended = true;
      break;
    }
    pos = start + len + 4;
  }
  if (idat.length === 0) throw unidentified();
  const z = new Uint8Array(idatBytes);
  let zo = 0;
  for (const c of idat) {
    z.set(c, zo);
    zo += c.length;
  }

  const channels = h.colorType === 0 || h.colorType === 3 ? 1 : h.colorType === 2 ? 3 : h.colorType === 4 ? 2 : 4;
  const bitsPerPixel = channels * h.depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = h.interlace
    ? ADAM7.map(([x0, y0, dx, dy]) => {
        const pw = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0;
        const ph = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
        return { x0, y0, dx, dy, pw: ph ? pw : 0, ph: pw ? ph : 0 };
      })
    : [{ x0: 0, y0: 0, dx: 1, dy: 1, pw: h.width, ph: h.height }];
  let need = 0;
  for (const p of passes) if (p.pw && p.ph) need += p.ph * (Math.ceil((p.pw * bitsPerPixel) / 8) + 1);

  let raw: Uint8Array;
  try {
    // a sync flush returns what a truncated stream holds instead of throwing
    raw = inflateSync(z, { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: Math.max(need, 1) + 1024 });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") raw = new Uint8Array(0);
    else throw broken();
  }
  if (raw.length < need) {
    // a file cut inside its pixel data (IDAT) is truncated; a complete stream that is short is broken
    if (!ended || pos >= b.length) throw truncated();
    throw broken();
  }

  let pal = null;
  if (h.mode === "P") {
    pal = newPalette(palette ?? new Uint8Array(0));
  }
  const out = Raster.alloc(h.mode, h.width, h.height, pal);
  const deep = h.depth === 16 && h.colorType !== 0 ? new Uint16Array(h.width * h.height * channels) : null;
  let off = 0;
  for (const p of passes) {
    if (!p.pw || !p.ph) continue;
    const rowBytes = Math.ceil((p.pw * bitsPerPixel) / 8);
    unfilter(raw, off, p.ph, rowBytes, bpp);
    for (let r = 0; r < p.ph; r++) {
      const so = off + r * (rowBytes + 1) + 1;
      const y = p.y0 + r * p.dy;
      unpackRow(h, raw, so, p.pw, out, y, p.x0, p.dx);
      if (deep) for (let i = 0; i < p.pw; i++) for (let c = 0; c < channels; c++) deep[((y * h.width) + p.x0 + i * p.dx) * channels + c] = be16(raw, so + (i * channels + c) * 2);
    }
    off += p.ph * (rowBytes + 1);
  }

  if (trns) {
    if (h.mode === "P") {
      // Pillow: one fully transparent entry among opaque ones is an index, otherwise the alphas as bytes
      let zeros = 0;
      let zeroAt = -1;
      let simple = true;
      for (let i = 0; i < trns.length; i++) {
        if (trns[i] === 0) {
          zeros++;
          if (zeroAt < 0) zeroAt = i;
        } else if (trns[i] !== 255) simple = false;
      }
      info.transparency = simple && zeros === 1 ? zeroAt : trns.slice();
    } else if (h.colorType === 0 && trns.length >= 2) info.transparency = be16(trns, 0);
    else if (h.colorType === 2 && trns.length >= 6) info.transparency = [be16(trns, 0), be16(trns, 2), be16(trns, 4)];
  }
  return deep ? { raster: out, info, samples16: { data: deep, channels } } : { raster: out, info };
}
