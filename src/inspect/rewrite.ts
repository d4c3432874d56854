// What the service serves when the model's outputs are not all tensors, and which outputs make a classifier's answer.
//
// skl2onnx ends every classifier in a ZipMap (ai.onnx.ml) that turns the probability tensor into a sequence of maps,
// one {class: p} per row; onnxruntime-node cannot return such values ("Non tensor type is temporarily not
// supported"). The service runs a copy of the model with the ZipMap removed and its input, the [N, classes] float
// tensor, made a graph output in its place: the same numbers, as a tensor. The ZipMap's class labels say which
// column is which class.
import { encodeModel, num, typeString, valueType, type Message } from "./onnx-graph.ts";
import type { ClassifierOutputs, GraphNode, GraphValue, ModelGraph, ValueType } from "./types.ts";

const ML = "ai.onnx.ml";

/** The ai.onnx.ml nodes whose second output is per-class scores, with their class-label attributes. */
const CLASSIFIERS = new Set(["LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier"]);

/** Single-input nodes a skl2onnx graph puts between a classifier and its outputs without changing columns. */
const PASS_THROUGH = new Set(["Normalizer", "Identity", "Cast"]);

export interface ZipMapRemoval {
  /** The ZipMap node's name (or "ZipMap" when unnamed). */
  readonly node: string;
  /** The output it fed, now gone. */
  readonly output: GraphValue;
  /** Its input, now a graph output. */
  readonly served: GraphValue;
  readonly classes: readonly (string | number)[];
}

export interface Rewritten {
  readonly bytes: Uint8Array;
  readonly removals: readonly ZipMapRemoval[];
}

function zipMapClasses(node: GraphNode): (string | number)[] {
  const ints = node.attributes.classlabels_int64s;
  const strs = node.attributes.classlabels_strings;
  if (Array.isArray(strs) && strs.length) return [...(strs as string[])];
  if (Array.isArray(ints)) return [...(ints as number[])];
  return [];
}

/** The ZipMap nodes of the main graph whose output is a graph output: what the rewrite removes. */
export function zipMapOutputs(g: ModelGraph): GraphNode[] {
  const outs = new Set(g.outputs.map((o) => o.name));
  return g.nodes.filter((n) => n.graph === "" && n.opType === "ZipMap" && n.domain === ML && n.outputs.length === 1 && outs.has(n.outputs[0]!));
}

/**
 * A copy of the decoded model without the given ZipMap nodes, each one's input served in place of its output (same
 * position among the outputs). The input's type is the graph's value_info when it declares one, else
 * float[?, classes] (ZipMap takes a float tensor of one column per class label).
 */
export function removeZipMaps(model: Message, g: ModelGraph, zipMaps: readonly GraphNode[]): Rewritten {
  const graph = model.graph as Message;
  const nodes = graph.node as Message[];
  const outputs = graph.output as Message[];
  const valueInfo = (graph.value_info ?? []) as Message[];
  const removals: ZipMapRemoval[] = [];
  for (const z of zipMaps) {
    const input = z.inputs[0]!;
    const outName = z.outputs[0]!;
    const classes = zipMapClasses(z);
    const at = nodes.findIndex((n) => n.op_type === "ZipMap" && (n.output as string[])[0] === outName);
    nodes.splice(at, 1);
    const declared = valueInfo.find((v) => v.name === input);
    const type = ((declared?.type as Message | undefined) ?? {
      tensor_type: { elem_type: 1, shape: { dim: [{}, { dim_value: classes.length }] } },
    }) as unknown as Message;
    const pos = outputs.findIndex((o) => o.name === outName);
    const before = g.outputs.find((o) => o.name === outName)!;
    if (outputs.some((o) => o.name === input)) outputs.splice(pos, 1);
    else outputs.splice(pos, 1, { name: input, type } as unknown as Message);
    removals.push({ node: z.name || "ZipMap", output: before, served: { name: input, type: valueType(type) }, classes });
  }
  return { bytes: encodeModel(model), removals };
}

export function describeRemoval(r: ZipMapRemoval): string {
  return `removed ZipMap node \`${r.node}\`: output \`${r.output.name}\` (${typeString(r.output.type)}) is served as \`${r.served.name}\` (${typeString(r.served.type)}), one column per class`;
}

const isTensor = (t: ValueType): t is Extract<ValueType, { kind: "tensor" }> => t.kind === "tensor";

/** A value traced forward through pass-through nodes until it is a graph output; null when it is not one. */
function traceToOutput(g: ModelGraph, name: string, outputs: readonly string[]): string | null {
  const seen = new Set<string>();
  let cur = name;
  for (;;) {
    if (outputs.includes(cur)) return cur;
    if (seen.has(cur)) return null;
    seen.add(cur);
    const readers = g.nodes.filter((n) => n.graph === "" && n.inputs.includes(cur));
    if (readers.length !== 1 || !PASS_THROUGH.has(readers[0]!.opType) || readers[0]!.outputs.length !== 1) return null;
    cur = readers[0]!.outputs[0]!;
  }
}

function labelsOf(node: GraphNode): (string | number)[] {
  for (const key of ["classlabels_strings", "classlabels_int64s", "classlabels_ints"]) {
    const v = node.attributes[key];
    if (Array.isArray(v) && v.length) return key === "classlabels_strings" ? [...(v as string[])] : (v as number[]).map(num);
  }
  return [];
}

/** Whether a served output can be a row's label: a string or integer tensor of shape [N] or [N, 1]. */
function labelLike(t: ValueType): boolean {
  return isTensor(t) && ["string", "int64", "int32"].includes(t.elem) && t.shape !== null && (t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1));
}

/**
 * The classifier outputs of the served graph (`g` after any rewrite, `removals` what the rewrite did): a ZipMap's
 * classes with the tensor it fed, or a classifier node whose labels and scores reach graph outputs (skl2onnx with
 * zipmap=False). Null when the model is not such a classifier, or when its outputs are ambiguous.
 */
export function findClassifier(g: ModelGraph, served: readonly GraphValue[], removals: readonly ZipMapRemoval[]): ClassifierOutputs | null {
  const names = served.map((o) => o.name);
  const probsOk = (i: number, n: number) => {
    const t = served[i]!.type;
    return isTensor(t) && t.elem === "float" && t.shape !== null && t.shape.length === 2 && (t.shape[1] === null || typeof t.shape[1] === "string" || t.shape[1] === n);
  };
  if (removals.length === 1) {
    const r = removals[0]!;
    const p = names.indexOf(r.served.name);
    const labels = served.map((o, i) => ({ o, i })).filter(({ o, i }) => i !== p && labelLike(o.type));
    if (p >= 0 && labels.length === 1 && r.classes.length > 0 && probsOk(p, r.classes.length)) {
      return { label: labels[0]!.i, probabilities: p, classes: r.classes, from: r.node };
    }
    return null;
  }
  if (removals.length > 1) return null;
  const found: ClassifierOutputs[] = [];
  for (const n of g.nodes) {
    if (n.graph !== "" || n.domain !== ML || !CLASSIFIERS.has(n.opType) || n.outputs.length < 2) continue;
    const classes = labelsOf(n);
    const label = traceToOutput(g, n.outputs[0]!, names);
    const probs = traceToOutput(g, n.outputs[1]!, names);
    if (!label || !probs || classes.length === 0) continue;
    const li = names.indexOf(label);
    const pi = names.indexOf(probs);
    if (labelLike(served[li]!.type) && probsOk(pi, classes.length)) found.push({ label: li, probabilities: pi, classes, from: n.name || n.opType });
  }
  return found.length === 1 ? found[0]! : null;
}
