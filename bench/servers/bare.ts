// The HTTP ceiling: Fastify with nothing behind POST /predict. It parses the same JSON body the service gets and
// answers the same bytes the service answers (BARE_RESPONSE), so the difference to the service is the service's own
// work: validation, the notebook's pre/postprocessing, batching, the model, metrics and logs. Bundled by esbuild like
// the service's dist/server.js, so both run the same Fastify build.
import Fastify from "fastify";

const response = process.env.BARE_RESPONSE ?? "{}";
const app = Fastify({ logger: false });
app.post("/predict", async (_req, reply) => {
  reply.header("content-type", "application/json; charset=utf-8");
  return response;
});
app.get("/readyz", async () => ({ status: "ready" }));
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
await app.listen({ host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 0) });
