// The Keras image-preprocessing names translated code may use (see types.ts), under every path notebooks import
// them from: keras.utils / keras.preprocessing.image (and tensorflow.keras.*), and each application's
// preprocess_input with its mode.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const M = "image/keras";
const fn = (name: string, params: readonly string[]): LibraryEntry => ({ kind: "function", module: M, name, params, pure: true });

const ROOTS = ["keras", "tensorflow.keras", "tf.keras"];

/** application module -> its preprocess_input (Keras 2.11's applications). */
const APPLICATIONS: Readonly<Record<string, "caffe" | "tf" | "torch" | "identity">> = {
  vgg16: "caffe",
  vgg19: "caffe",
  resnet: "caffe",
  resnet50: "caffe",
  resnet_v2: "tf",
  inception_v3: "tf",
  inception_resnet_v2: "tf",
  xception: "tf",
  mobilenet: "tf",
  mobilenet_v2: "tf",
  nasnet: "tf",
  densenet: "torch",
  efficientnet: "identity",
  efficientnet_v2: "identity",
  mobilenet_v3: "identity",
  convnext: "identity",
  regnet: "identity",
};

function build(): Record<string, LibraryEntry> {
  const out: Record<string, LibraryEntry> = {};
  const loadImg = fn("load_img", ["path", "grayscale", "color_mode", "target_size", "interpolation", "keep_aspect_ratio"]);
  const imgToArray = fn("img_to_array", ["img", "data_format", "dtype"]);
  for (const root of ROOTS) {
    for (const sub of ["utils", "preprocessing.image", "utils.image_utils"]) {
      out[`${root}.${sub}.load_img`] = loadImg;
      out[`${root}.${sub}.img_to_array`] = imgToArray;
    }
    out[`${root}.applications.imagenet_utils.preprocess_input`] = fn("preprocess_input", ["x", "data_format", "mode"]);
    for (const [app, mode] of Object.entries(APPLICATIONS)) {
      out[`${root}.applications.${app}.preprocess_input`] = fn(`preprocess_input_${mode}`, ["x", "data_format"]);
    }
  }
  return out;
}

export const KERAS: LibraryTable = build();
