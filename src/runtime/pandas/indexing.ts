// pandas runtime, subscripts: `s[key]`, `df[key]`, `.loc`, `.iloc`, `.at`, `.iat`, reading and assigning, with
// pandas 1.5.3's rules: which keys are labels and which positions, boolean masks (aligned when they are Series),
// label slices including their end, the dtype a column widens to on assignment, and pandas' KeyError/IndexError
// messages.
import { Ellipsis, isTuple, pyError, PyError, Slice } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { compareStr } from "../py-base.ts";
import { sliceIndices } from "../py-ops.ts";
import { repr as pyRepr } from "../pyformat.ts";
import {
  colConcat, colFull, colItems, colScalar, colTake, colValue, inferColumn, numericColumn, ObjectArray, type Column,
} from "./column.ts";
import { commonDType, isNumericDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index } from "./index.ts";
import { colSet } from "./missing.ts";
import { Series } from "./series.ts";
import { isNA, labelKey, numberOf, pyScalar, scalarKind } from "./values.ts";

const keyError = (arg: unknown): PyError => new PyError("KeyError", pyRepr(arg));

// ---------------------------------------------------------------------------------------------------------------
// Keys

const isIntKey = (k: unknown): boolean => scalarKind(k) === "int";

/** A list-like key's labels (list, Index, 1-d array, Series values), or null for a scalar (or tuple) key. */
function listKey(key: unknown): unknown[] | null {
  if (Array.isArray(key) && !isTuple(key)) return key;
  if (key instanceof Index) return key.labels();
  if (key instanceof Series) return colItems(key.values);
  if (key instanceof NDArray && key.ndim === 1) return key.tolist() as unknown[];
  return null;
}

/**
 * The rows a boolean indexer selects, or null when `key` is not one. A boolean Series is aligned to `index` first;
 * `lengthError` words a length mismatch as the caller does in pandas.
 */
function maskPositions(key: unknown, index: Index, lengthError: (got: number, want: number) => PyError): number[] | null {
  let flags: unknown[];
  if (key instanceof Series) {
    if (key.values instanceof ObjectArray) {
      if (!key.values.items.some((v) => typeof v === "boolean")) return null;
      if (key.values.items.some((v) => isNA(v))) throw pyError("ValueError", "Cannot mask with non-boolean array containing NA / NaN values");
      return null;
    }
    if (key.dtype !== "bool") return null;
    let k = key;
    if (!k.index.equals(index)) {
      const pos = k.index.indexer(index);
      if (pos.includes(-1)) {
        throw pyError("IndexingError", "Unalignable boolean Series provided as indexer (index of the boolean Series and of the indexed object do not match).");
      }
      k = new Series(colTake(k.values, pos), index);
    }
    flags = colItems(k.values);
  } else if (key instanceof NDArray) {
    if (key.dtype !== "bool" || key.ndim !== 1) return null;
    flags = key.tolist() as unknown[];
  } else if (Array.isArray(key) && !isTuple(key)) {
    if (key.length === 0 || !key.every((v) => typeof v === "boolean")) return null;
    flags = key;
  } else {
    return null;
  }
  if (flags.length !== index.length) throw lengthError(flags.length, index.length);
  const out: number[] = [];
  flags.forEach((f, i) => f && out.push(i));
  return out;
}

const wrongLength = (got: number, want: number) => pyError("IndexError", `Boolean index has wrong length: ${got} instead of ${want}`);

/** The positions of one label; KeyError(label) when absent. */
function labelPositions(index: Index, label: unknown): readonly number[] {
  const p = index.positionsOf(label);
  if (p.length === 0) throw keyError(label);
  return p;
}

/** pandas' `_get_indexer_strict`: positions of every label, or KeyError naming the missing ones. */
export function strictPositions(index: Index, labels: readonly unknown[], axis: "index" | "columns"): number[] {
  const out: number[] = [];
  const missing: unknown[] = [];
  const missingKeys = new Set<string>();
  for (const l of labels) {
    const p = index.positionsOf(l);
    if (p.length === 0) {
      const k = labelKey(l);
      if (!missingKeys.has(k)) {
        missingKeys.add(k);
        missing.push(pyScalar(l));
      }
    } else {
      out.push(...p);
    }
  }
  if (missing.length === labels.length && labels.length > 0) {
    throw keyError(`None of [${Index.of(labels).pyRepr()}] are in the [${axis}]`);
  }
  if (missing.length) throw keyError(`${pyRepr(missing)} not in index`);
  return out;
}

/** A position (negative from the end) checked against n, with pandas' iloc message. */
function position(key: unknown, n: number): number {
  const i = numberOf(key)!;
  const p = i < 0 ? i + n : i;
  if (p < 0 || p >= n) throw pyError("IndexError", "single positional indexer is out-of-bounds");
  return p;
}

function positions(keys: readonly unknown[], n: number): number[] {
  return keys.map((k) => {
    if (!isIntKey(k)) throw pyError("IndexError", `.iloc requires numeric indexers, got ${pyRepr(keys)}`);
    const i = numberOf(k)!;
    const p = i < 0 ? i + n : i;
    if (p < 0 || p >= n) throw pyError("IndexError", "positional indexers are out-of-bounds");
    return p;
  });
}

/** Whether an index is sorted ascending (then label slices search it; otherwise their ends must be present). */
function isMonotonic(index: Index): boolean {
  if (index.isRange) return (index.range!.step > 0);
  const labels = index.labels();
  for (let i = 1; i < labels.length; i++) {
    const a = labels[i - 1];
    const b = labels[i];
    if (typeof a === "string" && typeof b === "string") {
      if (compareStr(a, b) > 0) return false;
    } else {
      const x = numberOf(a);
      const y = numberOf(b);
      if (x === undefined || y === undefined || x > y) return false;
    }
  }
  return true;
}

const before = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? compareStr(a, b) < 0 : numberOf(a)! < numberOf(b)!;

/** The rows of a label slice `lo:hi` (both ends included, as `.loc` does). */
function labelSlice(index: Index, s: Slice): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  const n = index.length;
  let start = 0;
  let stop = n;
  if (isMonotonic(index) && step > 0) {
    const labels = index.labels();
    if (s.start !== null) {
      start = 0;
      while (start < n && before(labels[start], s.start)) start++;
    }
    if (s.stop !== null) {
      stop = 0;
      while (stop < n && !before(s.stop, labels[stop])) stop++;
    }
  } else {
    if (s.start !== null) start = labelPositions(index, s.start)[0];
    if (s.stop !== null) stop = labelPositions(index, s.stop)[0] + 1;
  }
  const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : 0;
  return { start, step, count };
}

/** `s[key]` on a Series whose index is not integer-valued treats int keys as positions (pandas 1.5). */
function fallsBackToPositional(index: Index): boolean {
  if (index.dtype === "int64" || index.dtype === "float64") return false;
  if (index.dtype === "bool") return true;
  return !index.labels().some((l) => numberOf(l) !== undefined && typeof l !== "boolean");
}

const isPlainSlice = (s: Slice): boolean =>
  [s.start, s.stop, s.step].every((v) => v === null || isIntKey(v));

// ---------------------------------------------------------------------------------------------------------------
// Series

export function seriesGetitem(s: Series, key: unknown): unknown {
  if (key === Ellipsis) return s;
  if (key instanceof Slice) {
    if (isPlainSlice(key) && s.index.dtype !== "float64") {
      const [start, , step, count] = sliceIndices(key, s.length);
      return s.sliceRows(start, step, count);
    }
    const { start, step, count } = labelSlice(s.index, key);
    return s.sliceRows(start, step, count);
  }
  const mask = maskPositions(key, s.index, wrongLength);
  if (mask) return s.take(mask);
  const list = listKey(key);
  if (list) {
    if (list.length > 0 && list.every(isIntKey) && fallsBackToPositional(s.index)) return s.take(positions(list, s.length));
    return s.take(strictPositions(s.index, list, "index"));
  }
  if (isIntKey(key) && fallsBackToPositional(s.index)) {
    const i = numberOf(key)!;
    const p = i < 0 ? i + s.length : i;
    if (p < 0 || p >= s.length) throw pyError("IndexError", `index ${i} is out of bounds for axis 0 with size ${s.length}`);
    return colScalar(s.values, p);
  }
  const p = labelPositions(s.index, key);
  return p.length === 1 ? colScalar(s.values, p[0]) : s.take(p);
}

/** The values to assign to `count` rows (labelled `labels`): a scalar repeated, a Series aligned, a list in order. */
function valuesFor(value: unknown, count: number, labels: readonly unknown[]): unknown[] {
  if (value instanceof Series) {
    const pos = value.index.indexer(labels);
    return colItems(colTake(value.values, pos));
  }
  const list = value instanceof NDArray && value.ndim === 1 ? (colItems(value)) : Array.isArray(value) && !isTuple(value) ? value : null;
  if (list) {
    if (list.length !== count) throw pyError("ValueError", "cannot set using a list-like indexer with a different length than the value");
    return list;
  }
  return new Array<unknown>(count).fill(value);
}

/** Rows a Series setitem key addresses, or -1 entries for labels to append. */
function seriesRowsForSet(s: Series, key: unknown, positional: boolean): { rows: number[]; newLabels: unknown[] } {
  if (key instanceof Slice) {
    const r = isPlainSlice(key) || positional ? (() => {
      const [start, , step, count] = sliceIndices(key, s.length);
      return { start, step, count };
    })() : labelSlice(s.index, key);
    return { rows: Array.from({ length: r.count }, (_, i) => r.start + i * r.step), newLabels: [] };
  }
  const mask = maskPositions(key, s.index, wrongLength);
  if (mask) return { rows: mask, newLabels: [] };
  const list = listKey(key);
  if (list) {
    if (positional || (list.every(isIntKey) && fallsBackToPositional(s.index))) return { rows: positions(list, s.length), newLabels: [] };
    return { rows: strictPositions(s.index, list, "index"), newLabels: [] };
  }
  if (positional || (isIntKey(key) && fallsBackToPositional(s.index))) {
    if (!isIntKey(key)) throw pyError("IndexError", `.iloc requires numeric indexers, got ${pyRepr(key)}`);
    return { rows: [position(key, s.length)], newLabels: [] };
  }
  const p = s.index.positionsOf(key);
  if (p.length === 0) return { rows: [], newLabels: [key] };
  return { rows: p.slice(), newLabels: [] };
}

export function seriesSetitem(s: Series, key: unknown, value: unknown, positional = false): void {
  const { rows, newLabels } = seriesRowsForSet(s, key, positional);
  if (newLabels.length) {
    // assigning to an absent label appends it (pandas enlarges the Series)
    const grown = inferColumn([...colItems(s.values), value], "float64");
    s.values = s.values instanceof ObjectArray || grown instanceof ObjectArray ? new ObjectArray([...colItems(s.values), value]) : grown;
    s.index = Index.of([...s.index.labels(), ...newLabels]);
    return;
  }
  const labels = rows.map((r) => s.index.label(r));
  s.values = colSet(s.values, rows, valuesFor(value, rows.length, labels));
}

// ---------------------------------------------------------------------------------------------------------------
// DataFrame

export function frameGetitem(df: DataFrame, key: unknown): unknown {
  if (key instanceof Slice) {
    if (isPlainSlice(key)) {
      const [start, , step, count] = sliceIndices(key, df.nrows);
      return df.sliceRows(start, step, count);
    }
    const { start, step, count } = labelSlice(df.index, key);
    return df.sliceRows(start, step, count);
  }
  if (key instanceof DataFrame) throw pyError("TypeError", "df[boolean DataFrame] (where) is not supported by nb2svc's pandas runtime; use df.where");
  const mask = maskPositions(key, df.index, (got, want) => pyError("ValueError", `Item wrong length ${got} instead of ${want}.`));
  if (mask) return df.takeRows(mask);
  const list = listKey(key);
  if (list) return df.takeColumns(strictPositions(df.columns, list, "columns"));
  const p = labelPositions(df.columns, key);
  return p.length === 1 ? df.column(p[0]) : df.takeColumns(p);
}

/** A column's new values from an assigned value: a Series aligned to the frame's index, a list, a scalar. */
export function columnValue(df: DataFrame, value: unknown): Column {
  const n = df.nrows;
  if (value instanceof Series) return value.reindexed(df.index).values;
  if (value instanceof DataFrame) {
    if (value.ncols !== 1) throw pyError("ValueError", "Cannot set a DataFrame with multiple columns to the single column");
    return value.column(0).reindexed(df.index).values;
  }
  if (value instanceof Index) value = value.labels();
  if (value instanceof NDArray) {
    if (value.ndim === 0) return colFull(n, value);
    if (value.ndim !== 1) throw pyError("ValueError", `Expected a 1D array, got an array with shape ${pyRepr(value.shape)}`);
    if (value.shape[0] !== n) throw pyError("ValueError", `Length of values (${value.shape[0]}) does not match length of index (${n})`);
    return value.copy();
  }
  if (Array.isArray(value) && !isTuple(value)) {
    if (value.length !== n) throw pyError("ValueError", `Length of values (${value.length}) does not match length of index (${n})`);
    return inferColumn(value, "object");
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Symbol.iterator in value && typeof value !== "string" && !isScalarObject(value)) {
    return columnValue(df, Array.from(value as Iterable<unknown>));
  }
  return colFull(n, value);
}

const isScalarObject = (v: object): boolean => scalarKind(v) !== "other";

export function frameSetitem(df: DataFrame, key: unknown, value: unknown): void {
  if (key instanceof Slice) {
    const [start, , step, count] = sliceIndices(key, df.nrows);
    setCells(df, Array.from({ length: count }, (_, i) => start + i * step), df.columns.labels(), value);
    return;
  }
  const mask = maskPositions(key, df.index, (got, want) => pyError("ValueError", `Item wrong length ${got} instead of ${want}.`));
  if (mask) {
    setCells(df, mask, df.columns.labels(), value);
    return;
  }
  const list = listKey(key);
  if (list) {
    if (value instanceof DataFrame) {
      if (value.ncols !== list.length) throw pyError("ValueError", "Columns must be same length as key");
      list.forEach((k, i) => df.setColumn(k, columnValue(df, value.column(i))));
      return;
    }
    if (value instanceof NDArray && value.ndim === 2) {
      if (value.shape[1] !== list.length) throw pyError("ValueError", "Columns must be same length as key");
      if (value.shape[0] !== df.nrows) throw pyError("ValueError", `Length of values (${value.shape[0]}) does not match length of index (${df.nrows})`);
      list.forEach((k, i) => df.setColumn(k, rowsColumn(value, i)));
      return;
    }
    if (Array.isArray(value) && !isTuple(value) && value.length > 0 && Array.isArray(value[0])) {
      if (value.length !== df.nrows) throw pyError("ValueError", `Length of values (${value.length}) does not match length of index (${df.nrows})`);
      list.forEach((k, i) => df.setColumn(k, inferColumn(value.map((row) => (row as unknown[])[i]), "object")));
      return;
    }
    if (Array.isArray(value) && !isTuple(value)) {
      if (value.length !== list.length) throw pyError("ValueError", "Columns must be same length as key");
      list.forEach((k, i) => df.setColumn(k, columnValue(df, value[i])));
      return;
    }
    for (const k of list) df.setColumn(k, columnValue(df, value));
    return;
  }
  if (df.ncols === 0 && df.nrows === 0) {
    // the first column of an empty frame gives it its rows
    const n = value instanceof Series ? value.length : Array.isArray(value) ? value.length : value instanceof NDArray && value.ndim === 1 ? value.shape[0] : 0;
    if (value instanceof Series) df.index = value.index;
    else if (n > 0) df.index = Index.defaultOf(n);
  }
  df.setColumn(key, columnValue(df, value));
}

function rowsColumn(a: NDArray, j: number): NDArray {
  const n = a.shape[0];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a.data[a.offset + i * a.strides[0] + j * a.strides[1]];
  return numericColumn(a.dtype, out);
}

/**
 * `value` assigned to the cells at `rows` x `columns` (labels; absent ones become new columns, NaN elsewhere):
 * per column, a scalar, a Series aligned on row labels, a frame aligned on both, or a list for the rows.
 */
function setCells(df: DataFrame, rows: readonly number[], columns: readonly unknown[], value: unknown): void {
  const rowLabels = rows.map((r) => df.index.label(r));
  columns.forEach((label, j) => {
    let p = df.columns.positionsOf(label);
    if (p.length === 0) {
      df.setColumn(label, colFull(df.nrows, NaN));
      p = df.columns.positionsOf(label);
    }
    let v: unknown = value;
    if (value instanceof DataFrame) {
      const q = value.columns.positionsOf(label);
      v = q.length ? value.column(q[0]) : NaN;
    } else if (value instanceof NDArray && value.ndim === 2) {
      v = rowsColumn(value, j);
    } else if (Array.isArray(value) && !isTuple(value) && value.length > 0 && Array.isArray(value[0])) {
      v = value.map((row) => (row as unknown[])[j]);
    } else if (columns.length > 1 && (Array.isArray(value) || (value instanceof NDArray && value.ndim === 1)) && rows.length === 1) {
      // one row, several columns: the list runs along the columns
      const items = value instanceof NDArray ? colItems(value) : (value as unknown[]);
      if (items.length !== columns.length) throw pyError("ValueError", "Must have equal len keys and value when setting with an iterable");
      v = items[j];
    }
    for (const pos of p) {
      const values = valuesFor(v, rows.length, rowLabels);
      df.cols[pos] = colSet(df.cols[pos], rows, values);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Row cross-sections

/**
 * Row `r` of a frame as a Series over `cols`: values in the columns' common dtype. A row of a mixed (object) frame
 * holds numpy scalars when pandas takes it with `xs` (`.iloc`, `.loc`), Python values when it comes from the frame's
 * `.values` (`iterrows`, `apply(axis=1)`): `python` says which.
 */
export function frameRow(df: DataFrame, r: number, cols?: readonly number[], python = false): Series {
  const positionsOf = cols ?? Array.from({ length: df.ncols }, (_, i) => i);
  const columns = cols ? df.columns.take(cols) : df.columns;
  const dtype = commonDType(positionsOf.map((c) => df.cols[c].dtype));
  let values: Column;
  if (dtype === "object") {
    values = new ObjectArray(positionsOf.map((c) => (python ? colValue(df.cols[c], r) : colScalar(df.cols[c], r))));
  } else if (!isNumericDType(dtype)) {
    // a row of time columns of one dtype keeps it
    values = colConcat(positionsOf.map((c) => colTake(df.cols[c], [r])), dtype);
  } else {
    values = numericColumn(dtype, positionsOf.map((c) => numberOf(colScalar(df.cols[c], r))!));
  }
  return new Series(values, columns, df.index.label(r));
}

// ---------------------------------------------------------------------------------------------------------------
// .loc / .iloc / .at / .iat

type Selection = { readonly one: number } | { readonly many: number[]; readonly index: Index };

function selectRowsLoc(index: Index, key: unknown, axis: "index" | "columns"): Selection {
  if (key instanceof Slice) {
    if (key.start === null && key.stop === null && key.step === null) {
      return { many: Array.from({ length: index.length }, (_, i) => i), index };
    }
    const { start, step, count } = labelSlice(index, key);
    return { many: Array.from({ length: count }, (_, i) => start + i * step), index: index.slice(start, step, count) };
  }
  const mask = maskPositions(key, index, wrongLength);
  if (mask) return { many: mask, index: index.take(mask) };
  const list = listKey(key);
  if (list) {
    const p = strictPositions(index, list, axis);
    return { many: p, index: index.take(p) };
  }
  if (typeof key === "function") throw pyError("TypeError", "callable .loc keys are not supported by nb2svc's pandas runtime");
  const p = labelPositions(index, key);
  return p.length === 1 ? { one: p[0] } : { many: p.slice(), index: index.take(p) };
}

function selectRowsIloc(index: Index, key: unknown): Selection {
  if (key instanceof Slice) {
    const [start, , step, count] = sliceIndices(key, index.length);
    return { many: Array.from({ length: count }, (_, i) => start + i * step), index: index.slice(start, step, count) };
  }
  if (key instanceof Series && key.dtype === "bool") {
    if (key.index.dtype === "int64") throw pyError("NotImplementedError", "iLocation based boolean indexing on an integer type is not available");
    throw pyError("ValueError", "iLocation based boolean indexing cannot use an indexable as a mask");
  }
  const mask = maskPositions(key, index, wrongLength);
  if (mask) return { many: mask, index: index.take(mask) };
  const list = listKey(key);
  if (list) {
    const p = positions(list, index.length);
    return { many: p, index: index.take(p) };
  }
  if (!isIntKey(key)) {
    throw pyError("TypeError", `Cannot index by location index with a non-integer key`);
  }
  return { one: position(key, index.length) };
}

const ALL = new Slice(null, null, null);

/** `obj.loc`, `obj.iloc`, `obj.at`, `obj.iat`: a subscriptable view of a Series or DataFrame. */
export class Indexer {
  constructor(
    readonly kind: "loc" | "iloc" | "at" | "iat",
    private readonly target: Series | DataFrame,
  ) {}

  get pyTypeName(): string {
    return this.kind === "loc" ? "_LocIndexer" : this.kind === "iloc" ? "_iLocIndexer" : this.kind === "at" ? "_AtIndexer" : "_iAtIndexer";
  }

  private get positional(): boolean {
    return this.kind === "iloc" || this.kind === "iat";
  }

  private select(index: Index, key: unknown, axis: "index" | "columns"): Selection {
    if ((this.kind === "at" || this.kind === "iat") && (key instanceof Slice || listKey(key) !== null)) {
      throw pyError("ValueError", this.kind === "at" ? "Invalid call for scalar access (getting)!" : "iAt based indexing can only have integer indexers");
    }
    return this.positional ? selectRowsIloc(index, key) : selectRowsLoc(index, key, axis);
  }

  private splitKey(key: unknown): [unknown, unknown] {
    if (isTuple(key)) {
      if (this.target instanceof Series) {
        if (key.length !== 1) throw pyError("IndexingError", "Too many indexers");
        return [key[0], ALL];
      }
      if (key.length > 2) throw pyError("IndexingError", "Too many indexers");
      return [key[0], key.length > 1 ? key[1] : ALL];
    }
    return [key, ALL];
  }

  pyGetitem(key: unknown): unknown {
    const [rk, ck] = this.splitKey(key);
    const t = this.target;
    if (t instanceof Series) {
      const rows = this.select(t.index, rk, "index");
      return "one" in rows ? colScalar(t.values, rows.one) : new Series(colTake(t.values, rows.many), rows.index, t.name);
    }
    const rows = this.select(t.index, rk, "index");
    const cols = this.select(t.columns, ck, "columns");
    if ("one" in rows && "one" in cols) return colScalar(t.cols[cols.one], rows.one);
    if ("one" in rows) return frameRow(t, rows.one, (cols as { many: number[] }).many.length === t.ncols && ck === ALL ? undefined : (cols as { many: number[] }).many);
    if ("one" in cols) return new Series(colTake(t.cols[cols.one], rows.many), rows.index, t.columns.label(cols.one));
    const sub = t.takeColumns(cols.many);
    return new DataFrame(sub.cols.map((c) => colTake(c, rows.many)), sub.columns, rows.index);
  }

  pySetitem(key: unknown, value: unknown): void {
    const [rk, ck] = this.splitKey(key);
    const t = this.target;
    if (t instanceof Series) {
      seriesSetitem(t, rk, value, this.positional);
      return;
    }
    const rows = this.select(t.index, rk, "index");
    const rowPositions = "one" in rows ? [rows.one] : rows.many;
    let columns: unknown[];
    if (!this.positional && !(ck instanceof Slice) && listKey(ck) === null && maskPositions(ck, t.columns, wrongLength) === null) {
      // one column label, which .loc may create
      columns = [ck];
    } else if (!this.positional && listKey(ck) !== null && maskPositions(ck, t.columns, wrongLength) === null) {
      columns = listKey(ck)!;
    } else {
      const cols = this.select(t.columns, ck, "columns");
      columns = ("one" in cols ? [cols.one] : cols.many).map((c) => t.columns.label(c));
    }
    if (rk instanceof Slice && rk.start === null && rk.stop === null && rk.step === null && columns.some((c) => !t.columns.contains(c))) {
      // new columns over all rows are set whole (`df.loc[:, "new"] = v`), with the value's own dtype
      const fresh = columns.filter((c) => !t.columns.contains(c));
      for (const c of fresh) t.setColumn(c, columnValue(t, value));
      columns = columns.filter((c) => !fresh.includes(c));
      if (columns.length === 0) return;
    }
    if (value instanceof Series && columns.length > 1 && "one" in rows) {
      // a row Series assigned to one row: aligned on the columns
      const v = value;
      columns.forEach((c) => setCells(t, rowPositions, [c], v.index.contains(c) ? seriesGetitem(v, c) : NaN));
      return;
    }
    setCells(t, rowPositions, columns, value);
  }
}
