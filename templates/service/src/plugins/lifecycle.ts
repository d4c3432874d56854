// Readiness and shutdown. `drain` begins shutdown without closing connections yet: new work is answered 503, every
// answer says `Connection: close`, readiness says stopping. Closing idle keep-alive connections at once would race
// with clients sending on them; after `drain`, clients learn to reconnect (elsewhere) from their next answer.
import net from "node:net";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Unavailable } from "../errors.ts";
import type { ModelState } from "../model.ts";

/** Routes that run the model: refused once shutdown has begun (the rest keep answering while requests drain). */
export const WORK_ROUTES: ReadonlySet<string> = new Set(["/predict", "/v2/models/:model_name/infer"]);

export class Lifecycle {
  #closing = false;
  #app: FastifyInstance | null = null;

  constructor(private readonly model: { readonly state: ModelState }, private readonly onDrain: () => void) {}

  get closing(): boolean {
    return this.#closing;
  }

  /** Loaded, warmed up and not shutting down. */
  ready(): boolean {
    return this.model.state === "ready" && !this.#closing;
  }

  /** Throws the 503 a model route answers when it cannot run the model now. */
  requireReady(): void {
    if (this.#closing) throw new Unavailable("the service is shutting down");
    const state = this.model.state;
    if (state !== "ready") throw new Unavailable(`the model is ${state === "failed" ? "not available: it failed to load" : state}`, state === "failed" ? 30 : 1);
  }

  attach(app: FastifyInstance): void {
    this.#app = app;
  }

  drain(): void {
    if (this.#closing) return;
    this.#closing = true;
    // stop listening, but keep the open connections (http.Server.close would also close idle keep-alive ones at
    // once): a client that reconnects is refused (never accepted), one on an open connection gets an answer
    const server = this.#app?.server;
    if (server?.listening) net.Server.prototype.close.call(server);
    // queued requests run now, without waiting for company
    this.onDrain();
  }
}

declare module "fastify" {
  interface FastifyInstance {
    readonly lifecycle: Lifecycle;
  }
}

export interface LifecycleOptions {
  readonly lifecycle: Lifecycle;
}

export const lifecyclePlugin = fp<LifecycleOptions>(
  (app, { lifecycle }, done) => {
    lifecycle.attach(app);
    app.decorate("lifecycle", lifecycle);
    app.addHook("onRequest", (req, reply, next) => {
      if (lifecycle.closing && WORK_ROUTES.has(req.routeOptions.url ?? "")) {
        reply.code(503).header("retry-after", "1").header("connection", "close").send({ error: "the service is shutting down" });
        return;
      }
      next();
    });
    app.addHook("onSend", (_req, reply, payload, next) => {
      // after shutdown began, no connection is kept alive: the server can close as soon as in-flight requests are done
      if (lifecycle.closing) reply.header("connection", "close");
      next(null, payload);
    });
    // server.close() then waits for the answers of requests in flight
    app.addHook("preClose", async () => lifecycle.drain());
    done();
  },
  { name: "lifecycle", dependencies: ["batching"] },
);
