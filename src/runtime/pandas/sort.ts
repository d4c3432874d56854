// pandas runtime, ordering rows: `sort_values`, `sort_index` and `value_counts`. Sorts are stable (ties keep their
// order, descending ones too, as pandas' `nargsort` does for the small arrays numpy sorts by insertion); missing
// values go last (or first with na_position="first").
import { pyError } from "../core.ts";
import { compare } from "../py-ops.ts";
import { colItems, numericColumn, type Column } from "./column.ts";
import { Index } from "./index.ts";
import { Series } from "./series.ts";
import { Timedelta, Timestamp } from "./timescalars.ts";
import { isNA, labelKey } from "./values.ts";

/** Row order of `keys` (one array of values per sort key, each with its direction), missing values apart. */
export function sortOrder(keys: readonly (readonly unknown[])[], ascending: readonly boolean[], naFirst: boolean): number[] {
  const n = keys.length ? keys[0].length : 0;
  const order = Array.from({ length: n }, (_, i) => i);
  const cmp = (a: number, b: number): number => {
    for (let k = 0; k < keys.length; k++) {
      const x = keys[k][a];
      const y = keys[k][b];
      const xa = isNA(x);
      const ya = isNA(y);
      if (xa || ya) {
        if (xa && ya) continue;
        return (xa ? 1 : -1) * (naFirst ? -1 : 1);
      }
      const c = orderOf(x, y);
      if (c !== 0) return ascending[k] ? c : -c;
    }
    return 0;
  };
  return order.sort((a, b) => cmp(a, b) || a - b);
}

/** -1, 0 or 1 as x sorts before, with or after y (times by their nanoseconds, the rest by Python's <). */
function orderOf(x: unknown, y: unknown): number {
  const tx = timeKey(x);
  const ty = timeKey(y);
  if (tx !== null && ty !== null) return tx < ty ? -1 : tx > ty ? 1 : 0;
  return compare("<", x, y) ? -1 : compare("<", y, x) ? 1 : 0;
}

const timeKey = (v: unknown): bigint | null => (v instanceof Timestamp || v instanceof Timedelta ? v.value : null);

/** `na_position`: "last" (the default) or "first". */
export function naFirstOf(naPosition: unknown): boolean {
  if (naPosition === undefined || naPosition === "last") return false;
  if (naPosition === "first") return true;
  throw pyError("ValueError", `invalid na_position: ${String(naPosition)}`);
}

/** `s.value_counts(normalize=False, sort=True, ascending=False, dropna=True)`: counts in order of first appearance, then sorted. */
export function valueCounts(s: Series, normalize: boolean, sort: boolean, ascending: boolean, dropna: boolean): Series {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const v of colItems(s.values)) {
    if (dropna && isNA(v)) continue;
    const k = labelKey(v);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { value: v, count: 1 });
  }
  let entries = [...counts.values()];
  if (sort) {
    const order = sortOrder([entries.map((e) => e.count)], [ascending], false);
    entries = order.map((i) => entries[i]);
  }
  const total = entries.reduce((t, e) => t + e.count, 0);
  const values: Column = normalize ? numericColumn("float64", entries.map((e) => e.count / total)) : numericColumn("int64", entries.map((e) => e.count));
  return new Series(values, Index.of(entries.map((e) => e.value)), s.name);
}
