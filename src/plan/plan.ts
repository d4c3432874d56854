// plan: an Analysis and the model's ModelSignature to the ServicePlan that translate and generate read.
import path from "node:path";
import type { Analysis, Json, PyFunction, PyParam } from "../analyze/types.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { ModelSignature, TensorInfo } from "../inspect/types.ts";
import { columnSchema, isColumnar, rawResponseSchema, schemaForAnnotation, schemaForResponses, schemaForValues, tensorSchema } from "./schema.ts";

export { tensorSchema };
import type { BatchingOptions, GoldenCase, JsonSchema, LimitOptions, RequestField, ServiceOptions, ServicePlan } from "./types.ts";

export interface PlanOptions {
  readonly toolVersion: string;
  readonly name?: string;
  readonly port?: number;
  readonly host?: string;
  readonly batching?: Partial<BatchingOptions>;
  readonly limits?: Partial<LimitOptions>;
  readonly container?: boolean;
  readonly kubernetes?: boolean;
}

/**
 * Defaults chosen by measurement (docs/performance.md); every one can be changed with an env var. No wait (0 ms): a
 * lone request runs at once, and under load the requests that arrive during a model run form the next batch by
 * themselves; any wait costs a lone request at least a timer tick (5-10x fewer requests/s at one connection).
 * 32 rows beat 64 at 128 connections (median requests/s and p99 both better: a long run blocks the one JS thread
 * that also parses, preprocesses and answers) and lose nothing at 32 connections, where batches average 12 rows.
 * 4096 queued rows is well under a second of work for models of this size before the service sheds load with 503.
 */
export const DEFAULT_BATCHING: BatchingOptions = { enabled: true, maxBatchRows: 32, maxDelayMs: 0, maxQueueRows: 4096 };

/** A 1 MiB body holds thousands of rows of features; 30 s is far past any model here; 10 s drains any queue. */
export const DEFAULT_LIMITS: LimitOptions = { bodyLimitBytes: 1_048_576, requestTimeoutMs: 30_000, shutdownGraceMs: 10_000 };

/** How close the service's numbers must be to the notebook's: |actual - expected| <= atol + rtol * |expected|. */
export const DEFAULT_TOLERANCE = { rtol: 1e-4, atol: 1e-4 };

/** A name usable as an npm package, a container image and a Kubernetes object (DNS-1123 label). */
export function serviceName(raw: string): string {
  const s = raw
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .replace(/[_\s]+/g, "-")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return s || "model";
}

export function plan(analysis: Analysis, signature: ModelSignature, opts: PlanOptions): ServicePlan {
  const log = new DiagnosticLog();
  const notebookFile = path.basename(analysis.notebook);
  const name = serviceName(opts.name ?? notebookFile.replace(/\.ipynb$/i, ""));
  if (opts.name !== undefined && name !== opts.name) {
    log.info({
      code: "PLAN_NAME_NORMALISED",
      message: `the service name "${opts.name}" is used as "${name}" (lowercase letters, digits and dashes, as npm and Kubernetes need)`,
    });
  }
  const fns = new Map(analysis.functions.map((f) => [f.name, f]));
  const pre = analysis.preprocess ? fns.get(analysis.preprocess) : undefined;
  const post = analysis.postprocess ? fns.get(analysis.postprocess) : undefined;
  const path0 = analysis.inference.find(
    (c) => c.preprocess === (analysis.preprocess ?? c.preprocess) && c.postprocess === (analysis.postprocess ?? c.postprocess) && (c.preprocess || c.postprocess),
  );
  const input = path0?.input ?? { kind: "single" as const };
  let output = path0?.output ?? { kind: "output" as const, index: 0 };
  if (path0?.via === "method-call" && /\.predict_proba\(/.test(path0.source)) {
    // skl2onnx models return (label, probabilities): predict_proba is the probabilities output
    const i = signature.outputs.findIndex((o) => /prob/i.test(o.name));
    if (i >= 0) output = { kind: "output", index: i };
  }
  checkBindings(signature, pre ? input : null, output, post !== undefined, log);

  const records = !pre && isColumnar(signature.inputs);
  const fields = pre ? requestFromFunction(pre, analysis, log) : requestFromModel(signature.inputs, records);
  const ordered = [pre, post, ...analysis.helpers.map((h) => fns.get(h))].filter(
    (f, i, all): f is PyFunction => f !== undefined && all.indexOf(f) === i,
  );

  const goldens: GoldenCase[] = analysis.goldens.map((g) => ({
    name: `cell-${g.cell}`,
    cell: g.cell,
    call: g.call,
    request: g.input,
    expected: g.expected,
  }));

  const batchable =
    signature.inputs.length > 0 &&
    [...signature.inputs, ...signature.outputs].every((t) => t.shape.length > 0 && typeof t.shape[0] !== "number");
  const options: ServiceOptions = {
    port: opts.port ?? 8080,
    host: opts.host ?? "0.0.0.0",
    batching: { ...DEFAULT_BATCHING, enabled: batchable, ...opts.batching },
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    container: opts.container ?? true,
    kubernetes: opts.kubernetes ?? true,
  };
  if (options.batching.enabled && !batchable) {
    log.warning({
      code: "PLAN_NOT_BATCHABLE",
      message: "batching was asked for, but the model's first axis is fixed, so requests cannot be merged; batching is off",
      suggestion: 'export with a dynamic first axis: dynamic_axes={"<input>": {0: "batch"}, "<output>": {0: "batch"}}',
    });
  }
  return {
    name,
    toolVersion: opts.toolVersion,
    notebook: { path: analysis.notebook, fileName: notebookFile },
    model: { fileName: path.basename(signature.path), signature, batchable },
    request: { fields, ...(records ? { records } : {}) },
    response: { schema: post ? schemaForResponses(goldens.map((g) => g.expected)) : rawResponseSchema(signature, records) },
    pipeline: { preprocess: pre?.name ?? null, postprocess: post?.name ?? null, input, output },
    code: { functions: ordered, constants: analysis.constants, imports: analysis.imports },
    goldens,
    tolerance: DEFAULT_TOLERANCE,
    options: { ...options, batching: { ...options.batching, enabled: options.batching.enabled && batchable } },
    diagnostics: log.items,
  };
}

function checkBindings(
  sig: ModelSignature,
  input: ServicePlan["pipeline"]["input"] | null,
  output: ServicePlan["pipeline"]["output"],
  hasPost: boolean,
  log: DiagnosticLog,
): void {
  if (input?.kind === "single" && sig.inputs.length !== 1) {
    log.error({
      code: "PLAN_INPUT_COUNT",
      message: `preprocessing returns one array, but the model takes ${sig.inputs.length} inputs (${sig.inputs.map((i) => i.name).join(", ")})`,
      suggestion: "return a tuple of arrays in the model's input order, or a dict keyed by input name",
    });
  }
  if (hasPost && output.kind === "output" && output.index >= sig.outputs.length) {
    log.error({
      code: "PLAN_OUTPUT_INDEX",
      message: `postprocessing reads output ${output.index}, but the model has ${sig.outputs.length} output(s)`,
    });
  }
}

function requestFromFunction(fn: PyFunction, analysis: Analysis, log: DiagnosticLog): RequestField[] {
  const fields: RequestField[] = [];
  for (const p of fn.params) {
    if (p.kind === "var-positional" || p.kind === "var-keyword") {
      log.error({
        code: "PLAN_VARIADIC_ENTRY",
        message: `the preprocessing function \`${fn.name}\` takes ${p.kind === "var-positional" ? "*" : "**"}${p.name}, which a JSON request cannot name`,
        at: { cell: fn.cell, line: fn.line, column: fn.column },
        suggestion: "give the function named parameters, one per request field",
      });
      continue;
    }
    const examples = analysis.goldens.map((g) => g.input[p.name]).filter((v): v is Json => v !== undefined);
    const dflt = defaultValue(p);
    const schema: JsonSchema =
      (p.annotation ? schemaForAnnotation(p.annotation) : null) ?? schemaForValues(dflt !== undefined ? [...examples, dflt] : examples);
    fields.push({ name: p.name, schema, required: p.default === undefined, ...(dflt !== undefined ? { default: dflt } : {}) });
  }
  return fields;
}

/** A literal default (`1`, `"x"`, `None`, `[1, 2]`) as JSON; undefined for anything computed. */
function defaultValue(p: PyParam): Json | undefined {
  if (p.default === undefined) return undefined;
  const d = p.default.trim();
  if (d === "None") return null;
  if (d === "True" || d === "False") return d === "True";
  if (/^-?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(d)) return Number(d);
  if (/^(['"])[^'"\\]*\1$/.test(d)) return d.slice(1, -1);
  return undefined;
}

/** One field per model input: nested arrays of its shape, or one value when the inputs are columns of a record. */
function requestFromModel(inputs: readonly TensorInfo[], records: boolean): RequestField[] {
  return inputs.map((t) => ({ name: t.name, schema: records ? columnSchema(t) : tensorSchema(t), required: true }));
}
