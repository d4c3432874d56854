// The cv2 names translated code may use (see types.ts): functions with OpenCV's Python parameter order, and the
// constants (flags, colour codes, interpolations, borders, norms, depths) as their values.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const M = "image/cv2";
const fn = (name: string, params: readonly string[], pure = true): LibraryEntry => ({ kind: "function", module: M, name, params, ...(pure ? { pure: true } : {}) });
const constant = (value: number): LibraryEntry => ({ kind: "constant", value });

const CONSTANTS: Readonly<Record<string, number>> = {
  IMREAD_UNCHANGED: -1,
  IMREAD_GRAYSCALE: 0,
  IMREAD_COLOR: 1,
  INTER_NEAREST: 0,
  INTER_LINEAR: 1,
  INTER_CUBIC: 2,
  INTER_AREA: 3,
  INTER_LANCZOS4: 4,
  INTER_LINEAR_EXACT: 5,
  INTER_NEAREST_EXACT: 6,
  BORDER_CONSTANT: 0,
  BORDER_REPLICATE: 1,
  BORDER_REFLECT: 2,
  BORDER_WRAP: 3,
  BORDER_REFLECT_101: 4,
  BORDER_REFLECT101: 4,
  BORDER_DEFAULT: 4,
  NORM_INF: 1,
  NORM_L1: 2,
  NORM_L2: 4,
  NORM_MINMAX: 32,
  CV_8U: 0,
  CV_8S: 1,
  CV_16U: 2,
  CV_16S: 3,
  CV_32S: 4,
  CV_32F: 5,
  CV_64F: 6,
  COLOR_BGR2BGRA: 0,
  COLOR_RGB2RGBA: 0,
  COLOR_BGRA2BGR: 1,
  COLOR_RGBA2RGB: 1,
  COLOR_BGR2RGBA: 2,
  COLOR_RGB2BGRA: 2,
  COLOR_RGBA2BGR: 3,
  COLOR_BGRA2RGB: 3,
  COLOR_BGR2RGB: 4,
  COLOR_RGB2BGR: 4,
  COLOR_BGRA2RGBA: 5,
  COLOR_RGBA2BGRA: 5,
  COLOR_BGR2GRAY: 6,
  COLOR_RGB2GRAY: 7,
  COLOR_GRAY2BGR: 8,
  COLOR_GRAY2RGB: 8,
  COLOR_GRAY2BGRA: 9,
  COLOR_GRAY2RGBA: 9,
  COLOR_BGRA2GRAY: 10,
  COLOR_RGBA2GRAY: 11,
};

export const CV2: LibraryTable = {
  // imread/imdecode read the request's bytes: not pure (a module constant may not decode at start-up)
  "cv2.imread": fn("imread", ["filename", "flags"], false),
  "cv2.imdecode": fn("imdecode", ["buf", "flags"], false),
  "cv2.cvtColor": fn("cvtColor", ["src", "code", "dst", "dstCn"]),
  "cv2.resize": fn("resize", ["src", "dsize", "dst", "fx", "fy", "interpolation"]),
  "cv2.normalize": fn("normalize", ["src", "dst", "alpha", "beta", "norm_type", "dtype", "mask"]),
  "cv2.copyMakeBorder": fn("copyMakeBorder", ["src", "top", "bottom", "left", "right", "borderType", "dst", "value"]),
  "cv2.split": fn("split", ["m"]),
  "cv2.merge": fn("merge", ["mv"]),
  "cv2.dnn.blobFromImage": fn("blobFromImage", ["image", "scalefactor", "size", "mean", "swapRB", "crop", "ddepth"]),
  "cv2.dnn.blobFromImages": fn("blobFromImages", ["images", "scalefactor", "size", "mean", "swapRB", "crop", "ddepth"]),
  // numpy has no frombuffer in the runtime's numpy; image code uses it only to hand bytes to cv2.imdecode
  "numpy.frombuffer": fn("frombuffer", ["buffer", "dtype", "count", "offset"]),
  ...Object.fromEntries(Object.entries(CONSTANTS).map(([k, v]) => [`cv2.${k}`, constant(v)])),
};
