// Open Inference Protocol v2 (KServe, Triton): raw tensors straight to the model, no notebook code. Request tensors
// are checked against the model's signature (name, datatype, shape, element count and kind) so that a bad tensor is
// a 400 naming it, never an onnxruntime crash.
import { ClientError } from "./errors.ts";
import { allocate, DTYPE_INFO, NDArray, strData } from "@nb2svc/runtime/ndarray";
import { SERVICE, type TensorSpec } from "./generated/service.ts";
import { runtimeDType, type Feeds } from "./tensors.ts";

type Scalar = number | boolean | string;
type TensorData = readonly (Scalar | readonly unknown[])[];

export interface InferInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly data: TensorData;
}

export interface InferRequest {
  readonly id?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly inputs: readonly InferInput[];
  readonly outputs?: readonly { readonly name: string; readonly parameters?: Readonly<Record<string, unknown>> }[];
}

export interface InferOutput {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
  readonly data: readonly (number | boolean | string)[];
}

export interface InferResponse {
  readonly model_name: string;
  readonly id?: string;
  readonly outputs: readonly InferOutput[];
}

/** OIP metadata of a tensor: -1 for every dimension that is not fixed. */
export function tensorMetadata(spec: TensorSpec): { name: string; datatype: string; shape: number[] } {
  return { name: spec.name, datatype: spec.datatype, shape: spec.shape.map((d) => (typeof d === "number" ? d : -1)) };
}

export function modelMetadata(): Record<string, unknown> {
  return {
    name: SERVICE.name,
    platform: "onnx_onnxv1",
    inputs: SERVICE.model.inputs.map(tensorMetadata),
    outputs: SERVICE.model.outputs.map(tensorMetadata),
  };
}

const names = (specs: readonly TensorSpec[]) => specs.map((s) => `"${s.name}"`).join(", ");

/** The request's tensors as model feeds, and the names of the outputs to answer with (in the order asked). */
export function decodeInferRequest(req: InferRequest): { feeds: Feeds; outputs: readonly TensorSpec[] } {
  const feeds: Feeds = Object.create(null);
  for (const input of req.inputs) {
    const spec = SERVICE.model.inputs.find((s) => s.name === input.name);
    if (!spec) throw new ClientError(`unknown input "${input.name}"; the model's inputs are ${names(SERVICE.model.inputs)}`);
    if (feeds[spec.name]) throw new ClientError(`input "${spec.name}" is given twice`);
    feeds[spec.name] = decodeTensor(input, spec);
  }
  for (const spec of SERVICE.model.inputs) {
    if (!feeds[spec.name]) throw new ClientError(`missing input "${spec.name}" (${spec.datatype} ${JSON.stringify(tensorMetadata(spec).shape)})`);
  }
  const outputs = (req.outputs ?? SERVICE.model.outputs).map((o) => {
    const spec = SERVICE.model.outputs.find((s) => s.name === o.name);
    if (!spec) throw new ClientError(`unknown output "${o.name}"; the model's outputs are ${names(SERVICE.model.outputs)}`);
    return spec;
  });
  return { feeds, outputs };
}

function decodeTensor(input: InferInput, spec: TensorSpec): NDArray {
  const at = `input "${spec.name}"`;
  if (input.datatype !== spec.datatype) throw new ClientError(`${at} has datatype ${input.datatype}; the model takes ${spec.datatype}`);
  const shape = input.shape;
  if (shape.length !== spec.shape.length || spec.shape.some((d, i) => typeof d === "number" && d !== shape[i])) {
    throw new ClientError(`${at} has shape ${JSON.stringify(shape)}; the model takes ${JSON.stringify(tensorMetadata(spec).shape)} (-1: any size)`);
  }
  const count = shape.reduce((n, d) => n * d, 1);
  if (count === 0) throw new ClientError(`${at} is empty (shape ${JSON.stringify(shape)})`);
  const flat: Scalar[] = [];
  flatten(input.data, flat, at, count);
  if (flat.length !== count) throw new ClientError(`${at} has ${flat.length} values; shape ${JSON.stringify(shape)} needs ${count}`);
  const dtype = runtimeDType(spec);
  const info = DTYPE_INFO[dtype];
  const data = allocate(dtype, count);
  const strings = strData(data);
  for (let i = 0; i < count; i++) {
    const v = flat[i];
    if (dtype === "str") {
      // OIP's JSON form of BYTES: each element a string
      if (typeof v !== "string") throw new ClientError(`${at}: value ${i} is ${JSON.stringify(v)}; BYTES data are strings`);
      strings[i] = v;
    } else if (dtype === "bool") {
      if (typeof v !== "boolean") throw new ClientError(`${at}: value ${i} is ${JSON.stringify(v)}; BOOL data are true or false`);
      data[i] = v ? 1 : 0;
    } else {
      if (typeof v !== "number") throw new ClientError(`${at}: value ${i} is ${JSON.stringify(v)}; ${spec.datatype} data are numbers`);
      if (info.kind !== "f" && (!Number.isInteger(v) || v < info.min || v > info.max)) {
        throw new ClientError(`${at}: value ${i} is ${v}; ${spec.datatype} data are integers in [${info.min}, ${info.max}]`);
      }
      data[i] = v;
    }
  }
  const arr = new NDArray(data, [...shape], dtype);
  return arr;
}

/** Row-major leaves of nested `data`; stops early past `limit` values so that a huge body cannot make a huge array. */
function flatten(data: unknown, out: Scalar[], at: string, limit: number): void {
  if (!Array.isArray(data)) {
    out.push(data as Scalar);
    return;
  }
  for (const item of data) {
    if (out.length > limit) return;
    if (Array.isArray(item)) flatten(item, out, at, limit);
    else if (typeof item === "number" || typeof item === "boolean" || typeof item === "string") out.push(item);
    else throw new ClientError(`${at}: ${JSON.stringify(item)} is not a tensor value`);
  }
}

/** The answer to an infer request: the selected outputs (this request's rows only), data flat and row-major. */
export function encodeInferResponse(req: InferRequest, outputs: readonly NDArray[], selected: readonly TensorSpec[]): InferResponse {
  return {
    model_name: SERVICE.name,
    ...(req.id !== undefined ? { id: req.id } : {}),
    outputs: selected.map((spec) => {
      const arr = outputs[SERVICE.model.outputs.indexOf(spec)]!;
      const values: (number | string)[] = Array.from(arr.values() as ArrayLike<number | string>);
      return { name: spec.name, datatype: spec.datatype, shape: [...arr.shape], data: spec.dtype === "bool" ? values.map((v) => v !== 0) : values };
    }),
  };
}
