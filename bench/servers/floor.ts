// The floor of a cold start: the least a Node.js server that answers readiness after opening an ONNX model does, with
// the service's own packages and nothing of its own. It listens with Fastify (no logger, no schemas, one route), then
// creates an onnxruntime-node session of the model (FLOOR_MODEL) with the service's session options, one thing after
// the other as a plain program would; /readyz answers 200 from then on. Bundled as the bare server is. The service's
// cold start beside this one, measured alternately, says how much of it is the service's own work and how much is
// Node's, Fastify's and onnxruntime's start on this machine at that moment.
import { readFileSync } from "node:fs";
import Fastify from "fastify";
import * as ort from "onnxruntime-node";

const app = Fastify({ logger: false });
let ready = false;
app.get("/readyz", async (_req, reply) => (ready ? { status: "ready" } : reply.code(503).send({ status: "loading" })));
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
await app.listen({ host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 0) });
await ort.InferenceSession.create(readFileSync(process.env.FLOOR_MODEL ?? ""), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
});
ready = true;
