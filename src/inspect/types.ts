// ModelSignature: made by inspect from an ONNX file (its protobuf graph, checked by creating an onnxruntime-node
// session), read by plan and generate.

/** ONNX tensor element types the service can exchange, as onnxruntime-node names them. */
export type TensorType =
  | "float32"
  | "float64"
  | "float16"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "bool"
  | "string";

/** A dimension: a fixed size, or the symbolic name the model gives it (`"batch"`), or null when unnamed. */
export type Dim = number | string | null;

export interface TensorInfo {
  readonly name: string;
  readonly dtype: TensorType;
  readonly shape: readonly Dim[];
  /**
   * Inputs only: a value the model accepts in every element, for the service's warm-up run (the first category of
   * the encoder the input feeds, when it feeds one: a OneHotEncoder with handle_unknown='error' refuses others).
   */
  readonly warmup?: string | number;
  /** Inputs only: the model replaces NaN in it (an Imputer), so a request may send null for "missing". */
  readonly nullable?: boolean;
}

/** An ONNX value type as the graph declares it: `float[?,4]`, `seq(map(int64,float))`. */
export type ValueType =
  | { readonly kind: "tensor"; readonly elem: string; readonly shape: readonly Dim[] | null }
  | { readonly kind: "sparse_tensor"; readonly elem: string; readonly shape: readonly Dim[] | null }
  | { readonly kind: "sequence"; readonly elem: ValueType | null }
  | { readonly kind: "map"; readonly key: string; readonly value: ValueType | null }
  | { readonly kind: "optional"; readonly elem: ValueType | null }
  | { readonly kind: "opaque" }
  | { readonly kind: "unknown" };

export interface GraphValue {
  readonly name: string;
  readonly type: ValueType;
}

/** An attribute value, summarised: lists and scalars as they are; tensors and graphs by what they hold. */
export type AttributeValue =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | { readonly tensor: { readonly elem: string; readonly dims: readonly number[] } }
  | { readonly graph: string; readonly nodes: number }
  | { readonly graphs: number }
  | { readonly tensors: number }
  | null;

export interface GraphNode {
  readonly name: string;
  readonly opType: string;
  /** "" for the default ONNX domain. */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Where the node is: "" in the main graph, `Loop_3/body` inside a subgraph. */
  readonly graph: string;
}

export interface Initializer {
  readonly name: string;
  readonly elem: string;
  readonly dims: readonly number[];
  /** Bytes of its values (in the file or in its external data file). */
  readonly bytes: number;
  /** Set when the values live in another file (`location` is relative to the model's folder). */
  readonly external?: { readonly location: string; readonly offset: number; readonly length: number | null };
}

/** Everything inspect read from the model's protobuf: what the service and the diagnostics need. */
export interface ModelGraph {
  readonly irVersion: number | null;
  readonly producerName: string | null;
  readonly producerVersion: string | null;
  readonly graphName: string;
  /** opset_import, in file order; "" is the default ONNX domain (ai.onnx). */
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  /** Graph inputs that are not initializers (what a caller feeds). */
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  /** Every node, subgraphs' included. */
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly Initializer[];
  /** Files holding external initializer data, relative to the model's folder, each once. */
  readonly externalData: readonly string[];
  /** Model-local functions (domain, name): nodes may call them. */
  readonly functions: readonly { readonly domain: string; readonly name: string }[];
}

/**
 * A classifier's outputs, found from its ai.onnx.ml classifier node or its ZipMap: which output holds the labels,
 * which the per-class probabilities, and the classes in probability column order.
 */
export interface ClassifierOutputs {
  /** Index of the label output in `outputs`. */
  readonly label: number;
  /** Index of the probabilities output (`[N, classes]`) in `outputs`. */
  readonly probabilities: number;
  readonly classes: readonly (string | number)[];
  /** The node the classes came from (`ZipMap`, `LinearClassifier`, ...). */
  readonly from: string;
}

/** A change inspect made to a copy of the model so that the service can run it; the original is untouched. */
export interface ModelRewrite {
  /** sha256 of the file the notebook wrote. */
  readonly sourceSha256: string;
  /** What was done, one line each: "removed ZipMap node `ZipMap`: output `output_probability` (seq(map(int64,float))) is served as `probabilities` (float[?,3])". */
  readonly changes: readonly string[];
  /**
   * Each removed ZipMap: the served output (index) that holds its input, and its classes. Python code written for
   * the original model reads that output as a list of {class: probability} dicts; the service rebuilds them.
   */
  readonly zipMaps: readonly { readonly output: number; readonly classes: readonly (string | number)[] }[];
}

/** An external data file shipped next to the model. */
export interface ModelDataFile {
  /** Path relative to the model's folder, as the model names it. */
  readonly location: string;
  /** Absolute path where inspect found it. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface ModelSignature {
  /** Absolute path of the .onnx file the notebook wrote. */
  readonly path: string;
  /** sha256 and size of the model the service runs (the rewritten copy when `rewrite` is set). */
  readonly sha256: string;
  readonly bytes: number;
  readonly opset: number | null;
  readonly producer: string | null;
  /** The served model's inputs and outputs, in model order. */
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Set when the model is a classifier whose labels and probabilities the service can pair. */
  readonly classifier?: ClassifierOutputs | null;
  /** Set when the served model is a rewritten copy (a ZipMap removed). */
  readonly rewrite?: ModelRewrite | null;
  /** External data files the model reads (copied into the service's model/ folder beside it). */
  readonly dataFiles?: readonly ModelDataFile[];
  /** The graph as read (before any rewrite). */
  readonly graph?: ModelGraph;
}
