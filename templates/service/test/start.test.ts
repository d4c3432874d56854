// What the app's start does not do, so that it stays short (docs/performance.md, cold start): it compiles no response
// serializer from the routes' schemas (every JSON answer is what its handler sent, as JSON.stringify writes it; the
// schemas only document the answers). The bundle's start without fast-json-stringify loaded:
// test/bundle-without-ajv.test.ts.
import type { FastifyInstance } from "fastify";
import { afterEach, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { SERVICE } from "../src/generated/service.ts";
import { BAD } from "./bad-bodies.ts";
import { fillInputs, goldens, modelPath } from "./helpers.ts";

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

/** Routes whose answers are text the handler writes itself (Prometheus text, the docs page). */
const TEXT_ROUTES = new Set(["GET /metrics", "GET /docs"]);

it("writes every JSON answer of every route, errors included, as JSON.stringify writes what was sent", async () => {
  const { app, model, routes } = buildApp({ modelPath });
  apps.push(app);
  const stringified = new WeakMap<object, string>();
  const answered: string[] = [];
  const differing: string[] = [];
  app.addHook("preSerialization", async (req, _reply, payload) => {
    stringified.set(req, JSON.stringify(payload));
    return payload;
  });
  app.addHook("onSend", async (req, reply, payload) => {
    const route = `${req.method} ${req.routeOptions.url ?? "(no route)"}`;
    const expected = stringified.get(req);
    answered.push(route);
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("application/json") && payload !== expected) differing.push(`${route} -> ${reply.statusCode}: ${String(payload)} instead of ${expected}`);
    return payload;
  });
  await model.load();
  const infer = `/v2/models/${SERVICE.name}/infer`;
  const post = (url: string, body: unknown) => app.inject({ method: "POST", url, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
  // every route that is not text, answered both ways where it can be (ready and not, known model and not)
  for (const url of ["/healthz", "/readyz", "/openapi.json", "/v2", "/v2/health/live", "/v2/health/ready", `/v2/models/${SERVICE.name}`, `/v2/models/${SERVICE.name}/ready`, "/v2/models/nope", "/v2/models/nope/ready", "/nope"]) {
    await app.inject({ method: "GET", url });
  }
  for (const g of goldens) await post("/predict", g.request);
  for (const inputs of fillInputs()) await post(infer, { inputs: [inputs] });
  for (const c of BAD) await post(c.route, c.body);
  // Fastify's own errors: a body that is not JSON, a content type it does not take
  await app.inject({ method: "POST", url: "/predict", headers: { "content-type": "application/json" }, payload: "{" });
  await app.inject({ method: "POST", url: "/predict", headers: { "content-type": "application/xml" }, payload: "<a/>" });
  expect(differing).toEqual([]);
  const asked = new Set(answered);
  const jsonRoutes = routes.filter((r) => !r.startsWith("HEAD ") && !TEXT_ROUTES.has(r));
  expect(jsonRoutes.filter((r) => !asked.has(r))).toEqual([]);
  expect(asked.has("GET (no route)") || asked.has("GET /*")).toBe(true);
});
