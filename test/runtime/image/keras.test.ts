// Keras image preprocessing against Keras 2.11's code run with Pillow and numpy (keras_ref.py): load_img (every
// colour mode and interpolation, keep_aspect_ratio), img_to_array, preprocess_input in caffe, tf and torch modes.
import { defineCases } from "./runner.ts";

defineCases("Keras image preprocessing", (c) => c.id.startsWith("keras."));
