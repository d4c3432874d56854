// Request metrics and the one log line per request. Registered first, so that its onRequest hook counts a request
// before any other hook may answer it (a 503 while shutting down is counted and logged like any answer).
import fp from "fastify-plugin";
import type { LineSink } from "../log-stream.ts";
import type { Metrics } from "../metrics.ts";
import { RequestLines } from "../request-log.ts";

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
  /** Where the app's logger writes its lines: the request lines are written there directly (src/request-log.ts). */
  readonly logSink?: LineSink;
}

export const metricsPlugin = fp<MetricsOptions>(
  (app, { metrics, logSink }, done) => {
    app.decorate("metrics", metrics);
    const lines = logSink ? new RequestLines(app.log, logSink) : null;
    // the hooks run on every request: callback style, because an async hook costs a promise and a microtask each
    app.addHook("onRequest", (_req, _reply, next) => {
      metrics.inFlight.inc();
      next();
    });
    app.addHook("onResponse", (req, reply, next) => {
      metrics.inFlight.dec();
      // a getter that builds an object: read once
      const options = req.routeOptions;
      const route = options.url ?? "(unmatched)";
      const status = reply.statusCode;
      const elapsed = reply.elapsedTime;
      metrics.recordRequest(req.method, route, status, elapsed / 1000);
      const ms = Math.round(elapsed * 10) / 10;
      const fault = status >= 500 && !options.config.probe;
      if (lines !== null && !fault && req.fault === undefined) {
        if (lines.enabled) lines.info(req.id, req.method, req.url, route, status, ms);
      } else {
        const line: Record<string, unknown> = { method: req.method, url: req.url, route, status, ms };
        if (req.fault !== undefined) line.err = req.fault;
        if (fault) req.log.error(line, "request");
        else req.log.info(line, "request");
      }
      next();
    });
    done();
  },
  { name: "metrics" },
);
