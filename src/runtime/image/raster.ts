// The pixel storage every image operation reads and writes: Pillow's modes, their band counts and sample types.
import { valueError } from "./errors.ts";

/**
 * Pillow's modes this runtime holds. "1" stores 0/255 bytes (as Pillow does); "I" is int32, "F" float32, "I;16"
 * uint16; "RGBa"/"La" are the premultiplied forms resizing uses; "RGBX" is RGB with a padding band.
 */
export type Mode = "1" | "L" | "P" | "PA" | "LA" | "La" | "RGB" | "RGBA" | "RGBa" | "RGBX" | "CMYK" | "YCbCr" | "I" | "F" | "I;16";

export const MODES: readonly Mode[] = ["1", "L", "P", "PA", "LA", "La", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "I", "F", "I;16"];

export function isMode(m: unknown): m is Mode {
  return typeof m === "string" && (MODES as readonly string[]).includes(m);
}

export type Samples = Uint8Array | Int32Array | Float32Array | Uint16Array;

const BANDS: Readonly<Record<Mode, number>> = {
  "1": 1, L: 1, P: 1, PA: 2, LA: 2, La: 2, RGB: 3, RGBA: 4, RGBa: 4, RGBX: 4, CMYK: 4, YCbCr: 3, I: 1, F: 1, "I;16": 1,
};

export const bandsOf = (m: Mode): number => BANDS[m];

/** Pillow's band names (`Image.getbands()`). */
export function bandNames(m: Mode): string[] {
  if (m === "I;16") return ["I"];
  if (m === "La") return ["L", "a"];
  if (m === "RGBa") return ["R", "G", "B", "a"];
  return m.split("");
}

/** A palette: 256 RGBA entries (Pillow's C palette), of which `size` were given. */
export interface Palette {
  readonly mode: "RGB" | "RGBA";
  readonly entries: Uint8Array;
  readonly size: number;
}

export function newPalette(rgb: ArrayLike<number>, mode: "RGB" | "RGBA" = "RGB"): Palette {
  const step = mode === "RGBA" ? 4 : 3;
  const entries = new Uint8Array(256 * 4);
  const size = Math.min(256, Math.floor(rgb.length / step));
  for (let i = 0; i < 256; i++) entries[i * 4 + 3] = 255;
  for (let i = 0; i < size; i++) {
    entries[i * 4] = rgb[i * step];
    entries[i * 4 + 1] = rgb[i * step + 1];
    entries[i * 4 + 2] = rgb[i * step + 2];
    if (step === 4) entries[i * 4 + 3] = rgb[i * step + 3];
  }
  return { mode, entries, size };
}

/** Pixels of one mode: `bands` interleaved samples per pixel, rows top to bottom. */
export class Raster {
  constructor(
    readonly mode: Mode,
    readonly width: number,
    readonly height: number,
    readonly data: Samples,
    readonly palette: Palette | null = null,
  ) {}

  get bands(): number {
    return BANDS[this.mode];
  }

  static alloc(mode: Mode, width: number, height: number, palette: Palette | null = null): Raster {
    return new Raster(mode, width, height, allocSamples(mode, width * height * BANDS[mode]), palette);
  }

  withPalette(palette: Palette | null): Raster {
    return new Raster(this.mode, this.width, this.height, this.data, palette);
  }

  copy(): Raster {
    return new Raster(this.mode, this.width, this.height, this.data.slice(), this.palette);
  }
}

export function allocSamples(mode: Mode, n: number): Samples {
  if (mode === "I") return new Int32Array(n);
  if (mode === "F") return new Float32Array(n);
  if (mode === "I;16") return new Uint16Array(n);
  return new Uint8Array(n);
}

export function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw valueError("Width and height must be >= 0");
  }
}

/**
 * The rank-th smallest sample of each size x size window (size odd), each band alone, over interleaved rows of
 * `bands` samples, the edge pixels repeated outside the image: Pillow's rank filters (ImagingRankFilter of the image
 * expanded by its edges) and cv2.medianBlur (BORDER_REPLICATE) alike. Written into `out`.
 */
export function windowRank(src: ArrayLike<number>, out: { [i: number]: number }, width: number, height: number, bands: number, size: number, rank: number): void {
  const m = size >> 1;
  const win = new Float64Array(size * size);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < bands; c++) {
        let k = 0;
        for (let dy = -m; dy <= m; dy++) {
          const sy = Math.min(height - 1, Math.max(0, y + dy));
          for (let dx = -m; dx <= m; dx++) win[k++] = src[(sy * width + Math.min(width - 1, Math.max(0, x + dx))) * bands + c]!;
        }
        win.sort();
        out[(y * width + x) * bands + c] = win[rank]!;
      }
    }
  }
}
