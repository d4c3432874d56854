// scipy.special's functions notebooks turn a model's scores into probabilities with (scipy 1.10): softmax, as
// scipy writes it in numpy (shifted by the maximum, float32 kept float32), and expit, the logistic ufunc.
import { NDArray } from "./ndarray.ts";
import * as np from "./np.ts";

/** scipy.special.softmax(x, axis=None): over every element when axis is None. */
export function softmax(x: unknown, axis: unknown = null): NDArray {
  const a = np.asarray(x);
  const ax = axis === undefined ? null : axis;
  const shifted = np.exp(np.subtract(a, np.amax(a, ax, true)));
  return np.divide(shifted, np.sum(shifted, ax, null, true)) as NDArray;
}

/** scipy.special.expit(x): 1 / (1 + exp(-x)), in float32 for float32 input and float64 otherwise. */
export function expit(x: unknown): NDArray {
  const a = np.asarray(x);
  const f = a.dtype === "float32" ? a : np.asarray(a, "float64");
  return np.divide(1, np.add(1, np.exp(np.negative(f)))) as NDArray;
}
