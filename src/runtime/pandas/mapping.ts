// pandas runtime, value mapping of one column: `map` with a dict (looked up like pandas: through an index of the
// dict's keys, unmapped values become NaN and the dtype follows the dict's values), `map`/`apply` with a function
// (results re-inferred, `lib.map_infer`), and `replace` (pairs applied in order to the rows the original values
// matched, numeric columns widened when they cannot hold the new value, object columns re-inferred at the end).
import { pyError } from "../core.ts";
import { typeName } from "../py-base.ts";
import { equals } from "../py-ops.ts";
import { repr as pyRepr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { colIsNA, colItems, colLength, colTake, colValue, inferColumn, ObjectArray, type Column } from "./column.ts";
import { isIntDType, isNumericDType } from "./dtypes.ts";
import { colSet } from "./missing.ts";
import { isNA, labelKey, numberOf, scalarKind } from "./values.ts";

type Fn = (...args: unknown[]) => unknown;

/** A mapping's keys and values (a dict, or a Series' index and values). */
export interface Lookup {
  readonly keys: readonly unknown[];
  readonly values: Column;
}

export function lookupOfDict(d: PyDict): Lookup {
  const keys: unknown[] = [];
  const vals: unknown[] = [];
  for (const [k, v] of d) {
    keys.push(k);
    vals.push(v);
  }
  // pandas builds a Series from the dict (an empty one is float64)
  return { keys, values: inferColumn(vals, "float64") };
}

/**
 * `s.map(mapping)`: each value looked up among the keys (Python equality, NaN keys match NaN); unmapped values give
 * NaN, which makes int values float64 and bool values object.
 */
export function colMapLookup(c: Column, lookup: Lookup, ignoreNA: boolean): Column {
  const pos = new Map<string, number>();
  lookup.keys.forEach((k, i) => {
    const key = labelKey(k);
    if (!pos.has(key)) pos.set(key, i);
  });
  const na = colIsNA(c);
  const n = colLength(c);
  const positions = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (ignoreNA && na[i]) positions[i] = -1;
    else positions[i] = pos.get(labelKey(colValue(c, i))) ?? -1;
  }
  return colTake(lookup.values, positions);
}

/** `s.map(f)` / `s.apply(f)`: f on every value (as Python values), the results' dtype inferred. */
export function colMapFunction(c: Column, f: unknown, ignoreNA: boolean, extra: readonly unknown[] = []): Column {
  if (typeof f !== "function") throw pyError("TypeError", `'${typeName(f)}' object is not callable`);
  const items = colItems(c);
  const out = items.map((v) => (ignoreNA && isNA(v) ? v : (f as Fn)(v, ...extra)));
  // an empty result keeps the object dtype lib.map_infer gives it
  return inferColumn(out, "object");
}

/** One replacement: rows equal to `from` (or missing, when `from` is NaN/None) get `to`. */
export interface Replacement {
  readonly from: unknown;
  readonly to: unknown;
}

/** Whether a column can hold a value it is searched for (`Block._can_hold_element`): else nothing matches. */
function canHoldSearched(c: Column, v: unknown): boolean {
  if (!isNumericDType(c.dtype)) return true;
  const kind = scalarKind(v);
  if (kind === "none") return false;
  if (c.dtype === "bool") return kind === "bool";
  if (isIntDType(c.dtype)) return (kind === "int" || kind === "float") && Number.isInteger(numberOf(v));
  return kind === "int" || kind === "float";
}

/** The rows of `c` that `from` matches (pandas' `mask_missing`: equality, plus missing rows for a NaN `from`). */
function matchRows(c: Column, from: unknown): boolean[] {
  const n = colLength(c);
  const out = new Array<boolean>(n).fill(false);
  if (!canHoldSearched(c, from)) return out;
  const fromNA = isNA(from);
  const na = fromNA ? colIsNA(c) : null;
  for (let i = 0; i < n; i++) {
    if (na) out[i] = na[i];
    else {
      const v = colValue(c, i);
      out[i] = !isNA(v) && equals(v, from);
    }
  }
  return out;
}

/** `replace` of one column with replacement pairs, as pandas' `Block.replace_list`. */
export function colReplace(c: Column, pairs: readonly Replacement[]): Column {
  const masks = pairs.map((p) => matchRows(c, p.from));
  let out = c;
  let lastWasObject = false;
  pairs.forEach((p, k) => {
    const rows: number[] = [];
    masks[k].forEach((m, i) => m && rows.push(i));
    lastWasObject = out instanceof ObjectArray;
    if (rows.length === 0) return;
    if (p.to === null || p.to === undefined) {
      // an explicit None makes the column object, keeping None
      const items = colItems(out);
      for (const r of rows) items[r] = null;
      out = new ObjectArray(items);
      return;
    }
    out = colSet(out, rows, rows.map(() => p.to));
  });
  if (lastWasObject && out instanceof ObjectArray && !pairs.every((p) => p.to === null || p.to === undefined)) {
    return inferColumn(out.items, "object");
  }
  return out;
}

/** Replacement pairs from `replace(to_replace, value)` arguments of a Series (or one column of a frame). */
export function replacementPairs(toReplace: unknown, value: unknown): Replacement[] {
  if (toReplace instanceof PyDict) {
    if (value !== undefined && value !== null) {
      throw pyError("ValueError", "Series.replace cannot use dict-like to_replace and non-None value");
    }
    return Array.from(toReplace, ([from, to]) => ({ from, to }));
  }
  const v = value === undefined ? null : value;
  if (Array.isArray(toReplace)) {
    if (Array.isArray(v)) {
      if (v.length !== toReplace.length) {
        throw pyError("ValueError", `Replacement lists must match in length. Expecting ${toReplace.length} got ${v.length} `);
      }
      return toReplace.map((from, i) => ({ from, to: v[i] }));
    }
    return toReplace.map((from) => ({ from, to: v }));
  }
  if (value === undefined) {
    throw pyError("TypeError", `nb2svc's pandas runtime needs a value to replace ${pyRepr(toReplace)} with (method-based replace is not supported)`);
  }
  return [{ from: toReplace, to: v }];
}
