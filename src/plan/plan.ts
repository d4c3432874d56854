// plan: an Analysis and the model's ModelSignature to the ServicePlan that translate and generate read.
import path from "node:path";
import type { Analysis, InputRef, Json, OutputBinding, OutputRef, PyFunction, PyParam } from "../analyze/types.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { ModelSignature, TensorInfo } from "../inspect/types.ts";
import { columnSchema, isColumnar, rawResponseSchema, schemaForAnnotation, schemaForResponses, schemaForValues, sizedSchema, tensorSchema } from "./schema.ts";

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

/**
 * A 1 MiB body holds thousands of rows of features; 30 s is far past any model here; 10 s drains any queue. An image
 * file of 10 MiB holds a 24-megapixel JPEG; 40 megapixels decode to 160 MB of RGBA at most.
 */
export const DEFAULT_LIMITS: LimitOptions = {
  bodyLimitBytes: 1_048_576,
  requestTimeoutMs: 30_000,
  shutdownGraceMs: 10_000,
  imageMaxBytes: 10_485_760,
  imageMaxPixels: 40_000_000,
};

/** The JSON Schema of an image field in a JSON body: the file in base64, or a `data:` URL. */
export const IMAGE_FIELD_SCHEMA: JsonSchema = {
  type: "string",
  contentEncoding: "base64",
  contentMediaType: "image/*",
  description:
    "The image file (PNG, JPEG, GIF, BMP, TIFF or WebP) in base64, or as a data: URL. The file itself can also be sent as the body (Content-Type: image/...) or as a multipart/form-data file part.",
};

/** The body limit an image service needs by default: a base64 image of imageMaxBytes and the JSON around it. */
export function imageBodyLimit(imageMaxBytes: number): number {
  return Math.ceil(imageMaxBytes / 3) * 4 + 65_536;
}

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
  // clf.predict(frame) with a model that takes one [n, 1] input per column (skl2onnx's to_onnx of a DataFrame): the
  // preprocessing's frame (or dict of columns) feeds each input from its column, by name
  const columnFeeds = pre !== undefined && (path0?.input.kind ?? "single") === "single" && signature.inputs.length > 1 && isColumnar(signature.inputs);
  const input = columnFeeds ? { kind: "dict" as const } : (path0?.input ?? { kind: "single" as const });
  let output = path0?.output ?? { kind: "output" as const, index: 0 };
  if (path0?.via === "method-call" && output.kind === "output" && /\.predict_proba\(/.test(path0.source)) {
    // skl2onnx models return (label, probabilities): predict_proba is the probabilities output
    const i = signature.outputs.findIndex((o) => /prob/i.test(o.name));
    if (i >= 0) output = { kind: "output", index: i };
  }
  output = resolveOutputNames(output, signature, log);
  const postprocessInputs = post && path0?.fedInputs?.length ? fedInputNames(path0.fedInputs, signature, log) : [];
  checkBindings(signature, pre ? input : null, output, post !== undefined, log);

  const record = pre ? recordRequest(pre, analysis, signature.inputs) : null;
  // the notebook passed its entry function a list of records (a literal list of dicts it made a frame of), not one row
  // of a table nb2svc rebuilds itself: the service passes each record as a one-record list
  const listOfRecords = Boolean(record && pre && !analysis.recordColumns?.[pre.name] && analysis.goldens.length && analysis.goldens.every((g) => Array.isArray(g.input[pre.params[0]!.name])));
  // a model with one [N, 1] input per column and no preprocessing: the record's columns are the model's inputs
  const records = !pre && isColumnar(signature.inputs);
  const fields = record ?? (pre ? requestFromFunction(pre, analysis, signature.inputs, log) : requestFromModel(signature.inputs, records));
  const takesImages = fields.some((f) => f.media === "image");
  const ordered = [pre, post, ...analysis.helpers.map((h) => fns.get(h))].filter(
    (f, i, all): f is PyFunction => f !== undefined && all.indexOf(f) === i,
  );

  const goldens: GoldenCase[] = analysis.goldens.map((g) => ({
    // numbered as diagnostics name cells (from 1), so a test title and the conversion's messages agree
    name: `cell-${g.cell + 1}`,
    cell: g.cell,
    call: g.call,
    // a record request is the record itself
    request: record && pre ? (g.input[pre.params[0]!.name] as { [k: string]: Json }) : !pre ? rawRequest(g.input, fields) : g.input,
    expected: g.expected,
    ...(g.atol ? { atol: g.atol } : {}),
    ...(g.fromData ? { fromData: true } : {}),
    source: "notebook" as const,
  }));

  // inputs whose first axes the export named apart are no rows of one batch: an EmbeddingBag's token ids
  // ("n_tokens") beside its offsets ("batch") cannot be stacked request by request
  const firstAxes = new Set(signature.inputs.map((t) => t.shape[0]).filter((d) => typeof d === "string" && d !== ""));
  const batchable =
    signature.inputs.length > 0 &&
    firstAxes.size <= 1 &&
    [...signature.inputs, ...signature.outputs].every((t) => t.shape.length > 0 && typeof t.shape[0] !== "number");
  const options: ServiceOptions = {
    port: opts.port ?? 8080,
    host: opts.host ?? "0.0.0.0",
    batching: { ...DEFAULT_BATCHING, enabled: batchable, ...opts.batching },
    limits: limitsFor(takesImages, opts.limits),
    container: opts.container ?? true,
    kubernetes: opts.kubernetes ?? true,
  };
  if (options.batching.enabled && !batchable) {
    log.warning({
      code: "PLAN_NOT_BATCHABLE",
      message: `batching was asked for, but ${firstAxes.size > 1 ? `the model's inputs have different first axes (${[...firstAxes].join(", ")})` : "the model's first axis is fixed"}, so requests cannot be merged; batching is off`,
      suggestion:
        firstAxes.size > 1
          ? "leave batching off: each request is one model run"
          : 'export with a dynamic first axis: dynamic_axes={"<input>": {0: "batch"}, "<output>": {0: "batch"}}',
    });
  }
  return {
    name,
    toolVersion: opts.toolVersion,
    notebook: { path: analysis.notebook, fileName: notebookFile },
    model: { fileName: path.basename(signature.path), signature, batchable },
    request: {
      style: record || records ? "record" : "fields",
      fields,
      ...(records ? { records } : {}),
      ...(record && analysis.recordSamples?.length ? { samples: recordSamples(analysis.recordSamples, fields) } : {}),
    },
    response: { schema: post ? schemaForResponses(goldens.map((g) => g.expected)) : rawResponseSchema(signature, records) },
    pipeline: {
      preprocess: pre?.name ?? null,
      postprocess: post?.name ?? null,
      input,
      output,
      ...(postprocessInputs.length ? { postprocessInputs } : {}),
      ...(post && path0?.requestFields?.length ? { postprocessFields: path0.requestFields } : {}),
      ...(record && (analysis.recordPerRow || listOfRecords) ? { unwrapRow: true } : {}),
      ...(listOfRecords ? { recordList: true } : {}),
      ...(path0?.via !== "method-call" && path0?.via !== "model-call" ? { sessionOutputs: true } : {}),
    },
    code: { functions: ordered, constants: analysis.constants, imports: analysis.imports },
    goldens,
    tolerance: DEFAULT_TOLERANCE,
    options: { ...options, batching: { ...options.batching, enabled: options.batching.enabled && batchable } },
    diagnostics: log.items,
  };
}

/**
 * Rows of the notebook's data as requests: their fields only, and only rows a request could be (a row with a missing
 * value where the path fills none would feed the model NaN; the schema refuses null there).
 */
function recordSamples(rows: readonly { readonly [column: string]: Json }[], fields: readonly RequestField[]): { [field: string]: Json }[] {
  return rows
    .filter((r) => fields.every((f) => r[f.name] !== null || allowsNull(f.schema)))
    .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => fields.some((f) => f.name === k))));
}

function allowsNull(s: JsonSchema): boolean {
  if (Object.keys(s).length === 0 || s.type === "null" || (Array.isArray(s.type) && s.type.includes("null"))) return true;
  return Array.isArray(s.anyOf) && (s.anyOf as readonly JsonSchema[]).some(allowsNull);
}

/** The limits asked for over the defaults; a service that takes images gets a body limit its images fit in. */
function limitsFor(takesImages: boolean, asked: Partial<LimitOptions> | undefined): LimitOptions {
  const limits = { ...DEFAULT_LIMITS, ...asked };
  if (!takesImages || asked?.bodyLimitBytes !== undefined) return limits;
  return { ...limits, bodyLimitBytes: Math.max(limits.bodyLimitBytes, imageBodyLimit(limits.imageMaxBytes)) };
}

/** The model inputs the postprocessing reads, by their names in the model (fed by name, or by position). */
function fedInputNames(refs: readonly InputRef[], sig: ModelSignature, log: DiagnosticLog): string[] {
  return refs.map((r) => {
    const name = r.name ?? sig.inputs[r.index]?.name;
    if (name !== undefined && sig.inputs.some((i) => i.name === name)) return name;
    log.error({
      code: "PLAN_INPUT_NAME",
      message: `the postprocessing reads the model's input ${r.name !== undefined ? `"${r.name}"` : `number ${r.index + 1}`}, but the model's inputs are ${sig.inputs.map((i) => `"${i.name}"`).join(", ")}`,
      suggestion: "serve the model the notebook ran (--model PATH), or fix the input name in the notebook",
    });
    return sig.inputs[0]!.name;
  });
}

/** Outputs the notebook named (`sess.run(["probabilities"], ...)`) found by name in the model. */
function resolveOutputNames(output: OutputBinding, sig: ModelSignature, log: DiagnosticLog): OutputBinding {
  const find = (r: OutputRef): OutputRef => {
    if (r.name === undefined) return r;
    let index = sig.outputs.findIndex((o) => o.name === r.name);
    // `sess.run(["output_label", "output_probability"], ...)`: the ZipMap's output, which the served copy replaced in
    // place by its input (the service rebuilds the dicts from that output)
    const original = sig.graph?.outputs.findIndex((o) => o.name === r.name) ?? -1;
    if (index < 0 && original >= 0 && sig.graph?.outputs.length === sig.outputs.length && sig.rewrite?.zipMaps.some((z) => z.output === original)) index = original;
    if (index < 0) {
      log.error({
        code: "PLAN_OUTPUT_NAME",
        message: `the notebook asks the model for an output named "${r.name}", but the model's outputs are ${sig.outputs.map((o) => `"${o.name}"`).join(", ")}`,
        suggestion: "serve the model the notebook ran (--model PATH), or fix the output name in the notebook",
      });
      return { index: 0 };
    }
    return { index, ...(r.squeeze ? { squeeze: true } : {}) };
  };
  if (output.kind === "output") return { kind: "output", ...find(output) };
  if (output.kind === "outputs") return { kind: "outputs", outputs: output.outputs.map(find) };
  return output;
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
  const indices = output.kind === "output" ? [output.index] : output.kind === "outputs" ? output.outputs.map((o) => o.index) : [];
  if (hasPost && indices.some((i) => i >= sig.outputs.length)) {
    log.error({
      code: "PLAN_OUTPUT_INDEX",
      message: `postprocessing reads output ${Math.max(...indices)}, but the model has ${sig.outputs.length} output(s)`,
    });
  }
}

function requestFromFunction(fn: PyFunction, analysis: Analysis, inputs: ModelSignature["inputs"], log: DiagnosticLog): RequestField[] {
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
    if (analysis.media?.[fn.name]?.[p.name] === "image") {
      // the image file itself: no default (a default path names a file the service does not have)
      fields.push({ name: p.name, schema: IMAGE_FIELD_SCHEMA, required: true, media: "image" });
      continue;
    }
    const examples = analysis.goldens.map((g) => g.input[p.name]).filter((v): v is Json => v !== undefined);
    const dflt = defaultValue(p);
    // a None default (`def f(x, region=None)`) makes null one of the field's values beside the examples' types
    const loose: JsonSchema = (p.annotation ? schemaForAnnotation(p.annotation) : null) ?? valuesSchema(dflt !== undefined ? [...examples, dflt] : examples);
    const schema = sizedSchema(loose, dflt !== undefined ? [...examples, dflt] : examples, inputs);
    fields.push({ name: p.name, schema, required: p.default === undefined, ...(dflt !== undefined ? { default: dflt } : {}) });
  }
  return fields;
}

/**
 * A golden of a service that takes the model's tensors: the rows the notebook fed its one input, named after the
 * model's input (the analysis knows the notebook's variable, not the model's name for it).
 */
function rawRequest(input: { readonly [name: string]: Json }, fields: readonly RequestField[]): { [name: string]: Json } {
  const keys = Object.keys(input);
  if (keys.length !== 1 || fields.length !== 1 || keys[0] === fields[0]!.name) return { ...input };
  return { [fields[0]!.name]: input[keys[0]!]! };
}

/**
 * The request as a record: the entry function takes one parameter, and the notebook passed it a dict (a row: `{"sqft":
 * 1850, "city": "Austin"}`) or the analysis knows the columns of the table it takes. The fields are the columns.
 */
function recordRequest(fn: PyFunction, analysis: Analysis, inputs: readonly TensorInfo[]): RequestField[] | null {
  const params = fn.params.filter((p) => p.kind !== "var-keyword" && p.kind !== "var-positional");
  if (params.length !== 1 || fn.params.length !== 1) return null;
  const name = params[0]!.name;
  const known = analysis.recordColumns?.[fn.name];
  const examples = analysis.goldens.map((g) => g.input[name]);
  const isRecord = (v: Json | undefined): v is { [k: string]: Json } => v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) && !("$file" in v);
  // an example of several rows (rows of the notebook's data scored at once) is a list of records
  const isRecords = (v: Json | undefined) => isRecord(v) || (Array.isArray(v) && v.length > 0 && v.every(isRecord));
  const records = examples.flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isRecord);
  if (!known && (records.length === 0 || !examples.every(isRecords))) return null;
  const columns: readonly { name: string; type: string | null; optional?: boolean }[] = known ?? [...new Set(records.flatMap((r) => Object.keys(r)))].map((c) => ({ name: c, type: null }));
  if (columns.length === 0) return null;
  const filled = analysis.filledColumns?.[fn.name] ?? [];
  return columns.map((c) => {
    const values = records.map((r) => r[c.name]).filter((v): v is Json => v !== undefined);
    // the notebook fills it (or its model imputes it): a client's null, or a field left out, is the missing value
    const missing = filled === "*" || filled.includes(c.name) || imputedByModel(c.name, inputs);
    const schema: JsonSchema = c.type ? pandasColumnSchema(c.type, values, missing || values.includes(null)) : valuesSchema(values);
    const required = !missing && !("optional" in c && c.optional) && (records.length === 0 || records.every((r) => c.name in r));
    return { name: c.name, schema: missing ? orNull(schema) : schema, required, ...(missing ? { missing: true as const } : {}) };
  });
}

/**
 * The model replaces a NaN in this column itself (an ONNX Imputer reads the float input named after it, or the one
 * input every column is stacked into): a missing value reaches the model as NaN and is imputed there.
 */
function imputedByModel(column: string, inputs: readonly TensorInfo[]): boolean {
  const input = inputs.length === 1 ? inputs[0]! : inputs.find((t) => t.name === column);
  return input?.nullable === true && input.dtype.startsWith("float");
}

/**
 * What the examples' values are; a null among numbers (a missing value the notebook fed) is allowed beside them, and
 * a field only ever null (`{"income": np.nan}`) says nothing of its type: any value.
 */
function valuesSchema(values: readonly Json[]): JsonSchema {
  const present = values.filter((v) => v !== null);
  if (present.length === 0 && values.length > 0) return {};
  return present.length < values.length ? orNull(schemaForValues(present)) : schemaForValues(values);
}

/** The schema with null allowed too. */
function orNull(schema: JsonSchema): JsonSchema {
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as readonly JsonSchema[]) : [schema];
  if (Object.keys(schema).length === 0 || branches.some((b) => b.type === "null")) return schema;
  return { anyOf: [...branches, { type: "null" }] };
}

/**
 * A column's schema from its pandas dtype; a float column may be null (NaN) only when a missing value is handled
 * (`nullable`): the path fills it, or the notebook's own example had one there. Otherwise NaN would reach the model.
 */
function pandasColumnSchema(type: string, values: readonly Json[], nullable: boolean): JsonSchema {
  if (/^(int|uint)/.test(type)) return { type: "integer" };
  if (/^float/.test(type)) return nullable ? { anyOf: [{ type: "number" }, { type: "null" }] } : { type: "number" };
  if (type === "bool") return { type: "boolean" };
  if (type === "object" || type === "str" || type === "string" || type === "category") return values.length ? schemaForValues(values) : nullable ? { anyOf: [{ type: "string" }, { type: "null" }] } : { type: "string" };
  return schemaForValues(values);
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
