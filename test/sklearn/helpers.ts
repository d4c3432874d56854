// Shared by the scikit-learn tests: fixture decoding (gen_sklearn_cases.py's encoding), a frame double that speaks
// the frame protocol the runtime reads (columns + frame[name], columns with __array__ or tolist()), rebuilding a
// pickled value as the translated module would (PyValue -> runtime value, objects through the pylib table's restore
// functions), and comparison with scikit-learn's answers at the tolerances the issue sets.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { PyValue } from "../../src/analyze/types.ts";
import { libraryEntry } from "../../src/pylib/index.ts";
import { PyError, tuple, WeakFloat } from "../../src/runtime/core.ts";
import { NDArray, allocate, type DType } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { PyDict, PySet } from "../../src/runtime/pydict.ts";
import { METHOD_NOT_FOUND } from "../../src/runtime/pystr.ts";
import { CsrMatrix } from "../../src/runtime/sklearn/sparse.ts";
import { restoreUnrebuilt } from "../../src/runtime/sklearn/values.ts";
import { isUnrebuilt } from "../../src/pickle/index.ts";

export const FIXTURES = path.join(import.meta.dirname, "fixtures");

export interface Call {
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  expected: unknown;
  atol?: number;
}

export interface Case {
  name: string;
  cls: string;
  files: Record<string, string>;
  calls: Call[];
  attrs: Record<string, unknown>;
}

export function loadCases(): { sklearn: string; cases: Case[] } {
  return JSON.parse(readFileSync(path.join(FIXTURES, "cases.json"), "utf8"));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function num(v: unknown): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (typeof v === "boolean") return v ? 1 : 0;
  return v as number;
}

function ndFrom(o: Obj): NDArray {
  const dtype = o.dtype as DType;
  const shape = o.shape as number[];
  const flat = (o.nd as unknown[]).map(num);
  const data = allocate(dtype, flat.length);
  flat.forEach((v, i) => (data[i] = v));
  return new NDArray(data, shape, dtype);
}

/** A pandas Series stand-in: numeric columns convert with __array__, others give their values with tolist(). */
class TestSeries {
  readonly pyTypeName = "Series";
  constructor(private readonly values: NDArray | unknown[]) {}
  __array__(): NDArray {
    if (this.values instanceof NDArray) return this.values;
    throw new PyError("TypeError", "object column");
  }
  pyMethod(name: string): unknown {
    if (name === "tolist") return this.values instanceof NDArray ? this.values.tolist() : this.values.slice();
    return METHOD_NOT_FOUND;
  }
}

/** A pandas DataFrame stand-in with the frame protocol only (columns, frame[name]). */
export class TestFrame {
  readonly pyTypeName = "DataFrame";
  constructor(
    readonly names: string[],
    readonly cols: (NDArray | unknown[])[],
  ) {}
  pyAttr(name: string): unknown {
    if (name === "columns") return this.names.slice();
    return METHOD_NOT_FOUND;
  }
  pyMethod(): unknown {
    return METHOD_NOT_FOUND;
  }
  pyGetitem(key: unknown): unknown {
    const i = this.names.indexOf(key as string);
    if (i < 0) throw new PyError("KeyError", `'${String(key)}'`);
    return new TestSeries(this.cols[i]!);
  }
}

/** A fixture value as the runtime value translated code would hold. */
export function decode(v: unknown): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Obj;
  if ("f" in o) {
    const x = num(o.f);
    return Number.isInteger(x) ? new WeakFloat(x) : x;
  }
  if ("tuple" in o) return tuple((o.tuple as unknown[]).map(decode));
  if ("dict" in o) return new PyDict((o.dict as [unknown, unknown][]).map(([k, x]) => [plainKey(decode(k)), decode(x)] as const));
  if ("set" in o) return new PySet((o.set as unknown[]).map(decode));
  if ("nd" in o) return ndFrom(o);
  if ("obj" in o) return decode(o.obj);
  if ("frame" in o) {
    const f = o.frame as { columns: string[]; cols: Obj[] };
    return new TestFrame(f.columns, f.cols.map((c) => ("nd" in c ? ndFrom(c) : (decode(c.obj) as unknown[]))));
  }
  throw new Error(`cannot decode ${JSON.stringify(v).slice(0, 80)}`);
}

const plainKey = (k: unknown): unknown => (k instanceof WeakFloat ? k.value : k);

/** The functions gen_sklearn_cases.py defines for FunctionTransformer, in the runtime's numpy. */
const NOTEBOOK_FUNCTIONS: Readonly<Record<string, (x: unknown) => unknown>> = {
  "__main__.log_plus_one": (x) => np.add(np.log1p(x), 1),
};

/** A pickled value rebuilt the way the translated module's constant is: objects through their restore function. */
export async function rebuild(v: PyValue): Promise<unknown> {
  switch (v.k) {
    case "none":
      return null;
    case "bool":
    case "int":
    case "str":
      return v.v;
    case "float":
      return Number.isInteger(v.v) ? new WeakFloat(v.v) : v.v;
    case "list":
      return Promise.all(v.items.map(rebuild));
    case "tuple":
      return tuple(await Promise.all(v.items.map(rebuild)));
    case "set":
      return new PySet(await Promise.all(v.items.map(rebuild)));
    case "dict": {
      const entries: [unknown, unknown][] = [];
      for (const [k, x] of v.entries) entries.push([await rebuild(k), await rebuild(x)]);
      return new PyDict(entries);
    }
    case "ndarray":
      return np.array(v.value, v.dtype);
    case "npscalar":
      return np.array(v.v, v.dtype);
    case "object": {
      // the generator's notebook functions, as the translated module would hold them (translate.test.ts translates it)
      if (v.cls === "builtins.function" && v.state.k === "str" && v.state.v in NOTEBOOK_FUNCTIONS) return NOTEBOOK_FUNCTIONS[v.state.v];
      // what the reader keeps by name only (a SelectKBest's score_func), as translate emits it
      if (isUnrebuilt(v)) return restoreUnrebuilt(v.cls);
      const entry = libraryEntry(v.cls);
      if (entry?.kind !== "class") throw new Error(`no runtime class for ${v.cls}`);
      const file = pathToFileURL(path.join(import.meta.dirname, "..", "..", "src", "runtime", `${entry.module}.ts`)).href;
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, (s: unknown) => unknown>;
      return mod[entry.restore]!(await rebuild(v.state));
    }
  }
}

function flat(x: unknown): unknown[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

function closeFloat(actual: number, expected: number, rtol: number, atol: number, where: string): void {
  if (Number.isNaN(expected)) {
    expect(Number.isNaN(actual), `${where}: expected NaN, got ${actual}`).toBe(true);
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, where).toBe(expected);
    return;
  }
  const ok = Math.abs(actual - expected) <= Math.max(atol, rtol * Math.abs(expected));
  expect(ok, `${where}: ${actual} vs scikit-learn's ${expected} (rtol ${rtol}, atol ${atol})`).toBe(true);
}

/** Compares a runtime result with scikit-learn's encoded answer. */
export function expectSame(actual: unknown, expected: unknown, where: string, atol = 0): void {
  if (isObj(expected) && "nd" in expected) {
    // duck-typed: a translated module bundles its own copy of the runtime's classes
    expect(isObj(actual) && typeof (actual as { values?: unknown }).values === "function" && "dtype" in actual, `${where}: expected an ndarray, got ${String(actual)}`).toBe(true);
    const a = actual as NDArray;
    expect(a.dtype, `${where}: dtype`).toBe(expected.dtype);
    expect([...a.shape], `${where}: shape`).toEqual(expected.shape);
    const want = (expected.nd as unknown[]).map(num);
    const got = Array.from(a.values() as ArrayLike<number>);
    const isFloat = a.dtype === "float32" || a.dtype === "float64";
    const rtol = a.dtype === "float32" ? 1e-6 : 1e-12;
    want.forEach((w, i) => (isFloat ? closeFloat(got[i]!, w, rtol, atol, `${where}[${i}]`) : expect(got[i], `${where}[${i}]`).toBe(w)));
    return;
  }
  if (isObj(expected) && "sparse" in expected) {
    expect((actual as { pyTypeName?: string })?.pyTypeName, `${where}: expected a sparse matrix`).toBe("csr_matrix");
    expectSame((actual as CsrMatrix).toarray(), expected.sparse, `${where} (toarray)`, atol);
    return;
  }
  if (isObj(expected) && "obj" in expected) {
    const shape = expected.shape as number[];
    expect(Array.isArray(actual), `${where}: expected nested lists of objects, got ${String(actual)}`).toBe(true);
    const want = flat(expected.obj);
    const got = flat(actual);
    expect(got.length, `${where}: size`).toBe(shape.reduce((x, y) => x * y, 1));
    want.forEach((w, i) => expectSame(got[i], w, `${where}[${i}]`, atol));
    return;
  }
  if (isObj(expected) && "f" in expected) {
    const v = actual instanceof WeakFloat ? actual.value : actual instanceof NDArray ? Number(actual.item()) : actual;
    expect(typeof v, `${where}: expected a float`).toBe("number");
    closeFloat(v as number, num(expected.f), 1e-12, atol, where);
    return;
  }
  if (isObj(expected) && "tuple" in expected) {
    expectSame(actual, expected.tuple, where, atol);
    return;
  }
  if (isObj(expected) && "dict" in expected) {
    expect(actual).toBeInstanceOf(PyDict);
    const d = actual as PyDict;
    const entries = expected.dict as [unknown, unknown][];
    expect(d.size, `${where}: dict size`).toBe(entries.length);
    for (const [k, x] of entries) expectSame(d.get(decode(k)), x, `${where}[${JSON.stringify(k)}]`, atol);
    return;
  }
  if (isObj(expected) && "set" in expected) {
    expect([...(actual as Set<unknown>)].sort()).toEqual(expected.set);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where}: expected a list`).toBe(true);
    expect((actual as unknown[]).length, `${where}: length`).toBe(expected.length);
    expected.forEach((x, i) => expectSame((actual as unknown[])[i], x, `${where}[${i}]`, atol));
    return;
  }
  const v = actual instanceof NDArray && actual.ndim === 0 ? actual.item() : actual;
  expect(v, where).toEqual(expected);
}
