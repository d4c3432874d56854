// The pickle reader on plain data (fixtures/values.json, gen_sklearn_cases.py): Python and numpy values written by
// pickle protocols 0 to 5 and by joblib (plain, zlib, gzip) read to the PyValue docs/sklearn.md documents, with
// dtypes the analysis has no name for widened without loss. Also: the allow-list and the runtime's class table name
// the same classes, and every restore function they point at exists.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { Json, PyValue } from "../../src/analyze/types.ts";
import { allowedSklearnClasses, readPickleFile } from "../../src/pickle/index.ts";
import { libraryEntry } from "../../src/pylib/index.ts";
import { SKLEARN } from "../../src/pylib/sklearn.ts";
import { FIXTURES } from "./helpers.ts";

interface ValueCase {
  name: string;
  files: Record<string, string>;
  expected: unknown;
}

const cases: ValueCase[] = JSON.parse(readFileSync(path.join(FIXTURES, "values.json"), "utf8"));

const num = (v: unknown): unknown => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

function flatten(j: Json): unknown[] {
  return Array.isArray(j) ? j.flatMap((x) => flatten(x)) : [j];
}

function shapeOf(j: Json): number[] {
  return Array.isArray(j) ? [j.length, ...(j.length ? shapeOf(j[0]!) : [])] : [];
}

/** The reader's PyValue in the generator's spelling (arrays as flat values and a shape, non-finite floats as text). */
function spelled(v: PyValue): unknown {
  switch (v.k) {
    case "float":
      return { k: "float", v: Number.isFinite(v.v) ? v.v : Number.isNaN(v.v) ? "nan" : v.v > 0 ? "inf" : "-inf" };
    case "npscalar":
      return { k: "npscalar", dtype: v.dtype, v: typeof v.v === "number" && !Number.isFinite(v.v) ? String(v.v).replace("Infinity", "inf").replace("NaN", "nan") : v.v };
    case "ndarray": {
      const shape = shapeOf(v.value);
      const flat = shape.length === 0 ? [v.value] : flatten(v.value);
      return { k: "ndarray", dtype: v.dtype, flat: flat.map((x) => (typeof x === "number" && !Number.isFinite(x) ? (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf") : x)), shape };
    }
    case "list":
    case "tuple":
    case "set":
      return { k: v.k, items: v.items.map(spelled) };
    case "dict":
      return { k: "dict", entries: v.entries.map(([k, x]) => [spelled(k), spelled(x)]) };
    case "object":
      return { k: "object", cls: v.cls, state: spelled(v.state) };
    default:
      return v;
  }
}

describe("the pickle reader on plain data", () => {
  for (const c of cases) {
    for (const [variant, file] of Object.entries(c.files)) {
      it(`${c.name} (${variant})`, () => {
        const { value, compression } = readPickleFile(readFileSync(path.join(FIXTURES, file)));
        expect(compression).toBe(variant === "joblib-zlib" ? "zlib" : variant === "joblib-gzip" ? "gzip" : "none");
        const got = spelled(value) as { items?: unknown[] };
        const want = c.expected as { k: string; items: unknown[] };
        // sets keep no order: compare their items as sorted JSON
        const norm = (x: unknown): unknown =>
          x && typeof x === "object" && (x as { k?: string }).k === "set"
            ? { k: "set", items: ((x as { items: unknown[] }).items.map((i) => JSON.stringify(norm(i))) as string[]).sort() }
            : Array.isArray(x)
              ? x.map(norm)
              : x && typeof x === "object"
                ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, norm(y)]))
                : num(x) === x ? x : x;
        expect(norm(got)).toEqual(norm(want));
      });
    }
  }
});

describe("the allow-list and the runtime's class table", () => {
  it("name the same scikit-learn classes", () => {
    const allowed = new Set(allowedSklearnClasses());
    const runtime = new Set(Object.keys(SKLEARN).filter((k) => k.startsWith("sklearn.")));
    for (const cls of allowed) expect(runtime.has(cls), `${cls} has no runtime class`).toBe(true);
    // the runtime table also has the public names (sklearn.preprocessing.StandardScaler), which pickles never hold
    for (const cls of runtime) {
      const pickled = allowed.has(cls);
      const isPublic = [...allowed].some((a) => a.endsWith(`.${cls.split(".").pop()}`));
      expect(pickled || isPublic, `${cls} is neither read nor a public name`).toBe(true);
    }
  });

  it("point at restore functions the runtime exports", async () => {
    const modules = new Map<string, Record<string, unknown>>();
    for (const [name, entry] of Object.entries(SKLEARN)) {
      expect(entry.kind).toBe("class");
      if (entry.kind !== "class") continue;
      const file = pathToFileURL(path.join(import.meta.dirname, "..", "..", "src", "runtime", `${entry.module}.ts`)).href;
      if (!modules.has(entry.module)) modules.set(entry.module, await import(/* @vite-ignore */ file));
      expect(typeof modules.get(entry.module)![entry.restore], `${name}: ${entry.module}.${entry.restore}`).toBe("function");
      expect(libraryEntry(name)).toBe(entry);
    }
  });
});
