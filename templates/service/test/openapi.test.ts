// The OpenAPI document tells the truth: @fastify/swagger builds it from the routes' own schemas; it is the one served at
// /openapi.json and written to openapi.json by `npm run build`, every route the app has is described in it, and real answers (every success and every error status it documents) have the
// documented content type and validate against the documented schema (JSON Schema 2020-12, ajv).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { curlLine, type OpenApiDocument } from "../src/docs.ts";

const run = promisify(execFile);
import { SERVICE } from "../src/generated/service.ts";
import { ControlledRunner, goldens, modelPath, root, settingsWith, startService, until, type Response, type Running, fillInputs, openapiDocument } from "./helpers.ts";

const OPENAPI = await openapiDocument();

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "openapi.json", components: OPENAPI.components ?? {} });

const documented = Object.entries(OPENAPI.paths).flatMap(([p, methods]) =>
  Object.entries(methods).flatMap(([method, op]) => Object.keys(op.responses).map((status) => ({ path: p, method, op, status }))),
);
const checked = new Set<string>();

/** Checks a real answer against the document and records that (operation, status) as covered. */
function conforms(operationId: string, res: Response): void {
  const entry = documented.find((d) => d.op.operationId === operationId && d.status === String(res.status));
  expect(entry, `${operationId} answered ${res.status}, which the document does not list: ${res.text.slice(0, 200)}`).toBeDefined();
  const doc = entry!.op.responses[entry!.status]!;
  const [type, content] = Object.entries(doc.content ?? {})[0]!;
  expect(res.headers.get("content-type") ?? "").toContain(type);
  if (type === "application/json") {
    const ref = (content.schema as { $ref?: string }).$ref;
    const validate = ajv.compile(ref ? { $ref: `openapi.json${ref}` } : (content.schema as object));
    expect(validate(res.body), `${operationId} ${res.status}: ${ajv.errorsText(validate.errors)} in ${res.text.slice(0, 300)}`).toBe(true);
  }
  if (doc.headers?.["Retry-After"]) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  checked.add(`${operationId} ${res.status}`);
}

const model = SERVICE.name;
const infer = `/v2/models/${model}/infer`;
const zeros = () => ({ inputs: fillInputs() });

let ready: Running;
let loading: Running;
let held: Running;
let runner!: ControlledRunner;
beforeAll(async () => {
  ready = await startService({ settings: settingsWith({ bodyLimitBytes: 4096 }) });
  loading = await startService({ load: false });
  held = await startService({ runner: (m) => (runner = new ControlledRunner(m)), settings: settingsWith({ requestTimeoutMs: 20, batching: { maxQueueRows: 1, maxDelayMs: 0 } }) });
});
afterAll(async () => {
  await Promise.all([ready, loading, held].map((s) => s?.close()));
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, served at /openapi.json, and the same as openapi.json", async () => {
    expect(OPENAPI.openapi).toBe("3.1.0");
    const served = await ready.get("/openapi.json");
    expect(served.body).toEqual(JSON.parse(readFileSync(path.join(root, "openapi.json"), "utf8")));
    conforms("openapi", served);
  });

  it("is the same when the server builds it on first request (without @fastify/swagger at start)", async () => {
    // what src/server.ts runs: the document is built from a second app when first asked for
    const lazy = await startService({ load: false, openapi: "lazy" });
    try {
      const [a, b] = await Promise.all([lazy.get("/openapi.json"), lazy.get("/openapi.json")]);
      expect(a.status).toBe(200);
      expect(a.body).toEqual(JSON.parse(readFileSync(path.join(root, "openapi.json"), "utf8")));
      expect(b.body).toEqual(a.body);
      expect(typeof (lazy.app as { swagger?: unknown }).swagger).toBe("undefined");
      const page = await lazy.get("/docs");
      expect(page.status).toBe(200);
      expect(page.text).toBe((await ready.get("/docs")).text);
    } finally {
      await lazy.close();
    }
  });

  it("is not in the serving (lazy) app's routes, which answer without looking for a response serializer", async () => {
    /** The schema each route answered with, by `METHOD /route`, in an app that records it. */
    const routeSchemas = async (openapi: "at start" | "lazy") => {
      const { app } = buildApp({ modelPath, openapi });
      const seen = new Map<string, { body?: unknown; response?: unknown } | undefined>();
      app.addHook("onRequest", (req, _reply, done) => {
        seen.set(`${req.method} ${req.routeOptions.url}`, req.routeOptions.schema);
        done();
      });
      try {
        for (const url of ["/healthz", "/v2", "/openapi.json"]) {
          for (const method of ["GET", "HEAD"] as const) expect((await app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(200);
        }
        const bad = await app.inject({ method: "POST", url: "/predict", headers: { "content-type": "application/json" }, payload: "[]" });
        expect(bad.statusCode).toBe(400);
        return { seen, document: (await app.inject({ method: "GET", url: "/openapi.json" })).json<OpenApiDocument>() };
      } finally {
        await app.close();
      }
    };
    const lazy = await routeSchemas("lazy");
    const atStart = await routeSchemas("at start");
    expect([...lazy.seen.keys()].sort()).toEqual([...atStart.seen.keys()].sort());
    expect(lazy.seen.size).toBe(7);
    for (const [route, schema] of lazy.seen) {
      expect(schema, route).toBeDefined();
      expect(schema?.response, route).toBeUndefined();
      // the app that publishes the document keeps them
      expect(atStart.seen.get(route)?.response, route).toBeDefined();
    }
    // what is validated stays
    expect(lazy.seen.get("POST /predict")?.body).toBeDefined();
    expect(Object.keys(lazy.document.paths["/predict"]!.post!.responses)).toEqual(expect.arrayContaining(["200", "400"]));
    expect(lazy.document).toEqual(atStart.document);
  });

  it("describes every route the app serves: an operation id, a summary, each response", async () => {
    for (const d of documented) {
      expect(d.op.operationId, `${d.method} ${d.path}`).toMatch(/^\w+$/);
      expect(d.op.summary, d.op.operationId).not.toBe("");
      expect(d.op.responses[d.status]!.description, `${d.op.operationId} ${d.status}`).not.toBe("Default Response");
    }
    const { app, routes } = buildApp({ modelPath });
    await app.close();
    const served = routes.filter((r) => !r.startsWith("HEAD ")).map((r) => r.replace(/:(\w+)/g, "{$1}"));
    const listed = documented.map((d) => `${d.method.toUpperCase()} ${d.path}`);
    expect([...new Set(served)].sort()).toEqual([...new Set(listed)].sort());
  });

  it("is shown at /docs as a page without scripts, naming every operation", async () => {
    const res = await ready.get("/docs");
    conforms("docs", res);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.text).not.toMatch(/<script/i);
    for (const d of documented) expect(res.text).toContain(`op-${d.op.operationId}`);
  });

  it("gives every route a curl line that works when pasted (here with the test's port)", async () => {
    const page = (await ready.get("/docs")).text;
    const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    for (const d of new Map(documented.map((x) => [x.op.operationId, x])).values()) {
      const line = curlLine(d.path, d.method, d.op);
      expect(page).toContain(`<pre class="curl">${line.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`);
      expect(unescape(page)).toContain(line);
      const pasted = line.replace(`localhost:${SERVICE.port}`, ready.url.replace(/^http:\/\//, ""));
      // asynchronously: the service answers from this same process
      const { stdout: status } = await run("sh", ["-c", `${pasted} -m 10 -o /dev/null -w '%{http_code}'`], { encoding: "utf8" });
      expect(status, pasted).toBe("200");
    }
  });
});

describe("real answers conform to the document", () => {
  it("successes", async () => {
    for (const g of goldens) conforms("predict", await ready.post("/predict", g.request));
    conforms("healthz", await ready.get("/healthz"));
    conforms("readyz", await ready.get("/readyz"));
    conforms("metrics", await ready.get("/metrics"));
    conforms("serverMetadata", await ready.get("/v2"));
    conforms("serverLive", await ready.get("/v2/health/live"));
    conforms("serverReady", await ready.get("/v2/health/ready"));
    conforms("modelMetadata", await ready.get(`/v2/models/${model}`));
    conforms("modelReady", await ready.get(`/v2/models/${model}/ready`));
    conforms("modelInfer", await ready.post(infer, { id: "7", ...zeros() }));
  });

  it("client errors: 400, 404, 413, 415", async () => {
    const big = "x".repeat(8192);
    for (const [op, route, good] of [
      ["predict", "/predict", goldens[0]!.request],
      ["modelInfer", infer, zeros()],
    ] as const) {
      conforms(op, await ready.post(route, { ...good, bogus: { nested: true } }));
      conforms(op, await ready.post(route, "{not json"));
      conforms(op, await ready.post(route, JSON.stringify({ ...good, big })));
      conforms(op, await ready.post(route, "a=1", { "content-type": "application/x-www-form-urlencoded" }));
    }
    conforms("modelInfer", await ready.post(infer, { inputs: [{ name: "nope", shape: [1], datatype: "FP32", data: [0] }] }));
    conforms("modelInfer", await ready.post("/v2/models/other/infer", zeros()));
    conforms("modelMetadata", await ready.get("/v2/models/other"));
    conforms("modelReady", await ready.get("/v2/models/other/ready"));
  });

  it("not ready: 503", async () => {
    conforms("readyz", await loading.get("/readyz"));
    conforms("serverReady", await loading.get("/v2/health/ready"));
    conforms("modelReady", await loading.get(`/v2/models/${model}/ready`));
    conforms("predict", await loading.post("/predict", goldens[0]!.request));
    conforms("modelInfer", await loading.post(infer, zeros()));
  });

  it("queue full (503), waited too long (504), a fault (500)", async () => {
    runner.hold();
    const first = held.post("/predict", goldens[0]!.request);
    await until(() => runner.runs === 1, "the first run");
    const late = held.post(infer, zeros());
    await until(() => held.batcher.waitingRows === 1, "a queued request");
    conforms("predict", await held.post("/predict", goldens[0]!.request));
    await new Promise((r) => setTimeout(r, 60)); // past the queued request's 20 ms deadline
    runner.release();
    conforms("predict", await first);
    conforms("modelInfer", await late);
    runner.failing = true;
    conforms("predict", await held.post("/predict", goldens[0]!.request));
    conforms("modelInfer", await held.post(infer, zeros()));
    runner.failing = false;
    // predict's 504 and infer's queue-full 503, the other way round
    runner.hold();
    const first2 = held.post(infer, zeros());
    await until(() => runner.runs === 4, "the next run");
    const late2 = held.post("/predict", goldens[0]!.request);
    await until(() => held.batcher.waitingRows === 1, "a queued request");
    conforms("modelInfer", await held.post(infer, zeros()));
    await new Promise((r) => setTimeout(r, 60));
    runner.release();
    conforms("modelInfer", await first2);
    conforms("predict", await late2);
  });

  it("every documented status of every route was checked", () => {
    const missing = documented.map((d) => `${d.op.operationId} ${d.status}`).filter((k) => !checked.has(k));
    expect(missing).toEqual([]);
  });
});
