// The parity corpus: every case of cases.py, translated by nb2svc and run on the arguments Python ran it on; the
// results must be Python's (fixtures/parity.json, from gen_parity.py with real numpy): ints, bools and strings
// exactly, float32 within 1e-6 relative or 1 ulp, float64 within 1e-12 relative, shapes and dtypes exactly, the
// same exception type where Python raised.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { packageRoot } from "../../src/assets.ts";
import { loadPythonFile } from "../../src/load/python-file.ts";
import type * as CoreModule from "../../src/runtime/core.ts";
import type { NDArray as NDArrayClass } from "../../src/runtime/ndarray.ts";
import type * as NpModule from "../../src/runtime/np.ts";
import type * as PyDictModule from "../../src/runtime/pydict.ts";
import { translate } from "../../src/translate/translate.ts";
import { typeCheck } from "../helpers/typecheck.ts";
import { tempDir } from "../helpers/temp.ts";

type Tagged = unknown;
interface Call {
  readonly args: Tagged[];
  readonly value?: Tagged;
  readonly raises?: string;
}
interface Case {
  readonly area: string;
  readonly name: string;
  readonly source: string;
  readonly calls: Call[];
}

/**
 * The runtime the translated modules were bundled with: values passed in must be its own (its classes, not this
 * file's copies of them), and its numpy promotion setting is the one that counts.
 */
let rt: { core: typeof CoreModule; np: typeof NpModule; dict: typeof PyDictModule; ndarray: { NDArray: typeof NDArrayClass } };
const isArray = (x: unknown): x is NDArrayClass => x instanceof rt.ndarray.NDArray;

const fixture = JSON.parse(readFileSync(path.join(packageRoot(), "test", "parity", "fixtures", "parity.json"), "utf8")) as { cases: Case[] };
const cases = fixture.cases;

/** Tagged JSON (see gen_parity.py) to the values a caller passes: the runtime's types where JSON has none. */
function decode(t: Tagged): unknown {
  if (t === null || typeof t !== "object") return t;
  if (Array.isArray(t)) return t.map(decode);
  const o = t as Record<string, unknown>;
  if ("f" in o) return decodeFloat(o.f);
  if ("tuple" in o) return rt.core.tuple((o.tuple as Tagged[]).map(decode));
  if ("dict" in o) return new rt.dict.PyDict((o.dict as [Tagged, Tagged][]).map(([k, v]) => [decode(k), decode(v)] as const));
  if ("set" in o) return new rt.dict.PySet((o.set as Tagged[]).map(decode));
  if ("nd" in o) {
    const shape = o.shape as number[];
    const flat = rt.np.array(decodeNumbers(o.nd), o.dtype as string);
    return flat.size === 0 ? rt.np.zeros(shape, o.dtype as string) : flat;
  }
  if ("np" in o) return rt.np.array(decodeNumbers(o.np), o.dtype as string);
  throw new Error(`cannot decode ${JSON.stringify(t)}`);
}
const decodeFloat = (v: unknown) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number.isInteger(v) ? rt.core.weakFloat(v as number) : (v as number));
const decodeNumbers = (v: unknown): unknown => (Array.isArray(v) ? v.map(decodeNumbers) : typeof v === "string" ? decodeFloat(v) : v);

const ulp32 = (x: number) => {
  const a = Math.abs(Math.fround(x));
  if (a === 0) return 1.4e-45;
  const f = new Float32Array([a]);
  const i = new Int32Array(f.buffer);
  i[0]! += 1;
  return f[0]! - a;
};

function closeFloat(actual: number, expected: number, dtype: "float32" | "float64"): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (actual === expected) return true;
  const diff = Math.abs(actual - expected);
  if (dtype === "float32") return diff <= 1e-6 * Math.abs(expected) || diff <= ulp32(expected) * 1.0001;
  return diff <= 1e-12 * Math.abs(expected) || diff <= 1e-300;
}

/** Where `actual` differs from the tagged `expected`, as readable paths; empty when they agree. */
function diff(actual: unknown, expected: Tagged, at = "$"): string[] {
  const bad = (what: string) => [`${at}: ${what}`];
  if (expected === null) return actual === null ? [] : bad(`expected None, got ${show(actual)}`);
  if (typeof expected === "boolean" || typeof expected === "string") return actual === expected ? [] : bad(`expected ${JSON.stringify(expected)}, got ${show(actual)}`);
  if (typeof expected === "number") return actual === expected ? [] : bad(`expected int ${expected}, got ${show(actual)}`);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return bad(`expected a list, got ${show(actual)}`);
    if (actual.length !== expected.length) return bad(`expected ${expected.length} items, got ${actual.length}: ${show(actual)}`);
    return expected.flatMap((e, i) => diff(actual[i], e, `${at}[${i}]`));
  }
  const o = expected as Record<string, unknown>;
  if ("f" in o) {
    const e = decodeFloat(o.f);
    const n = typeof actual === "number" ? actual : NaN;
    return typeof actual === "number" && closeFloat(n, Number(e), "float64") ? [] : bad(`expected float ${String(o.f)}, got ${show(actual)}`);
  }
  if ("tuple" in o) return diff(actual, o.tuple, at);
  if ("set" in o) {
    if (!Array.isArray(actual)) return bad(`expected a set, got ${show(actual)}`);
    const norm = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
    return JSON.stringify(norm(actual)) === JSON.stringify(norm((o.set as Tagged[]).map((x) => JSON.parse(JSON.stringify(decode(x)))))) ? [] : bad(`set differs: ${show(actual)}`);
  }
  if ("dict" in o) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual) || isArray(actual)) return bad(`expected a dict, got ${show(actual)}`);
    const a = actual as Record<string, unknown>;
    const entries = o.dict as [Tagged, Tagged][];
    // compared as JSON objects: as sets of keys (JavaScript objects put integer-like keys first whatever their order)
    const keys = entries.map(([k]) => jsonKey(k));
    if (JSON.stringify(Object.keys(a).sort()) !== JSON.stringify([...keys].sort())) return bad(`keys ${JSON.stringify(Object.keys(a))} != ${JSON.stringify(keys)}`);
    return entries.flatMap(([k, v]) => diff(a[jsonKey(k)], v, `${at}.${jsonKey(k)}`));
  }
  if ("nd" in o || "np" in o) {
    if (!isArray(actual)) return bad(`expected an array of ${String(o.dtype)}, got ${show(actual)}`);
    const shape = "nd" in o ? (o.shape as number[]) : [];
    if (actual.dtype !== o.dtype) return bad(`dtype ${actual.dtype}, expected ${String(o.dtype)}`);
    if (JSON.stringify(actual.shape) !== JSON.stringify(shape)) return bad(`shape ${JSON.stringify(actual.shape)}, expected ${JSON.stringify(shape)}`);
    const flatE = [("nd" in o ? o.nd : o.np) as unknown].flat(Infinity);
    const flatA = [actual.tolist()].flat(Infinity) as unknown[];
    const isFloat = o.dtype === "float32" || o.dtype === "float64";
    const out: string[] = [];
    flatE.forEach((e, i) => {
      const av = flatA[i];
      const ok = isFloat ? typeof av === "number" && closeFloat(av, Number(decodeFloat(e)), o.dtype as "float32" | "float64") : av === e;
      if (!ok && out.length < 3) out.push(`${at}.flat[${i}]: ${String(av)} != ${String(e)} (${String(o.dtype)})`);
    });
    return out;
  }
  return bad(`unknown expectation ${JSON.stringify(expected)}`);
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

function show(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
}

type Fn = (...args: unknown[]) => unknown;
const modules = new Map<string, Record<string, Fn> | { error: string }>();
let workDir = "";

/** Translates every case (each its own module), bundles them together once and imports the result. */
beforeAll(async () => {
  const dir = tempDir("nb2svc-parity-");
  workDir = dir;
  symlinkSync(path.join(packageRoot(), "src", "runtime"), path.join(dir, "runtime"), "dir");
  const exportsOf: string[] = [];
  for (const [i, c] of cases.entries()) {
    const file = path.join(dir, `case${i}.py`);
    writeFileSync(file, c.source);
    try {
    const { notebook } = await loadPythonFile(file);
    const first = await analyze(notebook!, { entries: ["f"] });
    const errors = first.diagnostics.filter((d) => d.severity === "error");
    const names = new Set([...first.entries, ...first.helpers]);
    const module = errors.length
      ? null
      : await translate({ functions: first.functions.filter((f) => names.has(f.name)), constants: first.constants, imports: first.imports, origin: c.name });
    const problems = [...errors, ...(module?.diagnostics.filter((d) => d.severity === "error") ?? [])];
    if (!module || problems.length) {
      modules.set(c.name, { error: problems.map((d) => `line ${d.line}: ${d.code}: ${d.message}`).join("\n") });
      continue;
    }
    writeFileSync(path.join(dir, `case${i}.ts`), module.text);
    exportsOf.push(`export * as case${i} from "./case${i}.ts";`);
    } catch (e) {
      // a crash of the translator fails this case only, with its stack
      modules.set(c.name, { error: `translator crashed: ${(e as Error).stack}` });
    }
  }
  exportsOf.push('export * as core from "./runtime/core.ts";', 'export * as np from "./runtime/np.ts";', 'export * as dict from "./runtime/pydict.ts";', 'export * as ndarray from "./runtime/ndarray.ts";');
  writeFileSync(path.join(dir, "index.ts"), exportsOf.join("\n") + "\n");
  mkdirSync(path.join(dir, "out"));
  await esbuild.build({ entryPoints: [path.join(dir, "index.ts")], bundle: true, format: "esm", platform: "node", outfile: path.join(dir, "out", "index.mjs"), logLevel: "silent" });
  const loaded = (await import(pathToFileURL(path.join(dir, "out", "index.mjs")).href)) as Record<string, Record<string, Fn>>;
  rt = loaded as unknown as typeof rt;
  cases.forEach((c, i) => {
    if (!modules.has(c.name)) modules.set(c.name, loaded[`case${i}`]!);
  });
}, 120_000);

describe.each([...new Set(cases.map((c) => c.area))])("parity: %s", (area) => {
  for (const c of cases.filter((x) => x.area === area)) {
    it(c.name, () => {
      rt.np.setPromotionRules("legacy"); // the fixtures come from numpy 1.24
      const mod = modules.get(c.name)!;
      expect("error" in mod ? mod.error : "", "translation").toBe("");
      const f = (mod as Record<string, Fn>).f!;
      for (const call of c.calls) {
        const args = call.args.map(decode);
        let result: unknown;
        let thrown: unknown;
        try {
          result = f(...args);
        } catch (e) {
          thrown = e;
        }
        const label = `f(${call.args.map(show).join(", ")})`;
        if (call.raises) {
          expect(thrown instanceof rt.core.PyError ? thrown.type : thrown, label).toBe(call.raises);
          continue;
        }
        if (thrown) throw Object.assign(thrown as Error, { message: `${label}: ${(thrown as Error).message}` });
        expect(diff(result, call.value), label).toEqual([]);
      }
    });
  }
});

describe("the translated modules", () => {
  it("type-check under strict settings (signatures are real types, the bodies compile as they are)", () => {
    const files = readdirSync(workDir).filter((f) => /^case.*\.ts$/.test(f)).map((f) => path.join(workDir, f));
    expect(files.length).toBeGreaterThan(0);
    const output = typeCheck(files, { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [] });
    expect(output).toBe("");
  }, 120_000);
});
