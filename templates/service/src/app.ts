// The HTTP service: routes, validation, error shapes, metrics, logging and shutdown behaviour. `buildApp` makes an app
// without listening, so that tests and the server share exactly this code.
import net from "node:net";
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaCompiler,
} from "fastify";
import { OPENAPI, SCHEMAS } from "./api.ts";
import { Batcher, type Runner } from "./batcher.ts";
import { docsPage } from "./docs.ts";
import { ClientError, PreprocessingError, TimedOut, Unavailable } from "./errors.ts";
import type { LineSink } from "./log-stream.ts";
import { Metrics } from "./metrics.ts";
import { Model } from "./model.ts";
import { decodeInferRequest, encodeInferResponse, modelMetadata, type InferRequest } from "./oip.ts";
import { EACH_RECORD, IMAGE_REQUESTS, postprocess, preprocess, type PredictRequest } from "./pipeline.ts";
import { REQUEST_STYLE, SERVICE } from "./service.ts";
import { readSettings, type Settings } from "./settings.ts";
import { inputPolicy } from "./tensors.ts";

export interface AppOptions {
  /** The .onnx file. */
  readonly modelPath: string;
  /** Defaults: SERVICE's (what nb2svc chose), not the environment's; the server passes readSettings(). */
  readonly settings?: Settings;
  /** JSON logs, one line per request, to `stream` (stdout by default); none when absent. */
  readonly log?: { readonly level: string; readonly stream?: LineSink };
  /** Also export process metrics (CPU, memory, event loop, GC). */
  readonly processMetrics?: boolean;
  /** Wraps the ONNX session (tests: a model that can be held or made to fail). */
  readonly runner?: (model: Model) => Runner;
}

export interface App {
  readonly app: FastifyInstance;
  readonly model: Model;
  readonly batcher: Batcher;
  readonly metrics: Metrics;
  readonly settings: Settings;
  /** Every route the app serves, as `METHOD /path` (HEAD routes included): the OpenAPI test compares them. */
  readonly routes: readonly string[];
  /**
   * Begins shutdown without closing connections yet: new work is answered 503, every answer says
   * `Connection: close`, readiness says stopping. Closing idle keep-alive connections at once would race with
   * clients sending on them; after this, clients learn to reconnect (elsewhere) from their next answer.
   */
  drain(): void;
}

/** Routes that run the model: refused once shutdown has begun (the rest keep answering while requests drain). */
const WORK_ROUTES = new Set(["/predict", "/v2/models/:model_name/infer"]);

declare module "fastify" {
  interface FastifyRequest {
    /** The fault behind a 500, for the request's log line (never sent). */
    fault?: unknown;
  }
}

export function buildApp(opts: AppOptions): App {
  const settings = opts.settings ?? readSettings({});
  inputPolicy.allowNonFinite = settings.allowNonFinite;
  const model = new Model(opts.modelPath, { intraOpThreads: settings.intraOpThreads });
  const metrics = new Metrics(opts.processMetrics ?? false);
  const batcher = new Batcher(
    opts.runner ? opts.runner(model) : model,
    { ...settings.batching, timeoutMs: settings.requestTimeoutMs, inputs: SERVICE.model.inputs.map((i) => i.name) },
    metrics,
  );
  const app = Fastify({
    logger: opts.log ? { level: opts.log.level, ...(opts.log.stream ? { stream: opts.log.stream } : {}) } : false,
    // one line per request, written in onResponse below, without bodies or headers
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimitBytes,
    // Node's limit on receiving a whole request (slow clients); waiting for the model is limited by the batcher
    requestTimeout: settings.requestTimeoutMs,
    // a JSON body with __proto__ or constructor.prototype keys is rejected, not merged into objects
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    // during shutdown this app answers by itself (503 with {"error"} for model routes, health routes say stopping)
    return503OnClosing: false,
    // validateSchema off: the schemas are nb2svc's, compiled against the JSON Schema meta-schema by the service's own
    // tests (test/openapi.test.ts), so ajv need not compile that meta-schema at every start (~30 ms of a cold start)
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, validateSchema: false } },
  });
  // JSON only: without this, Fastify's text/plain parser would hand a string to the schema ("must be object")
  app.removeContentTypeParser("text/plain");
  // a service that takes images also reads them as the raw body and in multipart forms (src/images.ts)
  const images = IMAGE_REQUESTS ? IMAGE_REQUESTS(app, settings) : null;
  const routes: string[] = [];
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) routes.push(`${m} ${r.url}`);
  });
  let closing = false;
  const ready = () => model.state === "ready" && !closing;
  const requireReady = () => {
    if (closing) throw new Unavailable("the service is shutting down");
    if (model.state !== "ready") throw new Unavailable(`the model is ${model.state === "failed" ? "not available: it failed to load" : model.state}`, model.state === "failed" ? 30 : 1);
  };
  const requireModel = (name: string) => {
    if (name !== SERVICE.name) throw new ClientError(`no model named ${JSON.stringify(name)}; this service serves "${SERVICE.name}"`, 404);
  };

  // the hooks run on every request: callback style, because an async hook costs a promise and a microtask each
  app.addHook("onRequest", (req, reply, done) => {
    metrics.inFlight.inc();
    if (closing && WORK_ROUTES.has(req.routeOptions.url ?? "")) {
      reply.code(503).header("retry-after", "1").header("connection", "close").send({ error: "the service is shutting down" });
      return;
    }
    done();
  });
  app.addHook("onSend", (_req, reply, payload, done) => {
    // after shutdown began, no connection is kept alive: the server can close as soon as in-flight requests are done
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onResponse", (req, reply, done) => {
    metrics.inFlight.dec();
    const route = req.routeOptions.url ?? "(unmatched)";
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000);
    const line: Record<string, unknown> = { method: req.method, url: req.url, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (req.fault !== undefined) line.err = req.fault;
    if (reply.statusCode >= 500) req.log.error(line, "request");
    else req.log.info(line, "request");
    done();
  });
  app.addHook("preClose", async () => {
    // server.close() then waits for the answers of requests in flight
    drain();
  });
  app.addHook("onClose", async () => {
    await batcher.drain();
    await model.close();
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) return reply.code(400).send({ error: validationMessage(err, req.body) });
    if (err instanceof ClientError) return reply.code(err.status).send({ error: err.message });
    if (err instanceof Unavailable) return reply.code(503).header("retry-after", String(err.retryAfterSeconds)).send({ error: err.message });
    if (err instanceof TimedOut) return reply.code(504).send({ error: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: images?.clientMessage(err, req) ?? clientMessage(err) });
    req.fault = err;
    return reply.code(500).send({ error: "internal error" });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split("?")[0]}` }));

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    if (ready()) return { status: "ready", model: SERVICE.model.file };
    const status = closing ? "stopping" : model.state;
    return reply.code(503).send({ status, ...(model.failure && !closing ? { error: model.failure } : {}) });
  });
  app.get("/metrics", async (_req, reply) => {
    metrics.ready.set(ready() ? 1 : 0);
    reply.header("content-type", metrics.registry.contentType);
    return metrics.exposition();
  });
  app.get("/openapi.json", async () => OPENAPI);
  app.get("/docs", async (_req, reply) => {
    reply.header("content-type", "text/html; charset=utf-8");
    reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    return docsPage();
  });

  const predictOne = async (body: PredictRequest): Promise<unknown> => postprocess(await batcher.submit(namedForTheRequest(() => preprocess(body), body)), body);
  app.post("/predict", { schema: { body: REQUEST_STYLE === "record" ? SCHEMAS.PredictBody : SCHEMAS.PredictRequest } }, async (req, reply) => {
    requireReady();
    const body = (images ? images.prepare(req.body, req) : req.body) as PredictRequest;
    // a list of records for the notebook's path: each runs it alone (their model runs are batched together); a model
    // whose inputs are the record's columns takes the list at once
    const answer = Array.isArray(body) && EACH_RECORD ? await Promise.all((body as PredictRequest[]).map(predictOne)) : await predictOne(body);
    // Fastify sends a string as text; an answer that is a string (a label) is JSON like every other answer
    return typeof answer === "string" ? reply.type("application/json; charset=utf-8").send(JSON.stringify(answer)) : answer;
  });

  // Open Inference Protocol v2. Its validators are compiled on their route's first request, by Fastify's own compiler
  // (the same checks and errors): compiled at start they took 8 ms, a third of Fastify's ready step, for routes that
  // many deployments never call (docs/performance.md, cold start).
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
  app.get("/v2", async () => ({ name: SERVICE.name, version: SERVICE.version, extensions: [] }));
  app.get("/v2/health/live", async () => ({ live: true }));
  app.get("/v2/health/ready", async (_req, reply) => reply.code(ready() ? 200 : 503).send({ ready: ready() }));
  const named = { schema: { params: SCHEMAS.ModelName }, validatorCompiler: onFirstUse };
  type Named = FastifyRequest<{ Params: { model_name: string } }>;
  app.get("/v2/models/:model_name", named, async (req: Named) => {
    requireModel(req.params.model_name);
    return modelMetadata();
  });
  app.get("/v2/models/:model_name/ready", named, async (req: Named, reply: FastifyReply) => {
    requireModel(req.params.model_name);
    return reply.code(ready() ? 200 : 503).send({ name: SERVICE.name, ready: ready() });
  });
  app.post(
    "/v2/models/:model_name/infer",
    { schema: { params: SCHEMAS.ModelName, body: SCHEMAS.InferRequest }, validatorCompiler: onFirstUse },
    async (req: FastifyRequest<{ Params: { model_name: string }; Body: InferRequest }>) => {
      requireModel(req.params.model_name);
      requireReady();
      const { feeds, outputs } = decodeInferRequest(req.body);
      return encodeInferResponse(req.body, await batcher.submit(feeds), outputs);
    },
  );

  const drain = () => {
    if (closing) return;
    closing = true;
    // stop listening, but keep the open connections (http.Server.close would also close idle keep-alive ones at
    // once): a client that reconnects is refused (never accepted), one on an open connection gets an answer
    if (app.server.listening) net.Server.prototype.close.call(app.server);
    // queued requests run now, without waiting for company
    void batcher.drain();
  };
  return { app, model, batcher, metrics, settings, routes, drain };
}

/**
 * Runs the notebook's preprocessing and binds its result to the model's inputs. A problem with those inputs (a shape,
 * a number too large for float32) is reported under the model input's name, which the caller never sent: said
 * instead of the request's fields, with the model input named as what the notebook made of them.
 */
function namedForTheRequest<T>(run: () => T, body: unknown): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof ClientError) || body === null || typeof body !== "object" || Array.isArray(body)) throw e;
    const sent = Object.keys(body);
    const fields = sent.length === 1 ? `field "${sent[0]}"` : `the request (fields ${sent.map((f) => `"${f}"`).join(", ")})`;
    if (e instanceof PreprocessingError) throw new ClientError(`${fields} could not be preprocessed as the notebook does: ${e.detail}`, e.status);
    const input = SERVICE.model.inputs.find((i) => e.message.startsWith(`"${i.name}" `) && !sent.includes(i.name));
    if (!input) throw e;
    const rest = e.message.slice(input.name.length + 3);
    throw new ClientError(`${fields} does not fit the model: the notebook's preprocessing made it the model's input "${input.name}", which ${rest}`, e.status);
  }
}

/** The lengths a schema pins for an array at every level ([8, 8] for 8 arrays of 8), or null when it pins none. */
function pinnedShape(schema: unknown): number[] | null {
  const s = schema as { type?: unknown; minItems?: number; maxItems?: number; items?: unknown } | undefined;
  if (s?.type !== "array" || s.minItems === undefined || s.minItems !== s.maxItems) return null;
  return [s.minItems, ...(pinnedShape(s.items) ?? [])];
}

/** What a value's shape is, as the end of a sentence: "has shape [10, 10]", "is ragged: ...", "is a string". */
function shapeOf(v: unknown): string {
  if (!Array.isArray(v)) return v === null ? "is null" : `is a ${typeof v}`;
  const lengths: number[] = [];
  let level: unknown[] = [v];
  for (;;) {
    if (!level.every(Array.isArray)) return level.some(Array.isArray) ? `is ragged: arrays beside values at depth ${lengths.length}` : `has shape [${lengths.join(", ")}]`;
    const arrays = level as unknown[][];
    const n = arrays[0]!.length;
    const odd = arrays.find((a) => a.length !== n);
    if (odd) return `is ragged: arrays of ${n} and of ${odd.length} at depth ${lengths.length}`;
    lengths.push(n);
    level = arrays.flat();
    if (level.length === 0) return `has shape [${lengths.join(", ")}]`;
  }
}

/** The first schema violation, naming the field (and the record, in a list of records). */
function validationMessage(err: FastifyError, body: unknown): string {
  type Violation = NonNullable<FastifyError["validation"]>[number];
  const all = err.validation!;
  // with anyOf (one record, or a list of records) the branch that got furthest says what is wrong
  const depth = (e: Violation) => (e.instancePath ? e.instancePath.split("/").length : 0);
  const first = all.filter((e) => e.keyword !== "anyOf").reduce<Violation | undefined>((best, e) => (best === undefined || depth(e) > depth(best) ? e : best), undefined) ?? all[0];
  const where = err.validationContext === "params" ? "path parameter" : "field";
  let path = first?.instancePath ? first.instancePath.slice(1).split("/") : [];
  // a list of records: "/2/age" is field "age" of record 2
  const record = SERVICE.model.records && path.length > 0 && /^\d+$/.test(path[0]!) ? Number(path[0]) : null;
  if (record !== null) path = path.slice(1);
  const of = record !== null ? ` of record ${record}` : "";
  const field = path.join(".");
  // a field of a fixed shape: say the shape, and the one sent
  if ((first?.keyword === "minItems" || first?.keyword === "maxItems" || first?.keyword === "type") && record === null && path.length > 0 && err.validationContext === "body") {
    const properties = (SCHEMAS.PredictRequest as { properties?: Record<string, unknown> }).properties ?? {};
    const expected = pinnedShape(properties[path[0]!]);
    if (expected && !(first.keyword === "type" && path.length > expected.length)) {
      const sent = (body as Record<string, unknown> | null)?.[path[0]!];
      return `${where} "${path[0]}" must have shape [${expected.join(", ")}] (${expected.reduce((n, d) => n * d, 1)} values); this one ${shapeOf(sent)}`;
    }
  }
  if (first?.keyword === "required") return `missing required ${where} "${String((first.params as { missingProperty?: string }).missingProperty)}"${of}`;
  if (first?.keyword === "additionalProperties") return `unknown ${where} "${String((first.params as { additionalProperty?: string }).additionalProperty)}"${of}`;
  if (field) return `${where} "${field}"${of} ${first?.message ?? "is invalid"}`;
  if (record !== null) return `record ${record} of the request body ${first?.message ?? "is invalid"}`;
  return `the request ${err.validationContext === "params" ? "path" : "body"} ${first?.message ?? "is invalid"}`;
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
