// pandas runtime, constructors: `pd.Series(data, index, dtype, name)` and `pd.DataFrame(data, index, columns,
// dtype)` from what inference code passes them (a request record or a list of records, dicts of lists, lists of
// rows, numpy arrays, Series), with pandas 1.5.3's column order, index and dtype inference (missing keys are NaN).
import { isTuple, pyError } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { PyRange } from "../py-base.ts";
import { PyDict } from "../pydict.ts";
import {
  colAsType, colFull, colItems, colLength, columnOf, emptyColumn, inferColumn, numericColumn, ObjectArray, type Column,
} from "./column.ts";
import { dtypeArg, type DTypeTarget } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index, iterLabels } from "./index.ts";
import { Series } from "./series.ts";
import { labelKey, scalarKind } from "./values.ts";

const given = (x: unknown): boolean => x !== undefined && x !== null;

/** Python values of a list-like constructor argument (list, tuple, range, 1-d array), or null. */
function itemsOf(x: unknown): unknown[] | null {
  if (Array.isArray(x)) return x;
  if (x instanceof PyRange) return Array.from(x);
  if (x instanceof NDArray && x.ndim === 1) return colItems(x);
  if (x instanceof Index) return x.labels();
  return null;
}

const toIndex = (x: unknown): Index => (x instanceof Index ? x : Index.of(Array.from(iterLabels(x))));

/** A column from Python values, inferred or of the requested dtype. */
function column(items: readonly unknown[], dtype: DTypeTarget | null, empty: "float64" | "object" = "float64"): Column {
  return dtype === null ? inferColumn(items, empty) : columnOf(items, dtype);
}

// ---------------------------------------------------------------------------------------------------------------
// Series

export function makeSeries(data?: unknown, index?: unknown, dtype?: unknown, name?: unknown): Series {
  const d = given(dtype) ? dtypeArg(dtype) : null;
  const nm = name === undefined ? null : name;
  const ix = given(index) ? toIndex(index) : null;
  if (data instanceof Series) {
    const s = ix ? data.reindexed(ix) : data;
    return new Series(d ? colAsType(s.values, d) : s.values, s.index, name === undefined ? data.name : nm);
  }
  if (data instanceof PyDict) {
    const keys = Array.from(data.keys());
    const values = Array.from(data.values());
    const s = new Series(column(values, d), Index.of(keys), nm);
    return ix ? s.reindexed(ix) : s;
  }
  if (data instanceof NDArray && data.ndim === 1) {
    const c = d ? colAsType(data, d) : data.copy();
    return withIndex(c, ix, nm);
  }
  const items = itemsOf(data);
  if (items) return withIndex(column(items, d), ix, nm);
  if (data === undefined || data === null) {
    const n = ix ? ix.length : 0;
    const c = d ? column(new Array<unknown>(n).fill(NaN), d) : n === 0 ? emptyColumn("float64") : colFull(n, NaN);
    return new Series(c, ix ?? Index.defaultOf(0), nm);
  }
  if (data instanceof NDArray || scalarKind(data) !== "other") {
    // a scalar is repeated for every label
    const n = ix ? ix.length : 1;
    const c = colFull(n, data);
    return new Series(d ? colAsType(c, d) : c, ix ?? Index.defaultOf(1), nm);
  }
  throw pyError("TypeError", `pd.Series cannot be built from a '${typeof data}' value in nb2svc's pandas runtime`);
}

function withIndex(c: Column, ix: Index | null, name: unknown): Series {
  const n = colLength(c);
  if (ix && ix.length !== n) throw pyError("ValueError", `Length of values (${n}) does not match length of index (${ix.length})`);
  return new Series(c, ix ?? Index.defaultOf(n), name);
}

// ---------------------------------------------------------------------------------------------------------------
// DataFrame

export function makeFrame(data?: unknown, index?: unknown, columns?: unknown, dtype?: unknown): DataFrame {
  const d = given(dtype) ? dtypeArg(dtype) : null;
  const ix = given(index) ? toIndex(index) : null;
  const cols = given(columns) ? toIndex(columns) : null;
  const cast = (df: DataFrame): DataFrame => (d ? new DataFrame(df.cols.map((c) => colAsType(c, d)), df.columns, df.index) : df);
  if (data === undefined || data === null) {
    const n = ix ? ix.length : 0;
    const c = cols ?? Index.of([]);
    return cast(new DataFrame(c.labels().map(() => (n ? new ObjectArray(new Array<unknown>(n).fill(NaN)) : new ObjectArray([]))), c, ix ?? (n ? Index.defaultOf(n) : Index.of([]))));
  }
  if (data instanceof DataFrame) {
    let df = data.copy();
    if (cols) df = df.pyMethod("reindex", [], { columns: cols }) as DataFrame;
    if (ix) df = df.pyMethod("reindex", [], { index: ix }) as DataFrame;
    return cast(df);
  }
  if (data instanceof Series) {
    const label = data.name === null ? 0 : data.name;
    return cast(fromColumns([label], [data], ix, cols, null));
  }
  if (data instanceof PyDict) return cast(fromColumns(Array.from(data.keys()), Array.from(data.values()), ix, cols, d));
  if (data instanceof NDArray) {
    if (data.ndim === 1) return cast(fromRows(colItems(data).map((v) => [v]), ix, cols, null, data));
    if (data.ndim !== 2) throw pyError("ValueError", `Must pass 2-d input. shape=${String(data.shape)}`);
    return cast(fromMatrix(data, ix, cols));
  }
  const items = itemsOf(data);
  if (!items) throw pyError("ValueError", "DataFrame constructor not properly called!");
  // no rows: pandas gives an empty object Index, not a RangeIndex
  if (items.length === 0) return cast(fromRows([], ix ?? Index.of([]), cols, d));
  if (items.length > 0 && items.every((r) => r instanceof PyDict)) return cast(fromRecords(items as PyDict[], ix, cols, d));
  if (items.length > 0 && items.every((r) => r instanceof Series)) {
    return cast(fromRecords(items.map((s) => new PyDict((s as Series).index.labels().map((l, i) => [l, colItems((s as Series).values)[i]] as const))), ix, cols, d));
  }
  if (items.length > 0 && items.every((r) => itemsOf(r) !== null || isTuple(r))) return cast(fromRows(items.map((r) => itemsOf(r)!), ix, cols, d));
  if (items.every((r) => !(r instanceof PyDict) && itemsOf(r) === null)) return cast(fromRows(items.map((v) => [v]), ix, cols, d));
  throw pyError("TypeError", "nb2svc's pandas runtime cannot build a DataFrame from a list mixing records and rows");
}

/** `pd.DataFrame([record, ...])`: keys in order of first appearance, a key missing from a record is NaN. */
function fromRecords(records: readonly PyDict[], ix: Index | null, cols: Index | null, dtype: DTypeTarget | null): DataFrame {
  let labels: unknown[];
  if (cols) labels = cols.labels();
  else {
    const seen = new Set<string>();
    labels = [];
    for (const r of records) {
      for (const k of r.keys()) {
        const key = labelKey(k);
        if (!seen.has(key)) {
          seen.add(key);
          labels.push(k);
        }
      }
    }
  }
  const n = records.length;
  if (ix && ix.length !== n) throw pyError("ValueError", `Length of values (${n}) does not match length of index (${ix.length})`);
  const data = labels.map((l) => column(records.map((r) => (r.has(l) ? r.get(l) : NaN)), dtype));
  return new DataFrame(data, cols ?? Index.of(labels), ix ?? Index.defaultOf(n));
}

/** `pd.DataFrame([[...], ...])`: rows of values, short rows padded with NaN. */
function fromRows(rows: readonly unknown[][], ix: Index | null, cols: Index | null, dtype: DTypeTarget | null, from?: NDArray): DataFrame {
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  if (cols && cols.length !== width && rows.length > 0) throw pyError("ValueError", `${cols.length} columns passed, passed data had ${width} columns`);
  const n = rows.length;
  if (ix && ix.length !== n) throw pyError("ValueError", `Shape of passed values is (${n}, ${width}), indices imply (${ix.length}, ${width})`);
  const data = Array.from({ length: cols && n === 0 ? cols.length : width }, (_, j): Column => {
    if (from) return dtype ? colAsType(from, dtype) : from.copy();
    return column(rows.map((r) => (j < r.length ? r[j] : NaN)), dtype, n === 0 ? "object" : "float64");
  });
  return new DataFrame(data, cols ?? Index.range(0, width), ix ?? Index.defaultOf(n));
}

/** `pd.DataFrame(array2d, columns=...)`: each column keeps the array's dtype. */
function fromMatrix(a: NDArray, ix: Index | null, cols: Index | null): DataFrame {
  const [n, m] = a.shape;
  if ((cols && cols.length !== m) || (ix && ix.length !== n)) {
    throw pyError("ValueError", `Shape of passed values is (${n}, ${m}), indices imply (${ix ? ix.length : n}, ${cols ? cols.length : m})`);
  }
  const data = Array.from({ length: m }, (_, j) => {
    const vals = new Array<number>(n);
    for (let i = 0; i < n; i++) vals[i] = a.data[a.offset + i * a.strides[0] + j * a.strides[1]];
    return numericColumn(a.dtype, vals);
  });
  return new DataFrame(data, cols ?? Index.range(0, m), ix ?? Index.defaultOf(n));
}

/**
 * `pd.DataFrame({label: values})`: lists and arrays as columns, Series aligned on the union of their indexes (or on
 * `index`), scalars repeated; `columns` selects and orders them (an absent one is all NaN).
 */
function fromColumns(labels: readonly unknown[], values: readonly unknown[], ix: Index | null, cols: Index | null, dtype: DTypeTarget | null): DataFrame {
  const parts = values.map((v) => (v instanceof PyDict ? makeSeries(v) : v));
  let index = ix;
  if (!index) {
    const series = parts.filter((p): p is Series => p instanceof Series);
    if (series.length) {
      index = series[0].index;
      for (const s of series.slice(1)) if (!s.index.equals(index)) index = index.union(s.index);
    } else {
      const lengths = parts.map((p) => (p instanceof NDArray && p.ndim > 0 ? p.shape[0] : itemsOf(p)?.length)).filter((x): x is number => x !== undefined);
      if (lengths.length === 0 && parts.length > 0) throw pyError("ValueError", "If using all scalar values, you must pass an index");
      if (new Set(lengths).size > 1) throw pyError("ValueError", "All arrays must be of the same length");
      index = Index.defaultOf(lengths[0] ?? 0);
    }
  }
  const n = index.length;
  const built = parts.map((p): Column => {
    if (p instanceof Series) return dtype ? colAsType(p.reindexed(index!).values, dtype) : p.reindexed(index!).values;
    if (p instanceof NDArray && p.ndim === 1) {
      if (p.shape[0] !== n) throw pyError("ValueError", `Length of values (${p.shape[0]}) does not match length of index (${n})`);
      return dtype ? colAsType(p, dtype) : p.copy();
    }
    const items = itemsOf(p);
    if (items) {
      if (items.length !== n) throw pyError("ValueError", `Length of values (${items.length}) does not match length of index (${n})`);
      return column(items, dtype);
    }
    const c = colFull(n, p);
    return dtype ? colAsType(c, dtype) : c;
  });
  const frame = new DataFrame(built, Index.of(labels), index);
  if (!cols) return frame;
  const pos = frame.columns.indexer(cols);
  return new DataFrame(pos.map((p) => (p < 0 ? new ObjectArray(new Array<unknown>(n).fill(NaN)) : frame.cols[p])), cols, index);
}
