// pandas runtime, scalars: what pandas counts as missing, numpy scalars (0-d NDArrays) as Python values, and the key
// by which index labels are looked up (Python equality: 1, 1.0 and True are one label).
import { WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { mkFloat } from "../py-base.ts";
import { NaTType, PyDate, Timedelta, Timestamp } from "./timescalars.ts";

/** pandas' `isna` of a scalar: None, float NaN (also a NaN numpy scalar). */
export function isNA(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "number") return v !== v;
  if (v instanceof NaTType) return true;
  if (v instanceof NDArray && v.ndim === 0) {
    const x = v.data[v.offset];
    return x !== x;
  }
  return false;
}

/** A numpy scalar (0-d NDArray) as the Python value its `.item()` gives; anything else unchanged. */
export function pyScalar(v: unknown): unknown {
  if (v instanceof NDArray && v.ndim === 0) return elementValue(v.data[v.offset], v.dtype);
  return v;
}

/** An element of a numeric array as a Python value: bools as booleans, floats as Python floats. */
export function elementValue(x: number, dtype: string): unknown {
  if (dtype === "bool") return x !== 0;
  if (dtype === "float64" || dtype === "float32") return mkFloat(x);
  return x === 0 ? 0 : x;
}

/** A Python value's number when it is a number (int, float, bool or numpy scalar), else undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof WeakFloat) return v.value;
  if (v instanceof NDArray && v.ndim === 0) return v.data[v.offset];
  return undefined;
}

/** What kind of Python scalar a value is, as pandas' type inference sees it. */
export type ScalarKind = "bool" | "int" | "float" | "none" | "str" | "other";

export function scalarKind(v: unknown): ScalarKind {
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int" : "float";
    case "string":
      return "str";
    case "undefined":
      return "none";
  }
  if (v === null) return "none";
  if (v instanceof WeakFloat) return "float";
  if (v instanceof NDArray && v.ndim === 0) {
    if (v.dtype === "bool") return "bool";
    return v.dtype === "float32" || v.dtype === "float64" ? "float" : "int";
  }
  return "other";
}

/**
 * The hash key of an index label: labels equal in Python (1 == 1.0 == True, numpy scalars == Python numbers) share
 * a key; NaN labels share one, as pandas' hash tables treat them.
 */
export function labelKey(v: unknown): string {
  switch (typeof v) {
    case "string":
      return "s" + v;
    case "number":
      return v !== v ? "nan" : "n" + (v === 0 ? 0 : v);
    case "boolean":
      return v ? "n1" : "n0";
  }
  if (v === null || v === undefined) return "none";
  // equal moments are one label (naive and aware ones never equal), as are equal durations and dates
  if (v instanceof Timestamp) return (v.tz === null ? "t" : "T") + v.value;
  if (v instanceof Timedelta) return "d" + v.value;
  if (v instanceof PyDate) return `D${v.year}-${v.month}-${v.day}`;
  if (v instanceof NaTType) return "nat";
  const n = numberOf(v);
  if (n !== undefined) return n !== n ? "nan" : "n" + (n === 0 ? 0 : n);
  if (Array.isArray(v)) return "(" + v.map(labelKey).join(",") + ")";
  return "o" + String(v);
}
