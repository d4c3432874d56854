// ModelSignature: made by inspect from an ONNX file (through onnxruntime-node), read by plan.

/** ONNX tensor element types, as onnxruntime-node names them. */
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
}

export interface ModelSignature {
  /** Absolute path of the .onnx file. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly opset: number | null;
  readonly producer: string | null;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
}
