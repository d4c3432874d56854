// PIL.Image.Image: an image as translated code sees it (mode, size, width, height, format, info), its methods
// (convert, resize, reduce, thumbnail, crop, transpose, filter, getpixel, split, copy, ...) with Pillow 9.4's semantics,
// and numpy's __array__ protocol (np.asarray(img) has Pillow's shape and dtype). Pixels of an opened file are
// decoded the first time they are needed, as Pillow's lazy load does.
import { PyError, tuple as mkTuple, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { bindArgs } from "../py-base.ts";
import { PyDict } from "../pydict.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import type { Decoded, Format, ImageInfo } from "./codec.ts";
import { convertImage } from "./convert.ts";
import { filterOf } from "./imagefilter.ts";
import { decompressionBombCheck, typeError, valueError } from "./errors.ts";
import { pasteRaster } from "./paste.ts";
import { bandNames, isMode, Raster, type Mode } from "./raster.ts";
import { BICUBIC, BILINEAR, BOX, filterSupport, HAMMING, LANCZOS, NEAREST, nearestRaster, reduceRaster, resampleRaster } from "./resample.ts";

export const FLIP_LEFT_RIGHT = 0;
export const FLIP_TOP_BOTTOM = 1;
export const ROTATE_90 = 2;
export const ROTATE_180 = 3;
export const ROTATE_270 = 4;
export const TRANSPOSE = 5;
export const TRANSVERSE = 6;

/** A Python number as a JS number (ints, floats, integral-float WeakFloats, bools, 0-d arrays). */
export function toNumber(x: unknown, what = "value"): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof WeakFloat) return x.value;
  if (x instanceof NDArray && x.size === 1) return Number(x.item());
  throw typeError(`${what} must be a number, not ${pyType(x)}`);
}

/** A Python int argument (C's "i" format): floats are refused as Pillow's C layer refuses them. */
export function toInt(x: unknown, what = "value"): number {
  if (x instanceof WeakFloat || (typeof x === "number" && !Number.isInteger(x))) throw typeError("'float' object cannot be interpreted as an integer");
  const v = toNumber(x, what);
  return v;
}

export function pyType(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (Array.isArray(x)) return "list";
  if (typeof x === "string") return "str";
  return typeof x === "object" ? ((x as { pyTypeName?: string }).pyTypeName ?? "object") : typeof x;
}

export function sequence(x: unknown, n: number, what: string): unknown[] {
  const items = x instanceof NDArray ? (x.tolist() as unknown[]) : x;
  if (!Array.isArray(items) || items.length !== n) throw typeError(`${what} must be a sequence of ${n} numbers`);
  return items;
}

/** A (width, height) argument. */
export function toSize(x: unknown, what = "size"): [number, number] {
  const s = sequence(x, 2, what);
  return [toInt(s[0]), toInt(s[1])];
}

const RESAMPLE_NAMES: readonly (readonly [number, string])[] = [
  [NEAREST, "Image.Resampling.NEAREST"],
  [LANCZOS, "Image.Resampling.LANCZOS"],
  [BILINEAR, "Image.Resampling.BILINEAR"],
  [BICUBIC, "Image.Resampling.BICUBIC"],
  [BOX, "Image.Resampling.BOX"],
  [HAMMING, "Image.Resampling.HAMMING"],
];

function checkResample(resample: number): void {
  if (RESAMPLE_NAMES.some(([v]) => v === resample)) return;
  const filters = RESAMPLE_NAMES.map(([v, n]) => `${n} (${v})`);
  throw valueError(`Unknown resampling filter (${resample}). Use ${filters.slice(0, -1).join(", ")} or ${filters[filters.length - 1]}`);
}

/** A float32 sample as the Python float Pillow returns (an integral one is a WeakFloat, which prints `3.0`). */
const pyFloat = (v: number): number | WeakFloat => (Number.isInteger(v) ? new WeakFloat(v) : v);

const isNone = (x: unknown): boolean => x === undefined || x === null;

/** Python's round(): half to even. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

export class PilImage {
  readonly pyTypeName = "Image";
  private raster_: Raster | null;
  private loader: (() => Decoded) | null;
  private modeValue: Mode;
  private widthValue: number;
  private heightValue: number;
  info: ImageInfo;
  format: Format | null;

  private constructor(mode: Mode, width: number, height: number, raster: Raster | null, loader: (() => Decoded) | null, info: ImageInfo, format: Format | null) {
    this.modeValue = mode;
    this.widthValue = width;
    this.heightValue = height;
    this.raster_ = raster;
    this.loader = loader;
    this.info = info;
    this.format = format;
  }

  static fromRaster(raster: Raster, info: ImageInfo = {}, format: Format | null = null): PilImage {
    return new PilImage(raster.mode, raster.width, raster.height, raster, null, info, format);
  }

  /** An opened file: `load` decodes the pixels when they are first needed. */
  static lazy(mode: Mode, width: number, height: number, format: Format, load: () => Decoded): PilImage {
    return new PilImage(mode, width, height, null, load, {}, format);
  }

  get mode(): Mode {
    return this.modeValue;
  }
  get width(): number {
    return this.widthValue;
  }
  get height(): number {
    return this.heightValue;
  }
  get size(): [number, number] {
    return [this.widthValue, this.heightValue];
  }

  /** Image.load(): decodes now (raising the decoder's error), so later operations have pixels. */
  get raster(): Raster {
    if (!this.raster_) {
      const d = this.loader!();
      this.loader = null;
      this.raster_ = d.raster;
      this.info = { ...d.info, ...this.info };
      this.modeValue = d.raster.mode;
    }
    return this.raster_;
  }

  /** A new image from this one's info (Pillow's `_new`), without the file format. */
  derive(raster: Raster, info: ImageInfo = this.info): PilImage {
    return PilImage.fromRaster(raster, { ...info });
  }

  copy(): PilImage {
    return this.derive(this.raster.copy());
  }

  // ---- conversions -------------------------------------------------------------------------------------------

  convert(mode?: unknown, matrix?: unknown, dither?: unknown, palette?: unknown, colors?: unknown): PilImage {
    const m = isNone(mode) ? null : String(mode);
    if (!isNone(matrix)) throw valueError("convert(matrix=...) is not supported by the nb2svc runtime");
    if (!isNone(palette) && toNumber(palette) !== 0) throw valueError("convert(palette=Image.ADAPTIVE) needs quantization, which the nb2svc runtime does not implement");
    // `colors` only matters with Palette.ADAPTIVE, refused above
    void colors;
    if (m !== null && !isMode(m)) throw valueError(m === "LAB" || m === "HSV" || m === "CMYK" || m === "YCbCr" ? `conversion to ${m} is not supported by the nb2svc runtime` : "illegal conversion");
    const ditherOn = isNone(dither) ? true : toNumber(dither) !== 0;
    const r = this.raster;
    const out = convertImage(r, this.info, m as Mode | null, ditherOn);
    return this.derive(out.raster, out.info);
  }

  // ---- geometry ----------------------------------------------------------------------------------------------

  resize(size: unknown, resample?: unknown, box?: unknown, reducingGap?: unknown): PilImage {
    const [w, h] = toSize(size);
    let filter: number;
    if (isNone(resample)) filter = this.mode.includes(";") ? NEAREST : BICUBIC;
    else {
      filter = toNumber(resample);
      checkResample(filter);
    }
    const gap = isNone(reducingGap) ? null : toNumber(reducingGap);
    if (gap !== null && gap < 1) throw valueError("reducing_gap must be 1.0 or greater");
    const r = this.raster;
    let b = isNone(box) ? [0, 0, r.width, r.height] : sequence(box, 4, "box").map((v) => toNumber(v));
    if (w === r.width && h === r.height && b[0] === 0 && b[1] === 0 && b[2] === r.width && b[3] === r.height) return this.copy();
    if (r.mode === "1" || r.mode === "P") filter = NEAREST;
    if ((r.mode === "LA" || r.mode === "RGBA") && filter !== NEAREST) {
      const pre = this.convert(r.mode === "LA" ? "La" : "RGBa");
      return pre.resize([w, h], filter, b).convert(r.mode);
    }
    let self: PilImage = this;
    if (gap !== null && filter !== NEAREST) {
      const fx = Math.trunc((b[2] - b[0]) / w / gap) || 1;
      const fy = Math.trunc((b[3] - b[1]) / h / gap) || 1;
      if (fx > 1 || fy > 1) {
        const rb = this.safeBox([w, h], filter, b);
        self = this.reduce([fx, fy], rb);
        b = [(b[0] - rb[0]) / fx, (b[1] - rb[1]) / fy, (b[2] - rb[0]) / fx, (b[3] - rb[1]) / fy];
      }
    }
    return self.derive(resizeRaster(self.raster, w, h, filter, b));
  }

  /** Image._get_safe_box: the box grown by the filter's support, in whole pixels. */
  private safeBox(size: readonly number[], filter: number, b: readonly number[]): number[] {
    const support = filterSupport(filter) - 0.5;
    const sx = ((b[2] - b[0]) / size[0]) * support;
    const sy = ((b[3] - b[1]) / size[1]) * support;
    return [Math.max(0, Math.trunc(b[0] - sx)), Math.max(0, Math.trunc(b[1] - sy)), Math.min(this.width, Math.ceil(b[2] + sx)), Math.min(this.height, Math.ceil(b[3] + sy))];
  }

  reduce(factor: unknown, box?: unknown): PilImage {
    let fx: number;
    let fy: number;
    if (Array.isArray(factor)) [fx, fy] = toSize(factor, "factor");
    else fx = fy = toInt(factor, "factor");
    if (fx < 1 || fy < 1) throw valueError("reduce factor must be greater than 0");
    const r = this.raster;
    const b = isNone(box) ? [0, 0, r.width, r.height] : sequence(box, 4, "box").map((v) => toInt(v));
    if (fx === 1 && fy === 1 && b[0] === 0 && b[1] === 0 && b[2] === r.width && b[3] === r.height) return this.copy();
    if (r.mode === "LA" || r.mode === "RGBA") {
      const pre = this.convert(r.mode === "LA" ? "La" : "RGBa");
      return pre.reduce([fx, fy], b).convert(r.mode);
    }
    if (r.mode === "P" || r.mode === "1") throw valueError("image has wrong mode");
    return this.derive(reduceRaster(r, fx, fy, b));
  }

  /** Image.thumbnail: in place, keeping the aspect ratio, with Pillow's reducing_gap step. */
  thumbnail(size: unknown, resample?: unknown, reducingGap?: unknown): null {
    const s = sequence(size, 2, "size").map((v) => Math.floor(toNumber(v)));
    const filter = isNone(resample) ? BICUBIC : toNumber(resample);
    const gap = reducingGap === undefined ? 2.0 : reducingGap === null ? null : toNumber(reducingGap);
    const [x0, y0] = s;
    if (x0 >= this.width && y0 >= this.height) return null;
    const aspect = this.width / this.height;
    const roundAspect = (n: number, key: (v: number) => number) => {
      const lo = Math.floor(n);
      const hi = Math.ceil(n);
      return Math.max(key(lo) <= key(hi) ? lo : hi, 1);
    };
    let x = x0;
    let y = y0;
    if (x / y >= aspect) x = roundAspect(y * aspect, (n) => Math.abs(aspect - n / y));
    else y = roundAspect(x / aspect, (n) => (n === 0 ? 0 : Math.abs(aspect - x / n)));
    if (gap !== null && this.format === "JPEG" && this.raster_ === null && (this.mode === "RGB" || this.mode === "L")) {
      // Pillow first calls draft(), which decodes a large JPEG at 1/2, 1/4 or 1/8 scale with libjpeg's scaled IDCT
      const scale = Math.min(Math.floor(this.width / (x * gap)), Math.floor(this.height / (y * gap)));
      if (scale >= 2) {
        throw new PyError(
          "NotImplementedError",
          `Image.thumbnail of this ${this.width}x${this.height} JPEG decodes it at 1/${scale >= 8 ? 8 : scale >= 4 ? 4 : 2} scale with libjpeg's DCT scaling (Image.draft), which the nb2svc runtime does not do: use img.thumbnail(size, reducing_gap=None) or img.resize(...) in the notebook`,
        );
      }
    }
    if (x !== this.width || y !== this.height) {
      const im = this.resize([x, y], filter, null, gap);
      this.raster_ = im.raster;
      this.loader = null;
      this.modeValue = im.mode;
      this.widthValue = x;
      this.heightValue = y;
    }
    return null;
  }

  /**
   * Image.paste(im, box=None, mask=None): in place. `box` is the top-left corner (2 items) or a region of im's size
   * (4 items); `paste(im, mask)` is read as Pillow does. A source of another mode is converted to this one, except
   * RGBA/LA/RGBa into RGB (their colour bytes copied). Pasting a colour is not supported.
   */
  paste(im: unknown, box?: unknown, mask?: unknown): null {
    if (box instanceof PilImage && isNone(mask)) {
      mask = box;
      box = null;
    }
    if (!(im instanceof PilImage)) throw new PyError("NotImplementedError", "Image.paste of a colour is not supported by the nb2svc runtime: paste Image.new(mode, size, colour) instead");
    if (!isNone(mask) && !(mask instanceof PilImage)) throw typeError("mask must be an image");
    const b = isNone(box) ? [0, 0] : (box as unknown[]).map((v) => toInt(v, "box"));
    if (b.length !== 2 && b.length !== 4) throw valueError("box must be a 2-tuple or a 4-tuple");
    if (b.length === 4 && (b[2] - b[0] !== im.width || b[3] - b[1] !== im.height)) throw valueError("images do not match");
    const keepsBytes = im.mode === this.mode || (this.mode === "RGB" && (im.mode === "LA" || im.mode === "RGBA" || im.mode === "RGBa"));
    const src = keepsBytes ? im.raster : im.convert(this.mode).raster;
    const out = this.raster.copy();
    pasteRaster(out, src, b[0], b[1], isNone(mask) ? null : (mask as PilImage).raster);
    this.raster_ = out;
    return null;
  }

  /**
   * Image.point(lut, mode=None) of an 8-bit image: `lut` a function (called for 0..255, the table repeated per band)
   * or a list of 256 entries per band, rounded half to even and clipped to 0..255 as Pillow's C layer does; `mode`
   * "1" or "L" for a one-band image. 32-bit modes are refused.
   */
  point(lut: unknown, mode?: unknown): PilImage {
    const r = this.raster;
    if (!(r.data instanceof Uint8Array)) throw new PyError("NotImplementedError", `Image.point of a ${r.mode} image is not supported by the nb2svc runtime (8-bit modes only)`);
    const outMode = isNone(mode) ? r.mode : String(mode);
    if (outMode !== r.mode && !(r.bands === 1 && (outMode === "1" || outMode === "L"))) throw new PyError("NotImplementedError", `Image.point from ${r.mode} to ${outMode} is not supported by the nb2svc runtime`);
    let table: unknown[];
    if (typeof lut === "function") {
      const one = Array.from({ length: 256 }, (_, i) => (lut as (v: number) => unknown)(i));
      table = Array.from({ length: 256 * r.bands }, (_, i) => one[i % 256]);
    } else if (Array.isArray(lut)) table = lut;
    else throw typeError("lut must be a list or a function");
    if (table.length !== 256 * r.bands) throw valueError("wrong number of lut entries");
    const t = table.map((v) => Math.max(0, Math.min(255, roundHalfEven(toNumber(v, "lut")))));
    const out = new Raster(outMode as Mode, r.width, r.height, new Uint8Array(r.data.length), r.palette);
    const b = r.bands;
    for (let i = 0; i < r.data.length; i++) out.data[i] = t[(i % b) * 256 + r.data[i]!]!;
    return this.derive(out);
  }

  /**
   * Image.getbbox() (Pillow 9.4): the box (left, upper, right, lower) around the pixels that are not zero (for RGBA,
   * LA, La, RGBa and PA images, whose alpha is not zero), or None.
   */
  getbbox(): unknown[] | null {
    const r = this.raster;
    const b = r.bands;
    const alphaOnly = ["RGBA", "LA", "La", "RGBa", "PA"].includes(r.mode);
    let x0 = r.width;
    let y0 = r.height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < r.width; x++) {
        const p = (y * r.width + x) * b;
        let set = false;
        if (alphaOnly) set = r.data[p + b - 1] !== 0;
        else for (let k = 0; k < b && !set; k++) set = r.data[p + k] !== 0;
        if (!set) continue;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
    return x1 < 0 ? null : mkTuple([x0, y0, x1 + 1, y1 + 1]);
  }

  crop(box?: unknown): PilImage {
    if (isNone(box)) return this.copy();
    const b = sequence(box, 4, "box").map((v) => toNumber(v));
    if (b[2] < b[0]) throw valueError("Coordinate 'right' is less than 'left'");
    if (b[3] < b[1]) throw valueError("Coordinate 'lower' is less than 'upper'");
    const [x0, y0, x1, y1] = b.map(roundHalfEven);
    decompressionBombCheck(x1 - x0, y1 - y0);
    return this.derive(cropRaster(this.raster, x0, y0, x1, y1));
  }

  /** Image.filter(filter): an ImageFilter instance, or a filter class called with no arguments. */
  filter(f: unknown): PilImage {
    return this.derive(filterOf(f).run(this.raster));
  }

  transpose(method: unknown): PilImage {
    const m = toInt(method, "method");
    if (m < 0 || m > 6) throw valueError("No such transpose operation");
    return this.derive(transposeRaster(this.raster, m));
  }

  // ---- pixels ------------------------------------------------------------------------------------------------

  getpixel(xy: unknown): unknown {
    const [px, py] = sequence(xy, 2, "xy").map((v) => Math.trunc(toNumber(v)));
    const r = this.raster;
    const x = px < 0 ? px + r.width : px;
    const y = py < 0 ? py + r.height : py;
    if (x < 0 || x >= r.width || y < 0 || y >= r.height) throw new PyError("IndexError", "image index out of range");
    const b = r.bands;
    const o = (y * r.width + x) * b;
    if (b === 1) return r.data[o];
    return mkTuple(Array.from(r.data.subarray(o, o + b)));
  }

  getbands(): string[] {
    return mkTuple(bandNames(this.mode));
  }

  split(): PilImage[] {
    const r = this.raster;
    if (r.bands === 1) return mkTuple([this.copy()]);
    const n = r.width * r.height;
    const out: PilImage[] = [];
    for (let c = 0; c < r.bands; c++) {
      const band = new Uint8Array(n);
      for (let i = 0; i < n; i++) band[i] = r.data[i * r.bands + c];
      out.push(this.derive(new Raster("L", r.width, r.height, band)));
    }
    return mkTuple(out);
  }

  /** Image.getchannel(channel): one band (by index or by name, `"A"`) as its own image. */
  getchannel(channel: unknown): PilImage {
    const names = bandNames(this.mode);
    let c: number;
    if (typeof channel === "string") {
      c = names.indexOf(channel);
      if (c < 0) throw valueError(`The image has no channel "${channel}"`);
    } else c = toInt(channel, "channel");
    if (c < 0 || c >= names.length) throw valueError("band index out of range");
    return this.split()[c]!;
  }

  /** Image.getdata(band=None): the pixels in row order, a number per pixel for one band (or `band`), else a tuple. */
  getdata(band?: unknown): unknown[] {
    const r = this.raster;
    const b = r.bands;
    const n = r.width * r.height;
    const d = r.data;
    const at = r.mode === "F" ? (i: number) => pyFloat(d[i]!) : (i: number) => d[i]!;
    if (b === 1 || !isNone(band)) {
      const c = isNone(band) ? 0 : toInt(band, "band");
      if (c < 0 || c >= b) throw valueError("band index out of range");
      return Array.from({ length: n }, (_, i) => at(i * b + c));
    }
    return Array.from({ length: n }, (_, i) => mkTuple(Array.from({ length: b }, (_, c) => at(i * b + c))));
  }

  /** Image.getextrema(): (min, max) of a one-band image, else a tuple of them per band. */
  getextrema(): unknown[] {
    const r = this.raster;
    const b = r.bands;
    const per = Array.from({ length: b }, (_, c) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = c; i < r.data.length; i += b) {
        const v = r.data[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // Pillow's extrema of an empty image are None; of float pixels, Python floats
      return r.data.length === 0 ? null : mkTuple(r.mode === "F" ? [pyFloat(lo), pyFloat(hi)] : [lo, hi]);
    });
    return b === 1 ? (per[0] as unknown[]) : mkTuple(per);
  }

  getexifOrientation(): number | null {
    return exifOrientation(this.info.exif);
  }

  /** numpy's __array__: (h, w) for one band, (h, w, bands) otherwise; "1" as bool, "I" int32, "F" float32. */
  __array__(): NDArray {
    const r = this.raster;
    const shape = r.bands === 1 ? [r.height, r.width] : [r.height, r.width, r.bands];
    switch (r.mode) {
      case "1":
        return new NDArray(Uint8Array.from(r.data, (v) => (v ? 1 : 0)), shape, "bool");
      case "I":
        return new NDArray((r.data as Int32Array).slice(), shape, "int32");
      case "F":
        return new NDArray((r.data as Float32Array).slice(), shape, "float32");
      case "I;16":
        return new NDArray((r.data as Uint16Array).slice(), shape, "uint16");
      default:
        return new NDArray((r.data as Uint8Array).slice(), shape, "uint8");
    }
  }

  // ---- the Python side ---------------------------------------------------------------------------------------

  pyAttr(name: string): unknown {
    switch (name) {
      case "mode":
        return this.mode;
      case "size":
        return mkTuple(this.size);
      case "width":
        return this.width;
      case "height":
        return this.height;
      case "format":
        return this.format;
      case "info":
        return infoDict(this.info);
      case "palette":
        return null;
      default:
        return METHOD_NOT_FOUND;
    }
  }

  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const bind = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "convert": {
        const [mode, matrix, dither, palette, colors] = bind(["mode", "matrix", "dither", "palette", "colors"]);
        return this.convert(mode, matrix, dither, palette, colors);
      }
      case "resize": {
        const [size, resample, box, gap] = bind(["size", "resample", "box", "reducing_gap"], 1);
        return this.resize(size, resample, box, gap);
      }
      case "reduce": {
        const [factor, box] = bind(["factor", "box"], 1);
        return this.reduce(factor, box);
      }
      case "thumbnail": {
        const [size, resample, gap] = bind(["size", "resample", "reducing_gap"], 1);
        return this.thumbnail(size, resample, Object.prototype.hasOwnProperty.call(kwargs, "reducing_gap") || args.length > 2 ? gap ?? null : undefined);
      }
      case "point": {
        const [lut, mode] = bind(["lut", "mode"], 1);
        return this.point(lut, mode);
      }
      case "getbbox":
        bind([]);
        return this.getbbox();
      case "paste": {
        const [im, box, mask] = bind(["im", "box", "mask"], 1);
        return this.paste(im, box, mask);
      }
      case "crop":
        return this.crop(bind(["box"])[0]);
      case "transpose":
        return this.transpose(bind(["method"], 1)[0]);
      case "filter":
        return this.filter(bind(["filter"], 1)[0]);
      case "copy":
        bind([]);
        return this.copy();
      case "load":
        bind([]);
        void this.raster;
        return null;
      case "getpixel":
        return this.getpixel(bind(["xy"], 1)[0]);
      case "getbands":
        bind([]);
        return this.getbands();
      case "split":
        bind([]);
        return this.split();
      case "getchannel":
        return this.getchannel(bind(["channel"], 1)[0]);
      case "getdata":
        return this.getdata(bind(["band"])[0]);
      case "getextrema":
        bind([]);
        return this.getextrema();
      case "close":
        // the service's image holds no file: closing it leaves nothing to release
        bind([]);
        return null;
      case "tobytes":
        bind([]);
        return (this.__array__().data as Uint8Array).slice();
      case "__array__":
        return this.__array__();
      case "save":
      case "show":
        throw new PyError("NotImplementedError", `Image.${name}() writes outside the service; return the image or an array instead`);
      default:
        return METHOD_NOT_FOUND;
    }
  }

  toString(): string {
    return `<PIL.Image.Image image mode=${this.mode} size=${this.width}x${this.height}>`;
  }
}

function infoDict(info: ImageInfo): PyDict {
  const d = new PyDict();
  if (info.transparency !== undefined) d.set("transparency", Array.isArray(info.transparency) ? mkTuple(info.transparency as number[]) : info.transparency);
  if (info.exif) d.set("exif", info.exif);
  return d;
}

/** ImagingResample or, for NEAREST, the affine scale, after Pillow's box checks. */
export function resizeRaster(r: Raster, w: number, h: number, filter: number, b: readonly number[]): Raster {
  if (w <= 0 || h <= 0) throw valueError("height and width must be > 0");
  if (b[0] < 0 || b[1] < 0 || b[2] > r.width || b[3] > r.height) throw valueError("box can't exceed original image size");
  if (b[2] - b[0] < 0 || b[3] - b[1] < 0) throw valueError("box can't be empty");
  if (w === r.width && h === r.height && b[0] === 0 && b[1] === 0 && b[2] === w && b[3] === h) return r.copy();
  if (filter === NEAREST) return nearestRaster(r, w, h, b);
  if (r.mode === "I;16") throw valueError("image has wrong mode");
  return resampleRaster(r, w, h, filter, b);
}

/** ImagingCrop: pixels outside the source are 0. */
export function cropRaster(r: Raster, x0: number, y0: number, x1: number, y1: number): Raster {
  const w = x1 - x0;
  const h = y1 - y0;
  const out = Raster.alloc(r.mode, w, h, r.palette);
  const b = r.bands;
  const sx0 = Math.max(0, x0);
  const sx1 = Math.min(r.width, x1);
  if (sx1 <= sx0) return out;
  for (let y = Math.max(0, y0); y < Math.min(r.height, y1); y++) {
    const src = (y * r.width + sx0) * b;
    out.data.set(r.data.subarray(src, src + (sx1 - sx0) * b), ((y - y0) * w + (sx0 - x0)) * b);
  }
  return out;
}

export function transposeRaster(r: Raster, m: number): Raster {
  const swap = m === ROTATE_90 || m === ROTATE_270 || m === TRANSPOSE || m === TRANSVERSE;
  const W = r.width;
  const H = r.height;
  const ow = swap ? H : W;
  const oh = swap ? W : H;
  const out = Raster.alloc(r.mode, ow, oh, r.palette);
  const b = r.bands;
  const src = r.data;
  const dst = out.data;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sx: number;
      let sy: number;
      switch (m) {
        case FLIP_LEFT_RIGHT:
          sx = W - 1 - x;
          sy = y;
          break;
        case FLIP_TOP_BOTTOM:
          sx = x;
          sy = H - 1 - y;
          break;
        case ROTATE_90:
          sx = W - 1 - y;
          sy = x;
          break;
        case ROTATE_180:
          sx = W - 1 - x;
          sy = H - 1 - y;
          break;
        case ROTATE_270:
          sx = y;
          sy = H - 1 - x;
          break;
        case TRANSPOSE:
          sx = y;
          sy = x;
          break;
        default:
          sx = W - 1 - y;
          sy = H - 1 - x;
      }
      const s = (sy * W + sx) * b;
      const d = (y * ow + x) * b;
      for (let c = 0; c < b; c++) dst[d + c] = src[s + c];
    }
  }
  return out;
}

/** The Orientation tag (0x0112) of an EXIF block ("Exif\0\0" + TIFF structure), or null. */
export function exifOrientation(exif: Uint8Array | undefined): number | null {
  if (!exif || exif.length < 14) return null;
  let o = exif[0] === 0x45 && exif[1] === 0x78 ? 6 : 0;
  const little = exif[o] === 0x49;
  const u16 = (p: number) => (little ? exif[p] | (exif[p + 1] << 8) : (exif[p] << 8) | exif[p + 1]);
  const u32 = (p: number) => (little ? (exif[p] | (exif[p + 1] << 8) | (exif[p + 2] << 16) | (exif[p + 3] << 24)) >>> 0 : ((exif[p] << 24) | (exif[p + 1] << 16) | (exif[p + 2] << 8) | exif[p + 3]) >>> 0);
  const base = o;
  if (base + 8 > exif.length) return null;
  o = base + u32(base + 4);
  if (o + 2 > exif.length) return null;
  const n = u16(o);
  for (let i = 0; i < n; i++) {
    const e = o + 2 + i * 12;
    if (e + 12 > exif.length) return null;
    if (u16(e) === 0x0112) return u16(e + 8);
  }
  return null;
}
