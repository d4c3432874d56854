// Liveness, readiness and metrics: answered while the model loads and while the service shuts down.
import type { FastifyPluginCallbackJsonSchemaToTs } from "@fastify/type-provider-json-schema-to-ts";
import { SERVICE } from "../generated/service.ts";
import { jsonResponse, textResponse } from "../plugins/openapi.ts";

const operations = ["operations"];

export const healthRoutes: FastifyPluginCallbackJsonSchemaToTs = (app, _opts, done) => {
  const { lifecycle, model, metrics } = app;
  app.get(
    "/healthz",
    { schema: { operationId: "healthz", summary: "Liveness: the process answers", tags: operations, response: { 200: jsonResponse("Alive", "Health") } } },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/readyz",
    {
      config: { probe: true },
      schema: {
        operationId: "readyz",
        summary: "Readiness: the model is loaded, checked against its sha256 and warmed up",
        tags: operations,
        response: { 200: jsonResponse("Ready", "Ready"), 503: jsonResponse("Loading, warming up, failed or shutting down", "NotReady") },
      },
    },
    async (_req, reply) => {
      if (lifecycle.ready()) return { status: "ready", model: SERVICE.model.file };
      const status = lifecycle.closing ? "stopping" : model.state;
      return reply.code(503).send({ status, ...(model.failure && !lifecycle.closing ? { error: model.failure } : {}) });
    },
  );
  app.get(
    "/metrics",
    {
      schema: {
        operationId: "metrics",
        summary: "Prometheus metrics: requests, latency, batch sizes, queue wait, model run time",
        tags: operations,
        response: { 200: textResponse("Prometheus text format 0.0.4", "text/plain") },
      },
    },
    async (_req, reply) => {
      metrics.ready.set(lifecycle.ready() ? 1 : 0);
      reply.header("content-type", metrics.registry.contentType);
      return metrics.exposition();
    },
  );
  done();
};
