// Model checks: for a notebook that displayed no answer nb2svc can read back, examples made at conversion so the
// service still has real tests. Inputs come from the request schema (and the model's signature); answers come from
// running the written service's own pipeline (its preprocessing, the model in onnxruntime, its postprocessing) in
// this process. They pin what the service answers today; they are labelled as model checks, not notebook answers.
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import type { Json } from "../analyze/types.ts";
import { moduleDirs, packageRoot } from "../assets.ts";
import { COMMON, REQUIRE_SHIM, TARGET } from "../codegen/bundle-options.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { TensorInfo } from "../inspect/types.ts";
import type { GoldenCase, JsonSchema, ServicePlan } from "../plan/types.ts";
import { differences } from "./compare.ts";
import { removedIfStopped } from "../scratch.ts";
import { samplePng } from "./sample-image.ts";

interface PipelineModule {
  readonly preprocess: (body: unknown) => unknown;
  readonly postprocess: (outputs: readonly unknown[], body?: unknown) => unknown;
  readonly Model: new (path: string) => { open(): Promise<void>; run(feeds: unknown): Promise<unknown[]>; close(): Promise<void> };
}

export interface ModelChecks {
  readonly goldens: readonly GoldenCase[];
  readonly diagnostics: readonly Diagnostic[];
}

/** How many checks to make: a few inputs, different enough to catch a service that ignores its input. */
const CHECKS = 3;

/**
 * The written service's pipeline (its preprocessing, model and postprocessing) loaded in this process, from a bundle
 * written to the temporary folder; `remove` removes that file.
 */
async function loadPipeline(dir: string): Promise<{ mod: PipelineModule; remove: () => Promise<void> }> {
  const file = path.join(os.tmpdir(), `nb2svc-checks-${process.pid}-${randomBytes(4).toString("hex")}.mjs`);
  const release = removedIfStopped(file);
  const remove = async () => {
    await rm(file, { force: true });
    release();
  };
  try {
    const built = await esbuild.build({
      ...COMMON,
      platform: "node",
      target: TARGET.node,
      absWorkingDir: dir,
      stdin: { contents: 'export { preprocess, postprocess } from "./src/generated/pipeline.ts";\nexport { Model } from "./src/model.ts";\n', resolveDir: dir, loader: "ts" },
      banner: { js: REQUIRE_SHIM },
      nodePaths: moduleDirs(),
      plugins: [nativeFromTool],
      write: false,
      logLevel: "silent",
    });
    await writeFile(file, built.outputFiles[0]!.contents);
    return { mod: (await import(pathToFileURL(file).href)) as PipelineModule, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}

/**
 * The notebook's examples whose inputs nb2svc rebuilt from data (rows of a seeded split): each is kept only when the
 * service's own pipeline answers what the notebook displayed (a row picked differently would be a wrong test).
 */
export async function confirmDataGoldens(dir: string, plan: ServicePlan): Promise<{ readonly goldens: readonly GoldenCase[]; readonly diagnostics: readonly Diagnostic[] }> {
  if (!plan.goldens.some((g) => g.fromData)) return { goldens: plan.goldens, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let loaded: Awaited<ReturnType<typeof loadPipeline>>;
  try {
    loaded = await loadPipeline(dir);
  } catch (e) {
    return { goldens: plan.goldens.filter((g) => !g.fromData), diagnostics: [checkFailed(`the service's pipeline could not be loaded: ${(e as Error).message}`)] };
  }
  const model = new loaded.mod.Model(path.join(dir, "model", plan.model.fileName));
  const kept: GoldenCase[] = [];
  try {
    await model.open();
    for (const g of plan.goldens) {
      if (!g.fromData) {
        kept.push(g);
        continue;
      }
      let problem: string | null;
      try {
        const answer = await answerOf(loaded.mod, model, g.request, plan.request.style === "record");
        problem = differences(answer, g.expected, { rtol: plan.tolerance.rtol, atol: plan.tolerance.atol + (g.atol ?? 0) })[0] ?? null;
      } catch (e) {
        problem = (e as Error).message.split("\n")[0]!;
      }
      if (problem === null) kept.push(g);
      else {
        diagnostics.push({
          severity: "info",
          code: "VERIFY_DATA_EXAMPLE_DROPPED",
          message: `the example of cell ${(g.cell ?? 0) + 1} is rows of the notebook's data that nb2svc picked as the notebook did, but the service's answer differs (${problem}); it is not one of the service's tests`,
          ...(g.cell !== null ? { at: { cell: g.cell, line: 1, column: 1 } } : {}),
          suggestion: "convert with --execute to read the rows the notebook really used",
        });
      }
    }
  } finally {
    await model.close().catch(() => undefined);
    await loaded.remove();
  }
  return { goldens: kept, diagnostics };
}

/** The service's answer for one request body (a list of records answers each). */
async function answerOf(mod: PipelineModule, model: { run(feeds: unknown): Promise<unknown[]> }, body: Json, eachRecord: boolean): Promise<Json> {
  if (eachRecord && Array.isArray(body)) {
    const out: Json[] = [];
    for (const r of body) out.push(await answerOf(mod, model, r, false));
    return out;
  }
  const outputs = await model.run(mod.preprocess(body));
  return JSON.parse(JSON.stringify(mod.postprocess(outputs, body) ?? null)) as Json;
}

/** Makes model checks for the service written in `dir` (its sources and model; the bundle is not needed). */
export async function modelChecks(dir: string, plan: ServicePlan): Promise<ModelChecks> {
  const diagnostics: Diagnostic[] = [];
  let mod: PipelineModule;
  let remove: () => Promise<void>;
  try {
    ({ mod, remove } = await loadPipeline(dir));
  } catch (e) {
    return { goldens: [], diagnostics: [checkFailed(`the service's pipeline could not be loaded: ${(e as Error).message}`)] };
  }
  const model = new mod.Model(path.join(dir, "model", plan.model.fileName));
  const goldens: GoldenCase[] = [];
  const failures: string[] = [];
  try {
    await model.open();
    // a field of unknown type gets the model input's shape; preprocessing that adds leading axes itself
    // (`torch.from_numpy(img).unsqueeze(0).unsqueeze(0)`) takes it without them: fewer leading axes are tried next
    let drop = 0;
    for (let i = 0; i < CHECKS; i++) {
      let request = sampleRequest(plan, i, drop);
      if (!request) break;
      try {
        let outputs: unknown;
        for (;;) {
          try {
            // the service hands image fields to the pipeline as the file's bytes (the request carries them in base64)
            outputs = await model.run(mod.preprocess(withImageBytes(plan, request)));
            break;
          } catch (e) {
            const fewer = i === 0 && drop < 3 ? sampleRequest(plan, i, drop + 1) : null;
            if (!fewer || JSON.stringify(fewer) === JSON.stringify(request)) throw e;
            drop++;
            request = fewer;
          }
        }
        const answer = JSON.parse(JSON.stringify(mod.postprocess(outputs as readonly unknown[]) ?? null)) as Json;
        goldens.push({
          name: `model-check-${i + 1}`,
          cell: null,
          call: plan.request.samples?.length ? `row ${i + 1} of the data shipped with the notebook` : `an input made from the request schema (${i === 0 ? "the smallest values" : `seed ${i}`})`,
          request,
          expected: answer,
          source: "model-check",
        });
      } catch (e) {
        failures.push((e as Error).message.split("\n")[0]!);
      }
    }
  } catch (e) {
    failures.push((e as Error).message.split("\n")[0]!);
  } finally {
    await model.close().catch(() => undefined);
    await remove();
  }
  if (goldens.length === 0) {
    diagnostics.push(checkFailed(`no input made from the request schema runs through the service${failures[0] ? ` (${failures[0]})` : ""}, so its tests replay no example`));
  } else {
    diagnostics.push({
      severity: "info",
      code: "VERIFY_MODEL_CHECKS",
      message: `the notebook displays no answer nb2svc can read back; the service's tests replay ${goldens.length} model check(s) instead: inputs made from the request schema, answers computed by the model at conversion (they pin what the service answers, not what the notebook showed)`,
      suggestion: "end a cell with the inference path on a concrete example (its answer as the cell's last expression or print) to test against the notebook's own answer",
    });
  }
  return { goldens, diagnostics };
}

function checkFailed(message: string): Diagnostic {
  return {
    severity: "warning",
    code: "VERIFY_NO_MODEL_CHECKS",
    message,
    suggestion: "end a cell with the inference path on a concrete example, so the service is tested against the notebook's answer",
  };
}

/** onnxruntime-node (a native addon) is loaded from nb2svc's own install, wherever the bundle is written. */
const nativeFromTool: esbuild.Plugin = {
  name: "native-from-tool",
  setup(build) {
    const require = createRequire(path.join(packageRoot(), "package.json"));
    build.onResolve({ filter: /^onnxruntime-node$/ }, () => ({ path: require.resolve("onnxruntime-node"), external: true }));
  },
};

/** A request body for check `i`: each field's value made from its schema (tensors from the model's signature). */
export function sampleRequest(plan: ServicePlan, i: number, dropAxes = 0): Record<string, Json> | null {
  // rows of the data shipped with the notebook, when there are
  const samples = plan.request.samples ?? [];
  if (samples.length) return i < samples.length ? { ...samples[i]! } : null;
  const out: Record<string, Json> = {};
  const random = seeded(i + 1);
  const inputs = plan.model.signature.inputs;
  for (const field of plan.request.fields) {
    if (!field.required && i === 0) continue;
    if (field.media === "image") {
      // an image file, as a client sends it in JSON: sizes that make resizing and cropping work
      const [w, h] = ([[32, 32], [64, 48], [45, 70]] as const)[i % 3]!;
      out[field.name] = Buffer.from(samplePng(w, h, i)).toString("base64");
      continue;
    }
    const tensor = inputs.find((t) => t.name === field.name);
    // a record's column of unknown type: a number (the columns of a frame a model reads are numbers, mostly)
    const schema = plan.request.style === "record" && Object.keys(field.schema).length === 0 ? { type: "number" } : field.schema;
    const like = tensor ?? (Object.keys(schema).length === 0 ? inputs[0] : undefined);
    const v = valueFor(schema, random, i, like && dropAxes ? { ...like, shape: like.shape.slice(Math.min(dropAxes, Math.max(0, like.shape.length - 1))) } : like);
    if (v === undefined) return null;
    out[field.name] = v;
  }
  return out;
}

/** The request as the service's pipeline receives it: image fields decoded from base64 to bytes. */
function withImageBytes(plan: ServicePlan, request: Record<string, Json>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...request };
  for (const f of plan.request.fields) if (f.media === "image" && typeof request[f.name] === "string") out[f.name] = Buffer.from(request[f.name] as string, "base64");
  return out;
}

function valueFor(schema: JsonSchema, random: () => number, i: number, tensor?: TensorInfo): Json | undefined {
  if (Object.keys(schema).length === 0) return tensor ? tensorValue(tensor, random, i) : undefined;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[i % schema.enum.length] as Json;
  if (schema.const !== undefined) return schema.const as Json;
  if (Array.isArray(schema.anyOf)) {
    for (const s of schema.anyOf as JsonSchema[]) {
      const v = valueFor(s, random, i, tensor);
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== "null") : (schema.type as string | undefined);
  switch (type) {
    case "number":
      return i === 0 ? 0 : Math.round(random() * 1e4) / 1e4;
    case "integer":
      return i === 0 ? 0 : Math.floor(random() * 4);
    case "boolean":
      return i % 2 === 1;
    case "string":
      return i === 0 ? "a" : `sample ${i}`;
    case "null":
      return null;
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 1);
      // a free dimension gets one row, then two: the second check exercises the batch axis
      const n = Math.min(max, Math.max(min, i === 2 ? 2 : 1));
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const out: Json[] = [];
      for (let k = 0; k < n; k++) {
        const v = valueFor(items, random, i, tensor && tensor.shape.length > 1 ? { ...tensor, shape: tensor.shape.slice(1) } : undefined);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case "object": {
      const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      const required = (schema.required as string[] | undefined) ?? Object.keys(props);
      const out: Record<string, Json> = {};
      for (const k of required) {
        const v = valueFor(props[k] ?? {}, random, i);
        if (v === undefined) return undefined;
        out[k] = v;
      }
      return out;
    }
    default:
      return tensor ? tensorValue(tensor, random, i) : undefined;
  }
}

/** Nested arrays of a tensor's shape (free dimensions 1, or 2 for the batch axis of the third check). */
function tensorValue(t: TensorInfo, random: () => number, i: number): Json {
  const leaf = (): Json =>
    t.dtype === "string" ? (i === 0 ? "a" : `sample ${i}`) : t.dtype === "bool" ? i % 2 === 1 : t.dtype.startsWith("float") ? (i === 0 ? 0 : Math.round(random() * 1e4) / 1e4) : i === 0 ? 0 : Math.floor(random() * 4);
  const build = (dims: readonly (number | string | null)[], depth: number): Json => {
    if (dims.length === 0) return leaf();
    const d = dims[0];
    const n = typeof d === "number" ? d : depth === 0 && i === 2 ? 2 : 1;
    return Array.from({ length: n }, () => build(dims.slice(1), depth + 1));
  };
  return build(t.shape, 0);
}

/** A small deterministic generator (mulberry32): the same checks on every conversion. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
