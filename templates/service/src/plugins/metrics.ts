// Request metrics and the one log line per request. Registered first, so that its onRequest hook counts a request
// before any other hook may answer it (a 503 while shutting down is counted and logged like any answer).
import fp from "fastify-plugin";
import type { Metrics } from "../metrics.ts";

declare module "fastify" {
  interface FastifyInstance {
    readonly metrics: Metrics;
  }
  interface FastifyRequest {
    /** The fault behind a 500, for the request's log line (never sent). */
    fault?: unknown;
  }
  interface FastifyContextConfig {
    /** A probe's route (/readyz): its 503 while the model loads or the service drains is an answer, not a fault. */
    probe?: boolean;
  }
}

export interface MetricsOptions {
  readonly metrics: Metrics;
}

export const metricsPlugin = fp<MetricsOptions>(
  (app, { metrics }, done) => {
    app.decorate("metrics", metrics);
    // the hooks run on every request: callback style, because an async hook costs a promise and a microtask each
    app.addHook("onRequest", (_req, _reply, next) => {
      metrics.inFlight.inc();
      next();
    });
    app.addHook("onResponse", (req, reply, next) => {
      metrics.inFlight.dec();
      const route = req.routeOptions.url ?? "(unmatched)";
      const labels = { method: req.method, route, status: String(reply.statusCode) };
      metrics.requests.inc(labels);
      metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000);
      const line: Record<string, unknown> = { method: req.method, url: req.url, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
      if (req.fault !== undefined) line.err = req.fault;
      if (reply.statusCode >= 500 && !req.routeOptions.config.probe) req.log.error(line, "request");
      else req.log.info(line, "request");
      next();
    });
    done();
  },
  { name: "metrics" },
);
