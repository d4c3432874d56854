// Between the notebook's arrays and onnxruntime's tensors: binding preprocessing results to the model's inputs,
// checking them against the model's signature (so a bad request is a 400, not an onnxruntime crash), and reading
// outputs back as arrays.
import { ClientError } from "./errors.ts";
import { NDArray, StrArray, type DType, type TypedArray } from "@nb2svc/runtime/ndarray";
import * as np from "@nb2svc/runtime/np";
import { isTuple, setJsonKey, WeakFloat } from "@nb2svc/runtime/core";
import { PyDict } from "@nb2svc/runtime/pydict";
import { SERVICE, type TensorSpec } from "./generated/service.ts";

export type Feeds = Record<string, NDArray>;

/** The runtime's dtype for a model tensor: onnxruntime's "string" is numpy's str. */
export const runtimeDType = (spec: TensorSpec): DType => (spec.dtype === "string" ? "str" : spec.dtype);

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
    const get = (name: string): unknown => {
      if (result instanceof PyDict) return result.get(name);
      // a pandas DataFrame whose columns are the model's inputs (skl2onnx's one input per column)
      const frame = result as { pyTypeName?: string; pyGetitem?: (key: unknown) => unknown } | null;
      if (frame?.pyTypeName === "DataFrame" && typeof frame.pyGetitem === "function") {
        try {
          return frame.pyGetitem(name);
        } catch {
          return undefined;
        }
      }
      return result && typeof result === "object" ? (result as Record<string, unknown>)[name] : undefined;
    };
    for (const spec of inputs) {
      const v = get(spec.name);
      if (v === undefined) throw new ClientError(`missing model input "${spec.name}"`);
      // a column by name (a Series, a one-item list) is the [n, 1] array such an input takes
      feeds[spec.name] = toArray(v, spec, true);
    }
  }
  return feeds;
}

/**
 * Throws a 400 naming the input when a float feed holds a value that is not a finite number. A request number too
 * large for the model's float32 (1e308) or a NaN would make the model answer NaN, shown as null: that is a bad
 * request. `allowNonFinite` (ALLOW_NON_FINITE_INPUTS, per app) accepts them, for models that take NaN as "missing".
 */
export function checkFeeds(feeds: Feeds, policy: { readonly allowNonFinite: boolean }): Feeds {
  if (policy.allowNonFinite) return feeds;
  for (const name in feeds) checkFinite(feeds[name]!, name);
  return feeds;
}

function checkFinite(arr: NDArray, name: string): void {
  if (arr.dtype !== "float32" && arr.dtype !== "float64") return;
  const values = arr.values();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) continue;
    // a model that imputes NaN takes NaN (a request's null) as "missing"; infinities are still refused (the input's
    // spec is looked up only here, off the path of a request whose numbers are all finite)
    if (Number.isNaN(v) && SERVICE.model.inputs.find((s) => s.name === name)?.nullable === true) continue;
    throw new ClientError(`"${name}" holds ${String(v)} at flat index ${i}: a request number is not finite or too large for the model's ${arr.dtype}`);
  }
}

/** Converts a value to an array of the input's dtype and checks its rank and fixed dimensions. */
export function toArray(value: unknown, spec: TensorSpec, column = false): NDArray {
  let arr: NDArray;
  try {
    arr = np.asarray(isTuple(value) ? [...value] : value, runtimeDType(spec));
  } catch (e) {
    throw new ClientError(`"${spec.name}" must be an array of ${spec.dtype} ${describe(spec.shape)}: ${(e as Error).message}`);
  }
  // `column`: one-dimensional values for an input of shape [n, 1] are its n rows
  if (column && arr.ndim === 1 && spec.shape.length === 2 && spec.shape[1] === 1) arr = np.reshape(arr, [arr.shape[0]!, 1]);
  if (arr.ndim !== spec.shape.length || spec.shape.some((d, i) => typeof d === "number" && d !== arr.shape[i])) {
    throw new ClientError(`"${spec.name}" has shape ${describe(arr.shape)}; the model needs ${describe(spec.shape)}`);
  }
  if (arr.size === 0) throw new ClientError(`"${spec.name}" is empty; the model needs ${describe(spec.shape)}`);
  return arr;
}

/** An output without its trailing axis of 1: what the notebook's framework gave (a scikit-learn regressor's predict). */
export function squeezeLast(arr: NDArray): NDArray {
  return arr.ndim > 1 && arr.shape[arr.ndim - 1] === 1 ? np.reshape(arr, arr.shape.slice(0, -1)) : arr;
}

// ---- records: one value per column input ---------------------------------------------------------------------

/**
 * A records body (one record, or a non-empty list of them, validated by the request schema) as feeds: each input,
 * an [n, 1] column, gets its field from every record. A null where the model imputes NaN is NaN.
 */
export function recordsToFeeds(body: unknown): Feeds {
  const rows = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
  const feeds: Feeds = Object.create(null);
  for (const spec of SERVICE.model.inputs) {
    const dtype = runtimeDType(spec);
    let data: TypedArray;
    if (dtype === "str") {
      data = StrArray.fromStrings(rows.map((r) => String(r[spec.name]))) as unknown as TypedArray;
    } else {
      const values = rows.map((r, i) => {
        const v = r[spec.name];
        if (v === null && spec.nullable) return NaN;
        if (typeof v === "boolean") return v ? 1 : 0;
        if (typeof v !== "number") throw new ClientError(`record ${i}: "${spec.name}" must be a ${spec.dtype === "bool" ? "boolean" : "number"}`);
        return v;
      });
      data = np.asarray(values, dtype).values();
    }
    const arr = new NDArray(data, [rows.length, 1], dtype);
    feeds[spec.name] = arr;
  }
  return feeds;
}

// ---- answers without a postprocessing function ---------------------------------------------------------------

/** Row i of an output (its first axis), as a view. */
function rowOf(a: NDArray, i: number): NDArray {
  return new NDArray(a.data, a.shape.slice(1), a.dtype, a.strides.slice(1), a.offset + i * a.strides[0]!);
}

/** Element i of a label output ([N] or [N, 1]) as JSON: a string, or a number for integer labels. */
function labelAt(a: NDArray, i: number): string | number | boolean {
  return rowOf(a, i).item(0);
}

/** One row's {label, probabilities} of a classifier (SERVICE.model.classifier says which outputs and classes). */
function classifierRow(outputs: readonly NDArray[], i: number): { label: string | number | boolean; probabilities: Record<string, number> } {
  const c = SERVICE.model.classifier!;
  const probs = outputs[c.probabilities]!;
  const width = probs.shape[1] ?? 0;
  if (width !== c.classes.length) throw new Error(`the model gave ${width} probabilities per row for ${c.classes.length} classes`);
  // literals, not null-prototype objects (which V8 keeps in slow dictionary mode); a class may be "__proto__"
  const probabilities: Record<string, number> = {};
  const row = rowOf(probs, i);
  for (let k = 0; k < width; k++) setJsonKey(probabilities, String(c.classes[k]), Number(row.item(k)));
  return { label: labelAt(outputs[c.label]!, i), probabilities };
}

/** One row of every output, by output name. */
function outputsRow(outputs: readonly NDArray[], i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  SERVICE.model.outputs.forEach((spec, k) => setJsonKey(row, spec.name, rowOf(outputs[k]!, i).tolist()));
  return row;
}

/**
 * The /predict answer of a model served without a postprocessing function: per row, a classifier's
 * {label, probabilities} or the outputs' rows by name. A single record gets one object, a list of records a list;
 * a request of whole tensors gets a classifier's rows as a list, or every output whole.
 */
export function rawResponse(outputs: readonly NDArray[], body: unknown, records: boolean): unknown {
  const rows = outputs[0]?.shape[0] ?? 0;
  if (SERVICE.model.classifier) {
    const all = Array.from({ length: rows }, (_, i) => classifierRow(outputs, i));
    return records && !Array.isArray(body) ? all[0] : all;
  }
  if (records) {
    const all = Array.from({ length: rows }, (_, i) => outputsRow(outputs, i));
    return Array.isArray(body) ? all : all[0];
  }
  return Object.fromEntries(SERVICE.model.outputs.map((o, i) => [o.name, outputs[i]!.tolist()]));
}

/**
 * The outputs as the notebook's Python saw them: where the service removed a ZipMap, its output is again a list of
 * {class: probability} dicts, one per row (probabilities are Python floats, int classes Python ints).
 */
export function restoreZipMaps(outputs: readonly NDArray[]): readonly unknown[] {
  const values: unknown[] = [...outputs];
  for (const z of SERVICE.model.zipMaps) {
    const probs = outputs[z.output]!;
    const rows = probs.shape[0] ?? 0;
    values[z.output] = Array.from({ length: rows }, (_, i) => {
      const row = rowOf(probs, i);
      return new PyDict(z.classes.map((k, j) => [k, new WeakFloat(Number(row.item(j)))] as const));
    });
  }
  return values;
}
