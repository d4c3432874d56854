// The bundle as `npm run build` makes it, with @fastify/ajv-compiler (and so ajv, which only it loads) replaced by a
// module that throws when loaded: with the precompiled validators (src/generated/validators.ts) it starts, serves and
// answers every bad body as ajv compiled at start does; without them it cannot start, so the check can fail. Fastify's
// serializer compiler (fast-json-stringify) throws too: the app gives its own (src/app.ts), so no response serializer
// is compiled at start.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, afterEach, expect, it } from "vitest";
import { SERVICE } from "../src/generated/service.ts";
import { precompiledValidators } from "../src/validators.ts";
import { root, startBundle, type Child } from "./helpers.ts";
import { answers, BAD, good } from "./bad-bodies.ts";

// the bundle with @fastify/ajv-compiler (and so ajv, which only it loads) replaced by a module that throws when loaded
const tmp = mkdtempSync(path.join(root, "dist-test-validators-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const throwing = path.join(tmp, "no-ajv.cjs");
writeFileSync(throwing, 'throw new Error("@fastify/ajv-compiler was loaded");\n');
// Fastify's serializer compiler and the compiler itself (not fast-json-stringify/lib/serializer, the small runtime that
// Fastify's own precompiled error serializer requires)
const throwingSerializer = path.join(tmp, "no-fast-json-stringify.cjs");
writeFileSync(throwingSerializer, 'throw new Error("fast-json-stringify was loaded");\n');

/**
 * dist/server.js and the app's script (app.cjs, which it loads) bundled as `npm run build` does, into their own folder,
 * without ajv; `validators` replaces the built ones. No code cache: the app is compiled at start.
 */
async function bundleWithoutAjv(name: string, validators?: string): Promise<string> {
  const outdir = path.join(tmp, name);
  const replace: esbuild.Plugin = {
    name: "without-compilers",
    setup(build) {
      build.onResolve({ filter: /^(@fastify\/fast-json-stringify-compiler|fast-json-stringify)$/ }, () => ({ path: throwingSerializer }));
      if (validators !== undefined) build.onLoad({ filter: /[\\/]generated[\\/]validators\.ts$/ }, () => ({ contents: validators, loader: "ts" }));
    },
  };
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { build: string } };
  // both CommonJS, with the banner and the define of import.meta.url the build script gives them
  const banner = /--banner:js="([^"]+)"/.exec(pkg.scripts.build)![1]!;
  const importMetaUrl = /--define:import\.meta\.url=(\S+)/.exec(pkg.scripts.build)![1]!;
  const common: esbuild.BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["onnxruntime-node"],
    banner: { js: banner },
    define: { "import.meta.url": importMetaUrl },
    logLevel: "silent",
  };
  // the app's script, where the validators and Fastify's compiler are; then the server, which loads it
  await esbuild.build({ ...common, entryPoints: [path.join(root, "src", "app.ts")], outfile: path.join(outdir, "app.cjs"), alias: { "@fastify/ajv-compiler": throwing }, plugins: [replace] });
  await esbuild.build({ ...common, entryPoints: [path.join(root, "src", "server.ts")], outfile: path.join(outdir, "server.js") });
  copyFileSync(path.join(root, "dist", "package.json"), path.join(outdir, "package.json"));
  return path.join(outdir, "server.js");
}

let running: Child | null = null;
afterEach(() => {
  running?.child.kill("SIGKILL");
  running = null;
});

it("the bundle starts, serves and refuses bad bodies without loading ajv or fast-json-stringify", async () => {
  const server = await bundleWithoutAjv("precompiled");
  running = await startBundle({ WORKERS: "1", MODEL_PATH: path.join(root, "model", SERVICE.model.file) }, server);
  const post = (route: string, body: unknown) => fetch(running!.url + route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect((await post("/predict", good)).status).toBe(200);
  // the answers of an app whose validators ajv compiled at start (this process has ajv), for the bad bodies that it
  // refuses by validation: the others reach the handler, where this app, whose model is not loaded, answers 503
  const expected = (await answers({ modelPath: "", buildValidator: precompiledValidators([]) })).filter((a) => / -> 400 /.test(a));
  expect(expected.length).toBeGreaterThan(BAD.length / 2);
  const refused = new Set(expected.map((a) => a.slice(0, a.lastIndexOf(" -> 400 "))));
  const served: string[] = [];
  for (const c of BAD) {
    const sent = `${c.route} ${JSON.stringify(c.body)}`;
    if (!refused.has(sent)) continue;
    const res = await post(c.route, c.body);
    served.push(`${sent} -> ${res.status} ${await res.text()}`);
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
