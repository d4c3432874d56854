// Entry point: serves on HOST:PORT (default 0.0.0.0:8080), loads the model after listening (so liveness answers
// while it loads), and on SIGTERM stops accepting, finishes in-flight requests and exits 0.
import { fileURLToPath } from "node:url";
import path from "node:path";
import { buildApp } from "./app.ts";
import { SERVICE } from "./service.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelPath = process.env.MODEL_PATH ?? path.join(here, "..", "model", SERVICE.model.file);
const host = process.env.HOST ?? SERVICE.host;
const port = Number(process.env.PORT ?? SERVICE.port);
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

const { app, model } = buildApp({ modelPath, logger: process.env.LOG_LEVEL !== "silent" });

async function main(): Promise<void> {
  const address = await app.listen({ host, port });
  app.log.info({ address, service: SERVICE.name }, "listening");
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
  app.log.info({ signal }, "shutting down: finishing in-flight requests");
  const timer = setTimeout(() => {
    app.log.error("grace period over; exiting with requests in flight");
    process.exit(1);
  }, graceMs);
  timer.unref();
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

main().catch((e) => {
  app.log.error({ reason: (e as Error).message }, "cannot start");
  process.exit(1);
});
