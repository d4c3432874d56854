// The short fuzz run (the long one is test/fuzz/long.ts): mutated examples and generated notebooks through load,
// analyze, plan and translate. Each input ends with diagnostics or a module: no exception escapes, no input hangs.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { mutateNotebook, mutatePython, rng } from "./mutate.ts";
import { runStages } from "./target.ts";
import { notebookJson } from "../helpers/notebook.ts";

const examples = ["iris", "digits", "sentiment"].map((n) => ({
  dir: path.join(packageRoot(), "examples", n),
  text: readFileSync(path.join(packageRoot(), "examples", n, `${n}.ipynb`), "utf8"),
}));

/** A hang guard, not a speed test: an input that takes this long is stuck. */
const HANG_MS = 20_000;

async function bounded<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("input did not finish: a hang")), HANG_MS);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe("fuzzing the tool (short run)", () => {
  it("survives 200 mutations of the examples", async () => {
    const stages = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const ex = examples[i % examples.length]!;
      const bytes = mutateNotebook(ex.text, rng(1000 + i));
      const out = await bounded(runStages(bytes, ex.dir)).catch((e: Error) => {
        throw new Error(`seed ${1000 + i}: ${e.stack}`);
      });
      stages.set(out.stage, (stages.get(out.stage) ?? 0) + 1);
    }
    // the mutations reach every stage, not only the loader
    expect([...stages.keys()].sort()).toEqual(expect.arrayContaining(["analyze", "load", "translate"]));
  }, 300_000);

  it("survives arbitrary JSON, arbitrary text and arbitrary Python in cells (fast-check)", async () => {
    const dir = examples[0]!.dir;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ unit: "binary" })), async (text) => {
        await bounded(runStages(new TextEncoder().encode(text), dir));
      }),
      { numRuns: 150, seed: 42 },
    );
    const code = fc.array(fc.oneof(fc.string(), fc.constantFrom(...examples.flatMap((e) => (JSON.parse(e.text) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(""))))), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(code, fc.integer(), async (cells, seed) => {
        const r = rng(seed);
        const mutated = cells.map((c) => (r() < 0.5 ? mutatePython(c, r) : c));
        await bounded(runStages(new TextEncoder().encode(JSON.stringify(notebookJson(mutated))), dir));
      }),
      { numRuns: 150, seed: 7 },
    );
  }, 300_000);
});
