// The request validators precompiled by the build (src/generated/validators.ts, served by src/validators.ts): every
// route's validator comes from there, they answer every bad body byte for byte as ajv compiled at start does, and a
// route whose schema changed since the build is validated by its new schema (ajv, loaded then). The bundle's start
// without ajv: test/bundle-without-ajv.test.ts.
import { afterEach, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { SERVICE } from "../src/generated/service.ts";
import { VALIDATORS } from "../src/generated/validators.ts";
import { precompiledValidators, type RouteSchema, type ValidatorSource } from "../src/validators.ts";
import { answers, BAD, good, infer } from "./bad-bodies.ts";

/** How every validator of an app was made, by `METHOD url part`. */
function recorder(): { sources: Map<string, ValidatorSource>; onCompile: (route: RouteSchema, source: ValidatorSource) => void } {
  const sources = new Map<string, ValidatorSource>();
  return { sources, onCompile: (route, source) => sources.set(`${String(route.method)} ${route.url} ${route.httpPart}`, source) };
}

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

it("serves every route's validators from the build, the inference route's lazily compiled one too", async () => {
  const { sources, onCompile } = recorder();
  const { app } = buildApp({ modelPath: "", buildValidator: precompiledValidators(VALIDATORS, onCompile) });
  apps.push(app);
  await app.ready();
  // the inference route's validator is made on its first request
  await app.inject({ method: "POST", url: infer, payload: {} });
  expect(Object.fromEntries(sources)).toMatchObject({ "POST /predict body": "precompiled", [`POST /v2/models/:model_name/infer body`]: "precompiled" });
  expect([...sources].filter(([, s]) => s !== "precompiled")).toEqual([]);
});

it("answers every bad body byte for byte as ajv compiled at start does", async () => {
  const { sources, onCompile } = recorder();
  const precompiled = await answers({ modelPath: "", buildValidator: precompiledValidators(VALIDATORS, onCompile) });
  const compiled = recorder();
  const ajv = await answers({ modelPath: "", buildValidator: precompiledValidators([], compiled.onCompile) });
  expect([...sources.values()].every((s) => s === "precompiled") && [...compiled.sources.values()].every((s) => s === "ajv")).toBe(true);
  expect(precompiled.filter((a) => / -> 400 /.test(a)).length).toBeGreaterThan(BAD.length / 2);
  expect(precompiled).toEqual(ajv);
});

it("validates a route whose schema changed since the build by its new schema (compiled by ajv)", async () => {
  const { sources, onCompile } = recorder();
  const { app } = buildApp({ modelPath: "", buildValidator: precompiledValidators(VALIDATORS, onCompile) });
  apps.push(app);
  // as if the user had edited routes/predict.ts after the build: /predict now also requires a field "ticket"
  const changed = { allOf: [{ $ref: `${SERVICE.model.records ? "PredictBody" : "PredictRequest"}#` }], type: "object", required: ["ticket"] };
  app.addHook("onRoute", (r) => {
    if (r.url === "/predict" && r.schema) r.schema = { ...r.schema, body: changed };
  });
  const res = await app.inject({ method: "POST", url: "/predict", payload: good });
  expect(sources.get("POST /predict body")).toBe("ajv");
  expect(sources.get("GET /v2/models/:model_name params")).toBe("precompiled");
  expect(res.json()).toEqual({ error: 'missing required field "ticket"' });
  expect(res.statusCode).toBe(400);
});
