// The HTTP service: routes, validation and error shapes. `buildApp` makes an app without listening, so tests and
// the server share exactly this code.
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { ClientError } from "./errors.ts";
import { Model } from "./model.ts";
import { postprocess, preprocess } from "./pipeline.ts";
import { REQUEST_SCHEMA, SERVICE } from "./service.ts";

export interface AppOptions {
  /** The .onnx file; defaults to MODEL_PATH or the model/ folder next to the bundle. */
  readonly modelPath: string;
  /** pino logging (one JSON line per request); off in tests. */
  readonly logger?: boolean;
  readonly bodyLimit?: number;
}

export interface App {
  readonly app: FastifyInstance;
  readonly model: Model;
}

export function buildApp(opts: AppOptions): App {
  const model = new Model(opts.modelPath);
  const app = Fastify({
    logger: opts.logger ? { level: process.env.LOG_LEVEL ?? "info" } : false,
    bodyLimit: opts.bodyLimit ?? Number(process.env.BODY_LIMIT_BYTES ?? 1_048_576),
    // a JSON body with __proto__ or constructor.prototype keys is rejected, not merged into objects
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      const first = err.validation[0];
      const field = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, ".") : "";
      const missing = first?.keyword === "required" ? String((first.params as { missingProperty?: string }).missingProperty) : null;
      const message = missing
        ? `missing required field "${missing}"`
        : first?.keyword === "additionalProperties"
          ? `unknown field "${String((first.params as { additionalProperty?: string }).additionalProperty)}"`
          : field
            ? `field "${field}" ${first?.message ?? "is invalid"}`
            : `the request body ${first?.message ?? "is invalid"}`;
      return reply.code(400).send({ error: message });
    }
    if (err instanceof ClientError) return reply.code(err.status).send({ error: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: clientMessage(err) });
    req.log.error({ err }, "request failed");
    return reply.code(500).send({ error: "internal error" });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url}` }));

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    if (model.state === "ready") return { status: "ready", model: SERVICE.model.file };
    return reply.code(503).send({ status: model.state, ...(model.failure ? { error: model.failure } : {}) });
  });

  app.post("/predict", { schema: { body: REQUEST_SCHEMA } }, async (req, reply) => {
    if (model.state !== "ready") {
      return reply.code(503).header("retry-after", "1").send({ error: `the model is ${model.state}` });
    }
    const feeds = preprocess(req.body as never);
    const outputs = await model.run(feeds);
    return postprocess(outputs);
  });

  app.addHook("onClose", async () => model.close());
  return { app, model };
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) with a message a client can act on. */
function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "the request body must be JSON (Content-Type: application/json)";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "the request body is too large";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "the request body is empty; send a JSON object";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return `the request body is not valid JSON: ${err.message}`;
    default:
      return err.message;
  }
}
