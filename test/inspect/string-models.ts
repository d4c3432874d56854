// Small ONNX models around StringNormalizer, written with ONNX's own schema (src/inspect/onnx-graph.ts), for the tests of
// the locale the served copy names (src/inspect/rewrite.ts).
import { encodeModel, ModelProto, type Message } from "../../src/inspect/onnx-graph.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const strings = (name: string) => ({ name, type: { tensor_type: { elem_type: 8, shape: { dim: [{ dim_param: "n" }] } } } });

/** An attribute of a StringNormalizer: an int (AttributeProto type 2), a string (3) or a list of strings (8). */
function attribute(name: string, value: number | string | readonly string[]): Record<string, unknown> {
  if (typeof value === "number") return { name, type: 2, i: value };
  return typeof value === "string" ? { name, type: 3, s: bytes(value) } : { name, type: 8, strings: value.map(bytes) };
}

export type NormalizerOptions = Readonly<Record<string, number | string | readonly string[]>>;

/** A StringNormalizer node `name` from `input` to `output`. */
export function normalizer(name: string, input: string, output: string, options: NormalizerOptions): Record<string, unknown> {
  return { name, op_type: "StringNormalizer", input: [input], output: [output], attribute: Object.entries(options).map(([k, v]) => attribute(k, v)) };
}

/** A model of `nodes` taking string[n] `x` and giving string[n] `y` (opset 17). */
export function stringModel(nodes: readonly Record<string, unknown>[]): Uint8Array {
  const model = ModelProto.fromObject({
    ir_version: 8,
    opset_import: [{ domain: "", version: 17 }],
    graph: { name: "g", node: nodes, input: [strings("x")], output: [strings("y")] },
  }) as Message;
  return encodeModel(model);
}
