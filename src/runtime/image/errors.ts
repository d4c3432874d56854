// The exceptions image code raises, with Pillow's classes and messages, and Pillow's decompression-bomb rule.
import { PyError } from "../core.ts";

/** `PIL.UnidentifiedImageError: cannot identify image file`: bytes of no format Pillow (and this runtime) reads. */
export function unidentified(detail?: string): PyError {
  return new PyError("UnidentifiedImageError", `cannot identify image file${detail ? ` (${detail})` : ""}`);
}

/** Pillow's error when the pixel data ends early (`ImageFile.LOAD_TRUNCATED_IMAGES` is off). */
export function truncated(): PyError {
  return new PyError("OSError", "image file is truncated");
}

/** Pillow's error for pixel data its decoder cannot read. */
export function broken(detail?: string): PyError {
  return new PyError("OSError", `broken data stream when reading image file${detail ? ` (${detail})` : ""}`);
}

export function unsupported(message: string): PyError {
  return new PyError("OSError", message);
}

export function valueError(message: string): PyError {
  return new PyError("ValueError", message);
}

export function typeError(message: string): PyError {
  return new PyError("TypeError", message);
}

/** Pillow's `Image.MAX_IMAGE_PIXELS`: past it a warning, past twice it an error, checked before decoding. */
let maxImagePixels: number | null = Math.floor((1024 * 1024 * 1024) / 4 / 3);

/**
 * Sets the decompression-bomb limit (`PIL.Image.MAX_IMAGE_PIXELS = n`); null disables it. An image of more than
 * twice this many pixels is refused before any pixel is decoded, as Pillow does. A service may lower it.
 */
export function setMaxImagePixels(n: number | null): void {
  maxImagePixels = n;
}

export function getMaxImagePixels(): number | null {
  return maxImagePixels;
}

export function decompressionBombCheck(width: number, height: number): void {
  if (maxImagePixels === null) return;
  const pixels = width * height;
  if (pixels > 2 * maxImagePixels) {
    throw new PyError(
      "DecompressionBombError",
      `Image size (${pixels} pixels) exceeds limit of ${2 * maxImagePixels} pixels, could be decompression bomb DOS attack.`,
    );
  }
}
