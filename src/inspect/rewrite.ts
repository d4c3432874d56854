// What the service serves when onnxruntime-node cannot run the notebook's model as it is, and which outputs make a
// classifier's answer. The service runs a copy of the model with two kinds of change, each listed in its README:
//
// - skl2onnx ends every classifier in a ZipMap (ai.onnx.ml) that turns the probability tensor into a sequence of maps,
//   one {class: p} per row; onnxruntime-node cannot return such values ("Non tensor type is temporarily not
//   supported"). The copy has the ZipMap removed and its input, the [N, classes] float tensor, made a graph output in
//   its place: the same numbers, as a tensor. The ZipMap's class labels say which column is which class.
// - A StringNormalizer (skl2onnx's text vectorizers lower-case with one) that names no locale makes onnxruntime
//   construct en_US.UTF-8 when the session is created, which fails where that locale is not installed ("Failed to
//   construct locale with name:en_US.UTF-8"): a Debian system whose locales were never generated has only C.UTF-8
//   (this machine: `locale -a`). The copy names C.UTF-8. The locale serves only the node's case changes and its
//   case-insensitive stop words, through the C++ wide-character case mapping, which glibc's C.UTF-8 and en_US.UTF-8
//   share (both copy LC_CTYPE from glibc's i18n_ctype): test/inspect/locale-equivalence.test.ts compares the two on
//   every Unicode code point.
import { decodeModel, describeModel, encodeModel, num, typeString, valueType, type Message } from "./onnx-graph.ts";
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
  /** The StringNormalizers given SERVED_LOCALE, one line each. */
  readonly locales: readonly string[];
}

/** The locale a StringNormalizer that names none is given. */
export const SERVED_LOCALE = "C.UTF-8";

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
function removeZipMaps(model: Message, g: ModelGraph, zipMaps: readonly GraphNode[]): ZipMapRemoval[] {
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
  return removals;
}

/**
 * Names SERVED_LOCALE on every StringNormalizer (ai.onnx) that names no locale, in the graph and its subgraphs; returns
 * what it did, one line per node.
 */
function nameLocales(graph: Message, where = ""): string[] {
  const changes: string[] = [];
  for (const n of (graph.node ?? []) as Message[]) {
    const attributes = (n.attribute ?? []) as Message[];
    const name = typeof n.name === "string" && n.name ? n.name : String(n.op_type);
    if (n.op_type === "StringNormalizer" && (!n.domain || n.domain === "ai.onnx") && !attributes.some((a) => a.name === "locale")) {
      // AttributeProto.AttributeType.STRING
      attributes.push({ name: "locale", type: 3, s: new TextEncoder().encode(SERVED_LOCALE) } as unknown as Message);
      n.attribute = attributes;
      changes.push(`set locale ${SERVED_LOCALE} on StringNormalizer node \`${where}${name}\` (it named none, and onnxruntime's default, en_US.UTF-8, is not installed where only C.UTF-8 is, as on a Debian system whose locales were never generated)`);
    }
    for (const a of attributes) {
      if (a.g) changes.push(...nameLocales(a.g as Message, `${where}${name}/`));
      for (const sub of (a.graphs ?? []) as Message[]) changes.push(...nameLocales(sub, `${where}${name}/`));
    }
  }
  return changes;
}

/**
 * The model as the service runs it (above), or null when that is the notebook's file itself. `model` is the decoded
 * file (changed in place) and `g` its description.
 */
export function servedCopy(model: Message, g: ModelGraph): Rewritten | null {
  const removals = removeZipMaps(model, g, zipMapOutputs(g));
  const locales = nameLocales(model.graph as Message);
  if (removals.length === 0 && locales.length === 0) return null;
  return { bytes: encodeModel(model), removals, locales };
}

/** servedCopy's bytes for a model file's bytes (the file's own bytes when it needs no change). */
export function servedBytes(bytes: Uint8Array): Uint8Array {
  const model = decodeModel(bytes);
  return servedCopy(model, describeModel(model))?.bytes ?? bytes;
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
