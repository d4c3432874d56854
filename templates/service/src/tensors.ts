// Between the notebook's arrays and onnxruntime's tensors: binding preprocessing results to the model's inputs,
// checking them against the model's signature (so a bad request is a 400, not an onnxruntime crash), and reading
// outputs back as arrays.
import { ClientError } from "./errors.ts";
import { NDArray } from "./runtime/ndarray.ts";
import * as np from "./runtime/np.ts";
import { isTuple } from "./runtime/core.ts";
import { PyDict } from "./runtime/pydict.ts";
import { SERVICE, type TensorSpec } from "./service.ts";

export type Feeds = Record<string, NDArray>;

const describe = (shape: readonly (number | string | null)[]) => `(${shape.map((d) => d ?? "?").join(", ")})`;

/** How preprocessing's result maps to model inputs: one array, a tuple in input order, or a dict by input name. */
export function bindInputs(result: unknown, kind: "single" | "tuple" | "dict"): Feeds {
  const inputs = SERVICE.model.inputs;
  const feeds: Feeds = Object.create(null);
  if (kind === "single") {
    feeds[inputs[0]!.name] = toArray(result, inputs[0]!);
  } else if (kind === "tuple") {
    if (!Array.isArray(result) || result.length !== inputs.length) {
      throw new ClientError(`preprocessing returned ${Array.isArray(result) ? result.length : 1} value(s); the model takes ${inputs.length} inputs`);
    }
    inputs.forEach((spec, i) => (feeds[spec.name] = toArray(result[i], spec)));
  } else {
    const get = (name: string): unknown =>
      result instanceof PyDict ? result.get(name) : result && typeof result === "object" ? (result as Record<string, unknown>)[name] : undefined;
    for (const spec of inputs) {
      const v = get(spec.name);
      if (v === undefined) throw new ClientError(`missing model input "${spec.name}"`);
      feeds[spec.name] = toArray(v, spec);
    }
  }
  return feeds;
}

/**
 * Whether float model inputs may hold NaN or infinities. Off by default: a request number too large for the model's
 * float32 (1e308) or a NaN would make the model answer NaN, shown as null; that is a bad request, answered 400.
 * ALLOW_NON_FINITE_INPUTS turns it on for models that take NaN as "missing".
 */
export const inputPolicy = { allowNonFinite: false };

/** Throws a 400 naming the input when a float tensor holds a value that is not a finite number. */
export function checkFinite(arr: NDArray, name: string): void {
  if (inputPolicy.allowNonFinite || (arr.dtype !== "float32" && arr.dtype !== "float64")) return;
  let i = 0;
  for (const v of arr.values()) {
    if (!Number.isFinite(v)) {
      throw new ClientError(`"${name}" holds ${String(v)} at flat index ${i}: a request number is not finite or too large for the model's ${arr.dtype}`);
    }
    i++;
  }
}

/** Converts a value to an array of the input's dtype and checks its rank and fixed dimensions. */
export function toArray(value: unknown, spec: TensorSpec): NDArray {
  let arr: NDArray;
  try {
    arr = np.asarray(isTuple(value) ? [...value] : value, spec.dtype);
  } catch (e) {
    throw new ClientError(`"${spec.name}" must be an array of ${spec.dtype} ${describe(spec.shape)}: ${(e as Error).message}`);
  }
  if (arr.ndim !== spec.shape.length || spec.shape.some((d, i) => typeof d === "number" && d !== arr.shape[i])) {
    throw new ClientError(`"${spec.name}" has shape ${describe(arr.shape)}; the model needs ${describe(spec.shape)}`);
  }
  if (arr.size === 0) throw new ClientError(`"${spec.name}" is empty; the model needs ${describe(spec.shape)}`);
  checkFinite(arr, spec.name);
  return arr;
}

/** An output without its trailing axis of 1: what the notebook's framework gave (a scikit-learn regressor's predict). */
export function squeezeLast(arr: NDArray): NDArray {
  return arr.ndim > 1 && arr.shape[arr.ndim - 1] === 1 ? np.reshape(arr, arr.shape.slice(0, -1)) : arr;
}
