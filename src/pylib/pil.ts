// The PIL names translated code may use (see types.ts): PIL.Image, PIL.ImageOps, PIL.ImageFilter, PIL.ImageEnhance, and io.BytesIO, which image code
// wraps request bytes in (`Image.open(io.BytesIO(data))`) and which is the bytes themselves here.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const fn = (module: string, name: string, params: readonly string[], pure = false): LibraryEntry => ({ kind: "function", module, name, params, ...(pure ? { pure: true } : {}) });
const constant = (value: number | string): LibraryEntry => ({ kind: "constant", value });

const RESAMPLING: Readonly<Record<string, number>> = { NEAREST: 0, LANCZOS: 1, BILINEAR: 2, BICUBIC: 3, BOX: 4, HAMMING: 5 };
const TRANSPOSE: Readonly<Record<string, number>> = { FLIP_LEFT_RIGHT: 0, FLIP_TOP_BOTTOM: 1, ROTATE_90: 2, ROTATE_180: 3, ROTATE_270: 4, TRANSPOSE: 5, TRANSVERSE: 6 };

function constants(): Record<string, LibraryEntry> {
  const out: Record<string, LibraryEntry> = {};
  for (const [k, v] of Object.entries(RESAMPLING)) {
    out[`PIL.Image.${k}`] = constant(v);
    out[`PIL.Image.Resampling.${k}`] = constant(v);
  }
  // the pre-9.1 names notebooks still use (ANTIALIAS is LANCZOS; CUBIC and LINEAR are aliases Pillow kept)
  out["PIL.Image.ANTIALIAS"] = constant(1);
  out["PIL.Image.LINEAR"] = constant(2);
  out["PIL.Image.CUBIC"] = constant(3);
  for (const [k, v] of Object.entries(TRANSPOSE)) {
    out[`PIL.Image.${k}`] = constant(v);
    out[`PIL.Image.Transpose.${k}`] = constant(v);
  }
  out["PIL.Image.Dither.NONE"] = constant(0);
  out["PIL.Image.Dither.FLOYDSTEINBERG"] = constant(3);
  out["PIL.Image.NONE"] = constant(0);
  out["PIL.Image.FLOYDSTEINBERG"] = constant(3);
  out["PIL.Image.Palette.WEB"] = constant(0);
  out["PIL.Image.Palette.ADAPTIVE"] = constant(1);
  out["PIL.Image.WEB"] = constant(0);
  out["PIL.Image.ADAPTIVE"] = constant(1);
  return out;
}

/**
 * PIL.ImageFilter: the filter classes (also valid uncalled, `img.filter(ImageFilter.SHARPEN)`, since Image.filter
 * calls a class it is given) and their parameters.
 */
function imageFilters(): Record<string, LibraryEntry> {
  const FILTERS: Readonly<Record<string, readonly string[]>> = {
    Kernel: ["size", "kernel", "scale", "offset"],
    GaussianBlur: ["radius"],
    BoxBlur: ["radius"],
    UnsharpMask: ["radius", "percent", "threshold"],
    RankFilter: ["size", "rank"],
    MedianFilter: ["size"],
    MinFilter: ["size"],
    MaxFilter: ["size"],
  };
  const BUILTIN = ["BLUR", "CONTOUR", "DETAIL", "EDGE_ENHANCE", "EDGE_ENHANCE_MORE", "EMBOSS", "FIND_EDGES", "SHARPEN", "SMOOTH", "SMOOTH_MORE"];
  const out: Record<string, LibraryEntry> = {};
  for (const [k, params] of Object.entries(FILTERS)) out[`PIL.ImageFilter.${k}`] = fn("image/imagefilter", k, params, true);
  for (const k of BUILTIN) out[`PIL.ImageFilter.${k}`] = fn("image/imagefilter", k, [], true);
  return out;
}

export const PIL: LibraryTable = {
  "PIL.Image.open": fn("image/pil", "open", ["fp", "mode", "formats"]),
  "PIL.Image.fromarray": fn("image/pil", "fromarray", ["obj", "mode"], true),
  "PIL.Image.new": fn("image/pil", "new_", ["mode", "size", "color"], true),
  "PIL.ImageOps.fit": fn("image/imageops", "fit", ["image", "size", "method", "bleed", "centering"], true),
  "PIL.ImageOps.pad": fn("image/imageops", "pad", ["image", "size", "method", "color", "centering"], true),
  "PIL.ImageOps.expand": fn("image/imageops", "expand", ["image", "border", "fill"], true),
  "PIL.ImageOps.contain": fn("image/imageops", "contain", ["image", "size", "method"], true),
  "PIL.ImageOps.grayscale": fn("image/imageops", "grayscale", ["image"], true),
  "PIL.ImageOps.invert": fn("image/imageops", "invert", ["image"], true),
  "PIL.ImageOps.autocontrast": fn("image/imageops", "autocontrast", ["image", "cutoff", "ignore", "mask", "preserve_tone"], true),
  "PIL.ImageOps.equalize": fn("image/imageops", "equalize", ["image", "mask"], true),
  "PIL.ImageOps.exif_transpose": fn("image/imageops", "exif_transpose", ["image"], true),
  "PIL.ImageOps.flip": fn("image/imageops", "flip", ["image"], true),
  "PIL.ImageOps.mirror": fn("image/imageops", "mirror", ["image"], true),
  "PIL.ImageOps.crop": fn("image/imageops", "crop", ["image", "border"], true),
  "PIL.ImageOps.scale": fn("image/imageops", "scale", ["image", "factor", "resample"], true),
  ...imageFilters(),
  "PIL.Image.blend": fn("image/imageenhance", "blend", ["im1", "im2", "alpha"], true),
  "PIL.ImageEnhance.Brightness": fn("image/imageenhance", "Brightness", ["image"], true),
  "PIL.ImageEnhance.Contrast": fn("image/imageenhance", "Contrast", ["image"], true),
  "PIL.ImageEnhance.Color": fn("image/imageenhance", "Color", ["image"], true),
  "PIL.ImageEnhance.Sharpness": fn("image/imageenhance", "Sharpness", ["image"], true),
  "io.BytesIO": fn("image/pil", "BytesIO", ["initial_bytes"], true),
  ...constants(),
};

/** The members of Pillow 9.4's `Image.Image` (methods and attributes): `dir(img)` without the private ones, and a file image's `filename`, `n_frames`, `is_animated`. */
// prettier-ignore
export const PILLOW_IMAGE_MEMBERS: ReadonlySet<string> = new Set([
  "alpha_composite", "apply_transparency", "close", "convert", "copy", "crop", "draft", "effect_spread", "entropy", "filter", "format",
  "filename", "format_description", "frombytes", "get_child_images", "getbands", "getbbox", "getchannel", "getcolors", "getdata", "getexif",
  "getextrema", "getim", "getpalette", "getpixel", "getprojection", "height", "histogram", "im", "info", "is_animated", "load", "mode", "n_frames", "palette", "paste",
  "point", "putalpha", "putdata", "putpalette", "putpixel", "pyaccess", "quantize", "readonly", "reduce", "remap_palette", "resize", "rotate",
  "save", "seek", "show", "size", "split", "tell", "thumbnail", "tobitmap", "tobytes", "toqimage", "toqpixmap", "transform", "transpose",
  "verify", "width",
]);

/**
 * The members of `Image.Image` the runtime's image has (src/runtime/image/image.ts, PilImage.pyAttr and pyMethod;
 * a test keeps the two in step). Translation refuses Pillow's others on a value it knows is an image.
 */
// prettier-ignore
export const RUNTIME_IMAGE_MEMBERS: ReadonlySet<string> = new Set([
  "mode", "size", "width", "height", "format", "info", "palette", "close", "convert", "copy", "crop", "filter", "getbands", "getbbox",
  "getchannel", "getdata", "getextrema", "getpixel", "load", "paste", "point", "reduce", "resize", "split", "thumbnail", "tobytes", "transpose",
]);

/** `Image.Image` methods whose result is an image (so a method called on it is one of an image's). */
export const IMAGE_RESULT_METHODS: ReadonlySet<string> = new Set(["convert", "copy", "crop", "filter", "getchannel", "point", "reduce", "resize", "transpose", "rotate", "quantize", "transform", "effect_spread", "remap_palette"]);

/** True when the library function `q` returns a PIL image (`Image.open`, `Image.fromarray`, `ImageOps.fit`, ...). */
export function returnsImage(q: string): boolean {
  return q === "PIL.Image.open" || q === "PIL.Image.new" || q === "PIL.Image.fromarray" || q === "PIL.Image.blend" || (q.startsWith("PIL.ImageOps.") && q in PIL);
}

