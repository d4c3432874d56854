// A Python value's JSON form, the results a service sends: shared by pydict.ts (a dict's toJSON, which
// JSON.stringify asks) and py-json.ts (the service's boundary), and importing neither, so they form no cycle.
import { isTuple, setJsonKey, WeakFloat } from "./core.ts";
import { PyRange, isPyDict, isPySet } from "./py-base.ts";
import { isNDArray, npToList } from "./py-np.ts";
import { str } from "./pyformat.ts";

/** A dict's items as a plain object: keys become str(key); a "__proto__" key stays an ordinary property. */
export function entriesToJSON(entries: Iterable<readonly [unknown, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    setJsonKey(out, typeof k === "string" ? k : str(k), toJSON(v));
  }
  return out;
}

/**
 * A Python value to plain JSON: dicts to objects (keys as str(key)), tuples/sets/ranges to arrays, arrays to nested
 * lists (0-d arrays to numbers), float nan/inf to null (JSON has no spelling for them).
 */
export function toJSON(value: unknown): unknown {
  // a postprocessing's answer after glue.toJS is usually JSON already ({label, score}): given back as it is, where
  // the conversion below would copy every object and array of it once more per request
  if (typeof value === "object" && value !== null && isJSON(value, 0)) return value;
  return convert(value);
}

/**
 * Whether a value already is its own JSON form: finite numbers, strings, booleans, null, and plain arrays and plain
 * objects of them (not a tuple: its JSON form is a new list). Deeper than 64 levels it answers no, and the
 * conversion decides.
 */
function isJSON(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value);
    case "string":
    case "boolean":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth > 64) return false;
  if (Array.isArray(value)) {
    if (isTuple(value)) return false;
    for (let i = 0; i < value.length; i++) if (!isJSON(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  // for-in rather than Object.keys: V8 walks an object literal's keys from its enum cache and reads each value by
  // field index, without a keys array or a keyed lookup. It can only visit more than the own keys (an enumerable
  // property someone put on Object.prototype), which can make the answer no, never a wrong yes
  for (const k in value) if (!isJSON((value as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

function convert(value: unknown): unknown {
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
    // a plain object (what glue.toJS makes of a dict) first: it is what postprocessing usually returns. Built as a
    // literal, as entriesToJSON builds one (a null-prototype object is a slow dictionary-mode object in V8)
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object)) setJsonKey(out, k, convert((value as Record<string, unknown>)[k]));
    return out;
  }
  if (value instanceof WeakFloat) return Number.isFinite(value.value) ? value.value : null;
  if (Array.isArray(value)) return value.map(convert);
  if (isPyDict(value)) return entriesToJSON(value.entries());
  if (isPySet(value) || value instanceof PyRange) return Array.from(value, toJSON);
  if (isNDArray(value)) return toJSON(npToList(value));
  // a JavaScript Map (from glue code, never from translated Python) as the dict it stands for
  if (value instanceof Map) return entriesToJSON(value.entries());
  // a runtime object that knows its JSON form, as JSON.stringify asks it (a pandas DataFrame: its records)
  const own = (value as { toJSON?: unknown }).toJSON;
  if (typeof own === "function") return toJSON((own as () => unknown).call(value));
  return str(value);
}
