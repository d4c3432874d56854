// BMP: uncompressed 1/4/8/16/24/32-bit and BI_BITFIELDS, as Pillow 9.4's BmpImagePlugin opens them: palettes that
// are the identity grayscale become mode "L" (or "1" for black and white), 32-bit without an alpha mask is "RGB".
import { le16, le32, type Decoded, type ImageHeader } from "./codec.ts";
import { truncated, unidentified, unsupported } from "./errors.ts";
import { Raster, newPalette, type Mode } from "./raster.ts";

export function isBmp(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d;
}

interface BmpInfo {
  width: number;
  height: number;
  topDown: boolean;
  bits: number;
  compression: number;
  colors: number;
  paletteOffset: number;
  paletteStride: number;
  dataOffset: number;
  masks: readonly number[] | null;
  mode: Mode;
  raw: string;
}

function readInfo(b: Uint8Array): BmpInfo {
  if (!isBmp(b) || b.length < 18) throw unidentified();
  let dataOffset = le32(b, 10);
  const headerSize = le32(b, 14);
  if (b.length < 14 + headerSize) throw unidentified();
  let width: number;
  let height: number;
  let bits: number;
  let compression = 0;
  let colors = 0;
  let topDown = false;
  let masks: number[] | null = null;
  let paletteStride = 4;
  if (headerSize === 12) {
    width = le16(b, 18);
    height = le16(b, 20);
    bits = le16(b, 24);
    paletteStride = 3;
  } else if ([40, 64, 108, 124].includes(headerSize)) {
    width = le32(b, 18) | 0;
    const h = le32(b, 22);
    topDown = b[25] === 0xff;
    height = topDown ? 2 ** 32 - h : h;
    bits = le16(b, 28);
    compression = le32(b, 30);
    colors = le32(b, 46);
    if (compression === 3) {
      if (headerSize >= 56) masks = [le32(b, 54), le32(b, 58), le32(b, 62), le32(b, 66)];
      else {
        if (b.length < 14 + headerSize + 12) throw unidentified();
        masks = [le32(b, 14 + headerSize), le32(b, 18 + headerSize), le32(b, 22 + headerSize), 0];
      }
    }
  } else throw unsupported(`Unsupported BMP header type (${headerSize})`);
  if (!colors) colors = 2 ** bits;
  if (dataOffset === 14 + headerSize && bits <= 8) dataOffset += 4 * colors;

  const BIT2MODE: Record<number, [Mode, string]> = { 1: ["P", "P;1"], 4: ["P", "P;4"], 8: ["P", "P"], 16: ["RGB", "BGR;15"], 24: ["RGB", "BGR"], 32: ["RGB", "BGRX"] };
  const m = BIT2MODE[bits];
  if (!m) throw unsupported(`Unsupported BMP pixel depth (${bits})`);
  let [mode, raw] = m;
  if (compression === 3) {
    const key = `${bits}:${(masks ?? []).slice(0, bits === 32 ? 4 : 3).map((v) => v.toString(16)).join(",")}`;
    const MASKS: Record<string, string> = {
      "32:ff0000,ff00,ff,0": "BGRX",
      "32:ff000000,ff0000,ff00,0": "XBGR",
      "32:ff000000,ff0000,ff00,ff": "ABGR",
      "32:ff,ff00,ff0000,ff000000": "RGBA",
      "32:ff0000,ff00,ff,ff000000": "BGRA",
      "32:0,0,0,0": "BGRA",
      "24:ff0000,ff00,ff": "BGR",
      "16:f800,7e0,1f": "BGR;16",
      "16:7c00,3e0,1f": "BGR;15",
    };
    const r = MASKS[key];
    if (!r) throw unsupported("Unsupported BMP bitfields layout");
    raw = r;
    if (raw.includes("A")) mode = "RGBA";
  } else if (compression !== 0) {
    throw unsupported(compression === 1 || compression === 2 ? "RLE-compressed BMP images are not supported by the nb2svc runtime" : `Unsupported BMP compression (${compression})`);
  }
  const paletteOffset = 14 + headerSize;
  if (mode === "P") {
    if (!(colors > 0 && colors <= 65536)) throw unsupported(`Unsupported BMP Palette size (${colors})`);
    if (b.length < paletteOffset + paletteStride * colors) throw unidentified();
    let grey = true;
    const indices = colors === 2 ? [0, 255] : Array.from({ length: colors }, (_, i) => i);
    indices.forEach((v, i) => {
      const o = paletteOffset + i * paletteStride;
      if (!(b[o] === v && b[o + 1] === v && b[o + 2] === v)) grey = false;
    });
    if (grey) mode = colors === 2 ? "1" : "L";
  }
  return { width, height, topDown, bits, compression, colors, paletteOffset, paletteStride, dataOffset, masks, mode, raw };
}

export function bmpHeader(b: Uint8Array): ImageHeader {
  const i = readInfo(b);
  return { format: "BMP", width: i.width, height: i.height, mode: i.mode };
}

export function decodeBmp(b: Uint8Array): Decoded {
  const i = readInfo(b);
  const { width, height, bits } = i;
  const stride = ((width * bits + 31) >> 3) & ~3;
  let palette = null;
  if (i.mode === "P") {
    const rgb = new Uint8Array(Math.min(i.colors, 256) * 3);
    for (let k = 0; k < rgb.length / 3; k++) {
      const o = i.paletteOffset + k * i.paletteStride;
      rgb[k * 3] = b[o + 2];
      rgb[k * 3 + 1] = b[o + 1];
      rgb[k * 3 + 2] = b[o];
    }
    palette = newPalette(rgb);
  }
  const out = Raster.alloc(i.mode, width, height, palette);
  const d = out.data;
  const bands = out.bands;
  for (let row = 0; row < height; row++) {
    const y = i.topDown ? row : height - 1 - row;
    const so = i.dataOffset + row * stride;
    if (so + Math.ceil((width * bits) / 8) > b.length) throw truncated();
    let o = y * width * bands;
    if (bits <= 8) {
      const perByte = 8 / bits;
      const mask = (1 << bits) - 1;
      for (let x = 0; x < width; x++) {
        const v = (b[so + Math.floor(x / perByte)] >> (8 - bits * ((x % perByte) + 1))) & mask;
        d[o++] = i.mode === "1" ? (v ? 255 : 0) : v;
      }
    } else if (bits === 24) {
      for (let x = 0; x < width; x++, o += 3) {
        d[o] = b[so + x * 3 + 2];
        d[o + 1] = b[so + x * 3 + 1];
        d[o + 2] = b[so + x * 3];
      }
    } else if (bits === 32) {
      const order = i.raw;
      for (let x = 0; x < width; x++, o += bands) {
        const s = so + x * 4;
        const at = (ch: string) => b[s + order.indexOf(ch)];
        d[o] = at("R");
        d[o + 1] = at("G");
        d[o + 2] = at("B");
        if (bands === 4) d[o + 3] = at("A");
      }
    } else {
      // 16 bits: 5-6-5 or 5-5-5, expanded as Pillow's BGR;16 / BGR;15 unpackers do
      const is565 = i.raw === "BGR;16";
      for (let x = 0; x < width; x++, o += 3) {
        const v = le16(b, so + x * 2);
        if (is565) {
          d[o] = (((v >> 11) & 31) * 255) / 31;
          d[o + 1] = (((v >> 5) & 63) * 255) / 63;
          d[o + 2] = ((v & 31) * 255) / 31;
        } else {
          d[o] = (((v >> 10) & 31) * 255) / 31;
          d[o + 1] = (((v >> 5) & 31) * 255) / 31;
          d[o + 2] = ((v & 31) * 255) / 31;
        }
      }
    }
  }
  return { raster: out, info: {} };
}
