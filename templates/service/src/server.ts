// Entry point: serves on HOST:PORT (default 0.0.0.0:8080), loads and warms up the model after listening (so liveness
// answers while it loads and readiness says when it is done), and on SIGTERM stops taking work, finishes every
// in-flight request and exits 0, or 1 if SHUTDOWN_GRACE_MS passes first.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./app.ts";
import { TurnBufferedLines } from "./log-stream.ts";
import { SERVICE } from "./generated/service.ts";
import { readSettings, SettingsError, type Settings } from "./settings.ts";

let settings: Settings;
try {
  settings = readSettings();
} catch (e) {
  if (!(e instanceof SettingsError)) throw e;
  process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: `invalid setting: ${e.message}` })}\n`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const modelPath = settings.modelPath ?? path.join(here, "..", "model", SERVICE.model.file);
const { app, model, drain } = buildApp({ modelPath, settings, log: { level: settings.logLevel, stream: new TurnBufferedLines() }, processMetrics: true });

async function main(): Promise<void> {
  for (const w of settings.warnings) app.log.warn(w);
  const address = await app.listen({ host: settings.host, port: settings.port });
  app.log.info({ address, service: SERVICE.name, batching: settings.batching }, "listening");
  try {
    await model.load();
    app.log.info({ model: SERVICE.model.file }, "model loaded and warmed up: ready");
  } catch (e) {
    app.log.error({ model: modelPath, reason: (e as Error).message }, "model failed to load: not ready");
  }
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
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
  app.log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

main().catch((e) => {
  app.log.error({ reason: (e as Error).message }, "cannot start");
  process.exit(1);
});
