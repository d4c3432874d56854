// Python values known at conversion time: made by the evaluator (src/analyze) and the pickle reader (src/pickle),
// read by plan and translate. Plain JSON data.
import type { DType as RuntimeDType } from "../runtime/ndarray.ts";

/** A JSON value: what constants, golden inputs and golden answers are reduced to. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A Python value known at conversion time, exactly: ints apart from floats, tuples apart from lists, dicts with
 * their keys' types and insertion order (JSON keeps none of these), numpy arrays with their dtype.
 */
export type PyValue =
  | { readonly k: "none" }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "int"; readonly v: number }
  | { readonly k: "float"; readonly v: number }
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "list" | "tuple" | "set"; readonly items: readonly PyValue[] }
  /** `default`: a `collections.defaultdict` whose factory gives a constant (`lambda: UNK`), what a missing key reads. */
  | { readonly k: "dict"; readonly entries: readonly (readonly [PyValue, PyValue])[]; readonly default?: PyValue }
  | { readonly k: "ndarray"; readonly dtype: DType; readonly value: Json }
  | { readonly k: "npscalar"; readonly dtype: DType; readonly v: number | boolean }
  /**
   * An instance of a library class the notebook fitted and saved (a scikit-learn scaler read from a joblib file):
   * its qualified class name and its attributes (`__dict__`, or what `__setstate__` received) as a dict.
   */
  | { readonly k: "object"; readonly cls: string; readonly state: PyValue };

/** The dtypes a constant the analysis reads can have: the runtime's, as far as JSON and .npy carry them. */
/** numpy dtypes of known values; "str" is numpy's `<U` (an array of class names, `np.asarray(json.load(f))`). */
export type DType = Extract<RuntimeDType, "float32" | "float64" | "int64" | "int32" | "uint8" | "bool" | "str">;
