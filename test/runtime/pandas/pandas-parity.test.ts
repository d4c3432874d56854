// The pandas corpus: every case of pandas_cases.py, translated by nb2svc as a notebook function and run on the
// arguments pandas ran it on; results must be pandas 1.5.3's (fixtures/pandas.json from gen_pandas_cases.py): frames
// and Series by labels, index class, dtypes and values, numpy scalars by dtype, exceptions by type and message.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../../src/analyze/analyze.ts";
import { packageRoot } from "../../../src/assets.ts";
import { loadPythonFile } from "../../../src/load/python-file.ts";
import { translate } from "../../../src/translate/translate.ts";
import { decode, diff, show, type Runtime, type Tagged } from "./compare.ts";
import { typeCheck } from "../../helpers/typecheck.ts";
import { tempDir } from "../../helpers/temp.ts";

interface Call {
  readonly args: Tagged[];
  readonly value?: Tagged;
  readonly raises?: string;
  readonly message?: string;
  /** nb2svc refuses this call on purpose (docs/pandas.md): the error type and a part of its message. */
  readonly refused?: { readonly type: string; readonly match: string };
}
interface Case {
  readonly area: string;
  readonly name: string;
  readonly source: string;
  readonly calls: Call[];
}

const fixture = JSON.parse(readFileSync(path.join(packageRoot(), "test", "runtime", "pandas", "fixtures", "pandas.json"), "utf8")) as { cases: Case[] };
const cases = fixture.cases;

type Fn = (...args: unknown[]) => unknown;
const modules = new Map<string, Record<string, Fn> | { error: string }>();
let rt: Runtime;
let workDir = "";

beforeAll(async () => {
  const dir = tempDir("nb2svc-pandas-");
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
      modules.set(c.name, { error: `translator crashed: ${(e as Error).stack}` });
    }
  }
  exportsOf.push(
    'export * as core from "./runtime/core.ts";',
    'export * as np from "./runtime/np.ts";',
    'export * as dict from "./runtime/pydict.ts";',
    'export * as ndarray from "./runtime/ndarray.ts";',
    'export * as pandas from "./runtime/pandas/api.ts";',
  );
  writeFileSync(path.join(dir, "index.ts"), exportsOf.join("\n") + "\n");
  mkdirSync(path.join(dir, "out"));
  await esbuild.build({ entryPoints: [path.join(dir, "index.ts")], bundle: true, format: "esm", platform: "node", outfile: path.join(dir, "out", "index.mjs"), logLevel: "silent" });
  const loaded = (await import(pathToFileURL(path.join(dir, "out", "index.mjs")).href)) as Record<string, Record<string, Fn>>;
  rt = loaded as unknown as Runtime;
  cases.forEach((c, i) => {
    if (!modules.has(c.name)) modules.set(c.name, loaded[`case${i}`]!);
  });
}, 180_000);

describe.each([...new Set(cases.map((c) => c.area))])("pandas parity: %s", (area) => {
  for (const c of cases.filter((x) => x.area === area)) {
    it(c.name, () => {
      rt.np.setPromotionRules("legacy"); // the fixtures come from numpy 1.24
      const mod = modules.get(c.name)!;
      expect("error" in mod ? mod.error : "", "translation").toBe("");
      const f = (mod as Record<string, Fn>).f!;
      const failures: string[] = [];
      for (const call of c.calls) {
        const args = call.args.map((a) => decode(rt, a));
        const label = `f(${call.args.map(show).join(", ")})`;
        let result: unknown;
        if (call.refused) {
          const r = call.refused;
          try {
            result = f(...args);
            failures.push(`${label}: returned ${show(result)}, expected the runtime's refusal ${r.type}: ...${r.match}...`);
          } catch (e) {
            const err = e as { type?: string; message: string };
            if (err.type !== r.type || !err.message.includes(r.match)) failures.push(`${label}: raised ${err.message}, expected ${r.type}: ...${r.match}...`);
          }
          continue;
        }
        try {
          result = f(...args);
        } catch (e) {
          const err = e as { type?: string; message: string };
          if (!call.raises) {
            failures.push(`${label}: raised ${err.message}\n${(e as Error).stack?.split("\n").slice(1, 6).join("\n")}`);
            continue;
          }
          const message = err.type ? err.message.slice(err.type.length + 2) : err.message;
          // Python names re.error `error`; the runtime calls it `re.error`
          const raises = call.raises === "error" ? "re.error" : call.raises;
          if (err.type !== raises || message !== call.message) {
            failures.push(`${label}: raised ${err.type ?? "(not a PyError)"}: ${message}\n    expected ${call.raises}: ${call.message}`);
          }
          continue;
        }
        if (call.raises) {
          failures.push(`${label}: returned ${show(result)}, expected ${call.raises}: ${call.message}`);
          continue;
        }
        const d = diff(rt, result, call.value);
        if (d.length) failures.push(`${label}:\n    ${d.join("\n    ")}`);
      }
      expect(failures.join("\n")).toBe("");
    });
  }
});

describe("the translated pandas modules", () => {
  it("type-check under strict settings", () => {
    const files = readdirSync(workDir).filter((f) => /^case.*\.ts$/.test(f)).map((f) => path.join(workDir, f));
    expect(files.length).toBeGreaterThan(0);
    const output = typeCheck(files, { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [] });
    expect(output).toBe("");
  }, 180_000);
});
