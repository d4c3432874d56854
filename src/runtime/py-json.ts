// The JSON boundary of a generated service: request JSON in as Python values, Python results out as plain JSON.
import { PyDict } from "./pydict.ts";

// results out: the JSON form lives in py-tojson.ts, which pydict.ts shares
export { toJSON } from "./py-tojson.ts";

/**
 * Request JSON to Python values: plain objects become dicts (recursively), arrays stay lists. Values that already
 * are Python values (arrays, dicts, sets, floats) pass through unchanged, so calling it twice changes nothing.
 */
export function fromJS(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) {
    // a list of plain values (a request's numbers or strings) is copied as it is, without a call back per element:
    // what map(fromJS) gives for it, as no element is an object to convert or undefined (a hole) to make None
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "object" || v === undefined) return fromJSItems(value);
    }
    return value.slice();
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const d = new PyDict();
  for (const k of Object.keys(value)) d.set(k, fromJS((value as Record<string, unknown>)[k]));
  return d;
}

/** value.map(fromJS) by index (no callback through the builtin per row of a nested list); a hole, which map would
 * keep as a hole, becomes None as the undefined it reads as: a Python list has no holes. */
function fromJSItems(value: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) out.push(fromJS(value[i]));
  return out;
}
