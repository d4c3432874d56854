// inspect: an ONNX file to its ModelSignature. The graph is read with protobufjs (onnx-graph.ts): opsets, inputs and
// outputs with their full types, nodes, initializers and external data. What onnxruntime-node cannot run is refused
// here, naming the operator and its domain: statically for domains it has no kernels for, then by creating a session
// (exactly what the service will do) and mapping its error back to the node. A classifier's ZipMap is removed from a
// copy of the model (rewrite.ts), which is what the service ships.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { decodeModel, describeModel, opsetOf, typeString, type Message } from "./onnx-graph.ts";
import { describeRemoval, findClassifier, servedBytes, servedCopy, zipMapOutputs, type ZipMapRemoval } from "./rewrite.ts";
import type { Dim, GraphNode, GraphValue, ModelDataFile, ModelGraph, ModelSignature, TensorInfo, TensorType } from "./types.ts";

export interface InspectResult {
  readonly signature: ModelSignature | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** ONNX element types the service exchanges, with onnxruntime-node's name for each. */
const SERVED_TYPES: Readonly<Record<string, TensorType>> = {
  float: "float32",
  double: "float64",
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  bool: "bool",
  string: "string",
};

/**
 * Domains onnxruntime-node has kernels for: the ONNX operator sets and Microsoft's contrib operators. Any other
 * domain is a custom operator library the service would have to load (and nb2svc will not ship native code).
 */
const RUNNABLE_DOMAINS = new Set(["", "ai.onnx", "ai.onnx.ml", "com.microsoft"]);
const TRAINING_DOMAIN = "ai.onnx.preview.training";

export async function inspectModel(file: string): Promise<InspectResult> {
  const log = new DiagnosticLog();
  const fail = () => ({ signature: null, diagnostics: log.items });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    log.error({
      code: "INSPECT_MODEL_MISSING",
      message: `cannot read the model ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
      suggestion: "run the notebook's export cell so that it writes the file, or pass --model PATH",
    });
    return fail();
  }
  let model: Message;
  let graph: ModelGraph;
  try {
    model = decodeModel(bytes);
    graph = describeModel(model);
    if (!model.graph) throw new Error("it has no graph");
  } catch (e) {
    log.error({
      code: "INSPECT_MODEL_INVALID",
      message: `${file} is not an ONNX model: ${firstLine((e as Error).message)}`,
      suggestion: "re-export the model; check that the export cell ran without errors and that the file is not truncated",
    });
    return fail();
  }

  const dataFiles = await checkExternalData(file, graph, log);
  checkDomains(graph, log);
  for (const v of graph.inputs) {
    if (v.type.kind !== "tensor") {
      log.error({
        code: "INSPECT_NON_TENSOR",
        message: `the model's input \`${v.name}\` is ${typeString(v.type)}, not a tensor: the service feeds tensors only`,
        suggestion:
          v.type.kind === "map"
            ? "export the model after the DictVectorizer (feed its output array), or use a tensor input per column"
            : "export the model with tensor inputs",
      });
    }
  }
  const zipMaps = zipMapOutputs(graph);
  const zipped = new Set(zipMaps.map((z) => z.outputs[0]!));
  for (const v of graph.outputs) {
    if (v.type.kind !== "tensor" && !zipped.has(v.name)) {
      const producer = graph.nodes.find((n) => n.graph === "" && n.outputs.includes(v.name));
      log.error({
        code: "INSPECT_NON_TENSOR",
        message: `the model's output \`${v.name}\` is ${typeString(v.type)}${producer ? ` (made by ${describeNode(producer)})` : ""}, not a tensor, and is not a classifier's ZipMap the service can undo`,
        suggestion: "export with tensor outputs only (for skl2onnx: options={id(model): {'zipmap': False}})",
      });
    }
  }
  if (log.hasErrors) return fail();

  const rewritten = servedCopy(model, graph);
  const served: Uint8Array = rewritten?.bytes ?? bytes;
  const removals: readonly ZipMapRemoval[] = rewritten?.removals ?? [];
  const locales: readonly string[] = rewritten?.locales ?? [];
  const servedOutputs: readonly GraphValue[] = graph.outputs.flatMap((o) => {
    const r = removals.find((x) => x.output.name === o.name);
    if (!r) return [o];
    return graph.outputs.some((x) => x.name === r.served.name) ? [] : [r.served];
  });

  const inputs = graph.inputs.map((v) => ({ ...tensorInfo(v, "input", log), ...inputHints(graph, v.name) }));
  const outputs = servedOutputs.map((v) => tensorInfo(v, "output", log));
  if (log.hasErrors) return fail();

  await checkSession(file, served, graph, inputs, outputs, log);
  if (log.hasErrors) return fail();

  const classifier = findClassifier(graph, servedOutputs, removals);
  const sha256 = createHash("sha256").update(served).digest("hex");
  const signature: ModelSignature = {
    path: file,
    sha256,
    bytes: served.byteLength,
    opset: opsetOf(graph, ""),
    producer: graph.producerName,
    inputs,
    outputs,
    classifier,
    rewrite: rewritten
      ? {
          sourceSha256: createHash("sha256").update(bytes).digest("hex"),
          changes: [...removals.map(describeRemoval), ...locales],
          zipMaps: removals.map((r) => ({ output: outputs.findIndex((o) => o.name === r.served.name), classes: r.classes })),
        }
      : null,
    dataFiles,
    graph,
  };
  for (const r of removals) log.info({ code: "INSPECT_ZIPMAP_REMOVED", message: `the service runs a copy of the model: ${describeRemoval(r)}` });
  for (const l of locales) log.info({ code: "INSPECT_LOCALE_NAMED", message: `the service runs a copy of the model: ${l}` });
  return { signature, diagnostics: log.items };
}

/**
 * The files the service ships in its model/ folder: the model as served (rewritten again from the original, which
 * gives the same bytes, checked against the signature's sha256) and its external data files.
 */
export async function servedModelFiles(sig: ModelSignature): Promise<{ readonly name: string; readonly contents: Uint8Array }[]> {
  const bytes = await readFile(sig.path);
  const served = sig.rewrite ? servedBytes(bytes) : bytes;
  const sha = createHash("sha256").update(served).digest("hex");
  if (sha !== sig.sha256) throw new Error(`the model ${sig.path} changed since it was inspected (sha256 ${sha}, expected ${sig.sha256})`);
  const files = [{ name: path.basename(sig.path), contents: served as Uint8Array }];
  for (const d of sig.dataFiles ?? []) {
    const contents = await readFile(d.path);
    if (createHash("sha256").update(contents).digest("hex") !== d.sha256) throw new Error(`the model's data file ${d.path} changed since it was inspected`);
    files.push({ name: d.location, contents });
  }
  return files;
}

function tensorInfo(v: GraphValue, what: string, log: DiagnosticLog): TensorInfo {
  const t = v.type;
  if (t.kind !== "tensor") return { name: v.name, dtype: "float32", shape: [] };
  const dtype = SERVED_TYPES[t.elem];
  if (!dtype) {
    log.error({
      code: "INSPECT_UNSUPPORTED_TYPE",
      message: `the model's ${what} \`${v.name}\` is ${typeString(t)}: the service exchanges ${Object.keys(SERVED_TYPES).join(", ")} tensors, not ${t.elem}`,
      suggestion: t.elem === "float16" || t.elem === "bfloat16" ? "export with float32 inputs and outputs (cast inside the model if it computes in half precision)" : "export with a supported element type",
    });
  }
  const shape: Dim[] = t.shape ? [...t.shape] : [];
  return { name: v.name, dtype: dtype ?? "float32", shape };
}

/** Nodes that pass an input's values on unchanged in meaning (so an encoder after them sees the input's values). */
const SAME_VALUES = new Set(["Identity", "Cast", "Gather", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "ArrayFeatureExtractor", "Concat", "FeatureVectorizer"]);

/** What the graph says about an input's values: a category it accepts (warm-up) and whether NaN means missing. */
function inputHints(g: ModelGraph, name: string): Pick<TensorInfo, "warmup" | "nullable"> {
  const seen = new Set([name]);
  let frontier = [name];
  let warmup: string | number | undefined;
  let nullable = false;
  for (let depth = 0; depth < 8 && frontier.length; depth++) {
    const next: string[] = [];
    for (const n of g.nodes) {
      if (n.graph !== "" || !n.inputs.some((i) => frontier.includes(i))) continue;
      const a = n.attributes;
      if (warmup === undefined && n.domain === "ai.onnx.ml" && ["OneHotEncoder", "LabelEncoder", "CategoryMapper"].includes(n.opType)) {
        for (const key of ["cats_strings", "keys_strings", "cats_int64s", "keys_int64s", "keys_floats"]) {
          const v = a[key];
          if (Array.isArray(v) && v.length) {
            warmup = v[0] as string | number;
            break;
          }
        }
      }
      if (n.domain === "ai.onnx.ml" && n.opType === "Imputer" && typeof a.replaced_value_float === "number" && Number.isNaN(a.replaced_value_float)) nullable = true;
      if (SAME_VALUES.has(n.opType)) {
        for (const o of n.outputs) {
          if (seen.has(o)) continue;
          seen.add(o);
          next.push(o);
        }
      }
    }
    frontier = next;
  }
  return { ...(warmup !== undefined ? { warmup } : {}), ...(nullable ? { nullable } : {}) };
}

/** `Frobnicate` (com.example) node `frob`. */
function describeNode(n: GraphNode): string {
  const where = n.graph ? ` in subgraph ${n.graph}` : "";
  return `operator \`${n.opType}\` (domain ${n.domain === "" ? "ai.onnx" : n.domain}) in node \`${n.name || "(unnamed)"}\`${where}`;
}

function checkDomains(g: ModelGraph, log: DiagnosticLog): void {
  const local = new Set(g.functions.map((f) => `${f.domain}\u0000${f.name}`));
  const reported = new Set<string>();
  for (const n of g.nodes) {
    if (RUNNABLE_DOMAINS.has(n.domain) || local.has(`${n.domain}\u0000${n.opType}`)) continue;
    const key = `${n.domain}\u0000${n.opType}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (n.domain === TRAINING_DOMAIN) {
      log.error({
        code: "INSPECT_UNSUPPORTED_OPERATOR",
        message: `${describeNode(n)} is a training operator; onnxruntime-node runs inference graphs only`,
        suggestion: "export the inference graph (model.eval(), no gradient or optimizer nodes)",
      });
    } else {
      log.error({
        code: "INSPECT_UNSUPPORTED_OPERATOR",
        message: `${describeNode(n)} is a custom operator: onnxruntime-node implements the ai.onnx, ai.onnx.ml and com.microsoft domains only`,
        suggestion: "export without custom operators (or with the converter's option that emits standard ONNX operators)",
      });
    }
  }
}

async function checkExternalData(file: string, g: ModelGraph, log: DiagnosticLog): Promise<ModelDataFile[]> {
  const dir = path.dirname(file);
  const out: ModelDataFile[] = [];
  for (const location of g.externalData) {
    const resolved = path.resolve(dir, location);
    const rel = path.relative(dir, resolved);
    if (location === "" || path.isAbsolute(location) || rel.startsWith("..") || path.isAbsolute(rel)) {
      log.error({
        code: "INSPECT_EXTERNAL_DATA_PATH",
        message: `the model keeps tensor data in ${JSON.stringify(location)}, which is not a file in the model's own folder`,
        suggestion: "save the model with its external data beside it (onnx.save_model(..., save_as_external_data=True, location='model.onnx.data'))",
      });
      continue;
    }
    let contents: Buffer;
    try {
      contents = await readFile(resolved);
    } catch (e) {
      log.error({
        code: "INSPECT_EXTERNAL_DATA_MISSING",
        message: `the model keeps tensor data in ${location}, which cannot be read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
        suggestion: `copy ${location} next to ${path.basename(file)}`,
      });
      continue;
    }
    const size = (await stat(resolved)).size;
    for (const init of g.initializers) {
      const ext = init.external;
      if (ext?.location === location && ext.offset + (ext.length ?? init.bytes) > size) {
        log.error({
          code: "INSPECT_EXTERNAL_DATA_TRUNCATED",
          message: `initializer \`${init.name}\` needs bytes ${ext.offset}..${ext.offset + (ext.length ?? init.bytes)} of ${location}, which has ${size}`,
          suggestion: "save the model and its data file again, together",
        });
        break;
      }
    }
    out.push({ location, path: resolved, sha256: createHash("sha256").update(contents).digest("hex"), bytes: size });
  }
  return out;
}

/**
 * Creates the session the service will create (from the served bytes, external data found beside the original),
 * maps its refusal to the node, and checks that its inputs and outputs are the ones read from the graph.
 */
async function checkSession(
  file: string,
  served: Uint8Array,
  g: ModelGraph,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  log: DiagnosticLog,
): Promise<void> {
  const ort = await import("onnxruntime-node");
  let session: import("onnxruntime-node").InferenceSession;
  try {
    session = await ort.InferenceSession.create(served, {
      graphOptimizationLevel: "disabled",
      logSeverityLevel: 3,
      extra: { session: { model_external_initializers_file_folder_path: path.dirname(file) } },
    });
  } catch (e) {
    log.error(sessionError(file, (e as Error).message, g));
    return;
  }
  try {
    // the service's warm-up run, here: a model inspect accepts must become ready
    try {
      await session.run(warmupFeeds(ort, inputs));
    } catch (e) {
      log.error({
        code: "INSPECT_WARMUP_FAILED",
        message: `onnxruntime cannot run the model on the service's warm-up input (${inputs.map((t) => `${t.name} = ${JSON.stringify(warmupValue(t))}`).join(", ")}): ${firstLine((e as Error).message)}`,
        suggestion: "export the model with a dynamic first axis, or report the model to nb2svc",
      });
    }
    const names = (a: readonly { name: string }[]) => a.map((x) => x.name).join(", ");
    if (names(session.inputNames.map((name) => ({ name }))) !== names(inputs) || names(session.outputNames.map((name) => ({ name }))) !== names(outputs)) {
      log.error({
        code: "INSPECT_MODEL_INVALID",
        message: `onnxruntime sees inputs (${session.inputNames.join(", ")}) and outputs (${session.outputNames.join(", ")}), but the graph declares (${names(inputs)}) and (${names(outputs)})`,
      });
    }
    session.outputMetadata.forEach((m, i) => {
      if (!m.isTensor) {
        log.error({
          code: "INSPECT_NON_TENSOR",
          message: `onnxruntime reports the output \`${session.outputNames[i]}\` as a non-tensor value, which it cannot return to the service`,
          suggestion: "export with tensor outputs only (for skl2onnx: options={id(model): {'zipmap': False}})",
        });
      }
    });
  } finally {
    await session.release();
  }
}

/** The value the service's warm-up fills an input with (model.ts does the same). */
export function warmupValue(t: TensorInfo): string | number | boolean {
  if (t.warmup !== undefined) return t.dtype === "string" ? String(t.warmup) : Number(t.warmup);
  return t.dtype === "string" ? "" : t.dtype === "bool" ? false : 0;
}

/** One tensor per input, its warm-up value everywhere, symbolic dimensions 1. */
function warmupFeeds(ort: typeof import("onnxruntime-node"), inputs: readonly TensorInfo[]): Record<string, import("onnxruntime-node").Tensor> {
  const feeds: Record<string, import("onnxruntime-node").Tensor> = {};
  for (const t of inputs) {
    const dims = t.shape.map((d) => (typeof d === "number" ? d : 1));
    const n = dims.reduce((a, b) => a * b, 1);
    const v = warmupValue(t);
    let data: string[] | BigInt64Array | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array;
    switch (t.dtype) {
      case "string":
        data = new Array<string>(n).fill(String(v));
        break;
      case "int64":
        data = new BigInt64Array(n).fill(BigInt(Math.trunc(Number(v))));
        break;
      case "float64":
        data = new Float64Array(n).fill(Number(v));
        break;
      case "int32":
        data = new Int32Array(n).fill(Number(v));
        break;
      case "int16":
        data = new Int16Array(n).fill(Number(v));
        break;
      case "int8":
        data = new Int8Array(n).fill(Number(v));
        break;
      case "uint8":
      case "bool":
        data = new Uint8Array(n).fill(Number(v));
        break;
      case "uint16":
        data = new Uint16Array(n).fill(Number(v));
        break;
      case "uint32":
        data = new Uint32Array(n).fill(Number(v));
        break;
      default:
        data = new Float32Array(n).fill(Number(v));
    }
    // the element type and the data's array type agree by construction above
    feeds[t.name] = new ort.Tensor(t.dtype as "float32", data as unknown as Float32Array, dims);
  }
  return feeds;
}

/** onnxruntime's load error, named by the node it is about where the message lets it be found. */
export function sessionError(file: string, message: string, g: ModelGraph): Omit<Diagnostic, "severity"> {
  const line = firstLine(message.replace(/^Load model from \S+ failed:\s*/, "").replace(/^(Fatal error|\[ONNXRuntimeError\][^:]*):\s*/, ""));
  const nodeBy = (pred: (n: GraphNode) => boolean) => g.nodes.find(pred);
  let m = /([\w.]*):(\w+)\((-?\d+)\) is not a registered function\/op/.exec(message);
  if (m) {
    const domain = m[1] ?? "";
    const n = nodeBy((x) => x.opType === m![2] && x.domain === domain);
    const version = opsetOf(g, domain);
    return {
      code: "INSPECT_UNSUPPORTED_OPERATOR",
      message: `onnxruntime has no operator \`${m[2]}\` in domain ${domain || "ai.onnx"}${version !== null ? ` at opset ${version}` : " (the model does not import that domain)"}${n ? `, used by node \`${n.name || "(unnamed)"}\`` : ""}`,
      suggestion: "export with operators of the standard ONNX domains at an opset onnxruntime supports (check the converter's target_opset)",
    };
  }
  m = /Could not find an implementation for (\w+)\((\d+)\) node with name '([^']*)'/.exec(message);
  if (m) {
    const n = nodeBy((x) => x.name === m![3] && x.opType === m![1]) ?? nodeBy((x) => x.opType === m![1]);
    return {
      code: "INSPECT_UNSUPPORTED_OPERATOR",
      message: `onnxruntime cannot run ${n ? describeNode(n) : `operator \`${m[1]}\``} at version ${m[2]} with the types it is given (no kernel for them)`,
      suggestion: "export with input types the operator supports (float32 usually), or a different target_opset",
    };
  }
  m = /Opset (\d+) is under development[\s\S]*?Current official support for domain ([\w.]+) is till opset (\d+)/.exec(message);
  if (m) {
    const users = g.nodes.filter((n) => (n.domain || "ai.onnx") === m![2] || (m![2] === "ai.onnx" && n.domain === "")).map((n) => n.opType);
    return {
      code: "INSPECT_UNSUPPORTED_OPSET",
      message: `the model imports domain ${m[2]} at opset ${m[1]}; onnxruntime-node supports it up to opset ${m[3]}${users.length ? ` (used by ${[...new Set(users)].slice(0, 5).map((u) => `\`${u}\``).join(", ")})` : ""}`,
      suggestion: `export with target_opset at most ${m[3]} for ${m[2]}`,
    };
  }
  m = /Unsupported model IR version: (\d+), max supported IR version: (\d+)/.exec(message);
  if (m) {
    return {
      code: "INSPECT_UNSUPPORTED_OPSET",
      message: `the model has ONNX IR version ${m[1]}; onnxruntime-node reads up to IR version ${m[2]}`,
      suggestion: "export with an older onnx package or a lower target opset",
    };
  }
  m = /No Op registered for (\w+) with domain_version of (\d+)/.exec(message);
  if (m) {
    const n = nodeBy((x) => x.opType === m![1]);
    return {
      code: "INSPECT_UNSUPPORTED_OPERATOR",
      message: `onnxruntime has no ${n ? describeNode(n) : `operator \`${m[1]}\``} at opset ${m[2]}`,
      suggestion: "export with a target_opset where the operator exists",
    };
  }
  return {
    code: "INSPECT_MODEL_INVALID",
    message: `onnxruntime cannot load ${file}: ${line}`,
    suggestion: "re-export the model; check that the export cell ran without errors and that the file is not truncated",
  };
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}
