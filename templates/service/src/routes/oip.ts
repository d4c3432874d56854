// Open Inference Protocol v2 (KServe, Triton): raw tensors straight to the model, no notebook code (src/oip.ts).
// The inference route's validator is made on its first request, by the app's compiler (the same checks and errors):
// the build's precompiled one (src/validators.ts), or ajv's for a schema changed since the build, which compiled at
// start took most of 8 ms, a third of Fastify's ready step, for a route that many deployments never call
// (docs/performance.md, cold start). The model-name routes make theirs at start (a one-field schema), which also sets
// up the app's compiler that the lazy one uses (and lets src/build-validators.ts precompile this one).
import type { FastifyPluginCallbackJsonSchemaToTs } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifySchemaCompiler } from "fastify";
import fp from "fastify-plugin";
import { ClientError } from "../errors.ts";
import { SCHEMAS } from "../generated/schemas.ts";
import { SERVICE } from "../generated/service.ts";
import { decodeInferRequest, encodeInferResponse, modelMetadata, type InferRequest } from "../oip.ts";
import { bodyErrors, jsonResponse } from "../plugins/openapi.ts";
import { checkFeeds } from "../tensors.ts";

const tags = ["open-inference-protocol"];
const unknownModel = jsonResponse("No model of that name is served here", "Error");

function requireModel(name: string): void {
  if (name !== SERVICE.name) throw new ClientError(`no model named ${JSON.stringify(name)}; this service serves "${SERVICE.name}"`, 404);
}

const routes: FastifyPluginCallbackJsonSchemaToTs = (app, _opts, done) => {
  const { batcher, lifecycle, settings } = app;
  type Validator = ReturnType<FastifySchemaCompiler<unknown>>;
  const onFirstUse: FastifySchemaCompiler<unknown> = (route) => {
    let compiled: Validator | null = null;
    const validate: Validator = (data: unknown) => {
      compiled ??= app.validatorCompiler!(route);
      const result = compiled(data);
      validate.errors = compiled.errors;
      return result;
    };
    return validate;
  };
  const params = SCHEMAS.ModelName;

  app.get(
    "/v2",
    { schema: { operationId: "serverMetadata", summary: "OIP server metadata", tags, response: { 200: jsonResponse("Server metadata", "ServerMetadata") } } },
    async () => ({ name: SERVICE.name, version: SERVICE.version, extensions: [] }),
  );
  app.get(
    "/v2/health/live",
    { schema: { operationId: "serverLive", summary: "OIP server liveness", tags, response: { 200: jsonResponse("Live", "ServerLive") } } },
    async () => ({ live: true }),
  );
  app.get(
    "/v2/health/ready",
    {
      schema: {
        operationId: "serverReady",
        summary: "OIP server readiness (the model is loaded and warmed up)",
        tags,
        response: { 200: jsonResponse("Ready", "ServerReady"), 503: jsonResponse("Not ready", "ServerReady") },
      },
    },
    async (_req, reply) => reply.code(lifecycle.ready() ? 200 : 503).send({ ready: lifecycle.ready() }),
  );
  app.get(
    "/v2/models/:model_name",
    {
      schema: {
        operationId: "modelMetadata",
        summary: "OIP model metadata: inputs and outputs with OIP datatypes, -1 for dimensions of any size",
        tags,
        params,
        response: { 200: jsonResponse("Model metadata", "ModelMetadata"), 404: unknownModel },
      },
    },
    async (req) => {
      requireModel(req.params.model_name);
      return modelMetadata();
    },
  );
  app.get(
    "/v2/models/:model_name/ready",
    {
      schema: {
        operationId: "modelReady",
        summary: "OIP model readiness",
        tags,
        params,
        response: { 200: jsonResponse("Ready", "ModelReady"), 503: jsonResponse("Not ready", "ModelReady"), 404: unknownModel },
      },
    },
    async (req, reply) => {
      requireModel(req.params.model_name);
      return reply.code(lifecycle.ready() ? 200 : 503).send({ name: SERVICE.name, ready: lifecycle.ready() });
    },
  );
  app.post<{ Body: InferRequest; Params: { model_name: string } }>(
    "/v2/models/:model_name/infer",
    {
      schema: {
        operationId: "modelInfer",
        summary: "OIP inference: raw tensors straight to the model (no notebook code), `data` flat or nested, row-major",
        tags,
        params,
        body: { $ref: "InferRequest#" },
        response: {
          200: jsonResponse("The requested outputs (all when `outputs` is absent), data flat and row-major", "InferResponse"),
          404: unknownModel,
          ...bodyErrors("The tensors do not fit the model (name, datatype, shape, data)"),
        },
      },
      validatorCompiler: onFirstUse,
    },
    async (req) => {
      requireModel(req.params.model_name);
      lifecycle.requireReady();
      const { feeds, outputs } = decodeInferRequest(req.body);
      return encodeInferResponse(req.body, await batcher.submit(checkFeeds(feeds, settings)), outputs);
    },
  );
  done();
};

// not encapsulated: the lazy validators compile with the app's own compiler, which only the root instance holds
export const oipRoutes = fp(routes, { name: "oip-routes", dependencies: ["lifecycle", "batching"] });
