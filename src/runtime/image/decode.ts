// Format sniffing and dispatch: `imageHeader` (cheap, no pixel decoded) and `decodeImage`, for every format the
// runtime reads. The decompression-bomb rule is applied to the header, before decoding.
import { bmpHeader, decodeBmp, isBmp } from "./bmp.ts";
import type { Decoded, ImageHeader } from "./codec.ts";
import { decompressionBombCheck, unidentified } from "./errors.ts";
import { decodeGif, gifHeader, isGif } from "./gif.ts";
import { decodeJpeg, isJpeg, jpegHeader } from "./jpeg.ts";
import { decodePng, isPng, pngHeader } from "./png.ts";
import { decodeTiff, isTiff, tiffHeader } from "./tiff.ts";
import { decodeWebp, isWebp, webpHeader } from "./webp.ts";

interface Codec {
  readonly is: (b: Uint8Array) => boolean;
  readonly header: (b: Uint8Array) => ImageHeader;
  readonly decode: (b: Uint8Array) => Decoded;
}

const CODECS: readonly Codec[] = [
  { is: isPng, header: pngHeader, decode: decodePng },
  { is: isJpeg, header: jpegHeader, decode: decodeJpeg },
  { is: isGif, header: gifHeader, decode: decodeGif },
  { is: isBmp, header: bmpHeader, decode: decodeBmp },
  { is: isTiff, header: tiffHeader, decode: decodeTiff },
  { is: isWebp, header: webpHeader, decode: decodeWebp },
];

/** The formats the runtime decodes, with the media types a service may accept for them. */
export const IMAGE_FORMATS: readonly { readonly format: ImageHeader["format"]; readonly mediaTypes: readonly string[] }[] = [
  { format: "PNG", mediaTypes: ["image/png"] },
  { format: "JPEG", mediaTypes: ["image/jpeg"] },
  { format: "GIF", mediaTypes: ["image/gif"] },
  { format: "BMP", mediaTypes: ["image/bmp", "image/x-ms-bmp"] },
  { format: "TIFF", mediaTypes: ["image/tiff"] },
  { format: "WEBP", mediaTypes: ["image/webp"] },
];

function codecOf(b: Uint8Array): Codec {
  const c = CODECS.find((x) => x.is(b));
  if (!c) throw unidentified();
  return c;
}

/**
 * The format, size and mode of an encoded image, read from its header without decoding pixels: what a service
 * checks before accepting an upload. Raises Pillow's errors: `UnidentifiedImageError` for bytes of no supported
 * format (or a header cut short), `DecompressionBombError` past the pixel limit (see `setMaxImagePixels`).
 */
export function imageHeader(bytes: Uint8Array): ImageHeader {
  const h = codecOf(bytes).header(bytes);
  decompressionBombCheck(h.width, h.height);
  return h;
}

/** The header, and a function that decodes the pixels (called once, when they are first needed). */
export function openImage(bytes: Uint8Array): { header: ImageHeader; load: () => Decoded } {
  const codec = codecOf(bytes);
  const header = codec.header(bytes);
  decompressionBombCheck(header.width, header.height);
  return { header, load: () => codec.decode(bytes) };
}
