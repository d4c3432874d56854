// What every decoder gives: the header read without decoding pixels, and the decoded pixels as Pillow holds them.
import type { Raster } from "./raster.ts";

/** Pillow's `Image.format` values this runtime reads. */
export type Format = "PNG" | "JPEG" | "GIF" | "BMP" | "TIFF" | "WEBP";

/** What `Image.open` knows before decoding: enough to validate a request (size limits, modes) cheaply. */
export interface ImageHeader {
  readonly format: Format;
  readonly width: number;
  readonly height: number;
  /** The mode Pillow opens the image in ("RGB", "L", "P", "RGBA", "I", "1", "LA"). */
  readonly mode: string;
}

/**
 * Values of Pillow's `Image.info` that change what later operations do: `transparency` (a palette index, a gray
 * level, an (r, g, b) tuple, or per-palette-entry alphas as bytes) and the raw `exif` block.
 */
export interface ImageInfo {
  transparency?: number | readonly number[] | Uint8Array;
  exif?: Uint8Array;
}

export interface Decoded {
  readonly raster: Raster;
  readonly info: ImageInfo;
  /**
   * The file's own 16-bit samples when Pillow's mode keeps only their high bytes (16-bit colour PNG), interleaved
   * as stored (RGB, RGBA or gray+alpha): what OpenCV's IMREAD_UNCHANGED returns.
   */
  readonly samples16?: { readonly data: Uint16Array; readonly channels: number };
}

/** Big-endian and little-endian readers over a byte array, bounds-checked by the callers. */
export const be16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
export const be32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
export const le16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
export const le32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
