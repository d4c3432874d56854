// The HTTP service: one Fastify app made of plugins. `buildApp` makes the app without listening, so that tests and
// the server share exactly this code. Add a route in src/routes/ and register it below: src/generated/ is all that
// nb2svc rewrites when the notebook is converted again.
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { Batcher, type Runner } from "./batcher.ts";
import type { OpenApiDocument } from "./docs.ts";
import { SERVICE } from "./generated/service.ts";
import type { LineSink } from "./log-stream.ts";
import { Metrics } from "./metrics.ts";
import { Model } from "./model.ts";
import type { OnnxruntimeWarmup } from "./onnxruntime-warmup.ts";
import { batchingPlugin } from "./plugins/batching.ts";
import { errorsPlugin } from "./plugins/errors.ts";
import { Lifecycle, lifecyclePlugin } from "./plugins/lifecycle.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { openapiPlugin } from "./plugins/openapi.ts";
import { docsRoutes } from "./routes/docs.ts";
import { healthRoutes } from "./routes/health.ts";
import { oipRoutes } from "./routes/oip.ts";
import { predictRoutes } from "./routes/predict.ts";
import { LOG_BASE } from "./request-log.ts";
import { readSettings, type Settings } from "./settings.ts";
import { VALIDATORS } from "./generated/validators.ts";
import { precompiledValidators, type ValidatorFactory } from "./validators.ts";

export interface AppOptions {
  /** The .onnx file. */
  readonly modelPath: string;
  /** Defaults: SERVICE's (what nb2svc chose), not the environment's; the server passes readSettings(). */
  readonly settings?: Settings;
  /** JSON logs, one line per request, to `stream` (stdout by default); none when absent. */
  readonly log?: { readonly level: string; readonly stream?: LineSink };
  /** Also export process metrics (CPU, memory, event loop, GC). */
  readonly processMetrics?: boolean;
  /**
   * When the OpenAPI document is built (plugins/openapi.ts): "at start" registers @fastify/swagger with the routes
   * (the default: `app.swagger()` then works); "lazy", what the server uses, builds it when GET /openapi.json or
   * /docs first asks, from a second app like this one, so that the server starts without loading @fastify/swagger.
   */
  readonly openapi?: "at start" | "lazy";
  /** onnxruntime's native start begun on a worker thread (the server's, src/onnxruntime-warmup.ts); the model's session waits for it. */
  readonly onnxruntimeWarmup?: OnnxruntimeWarmup;
  /** Wraps the ONNX session (tests: a model that can be held or made to fail). */
  readonly runner?: (model: Model) => Runner;
  /**
   * Compiles the routes' request validators: by default the ones `npm run build` precompiled (src/validators.ts),
   * ajv for a schema changed since; src/build-validators.ts gives the compiler that writes them.
   */
  readonly buildValidator?: ValidatorFactory;
}

export interface App {
  readonly app: FastifyInstance;
  readonly model: Model;
  readonly batcher: Batcher;
  readonly metrics: Metrics;
  readonly settings: Settings;
  /** Every route the app serves, as `METHOD /path` (HEAD routes included): the OpenAPI test compares them. */
  readonly routes: readonly string[];
  /** Begins shutdown without closing connections yet (plugins/lifecycle.ts). */
  drain(): void;
}

declare module "fastify" {
  interface FastifyInstance {
    /** This app's settings: every plugin reads them here, never from module state (two apps may share a process). */
    readonly settings: Settings;
  }
}

const stringify = (data: unknown): string => JSON.stringify(data);

export function buildApp(opts: AppOptions): App {
  const settings = opts.settings ?? readSettings({});
  const model = new Model(opts.modelPath, { intraOpThreads: settings.intraOpThreads, warmup: opts.onnxruntimeWarmup });
  const metrics = new Metrics(opts.processMetrics ?? false);
  const batcher = new Batcher(
    opts.runner ? opts.runner(model) : model,
    { ...settings.batching, timeoutMs: settings.requestTimeoutMs, inputs: SERVICE.model.inputs.map((i) => i.name) },
    metrics,
  );
  const lifecycle = new Lifecycle(model, () => void batcher.drain());
  const app = Fastify({
    logger: opts.log ? { level: opts.log.level, base: LOG_BASE, ...(opts.log.stream ? { stream: opts.log.stream } : {}) } : false,
    // one line per request, written by plugins/metrics.ts, without bodies or headers
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
    // tests (test/openapi.test.ts), so ajv need not compile that meta-schema at every start (~30 ms of a cold start);
    // meta false: nor add it (and the meta-schemas it references) to the validator's ajv, where no schema refers to it
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, validateSchema: false, meta: false } },
    // response schemas document the answers (OpenAPI); answers are written as they are, never reshaped by them. Given
    // here rather than by setSerializerCompiler: Fastify then never loads fast-json-stringify (~100 KB of code
    // evaluated at every start for serializers this app does not use). The validators were compiled by the build
    // (src/validators.ts): Fastify then loads ajv only for a schema changed since, the options above still apply
    schemaController: { compilersFactory: { buildSerializer: () => () => stringify, buildValidator: opts.buildValidator ?? precompiledValidators(VALIDATORS) } },
  });
  app.decorate("settings", settings);
  // JSON only: without this, Fastify's text/plain parser would hand a string to the schema ("must be object")
  app.removeContentTypeParser("text/plain");
  const routes: string[] = [];
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) routes.push(`${m} ${r.url}`);
  });

  // order matters: metrics counts every request before lifecycle may refuse it; openapi sees every route after it
  app.register(metricsPlugin, { metrics, logSink: opts.log?.stream });
  app.register(batchingPlugin, { model, batcher });
  app.register(lifecyclePlugin, { lifecycle });
  app.register(errorsPlugin);
  app.register(openapiPlugin, opts.openapi === "lazy" ? { lazy: openapiDocument } : {});
  app.register(healthRoutes);
  app.register(docsRoutes);
  app.register(predictRoutes);
  app.register(oipRoutes);
  return { app, model, batcher, metrics, settings, routes, drain: () => lifecycle.drain() };
}

/** The OpenAPI document of an app made with these settings, from one that is built, read and closed. */
async function openapiDocument(settings: Settings): Promise<OpenApiDocument> {
  const { app } = buildApp({ modelPath: "", settings });
  try {
    await app.ready();
    return app.swagger() as unknown as OpenApiDocument;
  } finally {
    await app.close();
  }
}
