// The generated service's HTTP API as data. The schemas (apiSchemas) are the service's shared schemas
// (src/generated/schemas.ts): its routes validate with them and its OpenAPI document, which @fastify/swagger builds
// from the routes, publishes them. What /predict's description takes from the notebook is predictFacts. The document
// itself, which the typed client and the README are printed from, is openapi.ts's.
import type { Json } from "../analyze/types.ts";
import type { JsonSchema, ServicePlan } from "../plan/types.ts";

/** The generated service's own version (package.json, OpenAPI info, OIP server metadata). */
export const SERVICE_VERSION = "0.1.0";

/**
 * The request body's JSON Schema: the preprocessing function's parameters (or the model's inputs), nothing else; a
 * records request is one record or a non-empty list of them.
 */
export function requestSchema(plan: ServicePlan): JsonSchema {
  // no prototype: a parameter named __proto__ is a key like any other
  const properties: { [name: string]: JsonSchema } = Object.create(null);
  for (const f of plan.request.fields) properties[f.name] = f.schema;
  const record: JsonSchema = {
    type: "object",
    properties,
    required: plan.request.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
  return record;
}

/** Most records one request may hold (each runs the notebook's path alone; the batcher merges their model runs). */
export const MAX_RECORDS = 1000;

/**
 * The /predict body: the request object; for a record request, also a list of records (answered with a list, in
 * order).
 */
export function bodySchema(plan: ServicePlan): JsonSchema {
  if (plan.request.style !== "record") return requestSchema(plan);
  const record = requestSchema(plan);
  return { anyOf: [record, { type: "array", items: record, minItems: 1, maxItems: MAX_RECORDS }] };
}

/** The /predict answer: the notebook's answer; for a record request, also a list of answers. */
export function answerSchema(plan: ServicePlan): JsonSchema {
  // a model fed the record's columns answers per record already (plan's raw response schema says both forms)
  if (plan.request.style !== "record" || plan.request.records) return plan.response.schema;
  return { anyOf: [plan.response.schema, { type: "array", items: plan.response.schema }] };
}

/** Open Inference Protocol v2 datatypes, by onnxruntime tensor type. */
export const OIP_DATATYPES = {
  bool: "BOOL",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  uint64: "UINT64",
  int8: "INT8",
  int16: "INT16",
  int32: "INT32",
  int64: "INT64",
  float16: "FP16",
  float32: "FP32",
  float64: "FP64",
  string: "BYTES",
} as const;

/** The OIP `platform` of an ONNX model (the value Triton and KServe use). */
export const OIP_PLATFORM = "onnx_onnxv1";

export type SchemaName =
  | "PredictRequest"
  | "PredictBody"
  | "PredictResponse"
  | "PredictAnswer"
  | "Error"
  | "Health"
  | "Ready"
  | "NotReady"
  | "ServerMetadata"
  | "ServerLive"
  | "ServerReady"
  | "ModelName"
  | "ModelMetadata"
  | "ModelReady"
  | "InferRequest"
  | "InferResponse";

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const parameters: JsonSchema = { type: "object", description: "Key/value parameters; accepted and ignored by this service" };

/** Every non-2xx body: `{"error": "..."}` and nothing else, so clients need one error type. */
export const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  properties: { error: { type: "string", description: "What went wrong, naming the field when a field is wrong" } },
  required: ["error"],
  additionalProperties: false,
};

function tensorMetadata(datatypes: readonly string[]): JsonSchema {
  return {
    type: "object",
    properties: {
      name: str,
      datatype: { type: "string", enum: [...datatypes] },
      shape: { type: "array", items: { type: "integer", minimum: -1 }, description: "-1 for a dimension of any size" },
    },
    required: ["name", "datatype", "shape"],
  };
}

/** Tensor contents, row-major: flat, or nested as deep as the shape (checked against the shape by the service). */
const TENSOR_DATA: JsonSchema = {
  type: "array",
  items: { anyOf: [{ type: "number" }, { type: "boolean" }, { type: "string" }, { type: "array" }] },
};

export function apiSchemas(plan: ServicePlan): Readonly<Record<SchemaName, JsonSchema>> {
  const sig = plan.model.signature;
  const datatypes = [...new Set([...sig.inputs, ...sig.outputs].map((t) => OIP_DATATYPES[t.dtype]))];
  const allDatatypes = [...new Set(Object.values(OIP_DATATYPES))];
  return {
    PredictRequest: requestSchema(plan),
    PredictBody: bodySchema(plan),
    PredictResponse: plan.response.schema,
    PredictAnswer: answerSchema(plan),
    Error: ERROR_SCHEMA,
    Health: { type: "object", properties: { status: { const: "ok" } }, required: ["status"], additionalProperties: false },
    Ready: { type: "object", properties: { status: { const: "ready" }, model: str }, required: ["status", "model"], additionalProperties: false },
    NotReady: {
      type: "object",
      properties: { status: { type: "string", enum: ["loading", "warming-up", "failed", "stopping"] }, error: str },
      required: ["status"],
      additionalProperties: false,
    },
    ServerMetadata: {
      type: "object",
      properties: { name: str, version: str, extensions: { type: "array", items: str } },
      required: ["name", "version", "extensions"],
      additionalProperties: false,
    },
    ServerLive: { type: "object", properties: { live: bool }, required: ["live"], additionalProperties: false },
    ServerReady: { type: "object", properties: { ready: bool }, required: ["ready"], additionalProperties: false },
    ModelName: { type: "object", properties: { model_name: str }, required: ["model_name"] },
    ModelMetadata: {
      type: "object",
      properties: {
        name: str,
        versions: { type: "array", items: str },
        platform: str,
        inputs: { type: "array", items: tensorMetadata(datatypes) },
        outputs: { type: "array", items: tensorMetadata(datatypes) },
      },
      required: ["name", "platform", "inputs", "outputs"],
      additionalProperties: false,
    },
    ModelReady: { type: "object", properties: { name: str, ready: bool }, required: ["name", "ready"], additionalProperties: false },
    InferRequest: {
      type: "object",
      properties: {
        id: str,
        parameters,
        inputs: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            properties: {
              name: str,
              shape: { type: "array", items: { type: "integer", minimum: 0 } },
              datatype: { type: "string", enum: allDatatypes },
              parameters,
              data: TENSOR_DATA,
            },
            required: ["name", "shape", "datatype", "data"],
          },
        },
        outputs: { type: "array", items: { type: "object", properties: { name: str, parameters }, required: ["name"] } },
      },
      required: ["inputs"],
    },
    InferResponse: {
      type: "object",
      properties: {
        model_name: str,
        model_version: str,
        id: str,
        parameters,
        outputs: {
          type: "array",
          items: {
            type: "object",
            properties: {
              name: str,
              shape: { type: "array", items: { type: "integer", minimum: 0 } },
              datatype: { type: "string", enum: datatypes },
              parameters,
              data: { type: "array", items: { anyOf: [{ type: "number" }, { type: "boolean" }, { type: "string" }] }, description: "Flat, row-major" },
            },
            required: ["name", "shape", "datatype", "data"],
            additionalProperties: false,
          },
        },
      },
      required: ["model_name", "outputs"],
      additionalProperties: false,
    },
  };
}

/** The media types of the image formats a service reads (src/runtime/image's IMAGE_FORMATS). */
export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/webp"] as const;

/** The request fields that carry an image file. */
export function imageFields(plan: ServicePlan): string[] {
  return plan.request.fields.filter((f) => f.media === "image").map((f) => f.name);
}

/**
 * The /predict bodies besides JSON for a service that takes images: a multipart/form-data form (image fields as file
 * parts, the others as form fields, JSON-encoded unless strings) and, when the request is one image, the file itself.
 */
export function imageBodies(plan: ServicePlan): Record<string, { schema: JsonSchema; encoding?: Json }> {
  const images = imageFields(plan);
  if (images.length === 0) return {};
  const properties: { [name: string]: JsonSchema } = Object.create(null);
  const encoding: { [name: string]: Json } = {};
  for (const f of plan.request.fields) {
    if (f.media === "image") {
      properties[f.name] = { type: "string", contentMediaType: "application/octet-stream", description: "The image file (PNG, JPEG, GIF, BMP, TIFF or WebP), as a file part" };
      encoding[f.name] = { contentType: [...IMAGE_MEDIA_TYPES, "application/octet-stream"].join(", ") };
    } else {
      properties[f.name] = f.schema.type === "string" ? f.schema : { ...f.schema, description: "JSON-encoded (a number, a list, an object)" };
    }
  }
  const out: Record<string, { schema: JsonSchema; encoding?: Json }> = {
    "multipart/form-data": {
      schema: { type: "object", properties, required: plan.request.fields.filter((f) => f.required).map((f) => f.name), additionalProperties: false },
      encoding,
    },
  };
  const alone = images.length === 1 && plan.request.fields.every((f) => f.media === "image" || !f.required);
  if (alone) {
    for (const type of [...IMAGE_MEDIA_TYPES, "application/octet-stream"]) {
      out[type] = { schema: { type: "string", contentMediaType: type, description: `The image file itself, as the request body (field "${images[0]}")` } };
    }
  }
  return out;
}

/** An example request as a client sends it in JSON: an image file (`{"$file": path}`) is its base64. */
export function jsonExample(request: { readonly [field: string]: Json }): Json {
  const out: { [field: string]: Json } = {};
  for (const [k, v] of Object.entries(request)) {
    const file = v !== null && typeof v === "object" && !Array.isArray(v) ? v.$file : undefined;
    out[k] = typeof file === "string" ? `<the image file ${file}, in base64>` : v;
  }
  return out;
}

/**
 * An OIP request the model accepts, of its input shapes (1 for a symbolic dimension): the notebook's first example
 * where it feeds the model as it is, else zeros (empty strings, false) of each input's type.
 */
export function inferExampleOf(plan: ServicePlan): Json {
  const example = plan.goldens[0];
  return {
    id: "1",
    inputs: plan.model.signature.inputs.map((t) => {
      const shape = t.shape.map((d) => (typeof d === "number" ? d : 1));
      const size = shape.reduce((n, d) => n * d, 1);
      // the notebook's own values where its example feeds this input as it is (a model without preprocessing: a
      // category the model's encoder knows, not a made-up one it refuses); else a value of the tensor's type
      const given = example && !plan.pipeline.preprocess ? [example.request[t.name]].flat(Infinity as 1) : [];
      const fits = given.length === size && given.every((v) => (t.dtype === "string" ? typeof v === "string" : t.dtype === "bool" ? typeof v === "boolean" : typeof v === "number"));
      const data: Json[] = fits ? (given as Json[]) : new Array<Json>(size).fill(t.dtype === "string" ? "" : t.dtype === "bool" ? false : 0);
      return { name: t.name, shape, datatype: OIP_DATATYPES[t.dtype], data };
    }),
  };
}

/** What /predict's description takes from the notebook (src/generated/schemas.ts's PREDICT, read by routes/predict.ts). */
export interface PredictFacts {
  readonly summary: string;
  readonly answerSchema: "PredictAnswer" | "PredictResponse";
  readonly answerDescription: string;
  readonly badRequest: string;
  /** The notebook's first example: its request as a client sends it in JSON, and its answer. */
  readonly example: { readonly request: Json; readonly answer: Json } | null;
  /** The bodies besides JSON it reads (image files), by media type. */
  readonly otherBodies: Readonly<Record<string, { readonly schema: JsonSchema; readonly encoding?: Json }>>;
}

export function predictFacts(plan: ServicePlan): PredictFacts {
  const example = plan.goldens[0];
  const records = plan.request.style === "record" && !plan.request.records;
  const images = imageFields(plan).length > 0;
  return {
    summary: plan.pipeline.preprocess
      ? `The notebook's inference path: ${plan.pipeline.preprocess} -> model -> ${plan.pipeline.postprocess ?? "outputs"}`
      : "The model on the given inputs (nested arrays by input name)",
    answerSchema: records ? "PredictAnswer" : "PredictResponse",
    answerDescription: records ? "The notebook's answer (a list of answers for a list of records)" : plan.pipeline.postprocess ? "The notebook's answer" : "The model's answer",
    badRequest: images
      ? "The request does not fit the schema or the notebook's preprocessing, or an image cannot be read (not an image, truncated, corrupt)"
      : "The request does not fit the schema or the notebook's preprocessing",
    example: example ? { request: jsonExample(example.request), answer: example.expected } : null,
    otherBodies: imageBodies(plan),
  };
}
