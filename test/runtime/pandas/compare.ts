// Comparison of the pandas runtime's results with pandas' own, recorded by gen_pandas_cases.py in tagged JSON: frames,
// Series and Indexes by labels, index class, dtypes and values; values by Python type (int, float, str, bool, None,
// numpy scalar); float64 within 1e-12 relative, float32 within 1e-6 relative or 1 ulp, everything else exactly.
import type * as CoreModule from "../../../src/runtime/core.ts";
import type { NDArray as NDArrayClass } from "../../../src/runtime/ndarray.ts";
import type * as NpModule from "../../../src/runtime/np.ts";
import type * as PandasApi from "../../../src/runtime/pandas/api.ts";
import type * as PyDictModule from "../../../src/runtime/pydict.ts";

export type Tagged = unknown;

/** The runtime the translated modules were bundled with (values passed in and checked must be its own classes). */
export interface Runtime {
  readonly core: typeof CoreModule;
  readonly np: typeof NpModule;
  readonly dict: typeof PyDictModule;
  readonly ndarray: { readonly NDArray: typeof NDArrayClass };
  readonly pandas: typeof PandasApi;
}

export function decodeFloat(v: unknown): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number);
}

/** Tagged JSON to the values a caller passes. */
export function decode(rt: Runtime, t: Tagged): unknown {
  if (t === null || typeof t !== "object") return t;
  if (Array.isArray(t)) return t.map((x) => decode(rt, x));
  const o = t as Record<string, unknown>;
  if ("f" in o) {
    const v = decodeFloat(o.f);
    return Number.isInteger(v) ? rt.core.weakFloat(v) : v;
  }
  if ("tuple" in o) return rt.core.tuple((o.tuple as Tagged[]).map((x) => decode(rt, x)));
  if ("int" in o) {
    const n = Number(o.int as string);
    if (BigInt(n) !== BigInt(o.int as string)) throw new Error(`cannot decode ${String(o.int)}: no double holds it exactly`);
    return n;
  }
  if ("nat" in o) return rt.pandas.NaT;
  if ("ts" in o) {
    const tz = o.tz as string | null;
    const fixed = tz === null ? null : /^pytz\.FixedOffset\((-?\d+)\)$/.exec(tz);
    if (tz !== null && tz !== "UTC" && !fixed) throw new Error(`cannot decode a Timestamp in ${tz}`);
    return new rt.pandas.TimestampClass(BigInt(o.ts as string), tz === null ? null : { minutes: fixed ? Number(fixed[1]) : 0, name: tz });
  }
  if ("td" in o) return new rt.pandas.TimedeltaClass(BigInt(o.td as string));
  if ("date" in o) return new rt.pandas.PyDate(...(o.date as [number, number, number]));
  if ("dict" in o) return new rt.dict.PyDict((o.dict as [Tagged, Tagged][]).map(([k, v]) => [decode(rt, k), decode(rt, v)] as const));
  throw new Error(`cannot decode ${JSON.stringify(t)}`);
}

const ulp32 = (x: number) => {
  const a = Math.abs(Math.fround(x));
  if (a === 0) return 1.4e-45;
  const f = new Float32Array([a]);
  const i = new Int32Array(f.buffer);
  i[0]! += 1;
  return f[0]! - a;
};

function closeFloat(actual: number, expected: number, dtype: string): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (actual === expected) return true;
  const diff = Math.abs(actual - expected);
  if (dtype === "float32") return diff <= 1e-6 * Math.abs(expected) || diff <= ulp32(expected) * 1.0001;
  return diff <= 1e-12 * Math.abs(expected);
}

export function show(v: unknown): string {
  try {
    return (JSON.stringify(v, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x)) ?? String(v)).slice(0, 300);
  } catch {
    return String(v);
  }
}

interface FrameLike {
  cols: unknown[];
  columns: IndexLike;
  index: IndexLike;
}
interface SeriesLike {
  values: unknown;
  index: IndexLike;
  name: unknown;
  dtype: string;
}
interface IndexLike {
  className: string;
  dtype: string;
  name: unknown;
  labels(): unknown[];
}

/** Compares one value; returns the differences as readable paths (empty when equal). */
export function diff(rt: Runtime, actual: unknown, expected: Tagged, at = "$"): string[] {
  const bad = (what: string) => [`${at}: ${what}`];
  const isArray = (x: unknown): x is NDArrayClass => x instanceof rt.ndarray.NDArray;
  const weak = (x: unknown): number | undefined => (x instanceof rt.core.WeakFloat ? x.value : undefined);
  if (expected === null) return actual === null || actual === undefined ? [] : bad(`expected None, got ${show(actual)}`);
  if (typeof expected === "boolean" || typeof expected === "string") return actual === expected ? [] : bad(`expected ${JSON.stringify(expected)}, got ${show(actual)}`);
  if (typeof expected === "number") {
    return typeof actual === "number" && actual === expected ? [] : bad(`expected int ${expected}, got ${show(actual)}${weak(actual) !== undefined ? " (a float)" : ""}`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return bad(`expected a list, got ${show(actual)}`);
    if (actual.length !== expected.length) return bad(`expected ${expected.length} items, got ${actual.length}: ${show(actual)}`);
    return expected.flatMap((e, i) => diff(rt, actual[i], e, `${at}[${i}]`));
  }
  const o = expected as Record<string, unknown>;
  if ("f" in o) {
    const e = decodeFloat(o.f);
    const n = typeof actual === "number" ? actual : weak(actual);
    if (n === undefined) return bad(`expected float ${String(o.f)}, got ${show(actual)}`);
    return closeFloat(n, e, "float64") ? [] : bad(`expected float ${String(o.f)}, got ${n}`);
  }
  if ("tuple" in o) return diff(rt, actual, o.tuple, at);
  if ("int" in o) return bigIntEquals(actual, o.int as string) ? [] : bad(`expected int ${String(o.int)}, got ${show(actual)}`);
  // the runtime holds a zone as the name pandas prints for it (`str(t.dt.tz)`), as `ts.tz` shows it too
  if ("tzinfo" in o) return actual === o.tzinfo ? [] : bad(`expected the zone ${String(o.tzinfo)}, got ${show(actual)}`);
  if ("nat" in o) return actual === rt.pandas.NaT ? [] : bad(`expected NaT, got ${show(actual)}`);
  if ("ts" in o) {
    if (!(actual instanceof rt.pandas.TimestampClass)) return bad(`expected Timestamp ${String(o.ts)}, got ${show(actual)}`);
    const tz = actual.tz === null ? null : actual.tz.name;
    return String(actual.value) === o.ts && tz === o.tz ? [] : bad(`Timestamp ${String(actual.value)} (tz ${String(tz)}), expected ${String(o.ts)} (tz ${String(o.tz)})`);
  }
  if ("td" in o) {
    if (!(actual instanceof rt.pandas.TimedeltaClass)) return bad(`expected Timedelta ${String(o.td)}, got ${show(actual)}`);
    return String(actual.value) === o.td ? [] : bad(`Timedelta ${String(actual.value)}, expected ${String(o.td)}`);
  }
  if ("date" in o) {
    if (!(actual instanceof rt.pandas.PyDate)) return bad(`expected datetime.date ${JSON.stringify(o.date)}, got ${show(actual)}`);
    return JSON.stringify([actual.year, actual.month, actual.day]) === JSON.stringify(o.date) ? [] : bad(`date ${actual.pyStr()}, expected ${JSON.stringify(o.date)}`);
  }
  if ("dtype" in o && Object.keys(o).length === 1) return actual === o.dtype ? [] : bad(`expected dtype ${String(o.dtype)}, got ${show(actual)}`);
  if ("dict" in o) {
    const entries = o.dict as [Tagged, Tagged][];
    if (actual instanceof rt.dict.PyDict) {
      const keys = [...actual.keys()];
      if (keys.length !== entries.length) return bad(`expected ${entries.length} keys, got ${keys.length}`);
      return entries.flatMap(([k, v], i) => [...diff(rt, keys[i], k, `${at}.keys[${i}]`), ...diff(rt, actual.get(keys[i]), v, `${at}[${show(keys[i])}]`)]);
    }
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return bad(`expected a dict, got ${show(actual)}`);
    const a = actual as Record<string, unknown>;
    const keys = entries.map(([k]) => jsonKey(k));
    if (JSON.stringify(Object.keys(a).sort()) !== JSON.stringify([...keys].sort())) return bad(`keys ${JSON.stringify(Object.keys(a))} != ${JSON.stringify(keys)}`);
    return entries.flatMap(([k, v]) => diff(rt, a[jsonKey(k)], v, `${at}.${jsonKey(k)}`));
  }
  if ("nd" in o || "np" in o) {
    if (!isArray(actual)) return bad(`expected a numpy ${"np" in o ? "scalar" : "array"} of ${String(o.dtype)}, got ${show(actual)}`);
    const shape = "nd" in o ? (o.shape as number[]) : [];
    if (actual.dtype !== o.dtype) return bad(`dtype ${actual.dtype}, expected ${String(o.dtype)}`);
    if (JSON.stringify(actual.shape) !== JSON.stringify(shape)) return bad(`shape ${JSON.stringify(actual.shape)}, expected ${JSON.stringify(shape)}`);
    const flatE = [("nd" in o ? o.nd : o.np) as unknown].flat(Infinity);
    const flatA = [actual.tolist()].flat(Infinity) as unknown[];
    const isF = o.dtype === "float32" || o.dtype === "float64";
    const out: string[] = [];
    flatE.forEach((e, i) => {
      const av = flatA[i];
      const ok = isF ? typeof av === "number" && closeFloat(av, decodeFloat(e), o.dtype as string) : isBigInt(e) ? bigIntEquals(av, e.int) : av === e;
      if (!ok && out.length < 3) out.push(`${at}.flat[${i}]: ${String(av)} != ${String(e)} (${String(o.dtype)})`);
    });
    return out;
  }
  if ("frame" in o) {
    const e = o.frame as { columns: Tagged[]; columns_type: string; index: Tagged[]; index_type: string; dtypes: string[]; data: Tagged[][] };
    if (!(actual instanceof rt.pandas.DataFrameClass)) return bad(`expected a DataFrame, got ${show(actual)}`);
    const df = actual as unknown as FrameLike;
    const out = [
      ...indexDiff(rt, df.columns, e.columns, e.columns_type, `${at}.columns`),
      ...indexDiff(rt, df.index, e.index, e.index_type, `${at}.index`),
    ];
    if (out.length) return out;
    e.dtypes.forEach((d, j) => {
      const col = df.cols[j] as { dtype: string };
      if (col.dtype !== d) out.push(`${at}.dtypes[${j}] (${show(e.columns[j])}): ${col.dtype}, expected ${d}`);
      else out.push(...columnDiff(rt, col, d, e.data[j]!, `${at}[${show(e.columns[j])}]`));
    });
    return out;
  }
  if ("series" in o) {
    const e = o.series as { name: Tagged; dtype: string; index: Tagged[]; index_type: string; values: Tagged[] };
    if (!(actual instanceof rt.pandas.SeriesClass)) return bad(`expected a Series, got ${show(actual)}`);
    const s = actual as unknown as SeriesLike;
    const out = [...diff(rt, s.name, e.name, `${at}.name`), ...indexDiff(rt, s.index, e.index, e.index_type, `${at}.index`)];
    if (s.dtype !== e.dtype) return [...out, `${at}.dtype: ${s.dtype}, expected ${e.dtype}`];
    return [...out, ...columnDiff(rt, s.values as { dtype: string }, e.dtype, e.values, `${at}.values`)];
  }
  if ("pdindex" in o) {
    const e = o.pdindex as { type: string; dtype: string; values: Tagged[]; name: Tagged };
    if (!(actual instanceof rt.pandas.IndexClass)) return bad(`expected an Index, got ${show(actual)}`);
    const ix = actual as unknown as IndexLike;
    const out = [...indexDiff(rt, ix, e.values, e.type, at), ...diff(rt, ix.name, e.name, `${at}.name`)];
    if (ix.dtype !== e.dtype) out.push(`${at}.dtype: ${ix.dtype}, expected ${e.dtype}`);
    return out;
  }
  return bad(`unknown expectation ${JSON.stringify(expected)}`);
}

function indexDiff(rt: Runtime, ix: IndexLike, labels: Tagged[], type: string, at: string): string[] {
  if (ix.className !== type) return [`${at}: ${ix.className}, expected ${type}`];
  return diff(rt, ix.labels(), labels, at);
}

/** A column's values (NDArray or object items) against pandas' recorded values for `dtype`. */
function columnDiff(rt: Runtime, col: { dtype: string }, dtype: string, expected: Tagged[], at: string): string[] {
  if (dtype === "object") return diff(rt, (col as unknown as { items: unknown[] }).items, expected, at);
  if (dtype.startsWith("datetime64") || dtype.startsWith("timedelta64")) {
    const data = (col as unknown as { data: BigInt64Array }).data;
    const got = Array.from(data, (v) => (v === -(2n ** 63n) ? "NaT" : String(v)));
    const want = expected.map((e) => ("nat" in (e as object) ? "NaT" : (e as { ns: string }).ns));
    return JSON.stringify(got) === JSON.stringify(want) ? [] : [`${at}: ${JSON.stringify(got)} != ${JSON.stringify(want)} (${dtype})`];
  }
  const arr = col as unknown as NDArrayClass;
  const values = arr.tolist() as unknown[];
  if (values.length !== expected.length) return [`${at}: ${values.length} values, expected ${expected.length}`];
  const out: string[] = [];
  expected.forEach((e, i) => {
    const a = values[i];
    let ok: boolean;
    if (e !== null && typeof e === "object" && "f" in (e as object)) ok = typeof a === "number" && closeFloat(a, decodeFloat((e as { f: unknown }).f), dtype);
    else if (isBigInt(e)) ok = bigIntEquals(a, e.int);
    else ok = a === e;
    if (!ok && out.length < 3) out.push(`${at}[${i}]: ${show(a)} != ${show(e)} (${dtype})`);
  });
  return out;
}

const isBigInt = (e: Tagged): e is { int: string } => e !== null && typeof e === "object" && "int" in e;

/** An int beyond 2**53 recorded as its digits (NaT's int64 nanoseconds): equal only when the double is that int. */
function bigIntEquals(actual: unknown, digits: string): boolean {
  return typeof actual === "number" && Number.isInteger(actual) ? BigInt(actual) === BigInt(digits) : typeof actual === "bigint" && actual === BigInt(digits);
}

function jsonKey(k: Tagged): string {
  if (typeof k === "string") return k;
  if (k === true) return "true";
  if (k === false) return "false";
  if (k === null) return "null";
  if (typeof k === "number") return String(k);
  if (k && typeof k === "object" && "f" in k) {
    const v = (k as { f: unknown }).f;
    return Number.isInteger(v) ? `${v as number}.0` : String(v);
  }
  return JSON.stringify(k);
}
