// The JSON boundary of a generated service: request JSON in as Python values, Python results out as plain JSON.
import { WeakFloat } from "./core.ts";
import { PyRange } from "./py-base.ts";
import { isNDArray, npToList } from "./py-np.ts";
import { PyDict, PySet } from "./pydict.ts";
import { str } from "./pyformat.ts";

/**
 * Request JSON to Python values: plain objects become dicts (recursively), arrays stay lists. Values that already
 * are Python values (arrays, dicts, sets, floats) pass through unchanged, so calling it twice changes nothing.
 */
export function fromJS(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(fromJS);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const d = new PyDict();
  for (const k of Object.keys(value)) d.set(k, fromJS((value as Record<string, unknown>)[k]));
  return d;
}

/**
 * A Python value to plain JSON: dicts to objects (keys as str(key)), tuples/sets/ranges to arrays, arrays to nested
 * lists (0-d arrays to numbers), float nan/inf to null (JSON has no spelling for them).
 */
export function toJSON(value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? value : null;
    case "string":
    case "boolean":
      return value;
    case "undefined":
      return null;
    case "bigint":
      return Number(value);
    case "function":
    case "symbol":
      return str(value);
  }
  if (value === null) return null;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null) {
    // a plain object (what glue.toJS makes of a dict) first: it is what postprocessing usually returns
    const out: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(value as object)) out[k] = toJSON((value as Record<string, unknown>)[k]);
    return out;
  }
  if (value instanceof WeakFloat) return Number.isFinite(value.value) ? value.value : null;
  if (Array.isArray(value)) return value.map(toJSON);
  if (value instanceof PyDict) return value.toJSON();
  if (value instanceof PySet || value instanceof PyRange) return Array.from(value, toJSON);
  if (isNDArray(value)) return toJSON(npToList(value));
  if (value instanceof Map) {
    const d = new PyDict(value);
    return d.toJSON();
  }
  // a runtime object that knows its JSON form, as JSON.stringify asks it (a pandas DataFrame: its records)
  const own = (value as { toJSON?: unknown }).toJSON;
  if (typeof own === "function") return toJSON((own as () => unknown).call(value));
  return str(value);
}
