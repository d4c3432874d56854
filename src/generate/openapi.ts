// The service's OpenAPI document, built from the plan without starting the service: the same JSON, key for key and
// in the same order, as @fastify/swagger serves at GET /openapi.json from the routes of templates/service/src/routes/
// and the options of templates/service/src/plugins/openapi.ts. nb2svc writes it to openapi.json, and prints the typed
// client and the README's route table from it, so that they say what the service serves. quickVerify compares it
// with the running bundle's /openapi.json on every convert, and test/generate/served-openapi.test.ts for the examples
// and an image service. A service whose user changed its routes gets its document from its own src/openapi.ts again
// (bundle.ts), since only the routes know then.
import type { Json } from "../analyze/types.ts";
import type { JsonSchema, ServicePlan } from "../plan/types.ts";
import { apiSchemas, inferExampleOf, predictFacts, SERVICE_VERSION, type SchemaName } from "./api.ts";

export interface OpenApiMedia {
  readonly schema: JsonSchema;
  readonly example?: Json;
  readonly encoding?: Json;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly schema: JsonSchema; readonly description?: string }>>;
  readonly content?: Readonly<Record<string, OpenApiMedia>>;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, OpenApiMedia>> };
  readonly parameters?: readonly { readonly schema: JsonSchema; readonly in: "path"; readonly name: string; readonly required: true; readonly description?: string }[];
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}

export type HttpMethod = "get" | "post";

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
  readonly paths: Readonly<Record<string, Partial<Readonly<Record<HttpMethod, OpenApiOperation>>>>>;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly jsonSchemaDialect: string;
}

/** openapi.json's text, as `npm run build` in the service writes it (src/openapi.ts). */
export function openapiText(doc: OpenApiDocument): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

const COMPONENTS = "#/components/schemas/";

/**
 * A JSON Schema as @fastify/swagger publishes it in an OpenAPI 3.1 document (its convertJsonSchemaToOpenapi3 with
 * convertConstToEnum, the default): `const` becomes a one-value `enum` (swagger-ui reads no `const`), `$id`,
 * `$schema` and `definitions` go, `contentEncoding` becomes `format`, a `$ref` stands alone. It walks every value,
 * examples included, as swagger does; keys keep their order except that `enum` and `format` move to the end.
 */
export function publishedSchema(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(publishedSchema);
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (Object.hasOwn(out, "$ref") && Object.keys(out).length !== 1) for (const k of Object.keys(out)) if (k !== "$ref") delete out[k];
  for (const key of Object.keys(out)) {
    const v = out[key];
    if (key === "$id" || key === "$schema" || key === "definitions") delete out[key];
    else if (key === "$ref") out.$ref = String(v).replace("definitions", "components/schemas");
    else if (key === "const") {
      out.enum = [out.const];
      delete out.const;
    } else if (key === "contentEncoding") {
      if (v === "binary") out.format = "binary";
      else if (v === "base64") out.format = "byte";
      delete out.contentEncoding;
    } else if (key === "patternProperties") {
      out.additionalProperties = publishedSchema(Object.values(v as Record<string, unknown>)[0]);
      delete out.patternProperties;
    } else if (key === "properties") {
      const props: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(v as Record<string, unknown>)) props[name] = publishedSchema(p);
      out.properties = props;
    } else out[key] = publishedSchema(v);
  }
  // OpenAPI 3.1 has no `nullable`: a nullable type admits null
  if (Object.hasOwn(out, "nullable")) {
    const { nullable, type } = out;
    delete out.nullable;
    if (nullable === true && type !== undefined) {
      const types = Array.isArray(type) ? type : [type];
      if (!types.includes("null")) out.type = [...types, "null"];
    }
  }
  return out;
}

const ref = (name: SchemaName): JsonSchema => ({ $ref: `${COMPONENTS}${name}` });

// the responses the routes declare with plugins/openapi.ts's jsonResponse, textResponse and objectResponse
function json(description: string, schema: SchemaName, retryAfter = false): OpenApiResponse {
  return {
    description,
    ...(retryAfter ? { headers: { "Retry-After": { schema: { type: "integer", minimum: 0 }, description: "Seconds to wait before retrying" } } } : {}),
    content: { "application/json": { schema: ref(schema) } },
  };
}
const text = (description: string, contentType: "text/plain" | "text/html"): OpenApiResponse => ({ description, content: { [contentType]: { schema: { type: "string" } } } });
const object = (description: string): OpenApiResponse => ({ description, content: { "application/json": { schema: { type: "object" } } } });

/** plugins/openapi.ts's bodyErrors. */
function bodyErrors(bad: string, images = false): Record<string, OpenApiResponse> {
  return {
    "400": json(bad, "Error"),
    "413": json(images ? "The request body is larger than BODY_LIMIT_BYTES, or an image is larger than IMAGE_MAX_BYTES or has more pixels than IMAGE_MAX_PIXELS" : "The request body is larger than BODY_LIMIT_BYTES", "Error"),
    "415": json(images ? "The request body is not JSON, a multipart/form-data form or an image file, or the image is of a format this service does not read" : "The request body is not JSON", "Error"),
    "500": json("A fault in the service itself (logged; the body says no more)", "Error"),
    "503": json("The model is not ready yet, the queue is full, or the service is shutting down; retry after Retry-After seconds", "Error", true),
    "504": json("The request waited longer than REQUEST_TIMEOUT_MS for the model", "Error"),
  };
}

/** A route's path parameters, from an object schema, as swagger lists them. */
function pathParameters(schema: JsonSchema): NonNullable<OpenApiOperation["parameters"]> {
  const properties = (publishedSchema(schema) as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
  return Object.entries(properties).map(([name, p]) => {
    const { description, required: _required, ...rest } = p;
    return { schema: rest as JsonSchema, in: "path", name, required: true, ...(typeof description === "string" ? { description } : {}) };
  });
}

/** The service's OpenAPI document: the routes in the order src/app.ts registers their plugins. */
export function openapiDocument(plan: ServicePlan): OpenApiDocument {
  const schemas = apiSchemas(plan);
  const predict = predictFacts(plan);
  const images = Object.keys(predict.otherBodies).length > 0;
  const op = (operationId: string, summary: string, tag: string, responses: Record<string, OpenApiResponse>, extra: Partial<OpenApiOperation> = {}): OpenApiOperation => ({
    operationId,
    summary,
    tags: [tag],
    ...(extra.requestBody ? { requestBody: extra.requestBody } : {}),
    ...(extra.parameters ? { parameters: extra.parameters } : {}),
    responses,
  });
  const operations = "operations";
  const oip = "open-inference-protocol";
  const params = pathParameters(schemas.ModelName);
  const unknownModel = json("No model of that name is served here", "Error");
  const predictBody: Record<string, OpenApiMedia> = {
    "application/json": { schema: ref(plan.request.style === "record" ? "PredictBody" : "PredictRequest"), ...(predict.example ? { example: predict.example.request } : {}) },
    ...predict.otherBodies,
  };
  const paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>> = {
    // routes/health.ts
    "/healthz": { get: op("healthz", "Liveness: the process answers", operations, { "200": json("Alive", "Health") }) },
    "/readyz": {
      get: op("readyz", "Readiness: the model is loaded, checked against its sha256 and warmed up", operations, {
        "200": json("Ready", "Ready"),
        "503": json("Loading, warming up, failed or shutting down", "NotReady"),
      }),
    },
    "/metrics": { get: op("metrics", "Prometheus metrics: requests, latency, batch sizes, queue wait, model run time", operations, { "200": text("Prometheus text format 0.0.4", "text/plain") }) },
    // routes/docs.ts
    "/openapi.json": { get: op("openapi", "This document", operations, { "200": object("OpenAPI 3.1") }) },
    "/docs": { get: op("docs", "This document as a web page (self-contained, no scripts)", operations, { "200": text("HTML", "text/html") }) },
    // routes/predict.ts
    "/predict": {
      post: op(
        "predict",
        predict.summary,
        "service",
        { "200": json(predict.answerDescription, predict.answerSchema), ...bodyErrors(predict.badRequest, images) },
        { requestBody: { required: true, content: predictBody } },
      ),
    },
    // routes/oip.ts
    "/v2": { get: op("serverMetadata", "OIP server metadata", oip, { "200": json("Server metadata", "ServerMetadata") }) },
    "/v2/health/live": { get: op("serverLive", "OIP server liveness", oip, { "200": json("Live", "ServerLive") }) },
    "/v2/health/ready": {
      get: op("serverReady", "OIP server readiness (the model is loaded and warmed up)", oip, { "200": json("Ready", "ServerReady"), "503": json("Not ready", "ServerReady") }),
    },
    "/v2/models/{model_name}": {
      get: op(
        "modelMetadata",
        "OIP model metadata: inputs and outputs with OIP datatypes, -1 for dimensions of any size",
        oip,
        { "200": json("Model metadata", "ModelMetadata"), "404": unknownModel },
        { parameters: params },
      ),
    },
    "/v2/models/{model_name}/ready": {
      get: op("modelReady", "OIP model readiness", oip, { "200": json("Ready", "ModelReady"), "503": json("Not ready", "ModelReady"), "404": unknownModel }, { parameters: params }),
    },
    "/v2/models/{model_name}/infer": {
      post: op(
        "modelInfer",
        "OIP inference: raw tensors straight to the model (no notebook code), `data` flat or nested, row-major",
        oip,
        {
          "200": json("The requested outputs (all when `outputs` is absent), data flat and row-major", "InferResponse"),
          "404": unknownModel,
          ...bodyErrors("The tensors do not fit the model (name, datatype, shape, data)"),
        },
        { requestBody: { required: true, content: { "application/json": { schema: ref("InferRequest"), example: inferExampleOf(plan) } } }, parameters: params },
      ),
    },
  };
  return {
    openapi: "3.1.0",
    // plugins/openapi.ts
    info: {
      title: plan.name,
      version: SERVICE_VERSION,
      description:
        `Inference service for ${plan.notebook.fileName}, generated by nb2svc ${plan.toolVersion}. ` +
        "Every error is `{\"error\": \"...\"}`. `/predict` runs the notebook's own code around the model; `/v2/...` is the " +
        "Open Inference Protocol v2 on raw tensors.",
    },
    components: { schemas: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, publishedSchema(s) as JsonSchema])) },
    paths,
    tags: [
      { name: "service", description: "The notebook's inference path" },
      { name: "open-inference-protocol", description: "Open Inference Protocol v2 (KServe, Triton)" },
      { name: "operations", description: "Health, readiness, metrics and this document" },
    ],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
  };
}

/** Every operation of a document, in its order: method, path and the operation. */
export function operationsOf(doc: OpenApiDocument): { readonly method: HttpMethod; readonly path: string; readonly operation: OpenApiOperation }[] {
  const out: { method: HttpMethod; path: string; operation: OpenApiOperation }[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods) as [HttpMethod, OpenApiOperation | undefined][]) if (operation) out.push({ method, path: p, operation });
  }
  return out;
}

/** The component a `{"$ref": "#/components/schemas/X"}` names, or null for an inline schema. */
export function refName(schema: JsonSchema | undefined): string | null {
  const r = schema?.$ref;
  return typeof r === "string" && r.startsWith(COMPONENTS) ? r.slice(COMPONENTS.length) : null;
}
