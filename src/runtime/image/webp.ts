// WebP: the header (VP8, VP8L, VP8X) read here; pixels decoded by libwebp (built to WebAssembly by @jsquash/webp),
// whose lossy decoding with fancy upsampling is Pillow's. Mode "RGBA" when the image has alpha, else "RGB", as
// Pillow 9.4 opens it; animations give their first frame only when it covers the canvas.
import webpFactory from "@jsquash/webp/codec/dec/webp_dec.js";
import { le16, le32, type Decoded, type ImageHeader } from "./codec.ts";
import { broken, truncated, unidentified } from "./errors.ts";
import { rgbaToRgb } from "./jpeg.ts";
import { Raster } from "./raster.ts";
import { WasmDecoder } from "./wasm-codec.ts";
import { WEBP_DEC_WASM } from "./wasm/webp-dec.ts";

export function isWebp(b: Uint8Array): boolean {
  return b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50;
}

interface WebpInfo {
  width: number;
  height: number;
  alpha: boolean;
  animated: boolean;
}

function readInfo(b: Uint8Array): WebpInfo {
  if (!isWebp(b) || b.length < 30) throw unidentified();
  const fourcc = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (fourcc === "VP8X") {
    const flags = b[20];
    const width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    // the alpha flag, or an ALPH chunk (some encoders set only one)
    let alpha = (flags & 0x10) !== 0;
    for (let pos = 30; pos + 8 <= b.length; ) {
      const id = String.fromCharCode(b[pos], b[pos + 1], b[pos + 2], b[pos + 3]);
      if (id === "ALPH") alpha = true;
      if (id === "VP8L" && pos + 13 <= b.length && (b[pos + 8 + 4] >> 4) & 1) alpha = true;
      pos += 8 + le32(b, pos + 4) + (le32(b, pos + 4) & 1);
    }
    return { width, height, alpha, animated: (flags & 0x02) !== 0 };
  }
  if (fourcc === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) throw unidentified();
    return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff, alpha: false, animated: false };
  }
  if (fourcc === "VP8L") {
    if (b[20] !== 0x2f) throw unidentified();
    const bits = le32(b, 21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff), alpha: ((bits >>> 28) & 1) === 1, animated: false };
  }
  throw unidentified();
}

export function webpHeader(b: Uint8Array): ImageHeader {
  const i = readInfo(b);
  return { format: "WEBP", width: i.width, height: i.height, mode: i.alpha ? "RGBA" : "RGB" };
}

const decoder = new WasmDecoder(webpFactory, WEBP_DEC_WASM);

export function decodeWebp(b: Uint8Array): Decoded {
  const i = readInfo(b);
  if (8 + le32(b, 4) > b.length) throw truncated();
  const { image, messages, failed } = decoder.decode(b);
  if (failed || !image || image.width !== i.width || image.height !== i.height) throw broken(messages.join("; ") || undefined);
  const n = i.width * i.height;
  if (i.alpha) return { raster: new Raster("RGBA", i.width, i.height, Uint8Array.from(image.data)), info: {} };
  return { raster: new Raster("RGB", i.width, i.height, rgbaToRgb(image.data, n)), info: {} };
}
