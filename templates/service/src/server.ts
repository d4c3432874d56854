// Entry point: serves on HOST:PORT (default 0.0.0.0:8080), loads and warms up the model after listening (so liveness
// answers while it loads and readiness says when it is done), and on SIGTERM stops taking work, finishes every
// in-flight request and exits 0, or 1 if SHUTDOWN_GRACE_MS passes first.
//
// WORKERS (default: the CPUs the container may use, src/cluster.ts) above 1 runs that many such servers on the one
// port, each with its own model session and batcher, under a primary process that forwards SIGTERM and aggregates
// /metrics; WORKERS=1 is a lone process with no primary.
import cluster from "node:cluster";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedApp, loadAppScript, writeCodeCache } from "./app-script.ts";
import { availableCpus, readWorkers, runPrimary, workerLink } from "./cluster.ts";
import { TurnBufferedLines } from "./log-stream.ts";
import type * as metricsModule from "./metrics.ts";
import { warmUpOnnxruntime } from "./onnxruntime-warmup.ts";
import { SERVICE } from "./generated/service.ts";
import { readSettings, SettingsError, type Settings } from "./settings.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
// the app beside this file (dist/app.cjs), with its code cache (src/app-script.ts)
const appScript = path.join(here, "app.cjs");
// a cluster primary's aggregator of its workers' metrics, with prom-client: src/metrics.ts as a bundle of its own beside
// this file (dist/metrics.cjs), read when a worker first asks for the cluster's metrics, so that no process reads or
// parses its 90 KB at start
const newAggregator = () => (createRequire(import.meta.url)(path.join(here, "metrics.cjs")) as typeof metricsModule).newAggregator();

// The bundle is CommonJS (src/codegen/bundle-options.ts in nb2svc), which has no top-level await: what this file
// starts runs on after it, and a rejection is an unhandled one, which Node reports and exits 1 on, as it did for a
// top-level await that rejected.
// `node dist/server.js --write-code-cache`: the build's last step (npm run build, the Dockerfile), not a server
if (process.argv.includes("--write-code-cache")) void writeCodeCache(appScript).then(() => process.exit(0));
else start();

function start(): void {
  let settings: Settings;
  let workers: number;
  try {
    settings = readSettings();
    workers = readWorkers();
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: `invalid setting: ${e.message}` })}\n`);
    process.exit(2);
  }
  if (cluster.isPrimary && workers > 1) runPrimary({ workers, stopMs: settings.shutdownGraceMs + settings.shutdownLingerMs, logLevel: settings.logLevel, newAggregator });
  else void serve(settings, workers);
}

async function serve(settings: Settings, workers: number): Promise<void> {
  // first: onnxruntime's native start runs on a worker thread, on another core, while this thread loads the app; only
  // where the CPUs outnumber the server processes, since without a spare core the thread only adds its own start
  const onnxruntimeWarmup = availableCpus() > workers ? warmUpOnnxruntime() : undefined;
  /**
   * Exits with `code` once onnxruntime's warm-up worker has finished (see its stop()). The code is set before waiting:
   * with nothing else left to run (the worker is unref'd) the process may end while it waits, and must end with it.
   */
  const exitAfterWarmup = async (code: number): Promise<never> => {
    process.exitCode = code;
    await onnxruntimeWarmup?.stop();
    process.exit(code);
  };
  const modelPath = settings.modelPath ?? path.join(here, "..", "model", SERVICE.model.file);
  // loaded here, not at the top: only a process that serves evaluates the app's modules (Fastify, ajv, pino,
  // prom-client), so a cluster primary starts without them and forks its workers sooner
  let loaded: LoadedApp;
  try {
    loaded = loadAppScript(appScript);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    const msg = missing ? `cannot start: ${appScript} is missing; build the service with \`npm run build\`` : `cannot start: ${(e as Error).message}`;
    process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg })}\n`);
    return exitAfterWarmup(1);
  }
  const { buildApp } = loaded.exports;
  const { app, model, metrics, drain } = buildApp({ modelPath, settings, log: { level: settings.logLevel, stream: new TurnBufferedLines() }, processMetrics: true, openapi: "lazy", onnxruntimeWarmup });
  const link = workerLink();
  if (link) metrics.joinCluster(() => link.clusterMetrics());

  async function main(): Promise<void> {
    for (const w of settings.warnings) app.log.warn(w);
    if (loaded.cache !== "used") {
      const why = loaded.cache === "absent" ? "there is none" : "it was made by another Node.js, with other flags or for another build";
      app.log.warn(`dist/app.cjs.cache is not used (${why}): the app is compiled at every start, about a third slower; make it with \`node dist/server.js --write-code-cache\``);
    }
    const address = await app.listen({ host: settings.host, port: settings.port });
    app.log.info({ address, service: SERVICE.name, batching: settings.batching, codeCache: loaded.cache, ...(link ? { worker: cluster.worker!.id } : {}) }, "listening");
    try {
      await model.open();
    } catch (e) {
      app.log.error({ model: modelPath, reason: (e as Error).message }, "model failed to load: not ready");
    }
    // every worker warms up once all have opened their models, so that they turn ready together
    if (link) await link.allOpened();
    if (model.state !== "warming-up") return;
    try {
      await model.warmUp();
      // the gauge /metrics sets for the worker it reaches; the others' must already hold their state
      metrics.ready.set(stopping ? 0 : 1);
      app.log.info({ model: SERVICE.model.file }, "model loaded and warmed up: ready");
    } catch (e) {
      app.log.error({ model: modelPath, reason: (e as Error).message }, "model failed to load: not ready");
    }
  }

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    metrics.ready.set(0);
    app.log.info({ signal, graceMs: settings.shutdownGraceMs }, "shutting down: finishing in-flight requests");
    const timer = setTimeout(() => {
      app.log.error("grace period over; exiting with requests in flight");
      process.exit(1);
    }, settings.shutdownGraceMs);
    timer.unref();
    // first drain with connections open: in-flight requests finish, and every client gets an answer saying
    // `Connection: close` before its connection is closed (closing idle keep-alive connections at once loses the
    // requests clients are sending on them at that moment)
    drain();
    const lingerUntil = Date.now() + settings.shutdownLingerMs;
    while (Date.now() < lingerUntil) await new Promise((r) => setTimeout(r, 20));
    await app.close();
    // a server stopped while it was starting: onnxruntime's warm-up worker finishes first (see its stop())
    await onnxruntimeWarmup?.stop();
    app.log.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // a worker whose primary is gone (killed) would serve on without supervision: stop as on SIGTERM
  if (link) process.on("disconnect", () => void shutdown("primary gone"));

  main().catch(async (e: unknown) => {
    app.log.error({ reason: (e as Error).message }, "cannot start");
    await exitAfterWarmup(1);
  });
}
