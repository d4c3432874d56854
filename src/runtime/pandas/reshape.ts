// pandas runtime, reshaping: `pd.get_dummies` (one column per sorted level, named `prefix_level`, uint8 by default in
// pandas 1.5; the other columns first) and `pd.concat` of frames and Series along rows or columns.
import { pyError, PyError } from "../core.ts";
import { allocate, isDType, NDArray, type DType } from "../ndarray.ts";
import { promote } from "../np-base.ts";
import { mkFloat } from "../py-base.ts";
import { format as pyFormat, repr as pyRepr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { truthy } from "../py-ops.ts";
import { colConcat, colFull, colItems, colTake, sortValues, type Column } from "./column.ts";
import { dtypeArg, promoteForFill, type PdDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index, iterLabels } from "./index.ts";
import { strictPositions } from "./indexing.ts";
import { makeSeries } from "./construct.ts";
import { Series } from "./series.ts";
import { isNA, labelKey, scalarKind } from "./values.ts";

const ENCODED: readonly PdDType[] = ["object"];

/** The dummy columns of one column (pandas' `_get_dummies_1d`). */
function dummies1d(values: Column, index: Index, prefix: unknown, sep: unknown, dummyNA: boolean, dropFirst: boolean, dtype: DType): DataFrame {
  const items = colItems(values);
  const present = new Map<string, unknown>();
  for (const v of items) if (!isNA(v) && !present.has(labelKey(v))) present.set(labelKey(v), v);
  const levels = sortValues([...present.values()]);
  const codeOf = new Map(levels.map((l, i) => [labelKey(l), i]));
  const codes = items.map((v) => (isNA(v) ? -1 : codeOf.get(labelKey(v))!));
  const empty = () => new DataFrame([], Index.of([]), index);
  if (!dummyNA && levels.length === 0) return empty();
  if (dummyNA) {
    for (let i = 0; i < codes.length; i++) if (codes[i] === -1) codes[i] = levels.length;
    // NaN joins the levels: int levels become floats (an Int64Index with NaN is a Float64Index)
    if (levels.every((l) => scalarKind(l) === "int")) levels.splice(0, levels.length, ...levels.map((l) => mkFloat(l as number)));
    levels.push(NaN);
  }
  if (dropFirst && levels.length === 1) return empty();
  const first = dropFirst ? 1 : 0;
  const cols: Column[] = [];
  for (let k = first; k < levels.length; k++) {
    const out = allocate(dtype, codes.length);
    codes.forEach((c, i) => (out[i] = c === k ? 1 : 0));
    cols.push(new NDArray(out, [codes.length], dtype));
  }
  const names =
    prefix === null || prefix === undefined
      ? levels
      : levels.map((l) => `${pyFormat(prefix)}${pyFormat(sep)}${typeof l === "number" && l !== l ? "nan" : pyFormat(l)}`);
  return new DataFrame(cols, Index.of(names.slice(first)), index);
}

/** `pd.get_dummies(data, prefix=None, prefix_sep="_", dummy_na=False, columns=None, sparse=False, drop_first=False, dtype=None)`. */
export function getDummies(
  data: unknown,
  prefix?: unknown,
  prefix_sep?: unknown,
  dummy_na?: unknown,
  columns?: unknown,
  sparse?: unknown,
  drop_first?: unknown,
  dtype?: unknown,
): DataFrame {
  if (sparse !== undefined && truthy(sparse)) throw pyError("TypeError", "get_dummies(sparse=True) is not supported by nb2svc's pandas runtime");
  const sep = prefix_sep === undefined ? "_" : prefix_sep;
  const dummyNA = dummy_na !== undefined && truthy(dummy_na);
  const dropFirst = drop_first !== undefined && truthy(drop_first);
  const d = dtype === undefined || dtype === null ? "uint8" : dtypeArg(dtype);
  if (d === "object" || d === "str") throw pyError("ValueError", "dtype=object is not a valid dtype for get_dummies");
  if (!isDType(d)) throw pyError("TypeError", `get_dummies(dtype=${d}) is not supported by nb2svc's pandas runtime`);
  if (!(data instanceof DataFrame)) {
    const s = data instanceof Series ? data : makeSeries(data);
    return dummies1d(s.values, s.index, prefix ?? null, sep, dummyNA, dropFirst, d);
  }
  let encode: number[];
  if (columns === undefined || columns === null) {
    encode = data.cols.flatMap((c, j) => (ENCODED.includes(c.dtype) ? [j] : []));
  } else {
    if (typeof columns === "string" || scalarKind(columns) !== "other") throw pyError("TypeError", "Input must be a list-like for parameter `columns`");
    encode = strictPositions(data.columns, Array.from(iterLabels(columns)), "columns");
  }
  const checkLen = (item: unknown, name: string) => {
    if (Array.isArray(item) && item.length !== encode.length) {
      throw pyError("ValueError", `Length of '${name}' (${item.length}) did not match the length of the columns being encoded (${encode.length}).`);
    }
  };
  checkLen(prefix, "prefix");
  checkLen(sep, "prefix_sep");
  const pick = (x: unknown, k: number, label: unknown, dflt: unknown): unknown => {
    if (x === undefined || x === null) return dflt;
    if (typeof x === "string") return x;
    if (Array.isArray(x)) return x[k];
    if (x instanceof PyDict) {
      if (!x.has(label)) throw new PyError("KeyError", pyRepr(label));
      return x.get(label);
    }
    return x;
  };
  const encoded = new Set(encode);
  const keep = data.cols.flatMap((_, j) => (encoded.has(j) ? [] : [j]));
  const parts: DataFrame[] = [];
  if (keep.length > 0 || encode.length !== data.ncols) parts.push(data.takeColumns(keep));
  encode.forEach((j, k) => {
    const label = data.columns.label(j);
    parts.push(dummies1d(data.cols[j], data.index, pick(prefix, k, label, label), pick(sep, k, label, "_"), dummyNA, dropFirst, d));
  });
  if (parts.length === 0) return new DataFrame([], Index.of([]), data.index);
  return concatColumns(parts, false);
}

/** Frames side by side on the same rows (their indexes joined, in order of appearance, when they differ). */
function concatColumns(frames: readonly DataFrame[], ignoreIndex: boolean): DataFrame {
  let index = frames[0].index;
  for (const f of frames.slice(1)) {
    if (!f.index.equals(index)) {
      const have = new Set(index.labels().map(labelKey));
      index = Index.of([...index.labels(), ...f.index.labels().filter((l) => !have.has(labelKey(l)))]);
    }
  }
  const cols: Column[] = [];
  const labels: unknown[] = [];
  for (const f of frames) {
    const pos = f.index.equals(index) ? null : f.index.indexer(index);
    f.cols.forEach((c, j) => {
      cols.push(pos ? colTake(c, pos) : c);
      labels.push(f.columns.label(j));
    });
  }
  const columns = ignoreIndex ? Index.range(0, labels.length) : frames.every((f) => f.columns.isRange) && labels.every((l, i) => l === i) ? Index.range(0, labels.length) : Index.of(labels);
  return new DataFrame(cols, columns, index);
}

/** The dtype of column pieces end to end: numpy's promotion (pandas concatenates blocks with numpy), NaN-able if padded. */
function concatDType(pieces: readonly Column[], padded: boolean): PdDType {
  let d: PdDType | null = null;
  for (const p of pieces) d = d === null ? p.dtype : d === "object" || p.dtype === "object" ? "object" : promote(d as DType, p.dtype as DType);
  if (d === null) return "float64";
  return padded ? promoteForFill(d, NaN) : d;
}

/** `pd.concat(objs, axis=0, join="outer", ignore_index=False)`. */
export function concat(objs: unknown, axis?: unknown, join?: unknown, ignore_index?: unknown): DataFrame | Series {
  const items = objs instanceof PyDict ? Array.from(objs.values()) : Array.from(iterLabels(objs));
  const parts = items.filter((x) => x !== null && x !== undefined);
  if (parts.length === 0) throw pyError("ValueError", "No objects to concatenate");
  for (const p of parts) {
    if (!(p instanceof DataFrame) && !(p instanceof Series)) {
      throw pyError("TypeError", `cannot concatenate object of type '${scalarKind(p) === "other" ? typeof p : scalarKind(p)}'; only Series and DataFrame objs are valid`);
    }
  }
  if (join !== undefined && join !== "outer") throw pyError("TypeError", "concat(join='inner') is not supported by nb2svc's pandas runtime");
  const ignore = ignore_index !== undefined && truthy(ignore_index);
  const byColumns = axis === 1 || axis === "columns";
  if (byColumns) {
    let unnamed = 0;
    const frames = parts.map((p) => {
      if (p instanceof DataFrame) return p;
      const s = p as Series;
      const label = s.name === null || ignore ? unnamed++ : s.name;
      return new DataFrame([s.values], Index.of([label]), s.index);
    });
    return concatColumns(frames, ignore);
  }
  if (parts.every((p) => p instanceof Series)) {
    const series = parts as Series[];
    const values = colConcat(series.map((s) => s.values), concatDType(series.map((s) => s.values), false));
    const index = ignore ? Index.defaultOf(series.reduce((n, s) => n + s.length, 0)) : Index.of(series.flatMap((s) => s.index.labels()));
    const name = series.every((s) => labelKey(s.name) === labelKey(series[0].name)) ? series[0].name : null;
    return new Series(values, index, name);
  }
  const frames = parts.map((p) => (p instanceof DataFrame ? p : new DataFrame([(p as Series).values], Index.of([(p as Series).name ?? 0]), (p as Series).index)));
  // columns: the union in order of appearance; rows: one after the other
  const seen = new Map<string, unknown>();
  for (const f of frames) for (const l of f.columns) if (!seen.has(labelKey(l))) seen.set(labelKey(l), l);
  const labels = [...seen.values()];
  const cols = labels.map((l) => {
    const pieces = frames.map((f) => {
      const p = f.columns.positionsOf(l);
      return p.length ? f.cols[p[0]] : null;
    });
    const present = pieces.filter((p): p is Column => p !== null);
    const dtype = concatDType(present, present.length < pieces.length);
    return colConcat(pieces.map((p, k) => p ?? colFull(frames[k].nrows, NaN)), dtype);
  });
  const n = frames.reduce((s, f) => s + f.nrows, 0);
  const index = ignore ? Index.defaultOf(n) : Index.of(frames.flatMap((f) => f.index.labels()));
  const columns = frames.every((f) => f.columns.equals(frames[0].columns)) ? frames[0].columns : Index.of(labels);
  return new DataFrame(cols, columns, index);
}
