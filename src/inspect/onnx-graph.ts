// Reading and re-encoding ONNX models with protobufjs (the maintained protobuf library for JavaScript) and ONNX's own
// onnx-ml.proto, compiled to a descriptor in onnx-proto.ts. protobufjs was chosen over the `onnx-proto` package,
// a one-person static build of an older onnx.proto pinned to protobufjs 6: reflection over the official schema
// reads every field ONNX defines, keeps unknown fields' neighbours intact, and encodes a changed copy byte-exactly
// for the fields it does not touch.
import protobuf from "protobufjs";
import { ONNX_PROTO } from "./onnx-proto.ts";
import type { AttributeValue, Dim, GraphNode, GraphValue, Initializer, ModelGraph, ValueType } from "./types.ts";

const root = protobuf.Root.fromJSON(ONNX_PROTO);
export const ModelProto = root.lookupType("onnx.ModelProto");

/** A decoded protobuf message: fields by their .proto names (snake_case). */
export type Message = protobuf.Message & Record<string, unknown>;

/** ONNX TensorProto.DataType names, lower-case as onnxruntime spells its tensor types where they agree. */
export const ELEM_TYPES: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "float",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "double",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
  17: "float8e4m3fn",
  18: "float8e4m3fnuz",
  19: "float8e5m2",
  20: "float8e5m2fnuz",
  21: "uint4",
  22: "int4",
  23: "float4e2m1",
};

const ELEM_BYTES: Readonly<Record<string, number>> = {
  float: 4,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  int32: 4,
  int64: 8,
  bool: 1,
  float16: 2,
  double: 8,
  uint32: 4,
  uint64: 8,
  complex64: 8,
  complex128: 16,
  bfloat16: 2,
};

/** An int64 field: protobufjs gives a Long when the `long` package is installed, a number otherwise. */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "toNumber" in v) return (v as { toNumber(): number }).toNumber();
  if (typeof v === "string") return Number(v);
  return 0;
}

const has = (m: object, key: string): boolean => Object.prototype.hasOwnProperty.call(m, key);
const text = (v: unknown): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : typeof v === "string" ? v : "");
const list = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const elemName = (t: unknown): string => ELEM_TYPES[num(t)] ?? `type ${num(t)}`;

/** Decodes a ModelProto; throws protobufjs's error for bytes that are not one. */
export function decodeModel(bytes: Uint8Array): Message {
  return ModelProto.decode(bytes) as Message;
}

export function encodeModel(model: Message): Uint8Array {
  return ModelProto.encode(model).finish();
}

function shapeOf(shape: unknown): Dim[] | null {
  if (!shape || typeof shape !== "object") return null;
  return list<Message>((shape as Message).dim).map((d) => {
    // proto2 presence: protobufjs puts set fields on the message itself, defaults on its prototype
    if (has(d, "dim_value")) return num(d.dim_value);
    if (has(d, "dim_param") && d.dim_param !== "") return d.dim_param as string;
    return null;
  });
}

export function valueType(t: unknown): ValueType {
  if (!t || typeof t !== "object") return { kind: "unknown" };
  const m = t as Message;
  if (m.tensor_type) {
    const tt = m.tensor_type as Message;
    return { kind: "tensor", elem: elemName(tt.elem_type), shape: shapeOf(tt.shape) };
  }
  if (m.sparse_tensor_type) {
    const tt = m.sparse_tensor_type as Message;
    return { kind: "sparse_tensor", elem: elemName(tt.elem_type), shape: shapeOf(tt.shape) };
  }
  if (m.sequence_type) return { kind: "sequence", elem: (m.sequence_type as Message).elem_type ? valueType((m.sequence_type as Message).elem_type) : null };
  if (m.map_type) {
    const mt = m.map_type as Message;
    return { kind: "map", key: elemName(mt.key_type), value: mt.value_type ? valueType(mt.value_type) : null };
  }
  if (m.optional_type) return { kind: "optional", elem: (m.optional_type as Message).elem_type ? valueType((m.optional_type as Message).elem_type) : null };
  if (m.opaque_type) return { kind: "opaque" };
  return { kind: "unknown" };
}

/** `float[?,4]`, `string[N]`, `seq(map(int64,float))`: ONNX's own notation, `?` for an unnamed dimension. */
export function typeString(t: ValueType | null): string {
  if (!t) return "?";
  switch (t.kind) {
    case "tensor":
    case "sparse_tensor": {
      const dims = t.shape === null ? "" : `[${t.shape.map((d) => (d === null ? "?" : String(d))).join(",")}]`;
      return `${t.kind === "sparse_tensor" ? "sparse_tensor(" : ""}${t.elem}${dims}${t.kind === "sparse_tensor" ? ")" : ""}`;
    }
    case "sequence":
      return `seq(${typeString(t.elem)})`;
    case "map":
      return `map(${t.key},${typeString(t.value)})`;
    case "optional":
      return `optional(${typeString(t.elem)})`;
    case "opaque":
      return "opaque";
    default:
      return "unknown";
  }
}

function attributeValue(a: Message): AttributeValue {
  // AttributeProto.type: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 5 GRAPH, 6 FLOATS, 7 INTS, 8 STRINGS, 9 TENSORS, 10 GRAPHS
  switch (num(a.type)) {
    case 1:
      return typeof a.f === "number" ? a.f : 0;
    case 2:
      return num(a.i);
    case 3:
      return text(a.s);
    case 4: {
      const t = a.t as Message | undefined;
      return { tensor: { elem: elemName(t?.data_type), dims: list(t?.dims).map(num) } };
    }
    case 5: {
      const g = a.g as Message | undefined;
      return { graph: typeof g?.name === "string" ? g.name : "", nodes: list(g?.node).length };
    }
    case 6:
      return list<number>(a.floats);
    case 7:
      return list(a.ints).map(num);
    case 8:
      return list(a.strings).map(text);
    case 9:
      return { tensors: list(a.tensors).length };
    case 10:
      return { graphs: list(a.graphs).length };
    default:
      return null;
  }
}

function collectNodes(graph: Message, where: string, out: GraphNode[]): void {
  for (const n of list<Message>(graph.node)) {
    const attributes: Record<string, AttributeValue> = Object.create(null);
    for (const a of list<Message>(n.attribute)) attributes[text(a.name)] = attributeValue(a);
    const node: GraphNode = {
      name: text(n.name),
      opType: text(n.op_type),
      domain: text(n.domain),
      inputs: list(n.input).map(text),
      outputs: list(n.output).map(text),
      attributes,
      graph: where,
    };
    out.push(node);
    // If, Loop, Scan and friends carry subgraphs whose nodes run too (and must be runnable)
    for (const a of list<Message>(n.attribute)) {
      const label = `${where ? where + "/" : ""}${node.name || node.opType}/${text(a.name)}`;
      if (a.g) collectNodes(a.g as Message, label, out);
      list<Message>(a.graphs).forEach((g, i) => collectNodes(g, `${label}[${i}]`, out));
    }
  }
}

function initializerInfo(t: Message): Initializer {
  const elem = elemName(t.data_type);
  const dims = list(t.dims).map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const name = text(t.name);
  if (num(t.data_location) === 1) {
    const entries = new Map(list<Message>(t.external_data).map((e) => [text(e.key), text(e.value)]));
    const length = entries.has("length") ? Number(entries.get("length")) : null;
    return {
      name,
      elem,
      dims,
      bytes: length ?? count * (ELEM_BYTES[elem] ?? 0),
      external: { location: entries.get("location") ?? "", offset: Number(entries.get("offset") ?? 0), length },
    };
  }
  const raw = t.raw_data instanceof Uint8Array ? t.raw_data.byteLength : 0;
  const strings = list<Uint8Array>(t.string_data).reduce((n, s) => n + s.byteLength, 0);
  return { name, elem, dims, bytes: raw || strings || count * (ELEM_BYTES[elem] ?? 0) };
}

/** The facts of a decoded model: header, opsets, inputs and outputs with full types, nodes, initializers. */
export function describeModel(model: Message): ModelGraph {
  const graph = (model.graph ?? {}) as Message;
  const initializers = list<Message>(graph.initializer).map(initializerInfo);
  const initNames = new Set(initializers.map((i) => i.name));
  const values = (vs: unknown): GraphValue[] => list<Message>(vs).map((v) => ({ name: text(v.name), type: valueType(v.type) }));
  const nodes: GraphNode[] = [];
  collectNodes(graph, "", nodes);
  return {
    irVersion: has(model, "ir_version") ? num(model.ir_version) : null,
    producerName: typeof model.producer_name === "string" && model.producer_name ? model.producer_name : null,
    producerVersion: typeof model.producer_version === "string" && model.producer_version ? model.producer_version : null,
    graphName: text(graph.name),
    opsets: list<Message>(model.opset_import).map((o) => ({ domain: text(o.domain), version: num(o.version) })),
    inputs: values(graph.input).filter((v) => !initNames.has(v.name)),
    outputs: values(graph.output),
    nodes,
    initializers,
    externalData: [...new Set(initializers.flatMap((i) => (i.external ? [i.external.location] : [])))],
    functions: list<Message>(model.functions).map((f) => ({ domain: text(f.domain), name: text(f.name) })),
  };
}

/** The version a domain is imported at ("" and "ai.onnx" are one domain). */
export function opsetOf(g: ModelGraph, domain: string): number | null {
  const norm = (d: string) => (d === "ai.onnx" ? "" : d);
  const o = g.opsets.find((x) => norm(x.domain) === norm(domain));
  return o ? o.version : null;
}
