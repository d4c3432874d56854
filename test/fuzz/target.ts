// What the fuzzers run: notebook bytes through load, analyze, plan and translate, in memory (no files written, no
// model run). The invariant: it returns diagnostics or a module; it never throws.
import path from "node:path";
import { analyze } from "../../src/analyze/analyze.ts";
import { DiagnosticLog, hasErrors } from "../../src/diagnostics/log.ts";
import { parseNotebook } from "../../src/load/load.ts";
import type { ModelSignature } from "../../src/inspect/types.ts";
import { plan } from "../../src/plan/plan.ts";
import { translatePlan } from "../../src/translate/translate.ts";

/** A model signature like the examples', so that planning and translation run without reading a model file. */
const SIGNATURE: ModelSignature = {
  path: "/fuzz/model.onnx",
  sha256: "0".repeat(64),
  bytes: 1,
  opset: 17,
  producer: "fuzz",
  inputs: [{ name: "x", dtype: "float32", shape: ["batch", 4] }],
  outputs: [{ name: "y", dtype: "float32", shape: ["batch", 3] }],
};

export interface Outcome {
  readonly stage: "load" | "analyze" | "plan" | "translate";
  readonly errors: number;
  readonly translated: boolean;
}

/** Runs the stages on notebook bytes that pretend to live in `dir` (files next to them are read from there). */
export async function runStages(bytes: Uint8Array, dir: string): Promise<Outcome> {
  const log = new DiagnosticLog();
  const nb = parseNotebook(path.join(dir, "fuzz.ipynb"), bytes, log);
  if (!nb) return { stage: "load", errors: log.items.length, translated: false };
  const analysis = await analyze(nb);
  if (hasErrors(analysis.diagnostics)) return { stage: "analyze", errors: analysis.diagnostics.length, translated: false };
  const p = plan(analysis, SIGNATURE, { toolVersion: "fuzz" });
  if (hasErrors(p.diagnostics)) return { stage: "plan", errors: p.diagnostics.length, translated: false };
  const t = await translatePlan(p);
  return { stage: "translate", errors: t.diagnostics.filter((d) => d.severity === "error").length, translated: !hasErrors(t.diagnostics) };
}
