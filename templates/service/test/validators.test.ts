// The request validators precompiled by the build (src/generated/validators.ts, served by src/validators.ts): every
// route's validator comes from there, they answer every bad body byte for byte as ajv compiled at start does, a
// route whose schema changed since the build is validated by its new schema (ajv, loaded then), and the bundle starts,
// serves and validates without evaluating ajv at all.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, afterEach, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { VALIDATORS } from "../src/generated/validators.ts";
import { REQUEST_SCHEMA, SERVICE } from "../src/generated/service.ts";
import { precompiledValidators, type RouteSchema, type ValidatorSource } from "../src/validators.ts";
import { fillInputs, goldens, recordSchema, root, startBundle, type Child } from "./helpers.ts";

const infer = `/v2/models/${SERVICE.name}/infer`;
const record = recordSchema(REQUEST_SCHEMA);
const fields = Object.keys(record.properties);
const good: Record<string, unknown> = goldens[0]?.request ?? {};
const input = fillInputs()[0]!;

/** Bodies every validator must refuse the same way: of the wrong type, fields missing, unknown or of the wrong shape. */
const BAD: readonly { readonly route: string; readonly body: unknown }[] = [
  ...[{}, [], [{}], 1, "text", true, { nb2svc_unknown_field: 1 }, { ...good, nb2svc_unknown_field: 1 }].map((body) => ({ route: "/predict", body })),
  ...fields.flatMap((f) =>
    [null, "text", 1.5, [], [[]], ["text"], [[1, 2], [3]], {}].map((v) => ({ route: "/predict", body: { ...good, [f]: v } })),
  ),
  ...fields.map((f) => ({ route: "/predict", body: Object.fromEntries(Object.entries(good).filter(([k]) => k !== f)) })),
  ...[
    {},
    { inputs: [] },
    { inputs: {} },
    { inputs: [{}] },
    { inputs: [{ ...input, datatype: "NOPE" }] },
    { inputs: [{ ...input, shape: "1" }] },
    { inputs: [{ ...input, data: "x" }] },
    { inputs: [input], outputs: [{}] },
    { inputs: [input], extra: 1 },
    { inputs: [input], id: 1 },
    { inputs: [input], id: "\u{1F600}".repeat(300) },
  ].map((body) => ({ route: infer, body })),
];

/** How every validator of an app was made, by `METHOD url part`. */
function recorder(): { sources: Map<string, ValidatorSource>; onCompile: (route: RouteSchema, source: ValidatorSource) => void } {
  const sources = new Map<string, ValidatorSource>();
  return { sources, onCompile: (route, source) => sources.set(`${String(route.method)} ${route.url} ${route.httpPart}`, source) };
}

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function answers(opts: Parameters<typeof buildApp>[0]): Promise<string[]> {
  const { app } = buildApp(opts);
  apps.push(app);
  const out: string[] = [];
  for (const c of BAD) {
    const res = await app.inject({ method: "POST", url: c.route, headers: { "content-type": "application/json" }, payload: JSON.stringify(c.body) });
    out.push(`${c.route} ${JSON.stringify(c.body)} -> ${res.statusCode} ${res.body}`);
  }
  return out;
}

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

// the bundle with @fastify/ajv-compiler (and so ajv, which only it loads) replaced by a module that throws when loaded
const tmp = mkdtempSync(path.join(root, "dist-test-validators-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const throwing = path.join(tmp, "no-ajv.cjs");
writeFileSync(throwing, 'throw new Error("@fastify/ajv-compiler was loaded");\n');

/** dist/server.js bundled as `npm run build` does, into its own folder, without ajv; `validators` replaces the built ones. */
async function bundleWithoutAjv(name: string, validators?: string): Promise<string> {
  const outdir = path.join(tmp, name);
  const replace: esbuild.Plugin = {
    name: "validators",
    setup(build) {
      if (validators !== undefined) build.onLoad({ filter: /[\\/]generated[\\/]validators\.ts$/ }, () => ({ contents: validators, loader: "ts" }));
    },
  };
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { build: string } };
  const banner = /--banner:js="([^"]+)"/.exec(pkg.scripts.build)![1]!;
  await esbuild.build({
    entryPoints: [path.join(root, "src", "server.ts")],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["onnxruntime-node"],
    splitting: true,
    outdir,
    banner: { js: banner },
    alias: { "@fastify/ajv-compiler": throwing },
    plugins: [replace],
    logLevel: "silent",
  });
  return path.join(outdir, "server.js");
}

let running: Child | null = null;
afterEach(() => {
  running?.child.kill("SIGKILL");
  running = null;
});

it("the bundle starts, serves and refuses bad bodies without loading ajv", async () => {
  const server = await bundleWithoutAjv("precompiled");
  running = await startBundle({ WORKERS: "1", MODEL_PATH: path.join(root, "model", SERVICE.model.file) }, server);
  const post = (route: string, body: unknown) => fetch(running!.url + route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect((await post("/predict", good)).status).toBe(200);
  // the answers of an app whose validators ajv compiled at start (this process has ajv), for the bad bodies that are
  // refused by validation (the others reach the model, which this process has not loaded)
  const expected = (await answers({ modelPath: "", buildValidator: precompiledValidators([]) })).filter((a) => / -> 400 /.test(a));
  expect(expected.length).toBeGreaterThan(BAD.length / 2);
  const served: string[] = [];
  for (const c of BAD) {
    const res = await post(c.route, c.body);
    const line = `${c.route} ${JSON.stringify(c.body)} -> ${res.status} ${await res.text()}`;
    if (res.status === 400) served.push(line);
  }
  expect(served).toEqual(expected);
  running.child.kill("SIGTERM");
  expect(await running.exited).toBe(0);
});

it("and the same bundle without the precompiled validators does load ajv (so that check can fail)", async () => {
  const server = await bundleWithoutAjv("none", "export const VALIDATORS = [];\n");
  const child = spawn(process.execPath, [server], { env: { ...process.env, HOST: "127.0.0.1", PORT: "0", WORKERS: "1", MODEL_PATH: path.join(root, "model", SERVICE.model.file) } });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  await new Promise((resolve) => child.on("close", resolve));
  const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { msg?: string; reason?: string });
  expect(lines.find((l) => l.msg === "cannot start")?.reason).toMatch(/@fastify\/ajv-compiler was loaded/);
  expect(lines.some((l) => l.msg === "listening")).toBe(false);
});
