// The corpus (test/corpus): notebooks written the way people write them, not in nb2svc's idiom. Each converts with
// no tags and no flags, its service passes convert's checks (the bundle started, the notebook's examples replayed
// over HTTP, bad requests, SIGTERM), and for the cells listed in test/corpus/expected.json the service answers what
// the notebook displayed. A notebook whose inference needs a value computed from data and saved nowhere is refused,
// naming the value; with --execute (when a Python with Jupyter and the notebook's libraries is here) it converts.
// Each notebook that converts as it is is converted once per run (test/helpers/examples.ts), shared with other tests.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { convert } from "../../src/driver/pipeline.ts";
import { differences } from "../../src/verify/compare.ts";
import { convertedNotebook } from "../helpers/examples.ts";

interface Case {
  readonly notebook: string;
  readonly needs: "nothing" | "execute";
  readonly unsaved?: readonly string[];
}

/**
 * For each notebook, the cells (0-based index) whose displayed answer its service gives, with that answer as the
 * notebook shows it (transcribed from the cell's output, independently of nb2svc's reading of it).
 */
const expected = JSON.parse(readFileSync(path.join(packageRoot(), "test", "corpus", "expected.json"), "utf8")) as Record<string, Record<string, unknown>>;
const corpus = path.join(packageRoot(), "test", "corpus");
const names = readdirSync(corpus).filter((n) => existsSync(path.join(corpus, n, "case.json"))).sort();
const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-corpus-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A Python that can run the corpus (Jupyter, torch, scikit-learn, pandas), or null: --execute checks need one. */
function pythonForExecute(): string | null {
  const python = process.env.NB2SVC_PYTHON ?? "/usr/bin/python3";
  try {
    execFileSync(python, ["-c", "import nbconvert, ipykernel, torch, sklearn, pandas, onnx"], { stdio: "ignore" });
    return python;
  } catch {
    return null;
  }
}
const python = pythonForExecute();

describe.each(names)("corpus notebook %s", (name) => {
  const dir = path.join(corpus, name);
  const c = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as Case;
  const notebook = path.join(dir, c.notebook);

  if (c.needs === "execute") {
    it("is refused without --execute, naming each value computed from data and saved nowhere", async () => {
      const result = await convert(notebook, { out: path.join(work, `${name}-refused`) });
      expect(result.ok).toBe(false);
      const unresolved = result.diagnostics.filter((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED").map((d) => d.message);
      for (const v of c.unsaved ?? []) expect(unresolved.some((m) => m.startsWith(`\`${v}\``)), `${v} in ${JSON.stringify(unresolved)}`).toBe(true);
      expect(existsSync(path.join(work, `${name}-refused`))).toBe(false);
    }, 120_000);
    // skipped, visibly, where no Python with Jupyter and the notebook's libraries is installed (README: optional)
    it.skipIf(python === null)("converts with --execute, and its service answers what the notebook displayed", async () => {
      // the corpus's onnxruntime and skl2onnx stand-ins (tools/pyshims): the notebook ran with them
      const saved = process.env.PYTHONPATH;
      process.env.PYTHONPATH = path.join(packageRoot(), "tools", "pyshims");
      let result;
      try {
        result = await convert(notebook, { out: path.join(work, `${name}-executed`), execute: { python: python! } });
      } finally {
        if (saved === undefined) delete process.env.PYTHONPATH;
        else process.env.PYTHONPATH = saved;
      }
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.ok).toBe(true);
      checkAnswers(name, result.plan!.goldens);
    }, 600_000);
    return;
  }

  it("converts with no tags and no flags, passes its checks, and answers the notebook's displayed answers", async () => {
    // the run's one conversion of it (test/helpers/examples.ts), which test/generate/served-openapi.test.ts reads too
    const result = await convertedNotebook(path.relative(packageRoot(), notebook));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.verify).toMatchObject({ ok: true, failed: 0 });
    // every example (the notebook's, or model checks when it shows none) was replayed over HTTP by the checks
    expect(result.verify!.tests.filter((t) => /example|model check/.test(t.name)).length).toBeGreaterThan(0);
    checkAnswers(name, result.plan!.goldens);
  }, 120_000);
});

/** The listed cells are answered with what the notebook displayed (within the display's precision). */
function checkAnswers(name: string, goldens: readonly { readonly cell: number | null; readonly expected: unknown; readonly source: string; readonly atol?: number }[]): void {
  for (const [cell, answer] of Object.entries(expected[name] ?? {})) {
    const g = goldens.find((x) => x.source === "notebook" && x.cell === Number(cell));
    expect(g, `a golden for cell ${cell} of ${name}`).toBeDefined();
    expect(differences(g!.expected, answer, { rtol: 1e-4, atol: 1e-4 + (g!.atol ?? 0) })).toEqual([]);
  }
}
