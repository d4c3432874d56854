// pandas runtime, reshaping: `pd.get_dummies` (one column per sorted level, or per category of a `pd.cut` column,
// named `prefix_level`, uint8 by default in pandas 1.5; the other columns first), `pd.cut` with explicit edges, and
// `pd.concat` of frames and Series along rows or columns.
import { pyError, PyError } from "../core.ts";
import { allocate, isDType, NDArray, type DType } from "../ndarray.ts";
import { array as npArray, promote } from "../np-base.ts";
import { mkFloat, typeName } from "../py-base.ts";
import { format as pyFormat, repr as pyRepr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { truthy } from "../py-ops.ts";
import { CategoricalArray, colConcat, colFull, colItems, colTake, numericColumn, sortValues, type Column } from "./column.ts";
import { dtypeArg, promoteForFill, type PdDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index, iterLabels } from "./index.ts";
import { strictPositions } from "./indexing.ts";
import { makeSeries } from "./construct.ts";
import { Series } from "./series.ts";
import { isNA, labelKey, numberOf, pyScalar, scalarKind } from "./values.ts";

const ENCODED: readonly PdDType[] = ["object"];

/** The dummy columns of one column (pandas' `_get_dummies_1d`). */
function dummies1d(values: Column, index: Index, prefix: unknown, sep: unknown, dummyNA: boolean, dropFirst: boolean, dtype: DType): DataFrame {
  const items = colItems(values);
  const present = new Map<string, unknown>();
  for (const v of items) if (!isNA(v) && !present.has(labelKey(v))) present.set(labelKey(v), v);
  // a categorical column has all its categories as columns, in their order; others their sorted values
  const levels = values instanceof CategoricalArray ? values.categories.slice() : sortValues([...present.values()]);
  const codeOf = new Map(levels.map((l, i) => [labelKey(l), i]));
  const codes = items.map((v) => (isNA(v) ? -1 : codeOf.get(labelKey(v))!));
  const empty = () => new DataFrame([], Index.of([]), index);
  if (!dummyNA && levels.length === 0) return empty();
  if (dummyNA) {
    for (let i = 0; i < codes.length; i++) if (codes[i] === -1) codes[i] = levels.length;
    // NaN joins the levels: int levels become floats (an Int64Index with NaN is a Float64Index); categories stay
    if (!(values instanceof CategoricalArray) && levels.every((l) => scalarKind(l) === "int")) levels.splice(0, levels.length, ...levels.map((l) => mkFloat(l as number)));
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

/**
 * `pd.cut(x, bins, right=True, labels=None, retbins=False, precision=3, include_lowest=False, duplicates="raise",
 * ordered=True)` with explicit bin edges (pandas' `_bins_to_cuts`): a Series of the labels as a CategoricalArray
 * (NaN outside the edges), or with labels=False the bin numbers (int64, float64 with NaN when a value is outside).
 */
export function cut(
  x: unknown,
  bins: unknown,
  right?: unknown,
  labels?: unknown,
  retbins?: unknown,
  _precision?: unknown,
  include_lowest?: unknown,
  duplicates?: unknown,
  ordered?: unknown,
): Series | NDArray {
  if (retbins !== undefined && truthy(retbins)) throw pyError("TypeError", "cut(retbins=True) is not supported by nb2svc's pandas runtime");
  if (duplicates !== undefined && duplicates !== "raise") throw pyError("TypeError", "cut(duplicates=...) is not supported by nb2svc's pandas runtime");
  if (numberOf(bins) !== undefined) {
    throw pyError("TypeError", "cut(bins=<a number of bins>) is not supported by nb2svc's pandas runtime: the edges would come from each request's values; pass the edges (a list)");
  }
  const edges = cutNumbers(Array.from(iterLabels(bins)));
  for (let i = 1; i < edges.length; i++) if (edges[i] < edges[i - 1]) throw pyError("ValueError", "bins must increase monotonically.");
  if (new Set(edges).size < edges.length && edges.length !== 2) {
    throw pyError("ValueError", `Bin edges must be unique: ${pyRepr(npArray(edges))}.\nYou can drop duplicate edges by setting the 'duplicates' kwarg`);
  }
  if (labels === undefined || labels === null) {
    throw pyError("TypeError", "cut without labels= gives Interval categories, which nb2svc's pandas runtime does not have: pass labels=[...] or labels=False");
  }
  const series = x instanceof Series ? x : null;
  const values = cutNumbers(series ? colItems(series.values) : Array.from(iterLabels(x)));
  // searchsorted(bins, x, side="left" when right=True): the edges below x (or at most x when right=False)
  const closedRight = right === undefined || truthy(right);
  const lowest = include_lowest !== undefined && truthy(include_lowest);
  const ids = values.map((v) => {
    if (v !== v) return 0;
    if (lowest && v === edges[0]) return 1;
    let k = 0;
    while (k < edges.length && (closedRight ? edges[k] < v : edges[k] <= v)) k++;
    return k === edges.length ? 0 : k;
  });
  if (labels === false) {
    const codes = numericColumn(ids.includes(0) ? "float64" : "int64", ids.map((k) => (k === 0 ? NaN : k - 1)));
    return series ? new Series(codes, series.index, series.name) : codes;
  }
  const names = Array.from(iterLabels(labels), (l) => pyScalar(l));
  const unique = new Set(names.map((l) => labelKey(l))).size === names.length;
  if ((ordered === undefined || truthy(ordered)) && !unique) throw pyError("ValueError", "labels must be unique if ordered=True; pass ordered=False for duplicate labels");
  if (names.length !== edges.length - 1) throw pyError("ValueError", "Bin labels must be one fewer than the number of bin edges");
  if (!series) throw pyError("TypeError", "cut of a list or array with labels gives a Categorical, which nb2svc's pandas runtime does not have: cut a Series, or pass labels=False");
  // duplicate labels (ordered=False): the categories are the sorted distinct labels, as pandas' Categorical makes them
  const categories = unique ? names : sortValues([...new Map(names.map((l) => [labelKey(l), l])).values()]);
  return new Series(new CategoricalArray(ids.map((k) => (k === 0 ? NaN : names[k - 1])), categories), series.index, series.name);
}

/** Values and edges of cut as numbers (missing: NaN); pandas compares anything else with the edges and fails. */
function cutNumbers(items: readonly unknown[]): number[] {
  return items.map((v) => {
    if (isNA(v)) return NaN;
    const n = numberOf(pyScalar(v));
    if (n === undefined) throw pyError("TypeError", `'<' not supported between instances of 'int' and '${typeName(v)}'`);
    return n;
  });
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
