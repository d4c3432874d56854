// JPEG: the header (size, components, EXIF) read here; pixels decoded by libjpeg-turbo's code (mozjpeg's decoder,
// built to WebAssembly by @jsquash/jpeg) with libjpeg's defaults, which are Pillow's: the accurate integer IDCT
// (islow) and fancy upsampling. Measured against Debian's Pillow 9.4: identical pixels (docs/images.md).
import mozjpegFactory from "@jsquash/jpeg/codec/dec/mozjpeg_dec.js";
import { be16, type Decoded, type ImageHeader, type ImageInfo } from "./codec.ts";
import { broken, truncated, unidentified, unsupported } from "./errors.ts";
import { Raster } from "./raster.ts";
import { WasmDecoder } from "./wasm-codec.ts";
import { MOZJPEG_DEC_WASM } from "./wasm/mozjpeg-dec.ts";

export function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

interface JpegMarkers {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly exif?: Uint8Array;
}

/** Walks the markers up to the first scan, as Pillow's JpegImageFile._open does. */
function readMarkers(b: Uint8Array): JpegMarkers {
  if (!isJpeg(b)) throw unidentified();
  let pos = 2;
  let sof: { width: number; height: number; components: number } | null = null;
  let exif: Uint8Array | undefined;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 0xff) throw unidentified();
    const marker = b[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const len = be16(b, pos + 2);
    if (len < 2 || pos + 2 + len > b.length) throw unidentified();
    const seg = b.subarray(pos + 4, pos + 2 + len);
    if (marker === 0xda) break;
    if (marker === 0xd9) throw unidentified();
    if (marker === 0xe1 && seg.length >= 6 && seg[0] === 0x45 && seg[1] === 0x78 && seg[2] === 0x69 && seg[3] === 0x66 && seg[4] === 0 && seg[5] === 0) {
      exif ??= seg.slice();
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (seg.length < 6) throw unidentified();
      sof = { height: be16(seg, 1), width: be16(seg, 3), components: seg[5] };
    }
    pos += 2 + len;
  }
  if (!sof || sof.width === 0 || sof.height === 0) throw unidentified();
  return { ...sof, ...(exif ? { exif } : {}) };
}

function modeOf(components: number): string {
  return components === 1 ? "L" : components === 3 ? "RGB" : components === 4 ? "CMYK" : "unknown";
}

export function jpegHeader(b: Uint8Array): ImageHeader {
  const m = readMarkers(b);
  if (m.components !== 1 && m.components !== 3 && m.components !== 4) throw unidentified();
  return { format: "JPEG", width: m.width, height: m.height, mode: modeOf(m.components) };
}

const decoder = new WasmDecoder(mozjpegFactory, MOZJPEG_DEC_WASM);

/**
 * Drops the alpha byte of each RGBA pixel: four pixels (four little-endian words) become three words, so a 640x480
 * image takes 230,400 stores instead of 921,600.
 */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray, n: number): Uint8Array {
  const out = new Uint8Array(n * 3 + 4);
  let i = 0;
  if (rgba.byteOffset % 4 === 0) {
    const src = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
    const dst = new Uint32Array(out.buffer, 0, Math.floor(out.length / 4));
    for (let o = 0; i + 4 <= n; i += 4, o += 3) {
      const p0 = src[i] & 0xffffff;
      const p1 = src[i + 1] & 0xffffff;
      const p2 = src[i + 2] & 0xffffff;
      const p3 = src[i + 3] & 0xffffff;
      dst[o] = p0 | (p1 << 24);
      dst[o + 1] = (p1 >>> 8) | (p2 << 16);
      dst[o + 2] = (p2 >>> 16) | (p3 << 8);
    }
  }
  for (; i < n; i++) {
    out[i * 3] = rgba[i * 4];
    out[i * 3 + 1] = rgba[i * 4 + 1];
    out[i * 3 + 2] = rgba[i * 4 + 2];
  }
  return out.subarray(0, n * 3);
}

export function decodeJpeg(b: Uint8Array): Decoded {
  const m = readMarkers(b);
  if (m.components === 4) {
    throw unsupported("CMYK JPEG images are not supported by the nb2svc runtime: convert the image to RGB before sending it");
  }
  const { image, messages, failed } = decoder.decode(b, false);
  if (messages.some((s) => s.startsWith("Premature end of JPEG file"))) throw truncated();
  if (failed || !image) throw broken(messages.join("; ") || undefined);
  if (image.width !== m.width || image.height !== m.height) throw broken("size differs from the header");
  const n = m.width * m.height;
  const rgba = image.data;
  const info: ImageInfo = m.exif ? { exif: m.exif } : {};
  if (m.components === 1) {
    const out = new Uint8Array(n);
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = rgba[j];
    return { raster: new Raster("L", m.width, m.height, out), info };
  }
  return { raster: new Raster("RGB", m.width, m.height, rgbaToRgb(rgba, n)), info };
}
