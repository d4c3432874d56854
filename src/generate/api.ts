// The generated service's HTTP API as data. The schemas (apiSchemas) are the service's shared schemas
// (src/generated/schemas.ts): its routes validate with them and its OpenAPI document, which @fastify/swagger builds
// from the routes, publishes them. The route list (apiRoutes) is what the typed client (src/generated/client.ts) and
// the README's route table are printed from; the service's client test checks it against the served document.
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

export type ContentType = "application/json" | "text/plain" | "text/html";

export interface ApiResponse {
  readonly description: string;
  readonly contentType: ContentType;
  /** The body's schema (JSON bodies only). */
  readonly schema?: SchemaName;
  /** The response carries Retry-After (seconds). */
  readonly retryAfter?: boolean;
}

export interface ApiRoute {
  readonly method: "get" | "post";
  /** OpenAPI form: `/v2/models/{model_name}/infer`. */
  readonly path: string;
  /** Also the typed client's method name. */
  readonly operationId: string;
  readonly summary: string;
  readonly tag: "service" | "open-inference-protocol" | "operations";
  /** Schema of the path parameters. */
  readonly params?: SchemaName;
  readonly body?: SchemaName;
  readonly bodyExample?: Json;
  /**
   * Other bodies the route reads, by media type (a service that takes images: multipart/form-data and the image file
   * itself), with their schemas and, for multipart, the encoding of its parts.
   */
  readonly otherBodies?: Readonly<Record<string, { readonly schema: JsonSchema; readonly encoding?: Json }>>;
  /** An example of the 200 body. */
  readonly responseExample?: Json;
  /** By HTTP status. */
  readonly responses: { readonly [status: string]: ApiResponse };
}

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

const json = (description: string, schema: SchemaName, retryAfter = false): ApiResponse => ({
  description,
  contentType: "application/json",
  schema,
  ...(retryAfter ? { retryAfter } : {}),
});

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

/** The errors any route with a JSON body can answer, besides its own. */
function bodyErrors(bad: string, images = false): Record<string, ApiResponse> {
  return {
    "400": json(bad, "Error"),
    "413": json(images ? "The request body is larger than BODY_LIMIT_BYTES, or an image is larger than IMAGE_MAX_BYTES or has more pixels than IMAGE_MAX_PIXELS" : "The request body is larger than BODY_LIMIT_BYTES", "Error"),
    "415": json(images ? "The request body is not JSON, a multipart/form-data form or an image file, or the image is of a format this service does not read" : "The request body is not JSON", "Error"),
    "500": json("A fault in the service itself (logged; the body says no more)", "Error"),
    "503": json("The model is not ready yet, the queue is full, or the service is shutting down; retry after Retry-After seconds", "Error", true),
    "504": json("The request waited longer than REQUEST_TIMEOUT_MS for the model", "Error"),
  };
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

export function apiRoutes(plan: ServicePlan): readonly ApiRoute[] {
  const example = plan.goldens[0];
  const unknownModel = json("No model of that name is served here", "Error");
  const inferExample = inferExampleOf(plan);
  return [
    {
      method: "post",
      path: "/predict",
      operationId: "predict",
      tag: "service",
      summary: plan.pipeline.preprocess
        ? `The notebook's inference path: ${plan.pipeline.preprocess} -> model -> ${plan.pipeline.postprocess ?? "outputs"}`
        : "The model on the given inputs (nested arrays by input name)",
      body: plan.request.style === "record" ? "PredictBody" : "PredictRequest",
      ...(example ? { bodyExample: jsonExample(example.request), responseExample: example.expected } : {}),
      ...(imageFields(plan).length ? { otherBodies: imageBodies(plan) } : {}),
      responses: {
        "200":
          plan.request.style === "record" && !plan.request.records
            ? json("The notebook's answer (a list of answers for a list of records)", "PredictAnswer")
            : json(plan.pipeline.postprocess ? "The notebook's answer" : "The model's answer", "PredictResponse"),
        ...bodyErrors(
          imageFields(plan).length
            ? "The request does not fit the schema or the notebook's preprocessing, or an image cannot be read (not an image, truncated, corrupt)"
            : "The request does not fit the schema or the notebook's preprocessing",
          imageFields(plan).length > 0,
        ),
      },
    },
    { method: "get", path: "/healthz", operationId: "healthz", tag: "operations", summary: "Liveness: the process answers", responses: { "200": json("Alive", "Health") } },
    {
      method: "get",
      path: "/readyz",
      operationId: "readyz",
      tag: "operations",
      summary: "Readiness: the model is loaded, checked against its sha256 and warmed up",
      responses: { "200": json("Ready", "Ready"), "503": json("Loading, warming up, failed or shutting down", "NotReady") },
    },
    {
      method: "get",
      path: "/metrics",
      operationId: "metrics",
      tag: "operations",
      summary: "Prometheus metrics: requests, latency, batch sizes, queue wait, model run time",
      responses: { "200": { description: "Prometheus text format 0.0.4", contentType: "text/plain" } },
    },
    {
      method: "get",
      path: "/openapi.json",
      operationId: "openapi",
      tag: "operations",
      summary: "This document",
      responses: { "200": { description: "OpenAPI 3.1", contentType: "application/json" } },
    },
    {
      method: "get",
      path: "/docs",
      operationId: "docs",
      tag: "operations",
      summary: "This document as a web page (self-contained, no scripts)",
      responses: { "200": { description: "HTML", contentType: "text/html" } },
    },
    {
      method: "get",
      path: "/v2",
      operationId: "serverMetadata",
      tag: "open-inference-protocol",
      summary: "OIP server metadata",
      responses: { "200": json("Server metadata", "ServerMetadata") },
    },
    {
      method: "get",
      path: "/v2/health/live",
      operationId: "serverLive",
      tag: "open-inference-protocol",
      summary: "OIP server liveness",
      responses: { "200": json("Live", "ServerLive") },
    },
    {
      method: "get",
      path: "/v2/health/ready",
      operationId: "serverReady",
      tag: "open-inference-protocol",
      summary: "OIP server readiness (the model is loaded and warmed up)",
      responses: { "200": json("Ready", "ServerReady"), "503": json("Not ready", "ServerReady") },
    },
    {
      method: "get",
      path: "/v2/models/{model_name}",
      operationId: "modelMetadata",
      tag: "open-inference-protocol",
      summary: "OIP model metadata: inputs and outputs with OIP datatypes, -1 for dimensions of any size",
      params: "ModelName",
      responses: { "200": json("Model metadata", "ModelMetadata"), "404": unknownModel },
    },
    {
      method: "get",
      path: "/v2/models/{model_name}/ready",
      operationId: "modelReady",
      tag: "open-inference-protocol",
      summary: "OIP model readiness",
      params: "ModelName",
      responses: { "200": json("Ready", "ModelReady"), "503": json("Not ready", "ModelReady"), "404": unknownModel },
    },
    {
      method: "post",
      path: "/v2/models/{model_name}/infer",
      operationId: "modelInfer",
      tag: "open-inference-protocol",
      summary: "OIP inference: raw tensors straight to the model (no notebook code), `data` flat or nested, row-major",
      params: "ModelName",
      body: "InferRequest",
      bodyExample: inferExample,
      responses: {
        "200": json("The requested outputs (all when `outputs` is absent), data flat and row-major", "InferResponse"),
        "404": unknownModel,
        ...bodyErrors("The tensors do not fit the model (name, datatype, shape, data)"),
      },
    },
  ];
}
