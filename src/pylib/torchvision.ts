// The torchvision names translated code may use (see types.ts): torchvision.transforms' classes (pure, so
// `transform = T.Compose([...])` at module level is built when the service starts), their functional forms, the
// InterpolationMode values, the torch dtypes ConvertImageDtype takes, and torchvision.io's image reads.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const M = "image/torchvision";
const fn = (name: string, params: readonly string[]): LibraryEntry => ({ kind: "function", module: M, name, params, pure: true });

const CLASSES: Readonly<Record<string, readonly string[]>> = {
  Compose: ["transforms"],
  Resize: ["size", "interpolation", "max_size", "antialias"],
  CenterCrop: ["size"],
  ToTensor: [],
  PILToTensor: [],
  ConvertImageDtype: ["dtype"],
  Normalize: ["mean", "std", "inplace"],
  Grayscale: ["num_output_channels"],
  Pad: ["padding", "fill", "padding_mode"],
  Lambda: ["lambd"],
  ToPILImage: ["mode"],
};

/**
 * Random augmentations: pure to build (a module constant may hold training transforms beside the evaluation ones),
 * but applying one raises NotImplementedError (src/runtime/image/torchvision.ts), since it belongs to training.
 */
const RANDOM: Readonly<Record<string, readonly string[]>> = {
  RandomResizedCrop: ["size", "scale", "ratio", "interpolation", "antialias"],
  RandomCrop: ["size", "padding", "pad_if_needed", "fill", "padding_mode"],
  RandomHorizontalFlip: ["p"],
  RandomVerticalFlip: ["p"],
  RandomRotation: ["degrees", "interpolation", "expand", "center", "fill"],
  RandomAffine: ["degrees", "translate", "scale", "shear", "interpolation", "fill", "center"],
  RandomPerspective: ["distortion_scale", "p", "interpolation", "fill"],
  RandomGrayscale: ["p"],
  RandomErasing: ["p", "scale", "ratio", "value", "inplace"],
  RandomApply: ["transforms", "p"],
  ColorJitter: ["brightness", "contrast", "saturation", "hue"],
  AutoAugment: ["policy", "interpolation", "fill"],
  RandAugment: ["num_ops", "magnitude", "num_magnitude_bins", "interpolation", "fill"],
  TrivialAugmentWide: ["num_magnitude_bins", "interpolation", "fill"],
};

/** The random augmentations' qualified names (`torchvision.transforms.RandomHorizontalFlip`). */
export const RANDOM_TRANSFORMS: ReadonlySet<string> = new Set(Object.keys(RANDOM).map((k) => `torchvision.transforms.${k}`));

const FUNCTIONAL: Readonly<Record<string, readonly string[]>> = {
  resize: ["img", "size", "interpolation", "max_size", "antialias"],
  center_crop: ["img", "output_size"],
  crop: ["img", "top", "left", "height", "width"],
  to_tensor: ["pic"],
  pil_to_tensor: ["pic"],
  convert_image_dtype: ["image", "dtype"],
  normalize: ["tensor", "mean", "std", "inplace"],
  pad: ["img", "padding", "fill", "padding_mode"],
  to_grayscale: ["img", "num_output_channels"],
  rgb_to_grayscale: ["img", "num_output_channels"],
  hflip: ["img"],
  vflip: ["img"],
  to_pil_image: ["pic", "mode"],
};

const INTERPOLATION: Readonly<Record<string, string>> = {
  NEAREST: "nearest",
  NEAREST_EXACT: "nearest-exact",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
  BOX: "box",
  HAMMING: "hamming",
  LANCZOS: "lanczos",
};

const TORCH_DTYPES: Readonly<Record<string, string>> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  uint8: "uint8",
  int8: "int8",
  int16: "int16",
  short: "int16",
  int32: "int32",
  int: "int32",
  int64: "int64",
  long: "int64",
};

/** torchvision.io's image reads: not pure (they read the request's bytes), under both of torchvision's paths. */
const IO: Readonly<Record<string, readonly string[]>> = {
  read_image: ["path", "mode"],
  decode_image: ["input", "mode"],
  read_file: ["path"],
};

const READ_MODES: Readonly<Record<string, number>> = { UNCHANGED: 0, GRAY: 1, GRAY_ALPHA: 2, RGB: 3, RGB_ALPHA: 4 };

function build(): Record<string, LibraryEntry> {
  const out: Record<string, LibraryEntry> = {};
  for (const root of ["torchvision.io", "torchvision.io.image"]) {
    for (const [k, params] of Object.entries(IO)) out[`${root}.${k}`] = { kind: "function", module: "image/torchvision-io", name: k, params };
    for (const [k, v] of Object.entries(READ_MODES)) out[`${root}.ImageReadMode.${k}`] = { kind: "constant", value: v };
  }
  for (const [k, params] of Object.entries({ ...CLASSES, ...RANDOM })) out[`torchvision.transforms.${k}`] = fn(k, params);
  for (const [k, params] of Object.entries(FUNCTIONAL)) out[`torchvision.transforms.functional.${k}`] = fn(k, params);
  for (const [k, v] of Object.entries(INTERPOLATION)) {
    out[`torchvision.transforms.InterpolationMode.${k}`] = { kind: "constant", value: v };
    out[`torchvision.transforms.functional.InterpolationMode.${k}`] = { kind: "constant", value: v };
  }
  for (const [k, v] of Object.entries(TORCH_DTYPES)) out[`torch.${k}`] = { kind: "constant", value: v };
  return out;
}

export const TORCHVISION: LibraryTable = build();
